//! The app: state, the worker and its timers, and the event loop that feeds them.
//! The loop waits on terminal events, worker answers, exports' progress, the search debounce
//! deadline, the throttle countdown (only while a throttled retry waits) and — only while a
//! spinner is showing — an animation tick. It never awaits a network call and never polls.

use std::time::Duration;

use color_eyre::eyre::{Result, eyre};
use crossterm::event::KeyEvent;
use tokio::time::Instant;

use crate::config::{ConfigFile, Settings};
use crate::graph::ClientConfig;
use crate::keymap::Keymap;
use crate::runtime::export::Exports;
use crate::runtime::worker::Worker;
use crate::runtime::{event, tui::Tui};
use crate::state::{ConnectInfo, CredentialInfo, State};
use crate::ui;
use crate::update::{self, Effect, Msg};

/// Spinner frame rate while something is in flight.
const ANIMATION: Duration = Duration::from_millis(100);
/// The shortest time between two drawn frames (60 Hz).
const FRAME: Duration = Duration::from_millis(16);

/// What the app starts with.
pub struct AppConfig {
    pub connect: ConnectInfo,
    /// `None` when the settings lack credentials (the connect screen says what is missing).
    pub client: Option<ClientConfig>,
    pub keymap: Keymap,
    /// Sign in at once (the demo) instead of waiting for Enter.
    pub auto_connect: bool,
}

impl AppConfig {
    pub fn from_settings(settings: &Settings, keymap: Keymap) -> AppConfig {
        let (client, problems) = match settings.client_config() {
            Ok(client) => (Some(client), Vec::new()),
            Err(e) => (
                None,
                e.problems().iter().map(|p| p.message.clone()).collect(),
            ),
        };
        let source = Some(match &settings.config_file {
            ConfigFile::Explicit(p) | ConfigFile::Found(p) => {
                format!("{} + environment", p.display())
            }
            ConfigFile::Absent(p) => format!("environment (no file at {})", p.display()),
            ConfigFile::NoConfigDir => "environment".to_owned(),
        });
        let connect = ConnectInfo {
            tenant_id: settings.tenant_id.clone(),
            client_id: settings.client_id.clone(),
            credential: credential_info(settings),
            authority_host: settings.authority_host.to_string(),
            graph_endpoint: settings.graph_endpoint.to_string(),
            read_only: settings.read_only,
            problems,
            source,
            warnings: settings.warnings.clone(),
        };
        AppConfig {
            connect,
            client,
            keymap,
            auto_connect: false,
        }
    }
}

/// What the connect screen says about the credential: the secret wins over a certificate, as
/// in `Settings::credential`.
fn credential_info(settings: &Settings) -> CredentialInfo {
    if settings.client_secret.is_some() {
        return CredentialInfo::Secret;
    }
    match (&settings.certificate, &settings.client_certificate_path) {
        (Some(Ok(cert)), _) => CredentialInfo::Certificate {
            path: cert.path().display().to_string(),
            thumbprint: cert.thumbprint().to_owned(),
        },
        (_, Some(path)) => CredentialInfo::BadCertificate {
            path: path.display().to_string(),
        },
        (_, None) => CredentialInfo::Missing,
    }
}

/// The state plus everything that acts on effects. Tests drive this without a terminal.
pub struct App {
    pub state: State,
    worker: Worker,
    /// The exports being written.
    exports: Exports,
    /// When to deliver `SearchDue(generation)`.
    debounce: Option<(Instant, u64)>,
    /// When to deliver `CountdownDue(generation)`.
    countdown: Option<(Instant, u64)>,
}

impl App {
    /// Starts the worker (needs a tokio runtime) and, when configured to, the sign-in.
    pub fn new(config: AppConfig) -> App {
        let mut app = App {
            state: State::new(config.connect, config.keymap),
            worker: Worker::spawn(config.client),
            exports: Exports::default(),
            debounce: None,
            countdown: None,
        };
        let effects = update::start(&mut app.state, config.auto_connect);
        app.apply(effects);
        app
    }

