//! Marks and the bulk actions on them through the reducer: Space, `*`, Esc asking to clear
//! them, marks surviving the filter and dropped with their users, and each action's review
//! (block or unblock with the skipped counted, delete with the count typed, revoke, the bulk
//! form, restore and purge on the deleted users), read-only refusing like the single keys.

use crossterm::event::KeyCode;

use super::*;
use crate::fixtures::{
    bulk_run, ch, ctrl, deleted_users, listed_with, notice, ok, one_run, page, press, type_text,
    users,
};
use crate::graph::{BatchOp, Change, UserPatch};
use crate::screens::bulk_form::BulkForm;
use crate::screens::bulk_progress::BulkProgress;
use crate::screens::clear_marks::ClearMarks;
use crate::screens::deleted_users::DeletedUsers;
use crate::screens::user_list::UserList;
use crate::update::update;

const ADMIN: &[&str] = &["User.ReadWrite.All"];
const READER: &[&str] = &["User.Read.All"];

fn listed(roles: &[&str]) -> State {
    let mut state = listed_with(roles, page(users(), None, Some(10)));
    crate::fixtures::untracked(&mut state);
    state
}

fn list(state: &State) -> &UserList {
    state.screens.list().expect("the list")
}

fn marked_names(state: &State) -> Vec<String> {
    list(state)
        .marked_rows()
        .iter()
        .map(|r| r.label().to_owned())
        .collect()
}

fn review(state: &State) -> &BulkReview {
    state.screens.top_as::<BulkReview>().expect("a review")
}

/// Marks the first `n` users with Space.
fn mark(state: &mut State, n: usize) {
    for _ in 0..n {
        update(state, ch(' '));
    }
}

#[test]
fn space_marks_and_moves_down_star_marks_the_filtered_view_and_marks_survive_the_filter() {
    let mut state = listed(ADMIN);
    mark(&mut state, 2);
    assert_eq!(marked_names(&state), ["Ada Lovelace", "José Álvarez Núñez"]);
    assert_eq!(list(&state).selected, 2, "Space moves down");
    // Space on a marked user unmarks it.
    update(&mut state, press(KeyCode::Up));
    update(&mut state, ch(' '));
    assert_eq!(marked_names(&state), ["Ada Lovelace"]);

    // `*` marks what the filter shows, and the marks stay when the filter goes.
    update(&mut state, ch('/'));
    type_text(&mut state, "grace");
    update(&mut state, press(KeyCode::Enter));
    update(&mut state, ch('*'));
    assert_eq!(notice(&state), "Marked 1 user shown: 2 marked");
    update(&mut state, press(KeyCode::Esc));
    assert_eq!(marked_names(&state), ["Ada Lovelace", "Grace Hopper"]);
    // Sorting keeps them.
    update(&mut state, ch('s'));
    assert_eq!(list(&state).marked_count(), 2);
    // `*` on a view all marked unmarks it; again marks every user.
    update(&mut state, ch('*'));
    assert_eq!(list(&state).marked_count(), 10);
    update(&mut state, ch('*'));
    assert_eq!(list(&state).marked_count(), 0);
}

#[test]
fn esc_with_marks_asks_before_clearing_them() {
    let mut state = listed(ADMIN);
    mark(&mut state, 3);
    update(&mut state, press(KeyCode::Esc));
    let dialog = state.screens.top_as::<ClearMarks>().expect("asks");
    assert_eq!(dialog.count, 3);
    update(&mut state, ch('n'));
    assert_eq!(list(&state).marked_count(), 3, "kept");
    update(&mut state, press(KeyCode::Esc));
    update(&mut state, ch('y'));
    assert_eq!(list(&state).marked_count(), 0);
    assert_eq!(notice(&state), "Cleared 3 marks");
}

#[test]
fn a_user_that_leaves_the_list_loses_its_mark() {
    let mut state = listed(ADMIN);
    mark(&mut state, 2);
    let ada = users()[0].id.clone();
    crate::screens::user_list::remove(&mut state, &ada);
    assert_eq!(marked_names(&state), ["José Álvarez Núñez"]);
    // A new listing without José drops his mark too.
    let id = {
        let fx = update(&mut state, ch('r'));
        crate::fixtures::listing(&fx).0
    };
    update(
        &mut state,
        ok(id, page(users()[2..].to_vec(), None, Some(8))),
    );
    assert_eq!(list(&state).marked_count(), 0);
}

