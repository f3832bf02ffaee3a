//! "Remove this profile?": which one, the secret file it names, and whether to delete that
//! too.

use std::path::PathBuf;

use crate::config::write::WriteError;
use crate::profile::Profile;

#[derive(Clone, Debug)]
pub struct ConfirmRemoveProfile {
    pub name: String,
    /// The file its secret is kept in (`client_secret_file`), offered for deletion.
    pub secret_file: Option<PathBuf>,
    /// Delete `secret_file` too.
    pub delete_secret: bool,
    /// Why the last attempt failed; the dialog stays so it can be tried again.
    pub error: Option<WriteError>,
    /// The removal was asked for and its answer is awaited.
    pub removing: bool,
}

impl ConfirmRemoveProfile {
    /// Asks about `profile`; deleting its secret file is ticked when lazyentra made that file
    /// (it lives in lazyentra's `secrets` folder), else left for the admin to tick.
    pub fn new(profile: &Profile) -> Self {
        let secret_file = profile.secret_file();
        let ours = secret_file.as_ref().is_some_and(|path| {
            path.parent()
                .and_then(|dir| dir.file_name())
                .is_some_and(|dir| dir == "secrets")
                && path.file_name().is_some_and(|f| *f == *profile.name)
        });
        Self {
            name: profile.name.clone(),
            secret_file,
            delete_secret: ours,
            error: None,
            removing: false,
        }
    }
}
