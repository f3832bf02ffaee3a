//! `GraphClient`: one connection pool, one cached token, every user call lazyentra makes, and
//! the retry policy (timeouts, throttling, token refresh) around them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng as _;
use reqwest::{Method, RequestBuilder, Response, StatusCode, header};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;
use url::Url;

use super::auth::{self, CachedToken, TokenInfo};
use super::certificate::Credential;
use super::error::{ApiError, GraphError, transport_error};
use super::model::{
    ChangesPage, DeltaLink, DeltaNext, Domain, LIST_SELECT, ListQuery, NewUser, NextPage,
    Organization, Page, PageBody, PasswordProfile, ReadPage, USER_SELECT, User, UserChange, UserId,
    UserPage, UserPatch,
};
use super::odata;
use super::read_ahead::{self, ReadAhead};
use super::token_cache::{Cached, TokenCache};

/// Everything the client needs to reach a tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientConfig {
    pub tenant_id: String,
    pub client_id: String,
    pub credential: Credential,
    /// e.g. `https://login.microsoftonline.com`
    pub authority_host: Url,
    /// e.g. `https://graph.microsoft.com`
    pub graph_endpoint: Url,
    /// `$top` for listings, 1..=999.
    pub page_size: u16,
    pub request_timeout: Duration,
    /// Retries after a 429, 503, 504 or a network failure of a read.
    pub max_retries: u32,
    /// The longest a `Retry-After` is honoured before the request gives up instead.
    pub max_retry_wait: Duration,
}

/// Things worth telling the user while a call is still under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientNotice {
    /// Graph answered 429/503/504; the call is retried after `wait`.
    Throttled {
        status: u16,
        wait: Duration,
        attempt: u32,
    },
    /// A new token replaced the cached one: renewed in the background before it expired, or
    /// fetched because it had expired or Graph refused it.
    TokenRefreshed,
}

#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
    tokens: Arc<TokenCache>,
    notices: Option<mpsc::UnboundedSender<ClientNotice>>,
    /// The page on its way ahead of a load of every page.
    ahead: Arc<ReadAhead>,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("tenant_id", &self.config.tenant_id)
            .field("client_id", &self.config.client_id)
            .field("graph_endpoint", &self.config.graph_endpoint.as_str())
            .finish_non_exhaustive()
    }
}

/// A request described once, so it can be rebuilt for every attempt.
pub(super) struct Call<'a> {
    method: Method,
    url: String,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) body: Option<serde_json::Value>,
    /// Send `ConsistencyLevel: eventual` (advanced queries).
    pub(super) advanced: bool,
    /// A status besides 2xx whose answer is read as a success: the `$batch` envelope's 424,
    /// which one version of Graph's throttling guidance describes for a batch holding
    /// throttled requests.
    pub(super) also_ok: Option<StatusCode>,
    /// A `Prefer` header (delta rounds).
    prefer: Option<String>,
    _lifetime: std::marker::PhantomData<&'a ()>,
}

impl Call<'_> {
    pub(super) fn new(method: Method, url: String) -> Self {
        Self {
            method,
            url,
            query: Vec::new(),
            body: None,
            advanced: false,
            also_ok: None,
            prefer: None,
            _lifetime: std::marker::PhantomData,
        }
    }
}

/// A page of `/users/delta`: users, and a next link or a delta link.
#[derive(Deserialize)]
struct DeltaBody {
    #[serde(default)]
    value: Vec<UserChange>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink")]
    delta_link: Option<String>,
}

