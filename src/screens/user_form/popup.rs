//! The two questions the form asks over itself: "is this what you want to send?" (review) and
//! "discard changes?". Both are centred popups drawn after the form, over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::state::UserForm;
use crate::keymap::{Action, Context, Keymap};
use crate::ui::theme::{DIM, ERROR, FOCUS, KEY};
use crate::widgets::popup::clear;
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
    text.push(Line::default());
    let key = |action| keymap.label_in(action, Context::FormReview);
    text.push(keys(&[
        (key(Action::Submit), confirm),
        (key(Action::Back), "back to editing"),
    ]));
    show(frame, area, title, text);
}

pub(super) fn confirm_discard(keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let key = |action| keymap.label_in(action, Context::FormDiscard);
    let text = vec![
        Line::styled(
            format!(
                "Discard changes? {}/{}",
                key(Action::Confirm),
                key(Action::Cancel)
            ),
            KEY,
        ),
        Line::default(),
        keys(&[
            (key(Action::Confirm), "discard"),
            (
                format!("{}/{}", key(Action::Cancel), key(Action::Back)),
                "keep editing",
            ),
        ]),
    ];
    show(frame, area, " Unsaved changes ", text);
}

fn keys(pairs: &[(String, &'static str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, what)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.clone(), KEY));
        spans.push(Span::styled(format!(" {what}"), DIM));
    }
    Line::from(spans)
}

/// Draws `text` in a bordered box centred in `area`, as small as the text allows; long lines
/// are cut at the box edge rather than wrapped so each property stays on one row.
fn show(frame: &mut Frame, area: Rect, title: &str, text: Vec<Line<'static>>) {
    let content_width = text.iter().map(Line::width).max().unwrap_or(0);
    let title_width = title.width();
    // Border and one column of padding on each side.
    let width = (content_width.max(title_width) + 4).min(usize::from(area.width)) as u16;
    let height = (text.len() + 2).min(usize::from(area.height)) as u16;
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    // The app's popup clear: it also blanks a wide character (a CJK or emoji value) that
    // would spill over the left border.
    clear(frame, popup);
    let block = Block::bordered()
        .title(Line::styled(title.to_owned(), KEY))
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Paragraph::new(text).block(block), popup);
}
