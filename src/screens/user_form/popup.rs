//! The two questions the form asks over itself: "is this what you want to send?" (review) and
//! "discard changes?". Both are centred popups drawn after the form, over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::state::UserForm;
use crate::keymap::{Action, Context, Keymap};
pub(super) use crate::screens::form_field::confirm_discard;
use crate::screens::form_field::{keys, show};
use crate::ui::theme::{ERROR, FOCUS, KEY};
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
