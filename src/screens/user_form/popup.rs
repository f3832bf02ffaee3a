//! The two questions the form asks over itself: "is this what you want to send?" (review) and
//! "discard changes?". Both are centred popups drawn after the form, over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::state::{DomainSource, UserForm};
use crate::keymap::{Action, Context, Keymap};
pub(super) use crate::screens::form_field::confirm_discard;
use crate::screens::form_field::{keys, show};
use crate::ui::theme::{DIM, ERROR, FOCUS, KEY, SELECTED, WARN};
use crate::widgets::text;

pub(super) fn review(form: &UserForm, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let lines = form.review_lines();
    let label_width = lines.iter().map(|l| l.label.width()).max().unwrap_or(0);
    let (title, question, confirm) = if form.is_create() {
        (" Review: new user ", "Create this user?", "create")
    } else {
        (" Review: changes ", "Save these changes?", "save")
    };
    let mut text = vec![Line::styled(question, KEY), Line::default()];
    for line in &lines {
        let pad = " ".repeat(label_width - line.label.width());
        let mut spans = vec![
            Span::raw(pad),
            Span::styled(line.label, KEY),
            Span::raw(": "),
        ];
        if let Some(old) = &line.old {
            spans.push(Span::styled(text::clean(old).into_owned(), ERROR));
            spans.push(Span::raw(" → "));
        }
        spans.push(Span::styled(text::clean(&line.new).into_owned(), FOCUS));
        text.push(Line::from(spans));
    }
    if let Some((old, new)) = form.upn_rename() {
        text.push(Line::default());
        let width = lines
            .iter()
            .map(|l| {
                label_width + 2 + l.old.as_deref().map_or(0, |o| o.width() + 3) + l.new.width()
            })
            .max()
            .unwrap_or(0)
            .clamp(
                RENAME_WIDTH,
                usize::from(area.width.saturating_sub(4)).max(RENAME_WIDTH),
            );
        let warning = format!(
            "⚠ The sign-in name changes: from now on the user signs in as {new}, and {old} \
             stops working. Tell the user before saving."
        );
        for row in text::wrap(&warning, width, 2) {
            text.push(Line::styled(row, WARN));
        }
    }
    text.push(Line::default());
    let key = |action| keymap.label_in(action, Context::FormReview);
    text.push(keys(&[
        (key(Action::Submit), confirm),
        (key(Action::Back), "back to editing"),
    ]));
    show(frame, area, title, text);
}

/// The rename warning is wrapped to at least this many columns.
const RENAME_WIDTH: usize = 56;

/// The domains the UPN may take, the chosen one marked, and where the list came from.
pub(super) fn choose_domain(
    form: &UserForm,
    selected: usize,
    keymap: &Keymap,
    frame: &mut Frame,
    area: Rect,
) {
    let domains = &form.domains;
    let mut lines = vec![
        Line::styled("Domain of the sign-in name", KEY),
        Line::default(),
    ];
    for (i, name) in domains.names.iter().enumerate() {
        let mut row = format!(
            "{}{}",
            if i == selected { "› " } else { "  " },
            text::clean(name)
        );
        if domains.default.as_deref() == Some(name.as_str()) {
            row.push_str("  (default)");
        }
        let style = if i == selected {
            SELECTED
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(row, style));
    }
    lines.push(Line::default());
    let source = match domains.source {
        DomainSource::Verified => "The tenant's verified domains, from Graph.",
        DomainSource::Loading => {
            "From the loaded users while the tenant's domains load; check it is verified."
        }
        DomainSource::NoPermission => {
            "From the loaded users: the app may not list the tenant's domains (grant it \
             Domain.Read.All to see the verified ones)."
        }
        DomainSource::Failed => {
            "From the loaded users: Graph did not list the tenant's domains (see E)."
        }
        DomainSource::NotAsked => "From the loaded users.",
    };
    let width = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(RENAME_WIDTH);
    for row in text::wrap(source, width, 0) {
        lines.push(Line::styled(row, DIM));
    }
    lines.push(Line::default());
    let key = |action| keymap.label_in(action, Context::FormDomain);
    lines.push(keys(&[
        (format!("{}/{}", key(Action::Up), key(Action::Down)), "move"),
        (key(Action::Submit), "use it"),
        (key(Action::Back), "back"),
    ]));
    show(frame, area, " UPN domain ", lines);
}
