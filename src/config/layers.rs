//! Stacks the layers — defaults, file, `AZURE_*`, `LAZYENTRA_*`, flags — with the `config`
//! crate, and records which layer each top-level setting and each `[keys]` entry came from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use config::{Config, FileFormat, Map, Source, Value, ValueKind};

use super::catalog::{self, KEYS_TABLE};
use super::error::Problem;
use super::origin::Origin;
use super::sources::Sources;

/// The built-in defaults, compiled in so an installed binary needs no files beside it.
pub(super) const DEFAULTS: &str = include_str!("../../config/default.toml");

/// Which config file was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigFile {
    /// Read from the path given with `--config`.
    Explicit(PathBuf),
    /// Read from the default location.
    Found(PathBuf),
    /// The default location has no file; built-in defaults and the environment apply.
    Absent(PathBuf),
    /// There is no home or config directory to look in.
    NoConfigDir,
}

impl ConfigFile {
    /// The file a user would edit: the one read, or the one that would be.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Explicit(p) | Self::Found(p) | Self::Absent(p) => Some(p),
            Self::NoConfigDir => None,
        }
    }
}

/// The merged settings before type checks, plus what `Settings` reports about them.
pub(super) struct Layered {
    /// Top-level name → value, highest layer winning; `[keys]` merged entry by entry.
    pub values: Map<String, Value>,
    /// `tenant_id`, …, and `keys.<action>` → the layer that set it.
    pub origins: BTreeMap<String, Origin>,
    pub config_file: ConfigFile,
    pub warnings: Vec<String>,
    /// Every secret text seen (client secret, certificate password), so stray error text can
    /// be scrubbed of it.
    pub secrets: Vec<String>,
}

/// One layer: top-level values, each with its origin.
type Layer = Vec<(String, Value, Origin)>;

/// A layer handed to the `config` crate, which does the merging.
#[derive(Clone, Debug)]
struct LayerSource(Map<String, Value>);

impl Source for LayerSource {
    fn clone_into_box(&self) -> Box<dyn Source + Send + Sync> {
        Box::new(self.clone())
    }

    fn collect(&self) -> Result<Map<String, Value>, config::ConfigError> {
        Ok(self.0.clone())
    }
}

pub(super) fn stack(sources: &Sources, problems: &mut Vec<Problem>) -> Layered {
    let mut warnings = Vec::new();
    let mut secrets = Vec::new();
    let mut layers: Vec<Layer> = Vec::new();

    match parse_toml(DEFAULTS) {
        Ok(map) => layers.push(with_origin(map, &Origin::Default)),
        Err(reason) => problems.push(Problem::new(
            None,
            format!("the built-in defaults do not parse ({reason}); this is a lazyentra bug"),
        )),
    }

    let config_file = match read_user_file(sources, problems) {
        UserFile::Read {
            path,
            text,
            explicit,
        } => {
            secrets.extend(secret_lines(&text));
            match parse_toml(&text) {
                Ok(map) => {
                    warnings.extend(file_warnings(&path, &map));
                    for name in catalog::SECRETS {
                        if let Some(secret) = map.get(*name).and_then(as_str) {
                            secrets.push(secret.to_owned());
                        }
                    }
                    layers.push(with_origin(map, &Origin::File(path.clone())));
                }
                Err(reason) => problems.push(Problem::new(
                    None,
                    format!("{}: not valid TOML: {reason}", path.display()),
                )),
            }
            if explicit {
                ConfigFile::Explicit(path)
            } else {
                ConfigFile::Found(path)
            }
        }
        UserFile::Absent(path) => ConfigFile::Absent(path),
        UserFile::Skipped => ConfigFile::NoConfigDir,
    };

    let azure = env_layer(sources, |e| e.azure_env.map(str::to_owned));
    let lazyentra = env_layer(sources, |e| Some(catalog::lazyentra_env(e.name)));
    for layer in [&azure, &lazyentra] {
        secrets.extend(
            layer
                .iter()
                .filter(|(k, ..)| catalog::SECRETS.contains(&k.as_str()))
                .filter_map(|(_, v, _)| as_str(v).map(str::to_owned)),
        );
    }
    layers.push(azure);
    layers.push(lazyentra);
    layers.push(flag_layer(sources));

    let (values, origins) = merge(&layers, problems);
    Layered {
        values,
        origins,
        config_file,
        warnings,
        secrets,
    }
}

fn merge(
    layers: &[Layer],
    problems: &mut Vec<Problem>,
) -> (Map<String, Value>, BTreeMap<String, Origin>) {
    let mut origins = BTreeMap::new();
    let mut builder = Config::builder();
    for layer in layers {
        let mut map = Map::new();
        for (name, value, origin) in layer {
            if name == KEYS_TABLE
                && let ValueKind::Table(entries) = &value.kind
            {
                for action in entries.keys() {
                    origins.insert(format!("{KEYS_TABLE}.{action}"), origin.clone());
                }
            }
            // Unknown names get a warning instead; `[keys]` entries carry their own origins.
            if catalog::find(name).is_some() {
                origins.insert(name.clone(), origin.clone());
            }
            map.insert(name.clone(), value.clone());
        }
        builder = builder.add_source(LayerSource(map));
    }
    let merged = builder.build().and_then(|config| config.collect());
    match merged {
        Ok(values) => (values, origins),
        Err(e) => {
            problems.push(Problem::new(
                None,
                format!("cannot merge the settings: {e}"),
            ));
            (Map::new(), origins)
        }
    }
}

