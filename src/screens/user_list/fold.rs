//! The filter's folding: lower case without accents, so `muller` finds Müller. Every row's
//! search key and every shared value is folded as `L` takes pages in, so the common cases
//! are tables: plain ASCII in place, and any other character looked up in its block of 256,
//! each block folded the slow way once, when its first character is met.

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Lower case without accents: `José Müller` → `jose muller`. Letters without case or
/// accents (CJK) stay as they are. Control characters (a line break in a hostile name) become
/// spaces: a typed word holds none, and the rows' keys use `\n` between fields.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(&mut folded, text);
    folded
}

/// [`fold`], appended to `out`. Plain ASCII (most names and every UPN) skips the Unicode
/// decomposition: it has no accents to drop.
pub(super) fn fold_into(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        // Checked without stopping early, so the check runs many bytes at a time.
        let control = text
            .bytes()
            .fold(false, |seen, b| seen | b.is_ascii_control());
        if control {
            let spaced = out[start..].replace(|c: char| c.is_ascii_control(), " ");
            out.truncate(start);
            out.push_str(&spaced);
        }
        return;
    }
    for c in text.chars() {
        match c {
            _ if c.is_ascii_control() => out.push(' '),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            // CJK ideographs have neither case nor accents (and would take 110 blocks).
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => out.push(c),
            _ => match folded_in_block(c) {
                Some(folded) => out.push_str(folded),
                None => fold_char(out, c),
            },
        }
    }
}

/// One character folded, the slow way: decomposed, its marks dropped (canonical ordering
/// would only move marks, and all of them go), lower-cased.
fn fold_char(out: &mut String, c: char) {
    decompose_canonical(c, |part| {
        if is_combining_mark(part) {
            return;
        }
        if part.is_control() {
            out.push(' ');
        } else {
            out.extend(part.to_lowercase());
        }
    });
}

/// 256 characters folded: character `i` of the block folds to `text[ends[i - 1]..ends[i]]`
/// (from 0 for the first). One string per block rather than one per character.
struct Block {
    text: String,
    ends: [u16; 256],
}

impl Block {
    fn fold(number: usize) -> Block {
        let mut text = String::new();
        let mut ends = [0; 256];
        for (i, end) in ends.iter_mut().enumerate() {
            // A surrogate is no character: it folds to nothing, and never comes.
            if let Some(c) = u32::try_from(number << 8 | i).ok().and_then(char::from_u32) {
                fold_char(&mut text, c);
            }
            // A character folds to at most a few, so a block holds a few KiB at most.
            *end = u16::try_from(text.len()).unwrap_or(u16::MAX);
        }
        Block { text, ends }
    }
}

/// The Basic Multilingual Plane's blocks, each folded when first needed.
static BLOCKS: [OnceLock<Block>; 256] = [const { OnceLock::new() }; 256];

/// `c` folded from its block's table, for any character of the Basic Multilingual Plane.
fn folded_in_block(c: char) -> Option<&'static str> {
    let code = c as usize;
    let block = BLOCKS
        .get(code >> 8)?
        .get_or_init(|| Block::fold(code >> 8));
    let i = code & 0xff;
    let start = i.checked_sub(1).map_or(0, |before| block.ends[before]);
    block
        .text
        .get(usize::from(start)..usize::from(block.ends[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_folds_as_the_unicode_path_does() {
        for text in ["Ada LOVELACE", "a\tb\u{7f}c", "O'Brien-Smith (IT)", ""] {
            let unicode: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold(text), unicode, "{text:?}");
        }
    }

    #[test]
    fn every_character_of_the_tables_folds_as_the_slow_way_does() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let mut slow = String::new();
            if c.is_ascii_control() {
                slow.push(' ');
            } else if ('\u{3400}'..='\u{4DBF}').contains(&c)
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            {
                slow.push(c);
            } else {
                fold_char(&mut slow, c);
            }
            assert_eq!(fold(&c.to_string()), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn names_in_many_scripts_fold_to_what_is_typed() {
        for (name, typed) in [
            ("José MÜLLER", "jose muller"),
            ("Ærøskøbing Łódź", "ærøskøbing łodz"),
            ("Nguyễn Văn Đức", "nguyen van đuc"),
            ("Ὀδυσσεύς", "οδυσσευς"),
            ("ДЖОН Ёлкин", "джон елкин"),
            ("山田 太郎", "山田 太郎"),
            ("𝒜𝓁𝒾𝒸ℯ", "𝒜𝓁𝒾𝒸ℯ"),
        ] {
            assert_eq!(fold(name), typed, "{name}");
        }
    }
}
