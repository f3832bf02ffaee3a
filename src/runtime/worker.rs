//! The background task that owns the Graph client. The UI sends it [`Command`]s; it runs each
//! operation as its own task (so Esc can really abort it) and sends back a [`WorkerMsg`] tagged
//! with the [`RequestId`] it answers. The UI never awaits a network call.

use std::collections::HashMap;

use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

use crate::graph::{
    BatchEvent, BatchOp, BatchOptions, BatchReport, CancelToken, ChangesPage, ClientConfig,
    ClientNotice, DeltaLink, Domain, GraphClient, GraphError, ListQuery, NewUser, NextPage,
    Organization, PasswordProfile, Related, Relation, SignInAges, TokenInfo, User, UserId,
    UserPage, UserPatch,
};
use crate::screens::user_list::decode::RowPage;
use crate::screens::user_list::row::Values;

/// Tags every request so its answer can be matched, and dropped when no longer wanted.
pub type RequestId = u64;

/// One Graph operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Sign in with a profile: its own client (and token), kept while the session lasts, so
    /// switching back to a profile whose token Graph still accepts asks for no new one. A
    /// profile whose settings changed gets a new client.
    Connect {
        profile: String,
        config: Box<ClientConfig>,
    },
    /// A page of users, decoded whole (a search, the manager picker).
    ListUsers(ListQuery),
    /// The user list's first page, read straight into its rows ([`Reply::Rows`]).
    ListRows(ListQuery),
    NextPage(NextPage),
    /// Every page from this one on (`L`), back to back: each page's rows go to the UI as
    /// [`WorkerMsg::Page`] as soon as they are read, while the page after it is already on
    /// the wire; [`Reply::AllLoaded`] ends the load. The worker never waits for the UI
    /// between pages.
    LoadAll(NextPage),
    /// The delta link users' changes are tracked from, as of now, with these of the list's
    /// chosen columns beyond `LIST_SELECT`.
    TrackUsers(Vec<&'static str>),
    /// A page of the users' changes since a delta link (or a round's next link).
    UserChanges(DeltaLink),
    GetUser(UserId),
    CreateUser(Box<NewUser>),
    UpdateUser {
        id: UserId,
        patch: Box<UserPatch>,
    },
    DeleteUser(UserId),
    ListDeletedUsers(ListQuery),
    RestoreUser(UserId),
    PurgeUser(UserId),
    /// `PATCH accountEnabled`: `false` blocks sign-in, `true` unblocks it.
    SetAccountEnabled {
        id: UserId,
        enabled: bool,
    },
    RevokeSessions(UserId),
    /// `PATCH passwordProfile`. The profile's `Debug` never shows the password.
    ResetPassword {
        id: UserId,
        profile: PasswordProfile,
    },
    /// Many operations through `$batch`: progress comes as [`WorkerMsg::Bulk`], the end as
    /// [`Reply::Bulk`] with every operation's outcome.
    Bulk(Vec<BatchOp>),
    /// The first page (or the whole) of one of a user's relations.
    Related {
        id: UserId,
        relation: Relation,
    },
    /// A further page of a relation's collection.
    RelatedNext {
        next: NextPage,
        relation: Relation,
    },
    /// The user's manager (`None` when it has none).
    GetManager(UserId),
    /// `PUT …/manager/$ref`: `manager` becomes the manager of `id`.
    SetManager {
        id: UserId,
        manager: UserId,
    },
    /// `DELETE …/manager/$ref`.
    RemoveManager(UserId),
    /// The tenant's domains, for the UPN domain choice.
    ListDomains,
    /// The tenant's organization: its display name, for the header.
    GetOrganization,
    /// Every user's last sign-in, counted against 90 days before now (the worker's clock).
    CountSignInAges,
    /// Forget every profile's token, and abort everything in flight.
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
    /// Stop a bulk run from sending more: batches in flight are answered, and the run ends
    /// with its report (what was done stays done). Other requests are left to finish.
    Stop(RequestId),
}

