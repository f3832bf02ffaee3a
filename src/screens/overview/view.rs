//! The overview: a title saying what was counted, the account kinds and states beside the
//! accounts created per month (a sparkline), and users per department (a bar chart). The
//! chosen slice is highlighted; every number is also written out, so nothing depends on colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Borders, Paragraph, Sparkline, Wrap};

use super::state::{Overview, SignIns, Slice};
use super::stats::{MONTHS, Stats, TOP_DEPARTMENTS};
use crate::keymap::Action;
use crate::state::State;
use crate::ui::theme::{ACCENT, DIM, KEY, SECTION, SELECTED, TITLE};
use crate::widgets::{spinner, text};

pub(super) fn render(overview: &Overview, state: &State, frame: &mut Frame, area: Rect) {
    let counts = &overview.stats;
    let selected = overview.selected_slice();
    let [title, top, departments] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(8),
        Constraint::Min(4),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(title_lines(overview, state)), title);
    let [accounts, created] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    render_accounts(counts, selected.as_ref(), frame, accounts);
    render_created(counts, frame, created);
    render_departments(counts, selected.as_ref(), frame, departments);
}

fn count(n: usize) -> String {
    text::thousands(n as u64)
}

fn title_lines(overview: &Overview, state: &State) -> Vec<Line<'static>> {
    let counts = &overview.stats;
    let scope = if counts.complete {
        format!("all {} users", count(counts.loaded))
    } else {
        match counts.total {
            Some(total) => format!(
                "of {} loaded ({} in the tenant; {} on the list loads all)",
                count(counts.loaded),
                text::thousands(total),
                state.keymap.short(Action::LoadAll)
            ),
            None => format!("of {} loaded", count(counts.loaded)),
        }
    };
    vec![
        Line::from(vec![
            Span::styled("Tenant overview", TITLE),
            Span::raw(format!("  {scope}")),
        ]),
        sign_ins_line(&overview.sign_ins, state.tick),
    ]
}

/// Accounts with no sign-in for 90 days, over every user (Graph counts them, not the list).
fn sign_ins_line(sign_ins: &SignIns, tick: u64) -> Line<'static> {
    match sign_ins {
        SignIns::Counting => Line::styled(
            format!("{} Counting every user's last sign-in…", spinner(tick)),
            DIM,
        ),
        SignIns::Counted(ages) => Line::from(vec![
            Span::styled("No sign-in for 90 days: ", SECTION),
            Span::raw(format!(
                "{} of all {} users, and {} never signed in",
                text::thousands(ages.stale),
                text::thousands(ages.users),
                text::thousands(ages.never)
            )),
        ]),
        SignIns::Unavailable(why) => Line::styled(format!("No sign-in count: {why}"), DIM),
    }
}

fn block(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(DIM)
        .title(Span::styled(format!(" {title} "), SECTION))
}

fn render_accounts(counts: &Stats, selected: Option<&Slice>, frame: &mut Frame, area: Rect) {
    let outer = block("Accounts");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let whole = counts.loaded.max(1);
    let rows = [
        (Slice::Members, "Members", counts.members),
        (Slice::Guests, "Guests", counts.guests),
        (Slice::Enabled, "Enabled", counts.enabled),
        (Slice::Disabled, "Disabled", counts.disabled),
    ];
    let label_width = 10;
    let number_width = count(counts.loaded).len().max(5);
    let bar_room = (inner.width as usize).saturating_sub(2 + label_width + number_width + 8);
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(slice, label, n)| {
            let chosen = selected == Some(&slice);
            let share = n * 100 / whole;
            let filled = n * bar_room / whole;
            let marker = if chosen { "› " } else { "  " };
            let style = if chosen { SELECTED } else { Style::default() };
            Line::from(vec![
                Span::styled(
                    format!("{marker}{label:<label_width$}{:>number_width$} ", count(n)),
                    style,
                ),
                Span::styled("█".repeat(filled), KEY),
                Span::styled(format!(" {share}%"), DIM),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_created(counts: &Stats, frame: &mut Frame, area: Rect) {
    let outer = block("Accounts created per month");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let (Some(first), Some(last)) = (counts.created.first(), counts.created.last()) else {
        frame.render_widget(
            Paragraph::new(Line::styled("Graph gave no creation dates", DIM)),
            inner,
        );
        return;
    };
    let [line, legend] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    // Each month gets the same number of columns; the newest months when the box is
    // narrower than the months.
    let shown = counts.created.len().min(line.width as usize);
    let columns = (line.width as usize / shown.max(1)).max(1);
    let data: Vec<u64> = counts.created[counts.created.len() - shown..]
        .iter()
        .flat_map(|(_, n)| std::iter::repeat_n(*n, columns))
        .collect();
    frame.render_widget(Sparkline::default().data(&data).style(KEY), line);
    let (peak_month, peak) = counts
        .created
        .iter()
        .max_by_key(|(month, n)| (*n, *month))
        .copied()
        .unwrap_or(*last);
    let from = if shown < MONTHS {
        counts.created[MONTHS - shown].0
    } else {
        first.0
    };
    let mut lines = vec![Line::styled(
        format!(
            "{} – {} · peak {peak} ({})",
            from.label(),
            last.0.label(),
            peak_month.label()
        ),
        DIM,
    )];
    if counts.created_unknown > 0 {
        lines.push(Line::styled(
            format!("{} without a creation date", count(counts.created_unknown)),
            DIM,
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), legend);
}

fn render_departments(counts: &Stats, selected: Option<&Slice>, frame: &mut Frame, area: Rect) {
    let outer = block("Users per department");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [chart, note] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    if counts.departments.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No loaded user has a department", DIM)),
            chart,
        );
    } else {
        let label_width = (inner.width as usize / 3).clamp(8, 28);
        let value_width = counts
            .departments
            .first()
            .map_or(1, |(_, n)| count(*n).len());
        let bars: Vec<Bar> = counts
            .departments
            .iter()
            .map(|(name, n)| {
                let chosen = selected == Some(&Slice::Department(name.clone()));
                let marker = if chosen { "› " } else { "  " };
                let label = format!(
                    "{marker}{}",
                    text::truncate(&text::clean(name), label_width - 2)
                );
                let value = format!("{:>value_width$} ", count(*n));
                let bar = Bar::with_label(Line::from(label), *n as u64).text_value(value);
                if chosen {
                    bar.style(ACCENT).value_style(SELECTED)
                } else {
                    bar.style(KEY)
                }
            })
            .collect();
        let rows = counts.departments.len().min(TOP_DEPARTMENTS) as u16;
        let height = rows.min(chart.height);
        let chart = Rect::new(chart.x, chart.y, chart.width, height);
        frame.render_widget(
            BarChart::default()
                .direction(Direction::Horizontal)
                .data(ratatui::widgets::BarGroup::default().bars(&bars))
                .bar_width(1)
                .bar_gap(0),
            chart,
        );
    }
    let mut rest = Vec::new();
    if counts.other_departments > 0 {
        rest.push(format!(
            "{} in other departments",
            count(counts.other_departments)
        ));
    }
    if counts.no_department > 0 {
        rest.push(format!(
            "{} with no department",
            count(counts.no_department)
        ));
    }
    frame.render_widget(Paragraph::new(Line::styled(rest.join(" · "), DIM)), note);
}
