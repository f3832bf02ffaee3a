//! Bulk create from a CSV file in the Entra admin center's bulk-create template
//! (<https://learn.microsoft.com/en-us/entra/identity/users/users-bulk-add>): a first line
//! `version:v1.0`, a header row of `<Item name> [propertyName] <Required or blank>` columns,
//! then one user per row. Everything is checked before anything is sent, and every row's
//! problems are listed at once: `template` reads the file, `check` decides which rows may be
//! created.

mod check;
pub mod job;
mod template;

pub use check::{Checked, Domains, Refused, ToCreate, check};
pub use job::{CheckedFile, Completion, Generated, ImportError, ImportMsg};
pub use template::{Column, FileError, Sheet, read};

/// Typed in the password column to have a strong one generated.
pub const GENERATE: &str = "generate";
