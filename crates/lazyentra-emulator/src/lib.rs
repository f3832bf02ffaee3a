//! A Microsoft Graph emulator: a real HTTP server on loopback that answers like Microsoft's
//! token endpoint and Graph v1.0 user management do on the wire: status codes, error bodies,
//! headers, paging and query rules, as documented in
//! <https://learn.microsoft.com/en-us/graph/api/resources/user>,
//! <https://learn.microsoft.com/en-us/graph/errors>,
//! <https://learn.microsoft.com/en-us/graph/paging> and
//! <https://learn.microsoft.com/en-us/graph/aad-advanced-queries>.
//!
//! `lazyentra --demo`, `lazyentra serve-demo` and the tests run against it; a client that works
//! here should work against Microsoft. One base URL serves both the token endpoint
//! (`/{tenant}/oauth2/v2.0/token`) and Graph (`/v1.0/...`), for two tenants (Contoso, the
//! default, and Fabrikam; see [`demo`]): the token URL names the tenant, a token carries it
//! (`tid`), and each tenant has its own directory and apps. An app of one tenant is not found
//! at the other's token endpoint (AADSTS700016), a token of one reaches none of the other's
//! users, page or delta links, and a token for a tenant not served is refused with 401
//! `OrganizationFromTenantGuidNotFound`.
//!
//! The code is grouped by concern: `auth` (token endpoint, access tokens, bearer check), `http`
//! (server, routes, error envelopes, paging tokens), `odata` (query options, body checks),
//! `directory` (user schema, store, validation, handlers) and `seed` (the demo tenant).
//!
//! What it answers (everything else under a user is a 400 unknown segment, or a 501 naming
//! the gap for Graph navigations and options it does not model, such as `ownedDevices` or
//! `$expand=memberOf`). Casts take the `graph.` alias as well as `microsoft.graph.`:
//!
//! | | |
//! |---|---|
//! | `POST /{tenant}/oauth2/v2.0/token` | client credentials (secret in the form or Basic auth, or a certificate's signed assertion) for the [`demo`] apps; AADSTS errors |
//! | `GET /v1.0/users` | `$select $top $skiptoken $count $filter $search $orderby $expand=manager`, advanced-query rules; page tokens keep their query mode |
//! | `GET /v1.0/users/$count` | `text/plain`, needs `ConsistencyLevel: eventual` |
//! | `GET PATCH DELETE /v1.0/users/{id or upn}`, `users('{upn}')` | `$select $expand=manager`; validation like the directory |
//! | `POST /v1.0/users` | 201, default property set |
//! | `POST /v1.0/users/{key}/revokeSignInSessions` | 200 `Edm.Boolean` |
//! | `GET /v1.0/users/{key}/manager`, `PUT DELETE …/manager/$ref` | the manager or 404; 204 |
//! | `GET /v1.0/users/{key}/directReports`, `…/memberOf[/graph.group]` | paged collections, `$select $top`; `memberOf` holds groups of every kind (some dynamic) and directory roles, named only to apps that may read groups and roles |
//! | `GET /v1.0/users/{key}/licenseDetails` | the user's SKUs and service plans, `$select` |
//! | `$select=signInActivity` on users | only when selected; 403 without `AuditLog.Read.All`, or in a tenant without Entra ID P1/P2 ([`Faults::free_tenant`]) |
//! | `GET /v1.0/users/delta` | first round, `@odata.deltaLink`, then changes and `@removed`; `$select`, `$deltatoken=latest`, `Prefer: odata.maxpagesize, return=minimal`; expired links (`Emulator::expire_delta_links`) answer 400 `syncStateNotFound` |
//! | `GET /v1.0/directory/deletedItems/graph.user[/$count]` | like `/users` |
//! | `GET DELETE /v1.0/directory/deletedItems/{id}[/graph.user]`, `POST …/{id}/restore` | soft-deleted users |
//! | `GET /v1.0/organization` | tenant id, display name and verified domains; needs `Organization.Read.All` or a directory permission |
//! | `POST /v1.0/$batch` | JSON batching: up to 20 requests, each through the same routes as the batch's caller, answered by id with its own status, headers and body; `dependsOn` (424); 400 for a malformed batch |
//!
//! The fault knobs ([`Faults`]) count the requests inside a batch one by one, as Graph's
//! throttling does: a throttled one answers 429 with its own `Retry-After` inside the
//! batch's 200.
//! | `GET /v1.0/domains` | the tenant's domains with `isVerified`, `isDefault`; needs `Domain.Read.All` |
//!
//! Every POST, PATCH and PUT needs a JSON `Content-Type` (a bodyless POST to an action
//! excepted), as on Graph. The demo tenant's users have managers, belong to groups and hold
//! directory roles and licences, and most signed in recently.
//!
//! Writes also follow Entra's privilege rules (`directory/roles.rs`): a password reset needs a
//! directory role on the app (the token's `wids`), and resetting, blocking, deleting or
//! signing out a user who holds an admin role needs a role that covers it; otherwise 403
//! `Authorization_RequestDenied`. A few seeded users hold admin roles
//! ([`demo::GLOBAL_ADMINISTRATOR_UPN`], [`demo::HELPDESK_ADMINISTRATOR_UPN`]).
//!
//! Like Entra, a deleted user's `userPrincipalName` reads `{id without dashes}{upn}` while it
//! is in deleted items; restore puts the original back (or `newUserPrincipalName`).

