//! Settings loading end to end: layers and their precedence, provenance, validation, and the
//! secret never showing. Every test passes its own environment snapshot and temp directory.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lazyentra::config::{CliOverrides, Cloud, ConfigError, ConfigFile, Origin, Settings, Sources};
use lazyentra::graph::{ClientConfig, Credential};
use secrecy::ExposeSecret as _;
use url::Url;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const SECRET: &str = "Xy8Q~s3cr3t-value-that-must-never-show";

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A config home with `lazyentra/config.toml` holding `text`.
fn config_home(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lazyentra").join("config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
    dir
}

fn file_in(dir: &Path) -> PathBuf {
    dir.join("lazyentra").join("config.toml")
}

fn load(sources: &Sources) -> Settings {
    Settings::load_from(sources).unwrap_or_else(|e| panic!("load failed:\n{e}"))
}

fn load_err(sources: &Sources) -> ConfigError {
    match Settings::load_from(sources) {
        Ok(s) => panic!("expected an error, got {s:?}"),
        Err(e) => e,
    }
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "compared with a setting's Option<Origin>"
)]
fn env_origin(name: &str) -> Option<Origin> {
    Some(Origin::Env(name.to_owned()))
}

fn secret_of(c: &ClientConfig) -> &str {
    match &c.credential {
        Credential::Secret(secret) => secret.expose_secret(),
        Credential::Certificate(_) => panic!("a certificate, not a secret"),
    }
}

#[test]
fn built_in_defaults_apply_with_nothing_else() {
    let s = load(&Sources::default());
    assert_eq!(
        s.authority_host.as_str(),
        "https://login.microsoftonline.com/"
    );
    assert_eq!(s.graph_endpoint.as_str(), "https://graph.microsoft.com/");
    assert_eq!(s.page_size, 999);
    assert_eq!(s.request_timeout, Duration::from_secs(30));
    assert_eq!(s.max_retries, 4);
    assert_eq!(s.max_retry_wait, Duration::from_secs(120));
    assert!(!s.read_only);
    assert!(s.keys.is_empty());
    assert!(s.tenant_id.is_none() && s.client_id.is_none() && s.client_secret.is_none());
    assert_eq!(s.origin("page_size"), Some(&Origin::Default));
    assert_eq!(s.origin("tenant_id"), None);
    assert_eq!(s.config_file, ConfigFile::NoConfigDir);
    assert_eq!(Settings::default().report(), s.report());
}

#[test]
fn a_missing_default_file_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert_eq!(s.config_file, ConfigFile::Absent(file_in(home.path())));
}

#[test]
fn the_default_file_is_read_from_the_config_home() {
    let home = config_home("page_size = 250\nread_only = true\n");
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    let file = file_in(home.path());
    assert_eq!(s.page_size, 250);
    assert!(s.read_only);
    assert_eq!(s.origin("page_size"), Some(&Origin::File(file.clone())));
    assert_eq!(s.origin("request_timeout_secs"), Some(&Origin::Default));
    assert_eq!(s.config_file, ConfigFile::Found(file));
}

#[test]
fn layers_stack_default_file_azure_lazyentra_flag() {
    let other = "contoso.onmicrosoft.com";
    let home = config_home(
        "tenant_id = \"file.example.com\"
page_size = 10
",
    );
    let file = file_in(home.path());
    let mut sources = Sources {
        user_config_dir: Some(home.path().to_owned()),
        env: env(&[
            ("AZURE_TENANT_ID", "azure.example.com"),
            ("LAZYENTRA_TENANT_ID", other),
            ("LAZYENTRA_PAGE_SIZE", "20"),
        ]),
        cli: CliOverrides {
            tenant_id: Some(TENANT.to_owned()),
            page_size: Some(30),
            ..CliOverrides::default()
        },
        ..Sources::default()
    };

    let s = load(&sources);
    assert_eq!(s.tenant_id.as_deref(), Some(TENANT));
    assert_eq!(s.origin("tenant_id"), Some(&Origin::Flag("--tenant-id")));
    assert_eq!(
        (s.page_size, s.origin("page_size")),
        (30, Some(&Origin::Flag("--page-size")))
    );

    sources.cli = CliOverrides::default();
    let s = load(&sources);
    assert_eq!(s.tenant_id.as_deref(), Some(other));
    assert_eq!(
        s.origin("tenant_id"),
        env_origin("LAZYENTRA_TENANT_ID").as_ref()
    );
    assert_eq!(s.page_size, 20);

    sources.env.remove("LAZYENTRA_TENANT_ID");
    sources.env.remove("LAZYENTRA_PAGE_SIZE");
    let s = load(&sources);
    assert_eq!(s.tenant_id.as_deref(), Some("azure.example.com"));
    assert_eq!(
        s.origin("tenant_id"),
        env_origin("AZURE_TENANT_ID").as_ref()
    );
    assert_eq!(
        (s.page_size, s.origin("page_size")),
        (10, Some(&Origin::File(file.clone())))
    );

    sources.env.clear();
    let s = load(&sources);
    assert_eq!(s.tenant_id.as_deref(), Some("file.example.com"));
    assert_eq!(s.origin("tenant_id"), Some(&Origin::File(file)));
}

