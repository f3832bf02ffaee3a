//! Key bindings for every context (screens, popups, the form and the search box): the
//! defaults, the config file's `[keys]` overrides (`action = "key"` or `action = ["k1", "k2"]`),
//! and the lookup from a key press to an [`Action`] in a [`Context`]. Hints, the help popup and
//! every "press X" message are generated from here, so a rebinding shows everywhere.

mod action;
mod key;

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use action::{Action, Context};
pub use key::Key;

/// Every action's keys. Ctrl-C always quits and is not part of the map; nor are the text
/// editing keys of a focused field (see [`Key::is_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::{Char, Down, End, Enter, Esc, Home, PageDown, PageUp, Tab, Up};
        let k = Key::char;
        let p = Key::plain;
        let ctrl = |c| Key::new(Char(c), KeyModifiers::CONTROL);
        let defaults: [(Action, Vec<Key>); 57] = [
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
            (Action::LoadAll, vec![k('L')]),
            (Action::Sort, vec![k('s')]),
            (Action::ReverseSort, vec![k('S')]),
            (Action::Export, vec![k('x')]),
            (Action::Disconnect, vec![k('X')]),
            (Action::SwitchProfile, vec![k('T')]),
            (Action::Confirm, vec![k('y')]),
            (Action::Cancel, vec![k('n')]),
            (Action::Submit, vec![p(Enter)]),
            (Action::NextField, vec![p(Tab), p(Down)]),
            (
                Action::PrevField,
                vec![Key::new(Tab, KeyModifiers::SHIFT), p(Up)],
            ),
            (Action::Save, vec![ctrl('s')]),
            (Action::Toggle, vec![k(' ')]),
            (Action::GeneratePassword, vec![ctrl('g')]),
            (Action::Errors, vec![k('E')]),
            (Action::DeletedUsers, vec![k('D')]),
            (Action::Restore, vec![k('u')]),
            (Action::Purge, vec![k('P')]),
            (Action::Block, vec![k('b')]),
            (Action::RevokeSessions, vec![k('R')]),
            (Action::Command, vec![k(':')]),
            (Action::Undo, vec![k('z')]),
            (Action::Overview, vec![k('o')]),
            (Action::ResetPassword, vec![k('p')]),
            (Action::AddProfile, vec![k('a')]),
            (Action::EditProfile, vec![k('e')]),
            (Action::RemoveProfile, vec![k('d')]),
            (Action::NextSection, vec![p(Tab)]),
            (
                Action::PrevSection,
                vec![Key::new(Tab, KeyModifiers::SHIFT)],
            ),
            (Action::SetManager, vec![k('m')]),
            (Action::ClearManager, vec![k('M')]),
            (Action::ChooseDomain, vec![ctrl('d')]),
            (Action::Mark, vec![k(' ')]),
            (Action::MarkAll, vec![k('*')]),
            (Action::Import, vec![k('I')]),
            (Action::Columns, vec![k('c')]),
            (
                Action::MoveUp,
                vec![k('K'), Key::new(Up, KeyModifiers::SHIFT)],
            ),
            (
                Action::MoveDown,
                vec![k('J'), Key::new(Down, KeyModifiers::SHIFT)],
            ),
            (Action::Wider, vec![k('+'), k('>')]),
            (Action::Narrower, vec![k('-'), k('<')]),
            (Action::AutoWidth, vec![k('=')]),
        ];
        Self {
            bindings: defaults.into_iter().collect(),
        }
    }
}

