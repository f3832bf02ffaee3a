//! `$skiptoken`: an opaque, tamper-evident page cursor.
//!
//! It carries the sort key and seq of the last user served (not an offset, so deletes and
//! creates between pages neither skip nor repeat anyone), a fingerprint of the query it belongs
//! to, the query mode (advanced or not), and a keyed hash over all of it.
//!
//! The mode matters because Graph serves advanced queries (`ConsistencyLevel: eventual`) from
//! a separate index (<https://learn.microsoft.com/en-us/graph/aad-advanced-queries>): a page
//! token from one is not valid in the other, and Graph answers a next link followed without
//! the header it was made with by 400 "Unable to execute query; invalid page token
//! specified." (msgraph-sdk-dotnet#884, msgraph-sdk-design#41). It is written like the directory's own tokens,
//! `X'<hex>'`, so links look like Graph's (`$skiptoken=X%27…%27`).

use std::fmt::Write as _;
use std::hash::{BuildHasher, RandomState};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::http::errors::ApiError;

/// The sort key of the last user on a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum SortKey {
    /// The property was null.
    Missing,
    Text(String),
    /// Milliseconds since the epoch.
    Date(i64),
}

/// Where the next page starts: after this (key, seq).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub seq: u64,
    /// `None` for stored order.
    pub key: Option<SortKey>,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    f: u64,
    /// Made by a request with `ConsistencyLevel: eventual`.
    #[serde(default)]
    a: bool,
    c: Cursor,
}

pub(crate) fn invalid() -> ApiError {
    ApiError::unsupported_query("Unable to execute query; invalid page token specified.")
}

/// The token for `cursor` within the query identified by `fingerprint`, sent in the
/// `advanced` mode or not.
pub(crate) fn encode(
    key: &RandomState,
    fingerprint: u64,
    advanced: bool,
    cursor: &Cursor,
) -> String {
    seal(
        key,
        &Payload {
            f: fingerprint,
            a: advanced,
            c: cursor.clone(),
        },
    )
}

/// The cursor in `token`, if it is intact, belongs to the query `fingerprint` and is followed
/// in the mode (`advanced` or not) it was made in.
pub(crate) fn decode(
    key: &RandomState,
    fingerprint: u64,
    advanced: bool,
    token: &str,
) -> Result<Cursor, ApiError> {
    let payload: Payload = open(key, token)?;
    if payload.f != fingerprint || payload.a != advanced {
        return Err(invalid());
    }
    Ok(payload.c)
}

/// Any state as an opaque, tamper-evident token `X'<hex>'`.
pub(crate) fn seal(key: &RandomState, payload: &impl Serialize) -> String {
    let mut bytes = serde_json::to_vec(payload).unwrap_or_default();
    let mac = key.hash_one(&bytes);
    bytes.extend_from_slice(&mac.to_le_bytes());
    let mut text = String::with_capacity(bytes.len() * 2 + 3);
    text.push_str("X'");
    for b in bytes {
        let _ = write!(text, "{b:02X}");
    }
    text.push('\'');
    text
}

/// The state sealed in `token`, if it is intact and was sealed with `key`.
pub(crate) fn open<T: DeserializeOwned>(key: &RandomState, token: &str) -> Result<T, ApiError> {
    let hex = token
        .strip_prefix("X'")
        .and_then(|t| t.strip_suffix('\''))
        .ok_or_else(invalid)?;
    if hex.len() % 2 != 0 || hex.len() < 18 {
        return Err(invalid());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| invalid())?;
    let (payload, mac) = bytes.split_at(bytes.len() - 8);
    let mac: [u8; 8] = mac.try_into().map_err(|_| invalid())?;
    if key.hash_one(payload) != u64::from_le_bytes(mac) {
        return Err(invalid());
    }
    serde_json::from_slice(payload).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper_detection() {
        let key = RandomState::new();
        let cursor = Cursor {
            seq: 42,
            key: Some(SortKey::Text("Zoë Ñúñez".into())),
        };
        let token = encode(&key, 7, true, &cursor);
        assert!(token.starts_with("X'") && token.ends_with('\''));
        assert_eq!(decode(&key, 7, true, &token).unwrap(), cursor);
        // The other mode, another query's fingerprint, a flipped digit, garbage, another
        // process's key.
        assert!(decode(&key, 7, false, &token).is_err());
        assert!(decode(&key, 8, true, &token).is_err());
        let flipped = token.replacen('7', "8", 1);
        assert!(flipped == token || decode(&key, 7, true, &flipped).is_err());
        let mut chars: Vec<char> = token.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        assert!(decode(&key, 7, true, &chars.iter().collect::<String>()).is_err());
        assert!(decode(&key, 7, true, "abc").is_err());
        assert!(decode(&RandomState::new(), 7, true, &token).is_err());
        let e = decode(&key, 7, true, "X'00'").unwrap_err();
        assert_eq!(
            e.message,
            "Unable to execute query; invalid page token specified."
        );
    }
}
