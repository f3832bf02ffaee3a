//! A bad `[keys]` table stops lazyentra before it takes over the terminal: one clear line per
//! problem on stderr, exit status 2, no backtrace.

use std::process::Command;

#[test]
fn bad_key_bindings_are_reported_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys]\nexplode = \"x\"\nedit = \"ctlr-e\"\ndelete = \"ctrl-d\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lazyentra"))
        .arg("--config")
        .arg(&file)
        .arg("config")
        .env("XDG_STATE_HOME", dir.path())
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("[keys] explode: unknown action"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[keys] edit: unknown modifier 'ctlr'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[keys] delete: 'Ctrl-d' is a scrolling key"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("backtrace") && !stderr.contains("Location:"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn rebinding_works_for_known_actions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys]\ndelete = \"D\"\ndown = [\"j\", \"ctrl-n\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lazyentra"))
        .arg("--config")
        .arg(&file)
        .arg("config")
        .env("XDG_STATE_HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
