//! Drawing the profile form: a pure function of `&ProfileForm` and the keymap. Each row is
//! `› label  value  ✗ problem` (or a hint); the credential choice shows only the fields it
//! asks for; the secret is drawn as `•`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::{CredentialKind, Message, ProfileField, ProfileForm, Stage};
use crate::keymap::{Action, Context, Keymap};
use crate::screens::form_field;
use crate::ui::theme::{DIM, ERROR, FOCUS, KEY};
use crate::widgets::text;

const LABEL_WIDTH: u16 = 20;
const INPUT_MAX_WIDTH: u16 = 44;

pub(super) fn render(form: &ProfileForm, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(Line::from(format!(" {} ", form.title())).style(KEY));
    let body = block.inner(area).inner(Margin::new(1, 0));
    frame.render_widget(block, area);
    if body.width < 30 || body.height < 6 {
        frame.render_widget(Paragraph::new("Terminal too small for the form"), body);
        return;
    }
    let message = message_lines(form, usize::from(body.width));
    let visible = form.visible();
    let [fields_area, _, message_area, keys_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(message.len() as u16),
        Constraint::Length(1),
    ])
    .areas(body);
    let at = visible.iter().position(|&i| i == form.focus).unwrap_or(0);
    let scroll = (at + 1).saturating_sub(usize::from(fields_area.height));
    for (row, &index) in visible.iter().enumerate().skip(scroll) {
        let y = fields_area.y + (row - scroll) as u16;
        if y >= fields_area.bottom() {
            break;
        }
        field_row(
            form,
            index,
            frame,
            Rect::new(fields_area.x, y, fields_area.width, 1),
        );
    }
    frame.render_widget(Paragraph::new(message), message_area);
    frame.render_widget(Paragraph::new(keys_line(form, keymap)), keys_area);
    if form.stage == Stage::ConfirmDiscard {
        form_field::confirm_discard(keymap, frame, area);
    }
}

fn field_row(form: &ProfileForm, index: usize, frame: &mut Frame, area: Rect) {
    let field = &form.fields[index];
    let focused = index == form.focus && !form.saving;
    let (marker, label_style) = if focused {
        ("›", FOCUS)
    } else {
        (" ", Style::new())
    };
    let required = field.required
        && !field.id.is_switch()
        && !(field.id == ProfileField::Secret && form.keeps_secret());
    let label = format!("{}{}", field.id.label(), if required { "*" } else { " " });
    let pad = usize::from(LABEL_WIDTH).saturating_sub(text::width(&label));
    let head = Line::from(vec![
        Span::raw(" ".repeat(pad)),
        Span::styled(format!("{marker} "), FOCUS),
        Span::styled(label, label_style),
    ]);
    let head_width = LABEL_WIDTH + 2;
    frame.render_widget(head, Rect::new(area.x, area.y, head_width, 1));
    let input_x = area.x + head_width + 1;
    let available = area.right().saturating_sub(input_x);
    // A GUID (37 with the cursor) fits whole; what is left is for the notes.
    let input_width = (available * 3 / 5).clamp(available.min(38), INPUT_MAX_WIDTH);
    let input_area = Rect::new(input_x, area.y, input_width, 1);
    let mut style = Style::new();
    if form.saving {
        style = style.add_modifier(Modifier::DIM);
    } else if focused {
        style = style.add_modifier(Modifier::BOLD);
    }
    let value_width = match (field.id, field.input()) {
        (ProfileField::Credential, _) => {
            let shown = format!("‹ {} ›", form.kind.label());
            let width = text::width(&shown);
            frame.render_widget(Span::styled(shown, style), input_area);
            width as u16
        }
        (_, None) => {
            let check = if field.is_checked() { "[x]" } else { "[ ]" };
            frame.render_widget(Span::styled(check, style), input_area);
            3
        }
        (id, Some(input)) => {
            let cursor = focused && form.stage == Stage::Editing;
            form_field::draw_input(
                frame,
                input_area,
                input,
                id == ProfileField::Secret,
                style.add_modifier(Modifier::UNDERLINED),
                (focused, cursor),
            );
            input_width
        }
    };
    let x = input_x + value_width + 2;
    let width = area.right().saturating_sub(x);
    // A problem is cut to fit (the line under the fields has it whole after a save); a hint
    // that does not fit is left out.
    let note = match form.shown_problem(index) {
        Some(problem) => Some(Line::styled(
            text::truncate(&format!("✗ {problem}"), usize::from(width)),
            ERROR,
        )),
        None => Some(hint(form, field.id))
            .filter(|h| text::width(h) <= usize::from(width))
            .map(|h| Line::styled(h, DIM)),
    };
    if let Some(note) = note {
        frame.render_widget(note, Rect::new(x, area.y, width, 1));
    }
}

/// What a field means, where that is not obvious from its label.
fn hint(form: &ProfileForm, id: ProfileField) -> String {
    match id {
        ProfileField::Name => "letters, digits, - and _".to_owned(),
        ProfileField::TenantId => "a GUID or contoso.onmicrosoft.com".to_owned(),
        ProfileField::ClientId => "the app registration's Application ID".to_owned(),
        ProfileField::Credential => "Space changes it".to_owned(),
        ProfileField::Secret if form.keeps_secret() => "empty: keep the saved one".to_owned(),
        ProfileField::Secret => "its Value, not its ID".to_owned(),
        ProfileField::SaveSecret if form.checked(ProfileField::SaveSecret) => {
            "kept in a file only you can read".to_owned()
        }
        ProfileField::SaveSecret => "off: used this session only".to_owned(),
        ProfileField::SecretVariable => "e.g. CONTOSO_SECRET, set before starting".to_owned(),
        ProfileField::CertificatePath => "a PEM (certificate + key) or PFX file".to_owned(),
        ProfileField::ReadOnly => "disables every write for this profile".to_owned(),
    }
}

fn message_lines(form: &ProfileForm, width: usize) -> Vec<Line<'static>> {
    if form.saving {
        return vec![Line::raw("Saving…")];
    }
    let Some(message) = &form.message else {
        let note = match form.kind {
            CredentialKind::Secret => {
                "Saved in the config file: everything but the secret. The secret is used for \
                 this session only, unless Save secret is ticked."
            }
            CredentialKind::Variable => {
                "The config file names the variable; its value is read when lazyentra starts."
            }
            CredentialKind::Certificate => {
                "Upload the certificate (never the key) to the app registration in Entra."
            }
        };
        return text::wrap(note, width, 0)
            .into_iter()
            .map(|l| Line::styled(l, DIM))
            .collect();
    };
    let text = match message {
        Message::Invalid { label, problem } => format!("✗ Can't save yet: {label}: {problem}"),
        Message::Capped { label, max } => {
            format!("✗ {label} holds at most {max} characters; the rest was not taken")
        }
        Message::Failed(error) => format!("✗ Not saved: {error}"),
    };
    text::wrap(&text, width, 2)
        .into_iter()
        .take(4)
        .map(|l| Line::styled(l, ERROR))
        .collect()
}

/// The form's keys from the keymap.
fn keys_line(form: &ProfileForm, keymap: &Keymap) -> Line<'static> {
    let key = |action: Action| keymap.label_in(action, Context::Form);
    let mut pairs = vec![
        (key(Action::NextField), "next"),
        (key(Action::PrevField), "prev"),
        (key(Action::Save), "save"),
        (key(Action::Back), "leave"),
    ];
    if form.fields[form.focus].id.is_switch() {
        pairs.push((key(Action::Toggle), "change"));
    }
    form_field::keys(&pairs)
}
