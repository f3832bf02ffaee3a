//! Bulk work through Graph's JSON batching (`POST /v1.0/$batch`,
//! <https://learn.microsoft.com/en-us/graph/json-batching>): a list of operations on users
//! goes out as batches of at most 20 requests, a few batches at a time, and comes back as
//! one outcome per operation.
//!
//! - Every request of a batch has its own id (the operation's index), and answers are
//!   matched by it: Graph may answer them in any order.
//! - A request answered 429 or 503 is sent again, in a later batch, after its own
//!   `Retry-After` ("You should retry each failed request from the batch using the value
//!   provided in the `retry-after` response header from the JSON content",
//!   <https://learn.microsoft.com/en-us/graph/throttling#throttling-and-batching>), at most
//!   `max_retries` times and never after a wait longer than `max_retry_wait`, like any other
//!   call of the client. Other failures are final.
//! - The `$batch` POST itself goes through the client's own retry policy (429/503/504 with
//!   `Retry-After`, one token refresh after a 401), token cache, size limit and typed
//!   errors. A batch that fails as a whole fails each of its operations with that error.
//! - Progress goes out as [`BatchEvent`]s; [`CancelToken::cancel`] stops sending: what was
//!   sent is answered and reported, what was not is [`Outcome::Cancelled`]. Dropping the
//!   future stops at once, batches in flight included.

mod run;
mod wire;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

use super::client::GraphClient;
use super::error::GraphError;
use super::model::{NewUser, User, UserId, UserPatch};

/// JSON batch requests "are currently limited to 20 individual requests".
pub const MAX_BATCH: usize = 20;

/// Batches in flight at once unless [`BatchOptions::concurrency`] says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// One change to one user: one request of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchOp {
    /// `PATCH /users/{id}` with the properties the patch changes.
    Update { id: UserId, patch: Box<UserPatch> },
    /// `DELETE /users/{id}`: into deleted items, restorable for 30 days.
    Delete(UserId),
    /// `POST /users/{id}/revokeSignInSessions`.
    RevokeSessions(UserId),
    /// `POST /directory/deletedItems/{id}/restore`.
    Restore(UserId),
    /// `DELETE /directory/deletedItems/{id}`: gone for good.
    Purge(UserId),
    /// `POST /users`.
    Create(Box<NewUser>),
}

impl BatchOp {
    /// The user acted on: its id, or for a new user its userPrincipalName.
    pub fn target(&self) -> &str {
        match self {
            Self::Update { id, .. }
            | Self::Delete(id)
            | Self::RevokeSessions(id)
            | Self::Restore(id)
            | Self::Purge(id) => id.as_str(),
            Self::Create(user) => &user.user_principal_name,
        }
    }

    /// The method and path, for the log: ids only, never a UPN or a value.
    pub fn request_line(&self) -> String {
        match self {
            Self::Update { id, .. } => format!("PATCH /v1.0/users/{id}"),
            Self::Delete(id) => format!("DELETE /v1.0/users/{id}"),
            Self::RevokeSessions(id) => format!("POST /v1.0/users/{id}/revokeSignInSessions"),
            Self::Restore(id) => format!("POST /v1.0/directory/deletedItems/{id}/restore"),
            Self::Purge(id) => format!("DELETE /v1.0/directory/deletedItems/{id}"),
            Self::Create(_) => "POST /v1.0/users".to_owned(),
        }
    }
}

/// What an operation that succeeded did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchReply {
    Updated,
    Deleted,
    SessionsRevoked,
    /// The restored user as Graph answered it (its original UPN back).
    Restored(Box<User>),
    Purged,
    /// The new user as Graph answered it (with its id).
    Created(Box<User>),
}

/// How one operation ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Succeeded(BatchReply),
    /// Graph refused it (its code, message and the request's own request-id are in the
    /// error), it was still throttled after every retry, or its whole batch failed.
    Failed(GraphError),
    /// The run was stopped before Graph applied it: it was never sent, or it was throttled
    /// and not sent again.
    Cancelled,
}

/// One operation's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemResult {
    /// The operation's index in the list given to [`GraphClient::run_batch`].
    pub index: usize,
    pub outcome: Outcome,
    /// How many times it was sent (0 when it never was).
    pub attempts: u32,
}

impl ItemResult {
    pub fn error(&self) -> Option<&GraphError> {
        match &self.outcome {
            Outcome::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// The end of a run: one result per operation, in the order the operations were given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchReport {
    pub items: Vec<ItemResult>,
    /// The run was stopped by its [`CancelToken`].
    pub cancelled: bool,
    /// From the first batch sent to the last answer.
    pub elapsed: Duration,
}

impl BatchReport {
    /// The final counts.
    pub fn progress(&self) -> BatchProgress {
        let mut progress = BatchProgress {
            total: self.items.len(),
            elapsed: self.elapsed,
            ..BatchProgress::default()
        };
        for item in &self.items {
            match item.outcome {
                Outcome::Succeeded(_) => progress.succeeded += 1,
                Outcome::Failed(_) => progress.failed += 1,
                Outcome::Cancelled => progress.cancelled += 1,
            }
        }
        progress
    }

    /// The operations that failed, with their errors, in order.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &GraphError)> {
        self.items
            .iter()
            .filter_map(|item| item.error().map(|e| (item.index, e)))
    }
}

/// Where a run stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchProgress {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    /// Answered 429 or 503, waiting to be sent again.
    pub retrying: usize,
    /// Not applied because the run was stopped (only in a report or after a cancel).
    pub cancelled: usize,
    /// Since the run started: with `done`, the rate.
    pub elapsed: Duration,
}

impl BatchProgress {
    /// Operations with a final outcome from Graph, successes and failures.
    pub fn done(&self) -> usize {
        self.succeeded + self.failed
    }
}

/// What a run tells while it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchEvent {
    /// The counts: once at the start, then after every batch answered.
    Progress(BatchProgress),
    /// `items` requests of one batch were answered `status` (429 or 503) and go out again
    /// after `wait`, the longest `Retry-After` among them.
    Throttled {
        status: u16,
        items: usize,
        wait: Duration,
    },
}

/// Stops a run from sending more: cloned into whoever may stop it (the worker, on Esc).
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<CancelState>);

#[derive(Debug, Default)]
struct CancelState {
    cancelled: AtomicBool,
    notify: Notify,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    /// No batch is sent after this; batches in flight are answered and reported.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Resolves once [`CancelToken::cancel`] is called (at once if it was).
    async fn cancelled(&self) {
        loop {
            // Registered before the check, so a cancel in between still wakes it.
            let notified = self.0.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// How a run goes.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Batches in flight at once (at least 1).
    pub concurrency: usize,
    /// Where [`BatchEvent`]s go.
    pub events: Option<mpsc::UnboundedSender<BatchEvent>>,
    pub cancel: CancelToken,
}

impl Default for BatchOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            events: None,
            cancel: CancelToken::default(),
        }
    }
}

impl GraphClient {
    /// Applies `ops` through `$batch` and reports each one's outcome (see the module
    /// documentation for splitting, retries and cancelling). Never fails as a whole: a
    /// failure is some operation's [`Outcome::Failed`].
    pub async fn run_batch(&self, ops: Vec<BatchOp>, options: BatchOptions) -> BatchReport {
        run::Run::new(self.clone(), ops, options).execute().await
    }
}
