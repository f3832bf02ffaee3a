//! A bad `[keys]` table stops lazyentra before it takes over the terminal: one clear line per
//! problem on stderr, exit status 2, no backtrace.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::process::Command;

use lazyentra::config::{Settings, Sources};
use lazyentra::keymap::Action;
use lazyentra::keymap::Keymap;

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

/// Loads `text` as a config file, as `lazyentra --config FILE` would, and builds the keymap
/// from its `[keys]` table: the same validation the binary runs before it starts.
fn keys_of(text: &str) -> Result<usize, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, text).unwrap();
    let sources = Sources {
        file: Some(file),
        ..Sources::default()
    };
    let settings = Settings::load_from(&sources).map_err(|e| e.to_string())?;
    Keymap::from_config(&settings.keys).map_err(|lines| lines.join("\n"))?;
    Ok(settings.keys.len())
}

/// The examples in README.md and config/default.toml are what people copy: each must load and
/// pass the keymap's checks, and together they must name every action there is.
#[test]
fn documented_key_examples_are_valid() {
    let readme = include_str!("../README.md");
    let mut blocks = readme.split("```toml\n").skip(1).map(|rest| {
        let end = rest
            .find("```")
            .expect("an unclosed ```toml block in README.md");
        &rest[..end]
    });
    let example = blocks
        .find(|block| block.contains("[keys]"))
        .expect("README.md has a ```toml example with a [keys] table");
    let remapped = keys_of(example).unwrap_or_else(|e| panic!("README.md example:\n{e}"));
    assert!(remapped > 0, "the README example remaps nothing");

    // default.toml only shows its examples as comments: uncomment them.
    let defaults = include_str!("../config/default.toml");
    let (_, keys) = defaults
        .split_once("[keys]\n")
        .expect("default.toml has a [keys] table");
    let uncommented: String = keys
        .lines()
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|line| line.contains(" = "))
        .flat_map(|line| [line, "\n"])
        .collect();
    let remapped = keys_of(&format!("[keys]\n{uncommented}"))
        .unwrap_or_else(|e| panic!("config/default.toml example:\n{e}"));
    assert!(remapped > 0, "default.toml shows no [keys] example");

    let keys_section = readme
        .split_once("\n## Keys\n")
        .and_then(|(_, rest)| rest.split("\n## ").next())
        .expect("README.md has a Keys section");
    let (actions_comment, _) = defaults.split_once("[keys]\n").unwrap();
    for action in Action::ALL {
        let name = action.name();
        assert!(
            keys_section.contains(&format!("`{name}`")),
            "README's Keys section does not mention `{name}`"
        );
        assert!(
            actions_comment.contains(&format!(" {name},"))
                || actions_comment.contains(&format!(" {name}.")),
            "default.toml's list of actions lacks {name}"
        );
    }
}
