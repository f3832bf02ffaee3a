//! Drawing the form: a pure function of `&UserForm` (plus `tick` for the spinner).
//!
//! Layout inside the border: the field list (scrolled so the focused field stays visible), a
//! gap, the message area (up to 3 wrapped rows) and one row of keys. Each field row is
//! `› label* input ✗ problem`; a problem too wide to fit beside its input goes on the row under
//! it. All widths are display widths, so CJK and emoji line up.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::field::{Field, FieldId};
use super::popup;
use super::state::{Message, Stage, UserForm};
use crate::keymap::{Action, Context, Keymap};
use crate::ui::hints::Hint;
use crate::ui::theme::{DIM, ERROR, FOCUS, KEY};
use crate::widgets::{spinner, text};

/// `› ` before the focused field's label: focus must not rely on colour alone (`NO_COLOR`).
const MARKER_WIDTH: u16 = 2;
const INPUT_MAX_WIDTH: u16 = 48;
const MESSAGE_MAX_ROWS: usize = 3;

/// What is shown beside (or under) a field.
enum Note {
    Problem(String),
    Hint(String),
}

/// Column positions shared by every field row.
struct Columns {
    label_width: u16,
    input_x: u16,
    input_width: u16,
    beside_x: u16,
    beside_width: u16,
}

impl Columns {
    fn new(form: &UserForm, area: Rect) -> Self {
        // +1: the `*` of required fields, so every label ends in the same column.
        let label_width = form
            .fields
            .iter()
            .map(|f| f.id.label().width() as u16 + 1)
            .max()
            .unwrap_or(0);
        let input_x = area.x + MARKER_WIDTH + label_width + 1;
        let available = area.right().saturating_sub(input_x);
        let input_width = (available * 3 / 5).clamp(available.min(16), INPUT_MAX_WIDTH);
        let beside_x = input_x + input_width + 1;
        Self {
            label_width,
            input_x,
            input_width,
            beside_x,
            beside_width: area.right().saturating_sub(beside_x),
        }
    }

    /// Whether `shown` fits beside the input; else a problem goes under it and a hint is left out.
    fn fits_beside(&self, shown: &str) -> bool {
        shown.width() <= usize::from(self.beside_width)
    }
}

/// What the form needs from the app to draw itself.
struct Ambient<'a> {
    keymap: &'a Keymap,
    saving: bool,
    tick: u64,
}

/// Draws the form into `area`. Pure: `saving` (a save is awaited) and `tick` (the spinner
/// frame) come from the app's state.
pub(super) fn render(
    form: &UserForm,
    keymap: &Keymap,
    saving: bool,
    tick: u64,
    frame: &mut Frame,
    area: Rect,
) {
    let ambient = Ambient {
        keymap,
        saving,
        tick,
    };
    let title = format!(" {} ", text::clean(&form.title));
    let frame_block = Block::bordered().title(Line::from(title).style(KEY));
    let body = frame_block.inner(area).inner(Margin::new(1, 0));
    if body.width < 30 || body.height < 4 {
        frame.render_widget(frame_block, area);
        frame.render_widget(Paragraph::new("Terminal too small for the form"), body);
        return;
    }
    let message = message_lines(form, &ambient, usize::from(body.width));
    let [fields_area, _, message_area, keys_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(message.len() as u16),
        Constraint::Length(1),
    ])
    .areas(body);

    let columns = Columns::new(form, fields_area);
    let notes: Vec<Option<Note>> = (0..form.fields.len())
        .map(|i| note(form, keymap, i))
        .collect();
    let heights: Vec<u16> = notes
        .iter()
        .map(|note| match note {
            Some(Note::Problem(text)) if !columns.fits_beside(&format!("✗ {text}")) => 2,
            _ => 1,
        })
        .collect();
    let total: u16 = heights.iter().sum();
    let focus_bottom: u16 = heights[..=form.focus].iter().sum();
    let scroll = focus_bottom.saturating_sub(fields_area.height);

    let mut block = frame_block;
    if scroll > 0 {
        block = block.title_top(Line::from(" ↑ more ").right_aligned());
    }
    if total - scroll > fields_area.height {
        block = block.title_bottom(Line::from(" ↓ more ").right_aligned());
    }
    frame.render_widget(block, area);

    let mut top: u16 = 0;
    for (index, field) in form.fields.iter().enumerate() {
        let rows = top.checked_sub(scroll).map(|y| fields_area.y + y);
        top += heights[index];
        let Some(y) = rows.filter(|&y| y < fields_area.bottom()) else {
            continue;
        };
        let row = FieldRow {
            form,
            saving,
            field,
            focused: index == form.focus,
            columns: &columns,
            left: fields_area.x,
            y,
        };
        row.render(
            frame,
            notes[index].as_ref(),
            heights[index] == 2,
            fields_area.bottom(),
        );
    }

    frame.render_widget(Paragraph::new(message), message_area);
    let keys = keys_line(form, &ambient, keys_area.width);
    frame.render_widget(Paragraph::new(keys), keys_area);

    match form.stage {
        Stage::Review => popup::review(form, keymap, frame, area),
        Stage::ConfirmDiscard => popup::confirm_discard(keymap, frame, area),
        Stage::ChooseDomain { selected } => {
            popup::choose_domain(form, selected, keymap, frame, area);
        }
        Stage::Editing => {}
    }
}