/// The successful outcome of an [`Op`].
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Connected(Box<TokenInfo>),
    Page(UserPage),
    /// The user list's first page, as its rows.
    Rows(RowPage),
    /// The last page of `Op::LoadAll` was sent.
    AllLoaded,
    /// Where the next round of changes starts.
    Tracking(DeltaLink),
    Changes(ChangesPage),
    User(Box<User>),
    Created(Box<User>),
    Updated,
    Deleted,
    /// The restored user as Graph answers it (its UPN is the original again).
    Restored(Box<User>),
    Purged,
    /// The user's refresh tokens and session cookies were invalidated.
    SessionsRevoked,
    /// A bulk run ended (done, or stopped): one outcome per operation.
    Bulk(Box<BatchReport>),
    /// One of a user's relations, or a page of one.
    Related(Box<Related>),
    /// The user's manager; `None` when it has none.
    Manager(Option<Box<User>>),
    Domains(Vec<Domain>),
    Organization(Option<Box<Organization>>),
    SignInAges(SignInAges),
    Disconnected,
}

/// What the worker tells the UI.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerMsg {
    Done {
        id: RequestId,
        result: Result<Reply, GraphError>,
        /// When the answer came: the error history shows it.
        at: chrono::DateTime<chrono::Utc>,
    },
    /// Progress of a call still under way (throttling, token refresh).
    Notice(ClientNotice),
    /// Progress of the bulk run `id`.
    Bulk { id: RequestId, event: BatchEvent },
    /// A page of the load of every page `id` (`Op::LoadAll`), read straight into the list's
    /// rows; the load goes on.
    Page {
        id: RequestId,
        page: RowPage,
        at: chrono::DateTime<chrono::Utc>,
    },
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

