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
//! (`/{tenant}/oauth2/v2.0/token`) and Graph (`/v1.0/...`).
//!
//! The code is grouped by concern: `auth` (token endpoint, access tokens, bearer check), `http`
//! (server, routes, error envelopes, paging tokens), `odata` (query options, body checks),
//! `directory` (user schema, store, validation, handlers) and `seed` (the demo tenant).
//!
//! What it answers (everything else under a user is a 400 unknown segment, or a 501 naming
//! the gap for Graph navigations and options it does not model, such as `ownedDevices`,
//! `$expand=memberOf` or `$batch`). Casts take the `graph.` alias as well as `microsoft.graph.`:
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
//! | `GET /v1.0/users/{key}/directReports`, `…/memberOf[/graph.group]` | paged collections, `$select $top` |
//! | `GET /v1.0/users/delta` | first round, `@odata.deltaLink`, then changes and `@removed`; `$select`, `$deltatoken=latest`, `Prefer: odata.maxpagesize, return=minimal`; expired links (`Emulator::expire_delta_links`) answer 400 `syncStateNotFound` |
//! | `GET /v1.0/directory/deletedItems/graph.user[/$count]` | like `/users` |
//! | `GET DELETE /v1.0/directory/deletedItems/{id}[/graph.user]`, `POST …/{id}/restore` | soft-deleted users |
//! | `GET /v1.0/organization` | tenant id and verified domains |
//!
//! Every POST, PATCH and PUT needs a JSON `Content-Type` (a bodyless POST to an action
//! excepted), as on Graph. The demo tenant's users have managers and belong to a few groups.
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

use directory::state::Shared;
use directory::user::User;

/// A running emulator. Dropping it stops the server; [`Emulator::shutdown`] also waits for it.
pub struct Emulator {
    shared: Arc<Shared>,
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
        let store = tokio::task::spawn_blocking(move || seed::tenant(count, seed))
            .await
            .map_err(io::Error::other)?;
        let shared = Arc::new(Shared::new(options, base_url, store));
        let (stop, stopped) = oneshot::channel::<()>();
        let app = http::server::router(Arc::clone(&shared));
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
            shared,
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
        self.shared.delta_generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Graph requests received (throttled and refused ones included; token requests not).
    pub fn request_count(&self) -> u64 {
        self.shared.graph_requests.load(Ordering::SeqCst)
    }

    /// Token endpoint requests received.
    pub fn token_requests(&self) -> u64 {
        self.shared.token_requests.load(Ordering::SeqCst)
    }

    /// Graph requests answered 401 `InvalidAuthenticationToken` (no, an expired or a foreign
    /// token).
    pub fn unauthorized_count(&self) -> u64 {
        self.shared.unauthorized.load(Ordering::SeqCst)
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
    println!(
        "  admin app        client id {}  secret {}",
        demo::ADMIN_CLIENT_ID,
        demo::ADMIN_CLIENT_SECRET
    );
    println!(
        "  read-only app    client id {}  secret {}",
        demo::READER_CLIENT_ID,
        demo::READER_CLIENT_SECRET
    );
    println!("  users            {}", emulator.user_count());
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
