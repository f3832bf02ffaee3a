//! The summary of a finished bulk job: every user with what became of it, the counts, and the
//! cursor over the failures.

use std::time::Duration;

use crate::graph::GraphError;

/// What became of one user's operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    Done,
    /// Graph refused it, or it could not be sent: Graph's error, with its request-id.
    Failed(GraphError),
    /// The job was stopped before it was sent.
    NotSent,
}

/// One user of the job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryItem {
    pub label: String,
    pub upn: String,
    /// The object id (or, for a user created, the UPN it was to get).
    pub target: String,
    /// What was asked of Graph for it: "block", "delete", "create"…
    pub operation: &'static str,
    pub ended: Ended,
}

/// The summary screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkSummary {
    /// The job's title: "Block sign-in".
    pub title: String,
    pub items: Vec<SummaryItem>,
    /// What was left out before sending, and why.
    pub skipped: Option<String>,
    /// Esc stopped it before everything was sent.
    pub stopped: bool,
    /// From the first batch sent to the last answer.
    pub elapsed: Duration,
    /// Indices into `items` of the failures, in order.
    pub failures: Vec<usize>,
    /// The failure under the cursor: an index into `failures`.
    pub selected: usize,
    /// What the screen that started the job adds below the counts (an import: where its
    /// generated passwords are).
    pub notes: Vec<String>,
}

impl BulkSummary {
    pub fn new(
        title: String,
        items: Vec<SummaryItem>,
        skipped: Option<String>,
        stopped: bool,
        elapsed: Duration,
    ) -> BulkSummary {
        let failures = items
            .iter()
            .enumerate()
            .filter(|(_, item)| matches!(item.ended, Ended::Failed(_)))
            .map(|(i, _)| i)
            .collect();
        BulkSummary {
            title,
            items,
            skipped,
            stopped,
            elapsed,
            failures,
            selected: 0,
            notes: Vec::new(),
        }
    }

    /// How many ended `Done`, `Failed` and `NotSent`.
    pub fn counts(&self) -> (usize, usize, usize) {
        let done = self.items.iter().filter(|i| i.ended == Ended::Done).count();
        let failed = self.failures.len();
        (done, failed, self.items.len() - done - failed)
    }

    /// The failed items, in order.
    pub fn failed(&self) -> impl Iterator<Item = (&SummaryItem, &GraphError)> {
        self.failures.iter().filter_map(|&i| {
            let item = self.items.get(i)?;
            match &item.ended {
                Ended::Failed(e) => Some((item, e)),
                _ => None,
            }
        })
    }
}
