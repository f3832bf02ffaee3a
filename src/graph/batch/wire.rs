//! The `$batch` body on the wire: the requests sent for operations, the answers read back,
//! and what each answer means for its operation.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{BatchOp, BatchReply, MAX_BATCH};
use crate::graph::client::{ErrorEnvelope, error_from, parse_retry_after, to_json};
use crate::graph::error::GraphError;
use crate::graph::model::User;
use crate::graph::odata;

/// `{"requests": [...]}`
#[derive(Debug, Serialize)]
pub(super) struct BatchBody {
    pub requests: Vec<ItemRequest>,
}

/// One request of a batch.
#[derive(Debug, Serialize)]
pub(super) struct ItemRequest {
    /// The operation's index: unique in the run, so unique in every batch.
    pub id: String,
    pub method: &'static str,
    /// Relative to the version: `/users/{id}`.
    pub url: String,
    /// "Optional but required when the **body** is specified": the `Content-Type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<&'static str, &'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// `{"responses": [...]}`
#[derive(Debug, Deserialize)]
pub(super) struct BatchAnswer {
    #[serde(default)]
    pub responses: Vec<ItemAnswer>,
}

/// One answer of a batch.
#[derive(Debug, Deserialize)]
pub(super) struct ItemAnswer {
    pub id: String,
    pub status: u16,
    /// Header names as Graph writes them (`Retry-After`); looked up ignoring case.
    #[serde(default)]
    pub headers: BTreeMap<String, Value>,
    #[serde(default)]
    pub body: Option<Value>,
}

impl ItemAnswer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| value.as_str())
    }
}

/// The operations at `indices` as one batch.
pub(super) fn body(ops: &[BatchOp], indices: &[usize]) -> Result<BatchBody, GraphError> {
    debug_assert!(indices.len() <= MAX_BATCH);
    let requests = indices
        .iter()
        .map(|&i| request(i, &ops[i]))
        .collect::<Result<_, _>>()?;
    Ok(BatchBody { requests })
}

fn request(index: usize, op: &BatchOp) -> Result<ItemRequest, GraphError> {
    let (method, path, body) = match op {
        BatchOp::Update { id, patch } => (
            "PATCH",
            odata::user_path(id.as_str()),
            Some(to_json(patch)?),
        ),
        BatchOp::Delete(id) => ("DELETE", odata::user_path(id.as_str()), None),
        BatchOp::RevokeSessions(id) => (
            "POST",
            format!("{}/revokeSignInSessions", odata::user_path(id.as_str())),
            None,
        ),
        BatchOp::Restore(id) => (
            "POST",
            format!("{}/restore", odata::deleted_item_path(id.as_str())),
            None,
        ),
        BatchOp::Purge(id) => ("DELETE", odata::deleted_item_path(id.as_str()), None),
        BatchOp::Create(user) => ("POST", "users".to_owned(), Some(to_json(user)?)),
    };
    let headers = body
        .is_some()
        .then(|| BTreeMap::from([("Content-Type", "application/json")]));
    Ok(ItemRequest {
        id: index.to_string(),
        method,
        url: format!("/{path}"),
        headers,
        body,
    })
}

/// What one answer means for its operation.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    Done(BatchReply),
    /// 429 or 503: not applied, and may be sent again after `retry_after` (Graph's, when it
    /// gave one); `error` is what to report if it is not.
    Retry {
        status: u16,
        retry_after: Option<Duration>,
        error: GraphError,
    },
    Failed(GraphError),
}

/// The verdict on `answer` to `op`; `url` is the `$batch` URL, for errors about the answer.
pub(super) fn verdict(op: &BatchOp, answer: ItemAnswer, url: &str) -> Verdict {
    let status = answer.status;
    if (200..300).contains(&status) {
        return match success(op, answer.body) {
            Ok(reply) => Verdict::Done(reply),
            Err(reason) => Verdict::Failed(GraphError::Decode {
                url: url.to_owned(),
                reason: format!("request {}: {reason}", answer.id),
            }),
        };
    }
    let request_id = answer.header("request-id").map(str::to_owned);
    let retry_after = answer.header("Retry-After").and_then(parse_retry_after);
    let envelope = answer
        .body
        .and_then(|body| serde_json::from_value::<ErrorEnvelope>(body).ok());
    let error = error_from(status, envelope, request_id, url);
    match status {
        429 => Verdict::Retry {
            status,
            retry_after,
            // Reported like a throttled call outside a batch, with this request's own id.
            error: GraphError::Throttled {
                retry_after,
                request_id: error.request_id().map(str::to_owned),
            },
        },
        503 => Verdict::Retry {
            status,
            retry_after,
            error,
        },
        _ => Verdict::Failed(error),
    }
}

