//! `e` with marked users: one form for all of them, with only what makes sense for many
//! users at once (department, job title, office location, company name, usage location).
//! Only the fields filled in are sent; each is checked as the user form checks it. Enter on
//! the last field or Ctrl-S opens the review, which starts the job; Esc leaves.

pub mod state;
mod view;

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use super::bulk_progress::state::{BulkItem, BulkJob};
use super::bulk_review::state::BulkReview;
use super::form_field::{Field, FieldKind};
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::stack::Screen;
use super::user_form::validate::usage_location_problem;
use crate::effect::Effects;
use crate::graph::{BatchOp, Change, UserPatch};
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::widgets::text;
pub use state::{BulkField, BulkForm};

impl ScreenView for BulkForm {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::BulkForm
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Edit marked users".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::BulkForm;
        vec![
            Hint::action_in(km, Action::Save, c, "review", 9),
            Hint::action_in(km, Action::NextField, c, "next field", 8),
            Hint::action_in(km, Action::Back, c, "leave", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Edit marked users", Context::BulkForm)
    }
}

/// Why `field`'s value would be refused, or `None`: the user form's rules.
pub fn problem(id: BulkField, value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if id == BulkField::UsageLocation {
        return usage_location_problem(value);
    }
    let max = id.max_chars().unwrap_or(usize::MAX);
    (value.chars().count() > max).then(|| format!("at most {max} characters"))
}

fn on_key(state: &mut State, key: KeyEvent, _fx: &mut Effects) {
    let Some(form) = state.screens.top_as_mut::<BulkForm>() else {
        return;
    };
    let last = form.fields.len() - 1;
    match state.keymap.action(Context::BulkForm, key) {
        Some(Action::NextField) => form.focus = (form.focus + 1).min(last),
        Some(Action::PrevField) => form.focus = form.focus.saturating_sub(1),
        Some(Action::Submit) if form.focus < last => form.focus += 1,
        Some(Action::Submit | Action::Save) => review(state),
        Some(Action::Back) => state.screens.pop(),
        Some(_) => {}
        None => {
            if let Some(request) = to_input_request(&Event::Key(key)) {
                edit(form, request);
            }
        }
    }
}

fn on_paste(state: &mut State, pasted: &str, _fx: &mut Effects) {
    if let Some(form) = state.screens.top_as_mut::<BulkForm>() {
        for c in text::single_line(pasted) {
            edit(form, InputRequest::InsertChar(c));
        }
    }
}

fn edit(form: &mut BulkForm, request: InputRequest) {
    let Some(field) = form.fields.get_mut(form.focus) else {
        return;
    };
    if matches!(request, InputRequest::InsertChar(_)) && field.is_full() {
        return;
    }
    if field.edit(request) {
        field.touched = true;
        form.problem = None;
    }
}

/// Ctrl-S: the review of what the filled fields set on every marked user, or why not yet.
fn review(state: &mut State) {
    let Some(form) = state.screens.top_as_mut::<BulkForm>() else {
        return;
    };
    let filled = form.filled();
    let bad = filled
        .iter()
        .find_map(|(id, value)| problem(*id, value).map(|p| (*id, p)));
    if let Some((id, why)) = bad {
        form.focus = BulkField::ALL.iter().position(|f| *f == id).unwrap_or(0);
        form.problem = Some(format!("{}: {why}", id.label()));
        return;
    }
    if filled.is_empty() {
        form.problem = Some("Fill in at least one field: empty fields are not sent".to_owned());
        return;
    }
    let mut patch = UserPatch::default();
    for (id, value) in &filled {
        let set = Change::Set(value.clone());
        match id {
            BulkField::Department => patch.department = set,
            BulkField::JobTitle => patch.job_title = set,
            BulkField::OfficeLocation => patch.office_location = set,
            BulkField::CompanyName => patch.company_name = set,
            BulkField::UsageLocation => patch.usage_location = Change::Set(value.to_uppercase()),
        }
    }
    // A user the list knows to be synced from on-premises Active Directory (the On-premises
    // sync column read it; the list does not ask for it otherwise, to keep pages small): Graph
    // refuses changes to what Entra Connect writes (all of these fields but the usage
    // location), so it gets the usage location alone, or is left out.
    let cloud_part = UserPatch {
        usage_location: patch.usage_location.clone(),
        ..UserPatch::default()
    };
    let Some(list) = state.screens.list() else {
        return;
    };
    let marked_rows = list.marked_rows();
    let marked = marked_rows.len();
    let mut synced_left_out = 0;
    let items: Vec<BulkItem> = marked_rows
        .into_iter()
        .filter_map(|row| {
            let patch = if row.on_premises_sync_enabled() == Some(true) && cloud_part != patch {
                if cloud_part.is_empty() {
                    synced_left_out += 1;
                    return None;
                }
                cloud_part.clone()
            } else {
                patch.clone()
            };
            Some(BulkItem {
                op: BatchOp::Update {
                    id: row.id(),
                    patch: Box::new(patch),
                },
                label: row.label().to_owned(),
                upn: row.upn().to_owned(),
            })
        })
        .collect();
    let skipped = (synced_left_out > 0)
        .then(|| format!("{synced_left_out} synced from on-premises Active Directory"));
    let changes = filled
        .into_iter()
        .map(|(id, value)| {
            let value = if id == BulkField::UsageLocation {
                value.to_uppercase()
            } else {
                value
            };
            (id.label(), value)
        })
        .collect();
    let review = BulkReview {
        jobs: vec![BulkJob {
            title: "Edit users".to_owned(),
            items,
            skipped,
        }],
        chosen: 0,
        action: Action::Edit,
        title: "Edit users".to_owned(),
        marked,
        note: "Only these properties change; the rest stay as they are. Graph refuses changes \
               to users this app may not edit (administrators, without an Entra role) and to \
               what on-premises Active Directory writes for a synced user: the summary lists \
               each with Graph's reason. Users the list shows as synced get the usage location \
               alone."
            .to_owned(),
        changes,
        typed: None,
        danger: false,
    };
    state.screens.push(Screen::BulkReview(Box::new(review)));
}

/// The field the form draws: its label, value and problem.
pub(crate) fn field_problem(field: &Field<BulkField>) -> Option<String> {
    problem(field.id, field.text_value().trim())
}
