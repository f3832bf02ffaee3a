//! Exporting against the Graph emulator: `lazyentra export` run as the real binary (every user,
//! CSV and JSON as Graph holds them, the list's filter, stdout, exit codes for each kind of
//! failure), and `x` on the list through the same `App` the terminal loop drives. Each test
//! has its own emulator on port 0 and its own working directory; waits poll with a timeout.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lazyentra::config::Settings;
use lazyentra::export::csv;
use lazyentra::graph::User;
use lazyentra::keymap::Keymap;
use lazyentra::runtime::app::{App, AppConfig};
use lazyentra::screens::export_prompt::ExportPrompt;
use lazyentra::screens::user_list::Row;
use lazyentra::screens::user_list::columns::Columns;
use lazyentra::screens::user_list::filter::Filter;
use lazyentra::screens::user_list::row::Values;
use lazyentra::update::Msg;
use lazyentra_emulator::{Emulator, EmulatorOptions, demo};

const USERS: usize = 250;

async fn emulator() -> Emulator {
    Emulator::start(EmulatorOptions {
        users: USERS,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

/// The binary in `dir`, with nothing of this machine's settings or environment.
fn lazyentra(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lazyentra"));
    command
        .env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .current_dir(dir);
    command
}

/// `lazyentra export ARGS` in `dir`, signed in to `emulator` with `secret`: 100 users a page,
/// so the tenant takes three.
async fn export(emulator: &Emulator, secret: &str, dir: &Path, args: &[&str]) -> Output {
    let base = emulator.base_url().to_string();
    let mut command = lazyentra(dir);
    command
        .env("AZURE_TENANT_ID", demo::TENANT_ID)
        .env("AZURE_CLIENT_ID", demo::ADMIN_CLIENT_ID)
        .env("AZURE_CLIENT_SECRET", secret)
        .env("AZURE_AUTHORITY_HOST", &base)
        .env("LAZYENTRA_GRAPH_ENDPOINT", &base)
        .env("LAZYENTRA_PAGE_SIZE", "100")
        .arg("export")
        .args(args);
    tokio::time::timeout(
        Duration::from_secs(60),
        tokio::task::spawn_blocking(move || command.output()),
    )
    .await
    .expect("the export ends in time")
    .unwrap()
    .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The tenant's users as Graph holds them.
fn tenant(emulator: &Emulator) -> Vec<User> {
    emulator
        .users_snapshot()
        .into_iter()
        .map(|u| serde_json::from_value(u).unwrap())
        .collect()
}

/// A user's values in the list's columns, as CSV text.
fn csv_row(user: &User) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        text(&user.display_name),
        text(&user.user_principal_name),
        text(&user.mail),
        text(&user.job_title),
        text(&user.department),
        text(&user.user_type),
        user.account_enabled
            .map(|e| e.to_string())
            .unwrap_or_default(),
    ]
}

/// A user as the JSON export writes it: the list's columns under Graph's names.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Exported {
    display_name: Option<String>,
    user_principal_name: Option<String>,
    mail: Option<String>,
    job_title: Option<String>,
    department: Option<String>,
    user_type: Option<String>,
    account_enabled: Option<bool>,
}

impl Exported {
    /// The same user as Graph's `user` (its id aside).
    fn user(self) -> User {
        User {
            display_name: self.display_name,
            user_principal_name: self.user_principal_name,
            mail: self.mail,
            job_title: self.job_title,
            department: self.department,
            user_type: self.user_type,
            account_enabled: self.account_enabled,
            ..User::default()
        }
    }
}

fn read_json(bytes: &[u8]) -> Vec<User> {
    let rows: Vec<Exported> = serde_json::from_slice(bytes).unwrap();
    rows.into_iter().map(Exported::user).collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_user_goes_to_csv_and_json_as_graph_holds_them() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let secret = demo::ADMIN_CLIENT_SECRET;

    let out = export(&emulator, secret, dir.path(), &["--output", "users.csv"]).await;
    let path = dir.path().join("users.csv");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        format!("lazyentra: exported {USERS} users to {}", path.display())
    );
    assert_eq!(mode(&path), 0o600, "personal data: owner only");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\r'));
    let records = csv::parse(&text);
    let titles: Vec<&str> = Columns::default()
        .export_columns()
        .iter()
        .map(|c| c.title)
        .collect();
    assert_eq!(records[0], titles);
    let expected: BTreeSet<Vec<String>> = tenant(&emulator).iter().map(csv_row).collect();
    let written: BTreeSet<Vec<String>> = records[1..].iter().cloned().collect();
    assert_eq!(records.len() - 1, USERS, "each user once");
    assert_eq!(written, expected);
    assert!(
        records.iter().any(|r| r[0] == "山田 太郎") && records.iter().any(|r| r[0].contains('"')),
        "non-Latin names and quotes survive"
    );

    // JSON: Graph's own user objects, in the list's columns.
    let out = export(&emulator, secret, dir.path(), &["-o", "users.json"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("users.json");
    assert_eq!(mode(&path), 0o600);
    let objects: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let keys: Vec<&str> = objects[0].keys().map(String::as_str).collect();
    let mut properties: Vec<&str> = Columns::default()
        .export_columns()
        .iter()
        .map(|c| c.property)
        .collect();
    properties.sort_unstable();
    assert_eq!(keys, properties);
    let users = read_json(&std::fs::read(&path).unwrap());
    let read_back: BTreeSet<Vec<String>> = users.iter().map(csv_row).collect();
    assert_eq!(read_back, expected);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_filter_keeps_what_the_lists_box_keeps_and_stdout_takes_the_rows() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    for filter in [
        "enabled:no",
        "dept:sales member",
        "müller",
        "enabled:yes title:manager",
    ] {
        let out = export(
            &emulator,
            demo::ADMIN_CLIENT_SECRET,
            dir.path(),
            &["--format", "json", "--filter", filter, "-o", "-"],
        )
        .await;
        assert_eq!(out.status.code(), Some(0), "{filter}: {}", stderr(&out));
        let users = read_json(&out.stdout);
        let parsed = Filter::parse(filter);
        let mut values = Values::default();
        let expected: BTreeSet<String> = tenant(&emulator)
            .iter()
            .filter(|u| parsed.matches(&Row::new(u, &mut values)))
            .map(|u| u.upn().to_owned())
            .collect();
        let written: BTreeSet<String> = users.iter().map(|u| u.upn().to_owned()).collect();
        assert!(!expected.is_empty(), "{filter} keeps someone");
        assert_eq!(written, expected, "{filter}");
        assert_eq!(users.len(), expected.len(), "{filter}: each once");
    }
    // CSV to stdout has no byte order mark: a pipe feeds a program, not Excel.
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["-o", "-"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"Display name,User principal name,"));
    assert_eq!(
        csv::parse(&String::from_utf8_lossy(&out.stdout)).len(),
        USERS + 1
    );
    // Not a terminal: no progress drawn on stderr, only the one line at the end.
    assert_eq!(
        stderr(&out).trim(),
        format!("lazyentra: exported {USERS} users to standard output")
    );
    // Without --output and with stdout piped, the rows go to stdout too.
    let out = export(&emulator, demo::ADMIN_CLIENT_SECRET, dir.path(), &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"Display name,"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the log folder"
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_exit_with_their_status_and_one_line_and_leave_no_file() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();

    // A wrong secret: 3, and the file created before signing in is gone again.
    let out = export(
        &emulator,
        "not-the-secret",
        dir.path(),
        &["-o", "users.csv"],
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let said = stderr(&out);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.starts_with("lazyentra: sign-in failed: "), "{said}");
    assert!(said.contains("AADSTS7000215"), "{said}");
    assert!(!dir.path().join("users.csv").exists());

    // A folder that is not there: 5, before any request.
    let requests = emulator.request_count();
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["-o", "nope/users.csv"],
    )
    .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "lazyentra: there is no folder {}: create it or choose another path",
            dir.path().join("nope").display()
        )
    );
    assert_eq!(emulator.request_count(), requests, "no network call");
    // A file where the folder should be: also 5.
    std::fs::write(dir.path().join("file"), b"").unwrap();
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["-o", "file/users.csv"],
    )
    .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));

    // An existing file is refused, and kept, unless --force.
    std::fs::write(dir.path().join("old.csv"), b"keep me").unwrap();
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["-o", "old.csv"],
    )
    .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already exists: pass --force to replace it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(dir.path().join("old.csv")).unwrap(),
        b"keep me"
    );
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["-o", "old.csv", "--force"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&dir.path().join("old.csv")), 0o600);

    // Graph refusing the listing (a throttle that outlasts the retries): 4.
    emulator.set_faults(lazyentra_emulator::Faults {
        throttle_every: Some(1),
        retry_after: Duration::from_secs(1000),
        ..lazyentra_emulator::Faults::default()
    });
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["-o", "t.csv"],
    )
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("lazyentra: listing users failed: "),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("t.csv").exists());
    emulator.shutdown().await;
}

