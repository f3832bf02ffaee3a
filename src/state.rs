//! What the whole app knows: the connection, the requests in flight, the status line and the
//! stack of screens. Each screen's own state lives in its folder under `screens/`; this file
//! holds only what every screen shares. No display text is kept here: the views make it.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::views::SavedView;
use crate::graph::{Domain, GraphError, Permissions, Relation, TokenInfo};
use crate::keymap::{Action, Keymap};
pub use crate::profile::{ConnectInfo, CredentialInfo, ProfileList, SecretFrom};
use crate::runtime::worker::RequestId;
use crate::screens::stack::{Screen, Screens};
use crate::screens::user_form::state::{DomainSource, UpnDomains};
use crate::screens::user_list::state::UserList;
use crate::undo::LastWrite;

/// A signed-in tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub token: TokenInfo,
    /// The tenant's main UPN domain, learnt from the first users listed; names the tenant in
    /// the breadcrumb and is suggested for new users.
    pub domain: Option<String>,
    /// The tenant's verified domains, for the forms' UPN domain choice.
    pub domains: TenantDomains,
    /// The organisation's display name (`GET /organization`), for the header; `None` until
    /// it is read, or when the app may not read it.
    pub organization: Option<String>,
}

/// What Graph said about the tenant's domains (`GET /domains`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TenantDomains {
    /// Not asked: writes are off, so no form needs them.
    #[default]
    NotAsked,
    Loading,
    /// The verified domains, the default one first.
    Verified {
        names: Vec<String>,
        default: Option<String>,
    },
    /// The token lacks `Domain.Read.All` (or a directory permission), so they were not asked.
    NoPermission,
    /// Graph refused (403) or failed.
    Failed(GraphError),
}

impl TenantDomains {
    /// The verified ones of Graph's list: the default first, then the initial
    /// (`*.onmicrosoft.com`) one, then the rest by name.
    pub fn verified(list: Vec<Domain>) -> TenantDomains {
        let mut verified: Vec<Domain> = list.into_iter().filter(|d| d.is_verified).collect();
        verified.sort_by(|a, b| {
            (!a.is_default, !a.is_initial, a.id.to_ascii_lowercase()).cmp(&(
                !b.is_default,
                !b.is_initial,
                b.id.to_ascii_lowercase(),
            ))
        });
        let default = verified
            .first()
            .filter(|d| d.is_default)
            .map(|d| d.id.clone());
        TenantDomains::Verified {
            names: verified.into_iter().map(|d| d.id).collect(),
            default,
        }
    }
}

impl Session {
    pub fn permissions(&self) -> &Permissions {
        &self.token.permissions
    }
}

/// A request in flight and what its answer is for; each screen names its own requests. An
/// answer whose id is not pending (superseded or cancelled) is dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Connect,
    Disconnect,
    List(crate::screens::user_list::state::Load),
    Detail(crate::screens::user_detail::state::Load),
    Save(crate::screens::user_form::state::Save),
    Delete(crate::screens::confirm_delete::state::Delete),
    /// The deleted users screen's listings, and its dialogs' restore and purge.
    Deleted(crate::screens::deleted_users::state::Request),
    /// Blocking or unblocking sign-in, and revoking sessions.
    SignIn(crate::screens::confirm_sign_in::state::Request),
    /// A new password for a user.
    ResetPassword(crate::screens::reset_password::state::Request),
    /// The manager picker: the current manager, its searches and the new manager.
    PickManager(crate::screens::manager_picker::state::Request),
    /// "Remove the manager?": reading the current manager, then removing it.
    ClearManager(crate::screens::clear_manager::state::Request),
    /// The tenant's domains, read after sign-in for the forms.
    Domains,
    /// The tenant's organization, read after sign-in for the header.
    Organization,
    /// Every user's last sign-in, counted for the overview.
    SignInAges,
    /// A bulk job through `$batch`; its progress dialog holds the job and the request id.
    Bulk,
}

