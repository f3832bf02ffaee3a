//! Reading one page ahead while a big listing is pulled (`L`): as soon as a page's bytes are
//! in, the request for the page after it goes out, and only then is the page decoded. So
//! decoding never adds to the time on the wire.
//!
//! The link is found in the bytes without decoding them. That is only a guess at what
//! decoding will say: a page fetched ahead is used only when the caller then asks for exactly
//! that link, and is dropped (its request aborted) otherwise.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::task::JoinHandle;

use super::error::GraphError;

type Body = Result<Vec<u8>, GraphError>;

/// A page buffer kept for the next page is at most this large (a page of 999 users is
/// about 1 MiB): a freak answer's memory is not held on to.
const SPARE_MOST: usize = 4 << 20;

/// At most one page on its way ahead of the caller: its link and the task fetching it. And
/// the buffer of the page before, once read, for the next page to be fetched into: a fresh
/// buffer per page measured its page faults as a tenth of the worker's time under `L`.
#[derive(Default)]
pub(super) struct ReadAhead {
    slot: Mutex<Option<(String, JoinHandle<Body>)>>,
    spare: Mutex<Vec<u8>>,
}

impl ReadAhead {
    fn slot(&self) -> MutexGuard<'_, Option<(String, JoinHandle<Body>)>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn spare_slot(&self) -> MutexGuard<'_, Vec<u8>> {
        self.spare.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A buffer to read the next page into: the last one given back, or a new one.
    pub(super) fn buffer(&self) -> Vec<u8> {
        std::mem::take(&mut *self.spare_slot())
    }

    /// A page's buffer, read and no longer needed, for the page after the next.
    pub(super) fn give_back(&self, mut buffer: Vec<u8>) {
        if buffer.capacity() <= SPARE_MOST {
            buffer.clear();
            *self.spare_slot() = buffer;
        }
    }

    /// Starts fetching `link` ahead, replacing (and aborting) any other page fetched ahead.
    pub(super) fn start(&self, link: String, fetch: impl Future<Output = Body> + Send + 'static) {
        let task = tokio::spawn(fetch);
        if let Some((_, old)) = self.slot().replace((link, task)) {
            old.abort();
        }
    }

    /// The page fetched ahead from `link`, if that is what is on its way; a page fetched
    /// ahead from another link is no longer wanted and is dropped.
    pub(super) fn take(&self, link: &str) -> Option<Fetched> {
        match self.slot().take() {
            Some((ahead, task)) if ahead == link => Some(Fetched(task)),
            Some((_, task)) => {
                task.abort();
                None
            }
            None => None,
        }
    }

    /// Drops any page fetched ahead (a new listing, a disconnect), and the spare buffer.
    pub(super) fn clear(&self) {
        if let Some((_, task)) = self.slot().take() {
            task.abort();
        }
        *self.spare_slot() = Vec::new();
    }
}

/// A page fetched ahead, taken over by the request that wants it. If that request is
/// aborted (Esc), the fetch is aborted with it.
pub(super) struct Fetched(JoinHandle<Body>);

impl Fetched {
    pub(super) async fn body(mut self) -> Body {
        (&mut self.0)
            .await
            .unwrap_or_else(|e| Err(GraphError::Internal(format!("reading ahead failed: {e}"))))
    }
}

impl Drop for Fetched {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The `@odata.nextLink` of a page, read from its bytes without decoding the page: the one
/// top-level string after that key (escapes decoded). A key inside a string value cannot
/// match, since its quotes would be escaped there.
pub(super) fn next_link(page: &[u8]) -> Option<String> {
    const KEY: &[u8] = br#""@odata.nextLink""#;
    let after_key = memchr::memmem::find(page, KEY)? + KEY.len();
    let rest = page.get(after_key..)?;
    let colon = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    if rest[colon] != b':' {
        return None;
    }
    let mut value = serde_json::Deserializer::from_slice(&rest[colon + 1..]);
    serde::Deserialize::deserialize(&mut value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_is_found_wherever_graph_puts_it() {
        let before =
            br#"{"@odata.nextLink":"https://g/v1.0/users?$skiptoken=X%27A1%27","value":[]}"#;
        assert_eq!(
            next_link(before).as_deref(),
            Some("https://g/v1.0/users?$skiptoken=X%27A1%27")
        );
        let after = br#"{"value":[{"id":"1"}], "@odata.nextLink" : "https:\/\/g\/n?a=1\u0026b=2"}"#;
        assert_eq!(next_link(after).as_deref(), Some("https://g/n?a=1&b=2"));
        // A name holding the key's text is a string with escaped quotes: no link.
        let inside = br#"{"value":[{"displayName":"\"@odata.nextLink\":\"x\""}]}"#;
        assert_eq!(next_link(inside), None);
        assert_eq!(next_link(br#"{"value":[]}"#), None);
        assert_eq!(next_link(br#"{"@odata.nextLink":null}"#), None);
        assert_eq!(next_link(br#"{"@odata.nextLink""#), None);
    }

    #[tokio::test]
    async fn only_the_page_asked_for_is_taken() {
        let ahead = ReadAhead::default();
        ahead.start("a".into(), async { Ok(b"page a".to_vec()) });
        assert!(ahead.take("b").is_none(), "another link");
        assert!(ahead.take("a").is_none(), "dropped by the miss");
        ahead.start("a".into(), async { Ok(b"page a".to_vec()) });
        let body = ahead.take("a").expect("on its way").body().await.unwrap();
        assert_eq!(body, b"page a");
        ahead.start("c".into(), std::future::pending());
        ahead.clear();
        assert!(ahead.take("c").is_none());
    }

    #[test]
    fn a_read_page_buffer_is_reused_emptied_unless_it_is_huge() {
        let ahead = ReadAhead::default();
        assert_eq!(ahead.buffer().capacity(), 0, "none given back yet");
        let mut page = Vec::with_capacity(1 << 20);
        page.extend_from_slice(b"page");
        ahead.give_back(page);
        let reused = ahead.buffer();
        assert!(reused.is_empty() && reused.capacity() >= 1 << 20);
        assert_eq!(ahead.buffer().capacity(), 0, "taken once");
        ahead.give_back(Vec::with_capacity(SPARE_MOST + 1));
        assert_eq!(ahead.buffer().capacity(), 0, "a huge one is dropped");
        ahead.give_back(reused);
        ahead.clear();
        assert_eq!(ahead.buffer().capacity(), 0, "dropped with the listing");
    }
}
