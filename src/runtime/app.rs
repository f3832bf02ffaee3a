//! The app: state, the worker and its timers, and the event loop that feeds them.
//! The loop waits on terminal events, worker answers, exports' progress, the search debounce
//! deadline, the throttle countdown (only while a throttled retry waits) and — only while a
//! spinner is showing — an animation tick. It never awaits a network call and never polls.

use std::collections::BTreeMap;
use std::time::Duration;

use color_eyre::eyre::{Result, eyre};
use crossterm::event::KeyEvent;
use tokio::time::Instant;

use crate::config::views::SavedView;
use crate::config::{DEFAULT_PROFILE, ProfileSource, Profiles, Settings, Sources};
use crate::keymap::Keymap;
use crate::profile::{Profile, ProfileList, ProfilesWritten};
use crate::runtime::export::Exports;
use crate::runtime::import::Imports;
use crate::runtime::profile_store::ProfileStore;
use crate::runtime::worker::Worker;
use crate::runtime::{event, tui::Tui};
use crate::state::State;
use crate::ui;
use crate::update::{self, Effect, Msg};

/// Spinner frame rate while something is in flight.
const ANIMATION: Duration = Duration::from_millis(100);
/// The shortest time between two drawn frames (60 Hz).
const FRAME: Duration = Duration::from_millis(16);

/// What the app starts with.
pub struct AppConfig {
    /// The profiles the connect screen lists.
    pub profiles: ProfileList,
    /// Where profiles are saved and loaded again; `None` when there is nowhere (tests).
    pub store: Option<ProfileStore>,
    pub keymap: Keymap,
    /// Sign in at once (the demo) instead of waiting for Enter.
    pub auto_connect: bool,
    /// The list's saved views, `[views.NAME]` of the config file.
    pub views: BTreeMap<String, SavedView>,
}

impl AppConfig {
    /// Every profile of `profiles`; saves go to the config file `sources` name.
    pub fn from_profiles(profiles: &Profiles, sources: Sources, keymap: Keymap) -> AppConfig {
        AppConfig {
            profiles: ProfileList::from_config(profiles),
            store: Some(ProfileStore::new(sources, Vec::new())),
            keymap,
            auto_connect: false,
            views: profiles.top.views.clone(),
        }
    }

    /// One profile, `default`, from `settings`; nothing is saved anywhere.
    pub fn from_settings(settings: &Settings, keymap: Keymap) -> AppConfig {
        let profile = Profile::new(
            DEFAULT_PROFILE,
            ProfileSource::TopLevel,
            Ok(settings.clone()),
        );
        AppConfig {
            profiles: ProfileList::single(profile.info, profile.client),
            store: None,
            keymap,
            auto_connect: false,
            views: settings.views.clone(),
        }
    }
}

/// The state plus everything that acts on effects. Tests drive this without a terminal.
pub struct App {
    pub state: State,
    worker: Worker,
    store: Option<ProfileStore>,
    /// The exports being written.
    exports: Exports,
    /// Imports' files being read, completed or written.
    imports: Imports,
    /// When to deliver `SearchDue(generation)`.
    debounce: Option<(Instant, u64)>,
    /// When to deliver `CountdownDue(generation)`.
    countdown: Option<(Instant, u64)>,
}

impl App {
    /// Starts the worker (needs a tokio runtime) and, when configured to, the sign-in.
    pub fn new(config: AppConfig) -> App {
        let mut app = App {
            state: State::new(config.profiles, config.keymap),
            // Each sign-in hands the worker its profile's client settings.
            worker: Worker::spawn(None),
            store: config.store,
            exports: Exports::default(),
            imports: Imports::default(),
            debounce: None,
            countdown: None,
        };
        app.state.views = config.views;
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
                Effect::SaveProfile(change) => {
                    let written = match &self.store {
                        Some(store) => store.save(&change),
                        None => nowhere(),
                    };
                    self.dispatch(Msg::ProfilesWritten(Box::new(written)));
                }
                Effect::RemoveProfile { name, secret_file } => {
                    let written = match &self.store {
                        Some(store) => store.remove(&name, secret_file.as_deref()),
                        None => nowhere(),
                    };
                    self.dispatch(Msg::ProfilesWritten(Box::new(written)));
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
                Effect::ReadImport { id, path, domains } => self.imports.read(id, path, domains),
                Effect::CompletePath(typed) => self.imports.complete(typed),
                Effect::ImportPasswords { id, input, upns } => {
                    self.imports.passwords(id, input, upns);
                }
                Effect::KeepPasswords { path, created } => self.imports.keep(path, created),
                Effect::SaveView { name, view } => {
                    let result = match &self.store {
                        Some(store) => store.save_view(&name, &view),
                        None => Err(crate::config::write::WriteError::NoConfigDir),
                    };
                    self.dispatch(Msg::ViewSaved { name, view, result });
                }
            }
        }
    }

    /// Nothing in flight, no export being written and no search waiting to be sent.
    pub fn is_idle(&self) -> bool {
        self.state.pending.is_empty()
            && self.debounce.is_none()
            && self.exports.is_idle()
            && self.imports.is_idle()
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
            msg = self.imports.recv() => self.dispatch(Msg::Import(msg)),
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

/// The answer to a write when the app was started without a config file to write to.
fn nowhere() -> ProfilesWritten {
    ProfilesWritten {
        result: Err(crate::config::write::WriteError::NoConfigDir),
        profiles: None,
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
            msg = app.imports.recv() => {
                app.dispatch(Msg::Import(msg));
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
