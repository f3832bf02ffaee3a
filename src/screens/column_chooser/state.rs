//! The column chooser's data: every column the list can show, shown ones first in their
//! order, each with whether it is shown and the width the user set; and the cursor. The
//! edits are plain methods, so the keys (`mod.rs`) only pick which.

use crate::config::views::MAX_WIDTH;
use crate::screens::user_list::columns::{Columns, Field, Shown};

/// Cells a width changes by per key press.
pub const WIDTH_STEP: u16 = 2;
/// The narrowest a column can be set.
pub const MIN_WIDTH: u16 = 3;

/// One column in the chooser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub field: Field,
    pub shown: bool,
    /// The width the user set; `None` adapts to the terminal.
    pub width: Option<u16>,
    /// How wide the list draws it now (for the first `+`/`-` on an adapting column); `0` for
    /// a shown column the terminal is too narrow for.
    pub drawn: Option<u16>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnChooser {
    pub items: Vec<Item>,
    pub cursor: usize,
    /// Why the last key did nothing (hiding the last shown column).
    pub problem: Option<String>,
}

impl ColumnChooser {
    /// The chooser for `columns`, which the list draws at `drawn` widths (by field).
    pub fn new(columns: &Columns, drawn: &[(Field, usize)]) -> ColumnChooser {
        let drawn_of = |field: Field| {
            drawn
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(Some(0), |(_, w)| u16::try_from(*w).ok())
        };
        let mut items: Vec<Item> = columns
            .0
            .iter()
            .map(|s| Item {
                field: s.field,
                shown: true,
                width: s.width,
                drawn: drawn_of(s.field),
            })
            .collect();
        for field in Field::ALL {
            if !columns.contains(field) {
                items.push(Item {
                    field,
                    shown: false,
                    width: None,
                    drawn: None,
                });
            }
        }
        ColumnChooser {
            items,
            cursor: 0,
            problem: None,
        }
    }

    /// The shown columns, in order.
    pub fn columns(&self) -> Columns {
        Columns(
            self.items
                .iter()
                .filter(|i| i.shown)
                .map(|i| Shown {
                    field: i.field,
                    width: i.width,
                })
                .collect(),
        )
    }

    /// Moves the cursor by `by` rows, stopping at the ends.
    pub fn move_cursor(&mut self, by: isize) {
        let last = self.items.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(by).min(last);
        self.problem = None;
    }

    /// Shows or hides the column under the cursor; the last shown one stays. The shown
    /// columns stay together at the top: one shown goes after them, the cursor with it (to
    /// move it at once); one hidden goes below them, and the next comes under the cursor.
    pub fn toggle(&mut self) {
        let shown = self.items.iter().filter(|i| i.shown).count();
        let Some(item) = self.items.get(self.cursor).copied() else {
            return;
        };
        if item.shown && shown == 1 {
            self.problem = Some("The list shows at least one column".to_owned());
            return;
        }
        self.items.remove(self.cursor);
        let to = if item.shown { shown - 1 } else { shown };
        self.items.insert(
            to,
            Item {
                shown: !item.shown,
                ..item
            },
        );
        if !item.shown {
            self.cursor = to;
        }
        self.problem = None;
    }

    /// Moves the column under the cursor up (`-1`) or down (`1`), the cursor with it.
    pub fn move_item(&mut self, by: isize) {
        let Some(to) = self.cursor.checked_add_signed(by) else {
            return;
        };
        if to >= self.items.len() {
            return;
        }
        self.items.swap(self.cursor, to);
        self.cursor = to;
        self.problem = None;
    }

    /// Widens (`steps` > 0) or narrows the column under the cursor, from the width it is
    /// drawn at when it adapts. A hidden column is shown.
    pub fn resize(&mut self, steps: i32) {
        let Some(item) = self.items.get_mut(self.cursor) else {
            return;
        };
        let from = item
            .width
            .or(item.drawn.filter(|d| *d > 0))
            .unwrap_or_else(|| u16::try_from(item.field.heading().len()).unwrap_or(10));
        let to = i32::from(from) + steps * i32::from(WIDTH_STEP);
        let to = to.clamp(i32::from(MIN_WIDTH), i32::from(MAX_WIDTH));
        item.width = u16::try_from(to).ok();
        item.shown = true;
        self.problem = None;
    }

    /// The column under the cursor adapts to the terminal again.
    pub fn auto_width(&mut self) {
        if let Some(item) = self.items.get_mut(self.cursor) {
            item.width = None;
        }
        self.problem = None;
    }
}
