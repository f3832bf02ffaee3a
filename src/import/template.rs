//! Reading a bulk-create file: the version line, the header row (columns known by the
//! `[propertyName]` in their heading; others are ignored, as the admin center ignores them),
//! then the rows as text, each with its line number in the file.

use std::fmt;

/// A property the template has a column for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    DisplayName,
    UserPrincipalName,
    Password,
    /// "Block sign in (Yes/No) [accountEnabled]": Yes means `accountEnabled: false`.
    BlockSignIn,
    GivenName,
    Surname,
    JobTitle,
    Department,
    UsageLocation,
    StreetAddress,
    State,
    Country,
    /// `physicalDeliveryOfficeName` in the template; Graph's `officeLocation`.
    Office,
    City,
    PostalCode,
    /// `telephoneNumber` in the template; Graph's `businessPhones`.
    OfficePhone,
    /// `mobile` in the template; Graph's `mobilePhone`.
    Mobile,
}

impl Column {
    /// The required columns, as the template lists them first.
    pub const REQUIRED: [Column; 4] = [
        Column::DisplayName,
        Column::UserPrincipalName,
        Column::Password,
        Column::BlockSignIn,
    ];

    fn from_property(property: &str) -> Option<Column> {
        Some(match property.trim() {
            "displayName" => Column::DisplayName,
            "userPrincipalName" => Column::UserPrincipalName,
            "passwordProfile" => Column::Password,
            "accountEnabled" => Column::BlockSignIn,
            "givenName" => Column::GivenName,
            "surname" => Column::Surname,
            "jobTitle" => Column::JobTitle,
            "department" => Column::Department,
            "usageLocation" => Column::UsageLocation,
            "streetAddress" => Column::StreetAddress,
            "state" => Column::State,
            "country" => Column::Country,
            "physicalDeliveryOfficeName" => Column::Office,
            "city" => Column::City,
            "postalCode" => Column::PostalCode,
            "telephoneNumber" => Column::OfficePhone,
            "mobile" => Column::Mobile,
            _ => return None,
        })
    }

    /// How the template heads the column.
    pub fn heading(self) -> &'static str {
        match self {
            Column::DisplayName => "Name [displayName]",
            Column::UserPrincipalName => "User name [userPrincipalName]",
            Column::Password => "Initial password [passwordProfile]",
            Column::BlockSignIn => "Block sign in (Yes/No) [accountEnabled]",
            Column::GivenName => "First name [givenName]",
            Column::Surname => "Last name [surname]",
            Column::JobTitle => "Job title [jobTitle]",
            Column::Department => "Department [department]",
            Column::UsageLocation => "Usage location [usageLocation]",
            Column::StreetAddress => "Street address [streetAddress]",
            Column::State => "State or province [state]",
            Column::Country => "Country or region [country]",
            Column::Office => "Office [physicalDeliveryOfficeName]",
            Column::City => "City [city]",
            Column::PostalCode => "ZIP or postal code [postalCode]",
            Column::OfficePhone => "Office phone [telephoneNumber]",
            Column::Mobile => "Mobile phone [mobile]",
        }
    }
}

/// The file's rows, by column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Which template column each field of a row is (`None`: a column the template lacks).
    pub columns: Vec<Option<Column>>,
    /// Each row with its line in the file (1 is the version line).
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    /// The row's value in `column`, trimmed; empty when the column or the value is missing.
    pub fn value<'a>(&self, row: &'a [String], column: Column) -> &'a str {
        self.columns
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| row.get(i))
            .map_or("", |v| v.trim())
    }
}

/// Why the file as a whole cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// The first line is not `version:v1.0`.
    Version(String),
    /// A required column is not in the header row.
    MissingColumn(Column),
    /// The CSV itself is broken (an unclosed quote, not UTF-8).
    Csv { line: u64, problem: String },
    /// No rows after the header.
    Empty,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Version(found) => write!(
                f,
                "the first line must be version:v1.0 (found \"{found}\"): use the bulk-create \
                 template from the Entra admin center (Users → Bulk operations → Bulk create)"
            ),
            FileError::MissingColumn(column) => write!(
                f,
                "the header row has no \"{} Required\" column: keep the template's second row \
                 as downloaded",
                column.heading()
            ),
            FileError::Csv { line, problem } => write!(f, "line {line}: {problem}"),
            FileError::Empty => {
                f.write_str("no users in the file: add one row per user below the header row")
            }
        }
    }
}

/// Reads a bulk-create file's bytes (UTF-8, with or without a BOM, CRLF or LF; separated by
/// commas, or by semicolons as Excel saves CSV where the decimal mark is a comma).
pub fn read(bytes: &[u8]) -> Result<Sheet, FileError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut records = reader.records();
    let csv_error = |e: csv::Error| FileError::Csv {
        line: e.position().map_or(0, csv::Position::line),
        problem: match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text: save the file as CSV UTF-8".to_owned(),
            _ => e.to_string(),
        },
    };
    let version = records
        .next()
        .transpose()
        .map_err(csv_error)?
        .unwrap_or_default();
    let first = version.get(0).unwrap_or_default().trim();
    if !first.eq_ignore_ascii_case("version:v1.0") {
        return Err(FileError::Version(first.chars().take(40).collect()));
    }
    let header = records
        .next()
        .transpose()
        .map_err(csv_error)?
        .unwrap_or_default();
    let columns: Vec<Option<Column>> = header.iter().map(column_of).collect();
    if let Some(missing) = Column::REQUIRED
        .into_iter()
        .find(|c| !columns.contains(&Some(*c)))
    {
        return Err(FileError::MissingColumn(missing));
    }
    let mut rows = Vec::new();
    // How far the line breaks have been counted, and how many there were.
    let mut counted: (usize, u64) = (0, 0);
    for record in records {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        // Counted here: the reader's own count lags in CRLF files, where a record's start is
        // a line break before it (and blank lines before it are part of that break). Counted
        // on from the last row, so a big file is read once.
        let line = record.position().map_or(0, |p| {
            let mut at = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            let from = counted.0.min(at);
            counted = (at, counted.1 + newlines(&bytes[from..at]));
            counted.1 + 1
        });
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(Sheet { columns, rows })
}

