//! The `:` command line's language: what can be typed after `:`, parsed into a [`Command`].
//! Pure data and parsing; the router carries commands out (`update.rs`), and the prompt that
//! is typed into is `screens/command_prompt`.

use std::fmt;

/// A command the prompt understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `:users`: back to the user list, closing what is over it.
    Users,
    /// `:deleted`: the deleted users screen.
    Deleted,
    /// `:overview`: the tenant overview.
    Overview,
    /// `:errors`: this session's failed requests.
    Errors,
    /// `:help`: the keys of the screen below the prompt.
    Help,
    /// `:disconnect`: drop the token, back to the connect screen.
    Disconnect,
    /// `:tenant NAME`: switch the session to profile NAME.
    Tenant(String),
    /// `:quit`, `:q`.
    Quit,
    /// `:export`: the list's export dialog, as `x`.
    Export,
    /// `:view NAME`: the list shows a saved view.
    View(String),
    /// `:view save NAME`: the list's columns, sort and filter saved as a view.
    SaveView(String),
    /// `:import FILE`: check a bulk-create CSV file, then create its valid rows.
    Import(String),
}

/// One command as the prompt offers it: for completion, the suggestions and the help.
#[derive(Clone, Debug)]
pub struct Spec {
    pub name: &'static str,
    /// Other names it answers to.
    pub aliases: &'static [&'static str],
    pub what: &'static str,
    pub args: Args,
}

impl Spec {
    /// How it is typed: `:name`, or `:name <what>` when it takes an argument.
    pub fn usage(&self) -> String {
        match self.args {
            Args::None(_) => format!(":{}", self.name),
            Args::One { what, .. } => format!(":{} <{what}>", self.name),
        }
    }
}

/// What a command takes after its name.
#[derive(Clone, Debug)]
pub enum Args {
    /// Nothing: the command is this.
    None(Command),
    /// One argument (the rest of the line), named `what` in messages.
    One {
        what: &'static str,
        make: fn(&str) -> Result<Command, ParseError>,
    },
}

/// Every command, in the order the prompt lists them.
pub const COMMANDS: &[Spec] = &[
    Spec {
        name: "users",
        aliases: &[],
        what: "the user list (closes what is over it)",
        args: Args::None(Command::Users),
    },
    Spec {
        name: "deleted",
        aliases: &[],
        what: "deleted users (restore within 30 days)",
        args: Args::None(Command::Deleted),
    },
    Spec {
        name: "overview",
        aliases: &[],
        what: "tenant overview: charts of the loaded users",
        args: Args::None(Command::Overview),
    },
    Spec {
        name: "errors",
        aliases: &[],
        what: "errors this session, with request-ids",
        args: Args::None(Command::Errors),
    },
    Spec {
        name: "import",
        aliases: &[],
        what: "create users from a bulk-create CSV (checked first)",
        args: Args::One {
            what: "file",
            make: |file| Ok(Command::Import(file.to_owned())),
        },
    },
    Spec {
        name: "help",
        aliases: &[],
        what: "the keys of this screen",
        args: Args::None(Command::Help),
    },
    Spec {
        name: "disconnect",
        aliases: &[],
        what: "drop the token and go back to the connect screen",
        args: Args::None(Command::Disconnect),
    },
    Spec {
        name: "export",
        aliases: &[],
        what: "export the users shown to a CSV or JSON file",
        args: Args::None(Command::Export),
    },
    Spec {
        name: "view",
        aliases: &[],
        what: "show a saved view; :view save NAME saves the list's",
        args: Args::One {
            what: "name",
            make: view,
        },
    },
    Spec {
        name: "tenant",
        aliases: &["profile"],
        what: "switch to another profile (Tab completes its name)",
        args: Args::One {
            what: "profile",
            make: |name| Ok(Command::Tenant(name.to_owned())),
        },
    },
    Spec {
        name: "quit",
        aliases: &["q"],
        what: "quit lazyentra",
        args: Args::None(Command::Quit),
    },
];