fn success(op: &BatchOp, body: Option<Value>) -> Result<BatchReply, String> {
    let user = || -> Result<Box<User>, String> {
        let body = body.ok_or_else(|| "no user in the answer".to_owned())?;
        serde_json::from_value(body)
            .map(Box::new)
            .map_err(|e| e.to_string())
    };
    Ok(match op {
        BatchOp::Update { .. } => BatchReply::Updated,
        BatchOp::Delete(_) => BatchReply::Deleted,
        BatchOp::RevokeSessions(_) => BatchReply::SessionsRevoked,
        BatchOp::Restore(_) => BatchReply::Restored(user()?),
        BatchOp::Purge(_) => BatchReply::Purged,
        BatchOp::Create(_) => BatchReply::Created(user()?),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::graph::model::UserPatch;

    fn answer(value: Value) -> ItemAnswer {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn requests_are_relative_and_carry_a_content_type_with_a_body() {
        let ops = vec![
            BatchOp::Delete("a/b".into()),
            BatchOp::Update {
                id: "$x@y.com".into(),
                patch: Box::new(UserPatch {
                    account_enabled: Some(false),
                    ..UserPatch::default()
                }),
            },
            BatchOp::Restore("d".into()),
        ];
        let body = serde_json::to_value(self::body(&ops, &[0, 1, 2]).unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"requests": [
                {"id": "0", "method": "DELETE", "url": "/users/a%2Fb"},
                {"id": "1", "method": "PATCH", "url": "/users('$x@y.com')",
                 "headers": {"Content-Type": "application/json"}, "body": {"accountEnabled": false}},
                {"id": "2", "method": "POST", "url": "/directory/deletedItems/d/restore"},
            ]})
        );
    }

    #[test]
    fn a_failure_keeps_graphs_code_message_and_the_requests_own_id() {
        let op = BatchOp::Delete("x".into());
        let verdict = verdict(
            &op,
            answer(
                json!({"id": "3", "status": 404, "headers": {"Content-Type": "application/json"},
                "body": {"error": {"code": "Request_ResourceNotFound", "message": "Resource 'x' does not exist",
                    "innerError": {"request-id": "item-1", "date": "2026-02-20T12:02:27"}}}}),
            ),
            "https://graph.microsoft.com/v1.0/$batch",
        );
        let Verdict::Failed(GraphError::Api(e)) = verdict else {
            panic!("{verdict:?}")
        };
        assert_eq!(
            (e.status, e.code.as_str(), e.request_id.as_deref()),
            (404, "Request_ResourceNotFound", Some("item-1"))
        );
        // A request-id in the headers serves when the body has none.
        let verdict =
            verdict_of(json!({"id": "3", "status": 403, "headers": {"REQUEST-ID": "h-2"}}));
        let Verdict::Failed(e) = verdict else {
            panic!()
        };
        assert_eq!(e.request_id(), Some("h-2"));
        assert_eq!(e.code(), Some("Forbidden"));
    }

    fn verdict_of(value: Value) -> Verdict {
        verdict(&BatchOp::Delete("x".into()), answer(value), "u")
    }

    #[test]
    fn throttled_and_unavailable_requests_may_be_sent_again_after_their_retry_after() {
        let verdict = verdict_of(json!({"id": "1", "status": 429,
            "headers": {"Retry-After": "2.5"},
            "body": {"error": {"code": "TooManyRequests", "message": "Please retry again later.",
                "innerError": {"request-id": "t-1"}}}}));
        assert_eq!(
            verdict,
            Verdict::Retry {
                status: 429,
                retry_after: Some(Duration::from_millis(2500)),
                error: GraphError::Throttled {
                    retry_after: Some(Duration::from_millis(2500)),
                    request_id: Some("t-1".into())
                },
            }
        );
        let Verdict::Retry {
            status: 503,
            retry_after: None,
            ..
        } = verdict_of(json!({"id": "1", "status": 503}))
        else {
            panic!()
        };
    }

    #[test]
    fn successes_read_their_user_when_they_have_one() {
        let restored = verdict(
            &BatchOp::Restore("1".into()),
            answer(json!({"id": "0", "status": 200, "body": {"id": "1", "displayName": "Ada"}})),
            "u",
        );
        let Verdict::Done(BatchReply::Restored(user)) = restored else {
            panic!("{restored:?}")
        };
        assert_eq!(user.label(), "Ada");
        assert_eq!(
            verdict_of(json!({"id": "0", "status": 204, "body": null})),
            Verdict::Done(BatchReply::Deleted)
        );
        let bad = verdict(
            &BatchOp::Create(Box::new(crate::fixtures::new_user("A", "a"))),
            answer(json!({"id": "7", "status": 201, "body": "not a user"})),
            "u",
        );
        assert!(
            matches!(bad, Verdict::Failed(GraphError::Decode { .. })),
            "{bad:?}"
        );
    }

    proptest::proptest! {
        /// Any bytes as a batch answer: decoded or an error, never a panic.
        #[test]
        fn decoding_answers_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            if let Ok(answer) = serde_json::from_slice::<BatchAnswer>(&bytes) {
                for item in answer.responses {
                    let _ = verdict(&BatchOp::Purge("x".into()), item, "u");
                }
            }
        }
    }
}
