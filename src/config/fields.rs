//! Reads each merged value as its type, checking it and noting every problem with the
//! value shown (never the secret's) and the layer it came from.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::PathBuf;

use config::{Value, ValueKind};
use ratatui::style::Color;
use secrecy::SecretString;
use url::Url;

use super::catalog::KEYS_TABLE;
use super::check;
use super::cloud::Cloud;
use super::error::Problem;
use super::layers::Layered;
use super::origin::Origin;
use super::views::{SavedView, VIEWS_TABLE};

pub(super) struct Reader<'a> {
    layered: &'a Layered,
    pub problems: &'a mut Vec<Problem>,
}

impl<'a> Reader<'a> {
    pub fn new(layered: &'a Layered, problems: &'a mut Vec<Problem>) -> Self {
        Self { layered, problems }
    }

    fn value(&self, name: &str) -> Option<&'a Value> {
        self.layered
            .values
            .get(name)
            .filter(|v| !matches!(v.kind, ValueKind::Nil))
    }

    /// ` (from LAZYENTRA_PAGE_SIZE)`; nothing for a profile's own value, as a profile's
    /// problems start with `[profiles.NAME]` already.
    fn from(&self, name: &str) -> String {
        match self.layered.origins.get(name) {
            Some(Origin::Profile { .. }) | None => String::new(),
            Some(origin) => format!(" (from {origin})"),
        }
    }

    /// `name = value (from origin): reason`.
    fn complain(&mut self, name: &str, value: &Value, reason: impl Display) {
        let line = format!("{name} = {}{}: {reason}", shown(value), self.from(name));
        self.problems.push(Problem::new(Some(name), line));
    }

    /// A value every build has (the defaults set it); its absence is a bug in the defaults.
    fn required(&mut self, name: &str) -> Option<&'a Value> {
        let value = self.value(name);
        if value.is_none() {
            self.problems.push(Problem::new(
                Some(name),
                format!("{name} is missing from the built-in defaults; this is a lazyentra bug"),
            ));
        }
        value
    }

    fn string(&mut self, name: &str) -> Option<String> {
        let value = self.value(name)?;
        if let ValueKind::String(s) = &value.kind {
            Some(s.trim().to_owned())
        } else {
            self.complain(name, value, "must be text in quotes");
            None
        }
    }

    pub fn tenant_id(&mut self) -> Option<String> {
        self.checked("tenant_id", check::tenant_id)
    }

    pub fn client_id(&mut self) -> Option<String> {
        self.checked("client_id", check::client_id)
    }

    fn checked(&mut self, name: &str, rule: fn(&str) -> Result<(), String>) -> Option<String> {
        let text = self.string(name)?;
        match rule(&text) {
            Ok(()) => Some(text),
            Err(reason) => {
                let line = format!("{name} = {text:?}{}: {reason}", self.from(name));
                self.problems.push(Problem::new(Some(name), line));
                None
            }
        }
    }

    /// A secret (`client_secret`, `client_certificate_password`); a problem with it never
    /// quotes it.
    pub fn secret(&mut self, name: &str) -> Option<SecretString> {
        let value = self.value(name)?;
        match &value.kind {
            ValueKind::String(s) if !s.trim().is_empty() => Some(SecretString::from(s.trim())),
            ValueKind::String(_) => None,
            _ => {
                let line = format!("{name}{}: must be text in quotes", self.from(name));
                self.problems.push(Problem::new(Some(name), line));
                None
            }
        }
    }

    /// The name of an environment variable (`client_secret_env`); empty counts as unset.
    pub fn env_name(&mut self, name: &str) -> Option<String> {
        let text = self.string(name)?;
        if text.is_empty() {
            return None;
        }
        match check::env_name(&text) {
            Ok(()) => Some(text),
            Err(reason) => {
                // It may be the secret itself, pasted in the wrong place: never quoted.
                let line = format!("{name}{}: {reason}", self.from(name));
                self.problems.push(Problem::new(Some(name), line));
                None
            }
        }
    }

    /// A colour name or `#rrggbb`; empty counts as unset.
    pub fn color(&mut self, name: &str) -> Option<Color> {
        let text = self.string(name)?;
        if text.is_empty() {
            return None;
        }
        match check::color(&text) {
            Ok(color) => Some(color),
            Err(reason) => {
                let line = format!("{name} = {text:?}{}: {reason}", self.from(name));
                self.problems.push(Problem::new(Some(name), line));
                None
            }
        }
    }

    /// Domain names: a list of strings, or (from a variable) one string separated by commas
    /// or blanks. Each must look like a domain (`contoso.com`).
    pub fn domains(&mut self, name: &str) -> Vec<String> {
        let Some(value) = self.value(name) else {
            return Vec::new();
        };
        let items: Option<Vec<String>> = match &value.kind {
            ValueKind::String(s) => Some(
                s.split([',', ' '])
                    .filter(|d| !d.trim().is_empty())
                    .map(|d| d.trim().to_owned())
                    .collect(),
            ),
            ValueKind::Array(items) => items
                .iter()
                .map(|item| match &item.kind {
                    ValueKind::String(d) => Some(d.trim().to_owned()),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let Some(items) = items else {
            self.complain(
                name,
                value,
                "must be a list of domains in quotes, e.g. [\"contoso.com\", \"contoso.onmicrosoft.com\"]",
            );
            return Vec::new();
        };
        let mut domains = Vec::new();
        for item in items {
            let looks_like_domain = item.contains('.')
                && !item.starts_with('.')
                && !item.ends_with('.')
                && item
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
            if looks_like_domain {
                domains.push(item.to_lowercase());
            } else {
                self.complain(
                    name,
                    value,
                    format!("{item:?} is not a domain name (e.g. \"contoso.com\", without @)"),
                );
                return Vec::new();
            }
        }
        domains
    }

    /// A file name; empty counts as unset.
    pub fn path(&mut self, name: &str) -> Option<PathBuf> {
        let text = self.string(name)?;
        (!text.is_empty()).then(|| PathBuf::from(text))
    }

    /// `global`, `usgov`, `usgov-dod` or `china`.
    pub fn cloud(&mut self) -> Option<Cloud> {
        self.required("cloud")?;
        let text = self.string("cloud")?;
        let cloud = Cloud::from_name(&text);
        if cloud.is_none() {
            let line = format!(
                "cloud = {text:?}{}: unknown cloud; use {}",
                self.from("cloud"),
                Cloud::names()
            );
            self.problems.push(Problem::new(Some("cloud"), line));
        }
        cloud
    }

    /// `authority_host` or `graph_endpoint`: as set at any layer, else `cloud`'s.
    pub fn url_or_cloud(&mut self, name: &str, cloud: Option<Cloud>) -> Option<Url> {
        if self.value(name).is_some() {
            return self.url(name);
        }
        let cloud = cloud?;
        let text = if name == "authority_host" {
            cloud.authority_host()
        } else {
            cloud.graph_endpoint()
        };
        match Url::parse(text) {
            Ok(url) => Some(url),
            Err(e) => {
                let line = format!("{name} of cloud {cloud} is not a URL ({e}); this is a bug");
                self.problems.push(Problem::new(Some(name), line));
                None
            }
        }
    }

    /// An endpoint URL as set; `None` when it is invalid (a problem is noted).
    fn url(&mut self, name: &str) -> Option<Url> {
        let text = self.string(name)?;
        let checked = check::endpoint(&text).and_then(|url| {
            if name == "graph_endpoint" {
                check::graph_root(&url)?;
            }
            Ok(url)
        });
        match checked {
            Ok(url) => Some(url),
            Err(reason) => {
                let line = format!("{name} = {text:?}{}: {reason}", self.from(name));
                self.problems.push(Problem::new(Some(name), line));
                None
            }
        }
    }

    /// A whole number in `min..=max`, from TOML or from the text of a variable.
    pub fn number<T>(&mut self, name: &str, min: T, max: T) -> Option<T>
    where
        T: TryFrom<i128> + Into<i128> + Copy + Display,
    {
        let value = self.required(name)?;
        let parsed = match &value.kind {
            ValueKind::I64(n) => Some(i128::from(*n)),
            ValueKind::U64(n) => Some(i128::from(*n)),
            ValueKind::I128(n) => Some(*n),
            ValueKind::U128(n) => i128::try_from(*n).ok(),
            ValueKind::String(s) => s.trim().parse::<i128>().ok(),
            _ => None,
        };
        let in_range = parsed.filter(|n| (min.into()..=max.into()).contains(n));
        if let Some(n) = in_range.and_then(|n| T::try_from(n).ok()) {
            Some(n)
        } else {
            self.complain(
                name,
                value,
                format!("must be a whole number from {min} to {max}"),
            );
            None
        }
    }

    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        let value = self.required(name)?;
        let parsed = match &value.kind {
            ValueKind::Boolean(b) => Some(*b),
            ValueKind::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Some(true),
                "false" | "0" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        };
        if parsed.is_none() {
            self.complain(name, value, "must be true or false");
        }
        parsed
    }

    /// `[keys]`: `action = "key"` or `action = ["key", …]`, kept as lists.
    pub fn keys(&mut self) -> BTreeMap<String, Vec<String>> {
        let mut keys = BTreeMap::new();
        let Some(value) = self.value(KEYS_TABLE) else {
            return keys;
        };
        let ValueKind::Table(table) = &value.kind else {
            self.complain(
                KEYS_TABLE,
                value,
                "must be a table: [keys] then action = \"key\" lines",
            );
            return keys;
        };
        for (action, binding) in table {
            let name = format!("{KEYS_TABLE}.{action}");
            let list = match &binding.kind {
                ValueKind::String(key) => Some(vec![key.clone()]),
                ValueKind::Array(items) => items
                    .iter()
                    .map(|item| match &item.kind {
                        ValueKind::String(key) => Some(key.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            match list {
                Some(list) if list.iter().all(|k| !k.trim().is_empty()) => {
                    keys.insert(action.clone(), list);
                }
                Some(_) => self.complain(&name, binding, "a key name cannot be empty"),
                None => self.complain(
                    &name,
                    binding,
                    "must be a key in quotes, e.g. \"ctrl-s\", or a list of them",
                ),
            }
        }
        keys
    }

    /// The saved views, `[views.NAME]`. A table that cannot be used is a problem naming the
    /// view and the key, so the file can be fixed.
    pub fn views(&mut self) -> BTreeMap<String, SavedView> {
        let mut views = BTreeMap::new();
        let Some(value) = self.value(VIEWS_TABLE) else {
            return views;
        };
        let ValueKind::Table(table) = &value.kind else {
            self.complain(
                VIEWS_TABLE,
                value,
                "must be tables: [views.NAME] then columns = [...]",
            );
            return views;
        };
        let from = self.from(VIEWS_TABLE);
        for (name, table) in table {
            let key = format!("{VIEWS_TABLE}.{name}");
            let problems = super::views::name_problem(name.as_str())
                .map(|p| vec![p])
                .map_or_else(|| super::views::parse(table), Err);
            match problems {
                Ok(view) => {
                    views.insert(name.clone(), view);
                }
                Err(problems) => {
                    for problem in problems {
                        let line = format!("[views.{name}]{from}: {problem}");
                        self.problems.push(Problem::new(Some(&key), line));
                    }
                }
            }
        }
        views
    }
}

/// A value as the user wrote it: strings quoted, lists and tables in TOML-like form.
fn shown(value: &Value) -> String {
    match &value.kind {
        ValueKind::String(s) => format!("{s:?}"),
        ValueKind::Array(items) => {
            let items: Vec<String> = items.iter().map(shown).collect();
            format!("[{}]", items.join(", "))
        }
        ValueKind::Table(_) => "{…}".to_owned(),
        other => other.to_string(),
    }
}
