//! A bulk job under way: the dialog over the list with a bar of done/total, the failures so
//! far, the rate, and Graph's throttling. Esc stops sending new batches (the ones in flight
//! are answered; what was done stays done). When the report comes the rows that changed are
//! updated (`apply.rs`) and the summary replaces this dialog.
//!
//! Any screen starts a job the same way: a [`BulkJob`] (one `BatchOp` per user, with the
//! user's name) handed to [`start`].

mod apply;
pub mod state;
mod view;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::bulk_summary::state::{BulkSummary, Ended, SummaryItem};
use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use crate::effect::Effects;
use crate::graph::{BatchEvent, BatchOp, BatchReport, GraphError, Outcome};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply, RequestId};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;

pub use state::{BulkItem, BulkJob, BulkProgress, Throttled};

impl ScreenView for BulkProgress {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::BulkProgress
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some(self.job.title.clone())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        if self.stopping {
            return Vec::new();
        }
        vec![Hint::action_in(
            &state.keymap,
            Action::Back,
            Context::BulkProgress,
            "stop (what is done stays done)",
            9,
        )]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, &self.job.title, Context::BulkProgress)
    }
}

/// Starts `job` through `$batch` with its progress dialog in front. An empty job starts
/// nothing and says so.
pub fn start(state: &mut State, job: BulkJob, fx: &mut Effects) {
    if job.items.is_empty() {
        let why = job
            .skipped
            .map_or_else(String::new, |skipped| format!(": {skipped}"));
        state.status.notice = Some(Notice::Info(format!("{}: nothing to send{why}", job.title)));
        return;
    }
    let ops: Vec<BatchOp> = job.items.iter().map(|item| item.op.clone()).collect();
    let id = fx.run(state, Op::Bulk(ops), Pending::Bulk);
    state
        .screens
        .push(Screen::BulkProgress(Box::new(BulkProgress::new(job, id))));
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    if state.keymap.action(Context::BulkProgress, key) != Some(Action::Back) {
        return;
    }
    let Some(dialog) = state.screens.top_as_mut::<BulkProgress>() else {
        return;
    };
    if !dialog.stopping {
        dialog.stopping = true;
        fx.stop(dialog.id);
    }
}

/// The run's progress: the counts after each batch, or a batch's throttled requests.
pub fn on_event(state: &mut State, id: RequestId, event: &BatchEvent) {
    let Some(dialog) = running(state, id) else {
        return;
    };
    match event {
        BatchEvent::Progress(progress) => {
            dialog.progress = *progress;
            if progress.retrying == 0 {
                dialog.throttled = None;
            }
        }
        BatchEvent::Throttled {
            status,
            items,
            wait,
        } => {
            dialog.throttled = Some(Throttled {
                status: *status,
                items: *items,
                wait: *wait,
            });
        }
    }
}

fn running(state: &mut State, id: RequestId) -> Option<&mut BulkProgress> {
    state
        .screens
        .iter_mut()
        .rev()
        .find_map(|screen| match screen {
            Screen::BulkProgress(dialog) if dialog.id == id => Some(dialog.as_mut()),
            _ => None,
        })
}

/// The run ended (done, or stopped): the rows show what succeeded, every failure goes to the
/// error history, and the summary takes the dialog's place.
pub(crate) fn on_reply(
    state: &mut State,
    id: RequestId,
    result: Result<Reply, GraphError>,
    at: DateTime<Utc>,
) {
    let Some(dialog) = running(state, id) else {
        return;
    };
    let job = dialog.job.clone();
    let stopping = dialog.stopping;
    state.screens.close::<BulkProgress>();
    let report = match result {
        Ok(Reply::Bulk(report)) => *report,
        Ok(other) => {
            tracing::warn!(?other, "a bulk run answered with something else");
            return;
        }
        // The run could not start (no client, no token): every operation failed with it.
        Err(e) => failed_whole(&job, &e),
    };
    apply::succeeded(state, &job, &report);
    for (index, error) in report.failures() {
        if let Some(item) = job.items.get(index) {
            state.record_error(at, operation(&item.op), error.clone());
        }
    }
    let summary = summarize(job, &report, stopping);
    let (done, failed, not_sent) = summary.counts();
    state.status.notice = Some(if failed == 0 && not_sent == 0 {
        Notice::Success(format!("{}: all {done} done", summary.title))
    } else {
        Notice::Info(format!(
            "{}: {done} done, {failed} failed, {not_sent} not sent",
            summary.title
        ))
    });
    state.screens.push(Screen::BulkSummary(Box::new(summary)));
}

fn failed_whole(job: &BulkJob, error: &GraphError) -> BatchReport {
    BatchReport {
        items: (0..job.items.len())
            .map(|index| crate::graph::ItemResult {
                index,
                outcome: Outcome::Failed(error.clone()),
                attempts: 0,
            })
            .collect(),
        cancelled: false,
        elapsed: std::time::Duration::ZERO,
    }
}

fn summarize(job: BulkJob, report: &BatchReport, stopping: bool) -> BulkSummary {
    let mut ended: Vec<Ended> = vec![Ended::NotSent; job.items.len()];
    for item in &report.items {
        if let Some(slot) = ended.get_mut(item.index) {
            *slot = match &item.outcome {
                Outcome::Succeeded(_) => Ended::Done,
                Outcome::Failed(e) => Ended::Failed(e.clone()),
                Outcome::Cancelled => Ended::NotSent,
            };
        }
    }
    let items = job
        .items
        .into_iter()
        .zip(ended)
        .map(|(item, ended)| SummaryItem {
            target: item.op.target().to_owned(),
            operation: operation_name(&item.op),
            label: item.label,
            upn: item.upn,
            ended,
        })
        .collect();
    BulkSummary::new(
        job.title,
        items,
        job.skipped,
        stopping || report.cancelled,
        report.elapsed,
    )
}

/// Blocking and unblocking are patches of `accountEnabled` alone.
fn enabling(op: &BatchOp) -> Option<bool> {
    match op {
        BatchOp::Update { patch, .. } => {
            let enabled = patch.account_enabled?;
            let alone = crate::graph::UserPatch {
                account_enabled: Some(enabled),
                ..Default::default()
            };
            (**patch == alone).then_some(enabled)
        }
        _ => None,
    }
}

/// What an operation is, for the error history.
fn operation(op: &BatchOp) -> Operation {
    match (op, enabling(op)) {
        (_, Some(false)) => Operation::BlockSignIn,
        (_, Some(true)) => Operation::UnblockSignIn,
        (BatchOp::Update { .. }, None) => Operation::UpdateUser,
        (BatchOp::Delete(_), _) => Operation::DeleteUser,
        (BatchOp::RevokeSessions(_), _) => Operation::RevokeSessions,
        (BatchOp::Restore(_), _) => Operation::RestoreUser,
        (BatchOp::Purge(_), _) => Operation::PurgeUser,
        (BatchOp::Create(_), _) => Operation::CreateUser,
    }
}

/// What an operation is, in a word, for the summary's export.
fn operation_name(op: &BatchOp) -> &'static str {
    match (op, enabling(op)) {
        (_, Some(false)) => "block",
        (_, Some(true)) => "unblock",
        (BatchOp::Update { .. }, None) => "update",
        (BatchOp::Delete(_), _) => "delete",
        (BatchOp::RevokeSessions(_), _) => "revoke sessions",
        (BatchOp::Restore(_), _) => "restore",
        (BatchOp::Purge(_), _) => "delete for good",
        (BatchOp::Create(_), _) => "create",
    }
}

#[cfg(test)]
mod tests;