impl Pending {
    /// What the request does, for the status line and the error history; `None` for the
    /// bookkeeping ones.
    pub fn operation(&self) -> Option<Operation> {
        use crate::screens::deleted_users::state::Request as Deleted;
        use crate::screens::user_detail::state::Load as Detail;
        use crate::screens::user_form::state::Save;
        use crate::screens::user_list::state::Load;
        Some(match self {
            Pending::Connect => Operation::SignIn,
            Pending::Disconnect => return None,
            Pending::List(Load::Track | Load::Changes { .. }) => Operation::ListChanges,
            Pending::List(_) => Operation::ListUsers,
            Pending::Detail(
                Detail::Refresh { .. }
                | Detail::ReadBack { .. }
                | Detail::Edit { .. }
                | Detail::Undo { .. },
            ) => Operation::ReadUser,
            Pending::Detail(Detail::Related { relation, .. }) => match relation {
                Relation::Manager => Operation::ReadManager,
                Relation::DirectReports => Operation::ListDirectReports,
                Relation::MemberOf => Operation::ListMemberships,
                Relation::Licenses => Operation::ListLicenses,
                Relation::SignInActivity => Operation::ReadSignIns,
            },
            Pending::Save(Save::Create { .. }) => Operation::CreateUser,
            Pending::Save(Save::Update { .. }) => Operation::UpdateUser,
            Pending::Delete(_) => Operation::DeleteUser,
            Pending::Deleted(Deleted::FirstPage { .. } | Deleted::NextPage) => {
                Operation::ListDeletedUsers
            }
            Pending::Deleted(Deleted::Restore(_)) => Operation::RestoreUser,
            Pending::Deleted(Deleted::Purge(_)) => Operation::PurgeUser,
            Pending::SignIn(request) => {
                use crate::screens::confirm_sign_in::state::Request;
                match request {
                    Request::Block { .. } => Operation::BlockSignIn,
                    Request::Unblock(_) => Operation::UnblockSignIn,
                    Request::Revoke(_) | Request::RevokeAfterBlock(_) => Operation::RevokeSessions,
                }
            }
            Pending::ResetPassword(_) => Operation::ResetPassword,
            Pending::PickManager(request) => {
                use crate::screens::manager_picker::state::Request;
                match request {
                    Request::Current => Operation::ReadManager,
                    Request::Search { .. } => Operation::SearchUsers,
                    Request::Set { .. } => Operation::SetManager,
                }
            }
            Pending::ClearManager(request) => {
                use crate::screens::clear_manager::state::Request;
                match request {
                    Request::Current => Operation::ReadManager,
                    Request::Clear { .. } => Operation::ClearManager,
                }
            }
            Pending::Domains => Operation::ListDomains,
            Pending::Organization => Operation::ReadOrganization,
            Pending::SignInAges => Operation::CountSignIns,
            // Each failed operation goes to the error history on its own.
            Pending::Bulk => return None,
        })
    }
}

/// What a request was for, as an admin would name it in a support ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    SignIn,
    ListUsers,
    /// The users' changes since the listing: its delta link, and refreshes by delta.
    ListChanges,
    ReadUser,
    CreateUser,
    UpdateUser,
    DeleteUser,
    ListDeletedUsers,
    RestoreUser,
    PurgeUser,
    BlockSignIn,
    UnblockSignIn,
    RevokeSessions,
    ResetPassword,
    ReadManager,
    ListDirectReports,
    ListMemberships,
    ListLicenses,
    ReadSignIns,
    /// The manager picker's search.
    SearchUsers,
    SetManager,
    ClearManager,
    ListDomains,
    ReadOrganization,
    CountSignIns,
}

/// One failed request of this session: kept after the status line has moved on, so its
/// request-id can be read back for a support ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorRecord {
    /// When the answer came (the worker's clock, not the reducer's).
    pub at: DateTime<Utc>,
    pub operation: Operation,
    pub error: GraphError,
}

