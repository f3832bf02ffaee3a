//! The rows of the detail's relations, each from its own answer: the manager (in Job
//! information), direct reports, the last sign-ins (in Settings), licences and group
//! memberships. While a relation has no answer its row says it is loading; a failure stays in
//! its own rows, with how to retry and Graph's request-id.

use chrono::{DateTime, Utc};
use ratatui::style::Style;
use ratatui::text::Span;

use super::builder::{Builder, LABEL_WIDTH, pad};
use super::state::{Part, Section, SignIns};
use crate::graph::{
    GraphError, License, Membership, MembershipKind, Person, Relation, SignInActivity,
    SignInUnavailable,
};
use crate::keymap::Action;
use crate::ui::theme::{DIM, ERROR, KEY, WARN};
use crate::widgets::{spinner, text};

/// The width of a name column: its longest entry, at least 8 cells and at most
/// `share.0 / share.1` of `room`.
fn column(widths: impl Iterator<Item = usize>, room: usize, share: (usize, usize)) -> usize {
    let most = (room * share.0 / share.1).max(8);
    widths.max().unwrap_or(0).clamp(8, most)
}

/// What a relation row says while nothing is known: loading, failed, or nothing asked (the
/// user is gone). `None` once there is a value to show.
fn pending_or_failed<T>(
    b: &Builder<'_>,
    part: &Part<T>,
    relation: Relation,
    used: usize,
) -> Option<Vec<Span<'static>>> {
    if let Some(e) = &part.error {
        return Some(vec![failure(b, e, relation, used)]);
    }
    if part.value.is_some() {
        return None;
    }
    Some(if b.loading(relation) {
        vec![Span::styled(
            format!("{} loading…", spinner(b.state.tick)),
            KEY,
        )]
    } else {
        vec![Span::styled("—", DIM)]
    })
}

/// A relation's failure: what failed, how to retry, and Graph's request-id.
fn failure_text(b: &Builder<'_>, error: &GraphError, relation: Relation) -> String {
    let line = match (error.status(), advice(relation)) {
        (Some(403), Some(advice)) => error.line_with_advice(advice),
        _ => error.to_string(),
    };
    let retry = b.state.keymap.short(Action::Refresh);
    format!("✗ {retry} retries · {line}")
}

/// A failure in the one row of a property, cut to fit with its request-id kept.
fn failure(b: &Builder<'_>, error: &GraphError, relation: Relation, used: usize) -> Span<'static> {
    let shown = failure_text(b, error, relation);
    Span::styled(text::truncate_keep_request_id(&shown, b.room(used)), ERROR)
}

/// A failure in rows of its own, wrapped to the width.
fn failure_lines(b: &Builder<'_>, error: &GraphError, relation: Relation) -> Vec<String> {
    text::wrap(&failure_text(b, error, relation), b.room(2), 2)
}

/// What to grant when Graph refuses to read a relation.
fn advice(relation: Relation) -> Option<&'static str> {
    match relation {
        Relation::MemberOf => Some(
            "grant the app GroupMember.Read.All or Directory.Read.All (application) with admin \
             consent",
        ),
        Relation::Manager | Relation::DirectReports | Relation::Licenses => {
            Some("grant the app User.Read.All (application) with admin consent")
        }
        Relation::SignInActivity => None,
    }
}

/// A person's name, then its UPN dimmed, in `room` cells.
fn person(p: &Person, room: usize) -> Vec<Span<'static>> {
    let name = text::truncate(p.user.label(), room);
    let mut spans = vec![Span::raw(name.clone())];
    let left = room.saturating_sub(text::width(&name) + 2);
    let upn = p.user.user_principal_name.as_deref().unwrap_or_default();
    let rest = if p.is_user() { upn } else { "(contact)" };
    if left > 3 && !rest.is_empty() && rest != p.user.label() {
        spans.push(Span::styled(
            format!("  {}", text::truncate(rest, left)),
            DIM,
        ));
    }
    spans
}

pub(super) fn manager(b: &mut Builder<'_>) {
    let part = &b.detail.relations.manager;
    let used = LABEL_WIDTH + 2;
    if let Some(spans) = pending_or_failed(b, part, Relation::Manager, used) {
        b.field("Manager", spans, None);
        return;
    }
    match part.value.clone().flatten() {
        Some(p) => {
            let opens = p.is_user().then(|| p.user.clone());
            b.field("Manager", person(&p, b.room(used)), opens);
        }
        None => b.field("Manager", vec![Span::styled("none", DIM)], None),
    }
}

