//! The folded text `$search` reads, for every user, side by side in one buffer: the display
//! name's search tokens, the userPrincipalName and the mail, each folded once when the user is
//! stored or changed. Counting the matches of a search over 100k users is then one pass over
//! a few megabytes, instead of following three pointers per user into the heap.

use crate::directory::user::User;
use crate::odata::search::{Keys, push_name_tokens};

/// Where one user's keys are in the buffer: start, then the lengths of name, UPN and mail
/// (`NO_MAIL` when the user has none).
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    name: u32,
    upn: u32,
    mail: u32,
}

const NO_MAIL: u32 = u32::MAX;

/// The keys of every stored user (live or deleted), by seq.
#[derive(Default)]
pub(crate) struct SearchKeys {
    text: String,
    spans: Vec<Option<Span>>,
    /// Bytes of `text` no span points at any more (changed or removed users).
    garbage: usize,
}

impl SearchKeys {
    /// Makes (or remakes) the keys of `user`.
    pub(crate) fn set(&mut self, user: &User) {
        self.remove(user.seq);
        let start = self.text.len();
        push_name_tokens(&mut self.text, user.display_name());
        let name = self.text.len();
        self.text
            .extend(user.upn().chars().flat_map(char::to_lowercase));
        let upn = self.text.len();
        let mail = match user.text(crate::directory::schema::Prop::Mail) {
            Some(mail) => {
                self.text.extend(mail.chars().flat_map(char::to_lowercase));
                len32(self.text.len() - upn)
            }
            None => NO_MAIL,
        };
        let span = Span {
            start: len32(start),
            name: len32(name - start),
            upn: len32(upn - name),
            mail,
        };
        let slot = usize::try_from(user.seq).unwrap_or(usize::MAX);
        if self.spans.len() <= slot {
            self.spans.resize(slot + 1, None);
        }
        self.spans[slot] = Some(span);
    }

    /// Forgets the keys of user `seq`; the buffer is compacted once half of it is stale.
    pub(crate) fn remove(&mut self, seq: u64) {
        let slot = usize::try_from(seq).unwrap_or(usize::MAX);
        let Some(old) = self.spans.get_mut(slot).and_then(Option::take) else {
            return;
        };
        self.garbage += old.len();
        if self.garbage > 4096 && self.garbage * 2 > self.text.len() {
            self.compact();
        }
    }

    pub(crate) fn get(&self, seq: u64) -> Option<Keys<'_>> {
        let span = (*self.spans.get(usize::try_from(seq).ok()?)?)?;
        let text = |from: usize, len: u32| self.text.get(from..from + len as usize);
        let start = span.start as usize;
        let upn_at = start + span.name as usize;
        let mail_at = upn_at + span.upn as usize;
        Some(Keys {
            name: text(start, span.name)?,
            upn: text(upn_at, span.upn)?,
            mail: match span.mail {
                NO_MAIL => None,
                len => Some(text(mail_at, len)?),
            },
        })
    }

    fn compact(&mut self) {
        let mut text = String::with_capacity(self.text.len() - self.garbage);
        for span in self.spans.iter_mut().flatten() {
            let start = span.start as usize;
            let piece = self.text.get(start..start + span.len()).unwrap_or_default();
            span.start = len32(text.len());
            text.push_str(piece);
        }
        self.text = text;
        self.garbage = 0;
    }
}

impl Span {
    fn len(&self) -> usize {
        let mail = if self.mail == NO_MAIL { 0 } else { self.mail };
        (self.name + self.upn + mail) as usize
    }
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::schema::Prop;
    use crate::directory::user::Cell;

    fn user(seq: u64, name: &str, upn: &str, mail: Option<&str>) -> User {
        let mut u = User::new("6e2f7c4a-0b1d-4c8e-9f3a-2d5b7e9c1a04");
        u.seq = seq;
        u.set(Prop::DisplayName, Cell::str(name));
        u.set(Prop::UserPrincipalName, Cell::str(upn));
        if let Some(mail) = mail {
            u.set(Prop::Mail, Cell::str(mail));
        }
        u
    }

    #[test]
    fn keys_are_folded_kept_by_seq_and_survive_compaction() {
        let mut keys = SearchKeys::default();
        keys.set(&user(1, "Zoë O'Brien", "Zoe.OBrien@Contoso.com", None));
        keys.set(&user(3, "山田 太郎", "taro@x.com", Some("Taro@X.com")));
        let zoe = keys.get(1).unwrap();
        assert_eq!(zoe.name, "\u{1}zoë\u{1}o\u{1}'\u{1}brien\u{1}obrien");
        assert_eq!((zoe.upn, zoe.mail), ("zoe.obrien@contoso.com", None));
        assert_eq!(keys.get(3).unwrap().mail, Some("taro@x.com"));
        assert!(keys.get(2).is_none() && keys.get(99).is_none());
        // Many changes: the stale text is dropped and every key still reads right.
        for n in 0..2000 {
            keys.set(&user(1, &format!("Name {n}"), "a@b.c", Some("M@b.c")));
        }
        assert!(keys.text.len() < 8192, "{} bytes", keys.text.len());
        assert_eq!(keys.get(1).unwrap().name, "\u{1}name\u{1}1999");
        assert_eq!(keys.get(3).unwrap().upn, "taro@x.com");
        keys.remove(3);
        assert!(keys.get(3).is_none());
    }
}
