//! Runs the list's exports: each on a blocking thread of its own (the write never holds up
//! the event loop), its progress at most every 50 ms and its outcome sent back as
//! [`ExportMsg`]s, and a flag per export that Esc sets to stop it.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::export::job::{self, ExportJob, ExportMsg};

/// The shortest time between two progress messages of one export.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

pub struct Exports {
    tx: mpsc::UnboundedSender<ExportMsg>,
    rx: mpsc::UnboundedReceiver<ExportMsg>,
    /// The exports under way, by id, with their cancel flags.
    running: HashMap<u64, Arc<AtomicBool>>,
}

impl Default for Exports {
    fn default() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Exports {
            tx,
            rx,
            running: HashMap::new(),
        }
    }
}

impl Exports {
    /// Starts writing `job` (needs a tokio runtime).
    pub fn start(&mut self, job: ExportJob) {
        let cancelled = Arc::new(AtomicBool::new(false));
        self.running.insert(job.id, Arc::clone(&cancelled));
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let id = job.id;
            let mut reported = Instant::now();
            let result = job::write(&job, &cancelled, |rows| {
                if reported.elapsed() >= PROGRESS_EVERY {
                    reported = Instant::now();
                    let _ = tx.send(ExportMsg::Progress { id, rows });
                }
            });
            if let Err(e) = &result {
                tracing::warn!(id, "export failed: {e}");
            }
            // The app may have quit meanwhile: then nobody is left to tell.
            let _ = tx.send(ExportMsg::Done { id, result });
        });
    }

    /// Stops export `id`; its answer, if it still comes, says it was cancelled.
    pub fn cancel(&mut self, id: u64) {
        if let Some(flag) = self.running.remove(&id) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// No export is under way.
    pub fn is_idle(&self) -> bool {
        self.running.is_empty()
    }

    /// The next message of any export. Never ends: the sender lives as long as `self`.
    pub async fn recv(&mut self) -> ExportMsg {
        let Some(msg) = self.rx.recv().await else {
            return std::future::pending().await;
        };
        if let ExportMsg::Done { id, .. } = &msg {
            self.running.remove(id);
        }
        msg
    }
}