#[test]
fn azure_sdk_variables_set_credentials_and_authority() {
    let s = load(&Sources {
        env: env(&[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_CLIENT_SECRET", SECRET),
            ("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/"),
            ("LAZYENTRA_GRAPH_ENDPOINT", "https://graph.microsoft.us"),
        ]),
        ..Sources::default()
    });
    assert_eq!(s.client_id.as_deref(), Some(CLIENT));
    assert_eq!(s.client_secret.as_ref().unwrap().expose_secret(), SECRET);
    assert_eq!(
        s.authority_host.host_str(),
        Some("login.microsoftonline.us")
    );
    assert_eq!(s.graph_endpoint.host_str(), Some("graph.microsoft.us"));
    assert_eq!(
        s.origin("client_secret"),
        env_origin("AZURE_CLIENT_SECRET").as_ref()
    );
    assert_eq!(
        s.origin("graph_endpoint"),
        env_origin("LAZYENTRA_GRAPH_ENDPOINT").as_ref()
    );
}

#[test]
fn empty_variables_count_as_unset() {
    let home = config_home(&format!("client_secret = \"{SECRET}\"\n"));
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        env: env(&[("AZURE_CLIENT_SECRET", ""), ("LAZYENTRA_PAGE_SIZE", "")]),
        ..Sources::default()
    });
    assert_eq!(s.client_secret.as_ref().unwrap().expose_secret(), SECRET);
    assert_eq!(s.page_size, 999);
}

#[test]
fn read_only_from_variable_text_and_flag() {
    let s = load(&Sources {
        env: env(&[("LAZYENTRA_READ_ONLY", "yes")]),
        ..Sources::default()
    });
    assert!(s.read_only);
    let s = load(&Sources {
        cli: CliOverrides {
            read_only: true,
            ..CliOverrides::default()
        },
        ..Sources::default()
    });
    assert_eq!(
        (s.read_only, s.origin("read_only")),
        (true, Some(&Origin::Flag("--read-only")))
    );
}

#[test]
fn domains_from_the_file_or_a_variable_and_what_is_not_a_domain() {
    let home = config_home("domains = [\"Contoso.com\", \"contoso.onmicrosoft.com\"]\n");
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert_eq!(s.domains, ["contoso.com", "contoso.onmicrosoft.com"]);
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        env: env(&[(
            "LAZYENTRA_DOMAINS",
            "fabrikam.com, fabrikam.onmicrosoft.com",
        )]),
        ..Sources::default()
    });
    assert_eq!(s.domains, ["fabrikam.com", "fabrikam.onmicrosoft.com"]);
    assert_eq!(
        s.origin("domains"),
        env_origin("LAZYENTRA_DOMAINS").as_ref()
    );
    let e = load_err(&Sources {
        env: env(&[("LAZYENTRA_DOMAINS", "ada@contoso.com")]),
        ..Sources::default()
    });
    assert!(
        e.to_string()
            .contains("\"ada@contoso.com\" is not a domain name"),
        "{e}"
    );
    assert!(load(&Sources::default()).domains.is_empty());
}

#[test]
fn an_explicit_config_file_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let err = load_err(&Sources {
        file: Some(missing.clone()),
        ..Sources::default()
    });
    let text = err.to_string();
    assert!(text.contains(&missing.display().to_string()), "{text}");
    assert!(
        text.contains("--config") && text.contains("does not exist"),
        "{text}"
    );
}