/// `title (n)` once the list is known.
fn counted<T>(title: &str, part: &Part<Vec<T>>) -> String {
    match &part.value {
        Some(items) => format!("{title} ({})", items.len()),
        None => title.to_owned(),
    }
}

/// A list section's heading and, while it has no items to show, its one status row.
fn list_section<T>(
    b: &mut Builder<'_>,
    section: Section,
    title: &str,
    part: &Part<Vec<T>>,
    relation: Relation,
) -> bool {
    let more = part.value.is_some() && b.loading(relation);
    b.heading(section, &counted(title, part), more);
    if let Some(e) = &part.error {
        // A section has the room to say all of it: wrapped, request-id included.
        for line in failure_lines(b, e, relation).into_iter().take(5) {
            b.item(vec![Span::styled(line, ERROR)], None);
        }
        return part.value.as_ref().is_some_and(|v| !v.is_empty());
    }
    if let Some(spans) = pending_or_failed(b, part, relation, 2) {
        b.item(spans, None);
        // A later page failed: the rows that did arrive still follow.
        return part.value.as_ref().is_some_and(|v| !v.is_empty());
    }
    if part.value.as_ref().is_some_and(Vec::is_empty) {
        b.item(vec![Span::styled("none", DIM)], None);
        return false;
    }
    true
}

pub(super) fn reports(b: &mut Builder<'_>) {
    let part = &b.detail.relations.reports;
    if !list_section(
        b,
        Section::Reports,
        "Direct reports",
        part,
        Relation::DirectReports,
    ) {
        return;
    }
    let room = b.room(2);
    let people = part.value.clone().unwrap_or_default();
    let name_width = column(
        people.iter().map(|p| text::width(p.user.label())),
        room,
        (1, 2),
    );
    for p in people {
        let name = pad(p.user.label(), name_width);
        let mut spans = vec![Span::raw(name)];
        let mut detail = if p.is_user() {
            p.user.user_principal_name.clone().unwrap_or_default()
        } else {
            "(contact)".to_owned()
        };
        if let Some(title) = p.user.job_title.as_deref().filter(|t| !t.is_empty()) {
            detail = format!("{detail} · {title}");
        }
        let left = room.saturating_sub(name_width + 2);
        if left > 3 {
            spans.push(Span::styled(
                format!("  {}", text::truncate(&detail, left)),
                DIM,
            ));
        }
        let opens = p.is_user().then_some(p.user);
        b.item(spans, opens);
    }
}

pub(super) fn sign_ins(b: &mut Builder<'_>) {
    let part = &b.detail.relations.sign_ins;
    let used = LABEL_WIDTH + 2;
    if let Some(spans) = pending_or_failed(b, part, Relation::SignInActivity, used) {
        b.field("Last sign-in", spans, None);
        return;
    }
    match part.value.clone() {
        Some(SignIns::Unavailable(why)) => {
            let reason = match why {
                SignInUnavailable::Permission => {
                    "not shown: the app needs AuditLog.Read.All (application permission, admin \
                     consent)"
                }
                SignInUnavailable::Licence => {
                    "not shown: the tenant needs Microsoft Entra ID P1 or P2"
                }
            };
            let shown = text::truncate(reason, b.room(used));
            b.field("Last sign-in", vec![Span::styled(shown, WARN)], None);
        }
        Some(SignIns::Seen { activity, at }) => {
            let activity = activity.unwrap_or_default();
            let SignInActivity {
                last_sign_in_date_time: interactive,
                last_non_interactive_sign_in_date_time: other,
                last_successful_sign_in_date_time: success,
            } = activity;
            let never = "never (or before Entra kept it)";
            for (label, when) in [
                ("Last sign-in", interactive),
                ("Last successful", success),
                ("Non-interactive", other),
            ] {
                let value = when.map_or_else(|| never.to_owned(), |d| ago(d, at));
                let style = if when.is_some() { Style::new() } else { DIM };
                let shown = text::truncate(&value, b.room(used));
                b.field(label, vec![Span::styled(shown, style)], None);
            }
        }
        None => {}
    }
}