/// The problem or hint for field `index`, if any.
fn note(form: &UserForm, keymap: &Keymap, index: usize) -> Option<Note> {
    if let Some(problem) = form.shown_problem(index) {
        return Some(Note::Problem(problem));
    }
    let hint = |text: &str| Some(Note::Hint(text.to_owned()));
    match form.fields[index].id {
        // On an edit, only while a rename is on the admin's mind.
        FieldId::MailNickname
            if form.nickname_follows_upn && (form.is_create() || upn_in_play(form)) =>
        {
            hint("follows the UPN")
        }
        FieldId::Password if form.password_visible => hint("generated"),
        FieldId::UserPrincipalName if index == form.focus && !form.domains.names.is_empty() => {
            let key = keymap.label_in(Action::ChooseDomain, Context::Form);
            hint(&format!("{key} chooses the domain"))
        }
        _ => None,
    }
}

/// The edit form's UPN has focus or was changed.
fn upn_in_play(form: &UserForm) -> bool {
    form.index_of(FieldId::UserPrincipalName)
        .is_some_and(|i| i == form.focus || form.fields[i].is_changed())
}

struct FieldRow<'a> {
    form: &'a UserForm,
    saving: bool,
    field: &'a Field,
    focused: bool,
    columns: &'a Columns,
    left: u16,
    y: u16,
}

impl FieldRow<'_> {
    fn render(&self, frame: &mut Frame, note: Option<&Note>, note_under: bool, bottom: u16) {
        let saving = self.saving;
        let (marker, label_style) = if self.focused && !saving {
            ("›", FOCUS)
        } else {
            (" ", Style::new())
        };
        let label = format!(
            "{}{}",
            self.field.id.label(),
            if self.field.required { "*" } else { " " }
        );
        let pad = usize::from(self.columns.label_width).saturating_sub(label.width());
        // Right-aligned labels with the marker just before the text, where the eye is.
        let head = Line::from(vec![
            Span::raw(" ".repeat(pad)),
            Span::styled(format!("{marker} "), FOCUS),
            Span::styled(label, label_style),
        ]);
        let head_width = MARKER_WIDTH + self.columns.label_width;
        frame.render_widget(head, Rect::new(self.left, self.y, head_width, 1));

        let input_area = Rect::new(self.columns.input_x, self.y, self.columns.input_width, 1);
        self.render_value(frame, input_area, saving);

        let Some(note) = note else { return };
        let line = match note {
            Note::Problem(text) => Line::styled(format!("✗ {text}"), ERROR),
            Note::Hint(text) => Line::styled(text.clone(), DIM),
        };
        if !note_under {
            let beside = Rect::new(self.columns.beside_x, self.y, self.columns.beside_width, 1);
            if matches!(note, Note::Problem(_)) || self.columns.fits_beside(&line.to_string()) {
                frame.render_widget(line, beside);
            }
        } else if self.y + 1 < bottom {
            let width = self.columns.input_width + 1 + self.columns.beside_width;
            frame.render_widget(line, Rect::new(self.columns.input_x, self.y + 1, width, 1));
        }
    }

    fn render_value(&self, frame: &mut Frame, area: Rect, saving: bool) {
        let mut style = Style::new();
        if saving {
            style = style.add_modifier(Modifier::DIM);
        } else if self.focused {
            style = style.add_modifier(Modifier::BOLD);
        }
        let Some(input) = self.field.input() else {
            let check = if self.field.is_checked() {
                "[x]"
            } else {
                "[ ]"
            };
            frame.render_widget(Span::styled(check, style), area);
            return;
        };
        let masked = self.field.id == FieldId::Password && !self.form.password_visible;
        let cursor = self.focused && self.form.stage == Stage::Editing && !self.saving;
        crate::screens::form_field::draw_input(
            frame,
            area,
            input,
            masked,
            style.add_modifier(Modifier::UNDERLINED),
            (self.focused, cursor),
        );
    }
}

/// What the message line says.
pub(super) fn message_text(message: &Message) -> String {
    match message {
        Message::Generated => {
            "Generated a strong password; it is shown again once the user exists".to_owned()
        }
        Message::NothingToSave => "Nothing to save".to_owned(),
        Message::Invalid { label, problem } => format!("Can't save yet: {label}: {problem}"),
        Message::Capped { label, max } => {
            format!("{label} holds at most {max} characters in Entra; the rest was not taken")
        }
        Message::NoDomains => {
            "No domains are known to choose from: type the domain after the @".to_owned()
        }
        Message::Failed(error) if error.is_mastered_on_premises() => error.line_with_advice(
            "the user is synced from on-premises Active Directory: change it there, and it \
             syncs here",
        ),
        Message::Failed(error) => error.to_string(),
    }
}

