//! Where an export goes: the path the user typed made concrete (`~` is the home folder, a
//! folder gets the suggested file name), the file created owner-only through
//! `private_files`, and every way that can fail as one line that says what to do.
//!
//! A new file is created with `O_EXCL`, so an existing file (or a link planted there) is never
//! written through. Replacing one, once the user said so, writes a private temporary file
//! beside it and renames it over the old one at the end: until then the old file is whole,
//! and a failed or cancelled export leaves it as it was. Whatever is unfinished is removed.

use std::fs::File;
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::private_files;

/// Why an export could not be written. One line each, naming the path and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Refused rather than overwritten; the front end says how to replace it.
    #[error("{} already exists", .path.display())]
    Exists { path: PathBuf },
    #[error("there is no folder {}: create it or choose another path", .folder.display())]
    NoFolder { folder: PathBuf },
    #[error("no permission to write in {}: choose a folder you can write to", .folder.display())]
    Denied { folder: PathBuf },
    #[error("{} is a folder: add a file name", .path.display())]
    IsFolder { path: PathBuf },
    #[error("the disk is full writing {}: free some space or choose another disk", .path.display())]
    Full { path: PathBuf },
    #[error("cannot write {}: {reason}", .path.display())]
    Io { path: PathBuf, reason: String },
    #[error("cannot write to standard output: {reason}")]
    Stdout { reason: String },
    #[error("the export was cancelled")]
    Cancelled,
}

impl ExportError {
    /// `e` happened creating `path`.
    fn creating(path: &Path, e: &io::Error) -> ExportError {
        let folder = || folder_of(path);
        match e.kind() {
            ErrorKind::AlreadyExists => ExportError::Exists {
                path: path.to_owned(),
            },
            ErrorKind::NotFound | ErrorKind::NotADirectory => {
                ExportError::NoFolder { folder: folder() }
            }
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                ExportError::Denied { folder: folder() }
            }
            ErrorKind::IsADirectory => ExportError::IsFolder {
                path: path.to_owned(),
            },
            _ => ExportError::writing(path, e),
        }
    }

    /// `e` happened writing `path`.
    pub fn writing(path: &Path, e: &io::Error) -> ExportError {
        match e.kind() {
            ErrorKind::StorageFull => ExportError::Full {
                path: path.to_owned(),
            },
            _ => ExportError::Io {
                path: path.to_owned(),
                reason: e.to_string(),
            },
        }
    }
}

/// The folder `path` is in, as the user would name it (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The file a typed path means: `~/` is the home folder; nothing, or a folder (an existing one,
/// or any path ending in `/`), means `default_name` in it. Relative paths are taken from the
/// working directory and made absolute, so the user is told exactly where the file went.
pub fn resolve(typed: &str, default_name: &str) -> PathBuf {
    let typed = typed.trim();
    let mut path = match typed.strip_prefix("~/").or((typed == "~").then_some("")) {
        Some(rest) => dirs::home_dir().map_or_else(|| PathBuf::from(typed), |h| h.join(rest)),
        None => PathBuf::from(typed),
    };
    if typed.is_empty() || typed.ends_with(std::path::MAIN_SEPARATOR) || path.is_dir() {
        path.push(default_name);
    }
    std::path::absolute(&path).unwrap_or(path)
}

/// An export file being written.
pub struct Target {
    out: BufWriter<File>,
    /// The file asked for.
    path: PathBuf,
    /// Where the rows go: `path` itself, or the temporary file that replaces it.
    writing: PathBuf,
    finished: bool,
}

