//! What `z` can take back: the last write this session that has an opposite, as data. The
//! screens that write record it (`State::undo`); `screens/open.rs` `undo` turns it into the
//! usual review or confirmation, so an undo is looked at before it is sent.

use crate::graph::UserId;
use crate::screens::manager_picker::state::Person;

/// The last undoable write, and on whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastWrite {
    pub user: UserId,
    /// The display name (else the UPN), for messages.
    pub label: String,
    pub upn: String,
    pub reversal: Reversal,
}

/// What undoing the write means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reversal {
    /// An edit: the changed properties, with the values they had before it.
    Edit(Vec<Before>),
    /// A delete: restore the user from deleted items.
    Delete,
    /// A block or unblock: set `accountEnabled` back to this.
    SignIn { enabled_before: bool },
    /// A manager set or removed: the manager before (`None`: it had none).
    Manager { before: Option<Person> },
}

/// One property an edit changed, and what it was before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Before {
    /// The property's Graph name, e.g. `jobTitle`.
    pub property: &'static str,
    /// How the form labels it, e.g. "Job title".
    pub label: &'static str,
    pub value: BeforeValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BeforeValue {
    Text(String),
    Check(bool),
}

impl LastWrite {
    /// What `z` will do, for the status line: "undo job title change on Ada Lovelace".
    pub fn describe(&self) -> String {
        let who = &self.label;
        match &self.reversal {
            Reversal::Edit(changed) => match changed.as_slice() {
                [one] => format!("undo {} change on {who}", one.label.to_lowercase()),
                [first, second] => format!(
                    "undo {} and {} changes on {who}",
                    first.label.to_lowercase(),
                    second.label.to_lowercase()
                ),
                many => format!("undo {} changes on {who}", many.len()),
            },
            Reversal::Delete => format!("undo delete: restore {who}"),
            Reversal::SignIn {
                enabled_before: true,
            } => format!("undo block: unblock {who}"),
            Reversal::SignIn {
                enabled_before: false,
            } => format!("undo unblock: block {who}"),
            Reversal::Manager {
                before: Some(manager),
            } => {
                format!("undo manager change on {who} (back to {})", manager.label)
            }
            Reversal::Manager { before: None } => {
                format!("undo manager change on {who} (none again)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(reversal: Reversal) -> LastWrite {
        LastWrite {
            user: UserId::from("1"),
            label: "Ada Lovelace".to_owned(),
            upn: "ada@contoso.com".to_owned(),
            reversal,
        }
    }

    fn before(label: &'static str) -> Before {
        Before {
            property: "x",
            label,
            value: BeforeValue::Text(String::new()),
        }
    }

    #[test]
    fn the_description_names_what_changes_back_and_on_whom() {
        let one = write(Reversal::Edit(vec![before("Job title")]));
        assert_eq!(one.describe(), "undo job title change on Ada Lovelace");
        let two = write(Reversal::Edit(vec![
            before("Job title"),
            before("Department"),
        ]));
        assert_eq!(
            two.describe(),
            "undo job title and department changes on Ada Lovelace"
        );
        let three = write(Reversal::Edit(vec![before("A"), before("B"), before("C")]));
        assert_eq!(three.describe(), "undo 3 changes on Ada Lovelace");
        assert_eq!(
            write(Reversal::Delete).describe(),
            "undo delete: restore Ada Lovelace"
        );
        assert_eq!(
            write(Reversal::SignIn {
                enabled_before: true
            })
            .describe(),
            "undo block: unblock Ada Lovelace"
        );
    }
}