#[test]
fn an_explicit_config_file_replaces_the_default_one() {
    let home = config_home("page_size = 1\n");
    let dir = tempfile::tempdir().unwrap();
    let explicit = dir.path().join("work.toml");
    std::fs::write(&explicit, "page_size = 999\n").unwrap();
    let s = load(&Sources {
        file: Some(explicit.clone()),
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert_eq!(s.page_size, 999);
    assert_eq!(s.config_file, ConfigFile::Explicit(explicit));
}

#[test]
fn malformed_toml_names_the_file_and_the_parser_message_on_one_line() {
    let home = config_home(&format!("client_secret = \"{SECRET}\"\npage_size = = 3\n"));
    let err = load_err(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    let text = err.to_string();
    assert_eq!(err.problems().len(), 1, "{text}");
    assert!(!text.contains('\n'), "{text}");
    assert!(
        text.contains(&file_in(home.path()).display().to_string()),
        "{text}"
    );
    assert!(text.contains("line 2"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}

#[test]
fn malformed_toml_on_the_secret_line_does_not_quote_it() {
    let home = config_home(&format!("client_secret = \"{SECRET}\n"));
    let err = load_err(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert!(!err.to_string().contains(SECRET), "{err}");
    assert!(!format!("{err:?}").contains(SECRET), "{err:?}");
}

#[test]
fn every_problem_is_reported_at_once_one_line_each() {
    let home = config_home(
        "tenant_id = \"not a tenant\"\nclient_id = \"1234\"\n\
         graph_endpoint = \"graph.microsoft.com\"\npage_size = 0\n",
    );
    let err = load_err(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        env: env(&[("LAZYENTRA_REQUEST_TIMEOUT_SECS", "0")]),
        ..Sources::default()
    });
    let keys: Vec<_> = err.problems().iter().map(|p| p.key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("tenant_id"),
            Some("client_id"),
            Some("graph_endpoint"),
            Some("page_size"),
            Some("request_timeout_secs")
        ]
    );
    let text = err.to_string();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.contains("tenant_id = \"not a tenant\""), "{text}");
    assert!(text.contains("GUID"), "{text}");
    assert!(text.contains("page_size = 0"), "{text}");
    assert!(text.contains("from 1 to 999"), "{text}");
    assert!(
        text.contains("(from LAZYENTRA_REQUEST_TIMEOUT_SECS)"),
        "{text}"
    );
}

#[test]
fn page_size_above_999_is_refused_with_its_source() {
    let err = load_err(&Sources {
        cli: CliOverrides {
            page_size: Some(1000),
            ..CliOverrides::default()
        },
        ..Sources::default()
    });
    assert_eq!(
        err.to_string(),
        "page_size = 1000 (from --page-size): must be a whole number from 1 to 999"
    );
}

#[test]
fn text_where_a_number_belongs_names_the_variable() {
    let err = load_err(&Sources {
        env: env(&[("LAZYENTRA_MAX_RETRIES", "lots")]),
        ..Sources::default()
    });
    let text = err.to_string();
    assert!(
        text.starts_with("max_retries = \"lots\" (from LAZYENTRA_MAX_RETRIES)"),
        "{text}"
    );
}

#[test]
fn multi_tenant_aliases_are_refused() {
    for alias in ["common", "consumers", "organizations"] {
        let err = load_err(&Sources {
            cli: CliOverrides {
                tenant_id: Some(alias.to_owned()),
                ..CliOverrides::default()
            },
            ..Sources::default()
        });
        assert!(err.to_string().contains("specific tenant"), "{err}");
    }
}

fn with_endpoints(authority: &str, graph: &str) -> Result<Settings, ConfigError> {
    Settings::load_from(&Sources {
        cli: CliOverrides {
            authority_host: Some(authority.to_owned()),
            graph_endpoint: Some(graph.to_owned()),
            ..CliOverrides::default()
        },
        ..Sources::default()
    })
}

#[test]
fn plain_http_is_refused_off_this_machine() {
    let err = with_endpoints("http://login.example.com", "http://10.1.2.3:8080").unwrap_err();
    assert_eq!(err.problems().len(), 2, "{err}");
    for problem in err.problems() {
        assert!(problem.message.contains("unencrypted"), "{problem}");
    }
}

#[test]
fn plain_http_to_loopback_is_accepted() {
    for host in ["localhost", "127.0.0.5", "[::1]"] {
        let url = format!("http://{host}:8123");
        let s = with_endpoints(&url, &url).unwrap_or_else(|e| panic!("{host}: {e}"));
        assert_eq!(s.graph_endpoint.port(), Some(8123));
    }
}

#[test]
fn urls_need_no_query_and_graph_no_version() {
    let err = with_endpoints(
        "https://login.microsoftonline.com/?x=1",
        "https://graph.microsoft.com/v1.0",
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("query"), "{text}");
    assert!(text.contains("without a version"), "{text}");
}

#[test]
fn unknown_file_keys_are_warnings_naming_the_key() {
    let home = config_home("client_secert = \"x\"\npage_size = 5\n");
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert_eq!(s.page_size, 5);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0].contains("`client_secert`"),
        "{}",
        s.warnings[0]
    );
    assert!(
        s.warnings[0].contains("did you mean `client_secret`"),
        "{}",
        s.warnings[0]
    );
    assert!(s.report().contains("# warning: "));
    assert_eq!(s.origin("client_secert"), None);
    assert!(s.client_secret.is_none());
}

#[test]
fn keys_table_takes_strings_and_lists() {
    let home = config_home("[keys]\nquit = \"q\"\nsave = [\"ctrl-s\", \"F2\"]\n");
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert_eq!(s.keys["quit"], ["q"]);
    assert_eq!(s.keys["save"], ["ctrl-s", "F2"]);
    assert_eq!(
        s.origin("keys.save"),
        Some(&Origin::File(file_in(home.path())))
    );
    let report = s.report();
    assert!(report.contains("keys.save"), "{report}");
    assert!(report.contains("[\"ctrl-s\", \"F2\"]"), "{report}");
}

#[test]
fn bad_key_bindings_are_reported() {
    let home = config_home("[keys]\nquit = 3\nsave = [\"ctrl-s\", true]\n");
    let err = load_err(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    let mut keys: Vec<_> = err
        .problems()
        .iter()
        .filter_map(|p| p.key.clone())
        .collect();
    keys.sort();
    assert_eq!(keys, ["keys.quit", "keys.save"]);
}

fn full_sources() -> Sources {
    Sources {
        env: env(&[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_CLIENT_SECRET", SECRET),
        ]),
        ..Sources::default()
    }
}

#[test]
fn the_secret_never_shows() {
    let s = load(&full_sources());
    assert!(!format!("{s:?}").contains(SECRET));
    assert!(!format!("{:?}", s.client_config().unwrap()).contains(SECRET));
    let report = s.report();
    assert!(!report.contains(SECRET), "{report}");
    assert!(report.contains("client_secret"), "{report}");
    assert!(
        report.contains("= set (from AZURE_CLIENT_SECRET)"),
        "{report}"
    );

    // Errors found while a secret is set, from the environment and from a file.
    let mut bad = full_sources();
    bad.env.insert("LAZYENTRA_PAGE_SIZE".into(), SECRET.into());
    bad.env.insert("LAZYENTRA_CLIENT_ID".into(), SECRET.into());
    let err = load_err(&bad);
    assert!(!err.to_string().contains(SECRET), "{err}");
    assert!(!format!("{err:?}").contains(SECRET), "{err:?}");

    let home = config_home(&format!(
        "client_secret = \"{SECRET}\"\nclient_id = \"{SECRET}\"\n"
    ));
    let err = load_err(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert!(!err.to_string().contains(SECRET), "{err}");

    let home = config_home("client_secret = 12345\n");
    let err = load_err(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    });
    assert!(!err.to_string().contains("12345"), "{err}");
    assert!(err.to_string().contains("client_secret"), "{err}");
}

#[test]
fn report_lists_every_setting_with_its_source() {
    let s = load(&Sources::default());
    let report = s.report();
    for name in [
        "tenant_id",
        "client_id",
        "client_secret",
        "cloud",
        "authority_host",
        "graph_endpoint",
        "page_size",
        "request_timeout_secs",
        "max_retries",
        "max_retry_wait_secs",
        "read_only",
    ] {
        let line = report
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{report}"));
        if ["tenant_id", "client_id", "client_secret"].contains(&name) {
            assert!(line.ends_with("= not set"), "{line}");
        } else if ["authority_host", "graph_endpoint"].contains(&name) {
            assert!(line.ends_with("(from cloud global)"), "{line}");
        } else {
            assert!(line.ends_with("(from default)"), "{line}");
        }
    }
    assert!(report.contains("= global (from default)"), "{report}");
    assert!(
        report.contains("= https://graph.microsoft.com (from cloud global)"),
        "{report}"
    );
}

#[test]
fn client_config_lists_what_is_missing_and_where_to_set_it() {
    let home = tempfile::tempdir().unwrap();
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        env: env(&[("AZURE_CLIENT_ID", CLIENT)]),
        ..Sources::default()
    });
    let err = s.client_config().unwrap_err();
    assert!(matches!(err, ConfigError::Incomplete(_)));
    let text = err.to_string();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("tenant_id is not set"), "{text}");
    assert!(
        lines[0].contains("--tenant-id") && lines[0].contains("AZURE_TENANT_ID"),
        "{text}"
    );
    assert!(
        lines[0].contains(&file_in(home.path()).display().to_string()),
        "{text}"
    );
    assert!(lines[1].starts_with("client_secret is not set"), "{text}");
    assert!(lines[1].contains("AZURE_CLIENT_SECRET"), "{text}");
    assert!(!lines[1].contains("--client-secret"), "{text}");
}

