//! What the profile form and the removal dialog look like over the connect screen, at 80x24
//! and 120x40, as text snapshots (focus and errors also carry `›` and `✗`; the secret is `•`).

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::config::write::WriteError;
use crate::fixtures::{self, CONFIG_FILE, ctrl, key, type_text};
use crate::profile::ProfilesWritten;
use crate::state::State;
use crate::update::{Msg, update};

/// Snapshots `build()` at both sizes, named `<name>_<w>x<h>`.
fn both(name: &str, build: impl Fn() -> State) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut state = build();
        update(&mut state, Msg::Resize(w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| crate::ui::render(&state, frame))
            .unwrap();
        assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn added() -> State {
    let mut state = fixtures::profiles_state();
    key(&mut state, KeyCode::Char('a'));
    state
}

fn filled() -> State {
    let mut state = added();
    type_text(&mut state, "northwind");
    key(&mut state, KeyCode::Tab);
    type_text(&mut state, "northwind.onmicrosoft.com");
    key(&mut state, KeyCode::Tab);
    type_text(&mut state, "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
    key(&mut state, KeyCode::Tab);
    key(&mut state, KeyCode::Tab);
    type_text(&mut state, "Xy8Q~never-shown");
    key(&mut state, KeyCode::Tab);
    key(&mut state, KeyCode::Char(' '));
    state
}

#[test]
fn new_profile_form() {
    both("profile_form_new", added);
    both("profile_form_filled", filled);
    both("profile_form_invalid", || {
        let mut state = added();
        type_text(&mut state, "my tenant");
        key(&mut state, KeyCode::Tab);
        type_text(&mut state, "common");
        update(&mut state, ctrl('s'));
        state
    });
    both("profile_form_certificate", || {
        let mut state = added();
        for _ in 0..3 {
            key(&mut state, KeyCode::Tab);
        }
        key(&mut state, KeyCode::Char(' '));
        key(&mut state, KeyCode::Char(' '));
        state
    });
}

#[test]
fn a_failed_write_keeps_the_form() {
    both("profile_form_write_failed", || {
        let mut state = filled();
        update(&mut state, ctrl('s'));
        let written = ProfilesWritten {
            result: Err(WriteError::Io {
                what: "write",
                path: CONFIG_FILE.into(),
                reason: "Permission denied (os error 13)".into(),
            }),
            profiles: None,
        };
        update(&mut state, Msg::ProfilesWritten(Box::new(written)));
        state
    });
}

#[test]
fn edit_form() {
    both("profile_form_edit", || {
        let mut state = fixtures::profiles_state();
        key(&mut state, KeyCode::End);
        key(&mut state, KeyCode::Char('e'));
        state
    });
}

#[test]
fn remove_dialog() {
    both("profile_remove", || {
        let mut state = fixtures::profiles_state();
        key(&mut state, KeyCode::End);
        key(&mut state, KeyCode::Char('d'));
        state
    });
}
