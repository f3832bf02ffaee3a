//! Stacks the layers — defaults, file, `AZURE_*`, `LAZYENTRA_*`, the chosen `[profiles.NAME]`
//! table, flags — with the `config` crate, and records which layer each setting and each
//! `[keys]` entry came from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use config::{Config, FileFormat, Map, Source, Value, ValueKind};

use super::catalog::{self, KEYS_TABLE, PROFILES_TABLE};
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
    /// The profiles the config file defines, in its order.
    pub profile_names: Vec<String>,
    /// Secrets written in the profile's table that are not used, and why (the file is
    /// readable by others): the profile cannot connect until that is fixed.
    pub refused: Vec<Problem>,
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

pub(super) fn stack(
    sources: &Sources,
    profile: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Layered {
    let mut warnings = Vec::new();
    let mut secrets = Vec::new();
    let mut refused = Vec::new();
    let mut profile_names = Vec::new();
    let mut layers: Vec<Layer> = Vec::new();

    match parse_toml(DEFAULTS) {
        Ok(map) => layers.push(with_origin(map, &Origin::Default)),
        Err(reason) => problems.push(Problem::new(
            None,
            format!("the built-in defaults do not parse ({reason}); this is a lazyentra bug"),
        )),
    }

    let mut found = Found {
        wanted: profile,
        warnings: &mut warnings,
        secrets: &mut secrets,
        refused: &mut refused,
        profile_names: &mut profile_names,
        layer: None,
    };
    let config_file = found.read(sources, &mut layers, problems);
    let profile_layer = found.layer.take();
    if let Some(wanted) = profile
        && profile_layer.is_none()
        && problems.is_empty()
    {
        problems.push(no_such_profile(wanted, &config_file, &profile_names));
    }

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
    if let Some(layer) = profile_layer {
        // The profile's own app or credential: nothing of another app's credential below it
        // may be used with it, so a shell's AZURE_CLIENT_SECRET never goes to its tenant.
        let own = layer.iter().any(|(name, ..)| {
            name == "client_id"
                || name == "client_certificate_path"
                || catalog::SECRET_SOURCES.contains(&name.as_str())
        });
        if own {
            for lower in &mut layers {
                lower.retain(|(name, ..)| !catalog::CREDENTIALS.contains(&name.as_str()));
            }
        }
        layers.push(layer);
    }
    layers.push(flag_layer(sources));
    one_secret_source(&mut layers, problems);

    let (values, origins) = merge(&layers, problems);
    Layered {
        values,
        origins,
        config_file,
        warnings,
        secrets,
        profile_names,
        refused,
    }
}

/// The client secret has three spellings (`client_secret`, `client_secret_env`,
/// `client_secret_file`); the highest layer that uses one wins, so a lower layer's other
/// spelling cannot sneak in beside it. One layer using two is a mistake worth stopping for.
fn one_secret_source(layers: &mut [Layer], problems: &mut Vec<Problem>) {
    let sources_in = |layer: &Layer| -> Vec<(String, Origin)> {
        layer
            .iter()
            .filter(|(name, ..)| catalog::SECRET_SOURCES.contains(&name.as_str()))
            .map(|(name, _, origin)| (name.clone(), origin.clone()))
            .collect()
    };
    let Some(top) = layers.iter().rposition(|l| !sources_in(l).is_empty()) else {
        return;
    };
    let used = sources_in(&layers[top]);
    if let [(first, origin), rest @ ..] = used.as_slice()
        && !rest.is_empty()
    {
        let mut names: Vec<&str> = std::iter::once(first.as_str())
            .chain(rest.iter().map(|(n, _)| n.as_str()))
            .collect();
        names.sort_unstable();
        problems.push(Problem::new(
            Some("client_secret"),
            format!(
                "{} are all set in {origin}: give the client secret one way only",
                names.join(" and ")
            ),
        ));
    }
    for lower in &mut layers[..top] {
        lower.retain(|(name, ..)| !catalog::SECRET_SOURCES.contains(&name.as_str()));
    }
}

/// `[profiles.NAME]` tables by name; a `profiles` that is not a table of tables is a problem.
fn profile_tables(
    path: &Path,
    profiles: &Value,
    problems: &mut Vec<Problem>,
) -> Map<String, Map<String, Value>> {
    let mut tables = Map::new();
    let ValueKind::Table(entries) = &profiles.kind else {
        problems.push(Problem::new(
            Some(PROFILES_TABLE),
            format!(
                "{}: profiles must be tables, written [profiles.NAME] with settings under it",
                path.display()
            ),
        ));
        return tables;
    };
    for (name, value) in entries {
        match &value.kind {
            ValueKind::Table(table) => {
                tables.insert(name.clone(), table.clone());
            }
            _ => problems.push(Problem::new(
                Some(PROFILES_TABLE),
                format!(
                    "{}: profiles.{name} must be a table: [profiles.{name}] with settings under it",
                    path.display()
                ),
            )),
        }
    }
    tables
}

/// The profiles' names in the order the file has them (the parser behind `config` keeps no
/// order); alphabetical if the file cannot be read that way.
fn profile_order(text: &str, tables: &Map<String, Map<String, Value>>) -> Vec<String> {
    let ordered: Option<Vec<String>> =
        text.parse::<toml_edit::DocumentMut>().ok().and_then(|doc| {
            let profiles = doc.get(PROFILES_TABLE)?.as_table_like()?;
            Some(profiles.iter().map(|(name, _)| name.to_owned()).collect())
        });
    let mut names = ordered.unwrap_or_default();
    names.retain(|n| tables.contains_key(n));
    if names.len() != tables.len() {
        names = tables.keys().cloned().collect();
        names.sort();
    }
    names
}

fn no_such_profile(wanted: &str, file: &ConfigFile, names: &[String]) -> Problem {
    let line = match (file, names) {
        (ConfigFile::NoConfigDir, _) => {
            format!("no profile `{wanted}`: there is no config file to define it in")
        }
        (ConfigFile::Absent(path), _) => format!(
            "no profile `{wanted}`: there is no config file at {}; add [profiles.{wanted}] there",
            path.display()
        ),
        (ConfigFile::Explicit(path) | ConfigFile::Found(path), []) => format!(
            "no profile `{wanted}` in {}, which defines none; add [profiles.{wanted}] there",
            path.display()
        ),
        (ConfigFile::Explicit(path) | ConfigFile::Found(path), names) => format!(
            "no profile `{wanted}` in {} (its profiles: {})",
            path.display(),
            names.join(", ")
        ),
    };
    Problem::new(Some("profile"), line)
}

/// What reading the config file gathers: its top level (a layer), the profiles' names, and
/// the profile asked for (a layer of its own).
struct Found<'a> {
    wanted: Option<&'a str>,
    warnings: &'a mut Vec<String>,
    secrets: &'a mut Vec<String>,
    refused: &'a mut Vec<Problem>,
    profile_names: &'a mut Vec<String>,
    /// The profile asked for, when the file has it.
    layer: Option<Layer>,
}

