//! Connection profiles end to end: `[profiles.NAME]` parsing, their place among the layers,
//! validation naming the profile, the secret's three sources, saving and removing from the
//! connect screen (comments kept, secret files private), and `lazyentra profiles` /
//! `lazyentra config --profile` from the real binary.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use lazyentra::config::write::{self, CredentialChange, ProfileChange};
use lazyentra::config::{
    CliOverrides, ConfigError, Origin, ProfileSource, Profiles, SecretSource, Settings, Sources,
};
use secrecy::{ExposeSecret as _, SecretString};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const OTHER_CLIENT: &str = "1f0e5a7c-2b4d-4c8e-9a61-3d5f7b9e0a12";
const SECRET: &str = "Xy8Q~s3cr3t-value-that-must-never-show";

const FILE: &str = r#"# Ana's lazyentra settings
tenant_id = "contoso.onmicrosoft.com"   # production
client_id = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
page_size = 500

[profiles.contoso]
# the production tenant, read-write
tenant_id = "contoso.onmicrosoft.com"
client_id = "1f0e5a7c-2b4d-4c8e-9a61-3d5f7b9e0a12"
client_secret_env = "CONTOSO_SECRET"
color = "red"

[profiles.fabrikam]
tenant_id = "fabrikam.onmicrosoft.com"
client_id = "1f0e5a7c-2b4d-4c8e-9a61-3d5f7b9e0a12"
client_secret_env = "FABRIKAM_SECRET"
read_only = true
"#;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A config home with `lazyentra/config.toml` holding `text`, private to its owner.
fn config_home(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let file = file_in(dir.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    chmod(&file, 0o600);
    dir
}

fn file_in(dir: &Path) -> PathBuf {
    dir.join("lazyentra").join("config.toml")
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn sources(home: &Path, vars: &[(&str, &str)], cli: CliOverrides) -> Sources {
    Sources {
        file: None,
        env: env(vars),
        cli,
        user_config_dir: Some(home.to_owned()),
    }
}

fn profile(name: &str) -> CliOverrides {
    CliOverrides {
        profile: Some(name.to_owned()),
        ..CliOverrides::default()
    }
}

fn load(s: &Sources) -> Settings {
    Settings::load_from(s).unwrap_or_else(|e| panic!("load failed:\n{e}"))
}

fn load_err(s: &Sources) -> ConfigError {
    match Settings::load_from(s) {
        Ok(s) => panic!("expected an error, got {s:?}"),
        Err(e) => e,
    }
}

fn lines(e: &ConfigError) -> Vec<String> {
    e.problems().iter().map(|p| p.message.clone()).collect()
}

#[test]
fn profiles_are_listed_in_file_order_after_the_top_level() {
    let home = config_home(FILE);
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let names: Vec<(&str, &ProfileSource)> = profiles
        .entries
        .iter()
        .map(|e| (e.name.as_str(), &e.source))
        .collect();
    assert_eq!(
        names,
        [
            ("default", &ProfileSource::TopLevel),
            ("contoso", &ProfileSource::File),
            ("fabrikam", &ProfileSource::File),
        ]
    );
    let contoso = profiles.entries[1].settings.as_ref().unwrap();
    assert_eq!(contoso.profile.as_deref(), Some("contoso"));
    assert_eq!(contoso.client_id.as_deref(), Some(OTHER_CLIENT));
    assert_eq!(contoso.color, Some(ratatui::style::Color::Red));
    // Inherited from the top level: page_size.
    assert_eq!(contoso.page_size, 500);
    let file = file_in(home.path());
    assert_eq!(
        contoso.origin("page_size"),
        Some(&Origin::File(file.clone()))
    );
    assert_eq!(
        contoso.origin("client_id"),
        Some(&Origin::Profile {
            path: file,
            name: "contoso".into()
        })
    );
}

#[test]
fn without_a_tenant_at_the_top_only_the_profiles_are_listed() {
    let home = config_home("[profiles.a]\ntenant_id = \"a.example.com\"\n");
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let names: Vec<&str> = profiles.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["a"]);
    // With no profiles at all, the top level is the one row, as before profiles.
    let home = config_home("page_size = 5\n");
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let names: Vec<&str> = profiles.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["default"]);
}

