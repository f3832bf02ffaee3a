//! The start screen: which tenant and app the settings name, what is missing, and the
//! sign-in. Enter signs in; on success the user list replaces it, and, when the app may
//! write, the tenant's verified domains are read for the forms' UPN domain.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use super::user_form::UserForm;
use super::user_list;
use crate::effect::Effects;
use crate::graph::{GraphError, TokenInfo};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, Session, State, TenantDomains};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::Connect;
use view::signing_in;

impl ScreenView for Connect {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Connect
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
        vec![
            Hint::action(km, Action::Connect, "connect", 9)
                .enabled(state.connect.problems.is_empty()),
            Hint::action(km, Action::Help, "help", 8),
            Hint::action(km, Action::Quit, "quit", 8),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Connect", Context::Connect)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    match state.keymap.action(Context::Connect, key) {
        Some(Action::Connect) => {
            if let Some(problem) = state.connect.problems.first() {
                state.status.notice = Some(Notice::Refused(format!("Cannot connect: {problem}")));
            } else {
                begin(state, fx);
            }
        }
        Some(Action::Back) if signing_in(state) => {
            fx.cancel(state, |p| *p == Pending::Connect);
            state.status.notice = Some(Notice::Info("Sign-in cancelled".to_owned()));
        }
        _ => {}
    }
}

/// Signs in, unless a sign-in is already under way.
pub fn begin(state: &mut State, fx: &mut Effects) {
    if signing_in(state) {
        return;
    }
    if let Some(connect) = state.screens.find_mut::<Connect>() {
        connect.error = None;
    }
    state.status.notice = None;
    fx.run(state, Op::Connect, Pending::Connect);
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

fn connected(state: &mut State, token: TokenInfo, fx: &mut Effects) {
    let perms = &token.permissions;
    let notice = if perms.can_read() {
        Notice::Success(view::connected_text(&token))
    } else {
        Notice::Refused(view::connected_text(&token))
    };
    // Only the forms need the domains: none when writes are off. Without Domain.Read.All
    // Graph would answer 403, so it is not asked.
    let writes = !state.connect.read_only && (perms.can_create() || perms.can_update());
    let domains = if !writes {
        TenantDomains::NotAsked
    } else if perms.can_read_domains() {
        TenantDomains::Loading
    } else {
        TenantDomains::NoPermission
    };
    let ask = domains == TenantDomains::Loading;
    state.status.notice = Some(notice);
    state.session = Some(Session {
        token,
        domain: None,
        domains,
    });
    state.screens.reset(Screen::UserList(Box::default()));
    user_list::load(state, None, fx);
    if ask {
        fx.run(state, Op::ListDomains, Pending::Domains);
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