/// Why a line is not a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but blanks.
    Empty,
    /// No command has that name; the closest one, if it looks like a typo.
    Unknown {
        name: String,
        closest: Option<&'static str>,
    },
    /// The command takes no arguments, and some were given.
    Unexpected { name: &'static str, rest: String },
    /// The command needs an argument, and none was given.
    Missing {
        name: &'static str,
        what: &'static str,
    },
    /// The argument cannot be used: why, and what to type.
    BadArgument(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str("type a command, or Esc to close"),
            ParseError::Unknown {
                name,
                closest: Some(closest),
            } => write!(
                f,
                "no command \"{name}\"; did you mean \"{closest}\"? Tab completes"
            ),
            ParseError::Unknown {
                name,
                closest: None,
            } => write!(
                f,
                "no command \"{name}\"; commands: {}",
                COMMANDS
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ParseError::Unexpected { name, rest } => {
                write!(f, "\"{name}\" takes nothing after it (remove \"{rest}\")")
            }
            ParseError::Missing { name, what } => {
                write!(f, "\"{name}\" needs a {what}: :{name} <{what}>")
            }
            ParseError::BadArgument(why) => f.write_str(why),
        }
    }
}

/// Parses what was typed after `:`. Names are case-insensitive; blanks around are ignored.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let line = line.trim();
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(word, rest)| (word, rest.trim()));
    if word.is_empty() {
        return Err(ParseError::Empty);
    }
    let word = word.to_lowercase();
    let Some(spec) = find(&word) else {
        return Err(ParseError::Unknown {
            closest: crate::spelling::closest(&word, COMMANDS.iter().map(|c| c.name)),
            name: word,
        });
    };
    match &spec.args {
        Args::None(command) if rest.is_empty() => Ok(command.clone()),
        Args::None(_) => Err(ParseError::Unexpected {
            name: spec.name,
            rest: rest.to_owned(),
        }),
        Args::One { what, .. } if rest.is_empty() => Err(ParseError::Missing {
            name: spec.name,
            what,
        }),
        Args::One { make, .. } => make(rest),
    }
}

/// `:view NAME` or `:view save NAME`.
fn view(rest: &str) -> Result<Command, ParseError> {
    let mut words = rest.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("save"), Some(name), None) => Ok(Command::SaveView(name.to_owned())),
        (Some("save"), None, _) => Err(ParseError::BadArgument(
            "\"view save\" needs a name: :view save <name>".to_owned(),
        )),
        (Some(name), None, _) => Ok(Command::View(name.to_owned())),
        _ => Err(ParseError::BadArgument(
            "a view's name has no blanks: :view <name>, or :view save <name>".to_owned(),
        )),
    }
}

fn find(word: &str) -> Option<&'static Spec> {
    COMMANDS
        .iter()
        .find(|c| c.name == word || c.aliases.contains(&word))
}

/// The commands whose name starts with what is typed so far (the first word only).
pub fn matching(typed: &str) -> Vec<&'static Spec> {
    let typed = typed.trim_start().to_lowercase();
    if typed.contains(char::is_whitespace) {
        return Vec::new();
    }
    COMMANDS
        .iter()
        .filter(|c| c.name.starts_with(&typed))
        .collect()
}

/// The file typed after `:import `, for Tab to complete from the disk (the shell does that).
pub fn import_path(typed: &str) -> Option<&str> {
    let typed = typed.trim_start();
    let (word, rest) = typed.split_once(char::is_whitespace)?;
    word.eq_ignore_ascii_case("import")
        .then(|| rest.trim_start())
}

/// Tab after `view `: the argument completed among `save` and the saved `views`' names
/// (after `view save `, among the views' names, to replace one). `None` when the line is not
/// `:view …` or there is nothing to add.
pub fn complete_view(typed: &str, views: &[&str]) -> Option<String> {
    let (word, rest) = typed.trim_start().split_once(char::is_whitespace)?;
    if find(&word.to_lowercase()).map(|s| s.name) != Some("view") {
        return None;
    }
    let rest = rest.trim_start();
    let (head, partial, choices): (&str, &str, Vec<&str>) = match rest.split_once(' ') {
        Some(("save", name)) => ("view save ", name.trim_start(), views.to_vec()),
        Some(_) => return None,
        None => (
            "view ",
            rest,
            std::iter::once("save")
                .chain(views.iter().copied())
                .collect(),
        ),
    };
    let matches: Vec<&str> = choices
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .collect();
    let completed = crate::spelling::shared_prefix(&matches)?;
    let line = format!(
        "{head}{completed}{}",
        if matches.len() == 1 { " " } else { "" }
    );
    (line.trim_end() != typed.trim()).then_some(line)
}

