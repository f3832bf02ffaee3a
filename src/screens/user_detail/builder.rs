//! Building the detail's rows top to bottom: the row type, the builder the sections write
//! into (`rows.rs` the properties, `sections.rs` the relations), and the column helpers both use.

use ratatui::text::{Line, Span};

use super::state::{Load, Section, UserDetail};
use crate::graph::{Relation, User};
use crate::state::{Pending, State};
use crate::ui::theme::{DIM, KEY, SECTION};
use crate::widgets::{spinner, text};

/// The width of a property's label column.
pub(super) const LABEL_WIDTH: usize = 20;

/// The properties the list holds, which a detail opened from it shows before the rest is read.
const FROM_THE_LIST: [&str; 9] = [
    "Display name",
    "User principal name",
    "Object ID",
    "User type",
    "Created",
    "Job title",
    "Department",
    "Email",
    "Account enabled",
];

/// One row of the detail.
#[derive(Clone, Debug)]
pub struct Row {
    /// Where the row is: its section and its place there. The cursor keeps this, so it stays
    /// on its row while rows above it arrive.
    pub key: (Section, usize),
    pub line: Line<'static>,
    /// A section's heading: Tab moves between these.
    pub heading: bool,
    /// The empty row between sections: the cursor passes over it.
    pub blank: bool,
    /// The user Enter opens from here (the manager, a direct report).
    pub opens: Option<User>,
}

/// Builds the rows top to bottom, numbering each within its section.
pub(super) struct Builder<'a> {
    rows: Vec<Row>,
    width: usize,
    section: Section,
    n: usize,
    pub(super) state: &'a State,
    pub(super) detail: &'a UserDetail,
}

impl<'a> Builder<'a> {
    pub(super) fn new(state: &'a State, detail: &'a UserDetail, width: usize) -> Self {
        Builder {
            rows: Vec::new(),
            width,
            section: Section::Identity,
            n: 0,
            state,
            detail,
        }
    }

    pub(super) fn into_rows(self) -> Vec<Row> {
        self.rows
    }

    fn push(&mut self, line: Line<'static>, opens: Option<User>) {
        self.rows.push(Row {
            key: (self.section, self.n),
            line,
            heading: false,
            blank: false,
            opens,
        });
        self.n += 1;
    }

    /// Starts `section`, after an empty row unless it is the first.
    pub(super) fn heading(&mut self, section: Section, title: &str, busy: bool) {
        if !self.rows.is_empty() {
            self.rows.push(Row {
                key: (self.section, usize::MAX),
                line: Line::raw(""),
                heading: false,
                blank: true,
                opens: None,
            });
        }
        self.section = section;
        self.n = 0;
        let mut spans = vec![Span::styled(title.to_owned(), SECTION)];
        if busy {
            spans.push(Span::styled(
                format!("  {} loading", spinner(self.state.tick)),
                KEY,
            ));
        }
        self.rows.push(Row {
            key: (section, 0),
            line: Line::from(spans),
            heading: true,
            blank: false,
            opens: None,
        });
        self.n = 1;
    }

    /// `label` and its value, in the two columns of a property.
    pub(super) fn field(&mut self, label: &str, value: Vec<Span<'static>>, opens: Option<User>) {
        let mut spans = vec![Span::styled(format!("  {label:<LABEL_WIDTH$}"), DIM)];
        spans.extend(value);
        self.push(Line::from(spans), opens);
    }

    /// Until the user is read (`complete`), an empty property the list does not hold shows
    /// `…`, not `—`: it is not known to be unset yet.
    pub(super) fn text_field(&mut self, label: &str, value: &str) {
        let room = self.width.saturating_sub(LABEL_WIDTH + 2);
        let known = self.detail.complete || self.detail.gone || FROM_THE_LIST.contains(&label);
        let value = if value.is_empty() && !known {
            Span::styled("…", DIM)
        } else if value.is_empty() {
            Span::styled("—", DIM)
        } else {
            Span::raw(text::truncate(value, room))
        };
        self.field(label, vec![value], None);
    }

    /// A row below a heading, indented like the properties.
    pub(super) fn item(&mut self, spans: Vec<Span<'static>>, opens: Option<User>) {
        let mut line = vec![Span::raw("  ")];
        line.extend(spans);
        self.push(Line::from(line), opens);
    }

    pub(super) fn loading(&self, relation: Relation) -> bool {
        loading(self.state, self.detail, relation)
    }

    pub(super) fn room(&self, used: usize) -> usize {
        self.width.saturating_sub(used)
    }
}

/// Whether `relation` of this detail is being read: asked for, or about to be (the user is
/// still being refreshed and the relation has no answer yet).
pub fn loading(state: &State, detail: &UserDetail, relation: Relation) -> bool {
    state.is_pending(|p| match p {
        Pending::Detail(Load::Related {
            view, relation: r, ..
        }) => *view == detail.view && *r == relation,
        Pending::Detail(Load::Refresh { view, .. }) => {
            *view == detail.view && !detail.relations.answered(relation)
        }
        _ => false,
    })
}

/// `s` cut or padded to exactly `width` cells.
pub(super) fn pad(s: &str, width: usize) -> String {
    let cut = text::truncate(s, width);
    let fill = width.saturating_sub(text::width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}