#[expect(
    clippy::too_many_lines,
    reason = "one select loop over commands and answers; splitting it scatters the state it shares"
)]
async fn run(
    config: Option<ClientConfig>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    out: mpsc::UnboundedSender<WorkerMsg>,
) {
    let (notice_tx, mut notices) = mpsc::unbounded_channel();
    let mut client: Option<GraphClient> = None;
    // Every profile signed in with this session, by name: each keeps its own token.
    let mut clients: HashMap<String, GraphClient> = HashMap::new();
    let mut tasks: JoinSet<TaskResult> = JoinSet::new();
    let mut running: HashMap<RequestId, AbortHandle> = HashMap::new();
    // The stop buttons of bulk runs.
    let mut stops: HashMap<RequestId, CancelToken> = HashMap::new();
    let mut ids: HashMap<tokio::task::Id, RequestId> = HashMap::new();
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                None => break,
                Some(Command::Cancel(id)) => {
                    stops.remove(&id);
                    if let Some(handle) = running.remove(&id) {
                        tracing::debug!(id, "request cancelled");
                        handle.abort();
                    }
                }
                Some(Command::Stop(id)) => {
                    if let Some(stop) = stops.get(&id) {
                        tracing::debug!(id, "bulk run stopped");
                        stop.cancel();
                    }
                }
                Some(Command::Run { id, op }) => {
                    if op == Op::Disconnect {
                        // Nothing started before a disconnect may finish after it, and no
                        // profile keeps its token.
                        for (_, handle) in running.drain() {
                            handle.abort();
                        }
                        stops.clear();
                        for other in clients.values() {
                            other.forget();
                        }
                        clients.clear();
                    }
                    if let Op::Connect { profile, config } = &op {
                        // A session is opened with one profile: its own client and token,
                        // the one it had earlier in this session when its settings are the same.
                        tracing::info!(profile, tenant = config.tenant_id, "connecting");
                        client = None;
                        let kept = clients
                            .get(profile)
                            .filter(|c| c.config() == &**config)
                            .cloned();
                        let made = match kept {
                            Some(c) => Ok(c),
                            None => GraphClient::new((**config).clone())
                                .map(|c| c.with_notices(notice_tx.clone())),
                        };
                        match made {
                            Ok(c) => {
                                clients.insert(profile.clone(), c.clone());
                                client = Some(c);
                            }
                            Err(e) => {
                                let at = chrono::Utc::now();
                                let result = Err(e);
                                if out.send(WorkerMsg::Done { id, result, at }).is_err() {
                                    break;
                                }
                                continue;
                            }
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
                    let bulk = Reporter { id, out: out.clone(), stop: CancelToken::new() };
                    if matches!(op, Op::Bulk(_)) {
                        stops.insert(id, bulk.stop.clone());
                    }
                    let handle = tasks.spawn(async move {
                        let request = op.request_line();
                        let result = match graph {
                            Ok(graph) => perform(&graph, op, bulk).await,
                            Err(e) => Err(e),
                        };
                        if let Err(e) = &result {
                            log_failure(id, &request, e);
                        }
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
                stops.remove(&id);
                let at = chrono::Utc::now();
                if out.send(WorkerMsg::Done { id, result, at }).is_err() {
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

impl Op {
    /// The method and path this operation sends, for the log: ids only, never a query value
    /// (a search could hold a name) or a UPN.
    fn request_line(&self) -> String {
        match self {
            Op::Connect { .. } => "POST /{tenant}/oauth2/v2.0/token".to_owned(),
            Op::ListUsers(_) | Op::ListRows(_) => "GET /v1.0/users".to_owned(),
            Op::NextPage(next) | Op::RelatedNext { next, .. } => {
                format!("GET {} (next page)", link_path(next))
            }
            Op::LoadAll(next) => format!("GET {} (every further page)", link_path(next)),
            Op::TrackUsers(_) => "GET /v1.0/users/delta ($deltatoken=latest)".to_owned(),
            Op::UserChanges(_) => "GET /v1.0/users/delta (changes)".to_owned(),
            Op::GetUser(id) => format!("GET /v1.0/users/{id}"),
            Op::CreateUser(_) => "POST /v1.0/users".to_owned(),
            Op::UpdateUser { id, .. } => format!("PATCH /v1.0/users/{id}"),
            Op::DeleteUser(id) => format!("DELETE /v1.0/users/{id}"),
            Op::ListDeletedUsers(_) => {
                "GET /v1.0/directory/deletedItems/microsoft.graph.user".to_owned()
            }
            Op::RestoreUser(id) => format!("POST /v1.0/directory/deletedItems/{id}/restore"),
            Op::PurgeUser(id) => format!("DELETE /v1.0/directory/deletedItems/{id}"),
            Op::SetAccountEnabled { id, enabled } => {
                format!("PATCH /v1.0/users/{id} (accountEnabled={enabled})")
            }
            Op::RevokeSessions(id) => format!("POST /v1.0/users/{id}/revokeSignInSessions"),
            Op::ResetPassword { id, .. } => format!("PATCH /v1.0/users/{id} (passwordProfile)"),
            Op::Bulk(ops) => format!("POST /v1.0/$batch ({} requests)", ops.len()),
            Op::Related { id, relation } => format!("GET /v1.0/users/{id}{}", relation.segment()),
            Op::GetManager(id) => format!("GET /v1.0/users/{id}/manager"),
            Op::SetManager { id, manager } => {
                format!("PUT /v1.0/users/{id}/manager/$ref (manager {manager})")
            }
            Op::RemoveManager(id) => format!("DELETE /v1.0/users/{id}/manager/$ref"),
            Op::ListDomains => "GET /v1.0/domains".to_owned(),
            Op::GetOrganization => "GET /v1.0/organization".to_owned(),
            Op::CountSignInAges => {
                "GET /v1.0/users?$select=id,signInActivity (every page)".to_owned()
            }
            Op::Disconnect => "disconnect".to_owned(),
        }
    }
}

/// The path of a next link, without its query (which may hold a searched name).
fn link_path(next: &NextPage) -> String {
    url::Url::parse(&next.link).map_or_else(|_| "/v1.0/users".to_owned(), |u| u.path().to_owned())
}

/// Every failed request goes to the log at `warn` with what support asks for: the request,
/// status, Graph's error code and request-id; for sign-in, the AADSTS code, trace id and
/// correlation id.
fn log_failure(id: RequestId, request: &str, error: &GraphError) {
    if let GraphError::Auth(auth) = error {
        tracing::warn!(
            id,
            request,
            status = auth.status,
            error = %auth.error,
            aadsts = auth.aadsts,
            trace_id = auth.trace_id.as_deref(),
            correlation_id = auth.correlation_id.as_deref(),
            "sign-in failed: {}",
            auth.description
        );
    } else {
        tracing::warn!(
            id,
            request,
            status = error.status(),
            code = error.code(),
            request_id = error.request_id(),
            "request failed: {error}"
        );
        // The whole URL only at debug: its query may hold a searched name.
        if let Some(url) = error.url() {
            tracing::debug!(id, url, "the failed request's URL");
        }
    }
}

/// What an operation that reports as it goes (a bulk run, a load of every page) needs
/// besides the client: its request id, the way out for its progress, and a bulk run's stop
/// button.
struct Reporter {
    id: RequestId,
    out: mpsc::UnboundedSender<WorkerMsg>,
    stop: CancelToken,
}

/// Runs `ops` and forwards its progress as [`WorkerMsg::Bulk`], every event before the end.
async fn bulk(graph: &GraphClient, ops: Vec<BatchOp>, bulk: Reporter) -> Reply {
    let Reporter { id, out, stop } = bulk;
    let (events, mut progress) = mpsc::unbounded_channel();
    let options = BatchOptions {
        events: Some(events),
        cancel: stop,
        ..BatchOptions::default()
    };
    let run = graph.run_batch(ops, options);
    tokio::pin!(run);
    let report = loop {
        tokio::select! {
            report = &mut run => break report,
            Some(event) = progress.recv() => {
                let _ = out.send(WorkerMsg::Bulk { id, event });
            }
        }
    };
    while let Ok(event) = progress.try_recv() {
        let _ = out.send(WorkerMsg::Bulk { id, event });
    }
    Reply::Bulk(Box::new(report))
}

/// `L`: every page from `next` on, each sent to the UI as it is read. A page that still fails
/// after the client's retries ends the load with that error; the pages sent stay sent.
async fn load_all(
    graph: &GraphClient,
    mut next: NextPage,
    reporter: &Reporter,
) -> Result<Reply, GraphError> {
    // The shared values (job titles, departments) of every page of the load, each made once.
    let mut values = Values::default();
    loop {
        let page: RowPage = graph.next_page_ahead(&next, &mut values).await?;
        let following = page.next.clone();
        let at = chrono::Utc::now();
        let sent = reporter.out.send(WorkerMsg::Page {
            id: reporter.id,
            page,
            at,
        });
        match following {
            Some(link) if sent.is_ok() => next = link,
            _ => return Ok(Reply::AllLoaded),
        }
    }
}

async fn perform(graph: &GraphClient, op: Op, context: Reporter) -> Result<Reply, GraphError> {
    Ok(match op {
        Op::Connect { .. } => Reply::Connected(Box::new(graph.connect().await?)),
        Op::ListUsers(query) => Reply::Page(graph.list_users(&query).await?),
        Op::ListRows(query) => {
            Reply::Rows(graph.list_users_as(&query, &mut Values::default()).await?)
        }
        Op::NextPage(next) => Reply::Page(graph.next_page(&next).await?),
        Op::LoadAll(next) => load_all(graph, next, &context).await?,
        Op::TrackUsers(also) => Reply::Tracking(graph.track_users(&also).await?),
        Op::UserChanges(link) => Reply::Changes(graph.user_changes(&link).await?),
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
        Op::ListDeletedUsers(query) => Reply::Page(graph.list_deleted_users(&query).await?),
        Op::RestoreUser(id) => Reply::Restored(Box::new(graph.restore_user(&id).await?)),
        Op::PurgeUser(id) => {
            graph.purge_deleted_user(&id).await?;
            Reply::Purged
        }
        Op::SetAccountEnabled { id, enabled } => {
            graph.set_account_enabled(&id, enabled).await?;
            Reply::Updated
        }
        Op::RevokeSessions(id) => {
            graph.revoke_sessions(&id).await?;
            Reply::SessionsRevoked
        }
        Op::ResetPassword { id, profile } => {
            graph.reset_password(&id, &profile).await?;
            Reply::Updated
        }
        Op::Bulk(ops) => bulk(graph, ops, context).await,
        Op::Related { id, relation } => {
            Reply::Related(Box::new(graph.related(&id, relation).await?))
        }
        Op::RelatedNext { next, relation } => {
            Reply::Related(Box::new(graph.related_next(&next, relation).await?))
        }
        Op::GetManager(id) => Reply::Manager(graph.get_manager(&id).await?.map(Box::new)),
        Op::SetManager { id, manager } => {
            graph.set_manager(&id, &manager).await?;
            Reply::Updated
        }
        Op::RemoveManager(id) => {
            graph.remove_manager(&id).await?;
            Reply::Updated
        }
        Op::ListDomains => Reply::Domains(graph.list_domains().await?),
        Op::GetOrganization => Reply::Organization(graph.get_organization().await?.map(Box::new)),
        Op::CountSignInAges => {
            let cutoff = chrono::Utc::now() - chrono::Duration::days(90);
            Reply::SignInAges(graph.sign_in_ages(cutoff).await?)
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
        let mut worker = Worker::spawn(None);
        worker.send(Command::Run {
            id: 1,
            op: Op::Connect {
                profile: "default".into(),
                config: Box::new(config),
            },
        });
        worker.send(Command::Cancel(1));
        // The aborted sign-in released the token lock, so this completes at once.
        worker.send(Command::Run {
            id: 2,
            op: Op::Disconnect,
        });
        let msg = next(&mut worker).await;
        assert!(
            matches!(
                msg,
                WorkerMsg::Done {
                    id: 2,
                    result: Ok(Reply::Disconnected),
                    ..
                }
            ),
            "{msg:?}"
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
            op: Op::GetUser("x".into()),
        });
        let WorkerMsg::Done {
            id: 7,
            result: Err(e),
            ..
        } = next(&mut worker).await
        else {
            panic!("expected a failure");
        };
        assert!(e.to_string().contains("settings are incomplete"));
    }

    /// What `f` logs, as the log file would hold it.
    fn logged(f: impl FnOnce()) -> String {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Sink(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let out = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .with_writer(move || out.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn failures_are_logged_at_warn_with_what_support_asks_for() {
        let api = GraphError::Api(Box::new(crate::graph::ApiError {
            status: 403,
            code: "Authorization_RequestDenied".into(),
            message: "Insufficient privileges to complete the operation.".into(),
            request_id: Some("8d1f4c2a".into()),
            date: None,
            details: vec![],
        }));
        let op = Op::UpdateUser {
            id: "0000-1111".into(),
            patch: Box::default(),
        };
        let log = logged(|| log_failure(3, &op.request_line(), &api));
        assert!(log.contains("WARN"), "{log}");
        for part in [
            "PATCH /v1.0/users/0000-1111",
            "status=403",
            "Authorization_RequestDenied",
            "request_id=\"8d1f4c2a\"",
        ] {
            assert!(log.contains(part), "{part} missing: {log}");
        }
        // A search's text could be a name: the log has the path, never the query.
        let search = Op::ListUsers(ListQuery {
            search: Some("Ada Lovelace".into()),
            ..ListQuery::default()
        });
        let log = logged(|| log_failure(4, &search.request_line(), &api));
        assert!(!log.contains("Ada"), "{log}");
        // Nor a password: the path and the property only.
        let reset = Op::ResetPassword {
            id: "0000-1111".into(),
            profile: PasswordProfile {
                password: "Kq7#vLp2!xR9mWz4".into(),
                force_change_password_next_sign_in: true,
            },
        };
        let log = logged(|| log_failure(5, &reset.request_line(), &api));
        assert!(
            log.contains("PATCH /v1.0/users/0000-1111 (passwordProfile)"),
            "{log}"
        );
        assert!(!log.contains("Kq7#"), "{log}");
        assert!(!format!("{reset:?}").contains("Kq7#"));

        let auth = GraphError::Auth(Box::new(crate::graph::AuthError {
            failure: crate::graph::AuthFailure::InvalidSecret,
            status: 401,
            error: "invalid_client".into(),
            aadsts: Some(7_000_215),
            description: "Invalid client secret provided.".into(),
            trace_id: Some("trace-1".into()),
            correlation_id: Some("corr-2".into()),
        }));
        let log = logged(|| log_failure(5, "POST /{tenant}/oauth2/v2.0/token", &auth));
        for part in ["aadsts=7000215", "trace-1", "corr-2", "invalid_client"] {
            assert!(log.contains(part), "{part} missing: {log}");
        }
    }
}
