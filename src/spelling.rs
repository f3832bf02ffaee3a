//! Guessing what a misspelt name meant, for "did you mean …?" in messages about settings,
//! key names and commands, and what Tab completes a typed start to.

/// The longest start all of `names` share (whole characters); `None` when there are none.
pub fn shared_prefix<S: AsRef<str>>(names: &[S]) -> Option<String> {
    let first = names.first()?.as_ref();
    let shared = names.iter().fold(first.len(), |len, name| {
        first
            .char_indices()
            .zip(name.as_ref().chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len)
    });
    Some(first[..shared].to_owned())
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|name| (edit_distance(word, name), name))
        .filter(|(distance, _)| *distance <= 3)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance; the names are short, so the quadratic table is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_and_far_ones_not() {
        let names = ["deleted", "errors", "quit"];
        assert_eq!(closest("delted", names), Some("deleted"));
        assert_eq!(closest("eror", names), Some("errors"));
        assert_eq!(closest("xyzzyplugh", names), None);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