/// The error history keeps this many; the oldest go first.
pub const ERROR_HISTORY: usize = 500;

/// Why a write action is unavailable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteBlock {
    /// `read_only = true` in the settings.
    ReadOnly,
    /// The token lacks the application permission writes need.
    Permission,
}

/// The last thing worth telling the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Success(String),
    /// A Graph call failed; drawn with Graph's request-id. A later success of the same
    /// operation replaces it.
    Failed {
        operation: Operation,
        error: GraphError,
    },
    /// Something the app refused to do, and why.
    Refused(String),
    /// A write key pressed while writes are unavailable.
    Disabled {
        action: Action,
        why: WriteBlock,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Status {
    pub notice: Option<Notice>,
    /// A retry waiting out Graph's throttling; the status line counts it down.
    pub throttled: Option<Throttle>,
    /// Bumped for every throttle notice: a countdown timer carries it and counts only if it
    /// is still current.
    pub countdown: u64,
}

/// Graph answered 429/503/504 and the client waits before retrying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Throttle {
    pub status: u16,
    pub attempt: u32,
    /// Time left before the retry, as of the last countdown step.
    pub left: Duration,
}

impl Throttle {
    /// How long until the shown number of seconds drops by one: the fraction first (2.5s
    /// shows "3s" for half a second), then whole seconds.
    pub fn next_step(&self) -> Duration {
        let whole = Duration::from_secs(self.left.as_secs());
        if whole == self.left {
            self.left.min(Duration::from_secs(1))
        } else {
            self.left.saturating_sub(whole)
        }
    }
}

/// The whole app state.
#[derive(Debug)]
pub struct State {
    /// The profile the session is opened with (or is being opened with): a copy of its row
    /// in `profiles` as it was when Enter was pressed.
    pub connect: ConnectInfo,
    /// Every profile the connect screen lists.
    pub profiles: ProfileList,
    pub session: Option<Session>,
    /// The screens, bottom first; the last one takes the keys.
    pub screens: Screens,
    pub help: bool,
    /// Rows the help popup is scrolled down by, when its rows do not all fit.
    pub help_scroll: u16,
    pub status: Status,
    /// This session's failed requests, oldest first.
    pub errors: VecDeque<ErrorRecord>,
    pub keymap: Keymap,
    pub pending: BTreeMap<RequestId, Pending>,
    /// Spinner frame; advanced only while something is animating.
    pub tick: u64,
    /// Terminal size, for paging and prefetch distances.
    pub size: (u16, u16),
    pub quit: bool,
    /// The last write `z` can take back; forgotten on disconnect.
    pub undo: Option<LastWrite>,
    /// The user list's saved views (`[views.NAME]`), by name: `:view NAME` recalls one.
    pub views: BTreeMap<String, SavedView>,
    next_id: RequestId,
}

impl State {
    pub fn new(profiles: ProfileList, keymap: Keymap) -> State {
        let start = profiles.start_index();
        let connect = profiles
            .rows
            .get(start)
            .map(|p| p.info.clone())
            .unwrap_or_default();
        let connect_screen = crate::screens::connect::state::Connect {
            selected: start,
            ..Default::default()
        };
        State {
            connect,
            profiles,
            session: None,
            screens: Screens::new(Screen::Connect(Box::new(connect_screen))),
            help: false,
            help_scroll: 0,
            status: Status::default(),
            errors: VecDeque::new(),
            keymap,
            pending: BTreeMap::new(),
            tick: 0,
            size: (80, 24),
            quit: false,
            undo: None,
            views: BTreeMap::new(),
            next_id: 1,
        }
    }

    pub fn next_request_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Something on screen moves (a spinner), so the app runs its animation timer.
    pub fn is_animating(&self) -> bool {
        !self.pending.is_empty()
            || self
                .screens
                .find::<crate::screens::import::state::Import>()
                .is_some_and(crate::screens::import::state::Import::is_busy)
    }

