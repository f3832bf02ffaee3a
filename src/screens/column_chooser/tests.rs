//! The column chooser and saved views through the reducer: choosing, moving and sizing
//! columns, the listing that asks Graph for a new column, saving a view from the chooser and
//! the prompt, recalling it.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::config::views::{SavedView, ViewColumn, ViewSort};
use crate::fixtures::{self, ch, ctrl, listing, notice, ok, page, press, shown, type_text, users};
use crate::graph::ListQuery;
use crate::runtime::worker::Op;
use crate::screens::user_list::UserList;
use crate::screens::user_list::columns::{Columns, Field, Shown};
use crate::update::{Effect, Msg, update};

const ADMIN: &[&str] = &["User.ReadWrite.All"];

fn loaded() -> State {
    fixtures::listed_with(ADMIN, page(users(), None, Some(10)))
}

fn list(state: &State) -> &UserList {
    state.screens.list().unwrap()
}

fn chooser(state: &State) -> &ColumnChooser {
    state.screens.top_as::<ColumnChooser>().unwrap()
}

fn fields(state: &State) -> Vec<Field> {
    list(state).columns.fields().collect()
}

/// Moves the chooser's cursor to `field`.
fn to(state: &mut State, field: Field) {
    update(state, ch('g'));
    while chooser(state).items[chooser(state).cursor].field != field {
        update(state, ch('j'));
    }
}

/// Types a command line after `:` and runs it.
fn command(state: &mut State, line: &str) -> Vec<Effect> {
    update(state, ch(':'));
    type_text(state, line);
    update(state, press(KeyCode::Enter))
}

#[test]
fn c_lists_every_column_the_shown_ones_first() {
    let mut state = loaded();
    update(&mut state, ch('c'));
    let items = &chooser(&state).items;
    assert_eq!(items.len(), Field::ALL.len());
    let shown: Vec<Field> = items.iter().filter(|i| i.shown).map(|i| i.field).collect();
    assert_eq!(shown, fields(&state));
    assert!(items[..7].iter().all(|i| i.shown) && items[7..].iter().all(|i| !i.shown));
    assert!(
        items[0].drawn.is_some(),
        "the width it is drawn at is known"
    );
}

#[test]
fn showing_a_column_graph_did_not_send_loads_the_list_again_with_it() {
    let mut state = loaded();
    update(&mut state, ch('j'));
    let selected = list(&state).selected_row().unwrap().id();
    update(&mut state, ch('c'));
    to(&mut state, Field::City);
    update(&mut state, ch(' '));
    // Up, next to the department.
    update(&mut state, ch('K'));
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT)),
    );
    let fx = update(&mut state, press(KeyCode::Enter));
    assert!(!state.screens.has::<ColumnChooser>());
    assert_eq!(
        fields(&state),
        [
            Field::DisplayName,
            Field::Upn,
            Field::Mail,
            Field::JobTitle,
            Field::Department,
            Field::City,
            Field::UserType,
            Field::AccountEnabled,
        ]
    );
    let (id, op) = listing(&fx);
    assert!(
        matches!(&op, Op::ListRows(ListQuery { also_select, .. }) if *also_select == ["city"]),
        "{op:?}"
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Send(crate::runtime::worker::Command::Run { op: Op::TrackUsers(also), .. }) if *also == ["city"]))
    );
    assert!(notice(&state).contains("city"), "{}", notice(&state));
    update(&mut state, ok(id, page(users(), None, Some(10))));
    assert_eq!(notice(&state), "Loaded the users again with their city");
    assert_eq!(list(&state).selected_row().unwrap().id(), selected);
    assert_eq!(list(&state).asked, ["city"]);
    // Taken away again: nothing to read, the rows keep what they hold.
    update(&mut state, ch('c'));
    to(&mut state, Field::City);
    update(&mut state, ch(' '));
    let fx = update(&mut state, press(KeyCode::Enter));
    assert!(fixtures::runs(&fx).is_empty(), "{fx:?}");
    assert!(!list(&state).columns.contains(Field::City));
}