#[test]
fn a_profile_wins_over_the_environment_and_the_file_and_flags_win_over_it() {
    let home = config_home(
        r#"tenant_id = "top.example.com"
page_size = 100
[profiles.p]
tenant_id = "profile.example.com"
read_only = true
"#,
    );
    let vars = [
        ("AZURE_TENANT_ID", "azure.example.com"),
        ("LAZYENTRA_TENANT_ID", "lazyentra.example.com"),
        ("LAZYENTRA_PAGE_SIZE", "200"),
        ("LAZYENTRA_READ_ONLY", "false"),
    ];
    let s = load(&sources(home.path(), &vars, profile("p")));
    assert_eq!(s.tenant_id.as_deref(), Some("profile.example.com"));
    assert!(
        s.read_only,
        "the profile's read_only beats LAZYENTRA_READ_ONLY"
    );
    // What the profile does not set: the environment over the file's top level.
    assert_eq!(s.page_size, 200);
    assert_eq!(
        s.origin("page_size"),
        Some(&Origin::Env("LAZYENTRA_PAGE_SIZE".into()))
    );
    // Flags win over the profile.
    let flags = CliOverrides {
        tenant_id: Some("flag.example.com".into()),
        page_size: Some(7),
        ..profile("p")
    };
    let s = load(&sources(home.path(), &vars, flags));
    assert_eq!(s.tenant_id.as_deref(), Some("flag.example.com"));
    assert_eq!(s.page_size, 7);
    // Without --profile the top level stays as it was: the environment over the file.
    let s = load(&sources(home.path(), &vars, CliOverrides::default()));
    assert_eq!(s.tenant_id.as_deref(), Some("lazyentra.example.com"));
    assert!(s.profile.is_none());
}

#[test]
fn lazyentra_profile_chooses_one_and_the_flag_wins_over_it() {
    let home = config_home(FILE);
    let vars = [("LAZYENTRA_PROFILE", "fabrikam")];
    let s = load(&sources(home.path(), &vars, CliOverrides::default()));
    assert_eq!(s.profile.as_deref(), Some("fabrikam"));
    let s = load(&sources(home.path(), &vars, profile("contoso")));
    assert_eq!(s.profile.as_deref(), Some("contoso"));
    let s = load(&sources(home.path(), &vars, profile("default")));
    assert_eq!(s.profile, None);
}

#[test]
fn a_profile_with_its_own_app_never_takes_the_environments_secret() {
    let home = config_home(FILE);
    let vars = [
        ("AZURE_CLIENT_SECRET", SECRET),
        ("AZURE_CLIENT_CERTIFICATE_PATH", "/elsewhere.pem"),
    ];
    let s = load(&sources(home.path(), &vars, profile("fabrikam")));
    assert!(s.client_secret.is_none());
    assert!(s.client_certificate_path.is_none());
    assert_eq!(s.readiness(), "missing client secret (set FABRIKAM_SECRET)");
    let e = s.client_config().unwrap_err();
    assert!(
        lines(&e)[0].contains("client_secret_env names FABRIKAM_SECRET, which is not set"),
        "{e}"
    );
    // A profile that names only a tenant uses the app and secret below it: one multi-tenant
    // app consented in several tenants.
    let home = config_home("[profiles.t]\ntenant_id = \"other.example.com\"\n");
    let vars = [("AZURE_CLIENT_ID", CLIENT), ("AZURE_CLIENT_SECRET", SECRET)];
    let s = load(&sources(home.path(), &vars, profile("t")));
    assert_eq!(s.client_id.as_deref(), Some(CLIENT));
    assert_eq!(s.client_secret.as_ref().unwrap().expose_secret(), SECRET);
    assert_eq!(s.readiness(), "ready");
}

#[test]
fn the_secret_from_a_variable_the_profile_names() {
    let home = config_home(FILE);
    let s = load(&sources(
        home.path(),
        &[("CONTOSO_SECRET", SECRET)],
        profile("contoso"),
    ));
    assert_eq!(s.client_secret.as_ref().unwrap().expose_secret(), SECRET);
    assert_eq!(
        s.secret_source,
        Some(SecretSource::Env("CONTOSO_SECRET".into()))
    );
    assert_eq!(s.credential_text(), "client secret from CONTOSO_SECRET");
    let report = s.report();
    assert!(
        report.contains("client_secret_env      = CONTOSO_SECRET (set)"),
        "{report}"
    );
    assert!(!report.contains(SECRET), "{report}");
}

