//! State shared by the server task and the `Emulator` handle.

use std::hash::RandomState;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use url::Url;

use crate::auth::jwt::TokenKeys;
use crate::directory::kept_order::KeptOrder;
use crate::directory::store::Store;
use crate::options::{EmulatorOptions, Faults};
use crate::seed::demo::Tenant;

/// Every tenant the emulator serves, the default (Contoso) first. One base URL serves them
/// all, as `login.microsoftonline.com` and `graph.microsoft.com` do: the token URL names the
/// tenant, and on Graph the token's `tid` does.
pub(crate) struct Tenants {
    pub all: Vec<Arc<Shared>>,
}

impl Tenants {
    /// The default tenant.
    pub(crate) fn first(&self) -> &Arc<Shared> {
        &self.all[0]
    }

    /// The tenant a token URL names: its id or one of its verified domains.
    pub(crate) fn named(&self, tenant: &str) -> Option<&Arc<Shared>> {
        self.all.iter().find(|s| s.tenant.is_named(tenant))
    }

    /// The tenant whose id is `id` (a token's `tid`).
    pub(crate) fn by_id(&self, id: &str) -> Option<&Arc<Shared>> {
        self.all
            .iter()
            .find(|s| s.tenant.id.eq_ignore_ascii_case(id))
    }

    /// A counter summed over every tenant.
    pub(crate) fn sum(&self, counter: impl Fn(&Shared) -> &AtomicU64) -> u64 {
        self.all
            .iter()
            .map(|s| counter(s).load(Ordering::SeqCst))
            .sum()
    }
}

/// One tenant's side of the emulator: its directory, and what its requests have counted.
pub(crate) struct Shared {
    /// Whose directory this is.
    pub tenant: &'static Tenant,
    pub options: EmulatorOptions,
    /// `http://127.0.0.1:PORT/`: token endpoint, Graph root and the base of every link.
    pub base_url: Url,
    store: Mutex<Store>,
    /// The order of the last `$orderby` listing (`list.rs`). Locked only while the store is.
    sorted: Mutex<KeptOrder>,
    faults: Mutex<Faults>,
    /// The signing key, shared by every tenant (Entra signs every tenant's tokens with the
    /// same keys; the `tid` claim tells them apart).
    pub tokens: Arc<TokenKeys>,
    /// Key for `$skiptoken` integrity checks.
    pub page_key: RandomState,
    pub graph_requests: AtomicU64,
    /// Requests counted by the fault knobs: every Graph request but a `$batch` envelope, and
    /// every request inside a batch.
    pub evaluated: AtomicU64,
    /// `$batch` envelopes received (for `batch_unavailable_every`).
    pub batches: AtomicU64,
    pub token_requests: AtomicU64,
    /// Graph requests answered 401 (a missing, expired or foreign token).
    pub unauthorized: AtomicU64,
    /// Sealed into every delta and next link of `/users/delta`; a link of another generation
    /// has expired (`Emulator::expire_delta_links`).
    pub delta_generation: AtomicU64,
}

/// Locks `mutex`, carrying on after a panic elsewhere: every update to the store is applied
/// whole or not at all, so the data stays consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn new(
        options: EmulatorOptions,
        base_url: Url,
        store: Store,
        tokens: Arc<TokenKeys>,
    ) -> Shared {
        Shared {
            tenant: store.tenant(),
            faults: Mutex::new(options.faults.clone()),
            options,
            base_url,
            store: Mutex::new(store),
            sorted: Mutex::new(KeptOrder::default()),
            tokens,
            page_key: RandomState::new(),
            graph_requests: AtomicU64::new(0),
            evaluated: AtomicU64::new(0),
            batches: AtomicU64::new(0),
            token_requests: AtomicU64::new(0),
            unauthorized: AtomicU64::new(0),
            delta_generation: AtomicU64::new(0),
        }
    }

    /// The tenant's users. Never hold this across an `.await`.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// The kept `$orderby` order; take it only while holding the store.
    pub(crate) fn sorted(&self) -> MutexGuard<'_, KeptOrder> {
        lock(&self.sorted)
    }

    pub(crate) fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        *lock(&self.faults) = faults;
    }

    /// `{base}v1.0/`, the root of every Graph link the emulator hands out.
    pub(crate) fn graph_root(&self) -> String {
        format!("{}v1.0/", self.base_url)
    }

    /// `{base}v1.0/$metadata#`: the prefix of `@odata.context`.
    pub(crate) fn metadata(&self) -> String {
        format!("{}v1.0/$metadata#", self.base_url)
    }
}
