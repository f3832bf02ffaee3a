//! The bottom row: the keys that matter on the screen in front, from the live keymap. When
//! they do not all fit, the least important go first; unavailable ones are struck through.

use ratatui::text::{Line, Span};

use super::theme::{KEY, UNAVAILABLE};
use crate::keymap::{Action, Context, Keymap};
use crate::screens::user_detail::state::UserDetail;
use crate::state::State;
use crate::widgets::text;

/// One hint: key, what it does, whether it is available, and how much it matters when the
/// line is too short for all of them (lowest goes first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub what: String,
    pub enabled: bool,
    pub priority: u8,
}

impl Hint {
    /// The first key bound to `action`.
    pub fn action(keymap: &Keymap, action: Action, what: &str, priority: u8) -> Hint {
        Hint::fixed(&keymap.short(action), what, priority)
    }

    /// The first key bound to `action` that works in `context` (not a typed one).
    pub fn action_in(
        keymap: &Keymap,
        action: Action,
        context: Context,
        what: &str,
        priority: u8,
    ) -> Hint {
        Hint::fixed(&keymap.short_in(action, context), what, priority)
    }

    /// A write action, struck through when the app may not write (read-only, no permission).
    pub fn write(state: &State, action: Action, what: &str, priority: u8) -> Hint {
        Hint::action(&state.keymap, action, what, priority)
            .enabled(state.write_blocked(action).is_none())
    }

    /// What a user can be done with on the list and the detail, and the keys every signed-in
    /// screen shares, after `first`.
    pub fn acting_on_a_user(state: &State, first: Vec<Hint>) -> Vec<Hint> {
        let km = &state.keymap;
        let mut hints = first;
        hints.extend([
            Hint::write(state, Action::Edit, "edit", 6),
            Hint::write(state, Action::Delete, "delete", 6),
            Hint::write(state, Action::Block, block_or_unblock(state), 2),
            Hint::write(state, Action::RevokeSessions, "revoke sessions", 1),
            Hint::write(state, Action::ResetPassword, "reset password", 1),
            Hint::action(km, Action::Refresh, "refresh", 4),
            Hint::action(km, Action::Disconnect, "disconnect", 3),
            Hint::action(km, Action::Help, "help", 9),
            Hint::action(km, Action::Quit, "quit", 8),
        ]);
        hints
    }

    /// A key that is not in the keymap (Ctrl-C).
    pub fn fixed(key: &str, what: &str, priority: u8) -> Hint {
        Hint {
            key: key.to_owned(),
            what: what.to_owned(),
            enabled: true,
            priority,
        }
    }

    #[must_use]
    pub fn enabled(mut self, enabled: bool) -> Hint {
        self.enabled = enabled;
        self
    }
}

/// What `b` does to the user in front: the detail's, else the list's selected one.
fn block_or_unblock(state: &State) -> &'static str {
    let enabled = match state.screens.find::<UserDetail>() {
        Some(detail) => detail.user.account_enabled,
        None => state
            .screens
            .list()
            .and_then(|l| l.selected_row())
            .and_then(crate::screens::user_list::row::Row::account_enabled),
    };
    if enabled == Some(false) {
        "unblock"
    } else {
        "block"
    }
}

/// The hints that fit in `width`, dropping the least important first.
pub fn line(mut hints: Vec<Hint>, width: usize) -> Line<'static> {
    let needed = |hints: &[Hint]| -> usize {
        hints
            .iter()
            .map(|h| text::width(&h.key) + 1 + text::width(&h.what) + 2)
            .sum::<usize>()
            .saturating_sub(2)
    };
    while needed(&hints) > width && hints.len() > 1 {
        let lowest = hints
            .iter()
            .enumerate()
            .min_by_key(|(i, h)| (h.priority, std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i);
        hints.remove(lowest);
    }
    let mut spans = Vec::new();
    for hint in hints {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        if hint.enabled {
            spans.push(Span::styled(hint.key, KEY));
            spans.push(Span::raw(format!(" {}", hint.what)));
        } else {
            spans.push(Span::styled(
                format!("{} {}", hint.key, hint.what),
                UNAVAILABLE,
            ));
        }
    }
    Line::from(spans)
}