fn with_origin(map: Map<String, Value>, origin: &Origin) -> Layer {
    map.into_iter()
        .map(|(k, v)| (k, v, origin.clone()))
        .collect()
}

/// One environment layer: for each setting, the variable `var_for` names, if set.
fn env_layer(sources: &Sources, var_for: impl Fn(&catalog::Entry) -> Option<String>) -> Layer {
    catalog::SETTINGS
        .iter()
        .filter_map(|entry| {
            let var = var_for(entry)?;
            let value = sources.var(&var)?;
            let value = Value::new(None, ValueKind::String(value.to_owned()));
            Some((entry.name.to_owned(), value, Origin::Env(var)))
        })
        .collect()
}

fn flag_layer(sources: &Sources) -> Layer {
    let cli = &sources.cli;
    let strings = [
        ("tenant_id", "--tenant-id", &cli.tenant_id),
        ("client_id", "--client-id", &cli.client_id),
        (
            "client_certificate_path",
            "--client-certificate-path",
            &cli.client_certificate_path,
        ),
        ("cloud", "--cloud", &cli.cloud),
        ("authority_host", "--authority-host", &cli.authority_host),
        ("graph_endpoint", "--graph-endpoint", &cli.graph_endpoint),
    ];
    let mut layer: Layer = strings
        .into_iter()
        .filter_map(|(name, flag, value)| {
            let value = Value::new(None, ValueKind::String(value.clone()?));
            Some((name.to_owned(), value, Origin::Flag(flag)))
        })
        .collect();
    if let Some(size) = cli.page_size {
        let value = Value::new(None, ValueKind::U64(u64::from(size)));
        layer.push(("page_size".to_owned(), value, Origin::Flag("--page-size")));
    }
    if cli.read_only {
        let value = Value::new(None, ValueKind::Boolean(true));
        layer.push(("read_only".to_owned(), value, Origin::Flag("--read-only")));
    }
    layer
}

enum UserFile {
    Read {
        path: PathBuf,
        text: String,
        explicit: bool,
    },
    Absent(PathBuf),
    /// No directory to look in, or the file exists but cannot be read (a problem is logged).
    Skipped,
}

fn read_user_file(sources: &Sources, problems: &mut Vec<Problem>) -> UserFile {
    let Some((path, explicit)) = sources.config_path() else {
        return UserFile::Skipped;
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => UserFile::Read {
            path,
            text,
            explicit,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => UserFile::Absent(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problems.push(Problem::new(
                None,
                format!(
                    "config file {} (given with --config) does not exist",
                    path.display()
                ),
            ));
            UserFile::Skipped
        }
        Err(e) => {
            problems.push(Problem::new(
                None,
                format!("config file {}: cannot read it: {e}", path.display()),
            ));
            UserFile::Skipped
        }
    }
}

/// Parses TOML into top-level values, with the parser's complaint condensed to one line.
fn parse_toml(text: &str) -> Result<Map<String, Value>, String> {
    config::File::from_str(text, FileFormat::Toml)
        .collect()
        .map_err(|e| one_line(&e.to_string()))
}

/// The parser's message without its source excerpt: the excerpt repeats a line of the file,
/// which may be the one holding the secret, and it spans several lines.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !is_excerpt(line))
        .collect::<Vec<_>>()
        .join(": ")
}

/// Lines like `  |`, `3 | client_id = …` and `  |     ^` from the parser's excerpt.
fn is_excerpt(line: &str) -> bool {
    let rest = line
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    rest.starts_with('|') || rest.starts_with('^')
}

/// Secret values found by reading the file line by line, so they can be scrubbed from errors
/// even when the file does not parse.
fn secret_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|line| {
        let (key, value) = line.split_once('=')?;
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        if !catalog::SECRETS.contains(&key) {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

fn file_warnings(path: &Path, map: &Map<String, Value>) -> Vec<String> {
    let mut warnings: Vec<String> = map
        .keys()
        .filter(|name| catalog::known_names().all(|known| known != name.as_str()))
        .map(|name| {
            let hint = catalog::suggest(name)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("{}: unknown setting `{name}` ignored{hint}", path.display())
        })
        .collect();
    warnings.sort();
    for name in catalog::SECRETS {
        if map.contains_key(*name) && readable_by_others(path) {
            warnings.push(format!(
                "{} holds {name} and other users can read it; run `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
    }
    warnings
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

fn as_str(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::String(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_hold_only_known_settings() {
        let map = parse_toml(DEFAULTS).unwrap();
        assert!(file_warnings(Path::new("default.toml"), &map).is_empty());
        assert!(map.contains_key("page_size"));
    }

    #[test]
    fn parse_errors_are_one_line_without_the_excerpt() {
        let reason = parse_toml("client_secret = \"abc\nx = 1\n").unwrap_err();
        assert!(!reason.contains('\n'), "{reason}");
        assert!(!reason.contains("abc"), "{reason}");
        assert!(reason.contains("line 1"), "{reason}");
    }

    #[test]
    fn secret_lines_finds_quoted_and_bare_values() {
        let found: Vec<_> = secret_lines("client_secret = \"s3cr3t\nclient_secret='x y'").collect();
        assert_eq!(found, ["s3cr3t", "x y"]);
    }
}