#[test]
fn client_config_carries_every_setting() {
    let mut sources = full_sources();
    sources
        .env
        .insert("LAZYENTRA_MAX_RETRY_WAIT_SECS".into(), "7".into());
    let c = load(&sources).client_config().unwrap();
    assert_eq!(
        (c.tenant_id.as_str(), c.client_id.as_str()),
        (TENANT, CLIENT)
    );
    assert_eq!(secret_of(&c), SECRET);
    assert_eq!((c.page_size, c.max_retries), (999, 4));
    assert_eq!(c.request_timeout, Duration::from_secs(30));
    assert_eq!(c.max_retry_wait, Duration::from_secs(7));
}

#[test]
fn with_demo_points_everything_at_the_emulator() {
    let base = Url::parse("http://127.0.0.1:41234").unwrap();
    let s = load(&Sources {
        cli: CliOverrides {
            read_only: true,
            ..CliOverrides::default()
        },
        ..Sources::default()
    })
    .with_demo(&base, TENANT, CLIENT, SECRET);
    let c = s.client_config().unwrap();
    assert_eq!(c.authority_host, base);
    assert_eq!(c.graph_endpoint, base);
    assert_eq!(secret_of(&c), SECRET);
    assert!(s.read_only, "with_demo keeps the other settings");
    for name in [
        "authority_host",
        "graph_endpoint",
        "tenant_id",
        "client_id",
        "client_secret",
    ] {
        assert_eq!(s.origin(name), Some(&Origin::Demo), "{name}");
    }
    let report = s.report();
    assert!(report.contains("= set (from demo)"), "{report}");
    assert!(!report.contains(SECRET));
}

