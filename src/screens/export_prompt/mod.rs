//! `x` on the user list: write the rows it shows (filtered, sorted, its columns in its order)
//! to a CSV or JSON file. The dialog asks where, suggesting a timestamped name in the working
//! directory (the time comes from the shell, `Effect::ExportStamp`); Tab switches the format
//! and the name's extension with it; Enter hands the rows to the shell, which writes them off
//! the event loop (`Effect::Export`) while the dialog shows progress. A failure keeps the
//! dialog and its text and says what to do; an existing file is replaced only after a second
//! Enter. Esc cancels, also a write under way, and leaves nothing behind.

pub mod state;
mod view;

use chrono::NaiveDateTime;
use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use crate::effect::Effects;
use crate::export::job::{ExportJob, ExportMsg, Exported};
use crate::export::table::Table;
use crate::export::target::ExportError;
use crate::keymap::{Action, Context};
use crate::state::{Notice, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::widgets::text::{self, thousands};
pub use state::{ExportPrompt, Source, Writing};

/// Far beyond any path a file system takes (4096 bytes on Linux).
const TYPED_MAX: usize = 4096;

impl ScreenView for ExportPrompt {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::ExportPrompt
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Export".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::ExportPrompt;
        if self.writing.is_some() {
            return vec![Hint::action_in(km, Action::Back, c, "cancel", 9)];
        }
        let write = if self.replaces() { "replace" } else { "write" };
        vec![
            Hint::action_in(km, Action::Submit, c, write, 9),
            Hint::action_in(km, Action::NextField, c, "format", 8),
            Hint::action_in(km, Action::Back, c, "cancel", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Export", Context::ExportPrompt)
    }
}

/// The shell told the time: the suggested name carries it. A path typed meanwhile stays.
pub fn stamped(state: &mut State, at: NaiveDateTime) {
    let Some(prompt) = state.screens.find_mut::<ExportPrompt>() else {
        return;
    };
    if prompt.stem.is_some() {
        return;
    }
    let start = prompt
        .source
        .as_ref()
        .map_or("lazyentra-users", |source| source.stem.as_str());
    prompt.stem = Some(format!("{start}-{}", at.format("%Y%m%d-%H%M%S")));
    if prompt.path.value().is_empty()
        && let Some(name) = prompt.default_name()
    {
        prompt.path = Input::new(name);
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(prompt) = state.screens.top_as_mut::<ExportPrompt>() else {
        return;
    };
    let action = state.keymap.action(Context::ExportPrompt, key);
    if let Some(writing) = prompt.writing {
        if action == Some(Action::Back) {
            fx.cancel_export(writing.id);
            state.screens.pop();
            state.status.notice = Some(Notice::Info(
                "Export cancelled: nothing was written".to_owned(),
            ));
        }
        return;
    }
    match action {
        Some(Action::Submit) => submit(state, fx),
        Some(Action::Back) => state.screens.pop(),
        Some(Action::NextField | Action::PrevField) => switch_format(prompt),
        Some(_) => {}
        None => {
            let request = to_input_request(&Event::Key(key));
            if let Some(request) = request {
                edit(prompt, request);
            }
        }
    }
}

fn on_paste(state: &mut State, pasted: &str, _fx: &mut Effects) {
    let Some(prompt) = state.screens.top_as_mut::<ExportPrompt>() else {
        return;
    };
    if prompt.writing.is_none() {
        for c in text::single_line(pasted) {
            edit(prompt, InputRequest::InsertChar(c));
        }
    }
}

/// An edit of the path: what was said about the old one no longer holds.
fn edit(prompt: &mut ExportPrompt, request: InputRequest) {
    if matches!(request, InputRequest::InsertChar(_))
        && prompt.path.value().chars().count() >= TYPED_MAX
    {
        return;
    }
    if prompt.path.handle(request).is_some_and(|c| c.value) {
        prompt.problem = None;
        prompt.replace = None;
    }
}

/// CSV ⇄ JSON; a name ending in the old format's extension takes the new one.
fn switch_format(prompt: &mut ExportPrompt) {
    let old = prompt.format;
    prompt.format = old.other();
    let value = prompt.path.value();
    let cut = value.len().saturating_sub(old.extension().len() + 1);
    if let Some(ending) = value.get(cut..)
        && ending.eq_ignore_ascii_case(&format!(".{}", old.extension()))
    {
        let renamed = format!("{}.{}", &value[..cut], prompt.format.extension());
        prompt.path = Input::new(renamed);
    }
    prompt.problem = None;
    prompt.replace = None;
}

/// Enter: the rows the list shows now (or the rows handed over) go to the shell to be
/// written.
fn submit(state: &mut State, fx: &mut Effects) {
    let handed = state
        .screens
        .top_as::<ExportPrompt>()
        .and_then(|p| p.source.as_ref())
        .map(|source| source.table.clone());
    let table = if let Some(table) = handed {
        table
    } else {
        let Some(list) = state.screens.list() else {
            return;
        };
        let mut table = Table::new(&list.columns.export_columns());
        for row in list.shown_values() {
            table.push(row);
        }
        table
    };
    let id = state.next_request_id();
    let Some(prompt) = state.screens.top_as_mut::<ExportPrompt>() else {
        return;
    };
    let job = ExportJob {
        id,
        path: prompt.path.value().to_owned(),
        default_name: prompt
            .default_name()
            .unwrap_or_else(|| format!("lazyentra-users.{}", prompt.format.extension())),
        format: prompt.format,
        replace: prompt.replaces(),
        table,
    };
    prompt.problem = None;
    prompt.writing = Some(Writing {
        id,
        written: 0,
        total: job.table.len() as u64,
    });
    fx.export(job);
}

/// Progress and the outcome of an export, from the shell.
pub fn on_export(state: &mut State, msg: ExportMsg) {
    let (id, progress) = match &msg {
        ExportMsg::Progress { id, rows } => (*id, Some(*rows)),
        ExportMsg::Done { id, .. } => (*id, None),
    };
    let prompt = state
        .screens
        .find_mut::<ExportPrompt>()
        .filter(|p| p.writing.is_some_and(|w| w.id == id));
    let ExportMsg::Done { result, .. } = msg else {
        if let (Some(prompt), Some(rows)) = (prompt, progress)
            && let Some(writing) = &mut prompt.writing
        {
            writing.written = rows;
        }
        return;
    };
    match (result, prompt) {
        // Said when Esc was pressed.
        (Err(ExportError::Cancelled), _) => {}
        (Err(e), Some(prompt)) => {
            prompt.writing = None;
            if matches!(e, ExportError::Exists { .. }) {
                prompt.replace = Some(prompt.path.value().to_owned());
            }
            prompt.problem = Some(e);
        }
        // The dialog is gone (cancelled, or the session ended): the status line says it.
        (Err(e), None) => {
            state.status.notice = Some(Notice::Refused(format!("Export failed: {e}")));
        }
        (Ok(done), prompt) => {
            if prompt.is_some() {
                state.screens.close::<ExportPrompt>();
            }
            state.status.notice = Some(Notice::Success(exported(&done)));
        }
    }
}

/// "Exported 2,314 users to /home/ana/lazyentra-users-….csv", and a word about cells a
/// spreadsheet would read as formulas.
fn exported(done: &Exported) -> String {
    let rows = done.summary.rows;
    let users = if rows == 1 { "user" } else { "users" };
    let mut line = format!(
        "Exported {} {users} to {}",
        thousands(rows),
        done.path.display()
    );
    if let Some(note) = done.summary.formula_note() {
        line = format!("{line} · {note}");
    }
    line
}

#[cfg(test)]
mod tests;
