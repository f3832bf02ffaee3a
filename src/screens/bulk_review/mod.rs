//! "Block 47 marked users?": the review every bulk action on marked users shows first. It
//! names the action, how many users, the first few names, and what was skipped (users
//! already in the state asked for). For `b` it offers both directions, block and unblock,
//! each with its own count; Tab switches. Deletes and purges also need the count typed.
//! `y` or Enter (once ready) starts the job with its progress dialog; `n` or Esc goes back
//! (to the bulk form, for an edit). Writes are checked again when confirmed.

pub mod state;
mod view;

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use super::bulk_form::state::BulkForm;
use super::bulk_progress;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::widgets::text;
pub use state::BulkReview;

/// Far more digits than any count.
const TYPED_MAX: usize = 12;

/// The review shows this many names, then "and N more".
pub const FIRST_NAMES: usize = 5;

impl ScreenView for BulkReview {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        self.typed.is_some().then_some(on_paste as PasteHandler)
    }

    fn context(&self) -> Context {
        if self.typed.is_some() {
            Context::BulkTyped
        } else {
            Context::BulkReview
        }
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        self.typed.is_some()
    }

    fn crumb(&self) -> Option<String> {
        Some(self.title.clone())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = self.context();
        let go = Action::Submit;
        let mut hints = vec![
            Hint::action_in(km, go, c, view::verb(self), 9).enabled(self.ready()),
            Hint::action_in(km, Action::Back, c, "back", 9),
        ];
        if self.jobs.len() > 1 {
            hints.push(Hint::action_in(
                km,
                Action::NextField,
                c,
                "block/unblock",
                8,
            ));
        }
        hints
    }

    fn help(&self, state: &State) -> Help {
        let c = self.context();
        let choose = self.jobs.len() > 1;
        help::for_actions(state, &self.title, c, |a| {
            !matches!(a, Action::NextField | Action::PrevField) || choose
        })
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(review) = state.screens.top_as_mut::<BulkReview>() else {
        return;
    };
    let context = review.context();
    match state.keymap.action(context, key) {
        Some(Action::Confirm | Action::Submit) => {
            if review.ready() {
                go(state, fx);
            }
        }
        Some(Action::Cancel | Action::Back) => state.screens.pop(),
        Some(Action::NextField | Action::PrevField) => {
            if review.jobs.len() > 1 {
                review.chosen = (review.chosen + 1) % review.jobs.len();
            }
        }
        Some(_) => {}
        None => {
            if let Some(typed) = &mut review.typed
                && let Some(request) = to_input_request(&Event::Key(key))
            {
                edit(typed, request);
            }
        }
    }
}

fn on_paste(state: &mut State, pasted: &str, _fx: &mut Effects) {
    if let Some(typed) = state
        .screens
        .top_as_mut::<BulkReview>()
        .and_then(|r| r.typed.as_mut())
    {
        for c in text::single_line(pasted) {
            edit(typed, InputRequest::InsertChar(c));
        }
    }
}

fn edit(typed: &mut tui_input::Input, request: InputRequest) {
    if matches!(request, InputRequest::InsertChar(_)) && typed.value().chars().count() >= TYPED_MAX
    {
        return;
    }
    typed.handle(request);
}

/// Confirmed: the review (and the bulk form under it) closes and the job starts, unless
/// writes were switched off meanwhile.
fn go(state: &mut State, fx: &mut Effects) {
    let Some(review) = state.screens.top_as::<BulkReview>() else {
        return;
    };
    let (action, job) = (review.action, review.job().cloned());
    state.screens.pop();
    state.screens.close::<BulkForm>();
    if !state.allow_write(action) {
        return;
    }
    if let Some(job) = job {
        bulk_progress::start(state, job, fx);
    }
}

#[cfg(test)]
mod tests;
