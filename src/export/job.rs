//! The user list's export as data the reducer hands the shell (`Effect::Export`), the messages
//! that come back, and the blocking write the shell runs on a thread of its own: resolve the
//! path, create the file, write the rows (reporting progress, stopping when cancelled), put
//! the file in place.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use super::table::{Cell, Format, Table};
use super::target::{self, ExportError, Target};
use super::writer::{Summary, Writer};

/// Rows written between two looks at the cancel flag and two progress reports.
const BLOCK: usize = 1024;

/// An export the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportJob {
    /// Tags its messages; drawn from the same counter as Graph requests.
    pub id: u64,
    /// The path as typed; made concrete by [`target::resolve`].
    pub path: String,
    /// The suggested file name, used when the path names a folder.
    pub default_name: String,
    pub format: Format,
    /// Replace an existing file: the user was told it exists and confirmed.
    pub replace: bool,
    /// The rows, as the list showed them when the user pressed Enter.
    pub table: Table,
}

/// A finished export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    /// Where the file went, absolute.
    pub path: PathBuf,
    pub summary: Summary,
}

/// What the shell tells the reducer about an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportMsg {
    /// `rows` are written so far.
    Progress { id: u64, rows: u64 },
    Done {
        id: u64,
        result: Result<Exported, ExportError>,
    },
}

/// Writes `job` to its file. Blocking: the shell runs it off the event loop. `progress` hears
/// the rows written so far every [`BLOCK`] rows; once `cancelled` is set it stops and removes
/// what it wrote.
pub fn write(
    job: &ExportJob,
    cancelled: &AtomicBool,
    mut progress: impl FnMut(u64),
) -> Result<Exported, ExportError> {
    let path = target::resolve(&job.path, &job.default_name);
    let mut target = Target::create(&path, job.replace)?;
    let fail = |e: std::io::Error| ExportError::writing(&path, &e);
    let mut writer =
        Writer::start(&mut target, job.format, &job.table.columns, true).map_err(fail)?;
    for (i, row) in job.table.rows().enumerate() {
        if i % BLOCK == 0 && i > 0 {
            if cancelled.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled);
            }
            progress(i as u64);
        }
        writer.row(row.iter().map(Cell::value)).map_err(fail)?;
    }
    let (_, summary) = writer.finish().map_err(fail)?;
    if cancelled.load(Ordering::Relaxed) {
        return Err(ExportError::Cancelled);
    }
    let path = target.commit()?;
    Ok(Exported { path, summary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::table::{Column, Value};

    static COLUMNS: [Column; 1] = [Column {
        title: "Display name",
        property: "displayName",
    }];

    fn job(path: String, rows: usize) -> ExportJob {
        let mut table = Table::new(&COLUMNS);
        for i in 0..rows {
            table.push([Value::Text(&format!("user {i}"))]);
        }
        ExportJob {
            id: 1,
            path,
            default_name: "default.csv".into(),
            format: Format::Csv,
            replace: false,
            table,
        }
    }

    #[test]
    fn rows_are_written_with_progress_and_a_cancel_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        let mut seen = Vec::new();
        let done = write(
            &job(path.to_string_lossy().into(), 3000),
            &AtomicBool::new(false),
            |n| seen.push(n),
        )
        .unwrap();
        assert_eq!((done.path, done.summary.rows), (path.clone(), 3000));
        assert_eq!(seen, [1024, 2048]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3001);

        let other = dir.path().join("cancelled.csv");
        let cancelled = AtomicBool::new(true);
        let e = write(
            &job(other.to_string_lossy().into(), 3000),
            &cancelled,
            |_| {},
        );
        assert_eq!(e, Err(ExportError::Cancelled));
        assert!(!other.exists());
    }

    #[test]
    fn a_folder_gets_the_suggested_name() {
        let dir = tempfile::tempdir().unwrap();
        let done = write(
            &job(dir.path().to_string_lossy().into(), 1),
            &AtomicBool::new(false),
            |_| {},
        )
        .unwrap();
        assert_eq!(done.path, dir.path().join("default.csv"));
    }
}
