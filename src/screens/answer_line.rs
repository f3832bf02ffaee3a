//! The last line of a dialog that asks before it acts: the keys that answer it, or, once its
//! request is in flight, a spinner and the key that cancels. Every such dialog draws it the
//! same way, from the keymap, so a rebound key shows everywhere.

use ratatui::text::{Line, Span};

use crate::keymap::{Action, Context, Keymap};
use crate::ui::theme::KEY;
use crate::widgets::spinner;

/// "y/Enter delete    n/Esc keep": `yes` and `no` say what each answer does.
pub fn yes_no(keymap: &Keymap, context: Context, yes: &str, no: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(keymap.label_in(Action::Confirm, context), KEY),
        Span::raw("/"),
        Span::styled(keymap.label_in(Action::Submit, context), KEY),
        Span::raw(format!(" {yes}    ")),
        Span::styled(keymap.label_in(Action::Cancel, context), KEY),
        Span::raw("/"),
        Span::styled(keymap.label_in(Action::Back, context), KEY),
        Span::raw(format!(" {no}")),
    ])
}

/// "⠋ Deleting…  Esc cancel" while the dialog's request is in flight.
pub fn working(keymap: &Keymap, context: Context, tick: u64, doing: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{} {doing}…  ", spinner(tick)), KEY),
        Span::styled(keymap.short_in(Action::Back, context), KEY),
        Span::raw(" cancel"),
    ])
}