#[cfg(unix)]
#[test]
fn the_secret_from_a_file_only_its_owner_can_read() {
    let secret_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret_file.path(), format!("{SECRET}\n")).unwrap();
    chmod(secret_file.path(), 0o600);
    let home = config_home(&format!(
        "[profiles.f]\ntenant_id = \"{TENANT}\"\nclient_id = \"{CLIENT}\"\nclient_secret_file = \"{}\"\n",
        secret_file.path().display()
    ));
    let s = load(&sources(home.path(), &[], profile("f")));
    assert_eq!(s.client_secret.as_ref().unwrap().expose_secret(), SECRET);
    assert_eq!(s.readiness(), "ready");

    chmod(secret_file.path(), 0o644);
    let s = load(&sources(home.path(), &[], profile("f")));
    assert!(s.client_secret.is_none());
    let why = lines(&s.client_config().unwrap_err()).join("\n");
    assert!(why.contains("can be read by other users"), "{why}");
    assert!(
        why.contains(&format!("chmod 600 {}", secret_file.path().display())),
        "{why}"
    );

    std::fs::remove_file(secret_file.path()).unwrap();
    let s = load(&sources(home.path(), &[], profile("f")));
    let why = lines(&s.client_config().unwrap_err()).join("\n");
    assert!(why.contains("does not exist"), "{why}");
}

#[cfg(unix)]
#[test]
fn a_secret_written_in_a_profile_is_used_only_if_others_cannot_read_the_file() {
    let text = format!(
        "[profiles.inline]\ntenant_id = \"{TENANT}\"\nclient_id = \"{CLIENT}\"\nclient_secret = \"{SECRET}\"\n"
    );
    let home = config_home(&text);
    let s = load(&sources(home.path(), &[], profile("inline")));
    assert_eq!(s.client_secret.as_ref().unwrap().expose_secret(), SECRET);

    chmod(&file_in(home.path()), 0o644);
    let s = load(&sources(home.path(), &[], profile("inline")));
    assert!(s.client_secret.is_none());
    let why = lines(&s.client_config().unwrap_err()).join("\n");
    assert!(why.contains("other users can"), "{why}");
    assert!(why.contains("client_secret_env"), "{why}");
    assert!(!why.contains(SECRET), "{why}");
}

#[test]
fn invalid_settings_name_the_profile_and_do_not_stop_the_others() {
    let home = config_home(
        r#"[profiles.good]
tenant_id = "good.example.com"
[profiles.contoso]
tenant_id = "contoso"
page_size = 0
client_secret_env = "Xy8Q~pasted-the-secret"
"#,
    );
    let e = load_err(&sources(home.path(), &[], profile("contoso")));
    let lines = lines(&e);
    assert_eq!(
        lines[0],
        "[profiles.contoso] tenant_id = \"contoso\": must be a tenant ID (a GUID like \
         00000000-0000-0000-0000-000000000000) or a domain name like contoso.onmicrosoft.com"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "[profiles.contoso] client_secret_env: must be the name of an environment variable"
        )),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("pasted-the-secret")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l
            .starts_with("[profiles.contoso] page_size = 0: must be a whole number from 1 to 999")),
        "{lines:?}"
    );
    // Listing all of them: the invalid one is listed with its problems.
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let contoso = profiles
        .entries
        .iter()
        .find(|e| e.name == "contoso")
        .unwrap();
    assert!(contoso.settings.is_err());
    let report = profiles.report();
    assert!(
        report.contains("contoso: invalid settings\n  [profiles.contoso] tenant_id"),
        "{report}"
    );
    // Choosing it stops loading, as invalid top-level settings do.
    assert!(Profiles::load_from(&sources(home.path(), &[], profile("contoso"))).is_err());
}

#[test]
fn unknown_keys_in_a_profile_are_warnings_with_a_suggestion() {
    let home = config_home(
        "[profiles.p]\ntenant_idd = \"x\"\nclient_secert_env = \"X\"\n[profiles.p.keys]\nquit = \"Q\"\n",
    );
    let s = load(&sources(home.path(), &[], profile("p")));
    let file = file_in(home.path()).display().to_string();
    assert!(
        s.warnings.contains(&format!(
            "{file}: [profiles.p] unknown setting `client_secert_env` ignored (did you mean `client_secret_env`?)"
        )),
        "{:?}",
        s.warnings
    );
    assert!(s.warnings.iter().any(|w| w.contains("unknown setting `tenant_idd` ignored (did you mean `tenant_id`?)")));
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("[profiles.p] keys ignored"))
    );
}

