//! Strong initial passwords for new users, and the Entra ID cloud password policy as a check the
//! form can run while the admin types (so a weak password is refused before Graph refuses it).

use rand::Rng;
use rand::seq::SliceRandom;

/// Length of generated passwords: ~97 bits of entropy from a 70-symbol alphabet, well inside
/// Entra's 8..=256 limit and still short enough to read out over the phone.
pub const GENERATED_LENGTH: usize = 16;

// Look-alikes (0/O, 1/l/I) are left out: the password is read off a screen and retyped.
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS: &[u8] = b"23456789";
// Symbols Entra accepts that are also harmless in shells, URLs and chat: no quotes, no
// backslash, no brackets, no space.
const SYMBOLS: &[u8] = b"!#$%&*+-=?@^_~";

/// A random password with at least one character of each class (lower, upper, digit, symbol)
/// and no look-alike characters. The caller supplies a cryptographically seeded generator
/// (`rand::rng()`); tests pass a seeded one.
pub fn generate(rng: &mut impl Rng) -> String {
    let classes = [LOWER, UPPER, DIGITS, SYMBOLS];
    let all: Vec<u8> = classes.concat();
    let mut chars: Vec<u8> = classes.iter().map(|class| pick(rng, class)).collect();
    while chars.len() < GENERATED_LENGTH {
        chars.push(pick(rng, &all));
    }
    // The guaranteed characters were pushed first; shuffle so their positions are not fixed.
    chars.shuffle(rng);
    chars.into_iter().map(char::from).collect()
}

fn pick(rng: &mut impl Rng, class: &[u8]) -> u8 {
    class[rng.random_range(0..class.len())]
}

/// Why Entra's cloud password policy would refuse `password`, or `None` if it would not.
///
/// The policy: 8 to 256 characters, ASCII letters, digits, symbols and spaces only, and at
/// least three of the four classes lowercase, uppercase, digit and symbol. Entra also rejects
/// passwords containing the user's name and banned words; that is checked only by Graph.
pub fn complexity_problem(password: &str) -> Option<&'static str> {
    let length = password.chars().count();
    if length < 8 {
        return Some("too short: use at least 8 characters");
    }
    if length > 256 {
        return Some("too long: use at most 256 characters");
    }
    if password
        .chars()
        .any(|c| !(c == ' ' || c.is_ascii_graphic()))
    {
        return Some("use only ASCII letters, digits, symbols and spaces");
    }
    let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
    let classes = [
        has(char::is_ascii_lowercase),
        has(char::is_ascii_uppercase),
        has(char::is_ascii_digit),
        has(|c| c.is_ascii_punctuation() || *c == ' '),
    ];
    if classes.iter().filter(|&&present| present).count() < 3 {
        return Some("needs 3 of: lowercase, uppercase, digit, symbol");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn thousand_generated_passwords_pass_the_policy_and_avoid_look_alikes() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for _ in 0..1000 {
            let password = generate(&mut rng);
            assert_eq!(password.chars().count(), GENERATED_LENGTH);
            assert_eq!(complexity_problem(&password), None, "{password}");
            assert!(
                password.chars().any(|c| c.is_ascii_lowercase()),
                "{password}"
            );
            assert!(
                password.chars().any(|c| c.is_ascii_uppercase()),
                "{password}"
            );
            assert!(password.chars().any(|c| c.is_ascii_digit()), "{password}");
            assert!(
                password.chars().any(|c| c.is_ascii_punctuation()),
                "{password}"
            );
            assert!(!password.contains(['0', 'O', 'l', '1', 'I']), "{password}");
        }
    }

    #[test]
    fn generated_passwords_differ() {
        let mut rng = rand::rng();
        assert_ne!(generate(&mut rng), generate(&mut rng));
    }

    #[test]
    fn policy_length_limits() {
        assert!(complexity_problem("Ab1!").unwrap().contains("short"));
        assert_eq!(complexity_problem("Abcdef1!"), None);
        let long = format!("Ab1!{}", "x".repeat(252));
        assert_eq!(complexity_problem(&long), None);
        let too_long = format!("{long}x");
        assert!(complexity_problem(&too_long).unwrap().contains("long"));
    }

    #[test]
    fn policy_needs_three_classes() {
        assert!(complexity_problem("abcdefgh").is_some());
        assert!(complexity_problem("abcdEFGH").is_some());
        assert_eq!(complexity_problem("abcdEF12"), None);
        assert_eq!(complexity_problem("abcd12!!"), None);
        assert_eq!(
            complexity_problem("ABCD12 x"),
            None,
            "space counts as a symbol"
        );
        assert!(complexity_problem("12345678").unwrap().contains("3 of"));
    }

    #[test]
    fn policy_refuses_non_ascii() {
        assert!(complexity_problem("Pässwort1!").unwrap().contains("ASCII"));
        assert!(complexity_problem("Abc\tdef12").is_some());
    }
}