/// Acts where a field has focus only when no text field does (a checkbox): exempt from the
/// rule that actions of typing contexts need a key that is not text. `y` and `n` answer the
/// reset password dialog this way.
fn acts_beside_text(action: Action) -> bool {
    matches!(
        action,
        Action::Help | Action::Toggle | Action::Confirm | Action::Cancel
    )
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
                    Ok(key) if action == Action::Delete && key::is_navigation_habit(key) => {
                        errors.push(format!(
                            "[keys] delete: '{key}' is a scrolling key elsewhere; a habit could delete a user"
                        ));
                    }
                    Ok(key) => parsed.push(key),
                    Err(e) => errors.push(format!("[keys] {name}: {e}")),
                }
            }
            let typed_only = !parsed.is_empty() && parsed.iter().all(Key::is_text);
            let in_text = action.contexts().iter().any(|c| c.is_typing());
            if typed_only && in_text && !acts_beside_text(action) {
                let keys: Vec<String> = parsed.iter().map(Key::to_string).collect();
                errors.push(format!(
                    "[keys] {name}: '{}' would be typed into the search box or a form field; \
                     add a key with ctrl or alt, or a non-character key such as esc or f2",
                    keys.join("', '")
                ));
            }
            map.bindings.insert(action, parsed);
        }
        map.yield_defaults(keys);
        errors.extend(map.conflicts());
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// A key bound in `[keys]` takes over from another action's default key on the same
    /// screen, so a config written before that default existed (`delete = "D"` before `D`
    /// opened the deleted users) keeps working; the other action keeps its other keys, or is
    /// unbound (help and hints say so). Two keys bound in `[keys]` still conflict.
    fn yield_defaults(&mut self, configured: &BTreeMap<String, Vec<String>>) {
        let chosen: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| configured.contains_key(a.name()))
            .collect();
        for action in Action::ALL.into_iter().filter(|a| !chosen.contains(a)) {
            let taken: Vec<Key> = chosen
                .iter()
                .filter(|c| c.contexts().iter().any(|x| action.contexts().contains(x)))
                .flat_map(|c| self.keys(*c).to_vec())
                .collect();
            if let Some(keys) = self.bindings.get_mut(&action) {
                keys.retain(|k| !taken.contains(k));
            }
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
        join(self.keys(action).iter())
    }

    /// The keys of an action that work in `context`: in a typing context, text keys are
    /// typed, so `k/↑` shows as `↑`.
    pub fn label_in(&self, action: Action, context: Context) -> String {
        join(
            self.keys(action)
                .iter()
                .filter(|k| works_in(action, context, k)),
        )
    }

    /// The first key of an action, for short hints.
    pub fn short(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map_or_else(|| "(unbound)".to_owned(), Key::to_string)
    }

    /// The first key of an action that works in `context`.
    pub fn short_in(&self, action: Action, context: Context) -> String {
        self.keys(action)
            .iter()
            .find(|k| works_in(action, context, k))
            .map_or_else(|| "(unbound)".to_owned(), Key::to_string)
    }

    /// The action a key press means in `context`, if any. In a typing context, text keys are
    /// never actions: they are typed.
    pub fn action(&self, context: Context, event: KeyEvent) -> Option<Action> {
        self.action_typing(context, event, context.is_typing())
    }

    /// As [`Keymap::action`], with whether a text field has focus said by the caller (a form
    /// whose focused field is a checkbox takes `?` and Space as actions).
    pub fn action_typing(&self, context: Context, event: KeyEvent, typing: bool) -> Option<Action> {
        let key = Key::from_event(event);
        if typing && key.is_text() {
            return None;
        }
        Action::ALL
            .into_iter()
            .filter(|a| a.contexts().contains(&context))
            .find(|a| self.keys(*a).contains(&key))
    }

    pub fn is(&self, action: Action, event: KeyEvent) -> bool {
        self.keys(action).iter().any(|k| k.matches(event))
    }
}

/// Whether `key` of `action` acts in `context`, rather than being typed there.
fn works_in(action: Action, context: Context, key: &Key) -> bool {
    !context.is_typing() || acts_beside_text(action) || !key.is_text()
}

fn join<'a>(keys: impl Iterator<Item = &'a Key>) -> String {
    let keys: Vec<String> = keys.map(Key::to_string).collect();
    if keys.is_empty() {
        "(unbound)".to_owned()
    } else {
        keys.join("/")
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

    #[test]
    fn a_configured_key_takes_over_a_newer_default() {
        let mut keys = BTreeMap::new();
        keys.insert("delete".to_owned(), vec!["D".to_owned()]);
        let map = Keymap::from_config(&keys).unwrap();
        let d = ev(KeyCode::Char('D'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Context::List, d), Some(Action::Delete));
        assert_eq!(map.label(Action::DeletedUsers), "(unbound)");
        // Given a key of its own, it is back.
        keys.insert("deleted_users".to_owned(), vec!["U".to_owned()]);
        let map = Keymap::from_config(&keys).unwrap();
        assert_eq!(map.label(Action::DeletedUsers), "U");
        // Elsewhere the default stays: `n` is new user on the list and no in dialogs.
        keys.insert("new".to_owned(), vec!["n".to_owned(), "a".to_owned()]);
        let map = Keymap::from_config(&keys).unwrap();
        assert_eq!(map.label(Action::Cancel), "n");
    }
}
