//! The real binary in a real terminal: `lazyentra --demo` in a tmux session of 120x40. It must
//! show the list, delete a user and restore it from deleted users, reset a password (and be
//! refused one for a Global Administrator), open a user, export the list, quit on `q` with
//! status 0 and leave the terminal restored.
//! Skipped (with a notice) only when tmux is not installed; CI installs it.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);
/// Between two looks at the pane: polling, not waiting a fixed time for something to happen.
const POLL: Duration = Duration::from_millis(50);

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Kills the session however the test ends.
struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

impl Session {
    fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.0])
    }

    fn keys(&self, keys: &str) {
        tmux(&["send-keys", "-t", &self.0, keys]);
    }

    /// Types `text` as plain keystrokes, as a multiplexer or an SSH client delivers a paste.
    fn type_literally(&self, text: &str) {
        tmux(&["send-keys", "-t", &self.0, "-l", text]);
    }

    /// Polls the pane until `check` holds, or fails with what the pane shows.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < LIMIT,
                "timed out waiting for {what}; the pane shows:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
fn demo_lists_opens_a_user_and_quits_cleanly() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed (CI installs it)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    // Unique per run; tmux names may not contain '.' or ':'.
    let unique: String = home
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let name = format!("lazyentra-test-{}-{unique}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_lazyentra");
    let status_file = home.path().join("status");
    // Own config/state dirs, so the user's files neither change the run nor get written. The
    // shell waits on `read` after the app exits so the pane stays to be looked at.
    let script = format!(
        "cd {dir}; XDG_CONFIG_HOME={dir} XDG_STATE_HOME={dir} HOME={dir} {bin} --demo; \
         echo $? > {status}; echo LAZYENTRA-EXITED; read _",
        dir = shell_quote(&home.path().display().to_string()),
        bin = shell_quote(bin),
        status = shell_quote(&status_file.display().to_string()),
    );
    let out = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "120",
            "-y",
            "40",
            &script,
        ])
        .output()
        .expect("tmux starts");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let session = Session(name);

    let list = session.wait_for("the user list", |s| {
        s.contains("of 2,000") && s.contains('@')
    });
    assert!(list.contains("lazyentra › "), "{list}");
    assert!(list.contains("Display name"), "{list}");

    // A burst of 3,000 keystrokes into the search box (more than the terminal library's 1 KiB
    // read) is all read at once, not a KiB per later key press: the Enter sent right after it
    // is handled without another key. The box keeps 256 characters and says so.
    session.keys("/");
    session.wait_for("the search box", |s| s.contains("Search:"));
    session.type_literally(&"ab".repeat(1_500));
    session.keys("Enter");
    session.wait_for("the whole burst read, Enter included", |s| {
        s.contains("at most 256 characters") && s.contains("Enter open")
    });
    session.keys("Escape");
    session.wait_for("the search cleared", |s| {
        !s.contains("Search:") && s.contains("of 2,000")
    });

    // Typing filters at once, accents folded; Graph is searched too while pages remain. `s`
    // sorts by display name, which Graph lists again in that order (`$orderby`) while pages
    // remain; seven more (one per column) go back to Graph's order. The selection follows
    // its user throughout.
    session.keys("/");
    session.type_literally("muller");
    session.wait_for("the filtered rows", |s| {
        s.contains("José Müller") && s.contains("shown · searching Graph + ")
    });
    session.keys("Enter");
    session.keys("s");
    session.wait_for("the sorted rows", |s| {
        s.contains("Display name ↑") && s.contains("José Müller")
    });
    for _ in 0..7 {
        session.keys("s");
    }
    session.keys("Escape");
    // No column sorted (no arrow in the column titles), no filter, no listing in flight.
    session.wait_for("the listed order, unfiltered", |s| {
        !s.contains("Search:")
            && !s.contains("Refreshing users")
            && s.lines().nth(2).is_some_and(|titles| {
                titles.contains("Display name") && !titles.contains(['↑', '↓'])
            })
    });
    // The cursor stayed on José Müller: back to the first row.
    session.keys("g");
    let list = session.wait_for("the first row selected", |s| {
        s.lines().nth(3).is_some_and(|row| row.starts_with("› "))
    });

    // Delete the first user, find it in deleted users, restore it and see it back.
    let first = list
        .lines()
        .find_map(|l| l.strip_prefix("› "))
        // A name cut to its column ends in "…" and one blank: its start is enough to find it.
        .and_then(|row| row.split("  ").next())
        .and_then(|name| name.split('…').next())
        .unwrap()
        .trim()
        .to_owned();
    session.keys("d");
    session.wait_for("the delete confirmation", |s| {
        s.contains("Delete this user?")
    });
    session.keys("y");
    session.wait_for("the delete", |s| s.contains(&format!("Deleted {first}")));
    session.keys("D");
    session.wait_for("the deleted users", |s| {
        s.contains("Deleted users 1 of 1") && s.contains(&first) && s.contains("29 days")
    });
    session.keys("u");
    session.wait_for("the restore confirmation", |s| {
        s.contains("Restore this user?")
    });
    session.keys("y");
    session.wait_for("the restore", |s| {
        s.contains(&format!("Restored {first}")) && s.contains("Deleted users 0 of 0")
    });
    session.keys("Escape");
    session.wait_for("the user back in the list", |s| {
        s.contains("of 2,000") && s.lines().any(|l| l.starts_with(&format!("› {first}")))
    });

    // Reset its password: a generated one, shown once. Then a Global Administrator's, which
    // the demo app (User Administrator) may not reset: the dialog says which role to assign.
    session.keys("p");
    session.wait_for("the reset dialog", |s| {
        s.contains("Give this user a new password?") && s.contains("generated: type to use")
    });
    session.keys("Enter");
    session.wait_for("the new password, once", |s| {
        s.contains("Password reset") && s.contains("Copy it now") && s.contains(&first)
    });
    session.keys("Escape");
    session.wait_for("the list again", |s| !s.contains("Copy it now"));
    session.keys("/");
    session.type_literally("megan bowen");
    session.keys("Enter");
    session.wait_for("Megan Bowen selected", |s| {
        s.lines().any(|l| l.starts_with("› Megan Bowen"))
    });
    session.keys("p");
    session.wait_for("the reset dialog", |s| s.contains("Reset password"));
    session.keys("Enter");
    session.wait_for("Graph's refusal and the role to assign", |s| {
        s.contains("403 Authorization_RequestDenied")
            && s.contains("Privileged Authentication Administrator")
    });
    session.keys("Escape");
    session.wait_for("the dialog closed", |s| !s.contains("Give this user"));
    session.keys("Escape");
    session.wait_for("the filter cleared", |s| {
        !s.contains("Search:") && s.contains("of 2,000")
    });

    session.keys("Enter");
    let detail = session.wait_for("the user detail", |s| {
        s.contains("Identity") && s.contains("Job information") && s.contains("Object ID")
    });
    assert!(detail.contains("Users › "), "{detail}");

    // Load every user, then export the list: the suggested file in the working directory,
    // owner-only.
    session.keys("Escape");
    session.wait_for("the list again", |s| s.contains("of 2,000"));
    session.keys("L");
    session.wait_for("every user loaded", |s| s.contains("Users 2,000 of 2,000"));
    session.keys("x");
    session.wait_for("the export dialog", |s| {
        s.contains("Export users") && s.contains("lazyentra-users-")
    });
    session.keys("Enter");
    let exported = session.wait_for("the export", |s| s.contains("Exported 2,000 users to "));
    let file = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap_or_else(|| panic!("no CSV written:\n{exported}"));
    assert!(exported.contains(&file.display().to_string()), "{exported}");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().lines().count(),
        2_001
    );

    session.keys("q");
    let after = session.wait_for("the app to exit", |s| s.contains("LAZYENTRA-EXITED"));
    assert!(
        !after.contains("Display name"),
        "the alt screen is gone:\n{after}"
    );
    assert!(
        !after.contains("Job information"),
        "the alt screen is gone:\n{after}"
    );
    let status = std::fs::read_to_string(&status_file).unwrap();
    assert_eq!(status.trim(), "0", "exit status");
    assert!(Path::new(&status_file).exists());
}

