//! The executor behind [`GraphClient::run_batch`]: a queue of operations ready to go, the
//! throttled ones waiting for their `Retry-After`, and a few batches in flight.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use reqwest::{Method, StatusCode};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::wire::{self, BatchAnswer, Verdict};
use super::{
    BatchEvent, BatchOp, BatchOptions, BatchProgress, BatchReport, ItemResult, MAX_BATCH, Outcome,
};
use crate::graph::client::{Call, GraphClient, backoff, to_json};
use crate::graph::error::GraphError;

/// A batch's operations and what Graph answered to it.
type Sent = (Vec<usize>, Result<BatchAnswer, GraphError>);

pub(super) struct Run {
    client: GraphClient,
    ops: Arc<Vec<BatchOp>>,
    options: BatchOptions,
    outcomes: Vec<Option<Outcome>>,
    /// Times each operation was sent.
    attempts: Vec<u32>,
    /// Operations to send, in order: first the never sent, then retries as they fall due.
    ready: VecDeque<usize>,
    /// Throttled operations and when they may be sent again.
    waiting: Vec<(Instant, usize)>,
    cancelled: bool,
    started: Instant,
    /// The `$batch` URL, for errors about its answers.
    url: String,
}

impl Run {
    pub(super) fn new(client: GraphClient, ops: Vec<BatchOp>, options: BatchOptions) -> Self {
        let n = ops.len();
        let url = client.graph_url("$batch");
        Self {
            client,
            ops: Arc::new(ops),
            options,
            outcomes: vec![None; n],
            attempts: vec![0; n],
            ready: (0..n).collect(),
            waiting: Vec::new(),
            cancelled: false,
            started: Instant::now(),
            url,
        }
    }

    pub(super) async fn execute(mut self) -> BatchReport {
        let concurrency = self.options.concurrency.max(1);
        let cancel = self.options.cancel.clone();
        let mut in_flight: JoinSet<Sent> = JoinSet::new();
        // Which operations each task carries, should the task itself fail.
        let mut carried: HashMap<tokio::task::Id, Vec<usize>> = HashMap::new();
        self.emit(BatchEvent::Progress(self.progress()));
        loop {
            self.cancelled |= cancel.is_cancelled();
            self.promote(Instant::now());
            while !self.cancelled && in_flight.len() < concurrency && !self.ready.is_empty() {
                let chunk = take_batch(&mut self.ready);
                for &i in &chunk {
                    self.attempts[i] += 1;
                }
                let (client, ops, indices) = (self.client.clone(), Arc::clone(&self.ops), chunk);
                let carry = indices.clone();
                let task = in_flight.spawn(async move {
                    let answer = send(&client, &ops, &indices).await;
                    (indices, answer)
                });
                carried.insert(task.id(), carry);
            }
            let idle = self.ready.is_empty() && self.waiting.is_empty();
            if in_flight.is_empty() && (self.cancelled || idle) {
                break;
            }
            let due = self.waiting.iter().map(|(at, _)| *at).min();
            let can_send = !self.cancelled && in_flight.len() < concurrency;
            tokio::select! {
                Some(joined) = in_flight.join_next_with_id(), if !in_flight.is_empty() => {
                    let (chunk, answer) = match joined {
                        Ok((task, sent)) => {
                            carried.remove(&task);
                            sent
                        }
                        Err(e) => {
                            let chunk = carried.remove(&e.id()).unwrap_or_default();
                            let error = GraphError::Internal(format!("a batch task failed: {e}"));
                            (chunk, Err(error))
                        }
                    };
                    self.answered(&chunk, answer);
                    self.emit(BatchEvent::Progress(self.progress()));
                }
                () = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)),
                    if can_send && due.is_some() => {}
                () = cancel.cancelled(), if !self.cancelled => self.cancelled = true,
            }
        }
        self.finish()
    }

    /// Moves the throttled operations whose wait is over to the back of the queue.
    fn promote(&mut self, now: Instant) {
        let (due, later): (Vec<_>, Vec<_>) = self.waiting.drain(..).partition(|(at, _)| *at <= now);
        self.waiting = later;
        self.ready.extend(due.into_iter().map(|(_, i)| i));
    }

    /// Records what Graph answered to the operations of one batch.
    fn answered(&mut self, chunk: &[usize], answer: Result<BatchAnswer, GraphError>) {
        let mut answers: HashMap<String, _> = match answer {
            Ok(answer) => answer
                .responses
                .into_iter()
                .map(|a| (a.id.clone(), a))
                .collect(),
            Err(error) => {
                for &i in chunk {
                    self.fail(i, error.clone());
                }
                return;
            }
        };
        let now = Instant::now();
        let (max_retries, max_wait) = {
            let config = self.client.config();
            (config.max_retries, config.max_retry_wait)
        };
        let mut throttled: Option<BatchEvent> = None;
        for &i in chunk {
            let verdict = match answers.remove(&i.to_string()) {
                Some(answer) => wire::verdict(&self.ops[i], answer, &self.url),
                None => Verdict::Failed(GraphError::Decode {
                    url: self.url.clone(),
                    reason: format!("the answer to the batch has no response for request {i}"),
                }),
            };
            match verdict {
                Verdict::Done(reply) => self.outcomes[i] = Some(Outcome::Succeeded(reply)),
                Verdict::Failed(error) => self.fail(i, error),
                Verdict::Retry { .. } if self.cancelled => {
                    self.outcomes[i] = Some(Outcome::Cancelled);
                }
                Verdict::Retry {
                    status,
                    retry_after,
                    error,
                } => {
                    let wait = retry_after.unwrap_or_else(|| backoff(self.attempts[i]));
                    if self.attempts[i] > max_retries || wait > max_wait {
                        self.fail(i, error);
                        continue;
                    }
                    self.waiting.push((now + wait, i));
                    throttled = Some(match throttled {
                        Some(BatchEvent::Throttled { items, wait: w, .. }) => {
                            BatchEvent::Throttled {
                                status,
                                items: items + 1,
                                wait: w.max(wait),
                            }
                        }
                        _ => BatchEvent::Throttled {
                            status,
                            items: 1,
                            wait,
                        },
                    });
                }
            }
        }
        if let Some(event) = throttled {
            self.emit(event);
        }
    }

    /// A final failure, logged at `warn` like every failed request, with what support asks
    /// for: the request (ids only), status, Graph's code and the request's own request-id.
    fn fail(&mut self, index: usize, error: GraphError) {
        tracing::warn!(
            request = self.ops[index].request_line(),
            status = error.status(),
            code = error.code(),
            request_id = error.request_id(),
            "request in a batch failed: {error}"
        );
        self.outcomes[index] = Some(Outcome::Failed(error));
    }

    fn progress(&self) -> BatchProgress {
        let mut progress = BatchProgress {
            total: self.ops.len(),
            elapsed: self.started.elapsed(),
            ..BatchProgress::default()
        };
        for outcome in self.outcomes.iter().flatten() {
            match outcome {
                Outcome::Succeeded(_) => progress.succeeded += 1,
                Outcome::Failed(_) => progress.failed += 1,
                Outcome::Cancelled => progress.cancelled += 1,
            }
        }
        let queued_retries = self.ready.iter().filter(|&&i| self.attempts[i] > 0);
        progress.retrying = self.waiting.len() + queued_retries.count();
        progress
    }

    fn emit(&self, event: BatchEvent) {
        if let Some(events) = &self.options.events {
            let _ = events.send(event);
        }
    }

    /// The report: what was never sent again (or at all) is cancelled.
    fn finish(self) -> BatchReport {
        let elapsed = self.started.elapsed();
        let items = self
            .outcomes
            .into_iter()
            .zip(self.attempts)
            .enumerate()
            .map(|(index, (outcome, attempts))| ItemResult {
                index,
                outcome: outcome.unwrap_or(Outcome::Cancelled),
                attempts,
            })
            .collect();
        BatchReport {
            items,
            cancelled: self.cancelled,
            elapsed,
        }
    }
}

