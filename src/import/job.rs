//! What the shell does for an import, off the event loop: read and check the file, make the
//! generated passwords and write them to a private file beside it before anything is sent,
//! and keep only the created users' passwords once the run has ended. The reducer only
//! names the work (`Effect::ReadImport`, `ImportPasswords`, `KeepPasswords`); the answers come
//! back as [`ImportMsg`]s.
//!
//! The passwords file is created with `O_EXCL` and mode 0600 through `private_files`, flushed
//! to disk before the first user is sent (a crash mid-run never leaves accounts with
//! passwords nobody has), and never logged.

use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use secrecy::{ExposeSecret, SecretString};

use super::check::{Checked, Domains, check};
use super::template::{FileError, read};
use crate::export::csv;
use crate::private_files;

/// Files bigger than this are refused unread: far beyond the admin center's 50,000 rows.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A file read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedFile {
    /// The file, absolute.
    pub path: PathBuf,
    pub checked: Checked,
}

/// Why an import stopped before anything was sent. One line each, naming what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("there is no file {}: check the path (Tab completes it)", .0.display())]
    Missing(PathBuf),
    #[error("{} is a folder: add the CSV file's name (Tab lists what is in it)", .0.display())]
    Folder(PathBuf),
    #[error("no permission to read {}: check the file's permissions", .0.display())]
    Denied(PathBuf),
    #[error(
        "{} is {} MB: a bulk-create file is at most {} MB; split it",
        .path.display(), .size / 1_000_000, MAX_BYTES / 1_000_000
    )]
    TooBig { path: PathBuf, size: u64 },
    #[error(
        "{} is not a CSV file: save the bulk-create template as \"CSV UTF-8\" and import that",
        .0.display()
    )]
    NotCsv(PathBuf),
    /// The file is CSV but not the template.
    #[error("{}: {problem}", .path.display())]
    Template { path: PathBuf, problem: FileError },
    #[error("a file named {} already exists: try again in a second", .0.display())]
    PasswordsExist(PathBuf),
    #[error(
        "cannot write the passwords file in {}: {reason}; nothing was sent. Make the folder \
         writable, or move the CSV file to one that is",
        .folder.display()
    )]
    PasswordsWrite { folder: PathBuf, reason: String },
    #[error("cannot read {}: {reason}", .path.display())]
    Io { path: PathBuf, reason: String },
}

/// Reads `path` (`~/` is the home folder; relative to the working directory) and checks
/// every row against `domains`.
pub fn read_and_check(typed: &str, domains: &Domains) -> Result<CheckedFile, ImportError> {
    let path = resolve(typed);
    let io_error = |e: &io::Error| match e.kind() {
        ErrorKind::NotFound | ErrorKind::NotADirectory => ImportError::Missing(path.clone()),
        ErrorKind::PermissionDenied => ImportError::Denied(path.clone()),
        ErrorKind::IsADirectory => ImportError::Folder(path.clone()),
        _ => ImportError::Io {
            path: path.clone(),
            reason: e.to_string(),
        },
    };
    let meta = std::fs::metadata(&path).map_err(|e| io_error(&e))?;
    if meta.is_dir() {
        return Err(ImportError::Folder(path));
    }
    if meta.len() > MAX_BYTES {
        return Err(ImportError::TooBig {
            path,
            size: meta.len(),
        });
    }
    let bytes = std::fs::read(&path).map_err(|e| io_error(&e))?;
    if looks_binary(&bytes) {
        return Err(ImportError::NotCsv(path));
    }
    let sheet = read(&bytes).map_err(|problem| ImportError::Template {
        path: path.clone(),
        problem,
    })?;
    Ok(CheckedFile {
        checked: check(&sheet, domains),
        path,
    })
}

/// A spreadsheet (`.xlsx` is a zip), a PDF, an image: NUL bytes never occur in CSV text.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|b| *b == 0)
}

/// The file a typed path means: `~/` is the home folder, a relative path is taken from the
/// working directory, and the result is absolute so the screens can say exactly which file.
pub fn resolve(typed: &str) -> PathBuf {
    let typed = typed.trim();
    let path = match typed.strip_prefix("~/").or((typed == "~").then_some("")) {
        Some(rest) => dirs::home_dir().map_or_else(|| PathBuf::from(typed), |h| h.join(rest)),
        None => PathBuf::from(typed),
    };
    std::path::absolute(&path).unwrap_or(path)
}

