//! Making the drawn buffer lay out text the way terminals do.
//!
//! ratatui puts one grapheme cluster in one cell, and gives it as many columns as its width. A
//! few clusters are several *narrow* characters glued by combining marks: Devanagari conjuncts
//! and vowel signs ("र्जु" in अर्जुन, "या"), Thai "กำ". Terminals (tmux, xterm, VTE) lay text
//! out by code point instead: each narrow base character takes its own cell, and zero-width
//! marks join the cell before them. Both agree on the total width, but not on what sits in
//! the second column. ratatui believes it holds nothing, so when the cluster later changes or
//! is blanked (a new screen, a popup, a scroll), its diff rewrites only the first column and
//! the terminal keeps showing the rest ("जु" left over on the connect screen).
//!
//! [`split_clusters`] rewrites such a cluster as the terminal will show it, one narrow
//! piece per cell, so ratatui's picture of the screen and the terminal's are the same and the
//! normal diff repaints every piece. Nothing is redrawn that did not change, so there is no
//! flicker. Emoji sequences (ZWJ, skin tones, flags, VS16) are left alone: terminals that
//! support them draw them as one wide glyph, as ratatui assumes.

use ratatui::buffer::Buffer;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// Splits every multi-column cell made of several narrow characters into one cell per
/// character (each with its zero-width marks), keeping the cell's style.
pub fn split_clusters(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buffer[(x, y)];
            let width = cell.symbol().width();
            if width < 2 {
                x += 1;
                continue;
            }
            let Some(pieces) = narrow_pieces(cell.symbol(), width) else {
                x += width as u16;
                continue;
            };
            let template = cell.clone();
            for (i, piece) in pieces.iter().enumerate() {
                let at = x + i as u16;
                if at >= area.right() {
                    break;
                }
                // A later widget (a popup) drew over the rest of the cluster: the terminal
                // shows only what is not covered, and so does the buffer.
                if i > 0 && buffer[(at, y)].symbol() != " " {
                    break;
                }
                let mut cell = template.clone();
                cell.set_symbol(piece);
                buffer[(at, y)] = cell;
            }
            x += width as u16;
        }
    }
}

/// `cluster` as one piece per narrow character, each with the zero-width marks after it, when
/// that is how a terminal lays it out: every visible character one column wide, `width` of
/// them, and no emoji machinery (a terminal may draw those as one wide glyph).
fn narrow_pieces(cluster: &str, width: usize) -> Option<Vec<String>> {
    let emoji = |c: char| {
        matches!(
            c,
            '\u{200D}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F1E6}'..='\u{1F1FF}'
        ) || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
    };
    if cluster.chars().any(emoji) {
        return None;
    }
    let mut pieces: Vec<String> = Vec::new();
    for c in cluster.chars() {
        match c.width() {
            Some(0) | None => pieces.last_mut()?.push(c),
            Some(1) => pieces.push(c.to_string()),
            Some(_) => return None,
        }
    }
    (pieces.len() == width && width > 1).then_some(pieces)
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    use super::*;

    fn row(buffer: &Buffer, y: u16) -> Vec<&str> {
        (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect()
    }

    #[test]
    fn devanagari_conjuncts_take_one_cell_per_letter() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 8, 1));
        let style = Style::new().fg(Color::Cyan);
        buffer.set_string(0, 0, "अर्जुन", style);
        // ratatui: one cluster "र्जु" two columns wide, then a blank it thinks is covered.
        assert_eq!(row(&buffer, 0)[..4], ["अ", "र\u{94d}ज\u{941}", " ", "न"]);
        split_clusters(&mut buffer);
        // As a terminal lays it out: र + virama, then ज + vowel sign u.
        assert_eq!(row(&buffer, 0)[..4], ["अ", "र\u{94d}", "ज\u{941}", "न"]);
        assert_eq!(buffer[(2, 0)].fg, Color::Cyan);
        assert!(row(&buffer, 0).iter().all(|s| s.width() <= 1));
    }

    /// The reported bug: after "अर्जुन", a blank screen must repaint the column where the
    /// terminal shows "जु". Without the split, ratatui's diff thinks that column was already
    /// blank and skips it, leaving "जु" on screen.
    #[test]
    fn blanking_the_cluster_repaints_every_column_the_terminal_used() {
        let area = Rect::new(0, 0, 8, 1);
        let blank = Buffer::empty(area);
        let mut name = Buffer::empty(area);
        name.set_string(0, 0, "अर्जुन", Style::new());
        let columns =
            |prev: &Buffer| -> Vec<u16> { prev.diff(&blank).iter().map(|(x, _, _)| *x).collect() };
        assert_eq!(columns(&name), [0, 1, 3], "ratatui alone skips column 2");
        split_clusters(&mut name);
        assert_eq!(columns(&name), [0, 1, 2, 3]);
    }

    #[test]
    fn spacing_vowel_signs_get_their_own_cell() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 8, 1));
        buffer.set_string(0, 0, "प्रिया", Style::new());
        split_clusters(&mut buffer);
        assert_eq!(
            row(&buffer, 0)[..5],
            ["प\u{94d}", "र", "\u{93f}", "य", "\u{93e}"]
        );
    }

    #[test]
    fn wide_characters_and_emoji_sequences_stay_whole() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(0, 0, "山🇯🇵👩‍💻👍🏽", Style::new());
        let before = buffer.clone();
        split_clusters(&mut buffer);
        assert_eq!(buffer, before);
    }

    #[test]
    fn a_cluster_half_covered_by_a_popup_keeps_only_its_visible_part() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "र्जु", Style::new());
        buffer[(1, 0)].set_symbol("│");
        split_clusters(&mut buffer);
        assert_eq!(row(&buffer, 0)[..2], ["र\u{94d}", "│"]);
    }
}
