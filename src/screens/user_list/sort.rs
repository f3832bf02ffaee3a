//! `s` and `S`: sort the loaded rows by a column, at once. While pages are still to come, a
//! column Graph can sort by (display name, UPN, created) is listed again with `$orderby`, so
//! the first pages hold the first users of that order; for the others the status line says
//! only the loaded rows are sorted.

use super::columns::Field;
use super::filter::Sort;
use super::paging;
use super::state::Restore;
use crate::effect::Effects;
use crate::keymap::Action;
use crate::state::{Notice, State};
use crate::widgets::text::thousands;

/// `s`: the next column shown, left to right (after the last, the order Graph listed them in).
pub(super) fn cycle(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let fields: Vec<Field> = list.columns.fields().collect();
    let next = match list.sort {
        None => fields.first().copied(),
        Some(sort) => fields
            .iter()
            .position(|f| *f == sort.column)
            .and_then(|i| fields.get(i + 1).copied()),
    };
    list.sort = next.map(|column| Sort {
        column,
        descending: false,
    });
    sorted(state, fx);
}

/// `S`: the other direction (sorting by display name first when unsorted).
pub(super) fn reverse(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.sort = Some(match list.sort {
        Some(sort) => Sort {
            descending: !sort.descending,
            ..sort
        },
        None => Sort {
            column: list.columns.fields().next().unwrap_or(Field::DisplayName),
            descending: true,
        },
    });
    sorted(state, fx);
}

fn sorted(state: &mut State, fx: &mut Effects) {
    let load_all = state.keymap.short(Action::LoadAll);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.refilter();
    let by_graph = list.sort.and_then(Sort::graph_order);
    if list.next.is_some() && by_graph.is_some() && by_graph != list.listed_by {
        let what = list.sort.map(describe).unwrap_or_default();
        let restore = list.selected_row().map(|r| Restore {
            done: Some(format!("{what}: Graph listed them in that order")),
            id: r.id(),
            index: list.selected,
        });
        paging::start(state, restore, false, fx);
        state.status.notice = Some(Notice::Info(format!(
            "{what}: listing again in that order from Graph"
        )));
        return;
    }
    let what = match list.sort {
        Some(sort) => describe(sort),
        None => "In the order Graph listed them".to_owned(),
    };
    let say = if list.next.is_some() && by_graph.is_some() {
        format!("{what}, as Graph lists them")
    } else if list.next.is_some() {
        format!(
            "{what}: sorted the {} loaded; {load_all} loads all",
            thousands(list.rows.len() as u64)
        )
    } else {
        what
    };
    state.status.notice = Some(Notice::Info(say));
    paging::scroll_into_view(state);
}

/// "Sorted by job title ↑".
fn describe(sort: Sort) -> String {
    let arrow = if sort.descending { "↓" } else { "↑" };
    format!("Sorted by {} {arrow}", sort.column.label())
}
