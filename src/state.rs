//! Everything the app knows, in one struct that `update` changes and `render` reads.
//! One struct per screen; popups (form, delete confirmation, password) sit above the screen.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::SecretString;
use tui_input::Input;

use crate::action::Action;
use crate::graph::{GraphError, NextPage, Permissions, TokenInfo, User, UserPatch};
use crate::keymap::Keymap;
use crate::screens::user_form::UserForm;
use crate::worker::RequestId;

/// What the connect screen shows about the settings. Never holds the secret itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectInfo {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub secret_set: bool,
    pub authority_host: String,
    pub graph_endpoint: String,
    pub read_only: bool,
    /// What is missing or wrong in the settings, one line each, naming where to set it.
    /// Connecting is impossible while this is not empty.
    pub problems: Vec<String>,
    /// Where the settings came from, e.g. "demo tenant (embedded emulator)".
    pub source: Option<String>,
    /// Things in the settings worth fixing that do not stop connecting (an unknown key).
    pub warnings: Vec<String>,
}

/// A signed-in tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub token: TokenInfo,
    /// The tenant's main UPN domain, learnt from the first users listed; names the tenant in
    /// the breadcrumb and is suggested for new users.
    pub domain: Option<String>,
}

impl Session {
    pub fn permissions(&self) -> &Permissions {
        &self.token.permissions
    }
}

/// The screen under any popup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Connect,
    List,
    Detail(Box<DetailState>),
}

/// The user list: what is loaded, where the cursor is, and the search.
#[derive(Clone, Debug, Default)]
pub struct ListState {
    pub users: Vec<User>,
    pub selected: usize,
    /// First row shown; kept here so scrolling is stable and render stays pure.
    pub offset: usize,
    /// `@odata.count` of the loaded query: how many users match in the tenant.
    pub total: Option<u64>,
    /// Where the next page is; `None` once everything is loaded.
    pub next: Option<NextPage>,
    /// The first page of the current query has arrived.
    pub loaded: bool,
    /// Loading failed; shown in the table area until the next load.
    pub error: Option<String>,
    pub search: SearchState,
}

/// The `/` search box.
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub input: Input,
    /// Keys go to the search box.
    pub focused: bool,
    /// The search the loaded users answer (`None`: all users).
    pub applied: Option<String>,
    /// Bumped on every edit; a debounce timer carries it and fires only if it is still current.
    pub generation: u64,
}

impl SearchState {
    /// The typed text as a query: trimmed, `None` when blank.
    pub fn text(&self) -> Option<String> {
        let text = self.input.value().trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// The box is drawn while focused or while a search is applied.
    pub fn visible(&self) -> bool {
        self.focused || self.applied.is_some() || !self.input.value().is_empty()
    }
}

impl ListState {
    pub fn selected_user(&self) -> Option<&User> {
        self.users.get(self.selected)
    }
}

/// One user's details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetailState {
    pub user: User,
    pub scroll: u16,
    /// `get_user` answered 404: the user no longer exists.
    pub gone: bool,
}

/// A dialog above the screen; it takes every key while open.
#[derive(Clone, Debug)]
pub enum Popup {
    Form(Box<UserForm>),
    ConfirmDelete(DeleteTarget),
    /// A generated password, shown once after a create.
    Password {
        upn: String,
        password: SecretString,
    },
}

/// The user a delete confirmation names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteTarget {
    pub id: String,
    pub label: String,
    pub upn: String,
    /// The delete was sent and is awaited.
    pub deleting: bool,
}

/// A request in flight and what its answer is for. An answer whose id is not here is stale
/// (superseded or cancelled) and is dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Connect,
    /// The first page of a listing; `restore` re-selects that user id (refresh).
    FirstPage {
        search: Option<String>,
        restore: Option<Restore>,
    },
    NextPage {
        restore: Option<Restore>,
    },
    Detail {
        user_id: String,
        label: String,
    },
    /// Reading a new user back for the properties Graph's 201 answer leaves out.
    ReadBack {
        user_id: String,
    },
    Create {
        label: String,
        /// Graph's 201 answer carries only the default properties; what was sent fills in
        /// the ones shown in the list until the user is read back.
        account_enabled: bool,
    },
    Update {
        id: String,
        label: String,
        patch: UserPatch,
    },
    Delete {
        id: String,
        label: String,
    },
    Disconnect,
}

/// After a refresh: the user to select again, and where the cursor was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    pub id: String,
    pub index: usize,
}

