//! The big-tenant figures of BENCHMARKS.md, measured against a `lazyentra serve-demo` running
//! in a process of its own (so the client's memory is its own):
//!
//! - `floor URL`: the least any client can do. One keep-alive connection, written by hand: the
//!   token, then every page with the same query lazyentra's list sends (`$select` of its
//!   columns, `LIST_SELECT`, `$top=999`, `$count=true`, `ConsistencyLevel: eventual`),
//!   finding `@odata.nextLink` in the bytes without decoding them.
//! - `load-all URL`: lazyentra itself, without a terminal: the same `App` (reducer, worker,
//!   Graph client, page decoding and the list's intake) the binary runs, signing in, taking the
//!   first page, then `L` until every user is a row of the list; frames are drawn into
//!   ratatui's `TestBackend` at most every 16 ms, as the real loop draws. Then, on the loaded
//!   list: the local filter per keystroke, one frame with the filter active, and the process's
//!   peak resident memory (`VmHWM`).
//!
//! - `read-all URL`: the Graph client alone reading every page into rows, as `L`'s worker
//!   does, without the app: how much of `load-all` the app's own work adds.
//!
//! Each prints one line of `name=value` pairs. `benches/run-big-tenant.sh` starts the
//! emulator, runs both in turn and prints the ratios; by hand:
//!
//! ```sh
//! cargo bench --bench big_tenant -- floor http://127.0.0.1:PORT/
//! cargo bench --bench big_tenant -- load-all http://127.0.0.1:PORT/
//! ```
//!
//! Without a URL (a plain `cargo bench`) it says so and does nothing.

// A failed unwrap is the benchmark failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lazyentra::config::Settings;
use lazyentra::graph::LIST_SELECT;
use lazyentra::keymap::Keymap;
use lazyentra::runtime::app::{App, AppConfig};
use lazyentra::ui;
use lazyentra::update::Msg;
use lazyentra_emulator::demo;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use url::Url;

/// What the local filter is measured with, one keystroke at a time: free text, then a field
/// filter on top.
const TYPED: &str = "maria dept:fin";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args.as_slice() {
        [what, url] if what == "floor" => floor(&Url::parse(url).expect("a base URL"), None),
        [what, url, most] if what == "floor" => floor(
            &Url::parse(url).expect("a base URL"),
            Some(most.parse().expect("a number of users")),
        ),
        [what, url] if what == "load-all" => load_all(&Url::parse(url).expect("a base URL")),
        [what, url] if what == "read-all" => read_all(&Url::parse(url).expect("a base URL")),
        _ => eprintln!(
            "big_tenant: give `floor URL [USERS]`, `load-all URL` or `read-all URL` (a \
             serve-demo's base URL); benches/run-big-tenant.sh runs them"
        ),
    }
}

// ---------------------------------------------------------------------------------------
// The floor

/// One HTTP/1.1 connection kept alive, spoken by hand.
struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Connection {
    fn open(base: &Url) -> Connection {
        let host = format!(
            "{}:{}",
            base.host_str().expect("a host"),
            base.port_or_known_default().expect("a port")
        );
        let stream = TcpStream::connect(&host).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Connection {
            reader: BufReader::with_capacity(1 << 16, stream),
            host,
        }
    }

    /// Sends a request and reads the whole answer's body into `body`.
    fn exchange(&mut self, head: &str, payload: &[u8], body: &mut Vec<u8>) {
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).expect("send");
        stream.write_all(payload).expect("send");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        assert!(line.starts_with("HTTP/1.1 200"), "answered {line}");
        let mut length = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').expect("a header");
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>().expect("a length"));
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.trim().eq_ignore_ascii_case("chunked");
            }
        }
        body.clear();
        if let Some(n) = length {
            body.resize(n, 0);
            self.reader.read_exact(body).expect("body");
        } else if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line).expect("chunk size");
                let size = usize::from_str_radix(line.trim(), 16).expect("a chunk size");
                let start = body.len();
                body.resize(start + size + 2, 0);
                self.reader.read_exact(&mut body[start..]).expect("chunk");
                body.truncate(start + size);
                if size == 0 {
                    break;
                }
            }
        } else {
            panic!("an answer without a length");
        }
    }
}

/// The `@odata.nextLink` in a page's bytes, found without decoding the page (a link holds no
/// JSON escapes: Graph percent-encodes its query).
fn next_link(page: &[u8]) -> Option<&str> {
    const KEY: &[u8] = br#""@odata.nextLink":""#;
    let at = memchr::memmem::find(page, KEY)? + KEY.len();
    let len = memchr::memchr(b'"', &page[at..])?;
    std::str::from_utf8(&page[at..at + len]).ok()
}

