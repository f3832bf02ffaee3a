//! The list's columns and saved views: using a new set of columns (from the chooser, `c`, or
//! a view), saving the list's view as `[views.NAME]` (`:view save NAME`, or Ctrl-S in the
//! chooser) and recalling one (`:view NAME`).
//!
//! Graph sends only the properties `$select` names, so a column whose property the loaded rows
//! were not asked for loads the list again (the selected user selected again); a column taken
//! away or moved, or a width, changes only the drawing.

use std::path::PathBuf;

use super::columns::{Columns, Field};
use super::filter::Sort;
use super::{Restore, paging, search};
use crate::config::views::{SavedView, ViewColumn, ViewSort, name_problem};
use crate::config::write::WriteError;
use crate::effect::Effects;
use crate::keymap::Action;
use crate::state::{Notice, State};

/// Shows `columns`; loads the list again when one needs a property the loaded rows lack.
/// A sort by a column no longer shown is dropped. Returns whether the list loads again.
pub fn set_columns(state: &mut State, columns: Columns, fx: &mut Effects) -> bool {
    let connected = state.session.is_some();
    let Some(list) = state.screens.list_mut() else {
        return false;
    };
    if list.sort.is_some_and(|s| !columns.contains(s.column)) {
        list.sort = None;
    }
    let missing: Vec<Field> = columns
        .fields()
        .filter(|f| !f.always_fetched() && !list.asked.contains(&f.property()))
        .collect();
    list.columns = columns;
    list.refilter();
    let reload = connected && list.loaded && !missing.is_empty();
    if reload {
        let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
        let restore = list.selected_row().map(|r| Restore {
            id: r.id(),
            index: list.selected,
            done: Some(format!(
                "Loaded the users again with their {}",
                names.join(", ")
            )),
        });
        paging::load(state, restore, fx);
        state.status.notice = Some(Notice::Info(format!(
            "Loading the users again with their {}: Graph sends only the columns it is asked for",
            names.join(", ")
        )));
    }
    paging::scroll_into_view(state);
    reload
}

/// The list's view as a saved view holds it.
fn current(state: &State) -> Option<SavedView> {
    let list = state.screens.list()?;
    Some(SavedView {
        columns: list
            .columns
            .0
            .iter()
            .map(|shown| ViewColumn {
                property: shown.field.property(),
                width: shown.width,
            })
            .collect(),
        sort: list.sort.map(|s| ViewSort {
            property: s.column.property(),
            descending: s.descending,
        }),
        filter: list.search.text(),
    })
}

/// `:view save NAME`: the list's columns, sort and filter go into the config file.
pub fn save(state: &mut State, name: &str, fx: &mut Effects) {
    if let Some(problem) = name_problem(name) {
        state.status.notice = Some(Notice::Refused(format!(
            "Cannot save the view as \"{name}\": {problem}"
        )));
        return;
    }
    let Some(view) = current(state) else {
        return;
    };
    state.status.notice = Some(Notice::Info(format!("Saving view {name}…")));
    fx.save_view(name.to_owned(), view);
}

/// The config file was written (or not).
pub fn saved(state: &mut State, name: &str, view: SavedView, result: Result<PathBuf, WriteError>) {
    match result {
        Ok(file) => {
            let replaced = state.views.insert(name.to_owned(), view).is_some();
            let what = if replaced { "Replaced" } else { "Saved" };
            state.status.notice = Some(Notice::Success(format!(
                "{what} view {name} in {}: :view {name} recalls it",
                file.display()
            )));
        }
        Err(e) => {
            state.status.notice = Some(Notice::Refused(format!("View {name} not saved: {e}")));
        }
    }
}

/// `:view NAME`: the saved view's columns, sort and filter on the list.
pub fn recall(state: &mut State, name: &str, fx: &mut Effects) {
    let Some(view) = state.views.get(name).cloned() else {
        let names: Vec<&str> = state.views.keys().map(String::as_str).collect();
        let why = match crate::spelling::closest(name, names.iter().copied()) {
            Some(close) => format!("No view \"{name}\"; did you mean \"{close}\"?"),
            None if names.is_empty() => format!(
                "No view \"{name}\": none is saved yet ({} chooses columns, Ctrl-S there or :view save NAME saves one)",
                state.keymap.short(Action::Columns)
            ),
            None => format!("No view \"{name}\"; the views: {}", names.join(", ")),
        };
        state.status.notice = Some(Notice::Refused(why));
        return;
    };
    let (columns, sort) = (Columns::of_view(&view), Sort::of_view(&view));
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.sort = sort;
    let reloads = set_columns(state, columns, fx);
    let filter = view.filter.clone().unwrap_or_default();
    search::filter_to(state, &filter, fx);
    if !reloads {
        let mut said = vec![format!("View {name}")];
        if let Some(sort) = sort {
            let arrow = if sort.descending { "↓" } else { "↑" };
            said.push(format!("sorted by {} {arrow}", sort.column.label()));
        }
        if let Some(filter) = &view.filter {
            said.push(format!("filtered by {filter}"));
        }
        state.status.notice = Some(Notice::Info(said.join(", ")));
    }
}
