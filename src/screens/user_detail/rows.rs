//! The detail's rows, built from the user and its relations: what the view draws and what the
//! cursor moves over. One function for both, so the row under the cursor is the row shown.
//!
//! The sections follow the Entra admin center (Identity, Job information with the manager,
//! Contact information, Settings with the last sign-ins), then what the admin center shows on
//! other tabs: direct reports, licences and group memberships (their rows: `sections.rs`).

use ratatui::text::{Line, Span};

use super::sections;
use super::state::{Load, Section, UserDetail};
use crate::graph::{Relation, User};
use crate::state::{Pending, State};
use crate::ui::theme::{DIM, KEY, SECTION};
use crate::widgets::{spinner, text};

/// The width of a property's label column.
pub(super) const LABEL_WIDTH: usize = 20;

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

impl Builder<'_> {
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

    fn text_field(&mut self, label: &str, value: &str) {
        let room = self.width.saturating_sub(LABEL_WIDTH + 2);
        let value = if value.is_empty() {
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

/// Every row of `detail` at `width` cells.
pub fn rows(detail: &UserDetail, state: &State, width: usize) -> Vec<Row> {
    let mut b = Builder {
        rows: Vec::new(),
        width,
        section: Section::Identity,
        n: 0,
        state,
        detail,
    };
    let user = &detail.user;
    let t = |v: &Option<String>| v.clone().unwrap_or_default();
    b.heading(Section::Identity, "Identity", false);
    b.text_field("Display name", &t(&user.display_name));
    b.text_field("First name", &t(&user.given_name));
    b.text_field("Last name", &t(&user.surname));
    b.text_field("User principal name", &t(&user.user_principal_name));
    b.text_field("Object ID", user.id.as_str());
    b.text_field("User type", &t(&user.user_type));
    let created = user
        .created_date_time
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string());
    b.text_field("Created", &created.unwrap_or_default());

    b.heading(Section::Job, "Job information", false);
    b.text_field("Job title", &t(&user.job_title));
    b.text_field("Department", &t(&user.department));
    b.text_field("Company name", &t(&user.company_name));
    b.text_field("Employee ID", &t(&user.employee_id));
    b.text_field("Office location", &t(&user.office_location));
    sections::manager(&mut b);

    sections::reports(&mut b);

    b.heading(Section::Contact, "Contact information", false);
    b.text_field("Email", &t(&user.mail));
    b.text_field("Mail nickname", &t(&user.mail_nickname));
    b.text_field("Mobile phone", &t(&user.mobile_phone));
    b.text_field("Business phone", &user.business_phones.join(", "));
    b.text_field("City", &t(&user.city));
    b.text_field("Country or region", &t(&user.country));

    b.heading(Section::Settings, "Settings", false);
    let enabled = match user.account_enabled {
        Some(true) => "Yes",
        Some(false) => "No (sign-in blocked)",
        None => "",
    };
    b.text_field("Account enabled", enabled);
    sections::sign_ins(&mut b);
    b.text_field("Usage location", &t(&user.usage_location));
    b.text_field("Preferred language", &t(&user.preferred_language));

    sections::licenses(&mut b);
    sections::groups(&mut b);
    b.rows
}
/// `s` cut or padded to exactly `width` cells.
pub(super) fn pad(s: &str, width: usize) -> String {
    let cut = text::truncate(s, width);
    let fill = width.saturating_sub(text::width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// The row at `key`; when it is gone (its section has fewer rows now), the nearest row of
/// its section before it, else the first row.
pub fn index_of(rows: &[Row], key: (Section, usize)) -> usize {
    rows.iter()
        .position(|r| r.key == key && !r.blank)
        .or_else(|| {
            rows.iter()
                .rposition(|r| !r.blank && r.key.0 == key.0 && r.key.1 <= key.1)
        })
        .unwrap_or(0)
}
