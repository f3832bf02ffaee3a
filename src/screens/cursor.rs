//! A cursor over rows and the window of rows shown: the arithmetic both lists (users, deleted
//! users) share, so moving and scrolling behave the same everywhere.

/// The row `delta` rows from `selected`, kept within `len` rows (`len` > 0).
pub fn moved(selected: usize, delta: isize, len: usize) -> usize {
    let target = (selected as isize).saturating_add(delta);
    target.clamp(0, len as isize - 1) as usize
}

/// `selected` kept within `len` rows, and the first row shown (`offset`) moved just enough
/// that it is among the `rows` shown, never leaving empty rows at the bottom while earlier
/// rows are hidden.
pub fn window(selected: usize, offset: usize, len: usize, rows: usize) -> (usize, usize) {
    let selected = selected.min(len.saturating_sub(1));
    let mut offset = offset;
    if selected < offset {
        offset = selected;
    } else if selected >= offset + rows {
        offset = selected + 1 - rows;
    }
    (selected, offset.min(len.saturating_sub(rows)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_in_the_rows_and_the_window_follows_it() {
        assert_eq!(moved(0, -1, 10), 0);
        assert_eq!(moved(5, isize::MAX / 2, 10), 9);
        assert_eq!(window(9, 0, 10, 4), (9, 6));
        assert_eq!(window(2, 6, 10, 4), (2, 2));
        assert_eq!(window(12, 0, 10, 4), (9, 6));
        assert_eq!(window(3, 8, 10, 4), (3, 3));
        assert_eq!(window(0, 5, 3, 4), (0, 0));
    }
}
