//! The export dialog through the reducer: opening it, the suggested name and format, what
//! Enter hands the shell (the rows shown, in the order shown), progress, success, a failure
//! that keeps the text, replacing an existing file only when confirmed, and Esc.

use std::path::PathBuf;

use crossterm::event::KeyCode;

use super::*;
use crate::export::table::{Cell, Format};
use crate::export::writer::Summary;
use crate::fixtures::{
    self, ch, export_job, notice, ok, one_run, open_export, page, press, token, type_text, users,
};
use crate::graph::User;
use crate::runtime::worker::Reply;
use crate::screens::user_list::columns::Columns;
use crate::update::{Effect, Msg, update};

/// Signed in, the list loaded with `first` (and more pages when `more`).
fn listed(first: Vec<User>, more: bool) -> State {
    let mut state = fixtures::state();
    state.size = (120, 40);
    let (id, _) = one_run(&update(&mut state, press(KeyCode::Enter)));
    let token = token(&["User.Read.All"]);
    let (id, _) = fixtures::listing(&update(
        &mut state,
        ok(id, Reply::Connected(Box::new(token))),
    ));
    let next = more.then_some(fixtures::NEXT_LINK);
    update(&mut state, ok(id, page(first, next, Some(2000))));
    state
}

fn prompt(state: &State) -> &ExportPrompt {
    state
        .screens
        .top_as::<ExportPrompt>()
        .expect("the export dialog is in front")
}

fn done(id: u64, result: Result<Exported, ExportError>) -> Msg {
    Msg::Export(ExportMsg::Done { id, result })
}

fn exported(path: &str, rows: u64) -> Exported {
    Exported {
        path: PathBuf::from(path),
        summary: Summary {
            rows,
            formula_like: 0,
        },
    }
}

#[test]
fn x_opens_the_dialog_with_a_timestamped_name_and_tab_switches_the_format() {
    let mut state = listed(users(), false);
    open_export(&mut state);
    assert_eq!(
        prompt(&state).path.value(),
        "lazyentra-users-20261202-031500.csv"
    );
    assert_eq!(prompt(&state).format, Format::Csv);
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(prompt(&state).format, Format::Json);
    assert_eq!(
        prompt(&state).path.value(),
        "lazyentra-users-20261202-031500.json"
    );
    // A name of the user's own keeps its extension unless it is the old format's.
    for _ in 0..".json".len() {
        update(&mut state, press(KeyCode::Backspace));
    }
    type_text(&mut state, ".txt");
    update(&mut state, press(KeyCode::BackTab));
    assert_eq!(prompt(&state).format, Format::Csv);
    assert_eq!(
        prompt(&state).path.value(),
        "lazyentra-users-20261202-031500.txt"
    );
    // Letters, `q` and `?` are typed, never actions.
    type_text(&mut state, "xq?");
    assert!(prompt(&state).path.value().ends_with(".txtxq?"));
    assert!(!state.quit && !state.help);
}

#[test]
fn esc_closes_the_dialog_and_nothing_is_written() {
    let mut state = listed(users(), false);
    open_export(&mut state);
    type_text(&mut state, "more");
    let fx = update(&mut state, press(KeyCode::Esc));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.screens.find::<ExportPrompt>().is_none());
    assert!(state.screens.list().is_some());
}