/// Tab: the typed word completed to the longest name all matching commands share.
pub fn complete(typed: &str) -> Option<String> {
    let matches = matching(typed);
    let names: Vec<&str> = matches.iter().map(|spec| spec.name).collect();
    let mut completed = crate::spelling::shared_prefix(&names)?;
    if matches.len() == 1 {
        completed.push(' ');
    }
    (completed.trim_end() != typed.trim()).then_some(completed)
}

/// Tab with the profiles' names at hand: after `:tenant ` (or `:profile `) the name typed so
/// far is completed to the longest one the matching profiles share (ignoring case); anything
/// else completes a command's name.
pub fn complete_with(typed: &str, profiles: &[&str]) -> Option<String> {
    let Some((word, rest)) = typed.trim_start().split_once(char::is_whitespace) else {
        return complete(typed);
    };
    let spec = find(&word.to_lowercase()).filter(|s| matches!(s.args, Args::One { .. }));
    let Some(spec) = spec.filter(|s| s.name == "tenant") else {
        return complete(typed);
    };
    let rest = rest.trim_start();
    let lower = rest.to_lowercase();
    let names: Vec<&str> = profiles
        .iter()
        .copied()
        .filter(|name| name.to_lowercase().starts_with(&lower))
        .collect();
    let name = if names.len() == 1 {
        names[0].to_owned()
    } else {
        crate::spelling::shared_prefix(&names)?
    };
    (name.len() > rest.len()).then(|| format!("{} {name}", spec.name))
}