/// Counts the users of a page by their `"id":` keys: a cross-check only, done after the clock
/// stops.
fn count_ids(page: &[u8]) -> usize {
    memchr::memmem::find_iter(page, br#""id":"#).count()
}

/// Lists every user, or pages until at least `most` users are in.
fn floor(base: &Url, most: Option<usize>) {
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let mut conn = Connection::open(base);
    let root = base.as_str().trim_end_matches('/');
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", demo::ADMIN_CLIENT_ID)
        .append_pair("client_secret", demo::ADMIN_CLIENT_SECRET)
        .append_pair("scope", &format!("{root}/.default"))
        .append_pair("grant_type", "client_credentials")
        .finish();
    let head = format!(
        "POST /{}/oauth2/v2.0/token HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        demo::TENANT_ID,
        conn.host,
        form.len()
    );
    let mut body = Vec::with_capacity(2 << 20);
    conn.exchange(&head, form.as_bytes(), &mut body);
    let token: serde_json::Value = serde_json::from_slice(&body).expect("a token");
    let token = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();

    let mut path = format!(
        "/v1.0/users?$select={}&$top=999&$count=true",
        LIST_SELECT.join(",")
    );
    let mut pages = 0usize;
    let mut users = 0usize;
    let mut bytes = 0usize;
    loop {
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
             ConsistencyLevel: eventual\r\n\r\n",
            conn.host
        );
        conn.exchange(&head, &[], &mut body);
        pages += 1;
        bytes += body.len();
        let next = next_link(&body).map(|link| {
            let url = Url::parse(link).expect("a next link");
            format!("{}?{}", url.path(), url.query().unwrap_or_default())
        });
        users += count_ids(&body);
        match next {
            Some(next) if most.is_none_or(|m| users < m) => path = next,
            _ => break,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "floor users={users} pages={pages} seconds={seconds:.3} cpu_seconds={cpu:.2} mib={:.1}",
        bytes as f64 / f64::from(1 << 20)
    );
}

// ---------------------------------------------------------------------------------------
// lazyentra's load-all

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// CPU time this process has used (user + system), from `/proc/self/stat`.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // The kernel reports in USER_HZ, 100 on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak and current resident memory of this process, in MiB (`VmHWM`, `VmRSS`).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let read = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    (read("VmHWM:"), read("VmRSS:"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn load_all(base: &Url) {
    let runtime = lazyentra::runtime::app_runtime().expect("runtime");
    runtime.block_on(async {
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let settings = Settings::default().with_demo(
            base,
            demo::TENANT_ID,
            demo::ADMIN_CLIENT_ID,
            demo::ADMIN_CLIENT_SECRET,
        );
        let mut config = AppConfig::from_settings(&settings, Keymap::default());
        config.auto_connect = true;
        let mut app = App::new(config);
        app.dispatch(Msg::Resize(120, 40));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let mut drawn: Option<Instant> = None;
        let mut frames = 0u32;
        let mut pressed = false;
        let mut first_page = None;
        loop {
            if drawn.is_none_or(|at| at.elapsed() >= Duration::from_millis(16)) {
                terminal
                    .draw(|frame| ui::render(&app.state, frame))
                    .expect("draw");
                drawn = Some(Instant::now());
                frames += 1;
            }
            let list = app.state.screens.list();
            if let Some(list) = list.filter(|l| l.loaded) {
                if list.next.is_none() && app.is_idle() {
                    break;
                }
                if !pressed {
                    first_page = Some(started.elapsed());
                    pressed = true;
                    key(&mut app, KeyCode::Char('L'));
                    continue;
                }
            }
            assert!(app.step().await, "stalled: {:?}", app.state.status);
        }
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_before;
        let list = app.state.screens.list().expect("the list");
        let users = list.rows.len();
        let (peak, _) = memory();

        // The local filter, one keystroke at a time, everything loaded.
        key(&mut app, KeyCode::Char('/'));
        let mut keystrokes = Vec::new();
        for c in TYPED.chars() {
            let at = Instant::now();
            key(&mut app, KeyCode::Char(c));
            keystrokes.push(at.elapsed());
        }
        let shown = app.state.screens.list().expect("the list").shown.len();
        let mut frame_times = Vec::new();
        for _ in 0..50 {
            let at = Instant::now();
            terminal
                .draw(|frame| ui::render(&app.state, frame))
                .expect("draw");
            frame_times.push(at.elapsed());
        }
        let (peak_after, _) = memory();
        println!(
            "load-all users={users} seconds={seconds:.3} cpu_seconds={cpu:.2} \
             first_page_ms={:.1} frames={frames} \
             peak_rss_mib={peak:.1} filter_ms_max={:.2} filter_ms_median={:.2} \
             filtered={shown} frame_ms={:.3} peak_rss_after_filter_mib={peak_after:.1}",
            first_page.map_or(f64::NAN, ms),
            keystrokes.iter().copied().map(ms).fold(0.0, f64::max),
            ms(median(keystrokes)),
            ms(median(frame_times)),
        );
    });
}

/// The Graph client alone reading every page into list rows, as `L`'s worker task does, with
/// no app around it: what the app adds (the reducer taking pages in, frames) is the rest of
/// `load-all`'s time.
fn read_all(base: &Url) {
    use lazyentra::graph::{GraphClient, ListQuery};
    use lazyentra::screens::user_list::RowPage;
    use lazyentra::screens::user_list::row::Values;
    let runtime = lazyentra::runtime::app_runtime().expect("runtime");
    runtime.block_on(async {
        let settings = Settings::default().with_demo(
            base,
            demo::TENANT_ID,
            demo::ADMIN_CLIENT_ID,
            demo::ADMIN_CLIENT_SECRET,
        );
        let graph =
            GraphClient::new(settings.client_config().expect("demo settings")).expect("client");
        graph.connect().await.expect("token");
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let query = ListQuery {
            count: true,
            ..ListQuery::default()
        };
        let first = graph.list_users(&query).await.expect("first page");
        let mut next = first.next;
        let mut users = first.users.len();
        let mut values = Values::default();
        while let Some(link) = next {
            let page: RowPage = graph
                .next_page_ahead(&link, &mut values)
                .await
                .expect("a page");
            users += page.items.rows.len();
            next = page.next;
        }
        println!(
            "read-all users={users} seconds={:.3} cpu_seconds={:.2}",
            started.elapsed().as_secs_f64(),
            cpu_seconds() - cpu_before
        );
    });
}
