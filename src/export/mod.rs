//! Exporting users to a file: the same writer for the user list's `x` (the rows shown) and for
//! `lazyentra export` (every user, streamed page by page; `headless.rs`). `table` is
//! what a row is made of, `writer` turns rows into CSV (`csv`) or JSON (`json`), `target`
//! creates the file (0600, never over an existing one unless asked) and says what went wrong,
//! and `job` is the list's export as the shell writes it, off the event loop.

pub mod csv;
pub mod job;
pub mod json;
pub mod table;
pub mod target;
pub mod writer;
