//! Fitting text into cells by display width (CJK is two cells wide, combining marks zero),
//! never by bytes or chars; and [`clean`], which makes hostile text from Graph visible and
//! harmless before it is measured or drawn. Every helper here cleans what it is given.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Shown for a bidi override or isolate, a C1 control, or another invisible format character.
const HIDDEN: char = '\u{FFFD}';

/// What a character that must not reach the terminal is drawn as, or `None` when it may.
///
/// Control characters could move the cursor or start an escape sequence; bidi overrides and
/// isolates (U+202A–202E, U+2066–2069) reorder what follows, so a name could pass as another.
/// Each becomes one visible character (`␛`, `⏎`, `␉`, `�`), so an admin sees that a name holds
/// one, and a cursor counted in characters stays right.
fn replacement(c: char) -> Option<char> {
    match c {
        '\n' => Some('⏎'),
        // C0 controls have Unicode's control pictures: U+2400 + code (␀ … ␟), ␡ for DEL.
        '\0'..='\u{1F}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7F}' => Some('␡'),
        '\u{80}'..='\u{9F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some(HIDDEN),
        _ => None,
    }
}

/// `s` with every control, bidi override or isolate replaced by a visible character, one for
/// one. Borrowed when nothing needed replacing, which is almost always.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| replacement(c).is_none()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| replacement(c).unwrap_or(c)).collect())
}

/// Display width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    clean(s).width()
}

/// `s` cut to at most `max` cells, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    let s = clean(s);
    if s.width() <= max {
        return s.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Like [`truncate`], but keeps a trailing `(request-id …)` readable: support needs it more
/// than the middle of a long message.
pub fn truncate_keep_request_id(s: &str, max: usize) -> String {
    let s = &*clean(s);
    if s.width() <= max {
        return s.to_owned();
    }
    match s.rfind(" (request-id ") {
        Some(at) if s[at..].width() + 10 <= max => {
            let tail = &s[at..];
            format!("{}{tail}", truncate(&s[..at], max - tail.width()))
        }
        _ => truncate(s, max),
    }
}

/// Word-wraps `s` to `width` cells; continuation lines start with `indent` spaces. Words
/// longer than a line are cut.
pub fn wrap(s: &str, width: usize, indent: usize) -> Vec<String> {
    let s = &*clean(s);
    let width = width.max(indent + 8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let room = width - if lines.is_empty() { 0 } else { indent };
        let sep = usize::from(!line.is_empty());
        if !line.is_empty() && line.width() + sep + word.width() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let room = width - if i == 0 { 0 } else { indent };
            let l = truncate(&l, room);
            if i == 0 {
                l
            } else {
                format!("{}{l}", " ".repeat(indent))
            }
        })
        .collect()
}

/// `s` cut into pieces of at most `width` cells, between characters: for identifiers such as a
/// guest's UPN, which have no spaces to wrap at and must be shown whole.
pub fn break_lines(s: &str, width: usize) -> Vec<String> {
    let s = &*clean(s);
    let width = width.max(2);
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            lines.push(String::new());
            used = 0;
        }
        used += w;
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
    }
    lines
}

/// `n` with thousands separators: 12,345.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Column widths for `total` cells: each column gets what it wants if all fit; otherwise the
/// widest columns are cut back first, to a common cap (water-filling), never below `min`.
pub fn fit_columns(wanted: &[usize], min: usize, total: usize) -> Vec<usize> {
    let wanted: Vec<usize> = wanted.iter().map(|w| (*w).max(min)).collect();
    if wanted.iter().sum::<usize>() <= total {
        return wanted;
    }
    let fits = |cap: usize| wanted.iter().map(|w| (*w).min(cap)).sum::<usize>() <= total;
    let (mut lo, mut hi) = (min, wanted.iter().copied().max().unwrap_or(min));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) { lo = mid } else { hi = mid - 1 }
    }
    let mut widths: Vec<usize> = wanted.iter().map(|w| (*w).min(lo)).collect();
    // Hand the cells left over to the columns that were cut, left to right.
    let mut spare = total.saturating_sub(widths.iter().sum());
    for (w, want) in widths.iter_mut().zip(&wanted) {
        if spare == 0 {
            break;
        }
        if *w < *want {
            *w += 1;
            spare -= 1;
        }
    }
    widths
}

