//! `s` and `S`: sort the loaded rows by a column, at once. Graph is not asked (`$orderby`):
//! while pages are still to come the status line says only the loaded rows are sorted.

use super::columns::Field;
use super::filter::Sort;
use super::paging;
use crate::keymap::Action;
use crate::state::{Notice, State};
use crate::widgets::text::thousands;

/// `s`: the next column shown, left to right (after the last, the order Graph listed them in).
pub(super) fn cycle(state: &mut State) {
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
    sorted(state);
}

/// `S`: the other direction (sorting by display name first when unsorted).
pub(super) fn reverse(state: &mut State) {
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
    sorted(state);
}

fn sorted(state: &mut State) {
    let load_all = state.keymap.short(Action::LoadAll);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.refilter();
    let what = match list.sort {
        Some(sort) => format!(
            "Sorted by {} {}",
            sort.column.label(),
            if sort.descending { "↓" } else { "↑" }
        ),
        None => "In the order Graph listed them".to_owned(),
    };
    let say = if list.next.is_some() {
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