#[test]
fn a_missing_profile_names_the_ones_there_are() {
    let home = config_home(FILE);
    let e = load_err(&sources(home.path(), &[], profile("northwind")));
    assert_eq!(
        lines(&e),
        [format!(
            "no profile `northwind` in {} (its profiles: contoso, fabrikam)",
            file_in(home.path()).display()
        )]
    );
    let home = config_home("[profiles.\"my tenant\"]\n[profiles.default]\n");
    let e = load_err(&sources(home.path(), &[], profile("my tenant")));
    assert!(
        lines(&e)[0]
            .starts_with("[profiles.my tenant] profile name `my tenant` may hold only letters"),
        "{e}"
    );
    // `default` is the top level; a table of that name is listed as invalid.
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let table = profiles
        .entries
        .iter()
        .find(|e| e.source == ProfileSource::File && e.name == "default");
    let e = table.unwrap().settings.as_ref().unwrap_err();
    assert!(
        lines(e)[0].contains("is the name of the top-level settings"),
        "{e}"
    );
}

#[test]
fn one_layer_gives_the_secret_one_way_only() {
    let home = config_home(&format!(
        "[profiles.p]\ntenant_id = \"{TENANT}\"\nclient_secret_env = \"A\"\nclient_secret_file = \"/x\"\n"
    ));
    let e = load_err(&sources(home.path(), &[], profile("p")));
    assert!(
        lines(&e)[0]
            .contains("client_secret_env and client_secret_file are all set in [profiles.p]"),
        "{e}"
    );
}

#[test]
fn config_report_of_a_profile_says_where_each_value_comes_from() {
    let home = config_home(FILE);
    let file = file_in(home.path()).display().to_string();
    let s = load(&sources(
        home.path(),
        &[("FABRIKAM_SECRET", SECRET), ("LAZYENTRA_MAX_RETRIES", "2")],
        profile("fabrikam"),
    ));
    let report = s.report();
    for line in [
        "# profile: fabrikam ([profiles.fabrikam]; what it does not set comes from the layers below it)".to_owned(),
        format!("tenant_id              = fabrikam.onmicrosoft.com (from [profiles.fabrikam] in {file})"),
        format!("page_size              = 500 (from {file})"),
        "max_retries            = 2 (from LAZYENTRA_MAX_RETRIES)".to_owned(),
        "client_secret          = set (from FABRIKAM_SECRET)".to_owned(),
        "# sign-in: client secret from FABRIKAM_SECRET".to_owned(),
    ] {
        assert!(report.lines().any(|l| l == line), "missing {line:?} in\n{report}");
    }
    assert!(!report.contains(SECRET), "{report}");
}

#[cfg(unix)]
#[test]
fn saving_a_profile_keeps_the_files_comments_and_its_secret_private() {
    let home = config_home(FILE);
    let file = file_in(home.path());
    let secrets = home.path().join("lazyentra").join("secrets");
    let change = ProfileChange {
        name: "northwind".into(),
        is_new: true,
        tenant_id: Some("northwind.onmicrosoft.com".into()),
        client_id: Some(CLIENT.into()),
        read_only: Some(true),
        credential: CredentialChange::SavedSecret(SecretString::from(SECRET)),
    };
    let saved = write::save_profile(&file, &secrets, &change).unwrap();
    let secret_file = secrets.join("northwind");
    assert_eq!(saved.secret_file.as_ref(), Some(&secret_file));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(FILE),
        "the file as it was, then the profile:\n{text}"
    );
    assert!(text.contains("# the production tenant, read-write"));
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains(&format!(
        "client_secret_file = \"{}\"",
        secret_file.display()
    )));
    assert_eq!(mode(&file), 0o600, "the config file keeps its mode");
    assert_eq!(mode(&secret_file), 0o600);
    assert_eq!(mode(&secrets), 0o700);

    // It loads, with its secret, after a restart.
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let northwind = profiles
        .entries
        .iter()
        .find(|e| e.name == "northwind")
        .unwrap();
    let settings = northwind.settings.as_ref().unwrap();
    assert_eq!(
        settings.client_secret.as_ref().unwrap().expose_secret(),
        SECRET
    );
    assert!(settings.read_only);

    // Edit: the tenant only; everything else and the comments stay.
    let edit = ProfileChange {
        is_new: false,
        tenant_id: Some("northwind.com".into()),
        client_id: None,
        read_only: None,
        credential: CredentialChange::Keep,
        ..change
    };
    write::save_profile(&file, &secrets, &edit).unwrap();
    let edited = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        edited,
        text.replace("northwind.onmicrosoft.com", "northwind.com")
    );

    // Remove, with its secret file.
    write::remove_profile(&file, "northwind", Some(&secret_file)).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FILE);
    assert!(!secret_file.exists());
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_changes_nothing_and_says_what_to_do() {
    let home = config_home(FILE);
    let dir = home.path().join("lazyentra");
    let file = file_in(home.path());
    chmod(&dir, 0o500);
    let change = ProfileChange {
        name: "x".into(),
        is_new: true,
        tenant_id: Some(TENANT.into()),
        client_id: Some(CLIENT.into()),
        read_only: Some(false),
        credential: CredentialChange::SessionSecret(SecretString::from(SECRET)),
    };
    let result = write::save_profile(&file, &home.path().join("s"), &change);
    chmod(&dir, 0o700);
    // Root ignores the folder's mode; only where it applies is the refusal checked.
    match result {
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.starts_with(&format!("cannot write {}", file.display())),
                "{text}"
            );
            assert!(
                text.ends_with("nothing in the config file was changed"),
                "{text}"
            );
            assert_eq!(std::fs::read_to_string(&file).unwrap(), FILE);
        }
        Ok(_) => std::fs::write(&file, FILE).unwrap(),
    }
    // Where a folder should be there is a file: refused for root too.
    let blocked = home.path().join("not-a-folder");
    std::fs::write(&blocked, "").unwrap();
    let e = write::save_profile(
        &blocked.join("config.toml"),
        &home.path().join("s"),
        &change,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("cannot read "), "{e}");
    assert!(
        e.to_string()
            .ends_with("nothing in the config file was changed"),
        "{e}"
    );
    // A name that exists already.
    let taken = ProfileChange {
        name: "contoso".into(),
        ..change
    };
    let e = write::save_profile(&file, &home.path().join("s"), &taken).unwrap_err();
    assert!(
        e.to_string()
            .contains("already has a profile named contoso"),
        "{e}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FILE);
}

