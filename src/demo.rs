//! The ways to meet the demo tenant: `lazyentra --demo` (the app against an embedded
//! emulator), `lazyentra --demo export` (the headless export of it) and `lazyentra serve-demo`
//! (the emulator alone, for other clients).

use std::time::Duration;

use color_eyre::Result;
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};

use std::process::ExitCode;

use crate::cli::{Command, ExportArgs};
use crate::config::Settings;
use crate::headless;
use crate::keymap::Keymap;
use crate::runtime::app::{self, AppConfig};

/// Users in the `--demo` tenant: enough that paging and scrolling are real.
pub const DEMO_USERS: usize = 2000;

/// `lazyentra --demo`: the emulator on a free loopback port, and the app already configured
/// for it with the demo admin app, signing in at once.
pub async fn run(settings: Settings, keymap: Keymap) -> Result<()> {
    let (emulator, settings) = embedded(settings).await?;
    let mut config = AppConfig::from_settings(&settings, keymap);
    config.connect.source = Some(format!("demo tenant served at {}", emulator.base_url()));
    config.auto_connect = true;
    let result = app::run(config).await;
    emulator.shutdown().await;
    result
}

/// `lazyentra --demo export`: the headless export of the embedded demo tenant.
pub async fn export(settings: Settings, args: ExportArgs) -> Result<ExitCode> {
    let (emulator, settings) = embedded(settings).await?;
    let code = headless::run(settings, args).await;
    emulator.shutdown().await;
    Ok(code)
}

/// The demo tenant on a free loopback port, and the settings pointed at it with the demo
/// admin app.
async fn embedded(settings: Settings) -> Result<(Emulator, Settings)> {
    let options = EmulatorOptions {
        users: DEMO_USERS,
        ..EmulatorOptions::default()
    };
    let emulator = Emulator::start(options).await?;
    let (id, secret) = (demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    let settings = settings.with_demo(&emulator.base_url(), demo::TENANT_ID, id, secret);
    Ok((emulator, settings))
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
            refuse_tokens: false,
        },
    }
}