/// `lazyentra --demo` in a new tmux session of 120x40 whose config home is `home`; `None`
/// when tmux is not installed. The pane stays after the app exits and shows `LAZYENTRA-EXITED`.
fn launch(home: &Path, tag: &str) -> Option<Session> {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed (CI installs it)");
        return None;
    }
    let unique: String = home
        .file_name()
        .unwrap()
        .to_string_lossy()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let name = format!("lazyentra-{tag}-{}-{unique}", std::process::id());
    let script = format!(
        "cd {dir}; XDG_CONFIG_HOME={dir} XDG_STATE_HOME={dir} HOME={dir} {bin} --demo; \
         echo LAZYENTRA-EXITED; read _",
        dir = shell_quote(&home.display().to_string()),
        bin = shell_quote(env!("CARGO_BIN_EXE_lazyentra")),
    );
    let out = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "120",
            "-y",
            "40",
            &script,
        ])
        .output()
        .expect("tmux starts");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(Session(name))
}

#[test]
fn a_profile_added_on_the_connect_screen_survives_a_restart_with_the_files_comments() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("lazyentra").join("config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let text = "# my settings\npage_size = 500   # a faster first page\n";
    std::fs::write(&config, text).unwrap();
    let Some(session) = launch(home.path(), "profiles") else {
        return;
    };
    session.wait_for("the demo's user list", |s| s.contains("of 2,000"));
    // Back to the profiles, and a new one.
    session.keys("X");
    session.wait_for("the profile list", |s| {
        s.contains("Can connect") && s.contains("› contoso")
    });
    session.keys("a");
    session.wait_for("the profile form", |s| s.contains("New profile"));
    session.type_literally("northwind");
    session.keys("Tab");
    session.type_literally("northwind.onmicrosoft.com");
    session.keys("Tab");
    session.type_literally("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
    session.keys("Tab");
    session.keys("Tab");
    session.type_literally("Xy8Q~typed-not-saved");
    session.keys("C-s");
    let saved = session.wait_for("the save", |s| s.contains("Saved profile northwind"));
    assert!(saved.contains("› northwind"), "{saved}");
    assert!(!saved.contains("typed-not-saved"), "{saved}");
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.starts_with(text), "{written}");
    assert!(written.contains("[profiles.northwind]"), "{written}");
    assert!(!written.contains("typed-not-saved"), "{written}");
    session.keys("q");
    session.wait_for("the app to exit", |s| s.contains("LAZYENTRA-EXITED"));
    drop(session);

    // Started again: the profile is there; its secret was for that session only.
    let session = launch(home.path(), "profiles2").unwrap();
    session.wait_for("the demo's user list", |s| s.contains("of 2,000"));
    session.keys("X");
    // contoso and fabrikam are the demo's; then the file's.
    session.keys("j");
    session.keys("j");
    let list = session.wait_for("northwind listed", |s| s.contains("› northwind"));
    assert!(list.contains("missing client secret"), "{list}");
    session.keys("q");
    session.wait_for("the app to exit", |s| s.contains("LAZYENTRA-EXITED"));
}

