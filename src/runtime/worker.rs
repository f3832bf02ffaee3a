//! The background task that owns the Graph client. The UI sends it [`Command`]s; it runs each
//! operation as its own task (so Esc can really abort it) and sends back a [`WorkerMsg`] tagged
//! with the [`RequestId`] it answers. The UI never awaits a network call.

use std::collections::HashMap;

use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

use crate::graph::{
    ClientConfig, ClientNotice, GraphClient, GraphError, ListQuery, NewUser, NextPage, TokenInfo,
    User, UserId, UserPage, UserPatch,
};

/// Tags every request so its answer can be matched, and dropped when no longer wanted.
pub type RequestId = u64;

/// One Graph operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Connect,
    ListUsers(ListQuery),
    NextPage(NextPage),
    GetUser(UserId),
    CreateUser(Box<NewUser>),
    UpdateUser { id: UserId, patch: Box<UserPatch> },
    DeleteUser(UserId),
    Disconnect,
}

/// What the UI asks of the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Run {
        id: RequestId,
        op: Op,
    },
    /// Abort the request if it is still running; no answer will come for it.
    Cancel(RequestId),
}

/// The successful outcome of an [`Op`].
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Connected(Box<TokenInfo>),
    Page(UserPage),
    User(Box<User>),
    Created(Box<User>),
    Updated,
    Deleted,
    Disconnected,
}

/// What the worker tells the UI.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerMsg {
    Done {
        id: RequestId,
        result: Result<Reply, GraphError>,
    },
    /// Progress of a call still under way (throttling, token refresh).
    Notice(ClientNotice),
}

/// The UI's end of the worker: send commands, receive messages.
pub struct Worker {
    commands: mpsc::UnboundedSender<Command>,
    messages: mpsc::UnboundedReceiver<WorkerMsg>,
}

impl Worker {
    /// Starts the worker on the current tokio runtime. `config` is `None` when the settings are
    /// incomplete; every operation then fails with a message saying so.
    pub fn spawn(config: Option<ClientConfig>) -> Worker {
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (message_tx, messages) = mpsc::unbounded_channel();
        tokio::spawn(run(config, command_rx, message_tx));
        Worker { commands, messages }
    }

    pub fn send(&self, command: Command) {
        // The worker only stops when this handle is dropped, so a send cannot fail while it is
        // alive; if it ever does there is nobody left to tell.
        let _ = self.commands.send(command);
    }

    pub async fn recv(&mut self) -> Option<WorkerMsg> {
        self.messages.recv().await
    }

    pub fn try_recv(&mut self) -> Option<WorkerMsg> {
        self.messages.try_recv().ok()
    }
}

type TaskResult = (RequestId, Result<Reply, GraphError>);

async fn run(
    config: Option<ClientConfig>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    out: mpsc::UnboundedSender<WorkerMsg>,
) {
    let (notice_tx, mut notices) = mpsc::unbounded_channel();
    let mut client: Option<GraphClient> = None;
    let mut tasks: JoinSet<TaskResult> = JoinSet::new();
    let mut running: HashMap<RequestId, AbortHandle> = HashMap::new();
    let mut ids: HashMap<tokio::task::Id, RequestId> = HashMap::new();
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                None => break,
                Some(Command::Cancel(id)) => {
                    if let Some(handle) = running.remove(&id) {
                        tracing::debug!(id, "request cancelled");
                        handle.abort();
                    }
                }
                Some(Command::Run { id, op }) => {
                    if op == Op::Disconnect {
                        // Nothing started before a disconnect may finish after it.
                        for (_, handle) in running.drain() {
                            handle.abort();
                        }
                    }
                    let graph = match (&client, &config) {
                        (Some(c), _) => Ok(c.clone()),
                        (None, Some(cfg)) => GraphClient::new(cfg.clone()).map(|c| {
                            let c = c.with_notices(notice_tx.clone());
                            client = Some(c.clone());
                            c
                        }),
                        (None, None) => Err(GraphError::NotConfigured),
                    };
                    let handle = tasks.spawn(async move {
                        let result = match graph {
                            Ok(graph) => perform(&graph, op).await,
                            Err(e) => Err(e),
                        };
                        (id, result)
                    });
                    ids.insert(handle.id(), id);
                    running.insert(id, handle);
                }
            },
            Some(joined) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                let (id, result) = match joined {
                    Ok((task, (id, result))) => {
                        ids.remove(&task);
                        (id, result)
                    }
                    Err(e) => {
                        let id = ids.remove(&e.id());
                        if e.is_cancelled() {
                            continue;
                        }
                        tracing::error!("worker task failed: {e}");
                        let Some(id) = id else { continue };
                        (id, Err(GraphError::Internal(format!("worker task failed: {e}"))))
                    }
                };
                running.remove(&id);
                if out.send(WorkerMsg::Done { id, result }).is_err() {
                    break;
                }
            }
            Some(notice) = notices.recv() => {
                if out.send(WorkerMsg::Notice(notice)).is_err() {
                    break;
                }
            }
        }
    }
    tasks.abort_all();
}

