//! A bulk job's data: what is sent (one `BatchOp` per user, with the user's name), and where
//! the run stands while `$batch` works through it.

use std::time::Duration;

use crate::graph::{BatchOp, BatchProgress};

/// One operation of a bulk job and the user it acts on, as the screens name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkItem {
    pub op: BatchOp,
    /// The display name (else the UPN).
    pub label: String,
    pub upn: String,
}

/// Many operations to run through `$batch`: any screen that starts one (the marked users'
/// block, delete, edit…, a CSV import) hands one of these to `bulk_progress::start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkJob {
    /// What the job does, as a title: "Block sign-in", "Delete users", "Import users".
    pub title: String,
    pub items: Vec<BulkItem>,
    /// What was left out before anything was sent, and why ("3 already blocked"): the
    /// summary repeats it.
    pub skipped: Option<String>,
}

/// The progress dialog: the job, its request, and what the run has said so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkProgress {
    pub job: BulkJob,
    /// The worker's request running it: progress events and the report carry it.
    pub id: u64,
    pub progress: BatchProgress,
    /// The latest batch that came back with throttled requests, until the next progress.
    pub throttled: Option<Throttled>,
    /// Esc was pressed: no new batch is sent, the ones in flight are awaited.
    pub stopping: bool,
}

/// Requests of a batch answered 429 or 503, to be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttled {
    pub status: u16,
    pub items: usize,
    /// The longest `Retry-After` among them.
    pub wait: Duration,
}

impl BulkProgress {
    pub fn new(job: BulkJob, id: u64) -> BulkProgress {
        let progress = BatchProgress {
            total: job.items.len(),
            ..BatchProgress::default()
        };
        BulkProgress {
            job,
            id,
            progress,
            throttled: None,
            stopping: false,
        }
    }

    /// Operations per second so far, once some are done and time has passed.
    pub fn rate(&self) -> Option<f64> {
        rate(&self.progress)
    }
}

/// Operations Graph answered per second, from the executor's own clock.
pub fn rate(progress: &BatchProgress) -> Option<f64> {
    let seconds = progress.elapsed.as_secs_f64();
    (progress.done() > 0 && seconds > 0.0).then(|| progress.done() as f64 / seconds)
}
