//! The router: every state change starts here, in `update(state, msg) -> effects`. It handles
//! what is global (Ctrl-C, help, quit, disconnect, resize, throttling, timers) and hands each
//! key to the screen in front and each worker answer to the screen that asked. No I/O, no
//! clock, no randomness: the app loop carries out the effects, and tests call `update`.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use secrecy::SecretString;

use crate::command::Command;
use crate::config::views::SavedView;
use crate::config::write::WriteError;
pub use crate::effect::{Effect, Effects, SEARCH_DEBOUNCE};
use crate::export::job::ExportMsg;
use crate::graph::{ClientNotice, GraphError};
use crate::import::ImportMsg;
use crate::keymap::Action;
use crate::profile::ProfilesWritten;
use crate::runtime::worker::{Op, Reply, RequestId, WorkerMsg};
use crate::screens::{
    self, bulk_progress, clear_manager, command_prompt, confirm_delete, confirm_sign_in, connect,
    deleted_users, export_prompt, manager_picker, profile_form, reset_password, user_detail,
    user_form, user_list,
};
use crate::state::{Notice, Pending, State, Throttle};

/// Everything that can happen to the app.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The animation timer: advance spinners.
    Tick,
    /// The search debounce timer of this generation expired.
    SearchDue(u64),
    /// A step of the throttle countdown of this generation is due.
    CountdownDue(u64),
    /// A strong password, made outside the reducer as [`Effect::GeneratePassword`] asked.
    PasswordGenerated(SecretString),
    /// A profile was saved or removed as [`Effect::SaveProfile`] or
    /// [`Effect::RemoveProfile`] asked (or why not), with every profile loaded again.
    ProfilesWritten(Box<ProfilesWritten>),
    /// The local time, read outside the reducer as [`Effect::ExportStamp`] asked.
    ExportStamp(NaiveDateTime),
    /// An export's progress or outcome.
    Export(ExportMsg),
    /// What the shell did for an import: a file read and checked, a path completed,
    /// passwords written.
    Import(ImportMsg),
    /// A view was saved as [`Effect::SaveView`] asked: the config file it went into, or why
    /// not.
    ViewSaved {
        name: String,
        view: SavedView,
        result: Result<PathBuf, WriteError>,
    },
    Worker(WorkerMsg),
}

/// Applies one message to the state and returns what must happen as a result.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = Effects::default();
    match msg {
        Msg::Key(key) => on_key(state, key, &mut fx),
        Msg::Paste(text) if !state.help => screens::on_paste(state, &text, &mut fx),
        Msg::Paste(_) => {}
        Msg::Resize(w, h) => {
            state.size = (w, h);
            user_list::scroll_into_view(state);
            deleted_users::scroll_into_view(state);
        }
        Msg::Tick => state.tick = state.tick.wrapping_add(1),
        Msg::SearchDue(generation) => {
            // Each list checks the generation against its own box; a stale one does nothing.
            user_list::search_due(state, generation, &mut fx);
            deleted_users::search_due(state, generation, &mut fx);
            manager_picker::search_due(state, generation, &mut fx);
        }
        Msg::CountdownDue(generation) => countdown_due(state, generation, &mut fx),
        Msg::PasswordGenerated(password) => {
            // For the form or the reset dialog, whichever asked: each takes it only if open.
            user_form::password_generated(state, &password);
            reset_password::password_generated(state, &password);
        }
        Msg::ProfilesWritten(written) => profile_form::on_written(state, *written),
        Msg::ExportStamp(at) => export_prompt::stamped(state, at),
        Msg::Export(msg) => export_prompt::on_export(state, msg),
        Msg::Import(msg) => screens::import::on_msg(state, msg, &mut fx),
        Msg::ViewSaved { name, view, result } => {
            user_list::views::saved(state, &name, view, result);
        }
        Msg::Worker(WorkerMsg::Notice(notice)) => on_notice(state, &notice, &mut fx),
        Msg::Worker(WorkerMsg::Bulk { id, event }) => bulk_progress::on_event(state, id, &event),
        Msg::Worker(WorkerMsg::Page { id, page, at }) => {
            user_list::page_streamed(state, id, page, at, &mut fx);
        }
        Msg::Worker(WorkerMsg::Done { id, result, at }) => {
            on_done(state, id, result, at, &mut fx);
        }
    }
    fx.into_vec()
}