#[cfg(unix)]
#[test]
fn a_secret_in_a_file_others_can_read_is_a_warning() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = config_home(&format!("client_secret = \"{SECRET}\"\n"));
    let file = file_in(home.path());
    let sources = Sources {
        user_config_dir: Some(home.path().to_owned()),
        ..Sources::default()
    };
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let warnings = load(&sources).warnings;
    assert!(
        warnings.iter().any(|w| w.contains("chmod 600")),
        "{warnings:?}"
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(load(&sources).warnings.is_empty());
}

fn cert_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/certs")
        .join(name)
        .display()
        .to_string()
}

fn demo_certificate() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/lazyentra-emulator/src/seed/demo_certificate.pem")
        .display()
        .to_string()
}

const DEMO_THUMBPRINT: &str = lazyentra_emulator::demo::CERTIFICATE_THUMBPRINT;

#[test]
fn a_certificate_from_the_azure_variables_is_the_credential() {
    let pfx = cert_fixture("demo.pfx");
    let s = load(&Sources {
        env: env(&[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_CLIENT_CERTIFICATE_PATH", &pfx),
            ("AZURE_CLIENT_CERTIFICATE_PASSWORD", "demo-pfx-password"),
        ]),
        ..Sources::default()
    });
    let c = s.client_config().unwrap();
    let Credential::Certificate(cert) = &c.credential else {
        panic!("not a certificate");
    };
    assert_eq!(cert.thumbprint(), DEMO_THUMBPRINT);
    assert_eq!(
        s.origin("client_certificate_path"),
        env_origin("AZURE_CLIENT_CERTIFICATE_PATH").as_ref()
    );
    let report = s.report();
    assert!(!report.contains("demo-pfx-password"), "{report}");
    assert!(
        report.contains("= set (from AZURE_CLIENT_CERTIFICATE_PASSWORD)"),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "# sign-in: certificate {pfx} (thumbprint {DEMO_THUMBPRINT})"
        )),
        "{report}"
    );
    assert!(!format!("{s:?}").contains("demo-pfx-password"));
}

