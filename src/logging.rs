//! Tracing to a file in the state directory: never to the terminal, which the app owns.

use std::path::PathBuf;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Where the log goes: `$XDG_STATE_HOME/lazyentra/lazyentra.log` (or the platform's data dir).
pub fn log_path() -> Option<PathBuf> {
    let dir = dirs::state_dir().or_else(dirs::data_local_dir)?;
    Some(dir.join("lazyentra").join("lazyentra.log"))
}

/// Starts logging at `LAZYENTRA_LOG` (default `info`). Returns the log's path, or `None` when
/// no file could be opened (then nothing is logged).
pub fn init() -> Option<PathBuf> {
    let path = log_path()?;
    // The log names users and request paths: the owner's only.
    crate::private_files::private_dir(path.parent()?).ok()?;
    let file = crate::private_files::append_private(&path).ok()?;
    let filter =
        EnvFilter::try_from_env("LAZYENTRA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .ok()?;
    Some(path)
}
