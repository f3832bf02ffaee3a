//! The background task that owns the Graph client. The UI sends it [`Command`]s; it runs each
//! operation as its own task (so Esc can really abort it) and sends back a [`WorkerMsg`] tagged
//! with the [`RequestId`] it answers. The UI never awaits a network call.

use std::collections::HashMap;

use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

use crate::graph::{
    ClientConfig, ClientNotice, GraphClient, GraphError, ListQuery, NewUser, NextPage, TokenInfo,
    User, UserPage, UserPatch,
};

/// Tags every request so its answer can be matched, and dropped when no longer wanted.
pub type RequestId = u64;

/// One Graph operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Connect,
    ListUsers(ListQuery),
    NextPage(NextPage),
    GetUser(String),
    CreateUser(Box<NewUser>),
    UpdateUser { id: String, patch: UserPatch },
    DeleteUser(String),
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
                        (None, None) => Err(GraphError::InvalidInput(
                            "the settings are incomplete: see the connect screen".to_owned(),
                        )),
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
                        (id, Err(GraphError::InvalidInput(format!("internal error: {e}"))))
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
        Op::GetUser(id) => Reply::User(Box::new(graph.get_user(&id).await?)),
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