/// Pasted text as one line: a line break (CRLF counts once) or a tab is a space; other control
/// characters are dropped, and so are the line breaks that end a copied line.
pub fn single_line(text: &str) -> impl Iterator<Item = char> + '_ {
    let text = text.trim_end_matches(['\r', '\n']);
    let mut after_cr = false;
    text.chars().filter_map(move |c| {
        let was_cr = std::mem::replace(&mut after_cr, c == '\r');
        match c {
            '\n' if was_cr => None,
            '\r' | '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        }
    })
}

/// The UPN is what tells two "Ada Lovelace"s apart, and a guest's ends in the part that
/// matters (`…#EXT#@contoso.onmicrosoft.com`), so it is shown whole: when it does not fit, the
/// `@domain` goes on a line of its own, and any part still too wide is broken between letters.
pub fn upn_lines(upn: &str, room: usize) -> Vec<String> {
    let upn = &*clean(upn);
    if width(upn) <= room {
        return vec![upn.to_owned()];
    }
    let (alias, domain) = upn.split_at(upn.rfind('@').unwrap_or(upn.len()));
    [alias, domain]
        .into_iter()
        .filter(|part| !part.is_empty())
        .flat_map(|part| break_lines(part, room))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("Ada Lovelace", 20), "Ada Lovelace");
        assert_eq!(truncate("Ada Lovelace", 5), "Ada …");
        // Two cells per ideograph: 4 cells of text + the ellipsis.
        assert_eq!(truncate("山田太郎さん", 5), "山田…");
        assert_eq!(width(&truncate("山田太郎さん", 4)), 3);
        assert_eq!(truncate("José", 0), "");
    }

    #[test]
    fn keeps_the_request_id() {
        let line = "403 Forbidden: Insufficient privileges to complete the operation. (request-id abc-123)";
        let cut = truncate_keep_request_id(line, 50);
        assert!(cut.ends_with("(request-id abc-123)"), "{cut}");
        assert_eq!(width(&cut), 50);
    }

    #[test]
    fn wraps_with_a_hanging_indent() {
        let lines = wrap("• tenant_id is not set: pass --tenant-id or set it", 20, 2);
        assert_eq!(lines[0], "• tenant_id is not");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("  ") && width(l) <= 20)
        );
    }

    #[test]
    fn breaks_identifiers_by_display_width() {
        assert_eq!(break_lines("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(break_lines("山田太郎@x", 5), ["山田", "太郎@", "x"]);
        assert_eq!(break_lines("", 5), [""]);
    }

    #[test]
    fn hostile_text_is_made_visible_one_for_one() {
        assert_eq!(clean("Ada Lovelace"), "Ada Lovelace");
        assert!(matches!(clean("山田 太郎"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}[31mb"), "a␛[31mb");
        assert_eq!(clean("line\nbreak\ttab\r"), "line⏎break␉tab␍");
        assert_eq!(clean("evil\u{202E}gpj.exe"), "evil\u{FFFD}gpj.exe");
        assert_eq!(clean("x\u{2066}y\u{2069}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(clean("\u{85}\u{7f}"), "\u{FFFD}␡");
        for s in ["a\u{202E}b", "\u{1b}]0;title\u{7}", "x\ny"] {
            assert_eq!(clean(s).chars().count(), s.chars().count(), "{s:?}");
        }
        // Truncation cannot drop a replacement and leave the override behind.
        assert_eq!(truncate("abc\u{202E}defghij", 6), "abc\u{FFFD}d…");
    }

    #[test]
    fn pasted_lines_become_one() {
        let one: String = single_line("Ada\r\nLovelace\nCountess\tof\u{7}Lovelace\r\n").collect();
        assert_eq!(one, "Ada Lovelace Countess ofLovelace");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2000), "2,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn columns_shrink_the_widest_first() {
        assert_eq!(fit_columns(&[10, 20, 5], 4, 100), vec![10, 20, 5]);
        let w = fit_columns(&[10, 40, 30], 4, 50);
        assert_eq!(w.iter().sum::<usize>(), 50);
        assert_eq!(w[0], 10);
        assert!(w[1] >= w[2] && w[1] - w[2] <= 1, "{w:?}");
    }
}
