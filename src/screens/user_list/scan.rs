//! A page of users read by hand, for `L`: Graph's pages are flat objects of strings, booleans
//! and nulls, which a scanner made for them reads faster than `serde_json`'s general visitor
//! (`decode.rs`), which showed as most of `L`'s own time in a profile (a page of 999 users into
//! rows: 2.19 ms by the visitor, 1.32 ms by this, `cargo bench --bench graph -- "list rows"`).
//!
//! The scanner is strict: it accepts only valid JSON it fully understands and answers `None`
//! for anything else (a number where a string belongs, an odd date, a lone surrogate, a
//! duplicate page property, nesting deeper than serde allows). The caller then reads the page
//! with `serde_json`, which gives the same rows or the error it always gave. So every page reads
//! exactly as `decode.rs` reads it; a property test holds the two to that.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};

use super::decode::{PropertyValue, Rows, read_property};
use super::row::{Fields, Row, Values};
use crate::graph::{PageBody, ReadPage};

impl ReadPage for Rows {
    /// The values of the load's earlier pages.
    type Kept = Values;

    /// By hand where the page is as Graph writes one, else by serde (`decode.rs`), which then
    /// reads the same rows or gives the error.
    fn read_page(body: &str, values: &mut Values) -> serde_json::Result<PageBody<Rows>> {
        match page(body, values) {
            Some(page) => Ok(page),
            None => serde_json::from_str(body),
        }
    }
}

/// A page of users as rows, or `None` when it holds anything the scanner does not read.
/// Their shared values come from `values`, those of the listing's earlier pages.
pub fn page(body: &str, values: &mut Values) -> Option<PageBody<Rows>> {
    let mut scan = Scanner {
        text: body,
        bytes: body.as_bytes(),
        at: 0,
    };
    let mut page = PageBody::<Rows>::default();
    let (mut value, mut next, mut count) = (false, false, false);
    scan.object(|scan, key| {
        // A property twice is an error in serde's reading of the page: leave it to serde.
        match key {
            "value" if !value => {
                value = true;
                page.value = scan.rows(values)?;
            }
            "@odata.nextLink" if !next => {
                next = true;
                page.next_link = scan.nullable(Scanner::string)?.map(Cow::into_owned);
            }
            "@odata.count" if !count => {
                count = true;
                page.count = scan.nullable(Scanner::unsigned)?;
            }
            "value" | "@odata.nextLink" | "@odata.count" => return None,
            _ => scan.skip_value(0)?,
        }
        Some(())
    })?;
    scan.whitespace();
    (scan.at == scan.bytes.len()).then_some(page)
}

/// Where the plain text of a JSON string that goes on at `at` ends: the first quote,
/// backslash or control character (which JSON does not allow raw). Eight bytes at a time: a
/// page is mostly strings, and this was the scanner's hottest loop.
fn special(bytes: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each byte of `word` below `n` (n <= 128), exact up to the lowest set bit,
    // which is all that is read.
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        let found = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    let i = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(at + i)
}

