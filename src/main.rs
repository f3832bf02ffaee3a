//! `lazyentra`: parse the command line, load the settings, then run the app (or a subcommand).

use clap::Parser as _;
use lazyentra::cli::{Cli, Command};
use lazyentra::config::Settings;
use lazyentra::demo;
use lazyentra::keymap::Keymap;
use lazyentra::runtime::app::{self, AppConfig};
use std::process::ExitCode;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let _log = lazyentra::logging::init();
    let settings = match Settings::load(&cli) {
        Ok(settings) => settings,
        Err(e) => return Ok(config_error(&e.to_string())),
    };
    let keymap = match Keymap::from_config(&settings.keys) {
        Ok(keymap) => keymap,
        Err(lines) => return Ok(config_error(&lines.join("\n"))),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    match cli.command {
        Some(Command::Config) => print!("{}", settings.report()),
        Some(command @ Command::ServeDemo { .. }) => {
            let options = demo::serve_options(&command);
            runtime.block_on(lazyentra_emulator::serve_until_ctrl_c(options))?;
        }
        Some(Command::Export(args)) if cli.demo => {
            return runtime.block_on(demo::export(settings, args));
        }
        Some(Command::Export(args)) => {
            return Ok(runtime.block_on(lazyentra::headless::run(settings, args)));
        }
        None if cli.demo => runtime.block_on(demo::run(settings, keymap))?,
        None => runtime.block_on(app::run(AppConfig::from_settings(&settings, keymap)))?,
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
