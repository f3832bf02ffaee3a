//! One writer for both formats: it starts the file (CSV's byte order mark and header row, or
//! JSON's opening bracket), takes rows one at a time, and closes it. It counts the rows, and
//! the cells a spreadsheet could take for a formula, so the user can be told.

use std::io::{self, Write};

use super::table::{Column, Format, Value};
use super::{csv, json};

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    /// Cells starting with `=`, `+`, `-`, `@`, a tab or CR: Excel, `LibreOffice` and Google
    /// Sheets read those as formulas when they open a CSV (OWASP "CSV injection"). Written as
    /// they are; counted so the status line can say so.
    pub formula_like: u64,
}

impl Summary {
    /// What to say about cells a spreadsheet may read as formulas, if there are any.
    pub fn formula_note(&self) -> Option<String> {
        match self.formula_like {
            0 => None,
            1 => Some(
                "1 cell starts with = + - or @: a spreadsheet may read it as a formula".to_owned(),
            ),
            n => Some(format!(
                "{} cells start with = + - or @: a spreadsheet may read them as formulas",
                crate::widgets::text::thousands(n)
            )),
        }
    }
}

/// Whether a spreadsheet opening a CSV would read `text` as a formula.
pub fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

pub struct Writer<W: Write> {
    out: W,
    format: Format,
    columns: Vec<Column>,
    summary: Summary,
}

impl<W: Write> Writer<W> {
    /// Starts a file of `columns`. `bom`: begin a CSV with the UTF-8 byte order mark (for a
    /// file Excel may open; not for a pipe into another program).
    pub fn start(
        mut out: W,
        format: Format,
        columns: &[Column],
        bom: bool,
    ) -> io::Result<Writer<W>> {
        match format {
            Format::Csv => {
                if bom {
                    out.write_all(csv::BOM)?;
                }
                csv::write_record(&mut out, columns.iter().map(|c| Value::Text(c.title)))?;
            }
            Format::Json => json::start(&mut out)?,
        }
        Ok(Writer {
            out,
            format,
            columns: columns.to_vec(),
            summary: Summary::default(),
        })
    }

