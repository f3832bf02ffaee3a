//! Bulk create from a CSV file: `I` on the list (or `:import FILE`). The dialog asks for the
//! file's path (Tab completes it from the disk, through the shell); the shell reads the file
//! and checks every row off the event loop (`Effect::ReadImport`), against the tenant's
//! verified domains when Graph lists them, else the loaded users' domains and `domains` in
//! the config. The review then shows how many users will be created and every refused row
//! with its line and all its problems. Nothing is sent before the admin's yes; then the
//! generated passwords are written to a private file beside the input (`ImportPasswords`)
//! and the valid rows go to Graph as one bulk run of `POST /users` through `$batch`.

pub mod state;
#[cfg(test)]
mod tests;
mod view;

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use secrecy::ExposeSecret;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use super::bulk_progress::{self, BulkItem, BulkJob, BulkProgress};
use super::bulk_summary::state::BulkSummary;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::stack::Screen;
use super::user_form::state::DomainSource;
use crate::effect::{Effect, Effects};
use crate::graph::{BatchOp, GraphError, Outcome};
use crate::import::{Completion, Domains, Generated, ImportMsg};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Reply, RequestId};
use crate::state::{Notice, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::widgets::text;
pub use state::{DomainsUsed, Import, Phase, Review, Stage};

/// Far beyond any path a file system takes (4096 bytes on Linux).
const TYPED_MAX: usize = 4096;
/// Refused rows a page key moves by.
const PAGE: usize = 10;

impl ScreenView for Import {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        if self.is_typing() {
            Context::ImportPrompt
        } else {
            Context::ImportReview
        }
    }

    fn is_overlay(&self) -> bool {
        !matches!(self.phase, Phase::Review(_))
    }

    fn is_typing(&self) -> bool {
        matches!(self.phase, Phase::Prompt | Phase::Refused(_))
    }

    fn crumb(&self) -> Option<String> {
        Some("Import".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        match &self.phase {
            Phase::Prompt | Phase::Refused(_) => {
                let c = Context::ImportPrompt;
                vec![
                    Hint::action_in(km, Action::Submit, c, "check", 9),
                    Hint::action_in(km, Action::NextField, c, "complete", 8),
                    Hint::action_in(km, Action::Back, c, "cancel", 9),
                ]
            }
            Phase::Reading { .. } => {
                vec![Hint::action_in(
                    km,
                    Action::Back,
                    Context::ImportReview,
                    "cancel",
                    9,
                )]
            }
            Phase::Review(review) => {
                let c = Context::ImportReview;
                let mut hints = Vec::new();
                if review.stage == Stage::Ready && !review.file.checked.create.is_empty() {
                    hints.push(Hint::action_in(km, Action::Confirm, c, "create", 9));
                }
                if !matches!(review.stage, Stage::Sent { .. }) {
                    hints.push(Hint::action_in(km, Action::Cancel, c, "close", 9));
                }
                if !review.file.checked.refused.is_empty() {
                    hints.push(Hint::action_in(km, Action::Down, c, "scroll", 5));
                }
                hints.push(Hint::action_in(km, Action::Help, c, "help", 3));
                hints
            }
        }
    }

    fn help(&self, state: &State) -> Help {
        match self.context() {
            Context::ImportPrompt => help::for_context(state, "Import: file", self.context()),
            context => help::for_context(state, "Import: review", context),
        }
    }
}

/// `:import FILE`: straight to reading and checking it.
pub fn start(state: &mut State, path: &str, fx: &mut Effects) {
    if !state.allow_write(Action::Import) {
        return;
    }
    state.screens.close::<Import>();
    state.screens.push(Screen::Import(Box::new(Import {
        path: Input::new(path.to_owned()),
        ..Import::default()
    })));
    read(state, fx);
}

/// The domains the file is checked against now; `None` while Graph's list is on its way.
fn domains(state: &State) -> Option<DomainsUsed> {
    let upn = state.upn_domains();
    if upn.source == DomainSource::Loading {
        return None;
    }
    let mut names = upn.names;
    let mut from_config = 0;
    if upn.source != DomainSource::Verified {
        for domain in &state.connect.domains {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(domain)) {
                names.push(domain.clone());
                from_config += 1;
            }
        }
    }
    Some(DomainsUsed {
        source: upn.source,
        names,
        from_config,
    })
}

/// Hands the file to the shell to be read and checked (once the domains are known).
fn read(state: &mut State, fx: &mut Effects) {
    let domains = domains(state);
    let id = domains.as_ref().map(|_| state.next_request_id());
    let Some(import) = state.screens.find_mut::<Import>() else {
        return;
    };
    if import.path.value().trim().is_empty() {
        import.phase = Phase::Refused(crate::import::ImportError::Missing(
            crate::import::job::resolve(""),
        ));
        return;
    }
    import.candidates.clear();
    if let (Some(id), Some(used)) = (id, &domains) {
        fx.import(Effect::ReadImport {
            id,
            path: import.path.value().to_owned(),
            domains: Domains::new(used.names.iter().cloned()),
        });
    }
    import.phase = Phase::Reading { id, domains };
}

