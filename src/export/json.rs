//! JSON: an array of objects keyed by the Graph property names, one object a line, written as
//! the rows come so a hundred thousand users are never held twice. Strings are escaped by
//! `serde_json`; an absent property is `null` and `accountEnabled` a boolean, as Graph returns
//! them, so the file reads back as Graph's own `user` objects.

use std::io::{self, Write};

use super::table::{Column, Value};

pub fn start(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"[")
}

/// Writes one object; `first` says whether a comma must come before it.
pub fn write_object<'a>(
    out: &mut impl Write,
    first: bool,
    columns: &[Column],
    values: impl IntoIterator<Item = Value<'a>>,
) -> io::Result<()> {
    out.write_all(if first { b"\n{" } else { b",\n{" })?;
    for (i, (column, value)) in columns.iter().zip(values).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, column.property)?;
        out.write_all(b":")?;
        match value {
            Value::Text(text) => serde_json::to_writer(&mut *out, text)?,
            Value::Bool(true) => out.write_all(b"true")?,
            Value::Bool(false) => out.write_all(b"false")?,
            Value::Date(date) => serde_json::to_writer(&mut *out, &Value::date_text(date))?,
            Value::Null => out.write_all(b"null")?,
        }
    }
    out.write_all(b"}")
}

pub fn finish(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"\n]\n")
}
