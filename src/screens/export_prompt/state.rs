//! The export dialog's data: the path being typed, the format, and what became of the last
//! try (an error to show, a file the user may now replace, a write under way).

use tui_input::Input;

use crate::export::table::{Format, Table};
use crate::export::target::ExportError;

#[derive(Clone, Debug, Default)]
pub struct ExportPrompt {
    /// Where to write, as typed: relative to the working directory; `~/` is the home folder.
    pub path: Input,
    pub format: Format,
    /// The suggested name without its extension (`lazyentra-users-20261202-031500`), once the
    /// shell has told the time.
    pub stem: Option<String>,
    /// Why the last try failed; cleared by an edit.
    pub problem: Option<ExportError>,
    /// The path the user was told exists: Enter with this same path replaces the file.
    pub replace: Option<String>,
    pub writing: Option<Writing>,
    /// Rows made by another screen (a bulk job's summary); `None`: the rows the list shows.
    pub source: Option<Source>,
}

/// Rows another screen hands the dialog to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub table: Table,
    /// The dialog's title: "Export the summary".
    pub title: String,
    /// What is written, in a sentence.
    pub about: String,
    /// The suggested name's start, before its time stamp: `lazyentra-bulk`.
    pub stem: String,
}

/// An export under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Writing {
    pub id: u64,
    pub written: u64,
    pub total: u64,
}

impl ExportPrompt {
    /// The suggested file name in the chosen format, once known.
    pub fn default_name(&self) -> Option<String> {
        self.stem
            .as_ref()
            .map(|stem| format!("{stem}.{}", self.format.extension()))
    }

    /// Enter now replaces an existing file: the user was told it exists and changed nothing.
    pub fn replaces(&self) -> bool {
        self.replace.as_deref() == Some(self.path.value())
    }
}