impl Target {
    /// Creates `path`, owner-only. An existing file is refused unless `replace`.
    pub fn create(path: &Path, replace: bool) -> Result<Target, ExportError> {
        let (file, writing) = if replace {
            temporary_beside(path)?
        } else {
            let file =
                private_files::create_private(path).map_err(|e| ExportError::creating(path, &e))?;
            (file, path.to_owned())
        };
        Ok(Target {
            out: BufWriter::with_capacity(256 * 1024, file),
            path: path.to_owned(),
            writing,
            finished: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Everything is written: flush it to disk and put it in place.
    pub fn commit(mut self) -> Result<PathBuf, ExportError> {
        let path = self.path.clone();
        let fail = |e: io::Error| ExportError::writing(&path, &e);
        self.out.flush().map_err(fail)?;
        self.out.get_ref().sync_all().map_err(fail)?;
        if self.writing != self.path {
            std::fs::rename(&self.writing, &self.path)
                .map_err(|e| ExportError::creating(&path, &e))?;
        }
        self.finished = true;
        Ok(path)
    }
}

/// A new private file in `path`'s folder, to be renamed over `path`.
fn temporary_beside(path: &Path) -> Result<(File, PathBuf), ExportError> {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let folder = folder_of(path);
    let mut last = None;
    for n in 0..100 {
        let temporary = folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match private_files::create_private(&temporary) {
            Ok(file) => return Ok((file, temporary)),
            // Left behind by an export that was killed: take the next name.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(ExportError::creating(path, &e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no free temporary name"));
    Err(ExportError::writing(path, &e))
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Target {
    /// An export that did not finish leaves nothing behind (an old file it was to replace
    /// stays as it was).
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.writing);
        }
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_file_is_private_and_an_existing_one_is_refused_until_replace_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        let mut target = Target::create(&path, false).unwrap();
        target.write_all(b"new").unwrap();
        assert_eq!(target.commit().unwrap(), path);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(
            Target::create(&path, false).err(),
            Some(ExportError::Exists { path: path.clone() })
        );
        // Replacing: the old file stays whole until the new one is complete, and the new one
        // is private even if the old one was not.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut target = Target::create(&path, true).unwrap();
        target.write_all(b"newer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        target.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"newer");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn an_unfinished_export_leaves_nothing_and_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.json");
        let mut target = Target::create(&path, false).unwrap();
        target.write_all(b"half").unwrap();
        drop(target);
        assert!(!path.exists());
        std::fs::write(&path, b"old").unwrap();
        let mut target = Target::create(&path, true).unwrap();
        target.write_all(b"half").unwrap();
        drop(target);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failures_name_the_folder_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope").join("users.csv");
        let e = Target::create(&missing, false).err().unwrap();
        assert_eq!(
            e,
            ExportError::NoFolder {
                folder: dir.path().join("nope")
            }
        );
        assert!(e.to_string().ends_with("create it or choose another path"));
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
        // Root may write anywhere; everyone else is refused.
        if std::fs::File::create(locked.join("probe")).is_err() {
            let e = Target::create(&locked.join("users.csv"), false)
                .err()
                .unwrap();
            assert_eq!(
                e,
                ExportError::Denied {
                    folder: locked.clone()
                }
            );
            assert!(e.to_string().contains("choose a folder you can write to"));
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
        // A file where a folder should be.
        let file = dir.path().join("file");
        std::fs::write(&file, b"").unwrap();
        let e = Target::create(&file.join("users.csv"), false)
            .err()
            .unwrap();
        assert_eq!(e, ExportError::NoFolder { folder: file });
        // A full disk while writing.
        let full = io::Error::from(ErrorKind::StorageFull);
        let e = ExportError::writing(Path::new("/x/users.csv"), &full);
        assert_eq!(
            e.to_string(),
            "the disk is full writing /x/users.csv: free some space or choose another disk"
        );
    }

    #[test]
    fn a_typed_path_is_made_concrete() {
        let dir = tempfile::tempdir().unwrap();
        let name = "lazyentra-users-20261202-031500.csv";
        let folder = dir.path().to_string_lossy().into_owned();
        assert_eq!(resolve(&folder, name), dir.path().join(name));
        assert_eq!(
            resolve(&format!("{folder}/new/"), name),
            dir.path().join("new").join(name)
        );
        assert_eq!(
            resolve(&format!(" {folder}/x.csv "), name),
            dir.path().join("x.csv")
        );
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(resolve("", name), cwd.join(name));
        assert_eq!(resolve("out.json", name), cwd.join("out.json"));
        if let Some(home) = dirs::home_dir() {
            assert_eq!(resolve("~/x.csv", name), home.join("x.csv"));
        }
    }
}
