//! Case-insensitive string comparison the way directory queries do it, without allocating per
//! comparison: filtering 100k users must not build 100k lower-cased copies.

use std::cmp::Ordering;

/// The case-folded form of `s`, for the fixed side of repeated comparisons.
pub(crate) fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// `value` equals `folded_other` (already folded) ignoring case.
pub(crate) fn eq_folded(value: &str, folded_other: &str) -> bool {
    folded(value).eq(folded_other.chars())
}

/// `value` starts with `folded_prefix` (already folded) ignoring case.
pub(crate) fn starts_with_folded(value: &str, folded_prefix: &str) -> bool {
    // Plain ASCII on both sides (most UPNs and mail addresses): compare bytes. A non-ASCII
    // character in the value's first bytes may fold to ASCII (the Kelvin sign to `k`), so
    // that takes the long way.
    if folded_prefix.is_ascii()
        && let Some(head) = value.as_bytes().get(..folded_prefix.len())
        && head.is_ascii()
    {
        return head.eq_ignore_ascii_case(folded_prefix.as_bytes());
    }
    let mut value = folded(value);
    folded_prefix.chars().all(|c| value.next() == Some(c))
}

/// `value` ends with `folded_suffix` (already folded) ignoring case.
pub(crate) fn ends_with_folded(value: &str, folded_suffix: &str) -> bool {
    fold(value).ends_with(folded_suffix)
}

/// Orders two strings ignoring case (the collation `$orderby` uses).
pub(crate) fn cmp_folded(a: &str, b: &str) -> Ordering {
    folded(a).cmp(folded(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_ignore_case_including_non_ascii() {
        assert!(eq_folded("ZOË Ñúñez", &fold("zoë ñÚÑEZ")));
        assert!(starts_with_folded("Émile", &fold("ÉM")));
        assert!(!starts_with_folded("Em", &fold("Emile")));
        assert!(ends_with_folded(
            "a_b.com#EXT#@x.onmicrosoft.com",
            &fold("#ext#@X.onmicrosoft.com")
        ));
        assert_eq!(cmp_folded("adam", "Bob"), Ordering::Less);
        assert_eq!(cmp_folded("ADAM", "adam"), Ordering::Equal);
    }
}
