//! The import dialog's data: the path being typed, then the file's rows as checked, and how
//! far the creation has gone. No behaviour here (`mod.rs`), no drawing (`view.rs`).

use std::path::PathBuf;

use tui_input::Input;

use crate::import::{CheckedFile, ImportError};
use crate::screens::user_form::state::DomainSource;

#[derive(Clone, Debug, Default)]
pub struct Import {
    /// The file's path, as typed (`~/` is the home folder).
    pub path: Input,
    /// What Tab found matching the path, when more than one name did.
    pub candidates: Vec<String>,
    pub phase: Phase,
}

#[derive(Clone, Debug, Default)]
pub enum Phase {
    /// Typing the path.
    #[default]
    Prompt,
    /// Why the last try failed (no such file, not the template); the path stays to be fixed.
    Refused(ImportError),
    /// The shell is reading and checking the file (`id` is the job's), or, without `id`, the
    /// tenant's domains are still on their way.
    Reading {
        id: Option<u64>,
        domains: Option<DomainsUsed>,
    },
    /// The rows as checked: nothing sent yet.
    Review(Box<Review>),
}

/// The file as checked, with what the admin chooses next.
#[derive(Clone, Debug)]
pub struct Review {
    pub file: CheckedFile,
    pub domains: DomainsUsed,
    /// The first refused row shown.
    pub scroll: usize,
    pub stage: Stage,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the admin's yes.
    #[default]
    Ready,
    /// The shell is making and writing the generated passwords (job `id`).
    Passwords { id: u64 },
    /// The passwords could not be written, so nothing was sent.
    Failed(ImportError),
    /// Handed to the bulk run `bulk` (its progress dialog is over the review), with the
    /// generated passwords' file if any row asked for one.
    Sent {
        bulk: u64,
        passwords: Option<PathBuf>,
    },
}

/// The domains the file's user names were checked against, and where they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DomainsUsed {
    pub source: DomainSource,
    pub names: Vec<String>,
    /// How many of `names` come from `domains = [...]` in the config.
    pub from_config: usize,
}

impl Import {
    /// The shell is working for it (reading the file, writing the passwords): its spinner
    /// turns.
    pub fn is_busy(&self) -> bool {
        match &self.phase {
            Phase::Reading { .. } => true,
            Phase::Review(review) => matches!(review.stage, Stage::Passwords { .. }),
            Phase::Prompt | Phase::Refused(_) => false,
        }
    }
}

impl Review {
    /// Rows that asked for a generated password.
    pub fn generated(&self) -> usize {
        self.file
            .checked
            .create
            .iter()
            .filter(|c| c.generate_password)
            .count()
    }

    /// Rows to be created with sign-in blocked.
    pub fn blocked(&self) -> usize {
        self.file
            .checked
            .create
            .iter()
            .filter(|c| !c.user.account_enabled)
            .count()
    }
}