/// How deep an ignored value may nest; serde's limit is 128, and a deeper one is left to it.
const MAX_DEPTH: usize = 100;

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    /// Skips whitespace, then takes `byte` if it is next.
    fn take(&mut self, byte: u8) -> bool {
        self.whitespace();
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.take(byte).then_some(())
    }

    /// An object, each property's key given to `property`, which reads its value.
    fn object(&mut self, mut property: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        if self.take(b'}') {
            return Some(());
        }
        loop {
            self.whitespace();
            let key = self.string()?;
            self.expect(b':')?;
            self.whitespace();
            property(self, &key)?;
            if self.take(b'}') {
                return Some(());
            }
            self.expect(b',')?;
        }
    }

    /// An array, each element read by `element`.
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        if self.take(b']') {
            return Some(());
        }
        loop {
            self.whitespace();
            element(self)?;
            if self.take(b']') {
                return Some(());
            }
            self.expect(b',')?;
        }
    }

    /// `null` as `None`, else what `read` reads.
    #[expect(
        clippy::option_option,
        reason = "the outer None is the scanner's \"leave it to serde\", as everywhere here; \
                  the inner one is JSON's null"
    )]
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.literal(b"null") {
            Some(None)
        } else {
            read(self).map(Some)
        }
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        let found = self.bytes[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn boolean(&mut self) -> Option<bool> {
        if self.literal(b"true") {
            Some(true)
        } else if self.literal(b"false") {
            Some(false)
        } else {
            None
        }
    }

    /// A string, borrowed from the page when it holds no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at + 1;
        let mut at = special(self.bytes, start)?;
        if self.bytes[at] == b'"' {
            self.at = at + 1;
            // Both ends are ASCII, so this is a whole UTF-8 slice.
            return Some(Cow::Borrowed(&self.text[start..at]));
        }
        // Escapes: the text so far, then the rest decoded.
        let mut out = String::with_capacity(at - start + 16);
        let mut plain = start;
        loop {
            out.push_str(&self.text[plain..at]);
            match self.bytes[at] {
                b'"' => {
                    self.at = at + 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => plain = self.escape(at + 1, &mut out)?,
                // A raw control character is not allowed in a JSON string.
                _ => return None,
            }
            at = special(self.bytes, plain)?;
        }
    }

    /// Decodes the escape after a backslash at `at` into `out`; where the text goes on.
    fn escape(&self, at: usize, out: &mut String) -> Option<usize> {
        let plain = match *self.bytes.get(at)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (c, after) = self.unicode_escape(at + 1)?;
                out.push(c);
                return Some(after);
            }
            _ => return None,
        };
        out.push(plain);
        Some(at + 1)
    }

    /// The character of `\uXXXX` (the four digits at `at`), a surrogate pair taken whole; a
    /// lone surrogate is refused, as serde refuses it in a string.
    fn unicode_escape(&self, at: usize) -> Option<(char, usize)> {
        let unit = self.hex4(at)?;
        if !(0xD800..0xE000).contains(&unit) {
            return Some((char::from_u32(unit)?, at + 4));
        }
        if unit >= 0xDC00 || self.bytes.get(at + 4..at + 6)? != b"\\u" {
            return None;
        }
        let low = self.hex4(at + 6)?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        Some((char::from_u32(c)?, at + 10))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0, |n, &d| char::from(d).to_digit(16).map(|v| n * 16 + v))
    }

    /// A whole number that fits in a `u64`, as serde reads `@odata.count`.
    fn unsigned(&mut self) -> Option<u64> {
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.at += 1;
        }
        // A leading zero, a fraction or an exponent: leave it to serde.
        let digits = &self.bytes[start..self.at];
        let plain = !digits.is_empty() && (digits == b"0" || digits[0] != b'0');
        (plain && !matches!(self.peek(), Some(b'.' | b'e' | b'E'))).then_some(n)
    }

    /// Any JSON value, checked and skipped.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|scan, _| scan.skip_value(depth + 1)),
            b'[' => self.array(|scan| scan.skip_value(depth + 1)),
            b't' | b'f' => self.boolean().map(drop),
            b'n' => self.literal(b"null").then_some(()),
            _ => self.number(),
        }
    }

    /// A JSON number, checked and skipped.
    fn number(&mut self) -> Option<()> {
        self.literal(b"-");
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.literal(b".") {
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.some_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// The page's `value`: its users as rows, and the shared values this page made.
    fn rows(&mut self, values: &mut Values) -> Option<Rows> {
        let before = values.len();
        let mut rows = Vec::with_capacity(1000);
        self.array(|scan| {
            rows.push(scan.row(values)?);
            Some(())
        })?;
        Some(Rows {
            rows,
            values: values.since(before).to_vec(),
        })
    }

    /// One user, read as `decode.rs` reads it, through the same `read_property` (the last of a
    /// property given twice counts, as there).
    fn row(&mut self, values: &mut Values) -> Option<Row> {
        let mut user = Fields::default();
        let mut id = None;
        self.object(|scan, key| read_property(key, &mut user, &mut id, scan).ok())?;
        user.id = id?;
        Some(Row::from_fields(&user, values))
    }

    /// A time stamp as Graph writes one, `2024-03-01T10:00:00Z` (fractions of a second
    /// allowed); any other form is left to serde (chrono reads more forms).
    fn date_time(&mut self) -> Option<DateTime<Utc>> {
        let text = self.string()?;
        utc_stamp(text.as_bytes())
    }
}

/// A property's value read by the scanner; `Err` leaves the page to serde.
impl<'a> PropertyValue<'a> for Scanner<'a> {
    type Error = ();

    fn id(&mut self) -> Result<Cow<'a, str>, ()> {
        self.string().ok_or(())
    }

    fn text(&mut self) -> Result<Option<Cow<'a, str>>, ()> {
        self.nullable(Scanner::string).ok_or(())
    }

    fn flag(&mut self) -> Result<Option<bool>, ()> {
        self.nullable(Scanner::boolean).ok_or(())
    }

    fn time(&mut self) -> Result<Option<DateTime<Utc>>, ()> {
        self.nullable(Scanner::date_time).ok_or(())
    }

    fn skip(&mut self) -> Result<(), ()> {
        self.skip_value(0).ok_or(())
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, as chrono reads it; `None` for anything else.
fn utc_stamp(b: &[u8]) -> Option<DateTime<Utc>> {
    let (head, tail) = (b.get(..19)?, b.get(19..)?);
    let num = |range: std::ops::Range<usize>| {
        head[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let shape = head[4] == b'-'
        && head[7] == b'-'
        && head[10] == b'T'
        && head[13] == b':'
        && head[16] == b':';
    if !shape {
        return None;
    }
    let nanos = match tail {
        b"Z" => 0,
        [b'.', digits @ .., b'Z'] if (1..=9).contains(&digits.len()) => {
            let n = digits.iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })?;
            // Scaled to nanoseconds: `.5` is 500,000,000.
            n * 10u32.pow(9 - u32::try_from(digits.len()).ok()?)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    // Second 60 (a leap second) is chrono's to read.
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if second > 59 {
        return None;
    }
    let time = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The page as serde reads it.
    fn by_serde(body: &str) -> Option<PageBody<Rows>> {
        serde_json::from_str(body).ok()
    }

    /// Whatever the scanner reads, serde reads the same.
    fn agrees(body: &str) {
        if let Some(scanned) = page(body, &mut Values::default()) {
            let read = by_serde(body).unwrap_or_else(|| panic!("serde refused {body:?}"));
            assert_eq!(scanned.value, read.value, "rows of {body:?}");
            assert_eq!(scanned.next_link, read.next_link, "link of {body:?}");
            assert_eq!(scanned.count, read.count, "count of {body:?}");
        }
    }

    #[test]
    fn a_page_as_graph_writes_it_is_read_by_the_scanner() {
        let mut users = crate::fixtures::users();
        users.extend(crate::fixtures::many_users(0, 30));
        users[0].display_name = Some("José \"Pepe\"\nMüller \u{1F600} 山田".into());
        users[1].created_date_time = Some("2024-03-01T10:00:00.123Z".parse().unwrap());
        users[2].on_premises_sync_enabled = Some(true);
        let body = serde_json::json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "@odata.count": 12345,
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X%27A%27",
            "value": users,
        })
        .to_string();
        let scanned = page(&body, &mut Values::default()).expect("read by the scanner");
        assert_eq!(scanned.value, Rows::of_users(&users));
        assert_eq!(scanned.count, Some(12345));
        agrees(&body);
        // Pretty-printed, with escapes written out.
        let pretty = serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        )
        .unwrap()
        .replace("é", "\\u00e9")
        .replace('/', "\\/");
        assert!(page(&pretty, &mut Values::default()).is_some());
        agrees(&pretty);
    }

    #[test]
    fn what_serde_refuses_or_reads_otherwise_is_left_to_serde() {
        for body in [
            r#"{"value":[{"displayName":"x"}]}"#, // no id
            r#"{"value":[{"id":null}]}"#,         // id null
            r#"{"value":[{"id":1}]}"#,            // id a number
            r#"{"value":[{"id":"1","accountEnabled":"yes"}]}"#,
            r#"{"value":[{"id":"1","createdDateTime":"soon"}]}"#,
            r#"{"value":[{"id":"1","createdDateTime":"2024-02-30T10:00:00Z"}]}"#,
            r#"{"value":[{"id":"1","createdDateTime":"2024-03-01T10:00:00+02:00"}]}"#,
            r#"{"value":[{"id":"1","displayName":"\ud800"}]}"#, // lone surrogate
            r#"{"value":[{"id":"1","displayName":"a	b"}]}"#,    // a raw tab
            r#"{"value":[],"value":[]}"#,
            r#"{"@odata.count":1e3,"value":[]}"#,
            r#"{"@odata.count":-1,"value":[]}"#,
            r#"{"@odata.count":007,"value":[]}"#,
            r#"{"value":[]} x"#,
            r#"{"value":[{"id":"1","x":01}]}"#,
            r#"{"value":[{"id":"1","x":[1,]}]}"#,
            r#"{"value":[{"id":"1",}]}"#,
            r#"{"value":[{"id":"1"}"#,
        ] {
            assert!(page(body, &mut Values::default()).is_none(), "{body}");
        }
        let deep = format!(
            r#"{{"value":[{{"id":"1","x":{}1{}}}]}}"#,
            "[".repeat(120),
            "]".repeat(120)
        );
        assert!(
            page(&deep, &mut Values::default()).is_none(),
            "deeper than the scanner goes"
        );
    }

    #[test]
    fn what_serde_reads_the_scanner_reads_alike() {
        for body in [
            "{}",
            r#" { "value" : [ ] , "@odata.nextLink" : null } "#,
            r#"{"value":[{"id":"1","id":"2","displayName":null,"mail":"a@b"}]}"#,
            r#"{"value":[{"id":"1","manager":{"id":"9","x":[1,-2.5e+3,{"y":null}],"t":true}}]}"#,
            r#"{"value":[{"id":"1","createdDateTime":"2024-03-01T10:00:00.5Z"}]}"#,
            r#"{"value":[{"id":"1","createdDateTime":null,"accountEnabled":false}]}"#,
            r#"{"value":[{"id":"1","displayName":"\ud83d\ude00 \u00e9\n\"q\""}]}"#,
            r#"{"value":[{"id":"1","disp\u006cayName":"escaped key"}]}"#,
            r#"{"@odata.count":0,"value":[{"id":"x#EXT#@contoso.com","userType":"Guest"}]}"#,
        ] {
            assert!(page(body, &mut Values::default()).is_some(), "{body}");
            agrees(body);
        }
    }

    #[test]
    fn graph_time_stamps_read_as_chrono_reads_them() {
        for stamp in [
            "2024-03-01T10:00:00Z",
            "1999-12-31T23:59:59.9999999Z",
            "2024-02-29T00:00:00.1Z",
            "0001-01-01T00:00:00Z",
        ] {
            let chrono: DateTime<Utc> = stamp.parse().unwrap();
            assert_eq!(utc_stamp(stamp.as_bytes()), Some(chrono), "{stamp}");
        }
        for odd in [
            "2023-02-29T00:00:00Z",
            "2024-03-01T24:00:00Z",
            "2024-03-01T10:00:60Z",
            "2024-03-01 10:00:00Z",
            "2024-03-01T10:00:00",
            "2024-03-01T10:00:00.Z",
        ] {
            assert_eq!(utc_stamp(odd.as_bytes()), None, "{odd}");
        }
    }

    proptest! {
        /// Pages cut anywhere, or with a byte changed anywhere, read the same by both or are
        /// left to serde.
        #[test]
        fn a_damaged_page_never_reads_otherwise_than_serde(cut in 0usize..2000, at in 0usize..2000, byte in any::<u8>()) {
            let users = crate::fixtures::many_users(0, 6);
            let body = serde_json::json!({"@odata.count": 6, "value": users}).to_string();
            if let Some(cut) = body.get(..cut.min(body.len())) {
                agrees(cut);
            }
            let mut bytes = body.into_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            if let Ok(text) = std::str::from_utf8(&bytes) {
                agrees(text);
            }
        }

        /// Any strings at all, escaped as serde escapes them, come through unchanged.
        #[test]
        fn any_name_reads_back(name in any::<String>(), title in any::<String>()) {
            let body = serde_json::json!({"value": [{"id": "1", "displayName": name, "jobTitle": title}]}).to_string();
            prop_assert!(page(&body, &mut Values::default()).is_some());
            agrees(&body);
        }
    }
}
