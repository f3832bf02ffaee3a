//! The cached access token, renewed before it expires with at most one token request in flight.
//!
//! A request takes the cached token while Graph still accepts it. Once less than the refresh
//! margin is left, the first request to notice starts one background refresh and still uses the
//! current token, as does every request until the new token is stored. Only a request that
//! finds no usable token (none yet, expired, or just refused by Graph) waits for a fetch, and
//! joins the one in flight rather than starting another. A failed background refresh leaves the
//! current token in place until it expires; the next request after that fetches in the
//! foreground and reports the failure.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use secrecy::{ExposeSecret as _, SecretString};

use super::auth::{CachedToken, TokenInfo};
use super::error::GraphError;

#[derive(Default)]
pub(super) struct TokenCache {
    slot: Mutex<Slot>,
    /// Held for the whole of a token request: the one fetch in flight.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Slot {
    token: Option<CachedToken>,
    /// A background refresh of `token` was started (once per token, whatever its outcome).
    refresh_started: bool,
    /// Fetches completed so far, so a caller that waited for someone else's can take its outcome.
    fetches: u64,
    /// Why the last completed fetch failed, if it did.
    last_error: Option<GraphError>,
    /// Bumped by `clear`, so a fetch that finishes after a disconnect is not kept.
    session: u64,
}

/// What the cache offers a request.
pub(super) enum Cached {
    /// A token Graph still accepts. `refresh` is set for the one caller that should start the
    /// background refresh: the fetch count to pass to [`TokenCache::fetch`].
    Valid {
        bearer: SecretString,
        refresh: Option<u64>,
    },
    /// No usable token: fetch one with [`TokenCache::fetch`], passing `seen`.
    Missing { seen: u64 },
}

/// A token just stored (or shared from a fetch another caller made).
pub(super) struct Stored {
    pub bearer: SecretString,
    pub info: TokenInfo,
    /// It replaced an earlier token: a refresh, not the first sign-in.
    pub replaced: bool,
}

impl TokenCache {
    fn slot(&self) -> MutexGuard<'_, Slot> {
        // Every update to the slot is a plain assignment: a panic elsewhere cannot leave it
        // half done.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token for the next request. `rejected` is a token Graph just refused with 401: if
    /// it is still the cached one it no longer counts as valid, for this caller or any other.
    pub(super) fn lookup(&self, rejected: Option<&SecretString>, now: Instant) -> Cached {
        let mut slot = self.slot();
        let seen = slot.fetches;
        if let (Some(token), Some(rejected)) = (slot.token.as_mut(), rejected)
            && token.bearer.expose_secret() == rejected.expose_secret()
        {
            token.expires_at = token.expires_at.min(now);
        }
        let Some(token) = slot.token.as_ref().filter(|t| t.is_valid(now)) else {
            return Cached::Missing { seen };
        };
        let bearer = token.bearer.clone();
        let due = token.is_due(now) && !slot.refresh_started;
        if due {
            slot.refresh_started = true;
        }
        Cached::Valid {
            bearer,
            refresh: due.then_some(seen),
        }
    }