#[test]
fn moving_and_sizing_columns_changes_only_the_drawing() {
    let mut state = loaded();
    update(&mut state, ch('c'));
    to(&mut state, Field::Upn);
    update(&mut state, ch('K'));
    assert_eq!(chooser(&state).cursor, 0, "the cursor moves with it");
    let drawn = chooser(&state).items[0].drawn.unwrap();
    update(&mut state, ch('+'));
    update(&mut state, ch('+'));
    assert_eq!(chooser(&state).items[0].width, Some(drawn + 4));
    to(&mut state, Field::Mail);
    update(&mut state, ch('-'));
    update(&mut state, ch('='));
    assert_eq!(chooser(&state).items[2].width, None, "= adapts again");
    let fx = update(&mut state, press(KeyCode::Enter));
    assert!(fixtures::runs(&fx).is_empty());
    assert_eq!(
        list(&state).columns.0[..2],
        [
            Shown {
                field: Field::Upn,
                width: Some(drawn + 4)
            },
            Shown::auto(Field::DisplayName)
        ]
    );
    assert!(notice(&state).starts_with("Columns: User principal name, Display name"));
}

#[test]
fn esc_leaves_the_columns_and_the_last_one_cannot_go() {
    let mut state = loaded();
    update(&mut state, ch('c'));
    // Each hidden one goes below the shown ones; the next comes under the cursor.
    for _ in 0..7 {
        update(&mut state, ch(' '));
    }
    assert_eq!(
        chooser(&state).problem.as_deref(),
        Some("The list shows at least one column")
    );
    assert!(chooser(&state).items[0].shown);
    assert_eq!(chooser(&state).items[0].field, Field::AccountEnabled);
    assert!(chooser(&state).items[1..].iter().all(|i| !i.shown));
    update(&mut state, press(KeyCode::Esc));
    assert!(!state.screens.has::<ColumnChooser>());
    assert_eq!(list(&state).columns, Columns::default());
}

#[test]
fn a_sort_by_a_column_taken_away_is_dropped() {
    let mut state = loaded();
    for _ in 0..4 {
        update(&mut state, ch('s'));
    }
    assert_eq!(list(&state).sort.unwrap().column, Field::JobTitle);
    update(&mut state, ch('c'));
    to(&mut state, Field::JobTitle);
    update(&mut state, ch(' '));
    update(&mut state, press(KeyCode::Enter));
    assert_eq!(list(&state).sort, None);
    // `s` cycles through the columns shown.
    for _ in 0..4 {
        update(&mut state, ch('s'));
    }
    assert_eq!(list(&state).sort.unwrap().column, Field::Department);
}

/// The view `hr`: UPN first at 40 cells, city, sorted by department descending, filtered.
fn hr_view() -> SavedView {
    SavedView {
        columns: vec![
            ViewColumn {
                property: "userPrincipalName",
                width: Some(40),
            },
            ViewColumn {
                property: "displayName",
                width: None,
            },
            ViewColumn {
                property: "department",
                width: None,
            },
            ViewColumn {
                property: "city",
                width: None,
            },
        ],
        sort: Some(ViewSort {
            property: "department",
            descending: true,
        }),
        filter: Some("member".to_owned()),
    }
}

#[test]
fn ctrl_s_uses_the_columns_and_asks_a_name_to_save_them_as() {
    let mut state = loaded();
    update(&mut state, ch('/'));
    type_text(&mut state, "member");
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('c'));
    to(&mut state, Field::Upn);
    update(&mut state, ch('K'));
    update(&mut state, ch('+'));
    to(&mut state, Field::Mail);
    update(&mut state, ch(' '));
    to(&mut state, Field::City);
    update(&mut state, ch(' '));
    update(&mut state, ctrl('s'));
    assert!(!state.screens.has::<ColumnChooser>());
    let prompt = state
        .screens
        .top_as::<crate::screens::command_prompt::CommandPrompt>()
        .expect("the prompt asks the name");
    assert_eq!(prompt.input.value(), "view save ");
    type_text(&mut state, "hr");
    let fx = update(&mut state, press(KeyCode::Enter));
    let saved = fx.iter().find_map(|e| match e {
        Effect::SaveView { name, view } => Some((name.clone(), view.clone())),
        _ => None,
    });
    let (name, view) = saved.expect("a view to save");
    assert_eq!(name, "hr");
    let properties: Vec<&str> = view.columns.iter().map(|c| c.property).collect();
    assert_eq!(
        properties,
        [
            "userPrincipalName",
            "displayName",
            "jobTitle",
            "department",
            "userType",
            "accountEnabled",
            "city"
        ]
    );
    assert!(view.columns[0].width.is_some());
    assert_eq!(view.filter.as_deref(), Some("member"));
    // The shell wrote it.
    update(
        &mut state,
        Msg::ViewSaved {
            name,
            view: view.clone(),
            result: Ok(PathBuf::from("/home/ana/.config/lazyentra/config.toml")),
        },
    );
    assert_eq!(state.views.get("hr"), Some(&view));
    assert_eq!(
        notice(&state),
        "Saved view hr in /home/ana/.config/lazyentra/config.toml: :view hr recalls it"
    );
}