    pub fn dispatch(&mut self, msg: Msg) {
        let effects = update::update(&mut self.state, msg);
        self.apply(effects);
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.dispatch(Msg::Key(key));
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Send(command) => self.worker.send(command),
                Effect::Debounce { generation, after } => {
                    self.debounce = Some((Instant::now() + after, generation));
                }
                Effect::Countdown { generation, after } => {
                    self.countdown = Some((Instant::now() + after, generation));
                }
                Effect::GeneratePassword => {
                    // Randomness stays out of the reducer: the password comes back as a message.
                    let password = crate::password::generate(&mut rand::rng());
                    self.dispatch(Msg::PasswordGenerated(password.into()));
                }
                Effect::ExportStamp => {
                    // The clock stays out of the reducer too.
                    let now = chrono::Local::now().naive_local();
                    self.dispatch(Msg::ExportStamp(now));
                }
                Effect::Export(job) => self.exports.start(*job),
                Effect::CancelExport(id) => self.exports.cancel(id),
            }
        }
    }

    /// Nothing in flight, no export being written and no search waiting to be sent.
    pub fn is_idle(&self) -> bool {
        self.state.pending.is_empty() && self.debounce.is_none() && self.exports.is_idle()
    }

    /// Waits for the next worker answer or debounce deadline and handles it; returns false
    /// when there is nothing to wait for.
    pub async fn step(&mut self) -> bool {
        if self.is_idle() {
            return false;
        }
        let (debounce, countdown) = (self.debounce, self.countdown);
        tokio::select! {
            Some(msg) = self.worker.recv() => self.dispatch(Msg::Worker(msg)),
            msg = self.exports.recv() => self.dispatch(Msg::Export(msg)),
            () = sleep_until(debounce), if debounce.is_some() => self.fire_debounce(),
            () = sleep_until(countdown), if countdown.is_some() => self.fire_countdown(),
            else => return false,
        }
        true
    }

    /// Handles answers until nothing is in flight, or fails after `limit`.
    pub async fn settle(&mut self, limit: Duration) -> Result<()> {
        tokio::time::timeout(limit, async { while self.step().await {} })
            .await
            .map_err(|_| eyre!("still busy after {limit:?}: {:?}", self.state.pending))
    }

    fn fire_debounce(&mut self) {
        if let Some((_, generation)) = self.debounce.take() {
            self.dispatch(Msg::SearchDue(generation));
        }
    }

    fn fire_countdown(&mut self) {
        if let Some((_, generation)) = self.countdown.take() {
            self.dispatch(Msg::CountdownDue(generation));
        }
    }
}

async fn sleep_until(deadline: Option<(Instant, u64)>) {
    match deadline {
        Some((at, _)) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Runs the app in the terminal until the user quits.
pub async fn run(config: AppConfig) -> Result<()> {
    let mut tui = Tui::enter()?;
    let mut app = App::new(config);
    let (w, h) = tui.size()?;
    app.dispatch(Msg::Resize(w, h));
    let mut events = event::spawn_reader();
    let mut ticker = tokio::time::interval(ANIMATION);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = true;
    // When the last frame was drawn: a burst of input (a paste delivered as keystrokes, fast
    // typing over SSH) is handled key by key but drawn at most once a frame.
    let mut drawn_at: Option<Instant> = None;
    while !app.state.quit {
        let draw_due = drawn_at.map(|at| at + FRAME);
        if dirty && draw_due.is_none_or(|due| Instant::now() >= due) {
            tui.draw(|frame| ui::render(&app.state, frame))?;
            dirty = false;
            drawn_at = Some(Instant::now());
        }
        let pending_draw = draw_due.filter(|_| dirty).map(|due| (due, 0));
        let animating = app.state.is_animating();
        let (debounce, countdown) = (app.debounce, app.countdown);
        tokio::select! {
            () = sleep_until(pending_draw), if pending_draw.is_some() => {}
            event = events.recv() => match event {
                Some(Ok(event)) => {
                    // Everything that has arrived is handled before the next frame.
                    let mut next = Some(event);
                    while let Some(event) = next.take() {
                        if let Some(msg) = event::to_msg(event) {
                            app.dispatch(msg);
                            dirty = true;
                        }
                        if let Ok(more) = events.try_recv() {
                            next = Some(more?);
                        }
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            msg = app.worker.recv() => {
                let msg = msg.ok_or_else(|| eyre!("the background worker stopped"))?;
                app.dispatch(Msg::Worker(msg));
                dirty = true;
            }
            msg = app.exports.recv() => {
                app.dispatch(Msg::Export(msg));
                dirty = true;
            }
            () = sleep_until(debounce), if debounce.is_some() => {
                app.fire_debounce();
                dirty = true;
            }
            () = sleep_until(countdown), if countdown.is_some() => {
                app.fire_countdown();
                dirty = true;
            }
            _ = ticker.tick(), if animating => {
                app.dispatch(Msg::Tick);
                dirty = true;
            }
        }
    }
    drop(tui);
    Ok(())
}