    pub fn is_pending(&self, f: impl Fn(&Pending) -> bool) -> bool {
        self.pending.values().any(f)
    }

    /// Why a write action is not available, or `None` when it is.
    pub fn write_blocked(&self, action: Action) -> Option<WriteBlock> {
        if !action.is_write() {
            return None;
        }
        if self.connect.read_only {
            return Some(WriteBlock::ReadOnly);
        }
        let perms = self.session.as_ref()?.permissions();
        let allowed = match action {
            Action::New | Action::Import => perms.can_create(),
            Action::Edit | Action::Undo => perms.can_update(),
            Action::Block => perms.can_block(),
            Action::RevokeSessions => perms.can_revoke_sessions(),
            Action::ResetPassword => perms.can_reset_password(),
            Action::SetManager | Action::ClearManager => perms.can_write_manager(),
            _ => perms.can_delete(),
        };
        (!allowed).then_some(WriteBlock::Permission)
    }

    /// Says why `action` is disabled and returns false, or returns true when it is allowed.
    pub fn allow_write(&mut self, action: Action) -> bool {
        match self.write_blocked(action) {
            Some(why) => {
                self.status.notice = Some(Notice::Disabled { action, why });
                false
            }
            None => true,
        }
    }

    /// The domain a new user most likely gets: the loaded members' most common one, else the
    /// one learnt at sign-in.
    pub fn suggested_domain(&self) -> Option<String> {
        self.screens
            .list()
            .and_then(UserList::member_domain)
            .or_else(|| self.session.as_ref().and_then(|s| s.domain.clone()))
    }

    /// What a form's UPN domain is chosen from: Graph's verified domains when it listed them,
    /// else the loaded members' domains (most used first), the one learnt at sign-in and a
    /// tenant ID given as a domain.
    pub fn upn_domains(&self) -> UpnDomains {
        let graph = self.session.as_ref().map(|s| &s.domains);
        if let Some(TenantDomains::Verified { names, default }) = graph
            && !names.is_empty()
        {
            return UpnDomains {
                names: names.clone(),
                default: default.clone(),
                source: DomainSource::Verified,
            };
        }
        let mut names: Vec<String> = self
            .screens
            .list()
            .map(UserList::member_domains)
            .unwrap_or_default();
        let learnt = self.session.as_ref().and_then(|s| s.domain.clone());
        let tenant = self
            .connect
            .tenant_id
            .clone()
            .filter(|t| t.contains('.') && !t.contains('/'));
        for name in learnt.into_iter().chain(tenant) {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                names.push(name);
            }
        }
        let source = match graph {
            Some(TenantDomains::Loading) => DomainSource::Loading,
            Some(TenantDomains::NoPermission) => DomainSource::NoPermission,
            Some(TenantDomains::Failed(_) | TenantDomains::Verified { .. }) => DomainSource::Failed,
            Some(TenantDomains::NotAsked) | None => DomainSource::NotAsked,
        };
        UpnDomains {
            names,
            default: None,
            source,
        }
    }

    /// Shows that `operation` failed on the status line.
    pub fn failed(&mut self, operation: Operation, error: GraphError) {
        self.status.notice = Some(Notice::Failed { operation, error });
    }

    /// Keeps a failed request in the error history.
    pub fn record_error(&mut self, at: DateTime<Utc>, operation: Operation, error: GraphError) {
        if self.errors.len() == ERROR_HISTORY {
            self.errors.pop_front();
        }
        self.errors.push_back(ErrorRecord {
            at,
            operation,
            error,
        });
    }

    /// A success of `operation` supersedes its earlier failure on the status line.
    pub fn succeeded(&mut self, operation: Operation) {
        if matches!(&self.status.notice, Some(Notice::Failed { operation: o, .. }) if *o == operation)
        {
            self.status.notice = None;
        }
    }
}