async fn perform(graph: &GraphClient, op: Op) -> Result<Reply, GraphError> {
    Ok(match op {
        Op::Connect => Reply::Connected(Box::new(graph.connect().await?)),
        Op::ListUsers(query) => Reply::Page(graph.list_users(&query).await?),
        Op::NextPage(next) => Reply::Page(graph.next_page(&next).await?),
        Op::GetUser(id) => Reply::User(Box::new(graph.get_user(id.as_str()).await?)),
        Op::CreateUser(user) => Reply::Created(Box::new(graph.create_user(&user).await?)),
        Op::UpdateUser { id, patch } => {
            graph.update_user(&id, &patch).await?;
            Reply::Updated
        }
        Op::DeleteUser(id) => {
            graph.delete_user(&id).await?;
            Reply::Deleted
        }
        Op::Disconnect => {
            graph.disconnect().await;
            Reply::Disconnected
        }
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use secrecy::SecretString;

    use super::*;

    /// A client pointed at a listener that accepts connections and never answers, so every
    /// request hangs until it is aborted.
    async fn black_hole() -> (ClientConfig, tokio::net::TcpListener) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = url::Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        let config = ClientConfig {
            tenant_id: "t".into(),
            client_id: "c".into(),
            credential: crate::graph::Credential::Secret(SecretString::from("s")),
            authority_host: url.clone(),
            graph_endpoint: url,
            page_size: 100,
            request_timeout: Duration::from_secs(60),
            max_retries: 0,
            max_retry_wait: Duration::from_secs(1),
        };
        (config, listener)
    }

    async fn next(worker: &mut Worker) -> WorkerMsg {
        tokio::time::timeout(Duration::from_secs(10), worker.recv())
            .await
            .expect("an answer in time")
            .expect("the worker is alive")
    }

    #[tokio::test]
    async fn a_cancelled_request_is_aborted_and_never_answered() {
        let (config, _listener) = black_hole().await;
        let mut worker = Worker::spawn(Some(config));
        worker.send(Command::Run {
            id: 1,
            op: Op::Connect,
        });
        worker.send(Command::Cancel(1));
        // The aborted sign-in released the token lock, so this completes at once.
        worker.send(Command::Run {
            id: 2,
            op: Op::Disconnect,
        });
        let msg = next(&mut worker).await;
        assert_eq!(
            msg,
            WorkerMsg::Done {
                id: 2,
                result: Ok(Reply::Disconnected)
            }
        );
        assert!(worker.try_recv().is_none());
    }

    #[tokio::test]
    async fn disconnect_aborts_everything_in_flight() {
        let (config, _listener) = black_hole().await;
        let mut worker = Worker::spawn(Some(config));
        for id in 1..=3 {
            worker.send(Command::Run {
                id,
                op: Op::GetUser("x".into()),
            });
        }
        worker.send(Command::Run {
            id: 4,
            op: Op::Disconnect,
        });
        assert!(matches!(
            next(&mut worker).await,
            WorkerMsg::Done { id: 4, .. }
        ));
    }

    #[tokio::test]
    async fn without_settings_every_request_says_so() {
        let mut worker = Worker::spawn(None);
        worker.send(Command::Run {
            id: 7,
            op: Op::Connect,
        });
        let WorkerMsg::Done {
            id: 7,
            result: Err(e),
        } = next(&mut worker).await
        else {
            panic!("expected a failure");
        };
        assert!(e.to_string().contains("settings are incomplete"));
    }
}
