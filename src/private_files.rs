//! Files that hold user data (the log, exports) or secrets (a profile's saved client secret)
//! are readable by their owner only: the folder 0700, the file 0600, also when they existed
//! before with looser modes.

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// Creates `dir` (and its parents) and makes it private to its owner.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)
}

/// Opens `path` for appending, created if missing, private to its owner.
pub fn append_private(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // `mode` applies only when the file is created: tighten one that already existed.
    set_mode(path, 0o600)?;
    Ok(file)
}

/// Creates `path`, which must not exist yet (not even as a symbolic link: nothing is followed),
/// readable and writable by its owner only. An export is written through this.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_log_and_its_folder_are_private_even_if_they_were_not() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("state").join("lazyentra");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let log = dir.join("lazyentra.log");
        drop(append_private(&log).unwrap());
        assert_eq!(mode(&log), 0o600);
        // Left world-readable by an older version or another tool: tightened on open.
        fs::set_permissions(&log, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        drop(append_private(&log).unwrap());
        assert_eq!((mode(&dir), mode(&log)), (0o700, 0o600));
    }

    #[test]
    fn an_export_is_created_private_and_never_over_something_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        drop(create_private(&path).unwrap());
        assert_eq!(mode(&path), 0o600);
        let again = create_private(&path).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        // A link to a file elsewhere is not followed.
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("link.csv")).unwrap();
        let link = create_private(&dir.path().join("link.csv")).unwrap_err();
        assert_eq!(link.kind(), io::ErrorKind::AlreadyExists);
        assert!(!elsewhere.exists());
    }
}