/// Runs the real binary with only `vars` in its environment.
fn run(home: &Path, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lazyentra"))
        .args(args)
        .env_clear()
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_STATE_HOME", home)
        .env("HOME", home)
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn lazyentra_profiles_lists_each_with_what_it_lacks() {
    let home = config_home(FILE);
    let (code, out, err) = run(home.path(), &["profiles"], &[("CONTOSO_SECRET", SECRET)]);
    assert_eq!(code, 0, "{err}");
    let file = file_in(home.path()).display().to_string();
    assert_eq!(
        out,
        format!(
            "# config file: {file}\n\
             default: missing client secret or certificate\n  \
             tenant contoso.onmicrosoft.com · app {CLIENT} · no credential · read-write\n\
             contoso: ready\n  \
             tenant contoso.onmicrosoft.com · app {OTHER_CLIENT} · client secret from CONTOSO_SECRET · read-write\n\
             fabrikam: missing client secret (set FABRIKAM_SECRET)\n  \
             tenant fabrikam.onmicrosoft.com · app {OTHER_CLIENT} · client secret from FABRIKAM_SECRET · read-only\n"
        )
    );
    assert!(!out.contains(SECRET));
}

#[test]
fn lazyentra_config_profile_shows_its_settings_and_refuses_an_unknown_one() {
    let home = config_home(FILE);
    let (code, out, err) = run(
        home.path(),
        &["config", "--profile", "contoso"],
        &[
            ("CONTOSO_SECRET", SECRET),
            ("AZURE_TENANT_ID", "elsewhere.example.com"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("# profile: contoso"), "{out}");
    assert!(
        out.contains(
            "tenant_id              = contoso.onmicrosoft.com (from [profiles.contoso] in"
        ),
        "{out}"
    );
    assert!(
        out.contains("client_secret          = set (from CONTOSO_SECRET)"),
        "{out}"
    );
    assert!(out.contains("color                  = red"), "{out}");
    assert!(!out.contains(SECRET), "{out}");
    let (code, _, err) = run(home.path(), &["--profile", "northwind", "config"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("lazyentra: no profile `northwind` in "),
        "{err}"
    );
    assert!(err.contains("(its profiles: contoso, fabrikam)"), "{err}");
}

#[test]
fn the_demo_is_profile_contoso_before_the_files_and_chosen() {
    let home = config_home("[profiles.lab]\ntenant_id = \"lab.example.com\"\n");
    let profiles =
        Profiles::load_from(&sources(home.path(), &[], CliOverrides::default())).unwrap();
    let url = url::Url::parse("http://127.0.0.1:8400").unwrap();
    let demo = profiles.with_demo("contoso", &url, TENANT, CLIENT, SECRET);
    let names: Vec<&str> = demo.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["contoso", "lab"]);
    assert_eq!(demo.chosen.as_deref(), Some("contoso"));
    let contoso = demo.entries[0].settings.as_ref().unwrap();
    assert_eq!(contoso.readiness(), "ready");
    assert_eq!(contoso.credential_text(), "client secret from demo");
    assert_eq!(demo.entries[0].source, ProfileSource::Demo);
}
