//! Key bindings: the defaults, the config file's `[keys]` overrides (`action = "key"` or
//! `action = ["k1", "k2"]`), the key syntax (`ctrl-s`, `shift-tab`, `pgdn`, `G`, `?`), and the
//! lookup from a key press to an [`Action`] in a [`Context`].

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::{Action, Context};

/// One key with its modifiers, normalised so that `G` and `shift-g` are the same binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        Self { code, modifiers }
    }

    pub const fn plain(code: KeyCode) -> Self {
        Self::new(code, KeyModifiers::NONE)
    }

    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// A key press as the keymap compares it: Shift is part of a character (`G`, `?`), so it is
    /// dropped for characters; BackTab is Shift-Tab.
    pub fn from_event(event: KeyEvent) -> Self {
        let mut modifiers =
            event.modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            code => code,
        };
        if let KeyCode::Char(c) = code {
            modifiers.remove(KeyModifiers::SHIFT);
            // Terminals report Ctrl-S as ctrl + 's'; with Shift some send 'S'.
            if modifiers.contains(KeyModifiers::CONTROL) {
                return Self::new(KeyCode::Char(c.to_ascii_lowercase()), modifiers);
            }
        }
        Self::new(code, modifiers)
    }

    /// Parses the config syntax: `a`, `G`, `?`, `enter`, `esc`, `pgdn`, `ctrl-s`, `shift-tab`,
    /// `alt-x`, `f5`, `space`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty key".to_owned());
        }
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // A lone "-" is the minus key, and "ctrl--" is ctrl + minus.
        while let Some((prefix, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "c" | "control" => modifiers |= KeyModifiers::CONTROL,
                "alt" | "a" | "meta" | "m" => modifiers |= KeyModifiers::ALT,
                "shift" | "s" => modifiers |= KeyModifiers::SHIFT,
                _ => return Err(format!("unknown modifier '{prefix}' in '{text}'")),
            }
            rest = tail;
        }
        let code = if rest.chars().count() == 1 {
            let c = rest.chars().next().unwrap_or(' ');
            if modifiers.contains(KeyModifiers::SHIFT) && c.is_ascii_alphabetic() {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            } else {
                KeyCode::Char(c)
            }
        } else {
            named_key(&rest.to_ascii_lowercase())
                .ok_or_else(|| format!("unknown key '{rest}' in '{text}'"))?
        };
        let event = KeyEvent::new(code, modifiers);
        Ok(Key::from_event(event))
    }

    pub fn matches(&self, event: KeyEvent) -> bool {
        *self == Key::from_event(event)
    }
}

/// Keys that scroll or confirm in other tools (vim, less, k9s); delete must not sit on them.
fn is_navigation_habit(key: Key) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    matches!(key.code, KeyCode::Char('d' | 'u' | 'f' | 'b' | 'e' | 'y') if ctrl)
        || matches!(
            key.code,
            KeyCode::Char(' ') | KeyCode::Enter | KeyCode::Tab | KeyCode::Delete
        )
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
        "minus" => KeyCode::Char('-'),
        _ => {
            let n: u8 = name.strip_prefix('f')?.parse().ok()?;
            return (1..=24).contains(&n).then_some(KeyCode::F(n));
        }
    })
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Every action's keys. Ctrl-C always quits and is not part of the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::*;
        let k = Key::char;
        let p = Key::plain;
        let defaults: [(Action, Vec<Key>); 19] = [
            (Action::Help, vec![k('?')]),
            (Action::Back, vec![p(Esc)]),
            (Action::Quit, vec![k('q')]),
            (Action::Connect, vec![p(Enter)]),
            (Action::Up, vec![k('k'), p(Up)]),
            (Action::Down, vec![k('j'), p(Down)]),
            (Action::PageUp, vec![p(PageUp)]),
            (Action::PageDown, vec![p(PageDown)]),
            (Action::First, vec![k('g'), p(Home)]),
            (Action::Last, vec![k('G'), p(End)]),
            (Action::Open, vec![p(Enter)]),
            (Action::Search, vec![k('/')]),
            (Action::New, vec![k('n')]),
            (Action::Edit, vec![k('e')]),
            (Action::Delete, vec![k('d')]),
            (Action::Refresh, vec![k('r')]),
            (Action::Disconnect, vec![k('X')]),
            (Action::Confirm, vec![k('y')]),
            (Action::Cancel, vec![k('n')]),
        ];
        Self {
            bindings: defaults.into_iter().collect(),
        }
    }
}