/// The saved views' names that start with what is typed after `view ` (for the prompt to
/// list); empty when the line is not `:view …`.
pub fn matching_views<'v>(typed: &str, views: &[&'v str]) -> Vec<&'v str> {
    let Some((word, rest)) = typed.trim_start().split_once(char::is_whitespace) else {
        return Vec::new();
    };
    if !word.eq_ignore_ascii_case("view") {
        return Vec::new();
    }
    let rest = rest.trim_start();
    let partial = rest.strip_prefix("save ").map_or(rest, str::trim_start);
    if partial.contains(char::is_whitespace) {
        return Vec::new();
    }
    views
        .iter()
        .copied()
        .filter(|v| v.starts_with(partial))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_parse_whatever_their_case_and_blanks() {
        assert_eq!(parse("deleted"), Ok(Command::Deleted));
        assert_eq!(parse("  DELETED  "), Ok(Command::Deleted));
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(parse("quit"), Ok(Command::Quit));
        assert_eq!(parse("errors"), Ok(Command::Errors));
        assert_eq!(parse("help"), Ok(Command::Help));
        assert_eq!(parse("disconnect"), Ok(Command::Disconnect));
    }

    #[test]
    fn mistakes_say_what_to_type_instead() {
        assert_eq!(parse("   "), Err(ParseError::Empty));
        let typo = parse("delted").unwrap_err();
        assert_eq!(
            typo.to_string(),
            "no command \"delted\"; did you mean \"deleted\"? Tab completes"
        );
        let unknown = parse("frobnicate").unwrap_err().to_string();
        assert!(
            unknown.contains("commands: users, deleted, overview"),
            "{unknown}"
        );
        assert_eq!(
            parse("quit now").unwrap_err().to_string(),
            "\"quit\" takes nothing after it (remove \"now\")"
        );
    }

    #[test]
    fn tab_completes_the_shared_prefix_and_a_unique_name_whole() {
        assert_eq!(complete("del").as_deref(), Some("deleted "));
        assert_eq!(
            complete("d").as_deref(),
            None,
            "deleted and disconnect share only d"
        );
        assert_eq!(complete("").as_deref(), None);
        assert_eq!(complete("deleted ").as_deref(), None);
        assert_eq!(matching("er").len(), 1);
        assert!(matching("deleted x").is_empty());
    }

    #[test]
    fn view_parses_a_name_or_save_and_a_name() {
        assert_eq!(parse("view hr"), Ok(Command::View("hr".to_owned())));
        assert_eq!(parse("VIEW  hr "), Ok(Command::View("hr".to_owned())));
        assert_eq!(
            parse("view save hr-leavers"),
            Ok(Command::SaveView("hr-leavers".to_owned()))
        );
        assert_eq!(parse("export"), Ok(Command::Export));
        assert_eq!(
            parse("view").unwrap_err().to_string(),
            "\"view\" needs a name: :view <name>"
        );
        assert!(
            parse("view save")
                .unwrap_err()
                .to_string()
                .contains(":view save <name>")
        );
        assert!(
            parse("view my view")
                .unwrap_err()
                .to_string()
                .contains("no blanks")
        );
        assert!(
            parse("exprot")
                .unwrap_err()
                .to_string()
                .contains("\"export\"")
        );
    }

    #[test]
    fn tab_after_view_completes_save_and_the_views_names() {
        let views = ["hr", "hr-leavers", "sales"];
        let complete = |typed: &str| complete_view(typed, &views).or_else(|| complete(typed));
        assert_eq!(complete("vi").as_deref(), Some("view "));
        assert_eq!(
            complete("view s").as_deref(),
            Some("view sa"),
            "save or sales"
        );
        assert_eq!(complete("view sa").as_deref(), None);
        assert_eq!(complete("view sal").as_deref(), Some("view sales "));
        assert_eq!(complete("view sav").as_deref(), Some("view save "));
        assert_eq!(complete("view h").as_deref(), Some("view hr"));
        assert_eq!(complete("view hr-").as_deref(), Some("view hr-leavers "));
        assert_eq!(
            complete("view save sa").as_deref(),
            Some("view save sales ")
        );
        assert_eq!(complete("quit x"), None);
        assert_eq!(matching_views("view h", &views), ["hr", "hr-leavers"]);
        assert_eq!(matching_views("view save s", &views), ["sales"]);
        assert!(matching_views("users", &views).is_empty());
    }

    #[test]
    fn tenant_takes_a_profile_and_tab_completes_its_name() {
        assert_eq!(
            parse("tenant fabrikam"),
            Ok(Command::Tenant("fabrikam".to_owned()))
        );
        assert_eq!(
            parse("tenant").unwrap_err().to_string(),
            "\"tenant\" needs a profile: :tenant <profile>"
        );
        let names = ["contoso", "fabrikam", "fabrikam-test"];
        assert_eq!(
            complete_with("tenant c", &names).as_deref(),
            Some("tenant contoso")
        );
        assert_eq!(
            complete_with("tenant F", &names).as_deref(),
            Some("tenant fabrikam")
        );
        assert_eq!(
            complete_with("tenant fabrikam-", &names).as_deref(),
            Some("tenant fabrikam-test")
        );
        assert_eq!(complete_with("tenant fabrikam", &names), None);
        assert_eq!(complete_with("tenant x", &names), None);
        assert_eq!(
            complete_with("profile con", &names).as_deref(),
            Some("tenant contoso")
        );
        assert_eq!(complete_with("ten", &names).as_deref(), Some("tenant "));
    }

    #[test]
    fn every_command_parses_by_its_name() {
        for spec in COMMANDS {
            let line = match spec.args {
                Args::None(_) => spec.name.to_owned(),
                Args::One { .. } => format!("{} x", spec.name),
            };
            assert!(parse(&line).is_ok(), "{}", spec.name);
        }
    }

    #[test]
    fn import_takes_the_rest_of_the_line_as_the_file() {
        assert_eq!(
            parse("import  ~/new hires.csv "),
            Ok(Command::Import("~/new hires.csv".to_owned()))
        );
        assert_eq!(
            parse("import").unwrap_err().to_string(),
            "\"import\" needs a file: :import <file>"
        );
        assert_eq!(complete("im").as_deref(), Some("import "));
    }
}