/// The next batch: up to [`MAX_BATCH`] operations from the front of the queue.
fn take_batch(ready: &mut VecDeque<usize>) -> Vec<usize> {
    let take = ready.len().min(MAX_BATCH);
    ready.drain(..take).collect()
}

/// One `POST /$batch` through the client's retry policy. Graph answers a batch it could read
/// with 200, whatever its requests' statuses; one version of its throttling guidance says a
/// batch holding throttled requests "fails with a status code of 424", so a 424 is read as
/// the same answer.
async fn send(
    client: &GraphClient,
    ops: &[BatchOp],
    indices: &[usize],
) -> Result<BatchAnswer, GraphError> {
    let body = wire::body(ops, indices)?;
    let mut call = Call::new(Method::POST, client.graph_url("$batch"));
    call.body = Some(to_json(&body)?);
    call.also_ok = Some(StatusCode::FAILED_DEPENDENCY);
    client.send_json(call).await
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// However the queue looks (first sends and retries in any order), every batch holds
        /// at most 20 requests with ids unique in it, and every operation goes out exactly once.
        #[test]
        fn batches_hold_at_most_20_requests_with_unique_ids(
            order in (0usize..120).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        ) {
            let ops: Vec<BatchOp> = (0..order.len()).map(|i| BatchOp::Delete(format!("u{i}").into())).collect();
            let mut ready: VecDeque<usize> = order.iter().copied().collect();
            let mut sent = HashSet::new();
            let mut batches = 0;
            while !ready.is_empty() {
                let chunk = take_batch(&mut ready);
                batches += 1;
                prop_assert!(!chunk.is_empty() && chunk.len() <= MAX_BATCH);
                let body = wire::body(&ops, &chunk).unwrap();
                let ids: HashSet<_> = body.requests.iter().map(|r| r.id.clone()).collect();
                prop_assert_eq!(ids.len(), chunk.len());
                for i in chunk {
                    prop_assert!(sent.insert(i), "{} sent twice", i);
                }
            }
            prop_assert_eq!(sent.len(), order.len());
            prop_assert_eq!(batches, order.len().div_ceil(20));
        }
    }
}
