//! Bulk work through `$batch` (`GraphClient::run_batch`) against the Graph emulator: batches of
//! 20 matched by id, per-request throttling retried after its own `Retry-After`, failures kept
//! with Graph's code and request-id, stopping midway, the `$batch` POST itself retried, and
//! the worker's bulk command. Waits are the emulator's tiny `Retry-After`s and latency; the
//! tests never sleep.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::time::Duration;

use lazyentra::fixtures;
use lazyentra::graph::{
    BatchEvent, BatchOp, BatchOptions, BatchProgress, BatchReply, BatchReport, CancelToken, Change,
    ClientConfig, ClientNotice, GraphClient, GraphError, NewUser, Outcome, UserId, UserPatch,
};
use lazyentra::runtime::worker::{Command, Op, Reply, Worker, WorkerMsg};
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};
use tokio::sync::mpsc;

/// The longest any test waits for anything.
const DEADLINE: Duration = Duration::from_secs(30);

/// The seeded admins' job titles (their roles); see `ids`.
const ADMIN_TITLES: [&str; 3] = [
    "Global Administrator",
    "Privileged Authentication Administrator",
    "Helpdesk Administrator",
];

/// An emulator with at least `users` users the demo app may write to.
async fn emulator(users: usize) -> Emulator {
    Emulator::start(EmulatorOptions {
        users: users + ADMIN_TITLES.len(),
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

fn config(emu: &Emulator, max_retries: u32) -> ClientConfig {
    ClientConfig {
        max_retries,
        ..fixtures::emulator_client_config(
            &emu.base_url(),
            demo::ADMIN_CLIENT_ID,
            demo::ADMIN_CLIENT_SECRET,
        )
    }
}

fn admin(emu: &Emulator) -> GraphClient {
    GraphClient::new(config(emu, 3)).unwrap()
}

/// `n` users' ids, leaving out the seeded admins: writes to them need a higher role than the
/// demo app's User Administrator (`directory/roles.rs`). Cloud-only users come first: a
/// synced user's job title is its on-premises directory's, and Graph refuses to set it.
fn ids(emu: &Emulator, n: usize) -> Vec<UserId> {
    let mut users: Vec<_> = emu
        .users_snapshot()
        .into_iter()
        .filter(|u| !ADMIN_TITLES.contains(&u["jobTitle"].as_str().unwrap_or_default()))
        .collect();
    users.sort_by_key(|u| u["onPremisesSyncEnabled"] == true);
    users
        .iter()
        .take(n)
        .map(|u| UserId::from(u["id"].as_str().unwrap()))
        .collect()
}

fn set_job_title(id: &UserId, title: &str) -> BatchOp {
    BatchOp::Update {
        id: id.clone(),
        patch: Box::new(UserPatch {
            job_title: Change::Set(title.to_owned()),
            ..UserPatch::default()
        }),
    }
}

/// Every event sent so far.
fn drain(rx: &mut mpsc::UnboundedReceiver<BatchEvent>) -> Vec<BatchEvent> {
    std::iter::from_fn(|| rx.try_recv().ok()).collect()
}

fn progresses(events: &[BatchEvent]) -> Vec<BatchProgress> {
    events
        .iter()
        .filter_map(|e| match e {
            BatchEvent::Progress(p) => Some(*p),
            BatchEvent::Throttled { .. } => None,
        })
        .collect()
}

async fn run(client: &GraphClient, ops: Vec<BatchOp>, options: BatchOptions) -> BatchReport {
    tokio::time::timeout(DEADLINE, client.run_batch(ops, options))
        .await
        .expect("the run ends in time")
}

fn with_events(concurrency: usize) -> (BatchOptions, mpsc::UnboundedReceiver<BatchEvent>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let options = BatchOptions {
        concurrency,
        events: Some(tx),
        ..BatchOptions::default()
    };
    (options, rx)
}

#[tokio::test]
async fn forty_five_operations_go_out_as_three_batches_and_come_back_by_id() {
    let emu = emulator(50).await;
    let client = admin(&emu);
    let users = ids(&emu, 45);
    // Each update sets a title of its own, so an answer matched to the wrong operation shows.
    let ops: Vec<BatchOp> = users
        .iter()
        .enumerate()
        .map(|(i, id)| match i / 15 {
            0 => set_job_title(id, &format!("Bulk {i}")),
            1 => BatchOp::RevokeSessions(id.clone()),
            _ => BatchOp::Delete(id.clone()),
        })
        .collect();
    let (options, mut rx) = with_events(4);
    let report = run(&client, ops, options).await;

    assert_eq!(emu.request_count(), 3, "45 requests in three batches");
    assert!(!report.cancelled);
    assert_eq!(report.items.len(), 45);
    for (i, item) in report.items.iter().enumerate() {
        assert_eq!(item.index, i);
        assert_eq!(item.attempts, 1);
        let expected = match i / 15 {
            0 => BatchReply::Updated,
            1 => BatchReply::SessionsRevoked,
            _ => BatchReply::Deleted,
        };
        assert_eq!(item.outcome, Outcome::Succeeded(expected), "{i}");
    }
    for (i, id) in users.iter().take(15).enumerate() {
        assert_eq!(
            emu.user(id.as_str()).unwrap()["jobTitle"],
            format!("Bulk {i}")
        );
    }
    assert_eq!(emu.user_count(), 35 + ADMIN_TITLES.len());
    assert_eq!(emu.deleted_count(), 15);

    let progress = progresses(&drain(&mut rx));
    assert_eq!(progress.len(), 4, "once at the start, then per batch");
    assert_eq!((progress[0].total, progress[0].done()), (45, 0));
    let dones: Vec<usize> = progress.iter().map(BatchProgress::done).collect();
    assert!(dones.windows(2).all(|w| w[0] < w[1]), "{dones:?}");
    let last = progress.last().unwrap();
    assert_eq!((last.done(), last.succeeded, last.failed), (45, 45, 0));
    assert_eq!(report.progress().succeeded, 45);
}

#[tokio::test]
async fn every_kind_of_operation_reports_what_graph_answered() {
    let emu = emulator(5).await;
    let client = admin(&emu);
    let users = ids(&emu, 3);
    client.delete_user(&users[0]).await.unwrap();
    client.delete_user(&users[1]).await.unwrap();
    let new = NewUser {
        account_enabled: false,
        user_principal_name: format!("bulk.created@{}", demo::DOMAIN),
        department: Some("Imports".into()),
        ..fixtures::new_user("Bulk Created", "bulk.created")
    };
    let ops = vec![
        BatchOp::Create(Box::new(new)),
        BatchOp::Restore(users[0].clone()),
        BatchOp::Purge(users[1].clone()),
        BatchOp::RevokeSessions(users[2].clone()),
        set_job_title(&users[2], "Bulk"),
    ];
    let report = run(&client, ops, BatchOptions::default()).await;
    let outcome = |i: usize| report.items[i].outcome.clone();
    let Outcome::Succeeded(BatchReply::Created(created)) = outcome(0) else {
        panic!("{:?}", outcome(0))
    };
    assert_eq!(
        created.user_principal_name.as_deref(),
        Some(format!("bulk.created@{}", demo::DOMAIN).as_str())
    );
    assert!(emu.user(created.id.as_str()).is_some());
    let Outcome::Succeeded(BatchReply::Restored(restored)) = outcome(1) else {
        panic!("{:?}", outcome(1))
    };
    assert_eq!(restored.id, users[0]);
    assert!(emu.user(users[0].as_str()).is_some());
    assert_eq!(outcome(2), Outcome::Succeeded(BatchReply::Purged));
    assert!(emu.deleted_user(users[1].as_str()).is_none());
    assert_eq!(outcome(3), Outcome::Succeeded(BatchReply::SessionsRevoked));
    assert_eq!(outcome(4), Outcome::Succeeded(BatchReply::Updated));
}

#[tokio::test]
async fn throttled_requests_are_sent_again_after_their_own_retry_after() {
    // Thirty cloud-only users among them (most of the demo's are synced).
    let emu = emulator(120).await;
    let client = admin(&emu);
    let users = ids(&emu, 30);
    emu.set_faults(Faults {
        throttle_every: Some(4),
        retry_after: Duration::from_millis(20),
        ..Faults::default()
    });
    let ops = users
        .iter()
        .map(|id| set_job_title(id, "Throttled"))
        .collect();
    let (options, mut rx) = with_events(2);
    let report = run(&client, ops, options).await;

    assert_eq!(report.progress().succeeded, 30, "{report:?}");
    let retried = report.items.iter().filter(|i| i.attempts > 1).count();
    assert!(retried >= 7, "every 4th request was throttled: {retried}");
    for id in &users {
        assert_eq!(emu.user(id.as_str()).unwrap()["jobTitle"], "Throttled");
    }
    let events = drain(&mut rx);
    let throttled: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            BatchEvent::Throttled {
                status,
                items,
                wait,
            } => Some((*status, *items, *wait)),
            BatchEvent::Progress(_) => None,
        })
        .collect();
    assert!(!throttled.is_empty());
    for (status, items, wait) in throttled {
        assert_eq!(status, 429);
        assert!(items >= 1);
        assert_eq!(wait, Duration::from_millis(20), "Graph's own Retry-After");
    }
    let last = *progresses(&events).last().unwrap();
    assert_eq!((last.succeeded, last.retrying), (30, 0));
}

#[tokio::test]
async fn requests_still_throttled_after_every_retry_fail_as_throttled() {
    let emu = emulator(3).await;
    let client = GraphClient::new(config(&emu, 2)).unwrap();
    emu.set_faults(Faults {
        throttle_every: Some(1),
        retry_after: Duration::from_millis(10),
        ..Faults::default()
    });
    let ops = ids(&emu, 3)
        .iter()
        .map(|id| set_job_title(id, "X"))
        .collect();
    let report = run(&client, ops, BatchOptions::default()).await;
    for item in &report.items {
        assert_eq!(item.attempts, 3, "one try and two retries");
        match &item.outcome {
            Outcome::Failed(GraphError::Throttled {
                retry_after,
                request_id,
            }) => {
                assert_eq!(*retry_after, Some(Duration::from_millis(10)));
                assert!(request_id.is_some(), "the request's own request-id");
            }
            other => panic!("expected throttled, got {other:?}"),
        }
    }
    assert_eq!(
        emu.request_count(),
        3,
        "the three go out together each time"
    );
}

#[tokio::test]
async fn a_refused_request_keeps_graphs_code_message_and_request_id_and_is_not_retried() {
    let emu = emulator(3).await;
    let client = admin(&emu);
    let users = ids(&emu, 2);
    let ops = vec![
        BatchOp::Delete(users[0].clone()),
        BatchOp::Delete("00000000-0000-0000-0000-000000000000".into()),
        BatchOp::Delete(users[1].clone()),
    ];
    let report = run(&client, ops, BatchOptions::default()).await;
    assert_eq!(
        report.items[0].outcome,
        Outcome::Succeeded(BatchReply::Deleted)
    );
    assert_eq!(
        report.items[2].outcome,
        Outcome::Succeeded(BatchReply::Deleted)
    );
    let failed = &report.items[1];
    assert_eq!(failed.attempts, 1, "a 404 is not retried");
    let Some(GraphError::Api(error)) = failed.error() else {
        panic!("{failed:?}")
    };
    assert_eq!(error.status, 404);
    assert_eq!(error.code, "Request_ResourceNotFound");
    assert!(
        error.message.contains("does not exist"),
        "{}",
        error.message
    );
    let request_id = error.request_id.as_deref().unwrap();
    assert!(uuid::Uuid::parse_str(request_id).is_ok(), "{request_id}");
    let failures: Vec<_> = report.failures().map(|(i, _)| i).collect();
    assert_eq!(failures, vec![1]);
    assert_eq!(emu.request_count(), 1);
}

#[tokio::test]
async fn stopping_midway_keeps_what_was_done_and_sends_nothing_more() {
    let emu = emulator(110).await;
    let client = admin(&emu);
    client.connect().await.unwrap();
    // Slow answers, one batch of five at a time: the stop lands while the second is out.
    emu.set_faults(Faults {
        latency: Duration::from_millis(300),
        ..Faults::default()
    });
    let ops: Vec<BatchOp> = ids(&emu, 100).into_iter().map(BatchOp::Delete).collect();
    let (options, mut rx) = with_events(1);
    let stop = options.cancel.clone();
    let running = tokio::spawn({
        let client = client.clone();
        async move { client.run_batch(ops, options).await }
    });
    tokio::time::timeout(DEADLINE, async {
        while let Some(event) = rx.recv().await {
            if matches!(event, BatchEvent::Progress(p) if p.done() >= 20) {
                break;
            }
        }
    })
    .await
    .expect("the first batch is answered");
    stop.cancel();
    let report = tokio::time::timeout(DEADLINE, running)
        .await
        .unwrap()
        .unwrap();

    assert!(report.cancelled);
    let progress = report.progress();
    assert_eq!(progress.failed, 0);
    assert!(progress.cancelled > 0, "{progress:?}");
    assert_eq!(progress.succeeded + progress.cancelled, 100);
    assert_eq!(
        emu.user_count(),
        110 + ADMIN_TITLES.len() - progress.succeeded,
        "what was reported done was done, and nothing else"
    );
    for item in &report.items {
        if item.outcome == Outcome::Cancelled {
            assert_eq!(item.attempts, 0, "a cancelled operation was never sent");
        }
    }
    assert!(emu.request_count() < 5, "no batch after the stop");
    assert_eq!(
        usize::try_from(emu.request_count()).unwrap() * 20,
        progress.succeeded,
        "every batch sent was answered and reported"
    );

    // Stopped before it starts: nothing is sent.
    let before = emu.request_count();
    let stop = CancelToken::new();
    stop.cancel();
    let ops = ids(&emu, 3).into_iter().map(BatchOp::Delete).collect();
    let report = run(
        &client,
        ops,
        BatchOptions {
            cancel: stop,
            ..BatchOptions::default()
        },
    )
    .await;
    assert_eq!(report.progress().cancelled, 3);
    assert_eq!(emu.request_count(), before);
}

#[tokio::test]
async fn an_unavailable_batch_is_sent_again_after_its_retry_after() {
    let emu = emulator(45).await;
    let (tx, mut notices) = mpsc::unbounded_channel();
    let client = admin(&emu).with_notices(tx);
    emu.set_faults(Faults {
        batch_unavailable_every: Some(2),
        retry_after: Duration::from_millis(10),
        ..Faults::default()
    });
    let ops = ids(&emu, 45)
        .iter()
        .map(|id| BatchOp::RevokeSessions(id.clone()))
        .collect();
    let (options, _rx) = with_events(1);
    let report = run(&client, ops, options).await;
    assert_eq!(report.progress().succeeded, 45, "{report:?}");
    assert!(report.items.iter().all(|i| i.attempts == 1));
    assert_eq!(emu.request_count(), 5, "three batches, two of them twice");
    let notice = notices.try_recv().unwrap();
    assert!(
        matches!(notice, ClientNotice::Throttled { status: 503, wait, .. } if wait == Duration::from_millis(10)),
        "{notice:?}"
    );
}

async fn next(worker: &mut Worker) -> WorkerMsg {
    tokio::time::timeout(DEADLINE, worker.recv())
        .await
        .expect("an answer in time")
        .expect("the worker is alive")
}

#[tokio::test]
async fn the_worker_runs_a_bulk_op_with_progress_and_stops_when_told() {
    let emu = emulator(45).await;
    let mut worker = Worker::spawn(Some(config(&emu, 3)));
    let ops = ids(&emu, 3).into_iter().map(BatchOp::Delete).collect();
    worker.send(Command::Run {
        id: 1,
        op: Op::Bulk(ops),
    });
    let mut events = 0;
    let report = loop {
        match next(&mut worker).await {
            WorkerMsg::Bulk { id: 1, .. } => events += 1,
            WorkerMsg::Notice(_) => {}
            WorkerMsg::Done {
                id: 1,
                result: Ok(Reply::Bulk(report)),
                ..
            } => break report,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(events, 2, "the start and the one batch, all before the end");
    assert_eq!(report.progress().succeeded, 3);

    emu.set_faults(Faults {
        latency: Duration::from_millis(300),
        ..Faults::default()
    });
    let ops = ids(&emu, 42).into_iter().map(BatchOp::Delete).collect();
    worker.send(Command::Run {
        id: 2,
        op: Op::Bulk(ops),
    });
    worker.send(Command::Stop(2));
    let report = loop {
        match next(&mut worker).await {
            WorkerMsg::Bulk { id: 2, .. } | WorkerMsg::Notice(_) => {}
            WorkerMsg::Done {
                id: 2,
                result: Ok(Reply::Bulk(report)),
                ..
            } => break report,
            other => panic!("{other:?}"),
        }
    };
    assert!(report.cancelled);
    assert_eq!(
        emu.user_count(),
        42 + ADMIN_TITLES.len() - report.progress().succeeded,
        "what the report says, and only that, was done"
    );
}

#[tokio::test]
async fn a_batch_that_fails_as_a_whole_fails_each_of_its_operations_with_why() {
    let emu = emulator(25).await;
    let client = GraphClient::new(config(&emu, 1)).unwrap();
    emu.set_faults(Faults {
        batch_unavailable_every: Some(1),
        retry_after: Duration::from_millis(10),
        ..Faults::default()
    });
    let ops = ids(&emu, 25).into_iter().map(BatchOp::Delete).collect();
    let report = run(&client, ops, BatchOptions::default()).await;
    assert_eq!(report.progress().failed, 25);
    for item in &report.items {
        let error = item.error().unwrap();
        assert_eq!(error.status(), Some(503), "{error}");
        assert_eq!(error.code(), Some("serviceNotAvailable"));
        assert!(error.request_id().is_some(), "the batch's request-id");
    }
    assert_eq!(emu.request_count(), 4, "two batches, each tried twice");
    assert_eq!(emu.user_count(), 25 + ADMIN_TITLES.len(), "nothing ran");
}
