//! The start screen: the profiles to connect with (`/` filters them), the selected one's
//! tenant, app and credential, what is missing, and the sign-in. Enter signs in with the
//! selected profile; on success the user list replaces it, and, when the app may write, the
//! tenant's verified domains are read for the forms' UPN domain. `a`, `e` and `d` add, edit
//! and remove profiles of the config file.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::confirm_remove_profile::state::ConfirmRemoveProfile;
use super::cursor;
use super::profile_form::state::ProfileForm;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::search_box;
use super::stack::Screen;
use super::user_form::UserForm;
use super::user_list;
use super::user_list::state::SearchState;
use crate::effect::Effects;
use crate::graph::{GraphError, TokenInfo};
use crate::keymap::{Action, Context};
use crate::profile::Profile;
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, Session, State, TenantDomains};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::Connect;
use view::signing_in;

/// Profile rows a page key moves by.
const PAGE: isize = 5;

impl ScreenView for Connect {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        if self.search.focused {
            Context::Search
        } else {
            Context::Connect
        }
    }

    fn is_typing(&self) -> bool {
        self.search.focused
    }

    fn crumb(&self) -> Option<String> {
        Some("Connect".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        if signing_in(state) {
            return vec![
                Hint::action(km, Action::Back, "cancel", 9),
                Hint::action(km, Action::Quit, "quit", 8),
            ];
        }
        if self.search.focused {
            return vec![
                Hint::action(km, Action::Submit, "keep filter", 9),
                Hint::action(km, Action::Back, "clear", 8),
            ];
        }
        let ready = selected(state, self).is_some_and(|p| p.info.problems.is_empty());
        let in_file = selected(state, self).is_some_and(Profile::is_in_file);
        vec![
            Hint::action(km, Action::Connect, "connect", 9).enabled(ready),
            Hint::action(km, Action::Search, "filter", 6),
            Hint::action(km, Action::AddProfile, "add", 7),
            Hint::action(km, Action::EditProfile, "edit", 6).enabled(in_file),
            Hint::action(km, Action::RemoveProfile, "remove", 5).enabled(in_file),
            Hint::action(km, Action::Help, "help", 8),
            Hint::action(km, Action::Quit, "quit", 8),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Connect", self.context())
    }
}

/// The rows the filter lets through, as indexes into `state.profiles.rows`: the name,
/// tenant or client ID holds every word typed, ignoring case.
pub(crate) fn shown(state: &State, connect: &Connect) -> Vec<usize> {
    matching(state, connect.search.text().as_deref())
}

/// The profiles whose name, tenant or client ID holds every word of `filter`, ignoring case,
/// as indexes into `state.profiles.rows` (the connect screen's filter and the `T` picker's).
pub(crate) fn matching(state: &State, filter: Option<&str>) -> Vec<usize> {
    let words: Vec<String> = filter
        .map(|t| {
            t.to_lowercase()
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    state
        .profiles
        .rows
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let hay = format!(
                "{} {} {}",
                p.name,
                p.info.tenant_id.as_deref().unwrap_or_default(),
                p.info.client_id.as_deref().unwrap_or_default()
            )
            .to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The profile under the cursor, if the filter shows any.
pub(crate) fn selected<'s>(state: &'s State, connect: &Connect) -> Option<&'s Profile> {
    let rows = shown(state, connect);
    let index = *rows.get(connect.selected.min(rows.len().saturating_sub(1)))?;
    state.profiles.rows.get(index)
}

/// Puts the cursor on profile `name`, with no filter.
pub fn select(state: &mut State, name: &str) {
    let index = state.profiles.rows.iter().position(|p| p.name == name);
    if let Some(connect) = state.screens.find_mut::<Connect>() {
        connect.point_at(index.unwrap_or(0));
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(connect) = state.screens.find::<Connect>() else {
        return;
    };
    if connect.search.focused {
        return search_key(state, key);
    }
    let signing = signing_in(state);
    match state.keymap.action(Context::Connect, key) {
        Some(Action::Connect) => begin(state, fx),
        Some(Action::Back) if signing => {
            fx.cancel(state, |p| *p == Pending::Connect);
            state.status.notice = Some(Notice::Info("Sign-in cancelled".to_owned()));
        }
        Some(Action::Back) => {
            if let Some(connect) = state.screens.find_mut::<Connect>() {
                connect.search = SearchState::default();
            }
        }
        _ if signing => {}
        Some(Action::Up) => move_by(state, -1),
        Some(Action::Down) => move_by(state, 1),
        Some(Action::PageUp) => move_by(state, -PAGE),
        Some(Action::PageDown) => move_by(state, PAGE),
        Some(Action::First) => move_by(state, isize::MIN / 2),
        Some(Action::Last) => move_by(state, isize::MAX / 2),
        Some(Action::Search) => {
            if let Some(connect) = state.screens.find_mut::<Connect>() {
                connect.search.focused = true;
            }
        }
        Some(Action::AddProfile) => {
            let form = ProfileForm::add(state.profiles.rows.iter().map(|p| p.name.clone()));
            state.screens.push(Screen::ProfileForm(Box::new(form)));
        }
        Some(Action::EditProfile) => {
            if let Some(profile) = file_profile(state, "edit") {
                let form = ProfileForm::edit(&profile);
                state.screens.push(Screen::ProfileForm(Box::new(form)));
            }
        }
        Some(Action::RemoveProfile) => {
            if let Some(profile) = file_profile(state, "remove") {
                let dialog = ConfirmRemoveProfile::new(&profile);
                state
                    .screens
                    .push(Screen::ConfirmRemoveProfile(Box::new(dialog)));
            }
        }
        _ => {}
    }
}

/// The selected profile when it is a `[profiles.NAME]` of the config file; else says why it
/// cannot be changed here.
fn file_profile(state: &mut State, verb: &str) -> Option<Profile> {
    let connect = state.screens.find::<Connect>()?;
    let profile = selected(state, connect)?.clone();
    if profile.is_in_file() {
        return Some(profile);
    }
    let why = match profile.source {
        crate::config::ProfileSource::Demo => format!(
            "{} is the demo's own profile, in no file: add one of yours with {}",
            profile.name,
            state.keymap.short(Action::AddProfile)
        ),
        _ => format!(
            "{} is the config file's top-level settings and the environment: change them there \
             (lazyentra config shows where each comes from), or add a profile with {}",
            profile.name,
            state.keymap.short(Action::AddProfile)
        ),
    };
    state.status.notice = Some(Notice::Refused(format!("Cannot {verb} {why}")));
    None
}

fn move_by(state: &mut State, delta: isize) {
    let Some(connect) = state.screens.find::<Connect>() else {
        return;
    };
    let len = shown(state, connect).len();
    if len == 0 {
        return;
    }
    let next = cursor::moved(connect.selected.min(len - 1), delta, len);
    if let Some(connect) = state.screens.find_mut::<Connect>() {
        connect.selected = next;
    }
}

/// A key while the `/` box has focus: Enter keeps the filter, Esc clears it, arrows move in
/// the rows, anything else edits the text.
fn search_key(state: &mut State, key: KeyEvent) {
    match state.keymap.action(Context::Search, key) {
        Some(Action::Submit) => {
            if let Some(connect) = state.screens.find_mut::<Connect>() {
                connect.search.focused = false;
            }
        }
        Some(Action::Back) => {
            if let Some(connect) = state.screens.find_mut::<Connect>() {
                connect.search = SearchState::default();
            }
        }
        Some(Action::Up) => move_by(state, -1),
        Some(Action::Down) => move_by(state, 1),
        Some(Action::PageUp) => move_by(state, -PAGE),
        Some(Action::PageDown) => move_by(state, PAGE),
        _ => {
            let Some(connect) = state.screens.find_mut::<Connect>() else {
                return;
            };
            let typed = search_box::key(&mut connect.search, key);
            if typed.changed {
                connect.selected = 0;
            }
            if typed.full {
                state.status.notice = Some(search_box::full_notice());
            }
        }
    }
}

fn on_paste(state: &mut State, text: &str, _fx: &mut Effects) {
    let Some(connect) = state.screens.find_mut::<Connect>() else {
        return;
    };
    if !connect.search.focused {
        return;
    }
    let typed = search_box::paste(&mut connect.search, text);
    if typed.changed {
        connect.selected = 0;
    }
    if typed.full {
        state.status.notice = Some(search_box::full_notice());
    }
}

/// The selected profile has nothing missing.
pub fn can_connect(state: &State) -> bool {
    state
        .screens
        .find::<Connect>()
        .and_then(|c| selected(state, c))
        .is_some_and(|p| p.info.problems.is_empty() && p.client.is_some())
}

/// Signs in with the selected profile, unless a sign-in is already under way; a profile
/// that lacks something says what instead.
pub fn begin(state: &mut State, fx: &mut Effects) {
    if signing_in(state) {
        return;
    }
    let Some(connect) = state.screens.find::<Connect>() else {
        return;
    };
    let Some(profile) = selected(state, connect).cloned() else {
        state.status.notice = Some(Notice::Refused(
            "No profile matches the filter: clear it or add one".to_owned(),
        ));
        return;
    };
    let client = match (profile.info.problems.first(), profile.client) {
        (None, Some(client)) => client,
        (problem, _) => {
            let problem = problem.map_or("its settings are incomplete", String::as_str);
            state.status.notice = Some(Notice::Refused(format!(
                "Cannot connect with {}: {problem}",
                profile.name
            )));
            return;
        }
    };
    if let Some(connect) = state.screens.find_mut::<Connect>() {
        connect.error = None;
    }
    state.connect = profile.info;
    state.status.notice = None;
    let op = Op::Connect {
        profile: profile.name,
        config: Box::new(client),
    };
    fx.run(state, op, Pending::Connect);
}

pub(crate) fn on_reply(state: &mut State, result: Result<Reply, GraphError>, fx: &mut Effects) {
    match result {
        Ok(Reply::Connected(token)) => connected(state, *token, fx),
        Ok(reply) => tracing::warn!(?reply, "an answer that does not fit a sign-in"),
        Err(e) => {
            if let Some(connect) = state.screens.find_mut::<Connect>() {
                connect.error = Some(e.clone());
            }
            state.failed(Operation::SignIn, e);
        }
    }
}

/// Switches the session to profile `name` (`T`, `:tenant`): what belonged to the profile
/// left is dropped (its requests are cancelled, so an answer still on its way finds nothing
/// pending and is thrown away), and the connect screen signs in with `name`. The worker keeps
/// each profile's token, so going back to one within its lifetime asks for no new token.
pub fn switch(state: &mut State, name: &str, fx: &mut Effects) {
    let Some(profile) = state.profiles.find(name).cloned() else {
        let names = state.profiles.rows.iter().map(|p| p.name.as_str());
        let hint = match crate::spelling::closest(name, names) {
            Some(closest) => format!("did you mean {closest}?"),
            None => format!(
                "profiles: {}",
                state
                    .profiles
                    .rows
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        state.status.notice = Some(Notice::Refused(format!("No profile {name}: {hint}")));
        return;
    };
    if state.session.is_some() && state.connect.name == profile.name {
        state.status.notice = Some(Notice::Info(format!("Already on {}", profile.name)));
        return;
    }
    if let Some(problem) = profile.info.problems.first() {
        state.status.notice = Some(Notice::Refused(format!(
            "Cannot switch to {}: {problem}",
            profile.name
        )));
        return;
    }
    tracing::info!(
        from = state.connect.name,
        to = profile.name,
        "switching profile"
    );
    fx.cancel(state, |_| true);
    state.session = None;
    state.undo = None;
    state.status.throttled = None;
    state.screens.reset(Screen::Connect(Box::default()));
    select(state, &profile.name);
    begin(state, fx);
}

fn connected(state: &mut State, token: TokenInfo, fx: &mut Effects) {
    let perms = &token.permissions;
    let notice = if perms.can_read() {
        Notice::Success(view::connected_text(&token))
    } else {
        Notice::Refused(view::connected_text(&token))
    };
    // The forms need the domains, and the header names the tenant by its default domain
    // when the organisation's name cannot be read. Without Domain.Read.All Graph would answer
    // 403, so it is not asked.
    let writes = !state.connect.read_only && (perms.can_create() || perms.can_update());
    let organization = perms.can_read_organization();
    let domains = if !writes && organization {
        TenantDomains::NotAsked
    } else if perms.can_read_domains() {
        TenantDomains::Loading
    } else if writes {
        TenantDomains::NoPermission
    } else {
        TenantDomains::NotAsked
    };
    let ask = domains == TenantDomains::Loading;
    state.status.notice = Some(notice);
    state.session = Some(Session {
        token,
        domain: None,
        domains,
        organization: None,
    });
    state.screens.reset(Screen::UserList(Box::default()));
    user_list::load(state, None, fx);
    if ask {
        fx.run(state, Op::ListDomains, Pending::Domains);
    }
    if organization {
        fx.run(state, Op::GetOrganization, Pending::Organization);
    }
}

/// The organisation's name, for the header. A failure changes nothing on screen (the header
/// names the tenant by its domain instead); the error history keeps it.
pub(crate) fn organization_arrived(state: &mut State, result: Result<Reply, GraphError>) {
    let name = match result {
        Ok(Reply::Organization(org)) => org.and_then(|o| o.display_name),
        Ok(reply) => {
            tracing::warn!(
                ?reply,
                "an answer that does not fit the organization request"
            );
            return;
        }
        Err(e) => {
            tracing::info!("the organisation's name is not read, naming the tenant by domain: {e}");
            return;
        }
    };
    if let Some(session) = &mut state.session {
        session.organization = name.filter(|n| !n.trim().is_empty());
    }
}

/// Graph's list of the tenant's domains: kept for the forms, and given to one that is open.
/// A failure (a 403 when consent is missing) is no error on the status line: the forms offer
/// the loaded users' domains instead and say why; the error history keeps it.
pub(crate) fn domains_arrived(state: &mut State, result: Result<Reply, GraphError>) {
    let domains = match result {
        Ok(Reply::Domains(list)) => TenantDomains::verified(list),
        Ok(reply) => {
            tracing::warn!(?reply, "an answer that does not fit the domains request");
            return;
        }
        Err(e) => {
            tracing::info!("the tenant's domains are not listed, guessing from users: {e}");
            TenantDomains::Failed(e)
        }
    };
    if let Some(session) = &mut state.session {
        session.domains = domains;
    }
    let upn = state.upn_domains();
    if let Some(form) = state.screens.find_mut::<UserForm>() {
        form.set_domains(upn);
    }
}