impl Pending {
    /// What the status line says while this request runs.
    pub fn activity(&self) -> String {
        match self {
            Pending::Connect => "Signing in…".to_owned(),
            Pending::FirstPage {
                search: Some(s), ..
            } => format!("Searching '{s}'…"),
            Pending::FirstPage {
                restore: Some(_), ..
            } => "Refreshing users…".to_owned(),
            Pending::FirstPage { .. } => "Loading users…".to_owned(),
            Pending::NextPage { .. } => "Loading more users…".to_owned(),
            Pending::Detail { label, .. } => format!("Loading {label}…"),
            Pending::ReadBack { .. } => "Reading the new user back…".to_owned(),
            Pending::Create { label, .. } => format!("Creating {label}…"),
            Pending::Update { .. } => "Saving…".to_owned(),
            Pending::Delete { label, .. } => format!("Deleting {label}…"),
            Pending::Disconnect => "Disconnecting…".to_owned(),
        }
    }
}

/// The last thing worth telling the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Success(String),
    /// An error, with Graph's request-id in its text when there was one.
    Error(String),
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
    /// "Throttled by Graph (429), retrying in 3s (attempt 1)": whole seconds, rounded up.
    pub fn text(&self) -> String {
        let secs = self.left.as_secs() + u64::from(self.left.subsec_nanos() > 0);
        format!(
            "Throttled by Graph ({}), retrying in {secs}s (attempt {})",
            self.status, self.attempt
        )
    }

    /// How long until the shown number of seconds drops by one: the fraction first (2.5s
    /// shows "3s" for half a second), then whole seconds.
    pub fn next_step(&self) -> Duration {
        let whole = Duration::from_secs(self.left.as_secs());
        if whole == self.left {
            self.left.min(Duration::from_secs(1))
        } else {
            self.left - whole
        }
    }
}

/// The whole app state.
#[derive(Debug)]
pub struct State {
    pub connect: ConnectInfo,
    /// The last sign-in failure, shown on the connect screen.
    pub connect_error: Option<String>,
    pub session: Option<Session>,
    pub screen: Screen,
    pub list: ListState,
    pub popup: Option<Popup>,
    pub help: bool,
    pub status: Status,
    pub keymap: Keymap,
    pub pending: BTreeMap<RequestId, Pending>,
    /// Spinner frame; advanced only while something is animating.
    pub tick: u64,
    /// Terminal size, for paging and prefetch distances.
    pub size: (u16, u16),
    pub quit: bool,
    next_id: RequestId,
}

impl State {
    pub fn new(connect: ConnectInfo, keymap: Keymap) -> State {
        State {
            connect,
            connect_error: None,
            session: None,
            screen: Screen::Connect,
            list: ListState::default(),
            popup: None,
            help: false,
            status: Status::default(),
            keymap,
            pending: BTreeMap::new(),
            tick: 0,
            size: (80, 24),
            quit: false,
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
    }

    /// The most recent request's activity, for the status line.
    pub fn activity(&self) -> Option<String> {
        self.pending.values().next_back().map(Pending::activity)
    }

    pub fn is_pending(&self, f: impl Fn(&Pending) -> bool) -> bool {
        self.pending.values().any(f)
    }

    /// Why a write action is not available, or `None` when it is.
    pub fn write_blocked(&self, action: Action) -> Option<String> {
        if self.connect.read_only {
            return Some("read-only mode (read_only = true in settings)".to_owned());
        }
        let session = self.session.as_ref()?;
        let perms = session.permissions();
        let allowed = match action {
            Action::New => perms.can_create(),
            Action::Edit => perms.can_update(),
            Action::Delete => perms.can_delete(),
            _ => true,
        };
        (!allowed).then(|| format!("needs {}", Permissions::WRITE_PERMISSION))
    }

    /// The tenant's short name for the breadcrumb: the first label of its domain.
    pub fn tenant_label(&self) -> String {
        let first_label = |d: &str| d.split('.').next().unwrap_or_default().to_owned();
        if let Some(tenant) = self
            .connect
            .tenant_id
            .as_deref()
            .filter(|t| t.contains('.'))
        {
            return first_label(tenant);
        }
        if let Some(domain) = self.session.as_ref().and_then(|s| s.domain.as_deref()) {
            return first_label(domain);
        }
        if let Some(domain) = self.common_domain() {
            return first_label(&domain);
        }
        let tenant = self
            .session
            .as_ref()
            .and_then(|s| s.token.tenant_id.as_deref());
        tenant
            .or(self.connect.tenant_id.as_deref())
            .unwrap_or_default()
            .chars()
            .take(8)
            .collect()
    }

    /// The most common UPN domain among loaded members (not guests): the domain a new user
    /// most likely gets.
    pub fn common_domain(&self) -> Option<String> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for user in self.list.users.iter().filter(|u| !u.is_guest()) {
            if let Some((_, domain)) = user.upn().rsplit_once('@') {
                *counts.entry(domain).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(d, _)| d.to_owned())
            .or_else(|| self.session.as_ref().and_then(|s| s.domain.clone()))
    }

    pub fn form(&self) -> Option<&UserForm> {
        match &self.popup {
            Some(Popup::Form(form)) => Some(form),
            _ => None,
        }
    }

    pub fn error(&mut self, error: &GraphError) {
        self.status.notice = Some(Notice::Error(error.to_string()));
    }
}