#[test]
fn a_bad_certificate_is_one_line_naming_the_file() {
    let wrong = cert_fixture("key_mismatch.pem");
    let s = load(&Sources {
        env: env(&[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("LAZYENTRA_CLIENT_CERTIFICATE_PATH", &wrong),
        ]),
        ..Sources::default()
    });
    let text = s.client_config().unwrap_err().to_string();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!("{wrong}: the private key does not belong")),
        "{text}"
    );
    assert!(
        s.report().contains("# sign-in: not possible: "),
        "{}",
        s.report()
    );

    let pfx = cert_fixture("demo.pfx");
    let s = load(&Sources {
        env: env(&[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_CLIENT_CERTIFICATE_PATH", &pfx),
            ("AZURE_CLIENT_CERTIFICATE_PASSWORD", "wrong"),
        ]),
        ..Sources::default()
    });
    let text = s.client_config().unwrap_err().to_string();
    assert!(text.contains("wrong password"), "{text}");
    assert!(text.contains("AZURE_CLIENT_CERTIFICATE_PASSWORD"), "{text}");
}

#[test]
fn with_both_a_secret_and_a_certificate_the_secret_wins_with_a_warning() {
    let mut sources = full_sources();
    sources.cli.client_certificate_path = Some(demo_certificate());
    let s = load(&sources);
    assert!(matches!(
        s.client_config().unwrap().credential,
        Credential::Secret(_)
    ));
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("signing in with the client secret")
                && w.contains("--client-certificate-path")),
        "{:?}",
        s.warnings
    );
    assert!(s.report().contains("# sign-in: client secret"));
}

#[test]
fn with_no_credential_the_line_offers_a_certificate_too() {
    let s = load(&Sources {
        env: env(&[("AZURE_TENANT_ID", TENANT), ("AZURE_CLIENT_ID", CLIENT)]),
        ..Sources::default()
    });
    let text = s.client_config().unwrap_err().to_string();
    assert!(text.starts_with("client_secret is not set"), "{text}");
    assert!(text.contains("or sign in with a certificate"), "{text}");
    assert!(text.contains("AZURE_CLIENT_CERTIFICATE_PATH"), "{text}");
}

fn report_line(s: &Settings, name: &str) -> String {
    let report = s.report();
    report
        .lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name} missing:\n{report}"))
        .to_owned()
}

fn mismatch_warnings(s: &Settings) -> Vec<&String> {
    s.warnings
        .iter()
        .filter(|w| w.contains("not interchangeable"))
        .collect()
}