#[test]
fn missing_settings_exit_2_with_what_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = lazyentra(dir.path())
        .args(["export", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("tenant_id is not set"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_demo_tenant_exports_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = lazyentra(dir.path())
        .args(["--demo", "export", "--filter", "guest", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let users = read_json(&out.stdout);
    assert!(!users.is_empty() && users.iter().all(User::is_guest));
}

/// `x` on the list, through the app's own loop: the rows shown, written off the loop, 0600.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_writes_the_rows_the_list_shows() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let base = emulator.base_url();
    let settings = Settings::default().with_demo(
        &base,
        demo::TENANT_ID,
        demo::ADMIN_CLIENT_ID,
        demo::ADMIN_CLIENT_SECRET,
    );
    let mut app = App::new(AppConfig::from_settings(&settings, Keymap::default()));
    app.dispatch(Msg::Resize(120, 40));
    let press = |app: &mut App, code: KeyCode| app.key(KeyEvent::new(code, KeyModifiers::NONE));
    let limit = Duration::from_secs(20);
    press(&mut app, KeyCode::Enter);
    app.settle(limit).await.unwrap();
    // Sorted by display name, descending.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('S'));
    let shown: Vec<Vec<String>> = {
        let list = app.state.screens.list().unwrap();
        (0..list.shown.len())
            .map(|i| csv_row(&list.shown_row(i).unwrap().to_user()))
            .collect()
    };
    press(&mut app, KeyCode::Char('x'));
    let prompt = app.state.screens.top_as::<ExportPrompt>().unwrap();
    let suggested = prompt.path.value().to_owned();
    assert!(
        suggested.starts_with("lazyentra-users-")
            && Path::new(&suggested)
                .extension()
                .is_some_and(|e| e == "csv"),
        "{suggested}"
    );
    for _ in 0..suggested.chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    let path = dir.path().join("shown.csv");
    for c in path.to_string_lossy().chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app.settle(limit).await.unwrap();
    assert!(app.state.screens.find::<ExportPrompt>().is_none());
    let said = lazyentra::fixtures::notice(&app.state);
    assert_eq!(
        said,
        format!("Exported {} users to {}", shown.len(), path.display())
    );
    assert_eq!(mode(&path), 0o600);
    let records = csv::parse(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(records[1..], shown[..], "the rows in the order shown");

    // Again to the same file: refused, the dialog keeps the path; Enter again replaces it.
    press(&mut app, KeyCode::Char('x'));
    for _ in 0..suggested.chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    for c in path.to_string_lossy().chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app.settle(limit).await.unwrap();
    let prompt = app.state.screens.top_as::<ExportPrompt>().unwrap();
    assert_eq!(prompt.path.value(), path.to_string_lossy());
    assert!(prompt.replaces(), "{:?}", prompt.problem);
    press(&mut app, KeyCode::Enter);
    app.settle(limit).await.unwrap();
    assert!(app.state.screens.find::<ExportPrompt>().is_none());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_view_gives_its_columns_sort_and_filter_and_a_wrong_name_says_which_exist() {
    use lazyentra::screens::user_list::columns::Field;
    use lazyentra::screens::user_list::filter::Sort;
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config").join("lazyentra");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        r#"
[views.sales]
columns = ["displayName", "city", "department"]
sort = "city"
descending = true
filter = "dept:sales"
"#,
    )
    .unwrap();
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["--view", "sales", "-o", "-"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = csv::parse(&String::from_utf8_lossy(&out.stdout));
    let header: Vec<&str> = [Field::DisplayName, Field::City, Field::Department]
        .map(Field::title)
        .to_vec();
    assert_eq!(rows[0], header);
    // The view's filter, and its sort as the list sorts (ties in Graph's order).
    let filter = Filter::parse("dept:sales");
    let mut values = Values::default();
    let tenant = tenant(&emulator);
    let mut expected: Vec<Row> = tenant
        .iter()
        .map(|u| Row::new(u, &mut values))
        .filter(|row| filter.matches(row))
        .collect();
    let sort = Sort {
        column: Field::City,
        descending: true,
    };
    expected.sort_by(|a, b| sort.order(a, b));
    let expected: Vec<Vec<String>> = expected
        .iter()
        .map(|row| {
            let user = row.to_user();
            vec![
                user.display_name.unwrap_or_default(),
                user.city.unwrap_or_default(),
                user.department.unwrap_or_default(),
            ]
        })
        .collect();
    assert!(expected.len() > 5, "the demo has salespeople");
    assert_eq!(rows[1..], expected[..]);

    // --filter replaces the view's filter; the columns and sort stay.
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["--view", "sales", "--filter", "dept:marketing", "-o", "-"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = csv::parse(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(rows[0], header);
    assert!(rows.len() > 5 && rows[1..].iter().all(|r| r[2] == "Marketing"));

    // A name that is not saved: settings' exit status, and the names that are.
    let out = export(
        &emulator,
        demo::ADMIN_CLIENT_SECRET,
        dir.path(),
        &["--view", "sale", "-o", "-"],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("no view \"sale\" in the settings; did you mean \"sales\"?"),
        "{}",
        stderr(&out)
    );
    emulator.shutdown().await;
}