impl Found<'_> {
    /// Reads the config file: its top level onto `layers`, the profile asked for into
    /// `self.layer`.
    fn read(
        &mut self,
        sources: &Sources,
        layers: &mut Vec<Layer>,
        problems: &mut Vec<Problem>,
    ) -> ConfigFile {
        let (path, text, explicit) = match read_user_file(sources, problems) {
            UserFile::Read {
                path,
                text,
                explicit,
            } => (path, text, explicit),
            UserFile::Absent(path) => return ConfigFile::Absent(path),
            UserFile::Skipped => return ConfigFile::NoConfigDir,
        };
        self.secrets.extend(secret_lines(&text));
        match parse_toml(&text) {
            Ok(mut map) => {
                let profiles = map.remove(PROFILES_TABLE);
                self.warnings.extend(file_warnings(&path, &map));
                for name in catalog::SECRETS {
                    if let Some(secret) = map.get(*name).and_then(as_str) {
                        self.secrets.push(secret.to_owned());
                    }
                }
                if let Some(profiles) = profiles {
                    let tables = profile_tables(&path, &profiles, problems);
                    *self.profile_names = profile_order(&text, &tables);
                    if let Some(table) = self.wanted.and_then(|name| tables.get(name)) {
                        self.layer = Some(self.profile_layer(&path, table, problems));
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

    /// The profile's table as a layer: unknown keys warned about, a secret written in a file
    /// others can read refused.
    fn profile_layer(
        &mut self,
        path: &Path,
        table: &Map<String, Value>,
        problems: &mut Vec<Problem>,
    ) -> Layer {
        let name = self.wanted.unwrap_or_default();
        if let Err(reason) = super::check::profile_name(name) {
            problems.push(Problem::new(Some("profile_name"), reason));
        }
        let origin = Origin::Profile {
            path: path.to_owned(),
            name: name.to_owned(),
        };
        let mut unknown: Vec<String> = Vec::new();
        let mut layer = Layer::new();
        for (key, value) in table {
            if key == KEYS_TABLE {
                self.warnings.push(format!(
                    "{}: [profiles.{name}] keys ignored: key bindings are shared by every \
                     profile; set them in the top-level [keys] table",
                    path.display()
                ));
                continue;
            }
            if catalog::profile_names().all(|known| known != key) {
                let hint = catalog::suggest_in_profile(key)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                unknown.push(format!(
                    "{}: [profiles.{name}] unknown setting `{key}` ignored{hint}",
                    path.display()
                ));
                continue;
            }
            if catalog::SECRETS.contains(&key.as_str()) && readable_by_others(path) {
                self.refused.push(Problem::new(
                    Some(key.as_str()),
                    format!(
                        "{key} is written in [profiles.{name}] of {file}, which other users can \
                         read, so it is not used: run `chmod 600 {file}`, or move it out of the \
                         file with client_secret_env (a variable's name) or client_secret_file \
                         (a file only you can read)",
                        file = path.display()
                    ),
                ));
                continue;
            }
            layer.push((key.clone(), value.clone(), origin.clone()));
        }
        unknown.sort();
        self.warnings.extend(unknown);
        layer
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
            if catalog::find(name).is_some() || name == super::views::VIEWS_TABLE {
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
