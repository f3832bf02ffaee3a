//! `lazyentra export`: every user of the tenant (or those `--filter` keeps), written page by
//! page as Graph sends them, so a hundred thousand users are never held at once; a `--view`
//! with a sort holds the kept users as the list's compact rows and sorts them as the list
//! does. It signs in with the same settings as the app, filters with the list's own parser
//! and matcher (so it keeps exactly the users the list's `/` box would on a fully loaded
//! tenant), writes the list's columns (or the view's) through the same writer as `x`, and
//! draws progress on stderr when that is a terminal. A failure is one line on stderr and an
//! exit status that says what kind it was.

use std::collections::HashSet;
use std::io::{self, BufWriter, IsTerminal as _, Stdout, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Settings;
use crate::config::views::SavedView;
use crate::export::table::Format;
use crate::export::target::{self, ExportError, Target};
use crate::export::writer::{Summary, Writer};
use crate::graph::{GraphClient, GraphError, ListQuery, UserId};
use crate::screens::user_list::Row;
use crate::screens::user_list::columns::Columns;
use crate::screens::user_list::filter::{Filter, Sort};
use crate::screens::user_list::row::Values;
use crate::widgets::text::thousands;

/// Exit statuses, as README's "Export" section lists them.
pub const EXIT_INTERNAL: u8 = 1;
pub const EXIT_SETTINGS: u8 = 2;
pub const EXIT_SIGN_IN: u8 = 3;
pub const EXIT_GRAPH: u8 = 4;
pub const EXIT_WRITE: u8 = 5;
/// Stopped with Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Why the export stopped.
#[derive(Debug)]
enum Failure {
    Settings(Vec<String>),
    SignIn(GraphError),
    Graph(GraphError),
    Write(ExportError),
    Internal(String),
    Interrupted,
}

impl Failure {
    fn code(&self) -> u8 {
        match self {
            Failure::Settings(_) => EXIT_SETTINGS,
            Failure::SignIn(_) => EXIT_SIGN_IN,
            Failure::Graph(_) => EXIT_GRAPH,
            Failure::Write(_) => EXIT_WRITE,
            Failure::Internal(_) => EXIT_INTERNAL,
            Failure::Interrupted => EXIT_INTERRUPTED,
        }
    }

    fn lines(&self) -> Vec<String> {
        match self {
            Failure::Settings(lines) => lines.clone(),
            Failure::SignIn(e) => vec![format!("sign-in failed: {e}")],
            Failure::Graph(e) => vec![format!("listing users failed: {e}")],
            Failure::Write(e @ ExportError::Exists { .. }) => vec![format!(
                "{e}: pass --force to replace it, or choose another --output"
            )],
            Failure::Write(e) => vec![e.to_string()],
            Failure::Internal(e) => vec![format!(
                "internal error: {e} (please report this as a lazyentra bug)"
            )],
            Failure::Interrupted => vec!["interrupted: nothing was kept".to_owned()],
        }
    }
}

/// Runs the export and reports on stderr; the exit status says how it went.
pub async fn run(settings: Settings, args: ExportArgs) -> ExitCode {
    let result = tokio::select! {
        result = export(&settings, &args) => result,
        // Dropping the export removes its unfinished file.
        Ok(()) = tokio::signal::ctrl_c() => Err(Failure::Interrupted),
    };
    match result {
        Ok((written_to, summary)) => {
            eprintln!("lazyentra: {}", done_line(&written_to, summary));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            // The progress line, if one was drawn, makes way for the message.
            if io::stderr().is_terminal() {
                eprint!("\r\x1b[2K");
            }
            for line in failure.lines() {
                eprintln!("lazyentra: {line}");
            }
            ExitCode::from(failure.code())
        }
    }
}

fn done_line(written_to: &str, summary: Summary) -> String {
    let users = if summary.rows == 1 { "user" } else { "users" };
    let mut line = format!(
        "exported {} {users} to {written_to}",
        thousands(summary.rows)
    );
    if let Some(note) = summary.formula_note() {
        line = format!("{line} ({note})");
    }
    line
}

/// Where the rows go.
enum Sink {
    File(Target),
    Stdout(BufWriter<Stdout>),
}

impl Sink {
    /// `--output`: `-` is stdout; nothing is stdout when it is piped or redirected, else a
    /// timestamped file in the working directory (CSV on a terminal helps nobody).
    fn open(args: &ExportArgs, format: Format) -> Result<Sink, ExportError> {
        let default_name = format!(
            "{}.{}",
            chrono::Local::now().format("lazyentra-users-%Y%m%d-%H%M%S"),
            format.extension()
        );
        let path = match args.output.as_deref() {
            Some("-") => return Ok(Sink::stdout()),
            None if !io::stdout().is_terminal() => return Ok(Sink::stdout()),
            Some(typed) => target::resolve(typed, &default_name),
            None => target::resolve("", &default_name),
        };
        Target::create(&path, args.force).map(Sink::File)
    }

    fn stdout() -> Sink {
        Sink::Stdout(BufWriter::with_capacity(256 * 1024, io::stdout()))
    }

    fn place(&self) -> Place {
        match self {
            Sink::File(target) => Place::File(target.path().to_owned()),
            Sink::Stdout(_) => Place::Stdout,
        }
    }

    /// Everything is written: put the file in place; says where the rows went.
    fn commit(self) -> Result<String, ExportError> {
        match self {
            Sink::File(target) => target.commit().map(|p| p.display().to_string()),
            Sink::Stdout(mut out) => {
                out.flush().map_err(|e| stdout_failed(&e))?;
                Ok("standard output".to_owned())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::File(target) => target.write(buf),
            Sink::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::File(target) => target.flush(),
            Sink::Stdout(out) => out.flush(),
        }
    }
}

/// The format asked for, else the one the output file's name says, else CSV.
fn format_of(args: &ExportArgs) -> Format {
    match args.format {
        Some(ExportFormat::Csv) => Format::Csv,
        Some(ExportFormat::Json) => Format::Json,
        None => args
            .output
            .as_deref()
            .and_then(Format::of_name)
            .unwrap_or_default(),
    }
}

/// `--view NAME`: that saved view; without it, the list's default columns, unsorted.
fn view_of(settings: &Settings, args: &ExportArgs) -> Result<SavedView, Failure> {
    let Some(name) = args.view.as_deref() else {
        return Ok(SavedView::default());
    };
    if let Some(view) = settings.views.get(name) {
        return Ok(view.clone());
    }
    let names = settings.views.keys().map(String::as_str);
    let why = match crate::spelling::closest(name, names.clone()) {
        Some(close) => format!("no view \"{name}\" in the settings; did you mean \"{close}\"?"),
        None if settings.views.is_empty() => format!(
            "no view \"{name}\": none is saved yet (save one in the app with :view save NAME, \
             or write a [views.{name}] table in the config file)"
        ),
        None => format!(
            "no view \"{name}\" in the settings; the views: {}",
            names.collect::<Vec<_>>().join(", ")
        ),
    };
    Err(Failure::Settings(vec![why]))
}

async fn export(settings: &Settings, args: &ExportArgs) -> Result<(String, Summary), Failure> {
    let config = settings
        .client_config()
        .map_err(|e| Failure::Settings(e.problems().iter().map(|p| p.message.clone()).collect()))?;
    let format = format_of(args);
    let view = view_of(settings, args)?;
    let columns = if view.columns.is_empty() {
        Columns::default()
    } else {
        Columns::of_view(&view)
    };
    let sort = Sort::of_view(&view);
    let filter = Filter::parse(
        args.filter
            .as_deref()
            .or(view.filter.as_deref())
            .unwrap_or_default(),
    );
    // The file first: a path that cannot be written fails before any network call.
    let mut sink = Sink::open(args, format).map_err(Failure::Write)?;
    let place = sink.place();
    let failed = |e: io::Error| Failure::Write(place.failed(&e));
    let client = GraphClient::new(config).map_err(|e| Failure::Internal(e.to_string()))?;
    client.connect().await.map_err(Failure::SignIn)?;
    // The columns written, and those `city:` and the like read, beyond the list's own.
    let mut also_select = columns.also_select();
    for field in filter.needs() {
        if !also_select.contains(&field.property()) {
            also_select.push(field.property());
        }
    }
    let query = ListQuery {
        filter: filter.exact_graph_filter(),
        count: true,
        also_select,
        ..ListQuery::default()
    };
    let mut page = client.list_users(&query).await.map_err(Failure::Graph)?;
    let mut progress = Progress::new(page.count);
    // A byte order mark for a file Excel may open; a pipe feeds a program.
    let bom = matches!(place, Place::File(_));
    let mut writer =
        Writer::start(&mut sink, format, &columns.export_columns(), bom).map_err(failed)?;
    // Graph may repeat a user across pages; the list shows each once, and so does the file.
    let mut seen: HashSet<UserId> = HashSet::new();
    let mut read = 0;
    // A sorted view's rows are held until the last page, then sorted as the list sorts them;
    // unsorted, each page is written as it comes.
    let mut held: Vec<Row> = Vec::new();
    let mut kept = Values::default();
    loop {
        // The next page is on its way while this one is written.
        let next = page.next.take().map(|next| {
            let client = client.clone();
            tokio::spawn(async move { client.next_page(&next).await })
        });
        // The list's compact rows, so the file and the filter read a user as the list does;
        // written at once, their shared values are kept for one page only.
        let mut values = Values::default();
        for user in &page.users {
            read += 1;
            if !seen.insert(user.id.clone()) {
                continue;
            }
            let row = Row::new(
                user,
                if sort.is_some() {
                    &mut kept
                } else {
                    &mut values
                },
            );
            if !filter.is_empty() && !filter.matches(&row) {
                continue;
            }
            if sort.is_some() {
                held.push(row);
            } else {
                writer.row(columns.values(&row)).map_err(failed)?;
            }
        }
        progress.show(read, writer.rows() + held.len() as u64);
        let Some(next) = next else { break };
        page = next
            .await
            .map_err(|e| Failure::Internal(format!("the page task failed: {e}")))?
            .map_err(Failure::Graph)?;
    }
    if let Some(sort) = sort {
        held.sort_by(|a, b| sort.order(a, b));
        for row in &held {
            writer.row(columns.values(row)).map_err(failed)?;
        }
    }
    progress.clear();
    let (_, summary) = writer.finish().map_err(failed)?;
    let written_to = sink.commit().map_err(Failure::Write)?;
    Ok((written_to, summary))
}

/// Where the rows go, without the file: to name it in an error while the writer holds it.
enum Place {
    File(PathBuf),
    Stdout,
}

impl Place {
    fn failed(&self, e: &io::Error) -> ExportError {
        match self {
            Place::File(path) => ExportError::writing(path, e),
            Place::Stdout => stdout_failed(e),
        }
    }
}

fn stdout_failed(e: &io::Error) -> ExportError {
    let reason = if e.kind() == io::ErrorKind::BrokenPipe {
        "it was closed before every user was written (the program reading it stopped)".to_owned()
    } else {
        e.to_string()
    };
    ExportError::Stdout { reason }
}

/// The progress line on stderr, redrawn at most ten times a second, only on a terminal.
struct Progress {
    on: bool,
    total: Option<u64>,
    drawn: Option<Instant>,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        Progress {
            on: io::stderr().is_terminal(),
            total,
            drawn: None,
        }
    }

    fn show(&mut self, read: u64, written: u64) {
        if !self.on
            || self
                .drawn
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.drawn = Some(Instant::now());
        eprint!("\r\x1b[2K{}", progress_line(read, self.total, written));
    }

    fn clear(&self) {
        if self.on && self.drawn.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// "Exporting: 45,000 of 100,000 users read [█████░░░░░]  45% · 1,234 written"
fn progress_line(read: u64, total: Option<u64>, written: u64) -> String {
    let Some(total) = total.filter(|t| *t > 0) else {
        return format!(
            "Exporting: {} users read · {} written",
            thousands(read),
            thousands(written)
        );
    };
    let ratio = (read as f64 / total as f64).min(1.0);
    let filled = (ratio * 20.0).round() as usize;
    format!(
        "Exporting: {} of {} users read [{}{}] {:>3}% · {} written",
        thousands(read),
        thousands(total),
        "█".repeat(filled),
        "░".repeat(20 - filled),
        (ratio * 100.0).floor() as u64,
        thousands(written)
    )
}