#[test]
fn b_offers_block_or_unblock_and_counts_the_users_skipped() {
    let mut state = listed(ADMIN);
    // Ada, José and the disabled Former Employee.
    mark(&mut state, 2);
    update(&mut state, ch('G'));
    update(&mut state, ch(' '));
    update(&mut state, ch('b'));
    let shown = review(&state);
    assert_eq!(shown.marked, 3);
    assert_eq!(shown.jobs[0].items.len(), 2);
    assert_eq!(shown.jobs[0].skipped.as_deref(), Some("1 already blocked"));
    assert_eq!(shown.jobs[1].items.len(), 1);
    assert_eq!(shown.jobs[1].skipped.as_deref(), Some("2 already enabled"));
    assert_eq!(shown.chosen, 0, "blocking first");
    update(&mut state, press(KeyCode::Tab));
    assert_eq!(review(&state).count(), 1);
    update(&mut state, press(KeyCode::Tab));
    let fx = update(&mut state, ch('y'));
    let (_, ops) = bulk_run(&fx);
    assert_eq!(ops.len(), 2);
    let BatchOp::Update { patch, .. } = &ops[0] else {
        panic!("{ops:?}")
    };
    assert_eq!(patch.account_enabled, Some(false));
    assert!(state.screens.top_as::<BulkProgress>().is_some());
}

#[test]
fn d_needs_the_count_typed_and_r_revokes() {
    let mut state = listed(ADMIN);
    mark(&mut state, 3);
    update(&mut state, ch('d'));
    assert!(review(&state).typed.is_some());
    assert!(
        update(&mut state, press(KeyCode::Enter)).is_empty(),
        "not typed yet"
    );
    type_text(&mut state, "2");
    assert!(
        update(&mut state, press(KeyCode::Enter)).is_empty(),
        "wrong count"
    );
    update(&mut state, press(KeyCode::Backspace));
    type_text(&mut state, "3");
    let fx = update(&mut state, press(KeyCode::Enter));
    let (_, ops) = bulk_run(&fx);
    assert!(matches!(
        ops[..],
        [BatchOp::Delete(_), BatchOp::Delete(_), BatchOp::Delete(_)]
    ));

    let mut state = listed(ADMIN);
    mark(&mut state, 2);
    update(&mut state, ch('R'));
    let fx = update(&mut state, press(KeyCode::Enter));
    let (_, ops) = bulk_run(&fx);
    assert!(matches!(
        ops[..],
        [BatchOp::RevokeSessions(_), BatchOp::RevokeSessions(_)]
    ));
    // Esc leaves a review without sending.
    let mut state = listed(ADMIN);
    mark(&mut state, 1);
    update(&mut state, ch('R'));
    assert!(update(&mut state, press(KeyCode::Esc)).is_empty());
    assert!(state.screens.top_as::<UserList>().is_some());
}

#[test]
fn a_bulk_edit_gives_synced_users_the_usage_location_alone_or_leaves_them_out() {
    let mut people = users();
    people[1].on_premises_sync_enabled = Some(true);
    let mut state = listed_with(ADMIN, page(people, None, Some(10)));
    crate::fixtures::untracked(&mut state);
    mark(&mut state, 3);
    let synced = list(&state).marked_rows()[1].id();
    // A department alone: the synced user is left out, and the review says so.
    update(&mut state, ch('e'));
    type_text(&mut state, "Finance");
    update(&mut state, ctrl('s'));
    let job = review(&state).job().expect("one job").clone();
    assert_eq!(job.items.len(), 2);
    assert_eq!(
        job.skipped.as_deref(),
        Some("1 synced from on-premises Active Directory")
    );
    assert!(
        review(&state)
            .note
            .contains("as synced get the usage location alone")
    );
    // With a usage location too: the synced user gets that alone.
    update(&mut state, press(KeyCode::Esc));
    for _ in 0..4 {
        update(&mut state, press(KeyCode::Tab));
    }
    type_text(&mut state, "no");
    update(&mut state, ctrl('s'));
    let (_, ops) = bulk_run(&update(&mut state, ch('y')));
    assert_eq!(ops.len(), 3);
    for op in &ops {
        let BatchOp::Update { id, patch } = op else {
            panic!("{op:?}")
        };
        let department = if *id == synced {
            Change::Keep
        } else {
            Change::Set("Finance".to_owned())
        };
        let expected = UserPatch {
            department,
            usage_location: Change::Set("NO".to_owned()),
            ..UserPatch::default()
        };
        assert_eq!(**patch, expected, "{id:?}");
    }
}