#[test]
fn columns_chosen_and_saved_as_a_view_come_back_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("lazyentra").join("config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let text = "# my settings\npage_size = 999   # big pages\n";
    std::fs::write(&config, text).unwrap();
    let Some(session) = launch(home.path(), "views") else {
        return;
    };
    session.wait_for("the demo's user list", |s| s.contains("of 2,000"));
    // `c`, the last column (on-premises sync) and the one before it (usage location) shown.
    session.keys("c");
    session.wait_for("the chooser", |s| s.contains("Graph property"));
    session.keys("G");
    session.keys("Space");
    session.keys("G");
    session.keys("Space");
    session.wait_for("both ticked", |s| {
        s.contains("[x] On-premises sync") && s.contains("[x] Usage location")
    });
    // Ctrl-S uses them (Graph is asked again, with them) and asks the name.
    session.keys("C-s");
    session.wait_for("the name asked", |s| s.contains(":view save"));
    session.type_literally("synced");
    session.keys("Enter");
    session.wait_for("the view saved and the users read again", |s| {
        s.contains("Synced") && s.contains("Usage") && s.contains("of 2,000")
    });
    session.wait_for("the file written", |_| {
        std::fs::read_to_string(&config).is_ok_and(|t| t.contains("[views.synced]"))
    });
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.starts_with(text), "{written}");
    session.keys("q");
    session.wait_for("the app gone", |s| s.contains("LAZYENTRA-EXITED"));
    drop(session);

    // Started again: the default columns, until `:view synced`.
    let Some(session) = launch(home.path(), "views2") else {
        return;
    };
    let list = session.wait_for("the list again", |s| s.contains("of 2,000"));
    assert!(!list.contains("Synced"), "{list}");
    session.keys(":");
    session.type_literally("view syn");
    session.keys("Tab");
    session.wait_for("the name completed", |s| s.contains(":view synced"));
    session.keys("Enter");
    session.wait_for("the view's columns", |s| {
        s.contains("Synced") && s.contains("Usage") && s.contains("Loaded the users again")
    });
    session.keys("q");
    session.wait_for("the app gone", |s| s.contains("LAZYENTRA-EXITED"));
}

