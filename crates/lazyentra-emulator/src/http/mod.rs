//! The HTTP side: the server and its dispatch, Graph's URL paths, what every response shares,
//! Graph's error envelopes, and the `$skiptoken` carried in `@odata.nextLink`.
//!
//! - `server`: the axum entry point (faults, token vs Graph requests, dispatch by route).
//! - `dispatch`: one request, its caller known, to its handler (and the fault knobs).
//! - `batch`: JSON batching, `POST /$batch`: each request inside through `dispatch`.
//! - `routes`: Graph URL paths to resources.
//! - `response`: per-request ids, Graph's standard headers and JSON content type.
//! - `errors`: Graph's error envelope and every error the emulator answers with.
//! - `paging`: the opaque, tamper-evident `$skiptoken` page cursor.

pub(crate) mod batch;
pub(crate) mod dispatch;
pub(crate) mod errors;
pub(crate) mod paging;
pub(crate) mod response;
pub(crate) mod routes;
pub(crate) mod server;
