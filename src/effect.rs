//! What the reducer asks the outside world to do, and the collector the screens add to while
//! a message is handled. The app loop carries the effects out; tests read them.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::views::SavedView;
use crate::config::write::ProfileChange;
use crate::export::job::ExportJob;
use crate::import::Domains;
use crate::runtime::worker::{Command, Op, RequestId};
use crate::state::{Pending, State};

/// How long typing in the search box must pause before the search is sent.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Send(Command),
    /// Deliver `Msg::SearchDue(generation)` after `after`.
    Debounce {
        generation: u64,
        after: Duration,
    },
    /// Deliver `Msg::CountdownDue(generation)` after `after`; asked for only while a
    /// throttled retry waits, so an idle app has no timer running.
    Countdown {
        generation: u64,
        after: Duration,
    },
    /// Make a strong password and deliver it as `Msg::PasswordGenerated`.
    GeneratePassword,
    /// Add or change a profile in the config file (and keep its secret, if asked); deliver
    /// `Msg::ProfilesWritten`.
    SaveProfile(Box<ProfileChange>),
    /// Remove a profile from the config file, and `secret_file` with it; deliver
    /// `Msg::ProfilesWritten`.
    RemoveProfile {
        name: String,
        secret_file: Option<PathBuf>,
    },
    /// Read the local time and deliver it as `Msg::ExportStamp`: the export's suggested file
    /// name carries it.
    ExportStamp,
    /// Write an export off the event loop; its progress and outcome come back as
    /// `Msg::Export`.
    Export(Box<ExportJob>),
    /// Stop export `id` and remove what it wrote.
    CancelExport(u64),
    /// Write the list's view into the config file as `[views.NAME]`; deliver
    /// `Msg::ViewSaved`.
    SaveView {
        name: String,
        view: SavedView,
    },
    /// Read the bulk-create file at `path` and check every row against `domains`, off the
    /// event loop; deliver `ImportMsg::Checked`.
    ReadImport {
        id: u64,
        path: String,
        domains: Domains,
    },
    /// Complete a typed file path from the disk; deliver `ImportMsg::Completed`.
    CompletePath(String),
    /// Make one strong password for each of `upns` and write them to a new private file
    /// beside `input`, before anything is sent; deliver `ImportMsg::Passwords`.
    ImportPasswords {
        id: u64,
        input: PathBuf,
        upns: Vec<String>,
    },
    /// Keep only the `created` users' rows in the passwords file at `path`; deliver
    /// `ImportMsg::Kept`.
    KeepPasswords {
        path: PathBuf,
        created: Vec<String>,
    },
}

/// Collects effects while a message is handled.
#[derive(Default)]
pub struct Effects(Vec<Effect>);

impl Effects {
    /// Starts `op` as a new request whose answer is for `pending`.
    pub fn run(&mut self, state: &mut State, op: Op, pending: Pending) -> RequestId {
        let id = state.next_request_id();
        state.pending.insert(id, pending);
        self.0.push(Effect::Send(Command::Run { id, op }));
        id
    }

    /// Cancels every request matching `f`: their answers will be dropped.
    pub fn cancel(&mut self, state: &mut State, f: impl Fn(&Pending) -> bool) {
        let ids: Vec<RequestId> = state
            .pending
            .iter()
            .filter(|(_, p)| f(p))
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            state.pending.remove(&id);
            self.0.push(Effect::Send(Command::Cancel(id)));
        }
    }

    /// Stops bulk run `id` from sending more; its report still comes.
    pub fn stop(&mut self, id: RequestId) {
        self.0.push(Effect::Send(Command::Stop(id)));
    }

    pub fn countdown(&mut self, generation: u64, after: Duration) {
        self.0.push(Effect::Countdown { generation, after });
    }

    pub fn debounce(&mut self, generation: u64) {
        self.0.push(Effect::Debounce {
            generation,
            after: SEARCH_DEBOUNCE,
        });
    }

    pub fn generate_password(&mut self) {
        self.0.push(Effect::GeneratePassword);
    }

    pub fn save_profile(&mut self, change: ProfileChange) {
        self.0.push(Effect::SaveProfile(Box::new(change)));
    }

    pub fn remove_profile(&mut self, name: String, secret_file: Option<PathBuf>) {
        self.0.push(Effect::RemoveProfile { name, secret_file });
    }

    pub fn save_view(&mut self, name: String, view: SavedView) {
        self.0.push(Effect::SaveView { name, view });
    }

    pub fn export_stamp(&mut self) {
        self.0.push(Effect::ExportStamp);
    }

    pub fn export(&mut self, job: ExportJob) {
        self.0.push(Effect::Export(Box::new(job)));
    }

    pub fn cancel_export(&mut self, id: u64) {
        self.0.push(Effect::CancelExport(id));
    }

    /// Asks the shell for something an import needs (reading, completing, passwords).
    pub fn import(&mut self, effect: Effect) {
        self.0.push(effect);
    }

    pub fn into_vec(self) -> Vec<Effect> {
        self.0
    }
}