/// `2026-03-10 08:12 UTC (4 days ago)`, counted from when Graph answered.
fn ago(when: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let days = (at - when).num_days();
    let how_long = match days {
        ..=0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    };
    format!("{} ({how_long})", when.format("%Y-%m-%d %H:%M UTC"))
}

pub(super) fn licenses(b: &mut Builder<'_>) {
    let part = &b.detail.relations.licenses;
    if !list_section(b, Section::Licences, "Licences", part, Relation::Licenses) {
        return;
    }
    let licenses: Vec<License> = part.value.clone().unwrap_or_default();
    let room = b.room(2);
    let sku = |l: &License| {
        l.sku_part_number
            .clone()
            .or_else(|| l.sku_id.clone())
            .unwrap_or_else(|| l.id.clone())
    };
    let sku_width = column(licenses.iter().map(|l| text::width(&sku(l))), room, (1, 2));
    for license in &licenses {
        let total = license.service_plans.len();
        let off = total - license.enabled_plans();
        let s = if total == 1 { "" } else { "s" };
        let plans = if off > 0 {
            format!("{total} service plan{s} ({off} turned off)")
        } else {
            format!("{total} service plan{s}")
        };
        let left = room.saturating_sub(sku_width + 2);
        b.item(
            vec![
                Span::raw(pad(&sku(license), sku_width)),
                Span::styled(format!("  {}", text::truncate(&plans, left)), DIM),
            ],
            None,
        );
    }
}

/// How the group memberships section names a kind.
fn kind_name(m: &Membership) -> String {
    let kind = match m.kind() {
        MembershipKind::Microsoft365 => "Microsoft 365".to_owned(),
        MembershipKind::Security => "Security".to_owned(),
        MembershipKind::MailEnabledSecurity => "Mail-enabled security".to_owned(),
        MembershipKind::Distribution => "Distribution".to_owned(),
        MembershipKind::DirectoryRole => "Directory role".to_owned(),
        MembershipKind::AdministrativeUnit => "Administrative unit".to_owned(),
        MembershipKind::UnknownGroup => "Group".to_owned(),
        MembershipKind::Other(name) => name,
    };
    if m.is_dynamic() {
        format!("{kind} · dynamic")
    } else {
        kind
    }
}

pub(super) fn groups(b: &mut Builder<'_>) {
    let part = &b.detail.relations.groups;
    if !list_section(
        b,
        Section::Groups,
        "Group memberships",
        part,
        Relation::MemberOf,
    ) {
        return;
    }
    let mut memberships = part.value.clone().unwrap_or_default();
    // Admin roles first (they matter most), then by name.
    memberships.sort_by_cached_key(|m| {
        (
            m.kind() != MembershipKind::DirectoryRole,
            m.display_name.as_deref().unwrap_or_default().to_lowercase(),
        )
    });
    let room = b.room(2);
    let hidden = "(name not readable)";
    let name_of = |m: &Membership| m.display_name.clone().unwrap_or_else(|| hidden.to_owned());
    let name_width = column(
        memberships.iter().map(|m| text::width(&name_of(m))),
        room,
        (3, 5),
    );
    let mut unnamed = false;
    for m in &memberships {
        unnamed |= m.display_name.is_none();
        let left = room.saturating_sub(name_width + 2);
        let (name_style, kind) = if m.display_name.is_some() {
            (Style::new(), kind_name(m))
        } else {
            // The id is all Graph gave: enough to look the group up elsewhere.
            (DIM, format!("{} · id {}", kind_name(m), m.id))
        };
        b.item(
            vec![
                Span::styled(pad(&name_of(m), name_width), name_style),
                Span::styled(format!("  {}", text::truncate(&kind, left)), DIM),
            ],
            None,
        );
        if let Some(rule) = m.membership_rule.as_deref().filter(|_| m.is_dynamic()) {
            let shown = text::truncate(rule, room.saturating_sub(8));
            b.item(vec![Span::styled(format!("  rule  {shown}"), DIM)], None);
        }
    }
    if unnamed {
        let note = "Graph names only groups and roles the app may read: grant GroupMember.Read.All \
                    (groups) and RoleManagement.Read.Directory (roles), or Directory.Read.All";
        b.item(vec![Span::styled(text::truncate(note, room), WARN)], None);
    }
}