/// The first thing the app does: connect at once when asked to (the demo).
pub fn start(state: &mut State, auto_connect: bool) -> Vec<Effect> {
    let mut fx = Effects::default();
    if auto_connect && connect::can_connect(state) {
        connect::begin(state, &mut fx);
    }
    fx.into_vec()
}

/// Ctrl-C first, then the help popup, then the keys every screen shares (help, quit,
/// disconnect, where the screen in front offers them), then the screen in front.
fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        state.quit = true;
        return;
    }
    if state.help {
        let km = &state.keymap;
        if km.is(Action::Help, key) || km.is(Action::Back, key) || key.code == KeyCode::Esc {
            state.help = false;
        } else if km.is(Action::Down, key) || km.is(Action::PageDown, key) {
            state.help_scroll = state.help_scroll.saturating_add(1);
        } else if km.is(Action::Up, key) || km.is(Action::PageUp, key) {
            state.help_scroll = state.help_scroll.saturating_sub(1);
        }
        return;
    }
    let top = state.screens.top().as_dyn();
    let context = top.context();
    match state.keymap.action_typing(context, key, top.is_typing()) {
        Some(Action::Help) => {
            state.help = true;
            state.help_scroll = 0;
        }
        Some(Action::Quit) => state.quit = true,
        Some(Action::Disconnect) => disconnect(state, fx),
        Some(Action::SwitchProfile) => screens::profile_picker::open(state),
        Some(Action::Errors) => screens::error_history::open(state),
        Some(Action::DeletedUsers) => deleted_users::open(state, fx),
        Some(Action::Command) => command_prompt::open(state),
        Some(Action::Undo) => screens::open::undo(state, fx),
        Some(Action::Overview) => screens::overview::open(state, fx),
        Some(Action::Columns) => screens::column_chooser::open(state),
        _ => match command_prompt::submitted(state, key) {
            Some(command) => run(state, &command, fx),
            None => screens::on_key(state, key, fx),
        },
    }
}

/// A command typed after `:` (`command.rs` says what each means).
fn run(state: &mut State, command: &Command, fx: &mut Effects) {
    match command {
        Command::Deleted if state.session.is_none() => {
            state.status.notice = Some(Notice::Refused(format!(
                "Deleted users need a connection: press {} to connect first",
                state.keymap.short(Action::Connect)
            )));
        }
        Command::Deleted => deleted_users::open(state, fx),
        Command::Users
        | Command::Overview
        | Command::Export
        | Command::View(_)
        | Command::SaveView(_)
            if state.screens.list().is_none() =>
        {
            state.status.notice = Some(Notice::Refused(format!(
                "The user list needs a connection: press {} to connect first",
                state.keymap.short(Action::Connect)
            )));
        }
        Command::Users => to_list(state),
        Command::Export => {
            to_list(state);
            user_list::export(state, fx);
        }
        Command::View(name) => {
            to_list(state);
            user_list::views::recall(state, name, fx);
        }
        Command::SaveView(name) => user_list::views::save(state, name, fx),
        Command::Overview => screens::overview::open(state, fx),
        Command::Errors => screens::error_history::open(state),
        Command::Help => {
            state.help = true;
            state.help_scroll = 0;
        }
        Command::Disconnect if state.session.is_none() => {
            state.status.notice = Some(Notice::Info("Not connected".to_owned()));
        }
        Command::Disconnect => disconnect(state, fx),
        Command::Tenant(name) => connect::switch(state, name, fx),
        Command::Quit => state.quit = true,
        Command::Import(_) if state.session.is_none() => {
            state.status.notice = Some(Notice::Refused(format!(
                "Importing users needs a connection: press {} to connect first",
                state.keymap.short(Action::Connect)
            )));
        }
        Command::Import(path) => screens::import::start(state, path, fx),
    }
}

