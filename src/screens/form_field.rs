//! One field of a form (the user form, the profile form): a single-line text input or a
//! checkbox, with its initial value so the form knows what changed, whether the admin touched
//! it, and the server's complaint about it. What the field is comes from the form's own id
//! type; drawing a text field's value ([`draw_input`]) and the "discard changes?" question
//! over a form are shared too.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthStr as _;

use crate::keymap::{Action, Context, Keymap};
use crate::ui::theme::{DIM, KEY};
use crate::widgets::popup::clear;
use crate::widgets::text;

/// What a form's field ids must say about themselves.
pub trait FieldKind: Copy {
    /// The most characters the field takes; typing or pasting stops there. `None` for
    /// checkboxes.
    fn max_chars(self) -> Option<usize>;
}

/// What a field holds: a single-line text input or a checkbox, each with its initial value so
/// the form knows what changed.
#[derive(Clone, Debug)]
pub enum Value {
    Text { input: Input, initial: String },
    Check { on: bool, initial: bool },
}

#[derive(Clone, Debug)]
pub struct Field<Id> {
    pub id: Id,
    pub value: Value,
    pub required: bool,
    /// The admin changed this field, so its validation error is worth showing already.
    pub touched: bool,
    /// Graph's complaint about this field from the last failed save; cleared on the next edit.
    pub server_error: Option<String>,
}

impl<Id: FieldKind> Field<Id> {
    pub fn text(id: Id, initial: &str, required: bool) -> Self {
        Self {
            id,
            value: Value::Text {
                input: Input::new(initial.to_owned()),
                initial: initial.to_owned(),
            },
            required,
            touched: false,
            server_error: None,
        }
    }

    pub fn check(id: Id, initial: bool) -> Self {
        Self {
            id,
            value: Value::Check {
                on: initial,
                initial,
            },
            required: false,
            touched: false,
            server_error: None,
        }
    }

    /// The field holds as many characters as it may.
    pub fn is_full(&self) -> bool {
        self.id
            .max_chars()
            .is_some_and(|max| self.text_value().chars().count() >= max)
    }

    /// The text typed so far (empty for a checkbox).
    pub fn text_value(&self) -> &str {
        match &self.value {
            Value::Text { input, .. } => input.value(),
            Value::Check { .. } => "",
        }
    }

    pub fn input(&self) -> Option<&Input> {
        match &self.value {
            Value::Text { input, .. } => Some(input),
            Value::Check { .. } => None,
        }
    }

    pub fn is_checked(&self) -> bool {
        matches!(self.value, Value::Check { on: true, .. })
    }

    pub fn is_text(&self) -> bool {
        matches!(self.value, Value::Text { .. })
    }

    pub fn is_changed(&self) -> bool {
        match &self.value {
            Value::Text { input, initial } => input.value() != initial,
            Value::Check { on, initial } => on != initial,
        }
    }

    /// Replaces the text, keeping the cursor where it was (clamped to the new length).
    pub fn set_text(&mut self, text: String) {
        if let Value::Text { input, .. } = &mut self.value {
            let cursor = input.cursor();
            *input = Input::new(text).with_cursor(cursor);
        }
    }

    pub fn move_cursor_home(&mut self) {
        if let Value::Text { input, .. } = &mut self.value {
            input.handle(InputRequest::GoToStart);
        }
    }

    /// Applies one editing request; true if the text changed.
    pub fn edit(&mut self, request: InputRequest) -> bool {
        match &mut self.value {
            Value::Text { input, .. } => input.handle(request).is_some_and(|changed| changed.value),
            Value::Check { .. } => false,
        }
    }

    pub fn toggle(&mut self) {
        if let Value::Check { on, .. } = &mut self.value {
            *on = !*on;
        }
    }

    /// The initial text, trimmed: what is saved now (edit) or `""` (create).
    pub fn initial_text(&self) -> &str {
        match &self.value {
            Value::Text { initial, .. } => initial.trim(),
            Value::Check { .. } => "",
        }
    }
}

/// Draws a text field's value in `area` (one row), scrolled so the cursor shows when it has
/// focus, as `•` when `masked`; puts the terminal cursor there when `cursor` is true. What is
/// drawn has one character per character of the value, the unit the input's cursor counts
/// in, so the cursor lands right: hostile characters (a control, a bidi override) made
/// visible one for one.
pub fn draw_input(
    frame: &mut Frame,
    area: Rect,
    input: &Input,
    masked: bool,
    style: Style,
    (focused, cursor): (bool, bool),
) {
    let drawn = if masked {
        "•".repeat(input.value().chars().count())
    } else {
        text::clean(input.value()).into_owned()
    };
    let shown = &Input::new(drawn).with_cursor(input.cursor());
    // One column is kept free for the cursor after the last character.
    let width = usize::from(area.width.saturating_sub(1)).max(1);
    let scroll = if focused {
        shown.visual_scroll(width)
    } else {
        0
    };
    let paragraph = Paragraph::new(shown.value())
        .scroll((0, scroll as u16))
        .style(style);
    frame.render_widget(paragraph, area);
    if cursor {
        let x = area.x + shown.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// "Discard changes?" over a form, after Esc on a changed one.
pub fn confirm_discard(keymap: &Keymap, frame: &mut Frame, area: Rect) {
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

/// `key what  key what`: a popup's keys.
pub fn keys(pairs: &[(String, &'static str)]) -> Line<'static> {
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
pub fn show(frame: &mut Frame, area: Rect, title: &str, text: Vec<Line<'static>>) {
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
