//! `s` and `S`: sort the loaded rows by a column, at once. Graph is not asked (`$orderby`):
//! while pages are still to come the status line says only the loaded rows are sorted.

use super::filter::{Sort, SortColumn};
use super::paging;
use crate::keymap::Action;
use crate::state::{Notice, State};
use crate::widgets::text::thousands;

/// `s`: the next column (after the last, the order Graph listed them in).
pub(super) fn cycle(state: &mut State) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.sort = SortColumn::next(list.sort.map(|s| s.column)).map(|column| Sort {
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
            column: SortColumn::Name,
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
