//! Carries out what an import asks of the shell, each on a blocking thread (a big file never
//! holds up the event loop): reading and checking the file, completing a typed path, writing
//! the generated passwords (the clock names the file, the OS's generator makes them), and
//! trimming that file once the run has ended. Answers come back as [`ImportMsg`]s.

use std::path::PathBuf;

use tokio::sync::mpsc;

use crate::import::Domains;
use crate::import::job::{self, ImportMsg};

pub struct Imports {
    tx: mpsc::UnboundedSender<ImportMsg>,
    rx: mpsc::UnboundedReceiver<ImportMsg>,
    /// Jobs started whose answer has not been received.
    running: usize,
}

impl Default for Imports {
    fn default() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Imports { tx, rx, running: 0 }
    }
}

impl Imports {
    /// Runs `work` on a blocking thread and sends its answer back.
    fn spawn(&mut self, work: impl FnOnce() -> ImportMsg + Send + 'static) {
        self.running += 1;
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            // The app may have quit meanwhile: then nobody is left to tell.
            let _ = tx.send(work());
        });
    }

    pub fn read(&mut self, id: u64, path: String, domains: Domains) {
        self.spawn(move || {
            let result = job::read_and_check(&path, &domains).map(Box::new);
            if let Err(e) = &result {
                tracing::info!(id, "import file refused: {e}");
            }
            ImportMsg::Checked { id, result }
        });
    }

    pub fn complete(&mut self, typed: String) {
        self.spawn(move || ImportMsg::Completed {
            completion: job::complete_path(&typed),
            typed,
        });
    }

    pub fn passwords(&mut self, id: u64, input: PathBuf, upns: Vec<String>) {
        self.spawn(move || {
            let now = chrono::Local::now().naive_local();
            let path = job::passwords_path(&input, now);
            let result = job::write_passwords(&path, &upns, || {
                crate::password::generate(&mut rand::rng())
            });
            match &result {
                // The path only: never a password.
                Ok(g) => tracing::info!(id, count = upns.len(), path = %g.path.display(), "passwords written"),
                Err(e) => tracing::warn!(id, "passwords not written: {e}"),
            }
            ImportMsg::Passwords { id, result }
        });
    }

    pub fn keep(&mut self, path: PathBuf, created: Vec<String>) {
        self.spawn(move || {
            let result = job::keep_created(&path, &created).map_err(|e| e.to_string());
            if let Err(e) = &result {
                tracing::warn!(path = %path.display(), "passwords file not trimmed: {e}");
            }
            ImportMsg::Kept { path, result }
        });
    }

    /// No import work is under way.
    pub fn is_idle(&self) -> bool {
        self.running == 0
    }

    /// The next answer. Never ends: the sender lives as long as `self`.
    pub async fn recv(&mut self) -> ImportMsg {
        let Some(msg) = self.rx.recv().await else {
            return std::future::pending().await;
        };
        self.running = self.running.saturating_sub(1);
        msg
    }
}
