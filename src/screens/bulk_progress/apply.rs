//! After a bulk job, the screens show what Graph did: patched users show their new values
//! (blocked ones as disabled), deleted ones leave the user list, restored ones leave the
//! deleted users and join the user list, purged ones leave the deleted users, created ones
//! join the user list. Failed and unsent operations change nothing.

use super::state::BulkJob;
use crate::graph::{BatchOp, BatchReply, BatchReport, NewUser, Outcome, User, UserId, UserPatch};
use crate::screens::deleted_users::{self, state::DeletedUsers};
use crate::screens::user_detail::state::UserDetail;
use crate::screens::user_list;
use crate::state::State;

pub(super) fn succeeded(state: &mut State, job: &BulkJob, report: &BatchReport) {
    let mut patched: Vec<(&UserId, &UserPatch)> = Vec::new();
    let mut deleted: Vec<&UserId> = Vec::new();
    let mut left_deleted_items: Vec<&UserId> = Vec::new();
    let mut restored: Vec<User> = Vec::new();
    let mut created: Vec<User> = Vec::new();
    for item in &report.items {
        let (Outcome::Succeeded(reply), Some(done)) = (&item.outcome, job.items.get(item.index))
        else {
            continue;
        };
        match (&done.op, reply) {
            (BatchOp::Update { id, patch }, _) => patched.push((id, patch)),
            (BatchOp::Delete(id), _) => deleted.push(id),
            (BatchOp::Restore(id), BatchReply::Restored(answer)) => {
                left_deleted_items.push(id);
                restored.push(restored_user(state, id, answer, &done.upn));
            }
            (BatchOp::Purge(id), _) => left_deleted_items.push(id),
            (BatchOp::Create(new), BatchReply::Created(user)) => {
                created.push(with_what_was_sent(user, new));
            }
            _ => {}
        }
    }
    if !patched.is_empty() {
        user_list::patch_users(state, &patched);
    }
    if !deleted.is_empty() {
        if state
            .screens
            .find::<UserDetail>()
            .is_some_and(|d| deleted.contains(&&d.user.id))
        {
            state.screens.close::<UserDetail>();
        }
        user_list::remove_many(state, &deleted);
    }
    if let Some(screen) = state.screens.find_mut::<DeletedUsers>() {
        for id in &left_deleted_items {
            screen.remove_user(id);
        }
        deleted_users::scroll_into_view(state);
    }
    restored.extend(created);
    user_list::insert_created_many(state, &restored);
    // `z` no longer offers to restore (or edit) a user restored, purged or deleted again.
    let gone: Vec<&UserId> = deleted.into_iter().chain(left_deleted_items).collect();
    if state.undo.as_ref().is_some_and(|u| gone.contains(&&u.user)) {
        state.undo = None;
    }
}

/// A created user as the list shows it: Graph's 201 answer has only the default properties
/// (no accountEnabled, department, usage location…), so what was sent fills the rest.
fn with_what_was_sent(answer: &User, sent: &NewUser) -> User {
    let mut user = answer.clone();
    user.account_enabled.get_or_insert(sent.account_enabled);
    user.user_type.get_or_insert_with(|| "Member".to_owned());
    let fill = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_none() {
            slot.clone_from(value);
        }
    };
    fill(&mut user.department, &sent.department);
    fill(&mut user.job_title, &sent.job_title);
    fill(&mut user.given_name, &sent.given_name);
    fill(&mut user.surname, &sent.surname);
    fill(&mut user.office_location, &sent.office_location);
    fill(&mut user.mobile_phone, &sent.mobile_phone);
    fill(&mut user.city, &sent.city);
    fill(&mut user.country, &sent.country);
    fill(&mut user.usage_location, &sent.usage_location);
    if user.business_phones.is_empty() {
        user.business_phones.clone_from(&sent.business_phones);
    }
    user
}

/// A restored user as the user list shows it: the deleted users' copy (enabled, type), with
/// the UPN and mail Graph's answer gives back.
fn restored_user(state: &State, id: &UserId, answer: &User, upn: &str) -> User {
    let listed = state
        .screens
        .find::<DeletedUsers>()
        .and_then(|s| s.users.iter().find(|u| u.id == *id))
        .cloned();
    let mut user = listed.unwrap_or_else(|| answer.clone());
    user.user_principal_name = answer
        .user_principal_name
        .clone()
        .or_else(|| Some(upn.to_owned()));
    user.mail = answer.mail.clone().or(user.mail);
    user.deleted_date_time = None;
    user
}