/// The message area: the spinner while saving, else the current message wrapped to at most
/// [`MESSAGE_MAX_ROWS`] rows (Graph's lines carry the request-id at the end, which must show).
fn message_lines(form: &UserForm, ambient: &Ambient, width: usize) -> Vec<Line<'static>> {
    if ambient.saving {
        return vec![Line::from(vec![
            Span::styled(spinner(ambient.tick), FOCUS),
            Span::raw(" Saving…"),
        ])];
    }
    let Some(message) = &form.message else {
        return form
            .standing_note
            .map(|note| wrap(note, width).into_iter().map(Line::raw).collect())
            .unwrap_or_default();
    };
    let (text, style) = match message {
        Message::Generated | Message::NothingToSave => (message_text(message), Style::new()),
        Message::Invalid { .. }
        | Message::Capped { .. }
        | Message::NoDomains
        | Message::Failed(_) => (format!("✗ {}", message_text(message)), ERROR),
    };
    let mut rows = wrap(&text, width);
    if rows.len() > MESSAGE_MAX_ROWS {
        rows.truncate(MESSAGE_MAX_ROWS);
        if let Some(last) = rows.last_mut() {
            last.push('…');
        }
    }
    rows.into_iter()
        .map(|row| Line::styled(row, style))
        .collect()
}

/// Greedy word wrap by display width; a word wider than `width` is split between characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split(' ') {
        let needed = if row.is_empty() {
            word.width()
        } else {
            row.width() + 1 + word.width()
        };
        if needed <= width {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        for c in word.chars() {
            if row.width() + c.to_string().width() > width {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

/// The keys of the form's stage, from the keymap, most used first.
fn key_hints(form: &UserForm, ambient: &Ambient) -> Vec<Hint> {
    let km = ambient.keymap;
    if ambient.saving {
        return vec![Hint::action(km, Action::Back, "cancel", 9)];
    }
    let context = form.context();
    let hint = |action: Action, what: &str| Hint::fixed(&km.label_in(action, context), what, 9);
    match form.stage {
        Stage::Editing => {
            let text = form.fields[form.focus].is_text();
            let mut hints = vec![
                hint(Action::NextField, "next"),
                hint(Action::PrevField, "prev"),
                hint(Action::Save, "save"),
                hint(Action::Back, "leave"),
            ];
            if !text {
                hints.push(hint(Action::Toggle, "toggle"));
            }
            if form.fields[form.focus].id == FieldId::UserPrincipalName {
                hints.push(hint(Action::ChooseDomain, "domain"));
            }
            if form.is_create() {
                hints.push(hint(Action::GeneratePassword, "new password"));
            }
            if form.on_last_field() {
                hints.push(hint(Action::Submit, "save"));
            }
            if text {
                hints.push(Hint::fixed("Home/End", "start/end", 9));
                hints.push(Hint::fixed("Ctrl-W/Ctrl-U", "delete word/line", 9));
            }
            hints
        }
        Stage::Review => vec![
            hint(Action::Submit, "save"),
            hint(Action::Back, "back to editing"),
        ],
        Stage::ChooseDomain { .. } => vec![
            Hint::fixed(
                &format!(
                    "{}/{}",
                    km.label_in(Action::Up, context),
                    km.label_in(Action::Down, context)
                ),
                "move",
                9,
            ),
            hint(Action::Submit, "use this domain"),
            hint(Action::Back, "back"),
        ],
        Stage::ConfirmDiscard => vec![
            hint(Action::Confirm, "discard changes"),
            Hint::fixed(
                &format!(
                    "{}/{}",
                    km.label_in(Action::Cancel, Context::FormDiscard),
                    km.label_in(Action::Back, Context::FormDiscard)
                ),
                "keep editing",
                9,
            ),
        ],
    }
}

/// The keys of the form's stage while editing (not saving), as the key line shows them.
#[cfg(test)]
pub(super) fn stage_hints(form: &UserForm, keymap: &Keymap) -> Vec<Hint> {
    let ambient = Ambient {
        keymap,
        saving: false,
        tick: 0,
    };
    key_hints(form, &ambient)
}

/// The stage's keys, as many as fit in `width`, in order.
fn keys_line(form: &UserForm, ambient: &Ambient, width: u16) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for hint in key_hints(form, ambient) {
        let needed = hint.key.width() + 1 + hint.what.width() + if used == 0 { 0 } else { 2 };
        if used + needed > usize::from(width) {
            continue;
        }
        if used > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(hint.key, KEY));
        spans.push(Span::styled(format!(" {}", hint.what), DIM));
        used += needed;
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_by_display_width() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("漢字漢字", 5), ["漢字", "漢字"]);
        assert_eq!(wrap("abcdefg", 3), ["abc", "def", "g"]);
        assert!(wrap("", 5).is_empty());
    }
}
