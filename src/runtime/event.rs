//! Terminal events as the reducer wants them: key presses and repeats (never releases, which
//! some terminals send too and would double every key), pastes and resizes.

use crossterm::event::{Event, KeyEventKind};

use crate::update::Msg;

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
