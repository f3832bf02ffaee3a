//! `lazyentra`: parse the command line, load the settings, then run the app (or a subcommand).

use clap::Parser as _;
use lazyentra::cli::{Cli, Command};
use lazyentra::config::{Profiles, Settings, Sources};
use lazyentra::demo;
use lazyentra::keymap::Keymap;
use lazyentra::runtime::app::{self, AppConfig};
use std::process::ExitCode;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let _log = lazyentra::logging::init();
    let sources = Sources::from_process(&cli);
    // The top-level settings and the chosen profile must be valid; another profile's
    // problems are listed with it.
    let profiles = match Profiles::load_from(&sources) {
        Ok(profiles) => profiles,
        Err(e) => return Ok(config_error(&e.to_string())),
    };
    let keymap = match Keymap::from_config(&profiles.top.keys) {
        Ok(keymap) => keymap,
        Err(lines) => return Ok(config_error(&lines.join("\n"))),
    };
    // The emulator, the demo (which serves one in-process) and exports take a worker thread
    // per core; the app against a tenant, [`lazyentra::runtime::app_runtime`].
    let runtime = tokio::runtime::Runtime::new;
    match cli.command {
        Some(Command::Config) => match Settings::load_from(&sources) {
            Ok(settings) => print!("{}", settings.report()),
            Err(e) => return Ok(config_error(&e.to_string())),
        },
        Some(Command::Profiles) => print!("{}", profiles.report()),
        Some(command @ Command::ServeDemo { .. }) => {
            let options = demo::serve_options(&command);
            runtime()?.block_on(lazyentra_emulator::serve_until_ctrl_c(options))?;
        }
        Some(Command::Export(args)) => {
            let settings = match Settings::load_from(&sources) {
                Ok(settings) => settings,
                Err(e) => return Ok(config_error(&e.to_string())),
            };
            if cli.demo {
                return runtime()?.block_on(demo::export(settings, args));
            }
            return Ok(runtime()?.block_on(lazyentra::headless::run(settings, args)));
        }
        None if cli.demo => runtime()?.block_on(demo::run(profiles, sources, keymap))?,
        None => lazyentra::runtime::app_runtime()?.block_on(app::run(AppConfig::from_profiles(
            &profiles, sources, keymap,
        )))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Settings problems go to stderr, one per line, with exit status 2 and no backtrace.
fn config_error(text: &str) -> ExitCode {
    for line in text.lines() {
        eprintln!("lazyentra: {line}");
    }
    ExitCode::from(2)
}