#[test]
fn fifty_marked_users_are_blocked_with_progress_and_a_summary_of_the_refusals() {
    let home = tempfile::tempdir().unwrap();
    let Some(session) = launch(home.path(), "bulk") else {
        return;
    };
    session.wait_for("the user list", |s| {
        s.contains("of 2,000") && s.contains('@')
    });
    // Space marks and moves down: 50 of them mark the first 50 users.
    session.type_literally(&" ".repeat(50));
    let marked = session.wait_for("50 marked", |s| s.contains("50 marked"));
    assert!(marked.contains("* Megan Bowen"), "{marked}");

    session.keys("b");
    let review = session.wait_for("the review", |s| s.contains("(•) Block sign-in"));
    assert!(review.contains("already blocked: skipped"), "{review}");
    assert!(review.contains("Unblock sign-in"), "{review}");
    session.keys("y");
    let summary = session.wait_for("the summary", |s| {
        s.contains("Block sign-in: ✓") && s.contains("Failures (")
    });
    assert!(summary.contains("✗ Megan Bowen"), "{summary}");
    assert!(
        summary.contains("403 Authorization_RequestDenied: Insufficient privileges"),
        "{summary}"
    );
    assert!(summary.contains("request-id "), "{summary}");
    assert!(
        summary.contains("0 not sent") || !summary.contains("not sent"),
        "{summary}"
    );

    // x: every user's outcome into a private CSV beside the working directory.
    session.keys("x");
    session.wait_for("the export dialog", |s| s.contains("Export the summary"));
    session.keys("Enter");
    let done = session.wait_for("the export", |s| s.contains("Exported 4"));
    let file = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("lazyentra-block-sign-in-"))
        })
        .unwrap_or_else(|| panic!("no export file; the pane shows:\n{done}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Megan Bowen,megan.bowen@contoso.com,")
                && l.contains(",block,failed,403,Authorization_RequestDenied,")),
        "{csv}"
    );

    // Esc: the list shows the blocked users disabled, the refused ones as they were.
    session.keys("Escape");
    let list = session.wait_for("the list again", |s| s.contains("50 marked"));
    assert!(list.contains("✗ no"), "{list}");
    let megan = list
        .lines()
        .find(|l| l.contains("Megan Bowen"))
        .unwrap_or_default();
    assert!(megan.trim_end().ends_with("yes"), "{list}");
    session.keys("q");
    session.wait_for("the app to exit", |s| s.contains("LAZYENTRA-EXITED"));
}

