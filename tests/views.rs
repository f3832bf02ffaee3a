//! Saved views through the config file: written as `[views.NAME]` into a file with comments
//! and other settings (all kept), read back after a "restart" (the settings loaded again, as
//! at start), replaced in place, and a bad table refused with a line naming the view.

// A failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lazyentra::config::views::{SavedView, ViewColumn, ViewSort};
use lazyentra::config::write;
use lazyentra::config::{CliOverrides, Profiles, Settings, Sources};
use lazyentra::keymap::Keymap;
use lazyentra::runtime::app::AppConfig;

const FILE: &str = r#"# Ana's lazyentra settings
tenant_id = "contoso.onmicrosoft.com"   # production
page_size = 500

# Keys I like.
[keys]
delete = "D"

[profiles.fabrikam]
# the test tenant
tenant_id = "fabrikam.onmicrosoft.com"
read_only = true
"#;

fn home_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lazyentra").join("config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

fn sources(home: &Path) -> Sources {
    Sources {
        file: None,
        env: HashMap::new(),
        cli: CliOverrides::default(),
        user_config_dir: Some(home.to_owned()),
    }
}

fn hr() -> SavedView {
    SavedView {
        columns: vec![
            ViewColumn {
                property: "displayName",
                width: None,
            },
            ViewColumn {
                property: "userPrincipalName",
                width: Some(40),
            },
            ViewColumn {
                property: "department",
                width: None,
            },
            ViewColumn {
                property: "city",
                width: Some(12),
            },
        ],
        sort: Some(ViewSort {
            property: "department",
            descending: true,
        }),
        filter: Some(r#"dept:"Human Resources" enabled:yes"#.to_owned()),
    }
}

#[test]
fn a_saved_view_keeps_the_files_comments_and_comes_back_after_a_restart() {
    let (home, file) = home_with(FILE);
    let written = write::save_view(&file, "hr", &hr()).unwrap();
    assert_eq!(written, file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(FILE),
        "the file as it was, then the view:\n{text}"
    );
    assert!(
        text.ends_with(
            "\n[views.hr]\ncolumns = [\"displayName\", \"userPrincipalName\", \"department\", \"city\"]\n\
             widths = { userPrincipalName = 40, city = 12 }\nsort = \"department\"\ndescending = true\n\
             filter = 'dept:\"Human Resources\" enabled:yes'\n"
        ),
        "{text}"
    );

    // A restart: the settings as lazyentra reads them at start, and what the app gets.
    let settings = Settings::load_from(&sources(home.path())).unwrap();
    assert_eq!(settings.views.get("hr"), Some(&hr()));
    assert!(
        settings.warnings.iter().all(|w| !w.contains("views")),
        "{:?}",
        settings.warnings
    );
    assert_eq!(settings.keys.get("delete"), Some(&vec!["D".to_owned()]));
    let profiles = Profiles::load_from(&sources(home.path())).unwrap();
    let app = AppConfig::from_profiles(&profiles, sources(home.path()), Keymap::default());
    assert_eq!(app.views.get("hr"), Some(&hr()));

    // Saved again under the same name: replaced where it is, the rest as it was.
    write::save_view(
        &file,
        "sales",
        &SavedView {
            columns: vec![ViewColumn {
                property: "companyName",
                width: None,
            }],
            sort: None,
            filter: None,
        },
    )
    .unwrap();
    let mut narrower = hr();
    narrower.columns.truncate(2);
    narrower.sort = None;
    write::save_view(&file, "hr", &narrower).unwrap();
    let again = std::fs::read_to_string(&file).unwrap();
    assert!(again.starts_with(FILE), "{again}");
    let hr_at = again.find("[views.hr]").unwrap();
    let sales_at = again.find("[views.sales]").unwrap();
    assert!(hr_at < sales_at, "hr stays first:\n{again}");
    assert!(!again.contains("sort = "), "{again}");
    let settings = Settings::load_from(&sources(home.path())).unwrap();
    assert_eq!(settings.views.get("hr"), Some(&narrower));
    assert_eq!(settings.views.len(), 2);
}

#[test]
fn a_view_written_by_hand_reads_in_any_case() {
    let (home, _file) = home_with(
        r#"
[views.leavers]
columns = ["DisplayName", "USERPRINCIPALNAME", "createdDateTime"]
widths = { userPrincipalName = 30 }
sort = "createddatetime"
"#,
    );
    let settings = Settings::load_from(&sources(home.path())).unwrap();
    let view = settings.views.get("leavers").unwrap();
    let properties: Vec<&str> = view.columns.iter().map(|c| c.property).collect();
    assert_eq!(
        properties,
        ["displayName", "userPrincipalName", "createdDateTime"]
    );
    assert_eq!(view.columns[1].width, Some(30));
    assert_eq!(
        view.sort,
        Some(ViewSort {
            property: "createdDateTime",
            descending: false
        })
    );
}

#[test]
fn a_bad_view_stops_with_lines_naming_it() {
    let (home, file) = home_with(
        r#"
[views.good]
columns = ["displayName"]

[views.bad]
columns = ["displayName", "citty", 3]
widths = { displayName = 0, mail = 10 }
sort = "department"
descending = "yes"
colour = "red"
"#,
    );
    let error = Settings::load_from(&sources(home.path()))
        .unwrap_err()
        .to_string();
    let from = format!("[views.bad] (from {}): ", file.display());
    for line in [
        "columns: \"citty\" is not a column the list can show (did you mean \"city\"?)",
        "columns: 3 must be a property name in quotes",
        "widths.displayName = 0: must be a whole number of cells from 1 to 200",
        "widths.mail: not one of the view's columns; add it to columns",
        "descending must be true or false",
        "sort = \"department\": not one of the view's columns; add it to columns",
        "unknown key `colour`",
    ] {
        assert!(
            error
                .lines()
                .any(|l| l.starts_with(&from) && l.contains(line)),
            "no line with {line:?}:\n{error}"
        );
    }
    assert!(!error.contains("[views.good]"), "{error}");
}

#[test]
fn comments_under_an_empty_last_table_stay_under_it() {
    let text = "# my settings\npage_size = 999   # big pages\n\n[keys]\n# nothing yet\n";
    let (_home, file) = home_with(text);
    write::save_view(&file, "hr", &hr()).unwrap();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.starts_with(&format!("{text}\n[views.hr]\n")),
        "{written}"
    );
}