impl Keymap {
    /// The defaults with the config file's `[keys]` table applied. Every problem is reported,
    /// one line each, so a person can fix them all in one go.
    pub fn from_config(keys: &BTreeMap<String, Vec<String>>) -> Result<Keymap, Vec<String>> {
        let mut map = Keymap::default();
        let mut errors = Vec::new();
        for (name, texts) in keys {
            let Some(action) = Action::from_name(name) else {
                let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                errors.push(format!(
                    "[keys] {name}: unknown action (known: {})",
                    known.join(", ")
                ));
                continue;
            };
            if texts.is_empty() {
                errors.push(format!("[keys] {name}: no key given"));
                continue;
            }
            let mut parsed = Vec::new();
            for text in texts {
                match Key::parse(text) {
                    Ok(key) if key == Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL) => {
                        errors.push(format!("[keys] {name}: ctrl-c always quits"));
                    }
                    Ok(key) if action == Action::Delete && is_navigation_habit(key) => {
                        errors.push(format!(
                            "[keys] delete: '{key}' is a scrolling key elsewhere; a habit could delete a user"
                        ));
                    }
                    Ok(key) => parsed.push(key),
                    Err(e) => errors.push(format!("[keys] {name}: {e}")),
                }
            }
            map.bindings.insert(action, parsed);
        }
        errors.extend(map.conflicts());
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Two actions of one context on the same key: the second could never be reached.
    fn conflicts(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, a) in Action::ALL.iter().enumerate() {
            for b in &Action::ALL[i + 1..] {
                let shared = a.contexts().iter().any(|c| b.contexts().contains(c));
                if !shared {
                    continue;
                }
                for key in self.keys(*a) {
                    if self.keys(*b).contains(key) {
                        lines.push(format!(
                            "[keys] '{key}' is bound to both {a} and {b} on the same screen"
                        ));
                    }
                }
            }
        }
        lines
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The keys of an action as the help and hints show them, e.g. `j/↓`.
    pub fn label(&self, action: Action) -> String {
        let keys: Vec<String> = self.keys(action).iter().map(Key::to_string).collect();
        if keys.is_empty() {
            "(unbound)".to_owned()
        } else {
            keys.join("/")
        }
    }

    /// The first key of an action, for short hints.
    pub fn short(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map_or_else(|| "(unbound)".to_owned(), Key::to_string)
    }

    /// The action a key press means in `context`, if any.
    pub fn action(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        Action::ALL
            .into_iter()
            .filter(|a| a.contexts().contains(&context))
            .find(|a| self.keys(*a).contains(&key))
    }

    pub fn is(&self, action: Action, event: KeyEvent) -> bool {
        self.keys(action).iter().any(|k| k.matches(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn parses_the_documented_syntax() {
        assert_eq!(
            Key::parse("ctrl-s").unwrap(),
            Key::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            Key::parse("shift-tab").unwrap(),
            Key::new(KeyCode::Tab, KeyModifiers::SHIFT)
        );
        assert_eq!(Key::parse("pgdn").unwrap(), Key::plain(KeyCode::PageDown));
        assert_eq!(Key::parse("G").unwrap(), Key::char('G'));
        assert_eq!(Key::parse("shift-g").unwrap(), Key::char('G'));
        assert_eq!(Key::parse("?").unwrap(), Key::char('?'));
        assert_eq!(Key::parse("-").unwrap(), Key::char('-'));
        assert_eq!(Key::parse("f5").unwrap(), Key::plain(KeyCode::F(5)));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("pgdwn").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn terminal_events_match_bindings() {
        // Terminals send Shift with upper-case letters and '?', and BackTab for Shift-Tab.
        assert!(Key::char('G').matches(ev(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(Key::char('?').matches(ev(KeyCode::Char('?'), KeyModifiers::SHIFT)));
        assert!(
            Key::parse("shift-tab")
                .unwrap()
                .matches(ev(KeyCode::BackTab, KeyModifiers::SHIFT))
        );
        assert!(!Key::char('g').matches(ev(KeyCode::Char('g'), KeyModifiers::CONTROL)));
    }

    #[test]
    fn context_decides_what_a_key_means() {
        let map = Keymap::default();
        let n = ev(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::List, n), Some(Action::New));
        assert_eq!(map.action(Context::ConfirmDelete, n), Some(Action::Cancel));
        let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(map.action(Context::Connect, enter), Some(Action::Connect));
        assert_eq!(map.action(Context::List, enter), Some(Action::Open));
    }

    #[test]
    fn defaults_have_no_conflicts_and_delete_is_not_ctrl_d() {
        let map = Keymap::default();
        assert!(map.conflicts().is_empty(), "{:?}", map.conflicts());
        let ctrl_d = ev(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Context::List, ctrl_d), None);
    }

    #[test]
    fn config_overrides_and_reports_every_problem() {
        let mut keys = BTreeMap::new();
        keys.insert("delete".to_owned(), vec!["D".to_owned()]);
        keys.insert("down".to_owned(), vec!["j".to_owned(), "ctrl-n".to_owned()]);
        let map = Keymap::from_config(&keys).unwrap();
        assert_eq!(map.label(Action::Delete), "D");
        assert_eq!(map.label(Action::Down), "j/Ctrl-n");

        let mut habit = BTreeMap::new();
        habit.insert("delete".to_owned(), vec!["ctrl-d".to_owned()]);
        let errors = Keymap::from_config(&habit).unwrap_err();
        assert!(errors[0].contains("scrolling key"), "{errors:?}");

        keys.insert("explode".to_owned(), vec!["x".to_owned()]);
        keys.insert("edit".to_owned(), vec!["ctlr-e".to_owned()]);
        keys.insert("search".to_owned(), vec!["D".to_owned()]);
        let errors = Keymap::from_config(&keys).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("edit") && errors[0].contains("ctlr"));
        assert!(errors[1].contains("explode") && errors[1].contains("unknown action"));
        assert!(errors[2].contains("'D' is bound to both search and delete"));
    }
}