/// `NAME.passwords-YYYYMMDD-HHMMSS.csv` beside `input` (`NAME` is its name without `.csv`).
pub fn passwords_path(input: &Path, at: NaiveDateTime) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let name = format!("{stem}.passwords-{}.csv", at.format("%Y%m%d-%H%M%S"));
    input.with_file_name(name)
}

/// The generated passwords, in the order of the user names asked for, and the file they are
/// in.
#[derive(Clone, Debug)]
pub struct Generated {
    pub path: PathBuf,
    pub passwords: Vec<SecretString>,
}

/// Makes one strong password per user name and writes `User name,Initial password` rows to
/// `path`, a new file (0600, never over an existing one), synced to disk.
pub fn write_passwords(
    path: &Path,
    upns: &[String],
    mut make: impl FnMut() -> String,
) -> Result<Generated, ImportError> {
    let passwords: Vec<SecretString> = upns.iter().map(|_| make().into()).collect();
    let rows = upns.iter().zip(&passwords);
    write_rows(path, rows).map_err(|e| passwords_error(path, &e))?;
    Ok(Generated {
        path: path.to_owned(),
        passwords,
    })
}

/// After the run: the file keeps only the rows of `created` user names (a temporary file
/// beside it, renamed over it); none created removes it. `Ok(None)` when it was removed.
pub fn keep_created(path: &Path, created: &[String]) -> io::Result<Option<PathBuf>> {
    let text = std::fs::read_to_string(path)?;
    let records = csv_records(&text);
    let kept: Vec<(String, SecretString)> = records
        .into_iter()
        .skip(1)
        .filter(|r| created.iter().any(|c| c.eq_ignore_ascii_case(&r.0)))
        .collect();
    if kept.is_empty() {
        std::fs::remove_file(path)?;
        return Ok(None);
    }
    let temporary = path.with_extension("csv.part");
    let _ = std::fs::remove_file(&temporary);
    write_rows(&temporary, kept.iter().map(|(u, p)| (u, p)))?;
    std::fs::rename(&temporary, path)?;
    Ok(Some(path.to_owned()))
}

fn write_rows<'a>(
    path: &Path,
    rows: impl Iterator<Item = (&'a String, &'a SecretString)>,
) -> io::Result<()> {
    use crate::export::table::Value;
    let file = private_files::create_private(path)?;
    let mut out = BufWriter::new(file);
    out.write_all(csv::BOM)?;
    csv::write_record(
        &mut out,
        [
            Value::Text("User name [userPrincipalName]"),
            Value::Text("Initial password [passwordProfile]"),
        ],
    )?;
    for (upn, password) in rows {
        csv::write_record(
            &mut out,
            [Value::Text(upn), Value::Text(password.expose_secret())],
        )?;
    }
    out.flush()?;
    out.get_ref().sync_all()
}

/// The records of a file [`write_rows`] wrote (user names and generated passwords hold no
/// quote, comma or line break, so a plain split reads them back).
fn csv_records(text: &str) -> Vec<(String, SecretString)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split("\r\n")
        .filter(|line| !line.is_empty())
        .filter_map(|line| {
            let (upn, password) = line.split_once(',')?;
            Some((upn.to_owned(), SecretString::from(password)))
        })
        .collect()
}

fn passwords_error(path: &Path, e: &io::Error) -> ImportError {
    if e.kind() == ErrorKind::AlreadyExists {
        return ImportError::PasswordsExist(path.to_owned());
    }
    let folder = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let reason = match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "no permission to write there".to_owned()
        }
        ErrorKind::StorageFull => "the disk is full".to_owned(),
        _ => e.to_string(),
    };
    ImportError::PasswordsWrite { folder, reason }
}

/// A file path being typed, completed from what is on disk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The path completed as far as every match agrees (a folder ends in `/`); `None` when
    /// nothing can be added.
    pub completed: Option<String>,
    /// The names that match, when there are several (at most [`SHOWN_CANDIDATES`]), folders
    /// ending in `/`.
    pub candidates: Vec<String>,
}

/// At most this many matching names are listed under the path.
pub const SHOWN_CANDIDATES: usize = 12;

