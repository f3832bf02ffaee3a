//! `client_secret_file`: a client secret kept in a file only its owner can read, as the
//! connect screen saves one (`$XDG_CONFIG_HOME/lazyentra/secrets/NAME`).

use std::io::Read as _;
use std::path::Path;

use secrecy::SecretString;
use zeroize::Zeroizing;

/// A secret is a short line; anything bigger is not one.
const MAX_BYTES: u64 = 64 * 1024;

/// The secret in `path`, trimmed; or why it cannot be used, saying what to do. A file that
/// other users can read is refused, as `ssh` refuses a readable key.
pub(super) fn read(path: &Path) -> Result<SecretString, String> {
    let shown = path.display();
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "client_secret_file {shown} does not exist: put the client secret's Value in it \
             (chmod 600), or fix the path"
        ),
        _ => format!("client_secret_file {shown}: cannot read it ({e})"),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| format!("client_secret_file {shown}: cannot read it ({e})"))?;
    if !meta.is_file() {
        return Err(format!("client_secret_file {shown} is not a file"));
    }
    if readable_by_others(&meta) {
        return Err(format!(
            "client_secret_file {shown} can be read by other users, so it is not used: run \
             `chmod 600 {shown}`"
        ));
    }
    let mut text = Zeroizing::new(String::new());
    file.by_ref()
        .take(MAX_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|_| format!("client_secret_file {shown} is not text"))?;
    if text.len() as u64 > MAX_BYTES {
        return Err(format!(
            "client_secret_file {shown} is larger than 64 KiB: it should hold only the secret"
        ));
    }
    let secret = text.trim();
    if secret.is_empty() {
        return Err(format!(
            "client_secret_file {shown} is empty: put the client secret's Value in it"
        ));
    }
    Ok(SecretString::from(secret))
}

#[cfg(unix)]
fn readable_by_others(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o077 != 0
}

#[cfg(not(unix))]
fn readable_by_others(_: &std::fs::Metadata) -> bool {
    false
}