/// Closes what is over the user list. Bounded: the list is on the stack, and `pop` keeps the
/// base.
fn to_list(state: &mut State) {
    for _ in 0..state.screens.iter().count() {
        if state.screens.top_as::<user_list::UserList>().is_some() {
            break;
        }
        state.screens.pop();
    }
}

/// Drops the token and everything loaded, and goes back to the connect screen.
fn disconnect(state: &mut State, fx: &mut Effects) {
    fx.cancel(state, |_| true);
    fx.run(state, Op::Disconnect, Pending::Disconnect);
    state.session = None;
    state.undo = None;
    state
        .screens
        .reset(screens::Screen::Connect(Box::default()));
    state.status.throttled = None;
    connect::select(state, &state.connect.name.clone());
    state.status.notice = Some(Notice::Info(format!(
        "Disconnected: token dropped. Press {} to connect again, or pick another profile",
        state.keymap.short(Action::Connect)
    )));
}

/// An answer from the worker goes to the screen that asked, if the request is still wanted.
fn on_done(
    state: &mut State,
    id: RequestId,
    result: Result<Reply, GraphError>,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    let Some(pending) = state.pending.remove(&id) else {
        tracing::debug!(id, "dropped the answer to a superseded request");
        return;
    };
    if state.pending.is_empty() {
        state.status.throttled = None;
    }
    // Every failure is kept for the error history; a success replaces the status line's
    // error about the same operation before the screen says what it did.
    if let Some(operation) = pending.operation() {
        match &result {
            Err(e) => state.record_error(at, operation, e.clone()),
            Ok(_) => state.succeeded(operation),
        }
    }
    match pending {
        Pending::Connect => connect::on_reply(state, result, fx),
        Pending::Disconnect => {}
        Pending::List(load) => user_list::on_reply(state, load, result, at, fx),
        Pending::Detail(load) => user_detail::on_reply(state, load, result, at, fx),
        Pending::Save(save) => user_form::on_reply(state, save, result, fx),
        Pending::Delete(delete) => confirm_delete::on_reply(state, &delete, result),
        Pending::Deleted(request) => deleted_users::on_reply(state, request, result, at, fx),
        Pending::SignIn(request) => confirm_sign_in::on_reply(state, request, result, at, fx),
        Pending::ResetPassword(request) => reset_password::on_reply(state, request, result),
        Pending::PickManager(request) => manager_picker::on_reply(state, request, result, fx),
        Pending::ClearManager(request) => clear_manager::on_reply(state, request, result, fx),
        Pending::Organization => connect::organization_arrived(state, result),
        Pending::SignInAges => screens::overview::sign_ins_counted(state, result),
        Pending::Domains => {
            connect::domains_arrived(state, result);
            screens::import::domains_arrived(state, fx);
        }
        Pending::Bulk => {
            let note = screens::import::bulk_ending(state, id, &result, fx);
            bulk_progress::on_reply(state, id, result, at);
            screens::import::annotate_summary(state, note);
        }
    }
}

fn on_notice(state: &mut State, notice: &ClientNotice, fx: &mut Effects) {
    match *notice {
        ClientNotice::Throttled {
            status,
            wait,
            attempt,
        } => {
            let throttle = Throttle {
                status,
                attempt,
                left: wait,
            };
            state.status.countdown += 1;
            if !wait.is_zero() {
                fx.countdown(state.status.countdown, throttle.next_step());
            }
            state.status.throttled = Some(throttle);
        }
        ClientNotice::TokenRefreshed => tracing::info!("access token refreshed"),
    }
}

/// One step of the throttle countdown. At zero the retry is under way and the message goes:
/// the spinner still says what is being waited for, and a new 429 brings a new countdown.
fn countdown_due(state: &mut State, generation: u64, fx: &mut Effects) {
    if generation != state.status.countdown {
        return;
    }
    let Some(throttle) = &mut state.status.throttled else {
        return;
    };
    throttle.left -= throttle.next_step();
    if throttle.left.is_zero() {
        state.status.throttled = None;
    } else {
        fx.countdown(generation, throttle.next_step());
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "undo_tests.rs"]
mod undo_tests;