    /// Runs `fetch` and stores its token, one fetch at a time. With `seen` (the count from
    /// [`lookup`](Self::lookup)), a fetch that completed while this caller waited is shared
    /// instead: its token, or its error. Without it (a deliberate sign-in) `fetch` always runs.
    pub(super) async fn fetch(
        &self,
        seen: Option<u64>,
        fetch: impl Future<Output = Result<CachedToken, GraphError>>,
    ) -> Result<Stored, GraphError> {
        let _fetching = self.fetching.lock().await;
        let session = {
            let slot = self.slot();
            if seen.is_some_and(|seen| seen != slot.fetches) {
                if let Some(error) = &slot.last_error {
                    return Err(error.clone());
                }
                if let Some(token) = &slot.token {
                    return Ok(Stored {
                        bearer: token.bearer.clone(),
                        info: token.info.clone(),
                        replaced: false,
                    });
                }
            }
            slot.session
        };
        let result = fetch.await;
        let mut slot = self.slot();
        slot.fetches += 1;
        match result {
            Ok(token) => {
                slot.last_error = None;
                let stored = Stored {
                    bearer: token.bearer.clone(),
                    info: token.info.clone(),
                    replaced: slot.token.is_some(),
                };
                if slot.session == session {
                    slot.token = Some(token);
                    slot.refresh_started = false;
                }
                Ok(stored)
            }
            Err(error) => {
                slot.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    /// What the cached token grants, while Graph still accepts it at `now`.
    pub(super) fn current(&self, now: Instant) -> Option<TokenInfo> {
        let slot = self.slot();
        slot.token
            .as_ref()
            .filter(|t| t.is_valid(now))
            .map(|t| t.info.clone())
    }

    /// Forgets the token; a fetch still in flight is not kept.
    pub(super) fn clear(&self) {
        let mut slot = self.slot();
        slot.token = None;
        slot.refresh_started = false;
        slot.last_error = None;
        slot.session += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    use chrono::Utc;

    use super::*;
    use crate::graph::auth::Permissions;
    use crate::graph::error::{AuthError, AuthFailure};

    fn token(name: &str, refresh_in: Duration, expires_in: Duration) -> CachedToken {
        let now = Instant::now();
        CachedToken {
            bearer: SecretString::from(name.to_owned()),
            refresh_at: now + refresh_in,
            expires_at: now + expires_in,
            info: TokenInfo {
                tenant_id: None,
                app_id: None,
                app_name: None,
                permissions: Permissions::default(),
                expires_at: Utc::now(),
            },
        }
    }

    fn refused() -> GraphError {
        GraphError::Auth(Box::new(AuthError {
            failure: AuthFailure::ExpiredSecret,
            status: 401,
            error: "invalid_client".into(),
            aadsts: Some(7_000_222),
            description: "AADSTS7000222: expired".into(),
            trace_id: None,
            correlation_id: None,
        }))
    }

    const HOUR: Duration = Duration::from_secs(3600);

    fn bearer_of(cached: &Cached) -> Option<&str> {
        match cached {
            Cached::Valid { bearer, .. } => Some(bearer.expose_secret()),
            Cached::Missing { .. } => None,
        }
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(TokenCache::default());
        let calls = Arc::new(AtomicU32::new(0));
        let (release, released) = tokio::sync::watch::channel(false);
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, calls, mut released) =
                (Arc::clone(&cache), Arc::clone(&calls), released.clone());
            tasks.push(tokio::spawn(async move {
                let Cached::Missing { seen } = cache.lookup(None, Instant::now()) else {
                    panic!("no token yet");
                };
                let fetch = async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    let _ = released.wait_for(|r| *r).await;
                    Ok(token("a", HOUR, HOUR))
                };
                cache.fetch(Some(seen), fetch).await.map(|s| s.bearer)
            }));
        }
        // On this single-threaded runtime, yielding lets every task reach the cache and park
        // (one in its fetch, the rest waiting for it) before the fetch answers.
        for _ in 0..8 {
            tokio::task::yield_now().await;
        }
        release.send(true).unwrap();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().expose_secret(), "a");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_due_token_is_still_used_and_one_caller_refreshes_it() {
        let cache = TokenCache::default();
        cache
            .fetch(None, async { Ok(token("old", Duration::ZERO, HOUR)) })
            .await
            .unwrap();
        let now = Instant::now();
        let first = cache.lookup(None, now);
        let Cached::Valid {
            refresh: Some(seen),
            ..
        } = first
        else {
            panic!("the first caller is asked to refresh");
        };
        assert_eq!(bearer_of(&first), Some("old"));
        let second = cache.lookup(None, now);
        assert!(matches!(second, Cached::Valid { refresh: None, .. }));
        assert_eq!(bearer_of(&second), Some("old"));

        // The refresh fails: the old token stays until it expires, with no second attempt.
        assert!(
            cache
                .fetch(Some(seen), async { Err(refused()) })
                .await
                .is_err()
        );
        let after = cache.lookup(None, Instant::now());
        assert!(matches!(after, Cached::Valid { refresh: None, .. }));
        assert_eq!(bearer_of(&after), Some("old"));
        assert!(matches!(
            cache.lookup(None, now + HOUR),
            Cached::Missing { .. }
        ));
    }

    #[tokio::test]
    async fn a_refused_token_is_dropped_for_everyone_but_its_replacement_is_kept() {
        let cache = TokenCache::default();
        cache
            .fetch(None, async { Ok(token("a", HOUR, HOUR)) })
            .await
            .unwrap();
        let rejected = SecretString::from("a");
        let Cached::Missing { seen } = cache.lookup(Some(&rejected), Instant::now()) else {
            panic!("a refused token is not offered again");
        };
        assert!(matches!(
            cache.lookup(None, Instant::now()),
            Cached::Missing { .. }
        ));
        let stored = cache
            .fetch(Some(seen), async { Ok(token("b", HOUR, HOUR)) })
            .await
            .unwrap();
        assert!(stored.replaced);
        // A late 401 for the old token does not throw the new one away.
        let late = cache.lookup(Some(&rejected), Instant::now());
        assert_eq!(bearer_of(&late), Some("b"));
        // A caller that waited through that fetch shares it instead of fetching again.
        let shared = cache
            .fetch(Some(seen), async {
                Err(GraphError::Internal("a second fetch".into()))
            })
            .await
            .unwrap();
        assert_eq!(shared.bearer.expose_secret(), "b");
        assert!(!shared.replaced);
    }

    #[tokio::test]
    async fn a_fetch_finishing_after_clear_is_not_kept() {
        let cache = TokenCache::default();
        let fetch = async {
            cache.clear();
            Ok(token("a", HOUR, HOUR))
        };
        cache.fetch(None, fetch).await.unwrap();
        assert!(matches!(
            cache.lookup(None, Instant::now()),
            Cached::Missing { .. }
        ));
    }
}
