//! Reading the detail's user and its relations. The user first (the list's copy is shown
//! meanwhile); when it arrives, each relation is asked for on its own, so one that is slow or
//! fails never holds up or hides another. Answers go to the detail that asked, by its `view`;
//! one whose detail has left the stack is dropped.

use chrono::{DateTime, Utc};

use super::state::{Load, Part, SignIns, UserDetail};
use crate::effect::Effects;
use crate::graph::{GraphError, Related, Relation, SignInUnavailable, User, UserId};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Pending, State};

/// Whether `p` is a request of the detail `view`.
pub fn is_for(view: u64) -> impl Fn(&Pending) -> bool {
    move |p| matches!(p, Pending::Detail(load) if load.view() == Some(view))
}

fn detail_mut(state: &mut State, view: u64) -> Option<&mut UserDetail> {
    state.screens.iter_mut().rev().find_map(|s| match s {
        crate::screens::Screen::UserDetail(d) if d.view == view => Some(d.as_mut()),
        _ => None,
    })
}

/// Asks for every relation of the detail `view`. Sign-in activity is not asked for when the
/// token already shows the app lacks `AuditLog.Read.All`: the row says so at once.
pub fn relations(state: &mut State, view: u64, fx: &mut Effects) {
    let can_read_sign_ins = state
        .session
        .as_ref()
        .is_none_or(|s| s.permissions().can_read_sign_ins());
    for relation in Relation::ALL {
        if relation == Relation::SignInActivity && !can_read_sign_ins {
            if let Some(detail) = detail_mut(state, view) {
                detail.relations.sign_ins = Part {
                    value: Some(SignIns::Unavailable(SignInUnavailable::Permission)),
                    error: None,
                };
            }
            continue;
        }
        one(state, view, relation, fx);
    }
}

/// Asks again for one relation of every detail showing `user_id`: what another screen calls
/// after changing it (a new manager, a report moved away).
pub fn reload(state: &mut State, user_id: &UserId, relation: Relation, fx: &mut Effects) {
    let views: Vec<u64> = state
        .screens
        .iter()
        .filter_map(|s| match s {
            crate::screens::Screen::UserDetail(d) if d.user.id == *user_id => Some(d.view),
            _ => None,
        })
        .collect();
    for view in views {
        fx.cancel(state, |p| {
            matches!(p, Pending::Detail(Load::Related { view: v, relation: r, .. })
                if *v == view && *r == relation)
        });
        one(state, view, relation, fx);
    }
}

/// Asks for the first page of `relation` for the detail `view`; a failure shown for it goes
/// (the spinner says it is being read again).
fn one(state: &mut State, view: u64, relation: Relation, fx: &mut Effects) {
    let Some(detail) = detail_mut(state, view) else {
        return;
    };
    clear_error(detail, relation);
    let user_id = detail.user.id.clone();
    let pending = Pending::Detail(Load::Related {
        view,
        user_id: user_id.clone(),
        label: detail.user.label().to_owned(),
        relation,
        more: false,
    });
    fx.run(
        state,
        Op::Related {
            id: user_id,
            relation,
        },
        pending,
    );
}

fn clear_error(detail: &mut UserDetail, relation: Relation) {
    let r = &mut detail.relations;
    match relation {
        Relation::Manager => r.manager.error = None,
        Relation::DirectReports => r.reports.error = None,
        Relation::MemberOf => r.groups.error = None,
        Relation::Licenses => r.licenses.error = None,
        Relation::SignInActivity => r.sign_ins.error = None,
    }
}

/// What one relation request of the detail `view` answered.
pub struct Answer {
    pub view: u64,
    pub label: String,
    pub relation: Relation,
    pub more: bool,
    pub at: DateTime<Utc>,
}

/// Puts an answer in its section, and asks for the next page when there is one.
pub fn answered(
    state: &mut State,
    answer: Answer,
    result: Result<Reply, GraphError>,
    fx: &mut Effects,
) {
    let Some(detail) = detail_mut(state, answer.view) else {
        tracing::debug!(
            answer.view,
            "dropped a relation for a detail no longer shown"
        );
        return;
    };
    let next = match result {
        Ok(Reply::Related(related)) => merge(detail, *related, answer.more, answer.at),
        Ok(reply) => {
            tracing::warn!(?reply, "an answer that does not fit its request");
            None
        }
        Err(e) => {
            failed(detail, answer.relation, e);
            None
        }
    };
    if let Some(next) = next {
        let pending = Pending::Detail(Load::Related {
            view: answer.view,
            user_id: detail.user.id.clone(),
            label: answer.label,
            relation: answer.relation,
            more: true,
        });
        let op = Op::RelatedNext {
            next,
            relation: answer.relation,
        };
        fx.run(state, op, pending);
    }
}

/// Replaces the section's value with a first page, or adds a later page to it. Returns the
/// next page to ask for.
fn merge(
    detail: &mut UserDetail,
    related: Related,
    more: bool,
    at: DateTime<Utc>,
) -> Option<crate::graph::NextPage> {
    fn put<T>(part: &mut Part<Vec<T>>, items: Vec<T>, more: bool) {
        match (&mut part.value, more) {
            (Some(shown), true) => shown.extend(items),
            _ => part.value = Some(items),
        }
        part.error = None;
    }
    let r = &mut detail.relations;
    match related {
        Related::Manager(manager) => {
            r.manager = Part {
                value: Some(manager),
                error: None,
            };
            None
        }
        Related::DirectReports(page) => {
            put(&mut r.reports, page.items, more);
            page.next
        }
        Related::MemberOf(page) => {
            put(&mut r.groups, page.items, more);
            page.next
        }
        Related::Licenses(page) => {
            put(&mut r.licenses, page.items, more);
            page.next
        }
        Related::SignInActivity(activity) => {
            r.sign_ins = Part {
                value: Some(SignIns::Seen { activity, at }),
                error: None,
            };
            None
        }
    }
}

/// A failure stays in its own section. For sign-ins, Graph's 403 for a missing permission or
/// licence is no failure: the row says what is missing.
fn failed(detail: &mut UserDetail, relation: Relation, e: GraphError) {
    let r = &mut detail.relations;
    match relation {
        Relation::Manager => r.manager.error = Some(e),
        Relation::DirectReports => r.reports.error = Some(e),
        Relation::MemberOf => r.groups.error = Some(e),
        Relation::Licenses => r.licenses.error = Some(e),
        Relation::SignInActivity => match e.sign_in_unavailable() {
            Some(why) => {
                r.sign_ins = Part {
                    value: Some(SignIns::Unavailable(why)),
                    error: None,
                };
            }
            None => r.sign_ins.error = Some(e),
        },
    }
}

/// Another screen changed the manager of `user_id` and knows the new one (`None`: removed):
/// every detail of that user shows it at once, without a request.
pub fn manager_changed(state: &mut State, user_id: &UserId, manager: Option<&User>) {
    for screen in state.screens.iter_mut() {
        if let crate::screens::Screen::UserDetail(d) = screen
            && d.user.id == *user_id
        {
            d.relations.manager = Part {
                value: Some(manager.map(|user| {
                    Box::new(crate::graph::Person {
                        odata_type: Some("#microsoft.graph.user".to_owned()),
                        user: user.clone(),
                    })
                })),
                error: None,
            };
        }
    }
}
