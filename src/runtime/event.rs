//! Terminal events as the reducer wants them: key presses and repeats (never releases, which
//! some terminals send too and would double every key), pastes and resizes.

use std::io;

use crossterm::event::{Event, KeyEventKind};
use tokio::sync::mpsc;

use crate::update::Msg;

/// Reads terminal input on a thread of its own and hands every event over as it is parsed.
///
/// A blocking `read` in a loop, rather than crossterm's `EventStream`, which wakes the app
/// once per event through a helper thread. With crossterm's `use-dev-tty` source the tty is
/// polled level-triggered, so input longer than its 1 KiB read buffer (a paste delivered as
/// keystrokes by tmux or an SSH client) is all read at once.
pub fn spawn_reader() -> mpsc::UnboundedReceiver<io::Result<Event>> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        loop {
            let event = crossterm::event::read();
            let failed = event.is_err();
            if tx.send(event).is_err() || failed {
                break;
            }
        }
    });
    rx
}

pub fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers};

    #[test]
    fn releases_are_dropped() {
        let mut key = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert!(to_msg(Event::Key(key)).is_some());
        key.kind = KeyEventKind::Release;
        key.state = KeyEventState::NONE;
        assert!(to_msg(Event::Key(key)).is_none());
        assert!(matches!(
            to_msg(Event::Resize(80, 24)),
            Some(Msg::Resize(80, 24))
        ));
    }
}