impl GraphClient {
    pub fn new(config: ClientConfig) -> Result<Self, GraphError> {
        let mut http = reqwest::Client::builder()
            .user_agent(concat!("lazyentra/", env!("CARGO_PKG_VERSION")))
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout.min(Duration::from_secs(10)));
        // Both endpoints in plain HTTP (the emulator on loopback) leave no TLS to verify, so
        // the system's certificate store is not read: reading it took 8 ms of each sign-in in
        // a profile of `L`. An `https` link could not be followed anyway (`checked_link`).
        if config.authority_host.scheme() == "http" && config.graph_endpoint.scheme() == "http" {
            http = http.tls_certs_only(std::iter::empty());
        }
        let http = http
            .build()
            .map_err(|e| GraphError::Internal(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            http,
            config: Arc::new(config),
            tokens: Arc::new(TokenCache::default()),
            notices: None,
            ahead: Arc::new(ReadAhead::default()),
        })
    }

    /// Sends progress notices (throttling, token refresh) to `tx`.
    #[must_use]
    pub fn with_notices(mut self, tx: mpsc::UnboundedSender<ClientNotice>) -> Self {
        self.notices = Some(tx);
        self
    }

    fn notify(&self, notice: ClientNotice) {
        if let Some(tx) = &self.notices {
            let _ = tx.send(notice);
        }
    }

    fn token_url(&self) -> String {
        format!(
            "{}/{}/oauth2/v2.0/token",
            self.config.authority_host.as_str().trim_end_matches('/'),
            self.config.tenant_id
        )
    }

    fn scope(&self) -> String {
        format!(
            "{}/.default",
            self.config.graph_endpoint.as_str().trim_end_matches('/')
        )
    }

    pub(super) fn graph_url(&self, path: &str) -> String {
        format!(
            "{}/v1.0/{path}",
            self.config.graph_endpoint.as_str().trim_end_matches('/')
        )
    }

    /// Signs in and reports what the token grants: the token this client already holds
    /// while Graph still accepts it (switching back to a profile asks for no new one), else a
    /// new one.
    pub async fn connect(&self) -> Result<TokenInfo, GraphError> {
        if let Some(info) = self.tokens.current(Instant::now()) {
            return Ok(info);
        }
        let stored = self.tokens.fetch(None, self.fetch_token()).await?;
        Ok(stored.info)
    }

    /// Forgets the token; the next call signs in again.
    #[expect(
        clippy::unused_async,
        reason = "one async API for the worker, which awaits every client call"
    )]
    pub async fn disconnect(&self) {
        self.forget();
    }

    /// Forgets the token and the page read ahead, at once.
    pub fn forget(&self) {
        self.ahead.clear();
        self.tokens.clear();
    }

    async fn fetch_token(&self) -> Result<CachedToken, GraphError> {
        auth::request_token(
            &self.http,
            &self.token_url(),
            &self.config.client_id,
            &self.config.credential,
            &self.scope(),
            self.config.request_timeout,
        )
        .await
    }

    /// The bearer value for the next call. The cached token while Graph accepts it (starting
    /// its renewal in the background when it is nearly due); otherwise a new one, fetched once
    /// however many calls are waiting. `rejected` is a token Graph just answered 401 to.
    async fn bearer(&self, rejected: Option<&SecretString>) -> Result<SecretString, GraphError> {
        match self.tokens.lookup(rejected, Instant::now()) {
            Cached::Valid { bearer, refresh } => {
                if let Some(seen) = refresh {
                    self.refresh_in_background(seen);
                }
                Ok(bearer)
            }
            Cached::Missing { seen } => {
                let stored = self.tokens.fetch(Some(seen), self.fetch_token()).await?;
                if stored.replaced {
                    self.notify(ClientNotice::TokenRefreshed);
                }
                Ok(stored.bearer)
            }
        }
    }

    /// Renews the token in its own task, so no call waits for it (nor cancels it). On failure
    /// the current token is used until it expires; the next call after that signs in again
    /// and reports why it cannot.
    fn refresh_in_background(&self, seen: u64) {
        let client = self.clone();
        tokio::spawn(async move {
            match client.tokens.fetch(Some(seen), client.fetch_token()).await {
                Ok(stored) if stored.replaced => client.notify(ClientNotice::TokenRefreshed),
                Ok(_) => {}
                Err(e) => tracing::warn!(
                    "renewing the access token failed; the current one is used until it \
                     expires: {e}"
                ),
            }
        });
    }

    fn build(&self, call: &Call<'_>, bearer: &SecretString) -> RequestBuilder {
        let mut request = self
            .http
            .request(call.method.clone(), &call.url)
            .bearer_auth(bearer.expose_secret())
            .header("client-request-id", uuid::Uuid::new_v4().to_string());
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if call.advanced {
            request = request.header("ConsistencyLevel", "eventual");
        }
        if let Some(prefer) = &call.prefer {
            request = request.header("Prefer", prefer);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        request
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `call`, retrying throttled and transient failures, and returns the successful
    /// response; every failure comes back as a `GraphError`.
    pub(super) async fn send(&self, call: Call<'_>) -> Result<Response, GraphError> {
        let mut attempt = 0u32;
        let mut refreshed = false;
        loop {
            let bearer = self.bearer(None).await?;
            let result = self.build(&call, &bearer).send().await;
            let response = match result {
                Ok(r) => r,
                Err(e) => {
                    let error = transport_error(&call.url, &e, self.config.request_timeout);
                    // Only reads are resent after a network failure: a write may have landed.
                    let retryable = call.method == Method::GET && !e.is_timeout();
                    if retryable && attempt < self.config.max_retries {
                        attempt += 1;
                        tokio::time::sleep(backoff(attempt)).await;
                        continue;
                    }
                    return Err(error);
                }
            };
            let status = response.status();
            if status.is_success() || call.also_ok == Some(status) {
                return Ok(response);
            }
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                // An expired or revoked token: get a new one and try once more.
                refreshed = true;
                self.bearer(Some(&bearer)).await?;
                continue;
            }
            if matches!(status.as_u16(), 429 | 503 | 504) {
                let retry_after = retry_after(&response);
                let wait = retry_after.unwrap_or_else(|| backoff(attempt + 1));
                if attempt < self.config.max_retries && wait <= self.config.max_retry_wait {
                    attempt += 1;
                    self.notify(ClientNotice::Throttled {
                        status: status.as_u16(),
                        wait,
                        attempt,
                    });
                    tokio::time::sleep(wait).await;
                    continue;
                }
                if status == StatusCode::TOO_MANY_REQUESTS {
                    let request_id = header_text(&response, "request-id");
                    return Err(GraphError::Throttled {
                        retry_after,
                        request_id,
                    });
                }
            }
            return Err(api_error(response).await);
        }
    }

    pub(super) async fn send_json<T: DeserializeOwned>(
        &self,
        call: Call<'_>,
    ) -> Result<T, GraphError> {
        let url = call.url.clone();
        let bytes = self.body(call).await?;
        decode(&url, &bytes)
    }

    /// The body of a successful answer to `call`, undecoded.
    async fn body(&self, call: Call<'_>) -> Result<Vec<u8>, GraphError> {
        self.body_into(call, Vec::new()).await
    }

    /// [`GraphClient::body`], read into `buffer` (emptied first) to reuse its memory.
    async fn body_into(&self, call: Call<'_>, buffer: Vec<u8>) -> Result<Vec<u8>, GraphError> {
        let url = call.url.clone();
        let response = self.send(call).await?;
        read_body(response, MAX_BODY, buffer)
            .await
            .map_err(|e| match e {
                BodyError::Transport(e) => transport_error(&url, &e, self.config.request_timeout),
                BodyError::TooLarge => GraphError::Decode {
                    url: url.clone(),
                    reason: format!(
                        "the answer is larger than {} MiB, so it was not read (a page of 999 \
                         users is about 1 MiB); lower page_size or report the endpoint",
                        MAX_BODY >> 20
                    ),
                },
            })
    }

    async fn page(&self, call: Call<'_>) -> Result<UserPage, GraphError> {
        let advanced = call.advanced;
        let body: PageBody = self.send_json(call).await?;
        Ok(user_page(body, advanced))
    }

    fn list_call(&self, path: &str, select: &[&str], query: &ListQuery) -> Call<'static> {
        let mut call = Call::new(Method::GET, self.graph_url(path));
        call.query
            .push(("$select", select_list(select, &query.also_select)));
        let top = query.top.unwrap_or(self.config.page_size).clamp(1, 999);
        call.query.push(("$top", top.to_string()));
        let search = query.search.as_deref().filter(|s| !s.trim().is_empty());
        if let Some(text) = search {
            call.query.push(("$search", odata::user_search(text)));
        }
        let filter = query.filter.as_deref().filter(|f| !f.trim().is_empty());
        if let Some(filter) = filter {
            call.query.push(("$filter", filter.to_owned()));
        }
        if let Some(order) = &query.order_by {
            call.query.push(("$orderby", order.clone()));
        }
        // $search, $count, startswith on department and $orderby beside a filter, a search or
        // on createdDateTime are advanced queries: they need ConsistencyLevel: eventual
        // (https://learn.microsoft.com/graph/aad-advanced-queries).
        call.advanced =
            query.count || search.is_some() || filter.is_some() || query.order_by.is_some();
        if call.advanced {
            call.query.push(("$count", "true".to_owned()));
        }
        call
    }

    /// The first page of users matching `query`, with the list's columns only
    /// (`LIST_SELECT` and `query.also_select`): [`GraphClient::get_user`] reads one user whole.
    pub async fn list_users(&self, query: &ListQuery) -> Result<UserPage, GraphError> {
        // A new listing: a page read ahead for an older one is not wanted.
        self.ahead.clear();
        self.page(self.list_call("users", LIST_SELECT, query)).await
    }

    /// [`GraphClient::list_users`], the users read as `T` (the user list reads its first
    /// page straight into rows, as `L` reads every further one).
    pub async fn list_users_as<T: ReadPage>(
        &self,
        query: &ListQuery,
        kept: &mut T::Kept,
    ) -> Result<Page<T>, GraphError> {
        self.ahead.clear();
        let call = self.list_call("users", LIST_SELECT, query);
        let (advanced, url) = (call.advanced, call.url.clone());
        let bytes = self.body(call).await?;
        let body = read_page::<T>(&bytes, kept, &url)?;
        Ok(Page {
            items: body.value,
            next: body.next_link.map(|link| NextPage { link, advanced }),
            count: body.count,
        })
    }

    /// `link` (named `what` in errors), if it points at the configured Graph endpoint: the
    /// bearer token must never be sent anywhere else.
    fn checked_link(&self, link: &str, what: &str) -> Result<String, GraphError> {
        let parsed = Url::parse(link).map_err(|e| GraphError::Decode {
            url: link.to_owned(),
            reason: format!("bad {what}: {e}"),
        })?;
        if parsed.origin() != self.config.graph_endpoint.origin() {
            return Err(GraphError::Decode {
                url: link.to_owned(),
                reason: format!("{what} points away from the Graph endpoint"),
            });
        }
        Ok(link.to_owned())
    }

    /// The page an `@odata.nextLink` points at, followed exactly as given.
    pub async fn next_page(&self, next: &NextPage) -> Result<UserPage, GraphError> {
        self.page(self.follow(next)?).await
    }

    /// Like [`GraphClient::next_page`], for a load of every page: the page after this one is
    /// asked for as soon as this one's bytes are in, before this one is decoded, and the next
    /// call for that link takes it over. At most one page is on its way ahead. Its users are
    /// read as `T` (the user list reads them straight into its rows), `kept` carrying what
    /// reading keeps from page to page.
    ///
    /// The fetch of the page after this one is a task spawned from this busy thread, which
    /// tokio keeps for this thread (its LIFO slot, which other threads do not steal): this
    /// task yields once so that the request leaves before the page is read, else it would
    /// leave only after, and the load would go at the speed of both added up. (Reading on
    /// the blocking pool instead measured a third more CPU for the handovers.)
    pub async fn next_page_ahead<T: ReadPage>(
        &self,
        next: &NextPage,
        kept: &mut T::Kept,
    ) -> Result<Page<T>, GraphError> {
        let bytes = match self.ahead.take(&next.link) {
            Some(fetched) => fetched.body().await?,
            None => self.body(self.follow(next)?).await?,
        };
        if let Some(link) = read_ahead::next_link(&bytes) {
            let following = NextPage {
                link,
                advanced: next.advanced,
            };
            if let Ok(call) = self.follow(&following) {
                let client = self.clone();
                let buffer = self.ahead.buffer();
                let fetch = async move { client.body_into(call, buffer).await };
                self.ahead.start(following.link, fetch);
            }
        }
        // The fetch just spawned sends its request before this thread reads the page.
        tokio::task::yield_now().await;
        let body = read_page::<T>(&bytes, kept, &next.link);
        if body.as_ref().is_ok_and(|b| b.next_link.is_some()) {
            self.ahead.give_back(bytes);
        }
        let body = body?;
        Ok(Page {
            items: body.value,
            next: body.next_link.map(|link| NextPage {
                link,
                advanced: next.advanced,
            }),
            count: body.count,
        })
    }

    /// The request for an `@odata.nextLink`, exactly as given, once it is known to point at
    /// the configured Graph endpoint: the bearer token must never be sent anywhere else.
    pub(super) fn follow(&self, next: &NextPage) -> Result<Call<'static>, GraphError> {
        let link = self.checked_link(&next.link, "@odata.nextLink")?;
        let mut call = Call::new(Method::GET, link);
        call.advanced = next.advanced;
        Ok(call)
    }

    /// `$top` for listings: the configured page size, 1 to 999.
    pub(super) fn page_size(&self) -> u16 {
        self.config.page_size.clamp(1, 999)
    }

    /// Starts tracking changes to users from now: `GET /users/delta?$deltatoken=latest` with
    /// the list's `$select` answers no users, only the delta link the next round starts from
    /// ("sync from now", <https://learn.microsoft.com/en-us/graph/delta-query-overview>). Taken
    /// when a listing starts, so what changes while its pages load comes in the next round.
    /// `also_select` names the list's chosen columns beyond `LIST_SELECT`: Graph keeps the
    /// `$select` in the link, so the rounds of changes carry them too.
    pub async fn track_users(&self, also_select: &[&str]) -> Result<DeltaLink, GraphError> {
        let mut call = Call::new(Method::GET, self.graph_url("users/delta"));
        call.query
            .push(("$select", select_list(LIST_SELECT, also_select)));
        call.query.push(("$deltatoken", "latest".to_owned()));
        let url = call.url.clone();
        match self.changes_page(call).await?.next {
            DeltaNext::Done(link) => Ok(link),
            DeltaNext::More(_) => Err(GraphError::Decode {
                url,
                reason: "$deltatoken=latest answered with a next page, not a delta link".to_owned(),
            }),
        }
    }

    /// One page of the changes since `link` (a delta link, or a round's next link): users
    /// added, changed (only what changed: `Prefer: return=minimal`,
    /// <https://learn.microsoft.com/en-us/graph/api/user-delta>) and removed, `page_size` at
    /// most. A link Graph no longer serves is [`GraphError::DeltaExpired`].
    pub async fn user_changes(&self, link: &DeltaLink) -> Result<ChangesPage, GraphError> {
        let url = self.checked_link(link.as_str(), "@odata.deltaLink")?;
        let mut call = Call::new(Method::GET, url);
        call.prefer = Some(format!(
            "return=minimal, odata.maxpagesize={}",
            self.config.page_size.clamp(1, 999)
        ));
        self.changes_page(call).await.map_err(expired_delta)
    }

    async fn changes_page(&self, call: Call<'_>) -> Result<ChangesPage, GraphError> {
        let url = call.url.clone();
        let body: DeltaBody = self.send_json(call).await?;
        let next = match (body.next_link, body.delta_link) {
            (Some(next), _) => DeltaNext::More(DeltaLink(next)),
            (None, Some(delta)) => DeltaNext::Done(DeltaLink(delta)),
            (None, None) => {
                return Err(GraphError::Decode {
                    url,
                    reason: "a delta page with neither @odata.nextLink nor @odata.deltaLink"
                        .to_owned(),
                });
            }
        };
        Ok(ChangesPage {
            changes: body.value,
            next,
        })
    }

    /// One user by object id or userPrincipalName.
    pub async fn get_user(&self, id_or_upn: &str) -> Result<User, GraphError> {
        let mut call = Call::new(Method::GET, self.graph_url(&odata::user_path(id_or_upn)));
        call.query.push(("$select", USER_SELECT.join(",")));
        self.send_json(call).await
    }

    /// Creates a user; Graph answers 201 with the new user.
    pub async fn create_user(&self, user: &NewUser) -> Result<User, GraphError> {
        let mut call = Call::new(Method::POST, self.graph_url("users"));
        call.body = Some(to_json(user)?);
        self.send_json(call).await
    }

    /// Changes the properties in `patch` only (204 No Content).
    pub async fn update_user(&self, id: &UserId, patch: &UserPatch) -> Result<(), GraphError> {
        if patch.is_empty() {
            return Ok(());
        }
        let mut call = Call::new(
            Method::PATCH,
            self.graph_url(&odata::user_path(id.as_str())),
        );
        call.body = Some(to_json(patch)?);
        self.send(call).await.map(drop)
    }

    /// Blocks (`false`) or unblocks (`true`) the user's sign-in: `PATCH accountEnabled`. Tokens
    /// already issued stay valid until they expire (up to an hour); see
    /// [`GraphClient::revoke_sessions`].
    pub async fn set_account_enabled(&self, id: &UserId, enabled: bool) -> Result<(), GraphError> {
        let patch = UserPatch {
            account_enabled: Some(enabled),
            ..UserPatch::default()
        };
        self.update_user(id, &patch).await
    }

    /// Gives the user a new password: `PATCH passwordProfile` (204 No Content). Besides the
    /// permission, Graph wants an Entra role on the app (User Administrator, or Privileged
    /// Authentication Administrator for users who hold admin roles), else 403
    /// (<https://learn.microsoft.com/en-us/graph/api/user-update>); a password that breaks
    /// the tenant's rules is a 400.
    pub async fn reset_password(
        &self,
        id: &UserId,
        profile: &PasswordProfile,
    ) -> Result<(), GraphError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            password_profile: &'a PasswordProfile,
        }
        let mut call = Call::new(
            Method::PATCH,
            self.graph_url(&odata::user_path(id.as_str())),
        );
        call.body = Some(to_json(&Body {
            password_profile: profile,
        })?);
        self.send(call).await.map(drop)
    }

    /// Invalidates the user's refresh tokens and session cookies, so apps must sign in again
    /// (<https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions>); Graph answers
    /// 200 `{"value": true}`.
    pub async fn revoke_sessions(&self, id: &UserId) -> Result<(), GraphError> {
        let path = format!("{}/revokeSignInSessions", odata::user_path(id.as_str()));
        let call = Call::new(Method::POST, self.graph_url(&path));
        self.send(call).await.map(drop)
    }

    /// The user's manager, or `None` when it has none: Graph answers 404 naming `manager`
    /// (<https://learn.microsoft.com/en-us/graph/api/user-list-manager>). A 404 naming the
    /// user (it no longer exists) stays an error.
    pub async fn get_manager(&self, id: &UserId) -> Result<Option<User>, GraphError> {
        let path = format!("{}/manager", odata::user_path(id.as_str()));
        let mut call = Call::new(Method::GET, self.graph_url(&path));
        call.query.push(("$select", MANAGER_SELECT.join(",")));
        match self.send_json(call).await {
            Ok(manager) => Ok(Some(manager)),
            Err(e) if e.is_no_manager() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Makes `manager` the manager of user `id`: `PUT …/manager/$ref` with the manager's URL
    /// on this Graph (its national cloud's, or the emulator's), 204 No Content
    /// (<https://learn.microsoft.com/en-us/graph/api/user-post-manager>).
    pub async fn set_manager(&self, id: &UserId, manager: &UserId) -> Result<(), GraphError> {
        let path = format!("{}/manager/$ref", odata::user_path(id.as_str()));
        let mut call = Call::new(Method::PUT, self.graph_url(&path));
        call.body = Some(self.manager_reference(manager));
        self.send(call).await.map(drop)
    }

    /// `{"@odata.id": "<graph>/v1.0/users/{id}"}`: the manager's read URL on this Graph.
    fn manager_reference(&self, manager: &UserId) -> serde_json::Value {
        let url = self.graph_url(&odata::user_path(manager.as_str()));
        serde_json::json!({ "@odata.id": url })
    }

    /// Removes user `id`'s manager: `DELETE …/manager/$ref`, 204 No Content; 404 naming
    /// `manager` when it has none
    /// (<https://learn.microsoft.com/en-us/graph/api/user-delete-manager>).
    pub async fn remove_manager(&self, id: &UserId) -> Result<(), GraphError> {
        let path = format!("{}/manager/$ref", odata::user_path(id.as_str()));
        self.send(Call::new(Method::DELETE, self.graph_url(&path)))
            .await
            .map(drop)
    }

    /// The tenant's domains, verified or not
    /// (<https://learn.microsoft.com/en-us/graph/api/domain-list>). Needs `Domain.Read.All`
    /// (or a directory permission): with only `User.*` permissions Graph answers 403. Every
    /// page is read; a tenant has a handful.
    pub async fn list_domains(&self) -> Result<Vec<Domain>, GraphError> {
        #[derive(Deserialize)]
        struct DomainPage {
            #[serde(default)]
            value: Vec<Domain>,
            #[serde(rename = "@odata.nextLink")]
            next_link: Option<String>,
        }
        let mut domains = Vec::new();
        let mut url = self.graph_url("domains");
        for _ in 0..MAX_DOMAIN_PAGES {
            let page: DomainPage = self.send_json(Call::new(Method::GET, url)).await?;
            domains.extend(page.value);
            match page.next_link {
                Some(next) if self.on_graph(&next) => url = next,
                _ => break,
            }
        }
        Ok(domains)
    }

    /// The tenant the token is for (`GET /organization`,
    /// <https://learn.microsoft.com/en-us/graph/api/organization-list>): Graph answers a
    /// collection holding that one organization. Needs `Organization.Read.All` or a directory
    /// permission; with only `User.*` permissions Graph answers 403.
    pub async fn get_organization(&self) -> Result<Option<Organization>, GraphError> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            value: Vec<Organization>,
        }
        let call = Call::new(Method::GET, self.graph_url("organization"));
        let page: Page = self.send_json(call).await?;
        Ok(page.value.into_iter().next())
    }

    /// Whether `link` points at the configured Graph endpoint: the bearer token goes nowhere else.
    fn on_graph(&self, link: &str) -> bool {
        Url::parse(link).is_ok_and(|u| u.origin() == self.config.graph_endpoint.origin())
    }

    /// Moves a user to deleted items, restorable for 30 days (204 No Content).
    pub async fn delete_user(&self, id: &UserId) -> Result<(), GraphError> {
        let call = Call::new(
            Method::DELETE,
            self.graph_url(&odata::user_path(id.as_str())),
        );
        self.send(call).await.map(drop)
    }

    /// The first page of users in deleted items matching `query`, with when each was deleted
    /// (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-list>). Further
    /// pages come from [`GraphClient::next_page`].
    pub async fn list_deleted_users(&self, query: &ListQuery) -> Result<UserPage, GraphError> {
        let select = [USER_SELECT, &["deletedDateTime"]].concat();
        let call = self.list_call(
            "directory/deletedItems/microsoft.graph.user",
            &select,
            query,
        );
        self.page(call).await
    }

    /// Brings a deleted user back under its original UPN; Graph answers with the user
    /// (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore>). A live
    /// user holding that UPN (or its mail) meanwhile makes it a 400 `ObjectConflict`.
    pub async fn restore_user(&self, id: &UserId) -> Result<User, GraphError> {
        let path = format!("{}/restore", odata::deleted_item_path(id.as_str()));
        let call = Call::new(Method::POST, self.graph_url(&path));
        self.send_json(call).await
    }

    /// Deletes a user from deleted items for good (204 No Content; cannot be undone)
    /// (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-delete>).
    pub async fn purge_deleted_user(&self, id: &UserId) -> Result<(), GraphError> {
        let call = Call::new(
            Method::DELETE,
            self.graph_url(&odata::deleted_item_path(id.as_str())),
        );
        self.send(call).await.map(drop)
    }
}

