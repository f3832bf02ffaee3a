//! Names and values from Graph can hold control characters, ANSI escapes, and bidi overrides
//! and isolates. Wherever they are drawn they become visible replacement characters: nothing
//! reaches the terminal that could move the cursor or reorder a row, and no row shifts.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use crossterm::event::KeyCode;
use lazyentra::fixtures::{self, answer, key, users};
use lazyentra::graph::User;
use lazyentra::screens::user_form::UserForm;
use lazyentra::state::State;
use lazyentra::ui;
use lazyentra::update::{Msg, update};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

const SIZE: (u16, u16) = (120, 30);

/// Characters a terminal would act on or reorder by: they must never be drawn raw.
fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A signed-in list whose first user is `first`, the rest the usual sample.
fn listed_with(first: User) -> State {
    let mut state = fixtures::state();
    update(&mut state, Msg::Resize(SIZE.0, SIZE.1));
    let id = fixtures::connect(&mut state, &["User.ReadWrite.All"]);
    let mut all = vec![first];
    all.extend(users());
    answer(&mut state, id, Ok(fixtures::page(all, None, Some(11))));
    state
}

fn draw(state: &State) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
    terminal.draw(|frame| ui::render(state, frame)).unwrap();
    terminal
}

/// Row `y` as a terminal shows it, and the column where each cell's text starts.
fn row(buffer: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut cells = Vec::new();
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol().to_owned();
        let width = symbol.width().max(1) as u16;
        cells.push((x, symbol));
        x += width;
    }
    cells
}

fn assert_nothing_hostile(buffer: &Buffer) {
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                !symbol.chars().any(is_hostile),
                "raw {symbol:?} at ({x},{y})"
            );
        }
    }
}

/// The column where `needle` starts on row `y`, as a terminal shows the row.
fn column_of(buffer: &Buffer, y: u16, needle: &str) -> u16 {
    let cells = row(buffer, y);
    let symbols: Vec<&str> = cells.iter().map(|(_, s)| s.as_str()).collect();
    let wanted: Vec<String> = needle.chars().map(String::from).collect();
    let at = (0..=symbols.len().saturating_sub(wanted.len()))
        .rev()
        .find(|&i| wanted.iter().enumerate().all(|(k, w)| symbols[i + k] == w))
        .unwrap_or_else(|| panic!("{needle:?} not on row {y}: {:?}", symbols.concat()));
    cells[at].0
}

/// The hostile user's row (the first) keeps its columns under their headers: its Enabled value
/// starts where the header does, and the row is as wide as the terminal.
fn assert_row_aligned(buffer: &Buffer) {
    let header = column_of(buffer, 2, "Enabled");
    assert_eq!(column_of(buffer, 3, "yes"), header, "the row shifted");
    let cells = row(buffer, 3);
    let (x, last) = cells.last().unwrap();
    assert_eq!(
        x + last.width().max(1) as u16,
        SIZE.0,
        "the row is as wide as the screen"
    );
}

fn hostile_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        3 => any::<char>(),
        1 => prop::sample::select(vec![
            '\u{1b}', '\n', '\r', '\t', '\u{7}', '\u{7f}', '\u{85}', '\u{202E}', '\u{202D}',
            '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}', '山', 'é', '\u{301}',
        ]),
    ];
    prop::collection::vec(c, 1..40).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hostile_names_never_reach_the_terminal_or_shift_a_row(
        name in hostile_text(),
        upn in hostile_text(),
        title in hostile_text(),
    ) {
        let mut user = fixtures::user(99, "Plain", "plain");
        user.display_name = Some(name);
        user.user_principal_name = Some(upn);
        user.job_title = Some(title);
        let mut state = listed_with(user.clone());
        let terminal = draw(&state);
        assert_nothing_hostile(terminal.backend().buffer());
        assert_row_aligned(terminal.backend().buffer());
        // The detail (the row's columns, then the user read whole), the breadcrumb, the edit
        // form and the delete dialog too.
        let fx = key(&mut state, KeyCode::Enter);
        assert_nothing_hostile(draw(&state).backend().buffer());
        fixtures::answer_reads(&mut state, &fx, std::slice::from_ref(&user));
        assert_nothing_hostile(draw(&state).backend().buffer());
        key(&mut state, KeyCode::Char('e'));
        assert!(state.screens.top_as::<UserForm>().is_some());
        assert_nothing_hostile(draw(&state).backend().buffer());
        key(&mut state, KeyCode::Esc);
        key(&mut state, KeyCode::Char('d'));
        assert_nothing_hostile(draw(&state).backend().buffer());
    }
}

#[test]
fn a_right_to_left_override_shows_the_same_in_the_list_and_the_detail() {
    let mut user = fixtures::user(99, "Plain", "plain");
    user.display_name = Some("invoice\u{202E}gpj.exe".to_owned());
    let mut state = listed_with(user);
    let shown = |state: &State| -> String {
        let terminal = draw(state);
        let buffer = terminal.backend().buffer();
        (0..SIZE.1)
            .map(|y| {
                row(buffer, y)
                    .into_iter()
                    .map(|(_, s)| s)
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        shown(&state).contains("invoice\u{FFFD}gpj.exe"),
        "{}",
        shown(&state)
    );
    let _ = key(&mut state, KeyCode::Enter);
    let detail = shown(&state);
    assert!(detail.contains("invoice\u{FFFD}gpj.exe"), "{detail}");
    // Not a reordered "exe.jpg": the override is visible, never applied.
    assert!(!detail.contains('\u{202E}'));
}
