//! The write keys on marked users: `b`, `d`, `R`, `e` on the user list and `u`, `P` on the
//! deleted users build the job from the marks and open its review (or, for `e`, the bulk
//! form). Writes are checked first, as for one user: a disabled one says why. Only data is
//! built here; the review starts the job.

use super::bulk_form::state::BulkForm;
use super::bulk_progress::state::{BulkItem, BulkJob};
use super::bulk_review::state::BulkReview;
use super::deleted_users::state::{DeletedUsers, Target};
use super::stack::Screen;
use super::user_list::row::Row;
use super::user_list::state::UserList;
use crate::graph::{BatchOp, UserId, UserPatch};
use crate::keymap::Action;
use crate::state::{Notice, State};
use tui_input::Input;

fn item(row: &Row, op: BatchOp) -> BulkItem {
    BulkItem {
        op,
        label: row.label().to_owned(),
        upn: row.upn().to_owned(),
    }
}

fn enabling(row: &Row, enabled: bool) -> BulkItem {
    let patch = UserPatch {
        account_enabled: Some(enabled),
        ..UserPatch::default()
    };
    item(
        row,
        BatchOp::Update {
            id: row.id(),
            patch: Box::new(patch),
        },
    )
}

fn job(title: &str, items: Vec<BulkItem>, skipped: Option<String>) -> BulkJob {
    BulkJob {
        title: title.to_owned(),
        items,
        skipped,
    }
}

/// "3 already blocked", or nothing when none was skipped.
fn skipped(count: usize, why: &str) -> Option<String> {
    (count > 0).then(|| format!("{count} already {why}"))
}

fn review(state: &mut State, review: BulkReview) {
    state.screens.push(Screen::BulkReview(Box::new(review)));
}

/// What a review of one job is about.
struct Ask {
    action: Action,
    title: &'static str,
    note: String,
    /// The count must be typed to confirm.
    typed: bool,
    danger: bool,
}

/// Whose marks.
#[derive(Clone, Copy)]
enum From {
    Users,
    DeletedUsers,
}

/// The marked users of `from`, each with `op` on it.
fn marked_items(state: &State, from: From, op: fn(UserId) -> BatchOp) -> Vec<BulkItem> {
    match from {
        From::Users => state.screens.list().map_or_else(Vec::new, |list| {
            list.marked_rows()
                .into_iter()
                .map(|r| item(r, op(r.id())))
                .collect()
        }),
        From::DeletedUsers => {
            state
                .screens
                .find::<DeletedUsers>()
                .map_or_else(Vec::new, |screen| {
                    screen
                        .marked_users()
                        .into_iter()
                        .map(|u| deleted_item(u, op(u.id.clone())))
                        .collect()
                })
        }
    }
}

/// The review of one job: `op` on every user marked on `from`, unless writes are off.
fn single(state: &mut State, ask: Ask, from: From, op: fn(UserId) -> BatchOp) {
    if !state.allow_write(ask.action) {
        return;
    }
    let items = marked_items(state, from, op);
    let marked = items.len();
    review(
        state,
        BulkReview {
            jobs: vec![job(ask.title, items, None)],
            chosen: 0,
            action: ask.action,
            title: ask.title.to_owned(),
            marked,
            note: ask.note,
            changes: Vec::new(),
            typed: ask.typed.then(Input::default),
            danger: ask.danger,
        },
    );
}

/// `b` with marks: block or unblock them; each direction skips the users already in it.
pub fn block(state: &mut State) {
    if !state.allow_write(Action::Block) {
        return;
    }
    let Some(list) = state.screens.list() else {
        return;
    };
    let rows = list.marked_rows();
    let marked = rows.len();
    let (blocked, enabled): (Vec<&Row>, Vec<&Row>) = rows
        .into_iter()
        .partition(|r| r.account_enabled() == Some(false));
    let block = job(
        "Block sign-in",
        enabled.iter().map(|r| enabling(r, false)).collect(),
        skipped(blocked.len(), "blocked"),
    );
    let unblock = job(
        "Unblock sign-in",
        blocked.iter().map(|r| enabling(r, true)).collect(),
        skipped(enabled.len(), "enabled"),
    );
    let chosen = usize::from(block.items.is_empty() && !unblock.items.is_empty());
    let note = format!(
        "Blocked users can no longer sign in, but tokens they already hold work for up to an \
         hour: {} then revokes their sessions (the marks stay). Graph refuses to block \
         administrators unless this app holds a high enough Entra role; the summary lists \
         each refusal.",
        state.keymap.short(Action::RevokeSessions)
    );
    review(
        state,
        BulkReview {
            jobs: vec![block, unblock],
            chosen,
            action: Action::Block,
            title: "Block or unblock sign-in".to_owned(),
            marked,
            note,
            changes: Vec::new(),
            typed: None,
            danger: true,
        },
    );
}

/// `d` with marks: delete them, once the count is typed.
pub fn delete(state: &mut State) {
    let note = format!(
        "They go to deleted users, restorable for 30 days ({} lists them).",
        state.keymap.short(Action::DeletedUsers)
    );
    let ask = Ask {
        action: Action::Delete,
        title: "Delete users",
        note,
        typed: true,
        danger: true,
    };
    single(state, ask, From::Users, BatchOp::Delete);
}

/// `R` with marks: revoke their sessions.
pub fn revoke(state: &mut State) {
    let ask = Ask {
        action: Action::RevokeSessions,
        title: "Revoke sessions",
        note: "Their refresh tokens and session cookies stop working: every app asks them to \
               sign in again. Access tokens already issued may work for up to an hour."
            .to_owned(),
        typed: false,
        danger: true,
    };
    single(state, ask, From::Users, BatchOp::RevokeSessions);
}

/// `e` with marks: the bulk form.
pub fn edit(state: &mut State) {
    if !state.allow_write(Action::Edit) {
        return;
    }
    let marked = state.screens.list().map_or(0, UserList::marked_count);
    state
        .screens
        .push(Screen::BulkForm(Box::new(BulkForm::new(marked))));
}

/// A key that acts on one user only (`p`) while users are marked: refused, with what to do.
pub fn one_user_only(state: &mut State, action: Action) {
    state.status.notice = Some(Notice::Refused(format!(
        "{} acts on one user, and users are marked: {} clears the marks first",
        state.keymap.short(action),
        state.keymap.short(Action::Back)
    )));
}

fn deleted_item(user: &crate::graph::User, op: BatchOp) -> BulkItem {
    let target = Target::of(user);
    BulkItem {
        op,
        label: target.label,
        upn: target.upn,
    }
}

/// `u` with marks on the deleted users: restore them.
pub fn restore(state: &mut State) {
    let ask = Ask {
        action: Action::Restore,
        title: "Restore users",
        note: "They come back under their UPNs with their groups, licences and settings. Graph \
               refuses one whose UPN or mail a live user now has: the summary says which."
            .to_owned(),
        typed: false,
        danger: false,
    };
    single(state, ask, From::DeletedUsers, BatchOp::Restore);
}

/// `P` with marks on the deleted users: delete them for good, once the count is typed.
pub fn purge(state: &mut State) {
    let ask = Ask {
        action: Action::Purge,
        title: "Delete users for good",
        note: "This cannot be undone: the users, their mailboxes and files go, and they can no \
               longer be restored."
            .to_owned(),
        typed: true,
        danger: true,
    };
    single(state, ask, From::DeletedUsers, BatchOp::Purge);
}