#[test]
fn e_opens_the_bulk_form_which_sends_only_the_filled_fields_checked_as_the_form_checks() {
    let mut state = listed(ADMIN);
    mark(&mut state, 2);
    update(&mut state, ch('e'));
    assert!(state.screens.top_as::<BulkForm>().is_some());
    // Nothing filled: nothing to review.
    update(&mut state, ctrl('s'));
    let form = state.screens.top_as::<BulkForm>().expect("still the form");
    assert!(
        form.problem
            .as_deref()
            .unwrap_or_default()
            .contains("at least one")
    );
    type_text(&mut state, "Finance");
    for _ in 0..4 {
        update(&mut state, press(KeyCode::Tab));
    }
    type_text(&mut state, "n1");
    update(&mut state, ctrl('s'));
    let form = state.screens.top_as::<BulkForm>().expect("refused");
    assert_eq!(
        form.problem.as_deref(),
        Some("Usage location: two letters, e.g. US, GB, JP")
    );
    update(&mut state, press(KeyCode::Backspace));
    type_text(&mut state, "o");
    update(&mut state, ctrl('s'));
    assert_eq!(
        review(&state).changes,
        [
            ("Department", "Finance".to_owned()),
            ("Usage location", "NO".to_owned())
        ]
    );
    // Esc goes back to the form with what was typed.
    update(&mut state, press(KeyCode::Esc));
    let form = state
        .screens
        .top_as::<BulkForm>()
        .expect("back to the form");
    assert_eq!(form.filled().len(), 2);
    update(&mut state, ctrl('s'));
    let fx = update(&mut state, ch('y'));
    let (_, ops) = bulk_run(&fx);
    let expected = UserPatch {
        department: Change::Set("Finance".to_owned()),
        usage_location: Change::Set("NO".to_owned()),
        ..UserPatch::default()
    };
    for op in &ops {
        let BatchOp::Update { patch, .. } = op else {
            panic!("{op:?}")
        };
        assert_eq!(**patch, expected);
    }
    assert!(
        !state.screens.has::<BulkForm>(),
        "the form closed with the review"
    );
}

#[test]
fn read_only_refuses_the_bulk_keys_like_the_single_ones() {
    let mut state = listed(READER);
    mark(&mut state, 2);
    for key in ['e', 'd', 'b', 'R'] {
        update(&mut state, ch(key));
        assert!(
            state.screens.top_as::<UserList>().is_some(),
            "{key} opened something"
        );
        assert!(notice(&state).contains("needs User.ReadWrite.All"), "{key}");
    }
    // `p` acts on one user: with marks it says so.
    let mut state = listed(ADMIN);
    mark(&mut state, 1);
    update(&mut state, ch('p'));
    assert!(
        notice(&state).contains("acts on one user"),
        "{}",
        notice(&state)
    );
}

#[test]
fn the_deleted_users_restore_and_purge_their_marked_users() {
    let mut state = listed(ADMIN);
    let (id, _) = one_run(&update(&mut state, ch('D')));
    update(&mut state, ok(id, page(deleted_users(), None, Some(5))));
    update(&mut state, ch(' '));
    update(&mut state, ch(' '));
    let screen = state
        .screens
        .top_as::<DeletedUsers>()
        .expect("deleted users");
    assert_eq!(screen.marked_count(), 2);
    update(&mut state, ch('u'));
    let fx = update(&mut state, ch('y'));
    let (id, ops) = bulk_run(&fx);
    assert!(matches!(
        ops[..],
        [BatchOp::Restore(_), BatchOp::Restore(_)]
    ));
    // Restored: they leave the deleted users (and their marks) and join the list.
    let restored: Vec<crate::graph::User> = deleted_users()[..2].to_vec();
    let outcomes = restored
        .iter()
        .map(|u| {
            crate::graph::Outcome::Succeeded(crate::graph::BatchReply::Restored(Box::new(
                u.clone(),
            )))
        })
        .collect();
    update(
        &mut state,
        ok(id, crate::fixtures::bulk_report(outcomes, 1)),
    );
    update(&mut state, press(KeyCode::Esc));
    let screen = state
        .screens
        .top_as::<DeletedUsers>()
        .expect("deleted users");
    assert_eq!(screen.users.len(), 3);
    assert_eq!(screen.marked_count(), 0);
    assert!(list(&state).row(&restored[0].id).is_some());

    update(&mut state, ch('*'));
    update(&mut state, ch('P'));
    assert!(review(&state).typed.is_some());
    type_text(&mut state, "3");
    let fx = update(&mut state, press(KeyCode::Enter));
    let (_, ops) = bulk_run(&fx);
    assert_eq!(ops.len(), 3);
    assert!(matches!(ops[0], BatchOp::Purge(_)));
}
