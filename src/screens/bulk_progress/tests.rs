//! A bulk job through the reducer: progress, throttling, Esc stopping, the summary with
//! Graph's errors, the rows after it, and exporting the summary.

use std::time::Duration;

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    self, api_error, bulk_event, bulk_report, bulk_run, ch, export_time, listed_with, notice, ok,
    page, press, users,
};
use crate::graph::{BatchProgress, BatchReply, UserId, UserPatch};
use crate::runtime::worker::Command;
use crate::screens::bulk_summary::{BulkSummary, Ended};
use crate::screens::export_prompt::ExportPrompt;
use crate::state::Operation;
use crate::update::{Effect, Msg, update};

const ADMIN: &[&str] = &["User.ReadWrite.All"];

fn listed() -> State {
    listed_with(ADMIN, page(users(), None, Some(10)))
}

fn block(user: &crate::graph::User) -> BulkItem {
    BulkItem {
        op: BatchOp::Update {
            id: user.id.clone(),
            patch: Box::new(UserPatch {
                account_enabled: Some(false),
                ..UserPatch::default()
            }),
        },
        label: user.label().to_owned(),
        upn: user.upn().to_owned(),
    }
}

fn job(items: Vec<BulkItem>) -> BulkJob {
    BulkJob {
        title: "Block sign-in".to_owned(),
        items,
        skipped: Some("1 already blocked".to_owned()),
    }
}

fn started(state: &mut State, job: BulkJob) -> RequestId {
    let mut fx = Effects::default();
    start(state, job, &mut fx);
    bulk_run(&fx.into_vec()).0
}

fn enabled(state: &State, id: &UserId) -> Option<bool> {
    state
        .screens
        .list()
        .and_then(|l| l.row(id))
        .and_then(crate::screens::user_list::Row::account_enabled)
}

fn summary(state: &State) -> &BulkSummary {
    state
        .screens
        .top_as::<BulkSummary>()
        .expect("the summary is in front")
}

