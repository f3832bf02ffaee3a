//! The command line: flags that override settings, and the subcommands.
//!
//! There is deliberately no `--client-secret`: a secret on the command line lands in shell
//! history and in every other user's `ps` output. It comes from the environment or the file.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Settings are layered, lowest to highest: built-in defaults, the config file
(~/.config/lazyentra/config.toml or --config FILE), AZURE_* variables, LAZYENTRA_* variables,
the chosen profile ([profiles.NAME] in the file), then these flags. `lazyentra config` shows
each effective value and where it came from; `lazyentra profiles` lists the profiles.

The client secret is read from AZURE_CLIENT_SECRET, LAZYENTRA_CLIENT_SECRET or the config file,
and a PFX password from AZURE_CLIENT_CERTIFICATE_PASSWORD or LAZYENTRA_CLIENT_CERTIFICATE_PASSWORD.
There are no flags for them, so they never land in shell history or `ps`.";

#[derive(Parser, Debug)]
#[command(name = "lazyentra", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Run against the embedded demo tenant (no credentials needed)
    #[arg(long)]
    pub demo: bool,

    /// Read settings from FILE instead of ~/.config/lazyentra/config.toml (it must exist)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use the config file's `[profiles.NAME]` (also `LAZYENTRA_PROFILE`); `default` is the
    /// top-level settings
    #[arg(long, value_name = "NAME", global = true)]
    pub profile: Option<String>,

    /// Tenant ID (GUID) or domain, e.g. contoso.onmicrosoft.com
    #[arg(long, value_name = "TENANT")]
    pub tenant_id: Option<String>,

    /// Application (client) ID of the app registration
    #[arg(long, value_name = "GUID")]
    pub client_id: Option<String>,

    /// Sign in with this certificate: a PEM (certificate + private key) or a PFX file
    #[arg(long, value_name = "FILE")]
    pub client_certificate_path: Option<String>,

    /// Microsoft cloud: global, usgov, usgov-dod or china (sets the two URLs below)
    #[arg(long, value_name = "CLOUD")]
    pub cloud: Option<String>,

    /// Token authority, overriding the cloud's, e.g. <https://login.microsoftonline.us>
    #[arg(long, value_name = "URL")]
    pub authority_host: Option<String>,

    /// Microsoft Graph root, overriding the cloud's, e.g. <https://graph.microsoft.us>
    #[arg(long, value_name = "URL")]
    pub graph_endpoint: Option<String>,

    /// Users per request, 1 to 999
    #[arg(long, value_name = "N")]
    pub page_size: Option<u16>,

    /// Browse only: disable every write
    #[arg(long)]
    pub read_only: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the effective settings and where each came from (of --profile NAME, if given)
    Config,
    /// List the connection profiles and what each lacks to connect
    Profiles,
    /// Serve the demo tenant (token endpoint + Graph v1.0) on loopback until Ctrl-C
    ServeDemo {
        /// TCP port on 127.0.0.1; 0 picks a free one
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// How many users the demo tenant starts with
        #[arg(long, default_value_t = 250)]
        users: usize,
        /// Seed for the generated users (same seed, same tenant)
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Delay added to every response, in milliseconds
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// Answer every Nth Graph request with 429 Too Many Requests
        #[arg(long, value_name = "N")]
        throttle_every: Option<u32>,
        /// Lifetime of issued access tokens, in seconds
        #[arg(long, default_value_t = 3599)]
        token_lifetime_secs: u64,
    },
    /// Write every user (or those --filter keeps) to CSV or JSON, page by page, with the
    /// user list's columns
    #[command(after_help = EXPORT_AFTER_HELP)]
    Export(ExportArgs),
}

const EXPORT_AFTER_HELP: &str = "\
Signs in with the same settings as the app (`lazyentra config` shows them); with --demo before
`export`, from the embedded demo tenant. Progress goes to stderr when it is a terminal.

Exit status: 0 written; 1 internal error; 2 bad settings or flags; 3 sign-in refused; 4 Graph
or the network failed; 5 the output could not be written (it exists, no folder, no permission,
disk full); 130 interrupted. No unfinished file is left behind.";

/// `lazyentra export`'s flags.
#[derive(Args, Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportArgs {
    /// csv or json [default: the --output file's extension, else csv]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,

    /// Keep only these users, in the syntax of the list's / box: words, dept:, title:,
    /// enabled:yes|no, guest, member (replaces a --view's filter)
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,

    /// The columns, sort and filter of the saved view NAME ([views.NAME] in the config file)
    /// [default: the list's seven columns, in Graph's order]
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,

    /// Write to FILE (created owner-only), or - for stdout [default: stdout when it is piped or
    /// redirected, else lazyentra-users-<time>.<format> in the working directory]
    #[arg(long, short, value_name = "FILE|-")]
    pub output: Option<String>,

    /// Replace FILE if it exists (it is refused otherwise)
    #[arg(long)]
    pub force: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn there_is_no_secret_flag() {
        let secret_flag = Cli::command()
            .get_arguments()
            .any(|a| a.get_long().is_some_and(|l| l.contains("secret")));
        assert!(!secret_flag);
    }

    #[test]
    fn settings_flags_go_before_the_subcommand() {
        let cli = Cli::try_parse_from(["lazyentra", "--page-size", "5", "--read-only", "config"])
            .unwrap();
        assert!(matches!(cli.command, Some(Command::Config)));
        assert_eq!((cli.page_size, cli.read_only), (Some(5), true));
    }

    #[test]
    fn export_takes_its_flags_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "lazyentra",
            "--demo",
            "export",
            "--format",
            "json",
            "--filter",
            "dept:fin guest",
            "--view",
            "hr",
            "-o",
            "-",
            "--force",
        ])
        .unwrap();
        assert!(cli.demo);
        let Some(Command::Export(args)) = cli.command else {
            panic!("expected export");
        };
        assert_eq!(
            args,
            ExportArgs {
                format: Some(ExportFormat::Json),
                filter: Some("dept:fin guest".into()),
                view: Some("hr".into()),
                output: Some("-".into()),
                force: true,
            }
        );
        assert!(Cli::try_parse_from(["lazyentra", "export", "--format", "xml"]).is_err());
    }

    #[test]
    fn serve_demo_defaults() {
        let cli = Cli::try_parse_from(["lazyentra", "serve-demo", "--port", "8080"]).unwrap();
        let Some(Command::ServeDemo {
            port,
            users,
            seed,
            latency_ms,
            throttle_every,
            token_lifetime_secs,
        }) = cli.command
        else {
            panic!("expected serve-demo");
        };
        assert_eq!(
            (
                port,
                users,
                seed,
                latency_ms,
                throttle_every,
                token_lifetime_secs
            ),
            (8080, 250, 1, 0, None, 3599)
        );
    }
}
