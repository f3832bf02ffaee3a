//! The import dialog: while the path is typed, a box with what the file must be, the field
//! with its cursor, what Tab found and why the last try failed; while the file is read, a
//! spinner; then the review, a full screen: how many users will be created, which domains the
//! user names were checked against, and every refused row with its line and all its problems.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::state::{DomainsUsed, Import, Phase, Review, Stage};
use crate::import::GENERATE;
use crate::keymap::{Action, Context};
use crate::screens::search_box;
use crate::screens::user_form::state::DomainSource;
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, ERROR, KEY, SUCCESS, TITLE, WARN};
use crate::widgets::text::{self, thousands};
use crate::widgets::{popup, spinner};

const WIDTH: u16 = 80;
const FIELD: &str = "File › ";

pub(super) fn render(import: &Import, state: &State, frame: &mut Frame, area: Rect) {
    match &import.phase {
        Phase::Review(review) => render_review(review, state, frame, area),
        _ => render_prompt(import, state, frame, area),
    }
}

fn render_prompt(import: &Import, state: &State, frame: &mut Frame, area: Rect) {
    let inner_width = (WIDTH.min(area.width) as usize).saturating_sub(4);
    let about = format!(
        "Create users from a CSV file in the Entra admin center's bulk-create template \
         (first line version:v1.0, then its header row). \"{GENERATE}\" as the initial \
         password makes a strong one. Every row is checked first: nothing is sent before \
         you say yes."
    );
    let mut lines: Vec<Line> = text::wrap(&about, inner_width, 0)
        .into_iter()
        .map(|l| Line::styled(l, DIM))
        .collect();
    lines.push(Line::raw(""));
    let field_row = lines.len();
    let reading = matches!(import.phase, Phase::Reading { .. });
    let room = inner_width.saturating_sub(FIELD.len() + 1);
    let (shown, cursor) = search_box::window(&import.path, room);
    lines.push(Line::from(vec![
        Span::styled(FIELD, if reading { DIM } else { WARN }),
        Span::raw(text::clean(&shown).into_owned()),
    ]));
    if !import.candidates.is_empty() {
        let names = import
            .candidates
            .iter()
            .map(|c| text::clean(c).into_owned())
            .collect::<Vec<_>>()
            .join("  ");
        for line in text::wrap(&names, inner_width.saturating_sub(7), 0) {
            lines.push(Line::styled(format!("       {line}"), DIM));
        }
    }
    lines.push(Line::raw(""));
    match &import.phase {
        Phase::Refused(problem) => {
            let problem = text::clean(&problem.to_string()).into_owned();
            for line in text::wrap(&format!("✗ {problem}"), inner_width, 2) {
                lines.push(Line::styled(line, ERROR));
            }
            lines.push(Line::raw(""));
        }
        Phase::Reading { id, .. } => {
            let what = if id.is_some() {
                "Reading and checking the file…"
            } else {
                "Reading the tenant's domains first…"
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", spinner(state.tick)), KEY),
                Span::raw(what),
            ]));
            lines.push(Line::raw(""));
        }
        _ => {}
    }
    lines.push(prompt_keys(state, reading));
    let outer = popup::centered(area, WIDTH, lines.len() as u16 + 2);
    let inner = popup::frame(frame, outer, "Import users", ACCENT).inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(lines), inner);
    if !reading {
        let x = inner.x + FIELD.chars().count() as u16 + cursor as u16;
        let y = inner.y + field_row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
        }
    }
}

fn prompt_keys(state: &State, reading: bool) -> Line<'static> {
    let km = &state.keymap;
    if reading {
        return Line::from(vec![
            Span::styled(km.short_in(Action::Back, Context::ImportReview), KEY),
            Span::raw(" cancel"),
        ]);
    }
    let c = Context::ImportPrompt;
    Line::from(vec![
        Span::styled(km.short_in(Action::Submit, c), KEY),
        Span::raw(" check the file    "),
        Span::styled(km.short_in(Action::NextField, c), KEY),
        Span::raw(" complete    "),
        Span::styled(km.short_in(Action::Back, c), KEY),
        Span::raw(" cancel"),
    ])
}

fn render_review(review: &Review, state: &State, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(2) as usize;
    let head = head(review, state, width);
    let [top, _, list, keys] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area.inner(Margin::new(1, 0)));
    frame.render_widget(Paragraph::new(head), top);
    render_refused(review, frame, list);
    frame.render_widget(Paragraph::new(review_keys(review, state)), keys);
}