    /// Writes one row: a value per column, in the columns' order.
    pub fn row<'a>(
        &mut self,
        values: impl IntoIterator<Item = Value<'a>> + Clone,
    ) -> io::Result<()> {
        if self.format == Format::Csv {
            self.summary.formula_like += values
                .clone()
                .into_iter()
                .filter(|v| matches!(v, Value::Text(t) if formula_like(t)))
                .count() as u64;
            csv::write_record(&mut self.out, values)?;
        } else {
            let first = self.summary.rows == 0;
            json::write_object(&mut self.out, first, &self.columns, values)?;
        }
        self.summary.rows += 1;
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.summary.rows
    }

    /// Closes the file's structure and flushes; returns the output and what was written.
    pub fn finish(mut self) -> io::Result<(W, Summary)> {
        if self.format == Format::Json {
            json::finish(&mut self.out)?;
        }
        self.out.flush()?;
        Ok((self.out, self.summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static COLUMNS: [Column; 3] = [
        Column {
            title: "Display name",
            property: "displayName",
        },
        Column {
            title: "Mail",
            property: "mail",
        },
        Column {
            title: "Enabled",
            property: "accountEnabled",
        },
    ];

    fn write(format: Format, bom: bool, rows: &[[Value<'_>; 3]]) -> (String, Summary) {
        let mut writer = Writer::start(Vec::new(), format, &COLUMNS, bom).unwrap();
        for row in rows {
            writer.row(row.iter().copied()).unwrap();
        }
        let (out, summary) = writer.finish().unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }

    #[test]
    fn csv_has_a_bom_a_header_and_crlf_records() {
        let rows = [
            [
                Value::Text("山田, 太郎"),
                Value::Text("taro@contoso.com"),
                Value::Bool(true),
            ],
            [Value::Text("=HYPERLINK(\"x\")"), Value::Null, Value::Null],
        ];
        let (text, summary) = write(Format::Csv, true, &rows);
        assert_eq!(
            text,
            "\u{FEFF}Display name,Mail,Enabled\r\n\
             \"山田, 太郎\",taro@contoso.com,true\r\n\
             \"=HYPERLINK(\"\"x\"\")\",,\r\n"
        );
        assert!(text.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(
            summary,
            Summary {
                rows: 2,
                formula_like: 1
            }
        );
        let (piped, _) = write(Format::Csv, false, &[]);
        assert_eq!(piped, "Display name,Mail,Enabled\r\n");
    }

    #[test]
    fn json_is_an_array_of_graph_shaped_objects() {
        let rows = [
            [
                Value::Text("José \"Pepe\" Müller\n"),
                Value::Null,
                Value::Bool(false),
            ],
            [Value::Text("b"), Value::Text("b@x"), Value::Bool(true)],
        ];
        let (text, summary) = write(Format::Json, true, &rows);
        assert_eq!(summary.rows, 2);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([
                {"displayName": "José \"Pepe\" Müller\n", "mail": null, "accountEnabled": false},
                {"displayName": "b", "mail": "b@x", "accountEnabled": true},
            ])
        );
        assert_eq!(text.lines().count(), 4, "one object a line: {text}");
        let (empty, _) = write(Format::Json, true, &[]);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&empty).unwrap(),
            serde_json::json!([])
        );
    }

    #[test]
    fn formula_like_cells_are_the_ones_spreadsheets_evaluate() {
        for text in ["=1+1", "+1 425", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(formula_like(text), "{text:?}");
        }
        for text in ["", "Ada", " =1", "'=1", "a=b"] {
            assert!(!formula_like(text), "{text:?}");
        }
    }

    fn value() -> impl proptest::strategy::Strategy<Value = Option<Result<String, bool>>> {
        use proptest::prelude::*;
        // Any text, and text made of what CSV and JSON must escape.
        let text = prop_oneof![
            any::<String>(),
            "[a-z,\"\r\n =+@\t\\\u{0}-\u{1f}é山田\u{202e}]{0,12}",
        ];
        proptest::option::of(prop_oneof![text.prop_map(Ok), any::<bool>().prop_map(Err)])
    }

    fn as_value(v: Option<&Result<String, bool>>) -> Value<'_> {
        match v {
            Some(Ok(text)) => Value::Text(text),
            Some(Err(flag)) => Value::Bool(*flag),
            None => Value::Null,
        }
    }

    proptest::proptest! {
        #[test]
        fn every_value_reads_back_from_csv(rows in proptest::collection::vec([value(), value(), value()], 0..8)) {
            let values: Vec<[Value<'_>; 3]> = rows.iter().map(|r| [as_value(r[0].as_ref()), as_value(r[1].as_ref()), as_value(r[2].as_ref())]).collect();
            let (text, summary) = write(Format::Csv, true, &values);
            proptest::prop_assert_eq!(summary.rows, rows.len() as u64);
            let parsed = csv::parse(&text);
            proptest::prop_assert_eq!(parsed.len(), rows.len() + 1, "{:?}", text);
            for (row, read) in rows.iter().zip(&parsed[1..]) {
                let expected: Vec<String> = row.iter().map(|v| match v {
                    Some(Ok(text)) => text.clone(),
                    Some(Err(flag)) => flag.to_string(),
                    None => String::new(),
                }).collect();
                proptest::prop_assert_eq!(read, &expected);
            }
        }

        #[test]
        fn every_value_reads_back_from_json(rows in proptest::collection::vec([value(), value(), value()], 0..8)) {
            let values: Vec<[Value<'_>; 3]> = rows.iter().map(|r| [as_value(r[0].as_ref()), as_value(r[1].as_ref()), as_value(r[2].as_ref())]).collect();
            let (text, _) = write(Format::Json, true, &values);
            let parsed: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(parsed.len(), rows.len());
            for (row, read) in rows.iter().zip(&parsed) {
                for (column, v) in COLUMNS.iter().zip(row) {
                    let expected = match v {
                        Some(Ok(text)) => serde_json::Value::String(text.clone()),
                        Some(Err(flag)) => serde_json::Value::Bool(*flag),
                        None => serde_json::Value::Null,
                    };
                    proptest::prop_assert_eq!(&read[column.property], &expected);
                }
            }
        }
    }
}
