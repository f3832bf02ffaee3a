//! CSV as RFC 4180 writes it (<https://www.rfc-editor.org/rfc/rfc4180>): records end in CRLF;
//! a field holding a comma, a double quote, CR or LF is enclosed in double quotes, with each
//! quote inside doubled; every other field is written as it is. Text is UTF-8; a file starts
//! with a byte order mark so Excel reads non-Latin names as UTF-8 rather than the system's code
//! page. Cells are never rewritten, so a value reads back exactly (see "Formulas" in
//! RELIABILITY.md for why a leading `=` is not escaped).

use std::io::{self, Write};

use super::table::Value;

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// Whether a field must be enclosed in double quotes.
fn needs_quotes(field: &str) -> bool {
    field.contains([',', '"', '\r', '\n'])
}

/// Writes one field, quoted when it must be.
pub fn write_field(out: &mut impl Write, field: &str) -> io::Result<()> {
    if !needs_quotes(field) {
        return out.write_all(field.as_bytes());
    }
    out.write_all(b"\"")?;
    let mut parts = field.split('"');
    if let Some(first) = parts.next() {
        out.write_all(first.as_bytes())?;
    }
    for part in parts {
        out.write_all(b"\"\"")?;
        out.write_all(part.as_bytes())?;
    }
    out.write_all(b"\"")
}

/// Writes one record: the fields separated by commas, then CRLF.
pub fn write_record<'a>(
    out: &mut impl Write,
    fields: impl IntoIterator<Item = Value<'a>>,
) -> io::Result<()> {
    for (i, value) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match value {
            Value::Text(text) => write_field(out, text)?,
            Value::Bool(true) => out.write_all(b"true")?,
            Value::Bool(false) => out.write_all(b"false")?,
            Value::Date(date) => out.write_all(Value::date_text(date).as_bytes())?,
            Value::Null => {}
        }
    }
    out.write_all(b"\r\n")
}

/// Reads back what [`write_record`] wrote, record by record: for the tests, which check that
/// every value survives the trip.
#[cfg(any(test, feature = "test-support"))]
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .chars()
        .peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(values: &[Value<'_>]) -> String {
        let mut out = Vec::new();
        write_record(&mut out, values.iter().copied()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(
            record(&[Value::Text("Ada Lovelace"), Value::Text("ada@contoso.com")]),
            "Ada Lovelace,ada@contoso.com\r\n"
        );
        assert_eq!(record(&[Value::Text("Smith, Jane")]), "\"Smith, Jane\"\r\n");
        assert_eq!(
            record(&[Value::Text("The \"Boss\"")]),
            "\"The \"\"Boss\"\"\"\r\n"
        );
        assert_eq!(
            record(&[Value::Text("two\r\nlines")]),
            "\"two\r\nlines\"\r\n"
        );
        assert_eq!(record(&[Value::Text("lf\nonly")]), "\"lf\nonly\"\r\n");
        assert_eq!(record(&[Value::Text("cr\ronly")]), "\"cr\ronly\"\r\n");
        assert_eq!(record(&[Value::Text("\"")]), "\"\"\"\"\r\n");
        assert_eq!(
            record(&[Value::Bool(true), Value::Null, Value::Bool(false)]),
            "true,,false\r\n"
        );
        // Left as they are: spaces, semicolons, tabs, a leading `=`, non-Latin text.
        assert_eq!(
            record(&[
                Value::Text(" a;b\tc "),
                Value::Text("=1+2"),
                Value::Text("山田 太郎")
            ]),
            " a;b\tc ,=1+2,山田 太郎\r\n"
        );
    }

    #[test]
    fn the_parser_reads_back_quoted_fields() {
        let text = "\u{FEFF}a,\"b,\"\"c\"\"\r\nd\",\r\n,x\r\n";
        assert_eq!(parse(text), [vec!["a", "b,\"c\"\r\nd", ""], vec!["", "x"]]);
    }
}