/// The file, what will be created, what is refused, and the domains checked against.
fn head(review: &Review, state: &State, width: usize) -> Vec<Line<'static>> {
    let checked = &review.file.checked;
    let path = text::clean(&review.file.path.display().to_string()).into_owned();
    let mut lines = vec![Line::from(vec![
        Span::styled("Import from ", TITLE),
        Span::raw(text::truncate(&path, width.saturating_sub(12))),
    ])];
    let create = checked.create.len() as u64;
    let mut notes = Vec::new();
    if review.generated() > 0 {
        notes.push(format!(
            "{} with a generated password",
            thousands(review.generated() as u64)
        ));
    }
    if review.blocked() > 0 {
        notes.push(format!(
            "{} with sign-in blocked",
            thousands(review.blocked() as u64)
        ));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    let will = format!(
        "✓ {} {} will be created{notes}",
        thousands(create),
        users(create)
    );
    let style = if create == 0 { DIM } else { SUCCESS };
    for line in text::wrap(&will, width, 2) {
        lines.push(Line::styled(line, style));
    }
    let refused = checked.refused.len() as u64;
    if refused == 0 {
        lines.push(Line::styled("✓ No row is refused", SUCCESS));
    } else {
        let text = format!(
            "✗ {} {} refused: never sent; fix them in the file and import it again",
            thousands(refused),
            rows(refused)
        );
        for line in text::wrap(&text, width, 2) {
            lines.push(Line::styled(line, ERROR));
        }
    }
    for line in text::wrap(&domains_text(&review.domains), width, 2) {
        lines.push(Line::styled(line, DIM));
    }
    if review.generated() > 0 {
        let note = format!(
            "Generated passwords are written to {}.passwords-<date>-<time>.csv beside the file \
             (readable by you only) before anything is sent; they are never shown.",
            review
                .file
                .path
                .file_stem()
                .map_or_else(String::new, |s| text::clean(&s.to_string_lossy())
                    .into_owned())
        );
        for line in text::wrap(&note, width, 2) {
            lines.push(Line::styled(line, DIM));
        }
    }
    match &review.stage {
        Stage::Failed(problem) => {
            let problem = text::clean(&problem.to_string()).into_owned();
            for line in text::wrap(&format!("✗ {problem}"), width, 2) {
                lines.push(Line::styled(line, ERROR));
            }
        }
        Stage::Passwords { .. } => lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(state.tick)), KEY),
            Span::raw("Writing the generated passwords…"),
        ])),
        Stage::Sent { .. } => lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(state.tick)), KEY),
            Span::raw(format!("Creating {} {}…", thousands(create), users(create))),
        ])),
        Stage::Ready => {}
    }
    lines
}

fn users(n: u64) -> &'static str {
    if n == 1 { "user" } else { "users" }
}

fn rows(n: u64) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// Which domains the user names were checked against, and where they came from.
fn domains_text(used: &DomainsUsed) -> String {
    let names = if used.names.is_empty() {
        "none known, so Graph checks them when the users are created".to_owned()
    } else {
        used.names.join(", ")
    };
    let config = match used.from_config {
        0 => String::new(),
        n => format!(" and {n} from `domains` in the config"),
    };
    match used.source {
        DomainSource::Verified => {
            format!(
                "User name domains checked against the tenant's verified domains (GET /domains): {names}"
            )
        }
        DomainSource::NoPermission => format!(
            "User name domains checked against the loaded users' domains{config} (the app may \
             not read /domains: Domain.Read.All): {names}"
        ),
        DomainSource::Failed => format!(
            "User name domains checked against the loaded users' domains{config} (reading \
             /domains failed): {names}"
        ),
        DomainSource::Loading | DomainSource::NotAsked => {
            format!("User name domains checked against the loaded users' domains{config}: {names}")
        }
    }
}

/// Every refused row from `scroll` on: its line and user, then each problem.
fn render_refused(review: &Review, frame: &mut Frame, area: Rect) {
    let refused = &review.file.checked.refused;
    if refused.is_empty() {
        return;
    }
    let width = area.width as usize;
    let mut lines = vec![Line::styled(
        format!(
            "Refused rows {}–{} of {}",
            review.scroll + 1,
            refused.len().min(review.scroll + area.height as usize),
            refused.len()
        ),
        TITLE,
    )];
    let mut last_shown = review.scroll;
    for (i, row) in refused.iter().enumerate().skip(review.scroll) {
        if lines.len() >= area.height as usize {
            break;
        }
        last_shown = i;
        let label = format!("line {:<6}", row.line);
        lines.push(Line::from(vec![
            Span::styled(label, KEY),
            Span::raw(text::truncate(
                &text::clean(&row.who),
                width.saturating_sub(12),
            )),
        ]));
        for problem in &row.problems {
            let problem = text::clean(problem).into_owned();
            for (n, line) in text::wrap(&problem, width.saturating_sub(14), 0)
                .into_iter()
                .enumerate()
            {
                let mark = if n == 0 { "  · " } else { "    " };
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(10)),
                    Span::styled(mark, ERROR),
                    Span::raw(line),
                ]));
            }
        }
    }
    // The heading counts the rows that fit, now that they are laid out.
    lines[0] = Line::styled(
        format!(
            "Refused rows {}–{} of {}",
            review.scroll + 1,
            last_shown + 1,
            refused.len()
        ),
        TITLE,
    );
    frame.render_widget(Paragraph::new(lines), area);
}

fn review_keys(review: &Review, state: &State) -> Line<'static> {
    let km = &state.keymap;
    let c = Context::ImportReview;
    let create = review.file.checked.create.len() as u64;
    let mut spans = Vec::new();
    match &review.stage {
        Stage::Ready | Stage::Failed(_) if create > 0 => {
            let again = if matches!(review.stage, Stage::Failed(_)) {
                " try again: "
            } else {
                " "
            };
            spans.push(Span::styled(km.short_in(Action::Confirm, c), KEY));
            spans.push(Span::raw(format!(
                "{again}create {} {}   ",
                thousands(create),
                users(create)
            )));
        }
        _ => {}
    }
    if !matches!(review.stage, Stage::Sent { .. } | Stage::Passwords { .. }) {
        spans.push(Span::styled(
            format!(
                "{}/{}",
                km.short_in(Action::Cancel, c),
                km.short_in(Action::Back, c)
            ),
            KEY,
        ));
        spans.push(Span::raw(" close, nothing created   "));
    }
    if review.file.checked.refused.len() > 1 {
        spans.push(Span::styled(
            format!(
                "{}/{}",
                km.short_in(Action::Down, c),
                km.short_in(Action::Up, c)
            ),
            KEY,
        ));
        spans.push(Span::raw(" scroll"));
    }
    Line::from(spans)
}
