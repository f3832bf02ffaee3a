//! What an exported row is made of: the columns (the title a CSV header shows and the Graph
//! property a JSON object is keyed by) and each cell's value, borrowed while streaming or
//! owned when the list's rows are handed to a background job.

use chrono::{DateTime, SecondsFormat, Utc};

/// CSV or JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Csv,
    Json,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }

    /// The other one: there are two.
    #[must_use]
    pub fn other(self) -> Format {
        match self {
            Format::Csv => Format::Json,
            Format::Json => Format::Csv,
        }
    }

    /// The format a file name's extension names (`.json`, `.csv`, any case), if any.
    pub fn of_name(name: &str) -> Option<Format> {
        let (_, extension) = name.rsplit_once('.')?;
        [Format::Csv, Format::Json]
            .into_iter()
            .find(|f| extension.eq_ignore_ascii_case(f.extension()))
    }
}

/// One exported column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The list's column title: the CSV header.
    pub title: &'static str,
    /// The Graph property (camelCase): the JSON key.
    pub property: &'static str,
}

/// A cell as the writer reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Text(&'a str),
    Bool(bool),
    /// A time, written as Graph writes it: `2024-03-01T09:30:00Z`.
    Date(DateTime<Utc>),
    /// Graph did not return the property, or returned `null`.
    Null,
}

impl Value<'_> {
    /// A time as Graph writes one (ISO 8601, UTC, whole seconds).
    pub fn date_text(date: DateTime<Utc>) -> String {
        date.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(text: Option<&'a str>) -> Self {
        text.map_or(Value::Null, Value::Text)
    }
}

impl From<Option<DateTime<Utc>>> for Value<'_> {
    fn from(date: Option<DateTime<Utc>>) -> Self {
        date.map_or(Value::Null, Value::Date)
    }
}

impl From<Option<bool>> for Value<'_> {
    fn from(flag: Option<bool>) -> Self {
        flag.map_or(Value::Null, Value::Bool)
    }
}

/// An owned cell, for rows that outlive the list they were read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(Box<str>),
    Bool(bool),
    Date(DateTime<Utc>),
    Null,
}

impl Cell {
    pub fn value(&self) -> Value<'_> {
        match self {
            Cell::Text(text) => Value::Text(text),
            Cell::Bool(flag) => Value::Bool(*flag),
            Cell::Date(date) => Value::Date(*date),
            Cell::Null => Value::Null,
        }
    }
}

impl From<Value<'_>> for Cell {
    fn from(value: Value<'_>) -> Self {
        match value {
            Value::Text(text) => Cell::Text(text.into()),
            Value::Bool(flag) => Cell::Bool(flag),
            Value::Date(date) => Cell::Date(date),
            Value::Null => Cell::Null,
        }
    }
}

/// Rows of owned cells, one flat run of `columns.len()` cells per row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    cells: Vec<Cell>,
}

impl Table {
    pub fn new(columns: &[Column]) -> Table {
        Table {
            columns: columns.to_vec(),
            cells: Vec::new(),
        }
    }

    /// Adds a row; `values` holds one value per column.
    pub fn push<'a>(&mut self, values: impl IntoIterator<Item = Value<'a>>) {
        let before = self.cells.len();
        self.cells.extend(values.into_iter().map(Cell::from));
        debug_assert_eq!(self.cells.len() - before, self.columns.len());
    }

    pub fn len(&self) -> usize {
        self.cells.len() / self.columns.len().max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn rows(&self) -> impl Iterator<Item = &[Cell]> {
        self.cells.chunks_exact(self.columns.len().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_says_its_format_and_the_other_one_is_one_switch_away() {
        assert_eq!(Format::of_name("users.JSON"), Some(Format::Json));
        assert_eq!(Format::of_name("a.b/users.csv"), Some(Format::Csv));
        assert_eq!(Format::of_name("users.txt"), None);
        assert_eq!(Format::of_name("users"), None);
        assert_eq!(Format::Csv.other().other(), Format::Csv);
    }

    #[test]
    fn a_table_keeps_its_rows_apart() {
        static COLUMNS: [Column; 2] = [
            Column {
                title: "A",
                property: "a",
            },
            Column {
                title: "B",
                property: "b",
            },
        ];
        let mut table = Table::new(&COLUMNS);
        table.push([Value::Text("x"), Value::Bool(true)]);
        table.push([Value::Null, Value::Text("y")]);
        assert_eq!(table.len(), 2);
        let rows: Vec<&[Cell]> = table.rows().collect();
        assert_eq!(rows[1], [Cell::Null, Cell::Text("y".into())]);
        assert_eq!(rows[0][1].value(), Value::Bool(true));
    }
}