#[test]
fn cloud_sets_both_urls_at_every_layer() {
    let cases: [(Cloud, &str, &str); 4] = [
        (
            Cloud::Global,
            "login.microsoftonline.com",
            "graph.microsoft.com",
        ),
        (
            Cloud::UsGov,
            "login.microsoftonline.us",
            "graph.microsoft.us",
        ),
        (
            Cloud::UsGovDod,
            "login.microsoftonline.us",
            "dod-graph.microsoft.us",
        ),
        (
            Cloud::China,
            "login.partner.microsoftonline.cn",
            "microsoftgraph.chinacloudapi.cn",
        ),
    ];
    for (cloud, authority, graph) in cases {
        let home = config_home(&format!("cloud = \"{}\"\n", cloud.name()));
        let file = file_in(home.path());
        let s = load(&Sources {
            user_config_dir: Some(home.path().to_owned()),
            ..Sources::default()
        });
        assert_eq!(s.cloud, cloud);
        assert_eq!(s.origin("cloud"), Some(&Origin::File(file)));
        assert_eq!(s.authority_host.host_str(), Some(authority), "{cloud}");
        assert_eq!(s.graph_endpoint.host_str(), Some(graph), "{cloud}");
        for name in ["authority_host", "graph_endpoint"] {
            assert_eq!(
                s.origin(name),
                Some(&Origin::Cloud(cloud)),
                "{cloud} {name}"
            );
        }
        assert!(mismatch_warnings(&s).is_empty(), "{:?}", s.warnings);
        // The token scope follows the Graph endpoint.
        let c = full_sources_with(&[("LAZYENTRA_CLOUD", cloud.name())]);
        assert_eq!(
            load(&c).client_config().unwrap().graph_endpoint.host_str(),
            Some(graph)
        );
    }

    // Variables and the flag, each above the layer below.
    let home = config_home("cloud = \"china\"\n");
    let mut sources = Sources {
        user_config_dir: Some(home.path().to_owned()),
        env: env(&[("LAZYENTRA_CLOUD", "usgov")]),
        cli: CliOverrides {
            cloud: Some("usgov-dod".to_owned()),
            ..CliOverrides::default()
        },
        ..Sources::default()
    };
    let s = load(&sources);
    assert_eq!(
        (s.cloud, s.origin("cloud")),
        (Cloud::UsGovDod, Some(&Origin::Flag("--cloud")))
    );
    assert_eq!(s.graph_endpoint.host_str(), Some("dod-graph.microsoft.us"));
    sources.cli = CliOverrides::default();
    let s = load(&sources);
    assert_eq!(
        (s.cloud, s.origin("cloud")),
        (Cloud::UsGov, env_origin("LAZYENTRA_CLOUD").as_ref())
    );
    assert_eq!(s.graph_endpoint.host_str(), Some("graph.microsoft.us"));
    assert_eq!(
        report_line(&s, "graph_endpoint"),
        "graph_endpoint         = https://graph.microsoft.us (from cloud usgov)"
    );
    assert!(report_line(&s, "cloud").ends_with("= usgov (from LAZYENTRA_CLOUD)"));
}

/// Credentials from the environment plus `extra` variables.
fn full_sources_with(extra: &[(&str, &str)]) -> Sources {
    let mut sources = full_sources();
    for (k, v) in extra {
        sources.env.insert((*k).to_owned(), (*v).to_owned());
    }
    sources
}

#[test]
fn an_explicit_url_wins_over_the_cloud_on_its_own() {
    // graph_endpoint from a lower layer than the cloud still wins: explicit beats derived.
    let home = config_home("graph_endpoint = \"https://graph-proxy.contoso.com\"\n");
    let file = file_in(home.path());
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        cli: CliOverrides {
            cloud: Some("usgov".to_owned()),
            ..CliOverrides::default()
        },
        ..Sources::default()
    });
    assert_eq!(s.graph_endpoint.host_str(), Some("graph-proxy.contoso.com"));
    assert_eq!(
        s.origin("graph_endpoint"),
        Some(&Origin::File(file.clone()))
    );
    assert_eq!(
        s.authority_host.host_str(),
        Some("login.microsoftonline.us")
    );
    assert_eq!(
        s.origin("authority_host"),
        Some(&Origin::Cloud(Cloud::UsGov))
    );
    let line = report_line(&s, "graph_endpoint");
    assert!(
        line.ends_with(&format!(
            "= https://graph-proxy.contoso.com (from {}, overriding cloud usgov's \
             https://graph.microsoft.us)",
            file.display()
        )),
        "{line}"
    );
    // A proxy is no known cloud's Graph: nothing to warn about.
    assert!(mismatch_warnings(&s).is_empty(), "{:?}", s.warnings);

    // AZURE_AUTHORITY_HOST, as set for other Azure tools, also wins on its own.
    let s = load(&Sources {
        env: env(&[
            ("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us"),
            ("LAZYENTRA_CLOUD", "usgov-dod"),
        ]),
        ..Sources::default()
    });
    assert_eq!(
        s.origin("authority_host"),
        env_origin("AZURE_AUTHORITY_HOST").as_ref()
    );
    assert_eq!(s.graph_endpoint.host_str(), Some("dod-graph.microsoft.us"));
    // The same authority as the cloud's is not flagged as overriding it.
    assert!(
        report_line(&s, "authority_host").ends_with("(from AZURE_AUTHORITY_HOST)"),
        "{}",
        s.report()
    );
    assert!(mismatch_warnings(&s).is_empty(), "{:?}", s.warnings);
}