/// `;` when the header row (the second line) has more semicolons than commas, else `,`.
fn delimiter(bytes: &[u8]) -> u8 {
    let header = bytes.split(|&b| b == b'\n').nth(1).unwrap_or_default();
    let count = |c: u8| header.split(|&b| b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// Line breaks in `bytes`.
fn newlines(bytes: &[u8]) -> u64 {
    bytes.split(|&b| b == b'\n').count() as u64 - 1
}

/// The column a heading names by its `[propertyName]`.
fn column_of(heading: &str) -> Option<Column> {
    let (_, rest) = heading.split_once('[')?;
    let (property, _) = rest.split_once(']')?;
    Column::from_property(property)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const HEADER: &str = "Name [displayName] Required,User name [userPrincipalName] \
        Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) \
        [accountEnabled] Required,First name [givenName],Last name [surname],Job title \
        [jobTitle],Department [department],Usage location [usageLocation],Street address \
        [streetAddress],State or province [state],Country or region [country],Office \
        [physicalDeliveryOfficeName],City [city],ZIP or postal code [postalCode],Office phone \
        [telephoneNumber],Mobile phone [mobile]";

    #[test]
    fn reads_the_template_with_bom_crlf_quotes_and_non_latin_names() {
        let file = format!(
            "\u{feff}version:v1.0\r\n{HEADER}\r\n\"Müller, José\",jose@contoso.com,generate,No,,,\"Lead \"\"R&D\"\"\",\r\n山田 太郎,taro@contoso.com,Xy7!secret-ok,Yes\r\n,,,\r\n"
        );
        let sheet = read(file.as_bytes()).unwrap();
        assert_eq!(sheet.rows.len(), 2, "the blank row is skipped");
        let (line, jose) = &sheet.rows[0];
        assert_eq!(*line, 3);
        assert_eq!(sheet.value(jose, Column::DisplayName), "Müller, José");
        assert_eq!(sheet.value(jose, Column::JobTitle), "Lead \"R&D\"");
        assert_eq!(sheet.value(jose, Column::Mobile), "", "a short row");
        let (_, taro) = &sheet.rows[1];
        assert_eq!(sheet.value(taro, Column::DisplayName), "山田 太郎");
        assert_eq!(sheet.value(taro, Column::BlockSignIn), "Yes");
    }

    #[test]
    fn a_quoted_newline_stays_in_its_value() {
        let file =
            format!("version:v1.0\n{HEADER}\n\"Ada\nLovelace\",ada@contoso.com,generate,No\n");
        let sheet = read(file.as_bytes()).unwrap();
        assert_eq!(
            sheet.value(&sheet.rows[0].1, Column::DisplayName),
            "Ada\nLovelace"
        );
    }

    #[test]
    fn file_problems_say_how_to_fix_them() {
        let no_version = read(format!("{HEADER}\nAda,ada@contoso.com,x,No\n").as_bytes());
        assert!(matches!(no_version, Err(FileError::Version(_))));
        assert!(
            no_version
                .unwrap_err()
                .to_string()
                .contains("bulk-create template")
        );
        let missing = read(b"version:v1.0\nName [displayName] Required\nAda\n").unwrap_err();
        assert_eq!(missing, FileError::MissingColumn(Column::UserPrincipalName));
        assert_eq!(
            read(format!("version:v1.0\n{HEADER}\n").as_bytes()).unwrap_err(),
            FileError::Empty
        );
        let latin1 = read(b"version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required\nM\xfcller,m@contoso.com,generate,No\n");
        assert!(latin1.unwrap_err().to_string().contains("UTF-8"));
    }

    #[test]
    fn excel_with_semicolons_is_read_too() {
        let header = HEADER.replace(',', ";");
        let file = format!(
            "version:v1.0;;;\r\n{header}\r\n\"Müller; José\";jose@contoso.com;generate;No;José;Müller\r\n"
        );
        let sheet = read(file.as_bytes()).unwrap();
        let (_, jose) = &sheet.rows[0];
        assert_eq!(sheet.value(jose, Column::DisplayName), "Müller; José");
        assert_eq!(sheet.value(jose, Column::Surname), "Müller");
    }

    #[test]
    fn line_numbers_count_the_lines_inside_quoted_values() {
        let file = format!(
            "version:v1.0\r\n{HEADER}\r\nAda,ada@contoso.com,generate,No,,,\"Lead\r\nResearch\"\r\n\r\nБорис Пастернак,boris@contoso.com,generate,No\r\n"
        );
        let sheet = read(file.as_bytes()).unwrap();
        let lines: Vec<u64> = sheet.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(
            lines,
            [3, 6],
            "the quoted break is a line; the blank one is skipped"
        );
        assert_eq!(
            sheet.value(&sheet.rows[0].1, Column::JobTitle),
            "Lead\r\nResearch"
        );
        assert_eq!(
            sheet.value(&sheet.rows[1].1, Column::DisplayName),
            "Борис Пастернак"
        );
    }

    #[test]
    fn excel_padding_after_the_version_and_unknown_columns_are_fine() {
        let file =
            format!("version:v1.0,,,\n{HEADER},Notes [notes]\nAda,ada@contoso.com,generate,No\n");
        let sheet = read(file.as_bytes()).unwrap();
        assert_eq!(sheet.columns.last(), Some(&None));
    }
}