/// Tab in the path field: the entries of the typed folder whose names start with the typed
/// rest. Hidden entries only when a `.` is typed; folders and `.csv` files only.
pub fn complete_path(typed: &str) -> Completion {
    let (folder, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let dir = if folder.is_empty() {
        PathBuf::from(".")
    } else {
        resolve(folder)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Completion::default();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            // Follows links: a link to a folder is a folder.
            let is_dir = entry.path().is_dir();
            let csv = Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            (is_dir || csv).then(|| if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let Some(shared) = crate::spelling::shared_prefix(&names) else {
        return Completion::default();
    };
    let completed = format!("{folder}{shared}");
    Completion {
        completed: (completed != typed).then_some(completed),
        candidates: if names.len() > 1 {
            names.into_iter().take(SHOWN_CANDIDATES).collect()
        } else {
            Vec::new()
        },
    }
}

/// What the shell tells the reducer about an import.
#[derive(Clone, Debug)]
pub enum ImportMsg {
    /// The file of import `id` was read and checked, or why not.
    Checked {
        id: u64,
        result: Result<Box<CheckedFile>, ImportError>,
    },
    /// The passwords of import `id` were made and written, or why not (then nothing is sent).
    Passwords {
        id: u64,
        result: Result<Generated, ImportError>,
    },
    /// The passwords file keeps only the created users now (`None`: none was created, so it
    /// was removed), or why it could not be changed (it still holds every row).
    Kept {
        path: PathBuf,
        result: Result<Option<PathBuf>, String>,
    },
    /// Tab in the path field: `typed` completed.
    Completed {
        typed: String,
        completion: Completion,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Name [displayName] Required,User name [userPrincipalName] Required,\
        Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] \
        Required";

    #[test]
    fn file_problems_name_the_file_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().display().to_string();
        let domains = Domains::default();
        let missing = read_and_check(&format!("{base}/nope.csv"), &domains).unwrap_err();
        assert!(matches!(missing, ImportError::Missing(_)), "{missing}");
        let folder = read_and_check(&base, &domains).unwrap_err();
        assert!(folder.to_string().contains("is a folder"), "{folder}");
        std::fs::write(dir.path().join("users.xlsx"), b"PK\x03\x04\0\0").unwrap();
        let xlsx = read_and_check(&format!("{base}/users.xlsx"), &domains).unwrap_err();
        assert!(xlsx.to_string().contains("CSV UTF-8"), "{xlsx}");
        std::fs::write(dir.path().join("plain.csv"), "a,b\n1,2\n").unwrap();
        let plain = read_and_check(&format!("{base}/plain.csv"), &domains).unwrap_err();
        assert!(plain.to_string().contains("version:v1.0"), "{plain}");
        std::fs::write(
            dir.path().join("ok.csv"),
            format!("version:v1.0\n{HEADER}\nAda,ada@contoso.com,generate,No\n"),
        )
        .unwrap();
        let ok = read_and_check(&format!("{base}/ok.csv"), &domains).unwrap();
        assert_eq!(ok.checked.create.len(), 1);
        assert!(ok.path.is_absolute());
    }

    #[cfg(unix)]
    #[test]
    fn passwords_go_to_a_new_private_file_and_only_the_created_stay() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(7, 5, 9)
            .unwrap();
        let path = passwords_path(&dir.path().join("new hires.csv"), at);
        assert_eq!(
            path.file_name().unwrap(),
            "new hires.passwords-20261202-070509.csv"
        );
        let upns = ["a@contoso.com".to_owned(), "b@contoso.com".to_owned()];
        let mut n = 0;
        let generated = write_passwords(&path, &upns, || {
            n += 1;
            format!("Secret-{n}!x")
        })
        .unwrap();
        assert_eq!(generated.passwords[1].expose_secret(), "Secret-2!x");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let again = write_passwords(&path, &upns, || "x".into()).unwrap_err();
        assert!(matches!(again, ImportError::PasswordsExist(_)));

        let kept = keep_created(&path, &["B@contoso.com".to_owned()]).unwrap();
        assert_eq!(kept.as_deref(), Some(path.as_path()));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("b@contoso.com,Secret-2!x\r\n"), "{text}");
        assert!(!text.contains("a@contoso.com"), "{text}");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(keep_created(&path, &[]).unwrap(), None);
        assert!(!path.exists());
    }

    #[test]
    fn tab_completes_folders_and_csv_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = format!("{}/", dir.path().display());
        std::fs::create_dir(dir.path().join("imports")).unwrap();
        std::fs::write(dir.path().join("hires-march.csv"), "").unwrap();
        std::fs::write(dir.path().join("hires-april.csv"), "").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        let one = complete_path(&format!("{base}im"));
        assert_eq!(one.completed, Some(format!("{base}imports/")));
        assert!(one.candidates.is_empty());
        let two = complete_path(&format!("{base}h"));
        assert_eq!(two.completed, Some(format!("{base}hires-")));
        assert_eq!(two.candidates, ["hires-april.csv", "hires-march.csv"]);
        assert_eq!(complete_path(&format!("{base}no")), Completion::default());
    }
}