/// The tenant's domains arrived: an import waiting for them goes on.
pub fn domains_arrived(state: &mut State, fx: &mut Effects) {
    if let Some(import) = state.screens.find::<Import>()
        && matches!(import.phase, Phase::Reading { id: None, .. })
    {
        read(state, fx);
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(import) = state.screens.top_as_mut::<Import>() else {
        return;
    };
    let context = import.context();
    let action = state.keymap.action(context, key);
    match &mut import.phase {
        Phase::Prompt | Phase::Refused(_) => match action {
            Some(Action::Submit) => read(state, fx),
            Some(Action::NextField) => {
                fx.import(Effect::CompletePath(import.path.value().to_owned()));
            }
            Some(Action::Back) => state.screens.pop(),
            Some(_) => {}
            None => {
                if let Some(request) = to_input_request(&Event::Key(key)) {
                    edit(import, request);
                }
            }
        },
        Phase::Reading { .. } => {
            if action == Some(Action::Back) {
                // The shell's answer finds no job waiting for it and is dropped.
                state.screens.pop();
            }
        }
        Phase::Review(review) => match action {
            Some(Action::Confirm) if review.stage == Stage::Ready => confirm(state, fx),
            Some(Action::Confirm) if matches!(review.stage, Stage::Failed(_)) => {
                review.stage = Stage::Ready;
                confirm(state, fx);
            }
            Some(Action::Cancel | Action::Back)
                if !matches!(review.stage, Stage::Passwords { .. }) =>
            {
                state.screens.pop();
            }
            Some(action) => scroll(review, action),
            None => {}
        },
    }
}

fn on_paste(state: &mut State, pasted: &str, _fx: &mut Effects) {
    let Some(import) = state.screens.top_as_mut::<Import>() else {
        return;
    };
    if import.is_typing() {
        for c in text::single_line(pasted) {
            edit(import, InputRequest::InsertChar(c));
        }
    }
}

/// An edit of the path: what was said about the old one no longer holds.
fn edit(import: &mut Import, request: InputRequest) {
    if matches!(request, InputRequest::InsertChar(_))
        && import.path.value().chars().count() >= TYPED_MAX
    {
        return;
    }
    if import.path.handle(request).is_some_and(|c| c.value) {
        import.phase = Phase::Prompt;
        import.candidates.clear();
    }
}

fn scroll(review: &mut Review, action: Action) {
    let last = review.file.checked.refused.len().saturating_sub(1);
    review.scroll = match action {
        Action::Down => review.scroll + 1,
        Action::Up => review.scroll.saturating_sub(1),
        Action::PageDown => review.scroll + PAGE,
        Action::PageUp => review.scroll.saturating_sub(PAGE),
        Action::First => 0,
        Action::Last => last,
        _ => review.scroll,
    }
    .min(last);
}

/// The admin said yes: the generated passwords are written first, then the rows are sent.
fn confirm(state: &mut State, fx: &mut Effects) {
    if !state.allow_write(Action::Import) {
        return;
    }
    let id = state.next_request_id();
    let Some(Phase::Review(review)) = state.screens.find_mut::<Import>().map(|i| &mut i.phase)
    else {
        return;
    };
    let create = &review.file.checked.create;
    if create.is_empty() {
        state.status.notice = Some(Notice::Refused(
            "Nothing to create: every row was refused. Fix them in the file and import it again"
                .to_owned(),
        ));
        return;
    }
    let upns: Vec<String> = create
        .iter()
        .filter(|c| c.generate_password)
        .map(|c| c.user.user_principal_name.clone())
        .collect();
    if upns.is_empty() {
        send(state, None, fx);
    } else {
        review.stage = Stage::Passwords { id };
        fx.import(Effect::ImportPasswords {
            id,
            input: review.file.path.clone(),
            upns,
        });
    }
}

/// Sends every valid row as one bulk job, the generated passwords filled in; its progress
/// dialog opens over the review.
fn send(state: &mut State, generated: Option<Generated>, fx: &mut Effects) {
    let Some(Phase::Review(review)) = state.screens.find_mut::<Import>().map(|i| &mut i.phase)
    else {
        return;
    };
    let mut passwords = generated.as_ref().map(|g| g.passwords.iter());
    let mut items = Vec::with_capacity(review.file.checked.create.len());
    for row in &review.file.checked.create {
        let mut user = row.user.clone();
        if row.generate_password
            && let Some(password) = passwords.as_mut().and_then(Iterator::next)
        {
            password
                .expose_secret()
                .clone_into(&mut user.password_profile.password);
        }
        items.push(BulkItem {
            label: user.display_name.clone(),
            upn: user.user_principal_name.clone(),
            op: BatchOp::Create(Box::new(user)),
        });
    }
    let refused = review.file.checked.refused.len();
    let skipped = (refused > 0).then(|| {
        format!(
            "{refused} {} refused by the review (fix them in the file and import it again)",
            if refused == 1 { "row" } else { "rows" }
        )
    });
    let job = BulkJob {
        title: "Import users".to_owned(),
        items,
        skipped,
    };
    bulk_progress::start(state, job, fx);
    let bulk = state.screens.top_as::<BulkProgress>().map(|p| p.id);
    if let (Some(bulk), Some(Phase::Review(review))) = (
        bulk,
        state.screens.find_mut::<Import>().map(|i| &mut i.phase),
    ) {
        review.stage = Stage::Sent {
            bulk,
            passwords: generated.map(|g| g.path),
        };
    }
}

/// What the shell answered for an import.
pub fn on_msg(state: &mut State, msg: ImportMsg, fx: &mut Effects) {
    if let ImportMsg::Completed {
        typed,
        completion: Completion {
            completed: Some(completed),
            ..
        },
    } = &msg
    {
        super::command_prompt::path_completed(state, typed, completed);
    }
    let Some(import) = state.screens.find_mut::<Import>() else {
        return;
    };
    match msg {
        ImportMsg::Completed { typed, completion } => {
            if import.is_typing() && import.path.value() == typed {
                if let Some(completed) = completion.completed {
                    import.path = Input::new(completed);
                    import.phase = Phase::Prompt;
                }
                import.candidates = completion.candidates;
            }
        }
        ImportMsg::Checked { id, result } => {
            let Phase::Reading {
                id: Some(waiting),
                domains,
            } = &mut import.phase
            else {
                return;
            };
            if *waiting != id {
                return;
            }
            import.phase = match result {
                Ok(file) => Phase::Review(Box::new(Review {
                    file: *file,
                    domains: domains.take().unwrap_or_default(),
                    scroll: 0,
                    stage: Stage::Ready,
                })),
                Err(e) => Phase::Refused(e),
            };
        }
        ImportMsg::Passwords { id, result } => {
            let Phase::Review(review) = &mut import.phase else {
                return;
            };
            if review.stage != (Stage::Passwords { id }) {
                return;
            }
            match result {
                Ok(generated) => send(state, Some(generated), fx),
                Err(e) => review.stage = Stage::Failed(e),
            }
        }
        ImportMsg::Kept { path, result } => kept(state, &path, result),
    }
}

/// The passwords file after the run.
fn kept(
    state: &mut State,
    path: &std::path::Path,
    result: Result<Option<std::path::PathBuf>, String>,
) {
    if let Err(reason) = result {
        state.status.notice = Some(Notice::Refused(format!(
            "The passwords file {} still lists the users that were not created ({reason}): \
             their passwords are unused",
            path.display()
        )));
    }
}

/// The bulk run `id` ended: if it was an import's, the review under its dialog goes and the
/// passwords file keeps only the users created. Returns what the summary must add (where
/// the passwords are), for [`annotate_summary`].
pub fn bulk_ending(
    state: &mut State,
    id: RequestId,
    result: &Result<Reply, GraphError>,
    fx: &mut Effects,
) -> Option<String> {
    let Some(Phase::Review(review)) = state.screens.find::<Import>().map(|i| &i.phase) else {
        return None;
    };
    let Stage::Sent { bulk, passwords } = &review.stage else {
        return None;
    };
    if *bulk != id {
        return None;
    }
    let generated: Vec<&str> = match result {
        Ok(Reply::Bulk(report)) => report
            .items
            .iter()
            .filter(|item| matches!(item.outcome, Outcome::Succeeded(_)))
            .filter_map(|item| review.file.checked.create.get(item.index))
            .filter(|row| row.generate_password)
            .map(|row| row.user.user_principal_name.as_str())
            .collect(),
        _ => Vec::new(),
    };
    let note = passwords.as_ref().map(|path| {
        if generated.is_empty() {
            format!(
                "No user with a generated password was created, so {} was removed.",
                path.display()
            )
        } else {
            let users = match generated.len() {
                1 => "the user".to_owned(),
                n => format!("the {} users", text::thousands(n as u64)),
            };
            format!(
                "Generated passwords of {users} created: {} (readable by you only). Hand \
                 them over, then delete the file.",
                path.display()
            )
        }
    });
    if let Some(path) = passwords {
        fx.import(Effect::KeepPasswords {
            path: path.clone(),
            created: generated.iter().map(|u| (*u).to_owned()).collect(),
        });
    }
    state.screens.remove::<Import>();
    note
}

/// The import's line on the summary of its bulk run, now in front.
pub fn annotate_summary(state: &mut State, note: Option<String>) {
    if let (Some(note), Some(summary)) = (note, state.screens.top_as_mut::<BulkSummary>()) {
        summary.notes.push(note);
    }
}
