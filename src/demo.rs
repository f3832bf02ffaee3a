//! The ways to meet the demo tenant: `lazyentra --demo` (the app against an embedded
//! emulator), `lazyentra --demo export` (the headless export of it) and `lazyentra serve-demo`
//! (the emulator alone, for other clients).

use std::time::Duration;

use color_eyre::Result;
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};

use std::process::ExitCode;

use crate::cli::{Command, ExportArgs};
use ratatui::style::Color;

use crate::config::{DemoTenant, Profiles, Settings, Sources};
use crate::headless;
use crate::keymap::Keymap;
use crate::profile::ProfileList;
use crate::runtime::app::{self, AppConfig};
use crate::runtime::profile_store::ProfileStore;

/// Users in the `--demo` tenant: enough that paging and scrolling are real.
pub const DEMO_USERS: usize = 2000;

/// The demo's first tenant as a profile: read-write, with the demo admin app.
pub const DEMO_PROFILE: &str = "contoso";
/// The demo's second tenant as a profile: read-only, with its reader app.
pub const SECOND_DEMO_PROFILE: &str = "fabrikam";

/// The demo's two tenants as profiles, served at `base_url`: `contoso` (read-write, the
/// admin app, green) and `fabrikam` (read-only, its reader app, magenta).
pub fn demo_tenants(base_url: &url::Url) -> Vec<DemoTenant> {
    vec![
        DemoTenant {
            name: DEMO_PROFILE.to_owned(),
            base_url: base_url.clone(),
            tenant: demo::TENANT_ID.to_owned(),
            client: demo::ADMIN_CLIENT_ID.to_owned(),
            secret: demo::ADMIN_CLIENT_SECRET.to_owned(),
            read_only: false,
            color: Some(Color::Green),
        },
        DemoTenant {
            name: SECOND_DEMO_PROFILE.to_owned(),
            base_url: base_url.clone(),
            tenant: demo::FABRIKAM_TENANT_ID.to_owned(),
            client: demo::FABRIKAM_READER_CLIENT_ID.to_owned(),
            secret: demo::FABRIKAM_READER_CLIENT_SECRET.to_owned(),
            read_only: true,
            color: Some(Color::Magenta),
        },
    ]
}

/// `lazyentra --demo`: the emulator on a free loopback port, and the app with the demo's
/// tenants as profiles `contoso` and `fabrikam` before the config file's profiles, signing in
/// at once with the chosen one.
pub async fn run(profiles: Profiles, sources: Sources, keymap: Keymap) -> Result<()> {
    let emulator = start().await?;
    let demos = demo_tenants(&emulator.base_url());
    let profiles = profiles.with_demos(&demos);
    let config = AppConfig {
        profiles: ProfileList::from_config(&profiles),
        store: Some(ProfileStore::new(sources, demos)),
        keymap,
        // The chosen profile: the demo's own unless --profile named another.
        auto_connect: true,
        views: profiles.top.views.clone(),
    };
    let result = app::run(config).await;
    emulator.shutdown().await;
    result
}

/// `lazyentra --demo export`: the headless export of the embedded demo tenant, with the demo
/// admin app.
pub async fn export(settings: Settings, args: ExportArgs) -> Result<ExitCode> {
    let emulator = start().await?;
    let (id, secret) = (demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    let settings = settings.with_demo(&emulator.base_url(), demo::TENANT_ID, id, secret);
    let code = headless::run(settings, args).await;
    emulator.shutdown().await;
    Ok(code)
}

/// The demo tenant on a free loopback port.
async fn start() -> Result<Emulator> {
    let options = EmulatorOptions {
        users: DEMO_USERS,
        ..EmulatorOptions::default()
    };
    Ok(Emulator::start(options).await?)
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
