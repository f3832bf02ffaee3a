//! Answers from the worker. Each is matched to the request it answers; an answer whose
//! request is no longer pending (superseded, cancelled, screen left) is dropped here.

use secrecy::SecretString;

use super::{Effects, list};
use crate::action::Action;
use crate::graph::odata::user_search_matches;
use crate::graph::{ClientNotice, GraphError, Permissions, User};
use crate::state::{Notice, Pending, Popup, Screen, Session, State, Throttle};
use crate::worker::{Reply, RequestId};

/// One step of the throttle countdown. At zero the retry is under way and the message goes:
/// the spinner still says what is being waited for, and a new 429 brings a new countdown.
pub(super) fn countdown_due(state: &mut State, generation: u64, fx: &mut Effects) {
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

pub(super) fn on_notice(state: &mut State, notice: ClientNotice, fx: &mut Effects) {
    match notice {
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

pub(super) fn on_done(
    state: &mut State,
    id: RequestId,
    result: Result<Reply, GraphError>,
    fx: &mut Effects,
) {
    let Some(pending) = state.pending.remove(&id) else {
        tracing::debug!(id, "dropped the answer to a superseded request");
        return;
    };
    if state.pending.is_empty() {
        state.status.throttled = None;
    }
    match (pending, result) {
        (Pending::Connect, Ok(Reply::Connected(token))) => connected(state, *token, fx),
        (Pending::Connect, Err(e)) => {
            state.connect_error = Some(e.to_string());
            state.error(&e);
        }
        (Pending::FirstPage { search, restore }, Ok(Reply::Page(page))) => {
            list::first_page_arrived(state, search, restore, page, fx);
        }
        (Pending::NextPage { restore }, Ok(Reply::Page(page))) => {
            list::next_page_arrived(state, restore, page, fx);
        }
        (Pending::FirstPage { .. } | Pending::NextPage { .. }, Err(e)) => {
            if !state.list.loaded {
                state.list.error = Some(format!("Could not load users: {e}"));
            }
            state.error(&e);
        }
        (Pending::Detail { user_id, .. }, Ok(Reply::User(user))) => {
            replace_user(state, &user_id, *user);
        }
        (Pending::ReadBack { user_id }, Ok(Reply::User(user))) => {
            replace_user(state, &user_id, *user);
        }
        // Right after a create Graph may not find the user yet (replication); what the create
        // returned is shown meanwhile, so this is not worth an error.
        (Pending::ReadBack { user_id }, Err(e)) => {
            tracing::warn!(%user_id, "reading a new user back failed: {e}");
        }
        (Pending::Detail { user_id, .. }, Err(e)) => {
            if let Screen::Detail(detail) = &mut state.screen
                && detail.user.id == user_id
                && e.is_not_found()
            {
                detail.gone = true;
            }
            state.error(&e);
        }
        (
            Pending::Create {
                label,
                account_enabled,
            },
            Ok(Reply::Created(mut user)),
        ) => {
            user.account_enabled.get_or_insert(account_enabled);
            user.user_type.get_or_insert_with(|| "Member".to_owned());
            let user_id = user.id.clone();
            if created(state, &label, *user) {
                // Read it back for the properties the 201 answer leaves out.
                let op = crate::worker::Op::GetUser(user_id.clone());
                fx.run(state, op, Pending::ReadBack { user_id });
            }
        }
        (Pending::Update { id, patch, .. }, Ok(Reply::Updated)) => {
            let mut label = String::new();
            for user in users_mut(state, &id) {
                user.apply_patch(&patch);
                label = user.label().to_owned();
            }
            if matches!(state.popup, Some(Popup::Form(_))) {
                state.popup = None;
            }
            state.status.notice = Some(Notice::Success(format!("Saved {label}")));
        }
        (Pending::Create { .. } | Pending::Update { .. }, Err(e)) => {
            if let Some(Popup::Form(form)) = &mut state.popup {
                form.set_saving(false);
                form.set_error(&e);
            }
            state.error(&e);
        }
        (Pending::Delete { id, label }, Ok(Reply::Deleted)) => deleted(state, &id, &label),
        (Pending::Delete { .. }, Err(e)) => {
            state.popup = None;
            state.error(&e);
        }
        (Pending::Disconnect, _) => {}
        (pending, Ok(reply)) => {
            tracing::warn!(?pending, ?reply, "an answer that does not fit its request");
        }
    }
}

fn connected(state: &mut State, token: crate::graph::TokenInfo, fx: &mut Effects) {
    let perms = &token.permissions;
    let roles = if perms.roles.is_empty() {
        "no application permissions".to_owned()
    } else {
        perms.roles.join(", ")
    };
    let app = token
        .app_name
        .clone()
        .unwrap_or_else(|| "the app".to_owned());
    let mut text = format!("Connected as {app} ({roles})");
    if !perms.can_read() {
        text.push_str(&format!(
            ": it cannot read users; grant it User.Read.All or {}",
            Permissions::WRITE_PERMISSION
        ));
    } else if !perms.can_update() {
        text.push_str(&format!(
            ": read-only, writes need {}",
            Permissions::WRITE_PERMISSION
        ));
    }
    state.status.notice = Some(if perms.can_read() {
        Notice::Success(text)
    } else {
        Notice::Error(text)
    });
    state.connect_error = None;
    state.session = Some(Session {
        token,
        domain: None,
    });
    state.list = Default::default();
    state.screen = Screen::List;
    list::load(state, None, None, fx);
}

/// Every copy of a user the app holds: its list row and the open detail.
fn users_mut<'a>(state: &'a mut State, id: &str) -> Vec<&'a mut User> {
    let mut users: Vec<&mut User> = state.list.users.iter_mut().filter(|u| u.id == id).collect();
    if let Screen::Detail(detail) = &mut state.screen
        && detail.user.id == id
    {
        users.push(&mut detail.user);
    }
    users
}

fn replace_user(state: &mut State, id: &str, fresh: User) {
    for user in users_mut(state, id) {
        *user = fresh.clone();
    }
}

/// Shows a new user at the top of the list, selected, and counts it, unless a search is
/// applied that Graph would not answer with this user: then the results stay as they are and
/// the status says why the user is not among them. Returns whether the user is shown.
///
/// The top, because the list has no order (Graph lists users without `$orderby`), so no
/// position means anything, and the top is where the admin looks and where it stays put while
/// further pages load below.
fn created(state: &mut State, label: &str, user: User) -> bool {
    let password = match &state.popup {
        Some(Popup::Form(form)) => form.generated_password().map(str::to_owned),
        _ => None,
    };
    let upn = user.upn().to_owned();
    let list = &mut state.list;
    let hidden_by = list
        .search
        .applied
        .clone()
        .filter(|text| !user_search_matches(&user, text));
    if hidden_by.is_none() {
        list.users.insert(0, user);
        list.selected = 0;
        list.offset = 0;
        list.total = list.total.map(|n| n + 1);
        list::scroll_into_view(state);
    }
    state.popup = password.map(|password| Popup::Password {
        upn,
        password: SecretString::from(password),
    });
    state.status.notice = Some(Notice::Success(match &hidden_by {
        None => format!("Created {label}"),
        Some(text) => format!(
            "Created {label}; it does not match '{text}', so it is not in these results ({} clears the search)",
            state.keymap.short(Action::Back)
        ),
    }));
    hidden_by.is_none()
}

fn deleted(state: &mut State, id: &str, label: &str) {
    let list = &mut state.list;
    if let Some(i) = list.users.iter().position(|u| u.id == id) {
        list.users.remove(i);
        if list.selected > i {
            list.selected -= 1;
        }
        list.total = list.total.map(|n| n.saturating_sub(1));
    }
    if matches!(&state.screen, Screen::Detail(d) if d.user.id == id) {
        state.screen = Screen::List;
    }
    if matches!(state.popup, Some(Popup::ConfirmDelete(_))) {
        state.popup = None;
    }
    list::scroll_into_view(state);
    state.status.notice = Some(Notice::Success(format!(
        "Deleted {label}: restorable from deleted users for 30 days"
    )));
}