fn refused() -> GraphError {
    api_error(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

#[test]
fn progress_then_a_summary_of_the_failures_and_the_rows_show_what_succeeded() {
    let mut state = listed();
    let users = users();
    let items: Vec<BulkItem> = users[..3].iter().map(block).collect();
    let id = started(&mut state, job(items));
    let dialog = state.screens.top_as::<BulkProgress>().expect("progress");
    assert_eq!((dialog.progress.total, dialog.progress.done()), (3, 0));

    let counts = BatchProgress {
        total: 3,
        succeeded: 1,
        failed: 1,
        retrying: 1,
        cancelled: 0,
        elapsed: Duration::from_millis(500),
    };
    update(&mut state, bulk_event(id, BatchEvent::Progress(counts)));
    let throttled = BatchEvent::Throttled {
        status: 429,
        items: 1,
        wait: Duration::from_secs(2),
    };
    update(&mut state, bulk_event(id, throttled));
    let dialog = state.screens.top_as::<BulkProgress>().expect("progress");
    assert_eq!(dialog.progress, counts);
    assert_eq!(dialog.rate(), Some(4.0));
    assert_eq!(dialog.throttled.map(|t| t.items), Some(1));
    // Another job's events change nothing.
    update(
        &mut state,
        bulk_event(id + 100, BatchEvent::Progress(BatchProgress::default())),
    );
    assert_eq!(
        state.screens.top_as::<BulkProgress>().map(|d| d.progress),
        Some(counts)
    );

    let outcomes = vec![
        Outcome::Succeeded(BatchReply::Updated),
        Outcome::Failed(refused()),
        Outcome::Succeeded(BatchReply::Updated),
    ];
    update(&mut state, ok(id, bulk_report(outcomes, 2)));
    assert!(!state.screens.has::<BulkProgress>());
    assert_eq!(enabled(&state, &users[0].id), Some(false));
    assert_eq!(enabled(&state, &users[1].id), Some(true), "it failed");
    assert_eq!(enabled(&state, &users[2].id), Some(false));
    let summary = summary(&state);
    assert_eq!(summary.counts(), (2, 1, 0));
    let (item, error) = summary.failed().next().expect("one failure");
    assert_eq!(item.label, users[1].label());
    assert_eq!(error.request_id(), Some("req-42"));
    assert_eq!(
        notice(&state),
        "Block sign-in: 2 done, 1 failed, 0 not sent"
    );
    // Each failure is in the error history, as a block.
    assert_eq!(state.errors.len(), 1);
    assert_eq!(state.errors[0].operation, Operation::BlockSignIn);
    update(&mut state, press(KeyCode::Esc));
    assert!(
        state
            .screens
            .top_as::<crate::screens::user_list::UserList>()
            .is_some()
    );
}

#[test]
fn esc_stops_sending_and_what_was_not_sent_is_counted() {
    let mut state = listed();
    let users = users();
    let id = started(&mut state, job(users[..4].iter().map(block).collect()));
    let fx = update(&mut state, press(KeyCode::Esc));
    assert_eq!(fx, [Effect::Send(Command::Stop(id))]);
    assert!(
        state
            .screens
            .top_as::<BulkProgress>()
            .is_some_and(|d| d.stopping)
    );
    // A second Esc sends nothing more; the dialog waits for the report.
    assert!(update(&mut state, press(KeyCode::Esc)).is_empty());
    let outcomes = vec![
        Outcome::Succeeded(BatchReply::Updated),
        Outcome::Succeeded(BatchReply::Updated),
        Outcome::Cancelled,
        Outcome::Cancelled,
    ];
    update(&mut state, ok(id, bulk_report(outcomes, 1)));
    let summary = summary(&state);
    assert!(summary.stopped);
    assert_eq!(summary.counts(), (2, 0, 2));
    assert_eq!(summary.items[2].ended, Ended::NotSent);
    assert_eq!(enabled(&state, &users[2].id), Some(true), "never sent");
}

#[test]
fn deleted_users_leave_the_list_and_a_run_that_cannot_start_fails_every_user() {
    let mut state = listed();
    let users = users();
    let items = users[..2]
        .iter()
        .map(|u| BulkItem {
            op: BatchOp::Delete(u.id.clone()),
            label: u.label().to_owned(),
            upn: u.upn().to_owned(),
        })
        .collect();
    let id = started(
        &mut state,
        BulkJob {
            title: "Delete users".to_owned(),
            items,
            skipped: None,
        },
    );
    let outcomes = vec![
        Outcome::Succeeded(BatchReply::Deleted),
        Outcome::Failed(api_error(404, "Request_ResourceNotFound", "gone")),
    ];
    update(&mut state, ok(id, bulk_report(outcomes, 1)));
    let list = state.screens.list().expect("list");
    assert!(list.row(&users[0].id).is_none());
    assert!(list.row(&users[1].id).is_some());
    assert_eq!(list.total, Some(9));

    update(&mut state, press(KeyCode::Esc));
    let id = started(&mut state, job(users[2..4].iter().map(block).collect()));
    update(&mut state, fixtures::fail(id, GraphError::NotConfigured));
    assert_eq!(summary(&state).counts(), (0, 2, 0));
}

#[test]
fn an_empty_job_sends_nothing_and_says_why() {
    let mut state = listed();
    let mut fx = Effects::default();
    start(&mut state, job(Vec::new()), &mut fx);
    assert!(fx.into_vec().is_empty());
    assert_eq!(
        notice(&state),
        "Block sign-in: nothing to send: 1 already blocked"
    );
}

#[test]
fn x_exports_every_user_with_graphs_error_and_request_id() {
    let mut state = listed();
    let users = users();
    let id = started(&mut state, job(users[..3].iter().map(block).collect()));
    let outcomes = vec![
        Outcome::Succeeded(BatchReply::Updated),
        Outcome::Failed(refused()),
        Outcome::Cancelled,
    ];
    update(&mut state, ok(id, bulk_report(outcomes, 1)));
    let fx = update(&mut state, ch('x'));
    assert_eq!(fx, [Effect::ExportStamp]);
    update(&mut state, Msg::ExportStamp(export_time()));
    let prompt = state
        .screens
        .top_as::<ExportPrompt>()
        .expect("export dialog");
    assert_eq!(
        prompt.path.value(),
        "lazyentra-block-sign-in-20261202-031500.csv"
    );
    let fx = update(&mut state, press(KeyCode::Enter));
    let job = fixtures::export_job(&fx);
    let rows: Vec<Vec<String>> = job
        .table
        .rows()
        .map(|row| row.iter().map(|c| format!("{:?}", c.value())).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0][4].contains("done"), "{:?}", rows[0]);
    assert!(rows[1][4].contains("failed"), "{:?}", rows[1]);
    assert!(
        rows[1][6].contains("Authorization_RequestDenied"),
        "{:?}",
        rows[1]
    );
    assert!(rows[1][8].contains("req-42"), "{:?}", rows[1]);
    assert!(rows[2][4].contains("not sent"), "{:?}", rows[2]);
}
