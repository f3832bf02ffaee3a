//! What a bulk job did: the counts, what was skipped before sending, whether it was stopped,
//! and every failure with the user, Graph's status, code and message and the failed request's
//! own request-id (what Microsoft support asks for). The cursor moves over the failures; `x`
//! writes every user of the job with its outcome to a CSV (or JSON) file through the export
//! dialog, created readable by the owner only. Esc closes it.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::cursor;
use super::export_prompt::{ExportPrompt, Source};
use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use crate::effect::Effects;
use crate::export::table::{Column, Table, Value};
use crate::graph::GraphError;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;

pub use state::{BulkSummary, Ended, SummaryItem};

/// The export's columns: who, what was asked, how it ended, and Graph's answer.
pub static COLUMNS: [Column; 9] = [
    Column {
        title: "Display name",
        property: "displayName",
    },
    Column {
        title: "User principal name",
        property: "userPrincipalName",
    },
    Column {
        title: "Object ID",
        property: "id",
    },
    Column {
        title: "Operation",
        property: "operation",
    },
    Column {
        title: "Outcome",
        property: "outcome",
    },
    Column {
        title: "Status",
        property: "status",
    },
    Column {
        title: "Error code",
        property: "code",
    },
    Column {
        title: "Message",
        property: "message",
    },
    Column {
        title: "Request ID",
        property: "requestId",
    },
];

impl ScreenView for BulkSummary {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::BulkSummary
    }

    fn crumb(&self) -> Option<String> {
        Some(format!("{}: summary", self.title))
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::BulkSummary;
        let mut hints = vec![
            Hint::action_in(km, Action::Export, c, "export to CSV", 8),
            Hint::action_in(km, Action::Back, c, "close", 9),
        ];
        if self.failures.len() > 1 {
            hints.push(Hint::fixed(
                &format!(
                    "{}/{}",
                    km.short_in(Action::Up, c),
                    km.short_in(Action::Down, c)
                ),
                "move",
                5,
            ));
        }
        hints.push(Hint::action(km, Action::Help, "help", 4));
        hints
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(
            state,
            &format!("{}: summary", self.title),
            Context::BulkSummary,
        )
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let rows = view::failure_rows(state.size);
    let Some(summary) = state.screens.top_as_mut::<BulkSummary>() else {
        return;
    };
    let len = summary.failures.len().max(1);
    let page = (rows / 3).max(1) as isize;
    let delta = match state.keymap.action(Context::BulkSummary, key) {
        Some(Action::Up) => -1,
        Some(Action::Down) => 1,
        Some(Action::PageUp) => -page,
        Some(Action::PageDown) => page,
        Some(Action::First) => isize::MIN / 2,
        Some(Action::Last) => isize::MAX / 2,
        Some(Action::Export) => {
            export(state, fx);
            return;
        }
        Some(Action::Back) => {
            state.screens.pop();
            return;
        }
        _ => return,
    };
    summary.selected = cursor::moved(summary.selected, delta, len);
}

/// `x`: the export dialog, over the summary, with every user of the job and its outcome.
fn export(state: &mut State, fx: &mut Effects) {
    let Some(summary) = state.screens.top_as::<BulkSummary>() else {
        return;
    };
    let table = table(summary);
    let users = if table.len() == 1 { "user" } else { "users" };
    let source = Source {
        about: format!(
            "Write the {} {users} of this job ({}), each with its outcome and, for a failure, \
             Graph's status, error code, message and request-id.",
            table.len(),
            summary.title
        ),
        title: "Export the summary".to_owned(),
        stem: format!("lazyentra-{}", slug(&summary.title)),
        table,
    };
    let prompt = ExportPrompt {
        source: Some(source),
        ..ExportPrompt::default()
    };
    state.screens.push(Screen::ExportPrompt(Box::new(prompt)));
    fx.export_stamp();
}

/// "Block sign-in" → "block-sign-in", for a file name.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Every user of the job, in the job's order.
pub fn table(summary: &BulkSummary) -> Table {
    let mut table = Table::new(&COLUMNS);
    for item in &summary.items {
        let (outcome, error) = match &item.ended {
            Ended::Done => ("done", None),
            Ended::Failed(e) => ("failed", Some(e)),
            Ended::NotSent => ("not sent (stopped)", None),
        };
        let status = error.and_then(GraphError::status);
        let status = status.map(|s| s.to_string());
        let message = error.map(view::message);
        table.push([
            Value::Text(&item.label),
            Value::Text(&item.upn),
            Value::Text(&item.target),
            Value::Text(item.operation),
            Value::Text(outcome),
            text(status.as_deref()),
            text(error.and_then(GraphError::code)),
            text(message.as_deref()),
            text(error.and_then(GraphError::request_id)),
        ]);
    }
    table
}

/// A value the cell may not have.
fn text(value: Option<&str>) -> Value<'_> {
    value.map_or(Value::Null, Value::Text)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn titles_become_file_names() {
        assert_eq!(slug("Block sign-in"), "block-sign-in");
        assert_eq!(slug("Delete users for good!"), "delete-users-for-good");
    }
}