#[test]
fn a_failed_write_says_why_and_keeps_no_view() {
    let mut state = loaded();
    let fx = command(&mut state, "view save hr");
    let Some(Effect::SaveView { name, view }) = fx
        .into_iter()
        .find(|e| matches!(e, Effect::SaveView { .. }))
    else {
        panic!("no save");
    };
    update(
        &mut state,
        Msg::ViewSaved {
            name,
            view,
            result: Err(crate::config::write::WriteError::NoConfigDir),
        },
    );
    assert!(state.views.is_empty());
    assert!(notice(&state).starts_with("View hr not saved: there is no config directory"));
    // A name that cannot be a TOML key's plain name is refused before anything is written.
    let fx = command(&mut state, "view save a.b");
    assert!(!fx.iter().any(|e| matches!(e, Effect::SaveView { .. })));
    assert!(notice(&state).contains("letters, digits, - and _"));
}

#[test]
fn view_name_recalls_columns_sort_and_filter() {
    let mut state = loaded();
    state.views.insert("hr".to_owned(), hr_view());
    let fx = command(&mut state, "view hr");
    assert_eq!(
        list(&state).columns.0,
        [
            Shown {
                field: Field::Upn,
                width: Some(40)
            },
            Shown::auto(Field::DisplayName),
            Shown::auto(Field::Department),
            Shown::auto(Field::City),
        ]
    );
    let sort = list(&state).sort.unwrap();
    assert_eq!((sort.column, sort.descending), (Field::Department, true));
    assert_eq!(list(&state).search.input.value(), "member");
    assert!(!shown(&state).contains(&"Linus Guest".to_owned()));
    // City was not read: the list loads again with it.
    let (_, op) = listing(&fx);
    assert!(matches!(op, Op::ListRows(ListQuery { also_select, .. }) if also_select == ["city"]));
}

#[test]
fn an_unknown_view_gets_the_closest_name() {
    let mut state = loaded();
    let fx = command(&mut state, "view hr");
    assert!(fixtures::runs(&fx).is_empty());
    assert!(
        notice(&state).starts_with("No view \"hr\": none is saved yet (c chooses columns"),
        "{}",
        notice(&state)
    );
    state.views.insert("hr-leavers".to_owned(), hr_view());
    state.views.insert("sales".to_owned(), SavedView::default());
    command(&mut state, "view hr-laevers");
    assert_eq!(
        notice(&state),
        "No view \"hr-laevers\"; did you mean \"hr-leavers\"?"
    );
}

#[test]
fn tab_completes_a_view_name_on_the_prompt() {
    let mut state = loaded();
    state.views.insert("hr-leavers".to_owned(), hr_view());
    update(&mut state, ch(':'));
    type_text(&mut state, "view hr");
    update(&mut state, press(KeyCode::Tab));
    let prompt = state
        .screens
        .top_as::<crate::screens::command_prompt::CommandPrompt>()
        .unwrap();
    assert_eq!(prompt.input.value(), "view hr-leavers ");
}

#[test]
fn colon_export_opens_the_export_dialog_from_anywhere() {
    let mut state = loaded();
    update(&mut state, press(KeyCode::Enter));
    let fx = command(&mut state, "export");
    assert!(
        state
            .screens
            .has::<crate::screens::export_prompt::ExportPrompt>()
    );
    assert!(fx.contains(&Effect::ExportStamp));
}