// Items outside the public API are `pub(crate)`, not `pub`: what the app can use is exactly
// what this file exports.
#![warn(unreachable_pub)]

use std::io;
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

mod auth;
mod directory;
mod http;
mod odata;
mod options;
mod seed;

pub use options::{EmulatorOptions, Faults};
pub use seed::demo;

use directory::state::{Shared, Tenants};
use directory::user::User;

/// A running emulator. Dropping it stops the server; [`Emulator::shutdown`] also waits for it.
pub struct Emulator {
    /// The default tenant (Contoso): what the methods that name no tenant look at.
    shared: Arc<Shared>,
    tenants: Arc<Tenants>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Seeds the tenant, binds `127.0.0.1:port` and serves in a spawned task.
    pub async fn start(options: EmulatorOptions) -> io::Result<Emulator> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let port = listener.local_addr()?.port();
        let base_url =
            Url::parse(&format!("http://127.0.0.1:{port}/")).map_err(io::Error::other)?;
        let (count, seed) = (options.users, options.seed);
        // Seeding 100k users is CPU work: keep it off the async workers.
        let now = chrono::Utc::now();
        let stores = tokio::task::spawn_blocking(move || {
            demo::TENANTS.map(|def| {
                let (count, seed) = if def.id == demo::TENANT_ID {
                    (count, seed)
                } else {
                    (demo::FABRIKAM_USERS, seed.wrapping_add(1000))
                };
                seed::tenant_of(def, count, seed, now)
            })
        })
        .await
        .map_err(io::Error::other)?;
        let keys = Arc::new(auth::jwt::TokenKeys::default());
        let all = stores
            .into_iter()
            .map(|store| {
                let tokens = Arc::clone(&keys);
                Arc::new(Shared::new(
                    options.clone(),
                    base_url.clone(),
                    store,
                    tokens,
                ))
            })
            .collect();
        let tenants = Arc::new(Tenants { all });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = http::server::router(Arc::clone(&tenants));
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!("graph emulator stopped: {e}");
            }
        });
        Ok(Emulator {
            shared: Arc::clone(tenants.first()),
            tenants,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/`: use it as both the authority host and the Graph endpoint.
    pub fn base_url(&self) -> Url {
        self.shared.base_url.clone()
    }

    /// Changes the injected faults from the next request on.
    pub fn set_faults(&self, faults: Faults) {
        for tenant in self.tenants.all.iter().skip(1) {
            tenant.set_faults(faults.clone());
        }
        self.shared.set_faults(faults);
    }

    /// Every token issued so far is expired from now on: Graph answers 401 "Lifetime
    /// validation failed, the token is expired." until the client signs in again.
    pub fn expire_tokens(&self) {
        self.shared.tokens.expire_all();
    }

    /// Every `/users/delta` link handed out so far has expired from now on, as Graph's do after
    /// seven days: following one answers 400 `syncStateNotFound`, and only a new round (or
    /// `$deltatoken=latest`) gives working links again.
    pub fn expire_delta_links(&self) {
        for tenant in &self.tenants.all {
            tenant.delta_generation.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Graph requests received by every tenant (throttled and refused ones included; token
    /// requests not).
    pub fn request_count(&self) -> u64 {
        self.tenants.sum(|s| &s.graph_requests)
    }

    /// Token endpoint requests received, for every tenant.
    pub fn token_requests(&self) -> u64 {
        self.tenants.sum(|s| &s.token_requests)
    }

    /// Token endpoint requests received for the tenant `tenant_id`.
    pub fn token_requests_for(&self, tenant_id: &str) -> u64 {
        self.tenants
            .by_id(tenant_id)
            .map_or(0, |s| s.token_requests.load(Ordering::SeqCst))
    }

    /// Graph requests answered 401 (no, an expired or a foreign token), in every tenant.
    pub fn unauthorized_count(&self) -> u64 {
        self.tenants.sum(|s| &s.unauthorized)
    }

    /// Live users of the tenant `tenant_id` (0 for a tenant not served).
    pub fn user_count_in(&self, tenant_id: &str) -> usize {
        self.tenants
            .by_id(tenant_id)
            .map_or(0, |s| s.store().live().len())
    }

    /// Every live user of the tenant `tenant_id`, in stored order.
    pub fn users_in(&self, tenant_id: &str) -> Vec<serde_json::Value> {
        self.tenants.by_id(tenant_id).map_or_else(Vec::new, |s| {
            s.store().live().values().map(User::full_json).collect()
        })
    }

    /// A token the emulator signs for a tenant it does not serve, as if issued by another
    /// cloud's authority: Graph here refuses it (`OrganizationFromTenantGuidNotFound`).
    pub fn token_for_unknown_tenant(&self, tenant_id: &str) -> String {
        let app = &demo::CONTOSO.apps[0];
        let lifetime = self.shared.options.token_lifetime;
        let audience = auth::jwt::GRAPH_AUDIENCE;
        self.shared
            .tokens
            .mint(tenant_id, app, audience, chrono::Utc::now(), lifetime)
    }

    /// Live users.
    pub fn user_count(&self) -> usize {
        self.shared.store().live().len()
    }

    /// Users in deleted items.
    pub fn deleted_count(&self) -> usize {
        self.shared.store().deleted().len()
    }

    /// A live user by object id or userPrincipalName (case-insensitive), with every property
    /// (and, unlike Graph, the stored `passwordProfile`, so tests can check a reset).
    pub fn user(&self, id_or_upn: &str) -> Option<serde_json::Value> {
        self.shared.store().find(id_or_upn).map(User::full_json)
    }

    /// The object id of a live user's manager, if it has one.
    pub fn manager_of(&self, id_or_upn: &str) -> Option<String> {
        let store = self.shared.store();
        let manager = store.find(id_or_upn)?.manager.as_deref()?;
        store.find(manager).map(|m| m.id.to_string())
    }

    /// A user in deleted items by object id.
    pub fn deleted_user(&self, id: &str) -> Option<serde_json::Value> {
        self.shared.store().find_deleted(id).map(User::full_json)
    }

    /// Every live user in stored order (the order of unsorted listings).
    pub fn users_snapshot(&self) -> Vec<serde_json::Value> {
        self.shared
            .store()
            .live()
            .values()
            .map(User::full_json)
            .collect()
    }

    /// Stops accepting connections and waits (briefly) for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            // Graceful shutdown waits for open requests; never hang a test on a stuck client.
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// For `lazyentra serve-demo`: starts the emulator, prints how to connect, and serves until
/// Ctrl-C.
pub async fn serve_until_ctrl_c(options: EmulatorOptions) -> io::Result<()> {
    let emulator = Emulator::start(options).await?;
    let base = emulator.base_url();
    println!("lazyentra demo tenant (Microsoft Graph emulator) is listening on {base}");
    println!();
    println!("  tenant id        {}", demo::TENANT_ID);
    println!("  domains          {}", demo::VERIFIED_DOMAINS.join(", "));
    let apps = [
        (
            "admin app",
            demo::ADMIN_CLIENT_ID,
            demo::ADMIN_CLIENT_SECRET,
            "User.ReadWrite.All, User Administrator",
        ),
        (
            "read-only app",
            demo::READER_CLIENT_ID,
            demo::READER_CLIENT_SECRET,
            "User.Read.All",
        ),
        (
            "privileged app",
            demo::PRIVILEGED_CLIENT_ID,
            demo::PRIVILEGED_CLIENT_SECRET,
            "User.ReadWrite.All, Privileged Authentication Administrator",
        ),
    ];
    for (name, id, secret, grants) in apps {
        println!("  {name:<16} client id {id}  secret {secret}  ({grants})");
    }
    println!("  users            {}", emulator.user_count());

    let admins: Vec<String> = [
        (demo::GLOBAL_ADMINISTRATOR_UPN, "Global Administrator"),
        (demo::HELPDESK_ADMINISTRATOR_UPN, "Helpdesk Administrator"),
    ]
    .into_iter()
    .filter(|(upn, _)| emulator.user(upn).is_some())
    .map(|(upn, role)| format!("{upn} ({role})"))
    .collect();
    if !admins.is_empty() {
        println!(
            "  admins           {}: the admin app may reset a Helpdesk Administrator's password, \
             only the privileged app a Global Administrator's",
            admins.join(", ")
        );
    }
    let certificate = write_demo_certificate();
    match &certificate {
        Ok(file) => {
            println!(
                "  certificate      {} (thumbprint {}): the admin app also accepts it",
                file.display(),
                demo::CERTIFICATE_THUMBPRINT
            );
        }
        Err(e) => println!("  certificate      not written: {e}"),
    }
    println!();
    println!(
        "  second tenant    {} ({}), id {}, {} users",
        demo::FABRIKAM_NAME,
        demo::FABRIKAM_VERIFIED_DOMAINS.join(", "),
        demo::FABRIKAM_TENANT_ID,
        emulator.user_count_in(demo::FABRIKAM_TENANT_ID)
    );
    println!(
        "  its app          client id {}  secret {}  (User.Read.All, Organization.Read.All)",
        demo::FABRIKAM_READER_CLIENT_ID,
        demo::FABRIKAM_READER_CLIENT_SECRET
    );
    println!();
    println!("Point lazyentra (or any Graph client) at it:");
    println!("  export AZURE_AUTHORITY_HOST={base}");
    println!("  export LAZYENTRA_GRAPH_ENDPOINT={base}");
    println!("  export AZURE_TENANT_ID={}", demo::TENANT_ID);
    println!("  export AZURE_CLIENT_ID={}", demo::ADMIN_CLIENT_ID);
    println!("  export AZURE_CLIENT_SECRET={}", demo::ADMIN_CLIENT_SECRET);
    if let Ok(file) = &certificate {
        println!("  # or, to sign in with the certificate instead of the secret:");
        println!(
            "  # export AZURE_CLIENT_CERTIFICATE_PATH={}",
            file.display()
        );
    }
    println!();
    println!("These credentials are fake and only work here. Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    println!("stopping");
    if let Ok(file) = &certificate
        && let Some(dir) = file.parent()
    {
        let _ = std::fs::remove_dir_all(dir);
    }
    emulator.shutdown().await;
    Ok(())
}

/// Writes the demo certificate and its key (PEM) to a new directory of this process under
/// the temp directory, readable by the owner only, and returns the file's path.
pub fn write_demo_certificate() -> io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("lazyentra-demo-{}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    // `create`, not `create_all`: a directory someone else made there is refused.
    builder.create(&dir)?;
    let file = dir.join("demo-certificate.pem");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&file)?, demo::CERTIFICATE_PEM.as_bytes())?;
    Ok(file)
}
