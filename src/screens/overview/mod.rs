//! `o` (or `:overview`): the tenant at a glance, counted from the loaded users — members and
//! guests, enabled and disabled, users per department, accounts created per month — labelled
//! "of N loaded" until everything is loaded. Enter on a slice narrows the list to it.

pub mod state;
pub mod stats;
#[cfg(test)]
mod tests;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use super::user_list::{self, filter};
use crate::effect::Effects;
use crate::graph::{GraphError, SignInUnavailable};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::{Overview, SignIns, Slice};
use stats::Stats;

impl ScreenView for Overview {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Overview
    }

    fn crumb(&self) -> Option<String> {
        Some("Overview".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::Overview;
        vec![
            Hint::action_in(km, Action::Open, c, "show in the list", 9),
            Hint::fixed(
                &format!("{}/{}", km.short(Action::Up), km.short(Action::Down)),
                "choose",
                8,
            ),
            Hint::action_in(km, Action::Refresh, c, "count again", 7),
            Hint::action_in(km, Action::Back, c, "back", 9),
            Hint::action(km, Action::Help, "help", 6),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Tenant overview", Context::Overview)
    }
}

/// Opens the overview of the list's loaded users, and counts everyone's last sign-in where
/// the app may read it.
pub fn open(state: &mut State, fx: &mut Effects) {
    if state.screens.has::<Overview>() {
        return;
    }
    let Some(counts) = count(state) else {
        state.status.notice = Some(Notice::Refused(
            "The overview counts the loaded users: connect and list them first".to_owned(),
        ));
        return;
    };
    let can_read = can_read_sign_ins(state);
    let sign_ins = if can_read {
        SignIns::Counting
    } else {
        SignIns::Unavailable(NO_AUDIT_LOG.to_owned())
    };
    state.screens.push(Screen::Overview(Box::new(Overview {
        sign_ins,
        stats: counts,
        selected: 0,
    })));
    if can_read {
        fx.run(state, Op::CountSignInAges, Pending::SignInAges);
    }
}

/// `r`: counts the sign-ins again, unless the app may not read them.
fn recount_sign_ins(state: &mut State, fx: &mut Effects) {
    if !can_read_sign_ins(state) {
        return;
    }
    let Some(overview) = state.screens.find_mut::<Overview>() else {
        return;
    };
    overview.sign_ins = SignIns::Counting;
    fx.cancel(state, |p| matches!(p, Pending::SignInAges));
    fx.run(state, Op::CountSignInAges, Pending::SignInAges);
}

/// Whether the token lets the app read `signInActivity` (`AuditLog.Read.All`).
fn can_read_sign_ins(state: &State) -> bool {
    state
        .session
        .as_ref()
        .is_none_or(|s| s.permissions().can_read_sign_ins())
}

const NO_AUDIT_LOG: &str = "the app needs AuditLog.Read.All to read sign-ins";

/// The count of last sign-ins arrived; a 403 says what the app or the tenant lacks.
pub fn sign_ins_counted(state: &mut State, result: Result<Reply, GraphError>) {
    let Some(overview) = state.screens.find_mut::<Overview>() else {
        return;
    };
    overview.sign_ins = match result {
        Ok(Reply::SignInAges(ages)) => SignIns::Counted(ages),
        Ok(_) => return,
        Err(e) => SignIns::Unavailable(match e.sign_in_unavailable() {
            Some(SignInUnavailable::Licence) => {
                "the tenant needs Microsoft Entra ID P1 or P2 for sign-in activity".to_owned()
            }
            Some(SignInUnavailable::Permission) => NO_AUDIT_LOG.to_owned(),
            None => format!("counting failed: {e}; r counts again"),
        }),
    };
}

fn count(state: &State) -> Option<Stats> {
    let list = state.screens.list()?;
    Some(Stats::of(list.rows.iter(), list.total, list.next.is_none()))
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let action = state.keymap.action(Context::Overview, key);
    let fresh = if action == Some(Action::Refresh) {
        count(state)
    } else {
        None
    };
    if action == Some(Action::Refresh) {
        recount_sign_ins(state, fx);
    }
    if action == Some(Action::Back) {
        fx.cancel(state, |p| matches!(p, Pending::SignInAges));
    }
    let Some(overview) = state.screens.top_as_mut::<Overview>() else {
        return;
    };
    let last = overview.slices().len().saturating_sub(1);
    match action {
        Some(Action::Up) => overview.selected = overview.selected.saturating_sub(1),
        Some(Action::Down) => overview.selected = (overview.selected + 1).min(last),
        Some(Action::First) => overview.selected = 0,
        Some(Action::Last) => overview.selected = last,
        Some(Action::Refresh) => {
            if let Some(counts) = fresh {
                overview.stats = counts;
                overview.selected = overview.selected.min(overview.slices().len() - 1);
            }
        }
        Some(Action::Open) => {
            let Some(slice) = overview.selected_slice() else {
                return;
            };
            state.screens.pop();
            user_list::filter_to(state, &filter_text(&slice), fx);
        }
        Some(Action::Back) => state.screens.pop(),
        _ => {}
    }
}

/// The list filter that shows exactly `slice` (see the filter syntax in README).
pub fn filter_text(slice: &Slice) -> String {
    match slice {
        Slice::Members => "member".to_owned(),
        Slice::Guests => "guest".to_owned(),
        Slice::Enabled => "enabled:yes".to_owned(),
        Slice::Disabled => "enabled:no".to_owned(),
        Slice::Department(name) => filter::department_filter(name),
    }
}