#[test]
fn enter_hands_over_the_rows_shown_in_the_order_shown_with_the_lists_columns() {
    let mut state = listed(users(), false);
    // Filter to the Research department's members, sorted by display name.
    update(&mut state, ch('/'));
    type_text(&mut state, "dept:research member");
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('s'));
    let shown: Vec<String> = {
        let list = state.screens.list().unwrap();
        (0..list.shown.len())
            .map(|i| list.shown_row(i).unwrap().upn().to_owned())
            .collect()
    };
    assert!(shown.len() > 2 && shown.len() < users().len(), "{shown:?}");
    open_export(&mut state);
    let fx = update(&mut state, press(KeyCode::Enter));
    let job = export_job(&fx);
    assert_eq!(job.path, "lazyentra-users-20261202-031500.csv");
    assert_eq!((job.format, job.replace), (Format::Csv, false));
    assert_eq!(job.table.columns, Columns::default().export_columns());
    assert_eq!(job.table.columns[1].property, "userPrincipalName");
    let upns: Vec<String> = job
        .table
        .rows()
        .map(|row| match &row[1] {
            Cell::Text(upn) => upn.to_string(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(upns, shown);
    // Graph's values, not the table's drawing of them.
    let first = job.table.rows().next().unwrap();
    assert_eq!(first[5], Cell::Text("Member".into()));
    assert_eq!(first[6], Cell::Bool(true));
    // While it is written the dialog shows progress and takes no keys but Esc.
    assert_eq!(
        prompt(&state).writing,
        Some(Writing {
            id: job.id,
            written: 0,
            total: shown.len() as u64
        })
    );
    update(
        &mut state,
        Msg::Export(ExportMsg::Progress {
            id: job.id,
            rows: 2,
        }),
    );
    assert_eq!(prompt(&state).writing.unwrap().written, 2);
    assert!(update(&mut state, press(KeyCode::Enter)).is_empty());
    type_text(&mut state, "abc");
    assert_eq!(prompt(&state).path.value(), job.path);

    let path = "/home/ana/lazyentra-users-20261202-031500.csv";
    update(&mut state, done(job.id, Ok(exported(path, 7))));
    assert!(state.screens.find::<ExportPrompt>().is_none());
    assert_eq!(notice(&state), format!("Exported 7 users to {path}"));
    assert!(matches!(state.status.notice, Some(Notice::Success(_))));
}

#[test]
fn a_failure_keeps_the_dialog_and_its_text_and_says_what_to_do() {
    let mut state = listed(users(), false);
    open_export(&mut state);
    for _ in 0..prompt(&state).path.value().chars().count() {
        update(&mut state, press(KeyCode::Backspace));
    }
    type_text(&mut state, "/nope/users.csv");
    let job = export_job(&update(&mut state, press(KeyCode::Enter)));
    let before = state.status.notice.clone();
    let missing = ExportError::NoFolder {
        folder: PathBuf::from("/nope"),
    };
    update(&mut state, done(job.id, Err(missing.clone())));
    let shown = prompt(&state);
    assert_eq!(shown.path.value(), "/nope/users.csv");
    assert_eq!(shown.problem, Some(missing));
    assert_eq!(shown.writing, None);
    assert_eq!(
        state.status.notice, before,
        "the dialog says it, not the status line"
    );
    // Editing the path clears what was said about the old one; Enter tries again.
    update(&mut state, press(KeyCode::Backspace));
    assert_eq!(prompt(&state).problem, None);
    export_job(&update(&mut state, press(KeyCode::Enter)));
}

#[test]
fn an_existing_file_is_replaced_only_after_a_second_enter_with_the_same_path() {
    let mut state = listed(users(), false);
    open_export(&mut state);
    let job = export_job(&update(&mut state, press(KeyCode::Enter)));
    let path = PathBuf::from("/home/ana/lazyentra-users-20261202-031500.csv");
    update(
        &mut state,
        done(job.id, Err(ExportError::Exists { path: path.clone() })),
    );
    assert!(prompt(&state).replaces());
    let again = export_job(&update(&mut state, press(KeyCode::Enter)));
    assert!(again.replace, "the second Enter replaces");
    update(
        &mut state,
        done(again.id, Err(ExportError::Exists { path })),
    );
    // Any edit, or another format, asks again.
    type_text(&mut state, "x");
    update(&mut state, press(KeyCode::Backspace));
    assert!(!prompt(&state).replaces());
    assert!(!export_job(&update(&mut state, press(KeyCode::Enter))).replace);
}

#[test]
fn esc_while_writing_cancels_it_and_a_late_answer_changes_nothing() {
    let mut state = listed(users(), false);
    open_export(&mut state);
    let job = export_job(&update(&mut state, press(KeyCode::Enter)));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(fx, [Effect::CancelExport(job.id)]);
    assert!(state.screens.find::<ExportPrompt>().is_none());
    assert_eq!(notice(&state), "Export cancelled: nothing was written");
    update(&mut state, done(job.id, Err(ExportError::Cancelled)));
    assert_eq!(notice(&state), "Export cancelled: nothing was written");
    // A failure of an export whose dialog is gone still reaches the status line.
    open_export(&mut state);
    let job = export_job(&update(&mut state, press(KeyCode::Enter)));
    state.screens.close::<ExportPrompt>();
    let full = ExportError::Full {
        path: PathBuf::from("/x.csv"),
    };
    update(&mut state, done(job.id, Err(full)));
    assert!(
        notice(&state).starts_with("Export failed: the disk is full"),
        "{}",
        notice(&state)
    );
}

#[test]
fn nothing_shown_nothing_to_export() {
    let mut state = listed(users(), false);
    update(&mut state, ch('/'));
    type_text(&mut state, "no-such-user-anywhere");
    update(&mut state, press(KeyCode::Enter));
    let fx = update(&mut state, ch('x'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.screens.find::<ExportPrompt>().is_none());
    assert_eq!(
        notice(&state),
        "Nothing to export: the filter shows no users (Esc clears it)"
    );
}

#[test]
fn spreadsheet_formulas_are_mentioned_not_rewritten() {
    let mut state = listed(users(), false);
    open_export(&mut state);
    let job = export_job(&update(&mut state, press(KeyCode::Enter)));
    let mut done_ = exported("/x.csv", 1);
    done_.summary.formula_like = 3;
    update(&mut state, done(job.id, Ok(done_)));
    assert_eq!(
        notice(&state),
        "Exported 1 user to /x.csv · 3 cells start with = + - or @: a spreadsheet may read \
         them as formulas"
    );
}