/// `:import` in the demo: Tab completes the file, the review refuses the bad rows, `y`
/// creates the rest with a progress dialog then a summary naming the passwords file, which
/// is owner-only and whose passwords never reach the screen.
#[test]
fn import_a_csv_from_the_command_prompt() {
    use std::fmt::Write as _;
    let home = tempfile::tempdir().unwrap();
    let mut file = String::from(
        "version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required,\
         Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] \
         Required\n",
    );
    for i in 0..20 {
        let _ = writeln!(file, "Tmux Hire {i},tmuxhire{i}@contoso.com,generate,No");
    }
    file.push_str("Bad Domain,bad@fabrikam.com,generate,No\nWeak,weak@contoso.com,password,No\n");
    std::fs::write(home.path().join("hires.csv"), file).unwrap();
    let Some(session) = launch(home.path(), "import") else {
        return;
    };
    session.wait_for("the user list", |s| s.contains("of 2,000"));

    session.keys(":");
    session.type_literally("import hi");
    session.keys("Tab");
    session.wait_for("the file completed", |s| s.contains(":import hires.csv"));
    session.keys("Enter");
    let review = session.wait_for("the review", |s| s.contains("will be created"));
    assert!(review.contains("20 users will be created"), "{review}");
    assert!(review.contains("2 rows refused"), "{review}");
    assert!(
        review.contains("fabrikam.com is not one of the tenant's domains"),
        "{review}"
    );
    assert!(
        review.contains("verified domains (GET /domains)"),
        "{review}"
    );

    session.keys("y");
    let summary = session.wait_for("the summary", |s| {
        s.contains("Import users: ✓ 20 of 20 done")
    });
    assert!(summary.contains("hires.passwords-"), "{summary}");
    // The file is trimmed to the users created through a `.part` file renamed over it, just
    // after the summary shows: wait until that rename is done.
    let listed = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(home.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("hires.passwords-"))
            .collect()
    };
    let start = Instant::now();
    while listed()
        .iter()
        .any(|p| p.to_string_lossy().ends_with(".part"))
    {
        assert!(
            start.elapsed() < LIMIT,
            "the passwords file is never trimmed"
        );
        std::thread::sleep(POLL);
    }
    let passwords = listed();
    assert_eq!(passwords.len(), 1, "{passwords:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&passwords[0])
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&passwords[0]).unwrap();
    let first = text.lines().nth(1).unwrap().split_once(',').unwrap().1;
    assert!(!summary.contains(first), "a password on screen: {summary}");

    session.keys("Escape");
    // Wait for the summary to close: an Esc followed at once by `/` reads as Alt-/.
    session.wait_for("the list again", |s| !s.contains("Skipped before sending"));
    session.keys("/");
    session.type_literally("tmuxhire1");
    session.wait_for("a created user in the list", |s| {
        s.contains("tmuxhire19@contoso.com")
    });
    session.keys("Escape");
    session.keys("Escape");
    // The filter gone before `q`: an Esc followed at once by `q` reads as Alt-q.
    session.wait_for("the whole list again", |s| {
        s.contains("more load as you scroll")
    });
    session.keys("q");
    session.wait_for("the app to exit", |s| s.contains("LAZYENTRA-EXITED"));
}

#[test]
fn t_switches_to_the_other_demo_tenant_under_its_own_header() {
    let home = tempfile::tempdir().unwrap();
    let Some(session) = launch(home.path(), "switch") else {
        return;
    };
    let contoso = session.wait_for("contoso's list under its header", |s| {
        s.contains("of 2,000") && s.contains("lazyentra › contoso · Contoso Ltd › Users")
    });
    assert!(contoso.contains("@contoso.com"), "{contoso}");
    session.keys("T");
    let picker = session.wait_for("the picker", |s| {
        s.contains("Switch to profile") && s.contains("fabrikam")
    });
    assert!(picker.contains("(current)"), "{picker}");
    session.type_literally("fab");
    session.keys("Enter");
    let fabrikam = session.wait_for("fabrikam's list under its header", |s| {
        s.contains("lazyentra › fabrikam · Fabrikam Inc read-only › Users")
            && s.contains("of 120")
            && s.contains("@fabrikam.com")
    });
    assert!(!fabrikam.contains("@contoso.com"), "{fabrikam}");
    // And back, by name: contoso's list again, under its own header.
    session.keys(":");
    session.type_literally("tenant contoso");
    session.keys("Enter");
    session.wait_for("contoso again", |s| {
        s.contains("of 2,000") && s.contains("lazyentra › contoso · Contoso Ltd › Users")
    });
    session.keys("q");
    session.wait_for("the app to exit", |s| s.contains("LAZYENTRA-EXITED"));
}
