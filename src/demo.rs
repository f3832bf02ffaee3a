//! The ways to meet the demo tenant: `lazyentra --demo` (the app against an embedded
//! emulator), `lazyentra --demo export` (the headless export of it) and `lazyentra serve-demo`
//! (the emulator alone, for other clients).

use std::time::Duration;

use color_eyre::Result;
use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};

use std::process::ExitCode;

use crate::cli::{Command, ExportArgs};
use crate::config::{Profiles, Settings, Sources};
use crate::headless;
use crate::keymap::Keymap;
use crate::profile::ProfileList;
use crate::runtime::app::{self, AppConfig};
use crate::runtime::profile_store::{DemoProfile, ProfileStore};

/// Users in the `--demo` tenant: enough that paging and scrolling are real.
pub const DEMO_USERS: usize = 2000;

/// The demo tenant's profile: read-write, with the demo admin app.
pub const DEMO_PROFILE: &str = "contoso";

/// `lazyentra --demo`: the emulator on a free loopback port, and the app with the demo
/// tenant as profile `contoso` (the demo admin app) beside the config file's profiles,
/// signing in at once with the chosen one.
pub async fn run(profiles: Profiles, sources: Sources, keymap: Keymap) -> Result<()> {
    let emulator = start().await?;
    let demo_profile = DemoProfile {
        name: DEMO_PROFILE.to_owned(),
        base_url: emulator.base_url(),
        tenant: demo::TENANT_ID.to_owned(),
        client: demo::ADMIN_CLIENT_ID.to_owned(),
        secret: demo::ADMIN_CLIENT_SECRET.to_owned(),
    };
    let d = &demo_profile;
    let profiles = profiles.with_demo(&d.name, &d.base_url, &d.tenant, &d.client, &d.secret);
    let config = AppConfig {
        profiles: ProfileList::from_config(&profiles),
        store: Some(ProfileStore::new(sources, Some(demo_profile))),
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