#[test]
fn an_unknown_cloud_is_one_line_listing_the_valid_ones() {
    for (sources, from) in [
        (
            Sources {
                env: env(&[("LAZYENTRA_CLOUD", "azurecloud")]),
                ..Sources::default()
            },
            "LAZYENTRA_CLOUD",
        ),
        (
            Sources {
                cli: CliOverrides {
                    cloud: Some("azurecloud".to_owned()),
                    ..CliOverrides::default()
                },
                ..Sources::default()
            },
            "--cloud",
        ),
    ] {
        let err = load_err(&sources);
        assert_eq!(err.problems().len(), 1, "{err}");
        let problem = &err.problems()[0];
        assert_eq!(problem.key.as_deref(), Some("cloud"));
        assert_eq!(
            problem.message,
            format!(
                "cloud = \"azurecloud\" (from {from}): unknown cloud; use global, usgov, \
                 usgov-dod or china"
            )
        );
    }
    // Names are not case-sensitive.
    let s = load(&Sources {
        env: env(&[("LAZYENTRA_CLOUD", "USGov")]),
        ..Sources::default()
    });
    assert_eq!(s.cloud, Cloud::UsGov);
}

#[test]
fn urls_of_two_clouds_are_a_warning_saying_what_to_fix() {
    // Only the authority set, for the global cloud, while cloud says US Government.
    let s = load(&Sources {
        env: env(&[
            ("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com"),
            ("LAZYENTRA_CLOUD", "usgov"),
        ]),
        ..Sources::default()
    });
    let warnings = mismatch_warnings(&s);
    assert_eq!(warnings.len(), 1, "{:?}", s.warnings);
    let warning = warnings[0];
    assert!(!warning.contains('\n'), "{warning}");
    for part in [
        "authority_host https://login.microsoftonline.com (from AZURE_AUTHORITY_HOST) is the \
         global cloud's",
        "graph_endpoint https://graph.microsoft.us (from cloud usgov) is the usgov cloud's",
        "tokens are not interchangeable across clouds",
        "set cloud to your tenant's cloud and unset AZURE_AUTHORITY_HOST",
    ] {
        assert!(warning.contains(part), "{part:?} not in {warning}");
    }
    assert!(
        s.report().contains(&format!("# warning: {warning}")),
        "{}",
        s.report()
    );

    // Both set explicitly from two clouds: each source named, each to remove.
    let home = config_home("graph_endpoint = \"https://microsoftgraph.chinacloudapi.cn\"\n");
    let file = file_in(home.path());
    let s = load(&Sources {
        user_config_dir: Some(home.path().to_owned()),
        cli: CliOverrides {
            authority_host: Some("https://login.microsoftonline.us".to_owned()),
            ..CliOverrides::default()
        },
        ..Sources::default()
    });
    let warnings = mismatch_warnings(&s);
    assert_eq!(warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        warnings[0].contains("is the usgov or usgov-dod cloud's")
            && warnings[0].contains("is the china cloud's")
            && warnings[0].ends_with(&format!(
                "drop --authority-host and remove graph_endpoint from {}",
                file.display()
            )),
        "{}",
        warnings[0]
    );
}

#[test]
fn loopback_is_never_a_cloud_mismatch() {
    for (authority, graph) in [
        ("http://127.0.0.1:8080", "https://graph.microsoft.us"),
        ("https://login.microsoftonline.us", "http://localhost:8080"),
    ] {
        let s = with_endpoints(authority, graph).unwrap();
        assert!(mismatch_warnings(&s).is_empty(), "{:?}", s.warnings);
    }
    // --demo points both URLs at the emulator: a mismatch from the environment no longer applies.
    let base = Url::parse("http://127.0.0.1:41234").unwrap();
    let s = load(&Sources {
        env: env(&[("LAZYENTRA_GRAPH_ENDPOINT", "https://graph.microsoft.us")]),
        ..Sources::default()
    });
    assert_eq!(mismatch_warnings(&s).len(), 1, "{:?}", s.warnings);
    let s = s.with_demo(&base, TENANT, CLIENT, SECRET);
    assert!(mismatch_warnings(&s).is_empty(), "{:?}", s.warnings);
}