/// A listing's page read as `T` from its bytes (fetched from `url`).
fn read_page<T: ReadPage>(
    bytes: &[u8],
    kept: &mut T::Kept,
    url: &str,
) -> Result<PageBody<T>, GraphError> {
    let failed = |reason: String| GraphError::Decode {
        url: url.to_owned(),
        reason,
    };
    // Checked as UTF-8 once, so the strings in it are not checked one by one.
    let text = std::str::from_utf8(bytes).map_err(|e| failed(e.to_string()))?;
    T::read_page(text, kept).map_err(|e| failed(e.to_string()))
}

fn decode<T: DeserializeOwned>(url: &str, bytes: &[u8]) -> Result<T, GraphError> {
    serde_json::from_slice(bytes).map_err(|e| GraphError::Decode {
        url: url.to_owned(),
        reason: e.to_string(),
    })
}

fn user_page(body: PageBody, advanced: bool) -> UserPage {
    UserPage {
        users: body.value,
        next: body.next_link.map(|link| NextPage { link, advanced }),
        count: body.count,
    }
}

/// A delta link Graph no longer serves, as the typed error the list reloads on: `410 Gone`
/// (a synchronization reset) or an expired token, `syncStateNotFound` or `resyncRequired`
/// (<https://learn.microsoft.com/en-us/graph/delta-query-overview>, "Synchronization reset" and
/// "Token duration": seven days for directory objects;
/// <https://learn.microsoft.com/en-us/graph/errors>).
fn expired_delta(error: GraphError) -> GraphError {
    match error {
        GraphError::Api(e)
            if e.status == 410
                || ["syncStateNotFound", "resyncRequired"]
                    .iter()
                    .any(|code| e.code.eq_ignore_ascii_case(code)) =>
        {
            GraphError::DeltaExpired(e)
        }
        other => other,
    }
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, GraphError> {
    serde_json::to_value(value)
        .map_err(|e| GraphError::Internal(format!("cannot serialize the request body: {e}")))
}

/// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … capped at 30 s.
pub(super) fn backoff(attempt: u32) -> Duration {
    let base = 500u64.saturating_mul(1u64 << attempt.saturating_sub(1).min(6));
    let jitter = rand::rng().random_range(0..=base / 2);
    Duration::from_millis((base + jitter).min(30_000))
}

/// `Retry-After` in seconds; Graph has been seen to send decimals (`2.128`).
fn retry_after(response: &Response) -> Option<Duration> {
    parse_retry_after(&header_text(response, header::RETRY_AFTER.as_str())?)
}

/// A `Retry-After` value in seconds, whole or decimal.
pub(super) fn parse_retry_after(text: &str) -> Option<Duration> {
    let secs: f64 = text.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

fn header_text(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[derive(Deserialize)]
pub(super) struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    details: Vec<ErrorDetail>,
    #[serde(rename = "innerError", alias = "innererror", default)]
    inner: Option<InnerError>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: String,
    target: Option<String>,
}

#[derive(Deserialize)]
struct InnerError {
    #[serde(rename = "request-id")]
    request_id: Option<String>,
    date: Option<String>,
}

/// What is read of a manager: what the picker and the detail show of a person.
const MANAGER_SELECT: &[&str] = &["id", "displayName", "userPrincipalName", "jobTitle", "mail"];

/// Pages of `/domains` followed at most: far beyond any tenant's domains.
const MAX_DOMAIN_PAGES: usize = 20;

/// The most of a successful answer that is read: far above any page Graph sends.
const MAX_BODY: usize = 16 << 20;
/// The most of an error answer that is read: Graph's envelopes are small; an HTML error page
/// from a proxy is cut.
const MAX_ERROR_BODY: usize = 64 << 10;

enum BodyError {
    Transport(reqwest::Error),
    TooLarge,
}

/// The body, chunk by chunk, refusing it once it passes `limit` bytes (whatever
/// `Content-Length` says), so a huge or endless answer cannot fill memory.
/// `body` is emptied first; its memory is reused.
async fn read_body(
    mut response: Response,
    limit: usize,
    mut body: Vec<u8>,
) -> Result<Vec<u8>, BodyError> {
    let length = response.content_length();
    if length.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    // Sized once when the length is known: a page of 999 users would otherwise grow through
    // a dozen doublings, copying itself each time.
    body.clear();
    body.reserve(length.map_or(0, |n| usize::try_from(n).unwrap_or(0)));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

async fn api_error(response: Response) -> GraphError {
    let status = response.status().as_u16();
    let header_request_id = header_text(&response, "request-id");
    let url = response.url().to_string();
    let bytes = read_body(response, MAX_ERROR_BODY, Vec::new())
        .await
        .unwrap_or_default();
    let envelope = serde_json::from_slice::<ErrorEnvelope>(&bytes).ok();
    error_from(status, envelope, header_request_id, &url)
}

/// A Graph error from its status, its error envelope when it had one, and the `request-id`
/// header; a request-id in the envelope's `innerError` wins, as that is the failed request's
/// own. `url` names where an answer without an envelope came from.
pub(super) fn error_from(
    status: u16,
    envelope: Option<ErrorEnvelope>,
    header_request_id: Option<String>,
    url: &str,
) -> GraphError {
    match envelope {
        Some(ErrorEnvelope { error }) => {
            let inner = error.inner;
            GraphError::Api(Box::new(ApiError {
                status,
                code: error.code,
                message: error.message,
                request_id: inner
                    .as_ref()
                    .and_then(|i| i.request_id.clone())
                    .or(header_request_id),
                date: inner.and_then(|i| i.date),
                details: error
                    .details
                    .into_iter()
                    .map(|d| (d.code, d.target))
                    .collect(),
            }))
        }
        None => GraphError::Api(Box::new(ApiError {
            status,
            code: StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("HTTP error")
                .to_owned(),
            message: format!("no Graph error body from {}", super::error::short_url(url)),
            request_id: header_request_id,
            date: None,
            details: Vec::new(),
        })),
    }
}

/// `$select`'s value: `base`, then each of `also` not in it already.
fn select_list(base: &[&str], also: &[&str]) -> String {
    let mut names: Vec<&str> = base.to_vec();
    for name in also {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: &str) -> GraphError {
        GraphError::Api(Box::new(ApiError {
            status,
            code: code.to_owned(),
            message: "m".to_owned(),
            request_id: Some("r".to_owned()),
            date: None,
            details: Vec::new(),
        }))
    }

    #[test]
    fn an_expired_delta_link_is_its_own_error() {
        for (status, code) in [
            (400, "syncStateNotFound"),
            (400, "SyncStateNotFound"),
            (400, "resyncRequired"),
            (410, "Gone"),
        ] {
            let error = expired_delta(api(status, code));
            assert!(
                matches!(error, GraphError::DeltaExpired(_)),
                "{status} {code}"
            );
            assert_eq!(error.request_id(), Some("r"));
            assert_eq!(error.status(), Some(status));
        }
        for (status, code) in [(400, "Request_BadRequest"), (503, "serviceNotAvailable")] {
            assert!(matches!(
                expired_delta(api(status, code)),
                GraphError::Api(_)
            ));
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(1) >= Duration::from_millis(500));
        assert!(backoff(1) <= Duration::from_millis(750));
        assert!(backoff(3) >= Duration::from_secs(2));
        assert!(backoff(20) <= Duration::from_secs(30));
    }

    #[test]
    fn a_manager_reference_names_the_configured_cloud() {
        let graph: Url = "https://graph.microsoft.us/".parse().unwrap();
        let client = GraphClient::new(ClientConfig {
            tenant_id: "t".into(),
            client_id: "c".into(),
            credential: Credential::Secret(SecretString::from("s")),
            authority_host: "https://login.microsoftonline.us".parse().unwrap(),
            graph_endpoint: graph,
            page_size: 100,
            request_timeout: Duration::from_secs(5),
            max_retries: 0,
            max_retry_wait: Duration::from_secs(1),
        })
        .unwrap();
        let id = UserId::from("6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0");
        assert_eq!(
            client.manager_reference(&id),
            serde_json::json!({
                "@odata.id": "https://graph.microsoft.us/v1.0/users/6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0"
            })
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The decoders of pages and error envelopes take any bytes without panicking: junk,
        /// truncated JSON, or JSON of the wrong shape is an error value, never a crash.
        #[test]
        fn decoders_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = serde_json::from_slice::<PageBody>(&bytes);
            let _ = serde_json::from_slice::<DeltaBody>(&bytes);
            let _ = serde_json::from_slice::<ErrorEnvelope>(&bytes);
        }

        /// A real page cut anywhere fails to decode cleanly.
        #[test]
        fn a_truncated_page_is_an_error(cut in 0usize..200) {
            let page = br#"{"value":[{"id":"1","displayName":"Ada","businessPhones":null}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=x"}"#;
            let cut = cut.min(page.len() - 1);
            proptest::prop_assert!(serde_json::from_slice::<PageBody>(&page[..cut]).is_err());
        }
    }
}
