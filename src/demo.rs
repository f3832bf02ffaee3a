//! The two ways to meet the demo tenant: `lazyentra --demo` (the app against an embedded
//! emulator) and `lazyentra serve-demo` (the emulator alone, for other clients).

use std::time::Duration;

use color_eyre::Result;
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};

use crate::cli::Command;
use crate::config::Settings;
use crate::keymap::Keymap;
use crate::runtime::app::{self, AppConfig};

/// Users in the `--demo` tenant: enough that paging and scrolling are real.
pub const DEMO_USERS: usize = 2000;

/// `lazyentra --demo`: the emulator on a free loopback port, and the app already configured
/// for it with the demo admin app, signing in at once.
pub async fn run(settings: Settings, keymap: Keymap) -> Result<()> {
    let options = EmulatorOptions {
        users: DEMO_USERS,
        ..EmulatorOptions::default()
    };
    let emulator = Emulator::start(options).await?;
    let base = emulator.base_url();
    let (id, secret) = (demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    let settings = settings.with_demo(&base, demo::TENANT_ID, id, secret);
    let mut config = AppConfig::from_settings(&settings, keymap);
    config.connect.source = Some(format!("demo tenant served at {base}"));
    config.auto_connect = true;
    let result = app::run(config).await;
    emulator.shutdown().await;
    result
}

/// The emulator options `serve-demo` asks for; the defaults for any other command.
pub fn serve_options(command: &Command) -> EmulatorOptions {
    let Command::ServeDemo {
        port,
        users,
        seed,
        latency_ms,
        throttle_every,
        token_lifetime_secs,
    } = *command
    else {
        return EmulatorOptions::default();
    };
    EmulatorOptions {
        port,
        users,
        seed,
        token_lifetime: Duration::from_secs(token_lifetime_secs),
        faults: Faults {
            latency: Duration::from_millis(latency_ms),
            throttle_every,
            retry_after: Duration::from_secs(2),
            ..Faults::default()
        },
    }
}
