//! One loaded user as the list keeps it: only what the list shows, filters and sorts on (the
//! properties the list asks Graph for, `LIST_SELECT`), every string sized to fit. A tenant of
//! 100,000 users is 100,000 of these, so each byte counts: `benches/memory.rs` counts them.
//!
//! - The display name, UPN and mail share one allocation (`text`), and their folded search
//!   key another, made only when folding changes the text.
//! - Values many users share (job title, department, user type) are kept once in [`Values`],
//!   with their folded form; a row holds a pointer to each.
//! - The id is 16 bytes when Graph wrote it as a lower-case GUID, as it does.
//!
//! A row is drawn and filtered straight from these; anything else (the detail, the edit form)
//! reads the user from Graph. [`Row::to_user`] gives the row's properties as a partial [`User`].

use std::borrow::{Borrow, Cow};
use std::collections::HashSet;

/// The hasher of the list's sets: seeded per process, much faster than std's `SipHash` on short
/// keys (ids, titles), which showed in a profile of `L`.
pub type FastHash = foldhash::fast::RandomState;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use super::fold::fold;
use super::fold::fold_into;
use crate::graph::{User, UserId};

thread_local! {
    /// A row's folded key, made here first: the row's one block is then sized to hold it
    /// only when it differs from the text.
    static FOLDED: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A user id as the list keeps it: a GUID in 16 bytes when Graph wrote it in its usual form
/// (lower-case, hyphenated), else the text as given, so it always reads back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RowId {
    Guid([u8; 16]),
    Text(Box<str>),
}

impl RowId {
    pub fn of(id: &str) -> RowId {
        match canonical_guid(id) {
            Some(bytes) => RowId::Guid(bytes),
            None => RowId::Text(id.into()),
        }
    }

    pub fn to_user_id(&self) -> UserId {
        match self {
            RowId::Guid(bytes) => uuid::Uuid::from_bytes(*bytes)
                .hyphenated()
                .to_string()
                .into(),
            RowId::Text(text) => UserId::from(&**text),
        }
    }

    /// Heap bytes beyond the enum itself.
    pub fn heap_bytes(&self) -> usize {
        match self {
            RowId::Guid(_) => 0,
            RowId::Text(text) => text.len(),
        }
    }
}

impl From<&UserId> for RowId {
    fn from(id: &UserId) -> Self {
        RowId::of(id.as_str())
    }
}

/// The 16 bytes of a GUID written exactly as `Uuid` writes one back (lower-case, hyphenated),
/// read in one pass: every loaded user's id comes through here.
fn canonical_guid(text: &str) -> Option<[u8; 16]> {
    // A table, not a match: ids are random hex, so a branch per digit mispredicts half the
    // time (it showed in a profile of `L`).
    const DIGITS: [u8; 256] = {
        let mut table = [u8::MAX; 256];
        let mut d = 0;
        while d < 16 {
            table[b"0123456789abcdef"[d] as usize] = d as u8;
            d += 1;
        }
        table
    };
    let digit = |b: u8| Some(DIGITS[usize::from(b)]).filter(|&d| d != u8::MAX);
    let bytes: &[u8; 36] = text.as_bytes().try_into().ok()?;
    let mut guid = [0u8; 16];
    let mut at = 0;
    for byte in &mut guid {
        if matches!(at, 8 | 13 | 18 | 23) {
            if bytes[at] != b'-' {
                return None;
            }
            at += 1;
        }
        *byte = digit(bytes[at])? << 4 | digit(bytes[at + 1])?;
        at += 2;
    }
    Some(guid)
}

/// A value many rows share, kept once, with its folded form for the filter and the sort.
#[derive(Debug)]
struct SharedText {
    text: Box<str>,
    /// `None` when folding changes nothing.
    folded: Option<Box<str>>,
}

/// A shared value: one pointer in each row that has it.
#[derive(Clone, Debug)]
pub struct Value(Arc<SharedText>);

impl Value {
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// Lower case without accents, as the filter compares.
    pub fn folded(&self) -> &str {
        self.0.folded.as_deref().unwrap_or(&self.0.text)
    }

    /// What the value holds on the heap: the shared block (two counters, two strings) and
    /// the strings' bytes.
    fn heap_bytes(&self) -> usize {
        2 * size_of::<usize>()
            + size_of::<SharedText>()
            + self.0.text.len()
            + self.0.folded.as_ref().map_or(0, |f| f.len())
    }

    /// Heap blocks: the shared block, the text and the folded text when there is one.
    fn heap_blocks(&self) -> usize {
        2 + usize::from(self.0.folded.is_some())
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.text == other.0.text
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Borrow<str> for Value {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// The shared values of the loaded rows: each distinct job title, department and user type
/// once. Values stay until the list is loaded again from its first page.
#[derive(Clone, Debug, Default)]
pub struct Values {
    set: HashSet<Value, FastHash>,
    /// The same, in the order they were made: what a page made is the tail from the count
    /// before it (`since`).
    made: Vec<Value>,
}

impl Values {
    /// The shared value for `text`, made on first use.
    pub fn get(&mut self, text: &str) -> Value {
        if let Some(value) = self.set.get(text) {
            return value.clone();
        }
        let folded = fold(text);
        let value = Value(Arc::new(SharedText {
            folded: (folded != text).then(|| folded.into_boxed_str()),
            text: text.into(),
        }));
        self.keep(&value);
        value
    }

    fn keep(&mut self, value: &Value) {
        self.set.insert(value.clone());
        self.made.push(value.clone());
    }

    /// Takes `value` (another list's, or a page's) as this text's value, unless these have
    /// one already: rows may then hold either, which compare equal.
    pub fn adopt(&mut self, value: &Value) {
        if !self.set.contains(value.as_str()) {
            self.keep(value);
        }
    }

    /// The values made after the first `count`.
    pub fn since(&self, count: usize) -> &[Value] {
        self.made.get(count..).unwrap_or_default()
    }

    pub fn clear(&mut self) {
        self.set.clear();
        self.made.clear();
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Heap bytes of the values and of their table and list.
    pub fn heap_bytes(&self) -> usize {
        self.set.iter().map(Value::heap_bytes).sum::<usize>()
            + table_bytes::<Value>(self.set.capacity())
            + self.made.capacity() * size_of::<Value>()
    }

    /// Heap blocks of the values and their table and list.
    pub fn heap_blocks(&self) -> usize {
        self.set.iter().map(Value::heap_blocks).sum::<usize>() + 2
    }
}

/// Bytes of a `HashSet<T>` (hashbrown) table with room for `capacity`: a power of two of
/// buckets of at least `capacity * 8 / 7`, one `T` and one control byte each, and a group of
/// control bytes more.
pub fn table_bytes<T>(capacity: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    let buckets = if capacity < 8 {
        if capacity < 4 { 4 } else { 8 }
    } else {
        (capacity * 8 / 7).next_power_of_two()
    };
    buckets * (size_of::<T>() + 1) + 16
}

const HAS_NAME: u8 = 1;
const HAS_UPN: u8 = 1 << 1;
const HAS_MAIL: u8 = 1 << 2;
const ENABLED_KNOWN: u8 = 1 << 3;
const ENABLED: u8 = 1 << 4;
const GUEST: u8 = 1 << 5;
const SYNC_KNOWN: u8 = 1 << 6;
const SYNCED: u8 = 1 << 7;

/// A value a row keeps in [`Values`]: job title and department always, the others when a
/// column shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    JobTitle,
    Department,
    Company,
    Office,
    City,
    Country,
    UsageLocation,
}

/// The properties only some columns show (`c` chooses): a row has them only when Graph sent
/// one of them, so a list without those columns pays one empty pointer a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Extra {
    employee_id: Option<Box<str>>,
    company_name: Option<Value>,
    office_location: Option<Value>,
    city: Option<Value>,
    country: Option<Value>,
    usage_location: Option<Value>,
}

impl Extra {
    /// The extra properties of `user`; `None` when it has none of them.
    fn of(user: &Fields<'_>, values: &mut Values) -> Option<Box<Extra>> {
        let mut shared = |v: &Option<Cow<'_, str>>| v.as_deref().map(|t| values.get(t));
        let extra = Extra {
            employee_id: user.employee_id.as_deref().map(Box::from),
            company_name: shared(&user.company_name),
            office_location: shared(&user.office_location),
            city: shared(&user.city),
            country: shared(&user.country),
            usage_location: shared(&user.usage_location),
        };
        (extra != Extra::default()).then(|| Box::new(extra))
    }

    /// Heap bytes the row holds alone for these: the box and the employee id.
    fn heap_bytes(&self) -> usize {
        size_of::<Extra>() + self.employee_id.as_ref().map_or(0, |e| e.len())
    }

    fn heap_blocks(&self) -> usize {
        1 + usize::from(self.employee_id.is_some())
    }
}

/// One loaded user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    id: RowId,
    /// Display name, UPN (the id when Graph sent none) and mail, one after the other with a
    /// `\n` between them; then, from `key_at`, the same folded field by field (`fold` turns
    /// any line break inside a field into a space, so `\n` only separates fields). One block
    /// for both: a row is one allocation.
    text: Box<str>,
    /// Where the UPN and the mail start in `text`.
    upn_at: u32,
    mail_at: u32,
    /// Where the folded key starts in `text`; 0 when folding changes nothing (the key is
    /// then the text itself).
    key_at: u32,
    job_title: Option<Value>,
    department: Option<Value>,
    user_type: Option<Value>,
    /// When the account was created (the tenant overview counts accounts by month).
    created: Option<DateTime<Utc>>,
    /// The properties of the columns beyond the list's own, when Graph sent any.
    extra: Option<Box<Extra>>,
    flags: u8,
}

/// A user's list properties as read from Graph, borrowed: from a decoded [`User`], or straight
/// from a page's bytes (`decode.rs`, where a string without escapes is not copied). A row is
/// made from these; a property the list adds is one more field here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields<'a> {
    pub id: Cow<'a, str>,
    pub display_name: Option<Cow<'a, str>>,
    pub user_principal_name: Option<Cow<'a, str>>,
    pub mail: Option<Cow<'a, str>>,
    pub job_title: Option<Cow<'a, str>>,
    pub department: Option<Cow<'a, str>>,
    pub user_type: Option<Cow<'a, str>>,
    pub account_enabled: Option<bool>,
    pub created: Option<DateTime<Utc>>,
    // The columns Graph sends only when they are chosen (`Extra`).
    pub employee_id: Option<Cow<'a, str>>,
    pub company_name: Option<Cow<'a, str>>,
    pub office_location: Option<Cow<'a, str>>,
    pub city: Option<Cow<'a, str>>,
    pub country: Option<Cow<'a, str>>,
    pub usage_location: Option<Cow<'a, str>>,
    pub on_premises_sync_enabled: Option<bool>,
}

impl<'a> Fields<'a> {
    /// The list's properties of `user`, borrowed.
    pub fn of(user: &'a User) -> Fields<'a> {
        let text = |v: &'a Option<String>| v.as_deref().map(Cow::Borrowed);
        Fields {
            id: Cow::Borrowed(user.id.as_str()),
            display_name: text(&user.display_name),
            user_principal_name: text(&user.user_principal_name),
            mail: text(&user.mail),
            job_title: text(&user.job_title),
            department: text(&user.department),
            user_type: text(&user.user_type),
            account_enabled: user.account_enabled,
            created: user.created_date_time,
            employee_id: text(&user.employee_id),
            company_name: text(&user.company_name),
            office_location: text(&user.office_location),
            city: text(&user.city),
            country: text(&user.country),
            usage_location: text(&user.usage_location),
            on_premises_sync_enabled: user.on_premises_sync_enabled,
        }
    }

    /// As `User::is_guest`: userType `Guest`, or `#EXT#` in the UPN (the id without one).
    fn is_guest(&self) -> bool {
        const EXT: &[u8] = b"#EXT#";
        let upn = self.user_principal_name.as_deref().unwrap_or(&self.id);
        self.user_type.as_deref() == Some("Guest")
            || upn
                .as_bytes()
                .windows(EXT.len())
                .any(|w| w.eq_ignore_ascii_case(EXT))
    }
}

impl Row {
    /// The row for `user`, its shared values taken from (or added to) `values`.
    pub fn new(user: &User, values: &mut Values) -> Row {
        Row::from_fields(&Fields::of(user), values)
    }

    /// The row for a user's list properties.
    pub fn from_fields(user: &Fields<'_>, values: &mut Values) -> Row {
        let name = user.display_name.as_deref();
        let upn = user.user_principal_name.as_deref();
        let mail = user.mail.as_deref();
        let fields = [
            name.unwrap_or_default(),
            upn.unwrap_or(&user.id),
            mail.unwrap_or_default(),
        ];
        let upn_at = fields[0].len() + 1;
        let mail_at = upn_at + fields[1].len() + 1;
        let shown = mail_at + fields[2].len();
        let text = FOLDED.with_borrow_mut(|key| {
            key.clear();
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    key.push('\n');
                }
                fold_into(key, field);
            }
            // The key as a whole against the text as a whole, piece by piece.
            let k = key.as_bytes();
            let same = k.len() == shown
                && k[..upn_at - 1] == *fields[0].as_bytes()
                && k[upn_at..mail_at - 1] == *fields[1].as_bytes()
                && k[mail_at..] == *fields[2].as_bytes()
                && k[upn_at - 1] == b'\n'
                && k[mail_at - 1] == b'\n';
            // Sized once, so the box takes the string's block as it is.
            let mut text = String::with_capacity(shown + if same { 0 } else { key.len() });
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(field);
            }
            if !same {
                text.push_str(key);
            }
            text
        });
        let key_at = if text.len() > shown { shown } else { 0 };
        let mut flags = 0;
        for (present, flag) in [
            (name.is_some(), HAS_NAME),
            (upn.is_some(), HAS_UPN),
            (mail.is_some(), HAS_MAIL),
            (user.account_enabled.is_some(), ENABLED_KNOWN),
            (user.account_enabled == Some(true), ENABLED),
            (user.is_guest(), GUEST),
            (user.on_premises_sync_enabled.is_some(), SYNC_KNOWN),
            (user.on_premises_sync_enabled == Some(true), SYNCED),
        ] {
            if present {
                flags |= flag;
            }
        }
        let mut shared = |v: &Option<Cow<'_, str>>| v.as_deref().map(|t| values.get(t));
        Row {
            id: RowId::of(&user.id),
            text: text.into_boxed_str(),
            upn_at: upn_at as u32,
            mail_at: mail_at as u32,
            key_at: key_at as u32,
            job_title: shared(&user.job_title),
            department: shared(&user.department),
            user_type: shared(&user.user_type),
            created: user.created,
            extra: Extra::of(user, values),
            flags,
        }
    }

    /// The row's properties as a `User`; every other property is unset.
    pub fn to_user(&self) -> User {
        let own = |flag: u8, text: &str| (self.flags & flag != 0).then(|| text.to_owned());
        let shared = |v: &Option<Value>| v.as_ref().map(|v| v.as_str().to_owned());
        let text = |v: Option<&Value>| v.map(|v| v.as_str().to_owned());
        User {
            id: self.id.to_user_id(),
            display_name: own(HAS_NAME, self.name()),
            user_principal_name: own(HAS_UPN, self.upn()),
            mail: own(HAS_MAIL, self.mail_text()),
            job_title: shared(&self.job_title),
            department: shared(&self.department),
            user_type: shared(&self.user_type),
            account_enabled: self.account_enabled(),
            created_date_time: self.created,
            on_premises_sync_enabled: self.on_premises_sync_enabled(),
            employee_id: self.employee_id().map(str::to_owned),
            company_name: text(self.shared_value(Shared::Company)),
            office_location: text(self.shared_value(Shared::Office)),
            city: text(self.shared_value(Shared::City)),
            country: text(self.shared_value(Shared::Country)),
            usage_location: text(self.shared_value(Shared::UsageLocation)),
            ..User::default()
        }
    }

    /// A shared value of the row.
    pub fn shared(&self, which: Shared) -> Option<&Value> {
        self.shared_value(which)
    }

    fn shared_value(&self, which: Shared) -> Option<&Value> {
        let extra = || self.extra.as_deref();
        match which {
            Shared::JobTitle => self.job_title.as_ref(),
            Shared::Department => self.department.as_ref(),
            Shared::Company => extra()?.company_name.as_ref(),
            Shared::Office => extra()?.office_location.as_ref(),
            Shared::City => extra()?.city.as_ref(),
            Shared::Country => extra()?.country.as_ref(),
            Shared::UsageLocation => extra()?.usage_location.as_ref(),
        }
    }

    pub fn employee_id(&self) -> Option<&str> {
        self.extra.as_deref()?.employee_id.as_deref()
    }

    /// Synced from an on-premises directory; `None` when Graph says null (never synced) or
    /// was not asked.
    pub fn on_premises_sync_enabled(&self) -> Option<bool> {
        (self.flags & SYNC_KNOWN != 0).then_some(self.flags & SYNCED != 0)
    }

    pub fn row_id(&self) -> &RowId {
        &self.id
    }

    pub fn id(&self) -> UserId {
        self.id.to_user_id()
    }

    fn name(&self) -> &str {
        self.text
            .get(..self.upn_at as usize - 1)
            .unwrap_or_default()
    }

    fn mail_text(&self) -> &str {
        self.text
            .get(self.mail_at as usize..self.shown_len())
            .unwrap_or_default()
    }

    /// Where the shown text ends in `text` (the folded key may follow).
    fn shown_len(&self) -> usize {
        match self.key_at {
            0 => self.text.len(),
            at => at as usize,
        }
    }

    pub fn display_name(&self) -> Option<&str> {
        (self.flags & HAS_NAME != 0).then(|| self.name())
    }

    /// The UPN as Graph sent it (`None` when it sent none).
    pub fn user_principal_name(&self) -> Option<&str> {
        (self.flags & HAS_UPN != 0).then(|| self.upn())
    }

    /// The UPN, or the id when Graph sent none (as `User::upn`).
    pub fn upn(&self) -> &str {
        self.text
            .get(self.upn_at as usize..self.mail_at as usize - 1)
            .unwrap_or_default()
    }

    /// The name to show: display name, else UPN, else id (as `User::label`).
    pub fn label(&self) -> &str {
        match self.name() {
            "" => self.upn(),
            name => name,
        }
    }

    pub fn mail(&self) -> Option<&str> {
        (self.flags & HAS_MAIL != 0).then(|| self.mail_text())
    }

    pub fn job_title(&self) -> Option<&str> {
        self.job_title.as_ref().map(Value::as_str)
    }

    pub fn department(&self) -> Option<&str> {
        self.department.as_ref().map(Value::as_str)
    }

    pub fn user_type(&self) -> Option<&str> {
        self.user_type.as_ref().map(Value::as_str)
    }

    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created
    }

    pub fn account_enabled(&self) -> Option<bool> {
        (self.flags & ENABLED_KNOWN != 0).then_some(self.flags & ENABLED != 0)
    }

    /// A B2B guest (as `User::is_guest`).
    pub fn is_guest(&self) -> bool {
        self.flags & GUEST != 0
    }

    /// Display name, UPN and mail folded, separated by `\n`.
    pub fn folded(&self) -> &str {
        self.text.get(self.key_at as usize..).unwrap_or_default()
    }

    /// The folded display name (the UPN when there is none), UPN and mail, for the sort.
    pub fn folded_fields(&self) -> (&str, &str, &str) {
        let mut parts = self.folded().splitn(3, '\n');
        let mut next = || parts.next().unwrap_or_default();
        let (name, upn, mail) = (next(), next(), next());
        (if name.is_empty() { upn } else { name }, upn, mail)
    }

    pub fn folded_title(&self) -> &str {
        self.job_title.as_ref().map_or("", Value::folded)
    }

    pub fn folded_department(&self) -> &str {
        self.department.as_ref().map_or("", Value::folded)
    }

    /// Whether a folded word is found in any field the filter searches.
    pub fn has(&self, word: &str) -> bool {
        self.folded().contains(word)
            || self.folded_title().contains(word)
            || self.folded_department().contains(word)
    }

    /// Heap bytes of display name, UPN and mail.
    pub fn text_bytes(&self) -> usize {
        self.shown_len()
    }

    /// Heap bytes the row holds alone: its text, its key and an id that is not a GUID (its
    /// shared values are counted in [`Values`]).
    pub fn heap_bytes(&self) -> usize {
        self.text.len() + self.id.heap_bytes() + self.extra.as_ref().map_or(0, |e| e.heap_bytes())
    }

    /// Heap blocks the row holds alone (1 to 4).
    pub fn heap_blocks(&self) -> usize {
        1 + usize::from(matches!(self.id, RowId::Text(_)))
            + self.extra.as_ref().map_or(0, |e| e.heap_blocks())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn a_row_gives_back_what_the_list_holds() {
        let mut values = Values::default();
        for user in fixtures::users() {
            let row = Row::new(&user, &mut values);
            let back = row.to_user();
            assert_eq!(back.id, user.id);
            assert_eq!(back.display_name, user.display_name);
            assert_eq!(back.user_principal_name, user.user_principal_name);
            assert_eq!(back.mail, user.mail);
            assert_eq!(back.job_title, user.job_title);
            assert_eq!(back.department, user.department);
            assert_eq!(back.user_type, user.user_type);
            assert_eq!(back.account_enabled, user.account_enabled);
            assert_eq!(back.created_date_time, user.created_date_time);
            assert_eq!(row.label(), user.label());
            assert_eq!(row.upn(), user.upn());
            assert_eq!(row.is_guest(), user.is_guest());
            assert_eq!(Row::new(&back, &mut values), row);
        }
    }

    #[test]
    fn ids_are_kept_as_guids_when_they_read_back_the_same() {
        let guid = "3f1c9e2a-77b4-4c1e-9d0a-5b6e8f2a1c3d";
        assert!(matches!(RowId::of(guid), RowId::Guid(_)));
        assert_eq!(RowId::of(guid).to_user_id().as_str(), guid);
        for other in [
            "3F1C9E2A-77B4-4C1E-9D0A-5B6E8F2A1C3D",
            "{3f1c9e2a-77b4-4c1e-9d0a-5b6e8f2a1c3d}",
            "3f1c9e2a77b44c1e9d0a5b6e8f2a1c3d",
            "1",
            "",
        ] {
            assert_eq!(RowId::of(other), RowId::Text(other.into()), "{other}");
            assert_eq!(RowId::of(other).to_user_id().as_str(), other);
        }
    }

    #[test]
    fn unset_and_empty_stay_apart_and_a_user_without_upn_shows_its_id() {
        let mut values = Values::default();
        let user = User {
            id: "7".into(),
            display_name: Some(String::new()),
            mail: None,
            account_enabled: None,
            ..User::default()
        };
        let row = Row::new(&user, &mut values);
        assert_eq!(row.display_name(), Some(""));
        assert_eq!((row.mail(), row.upn(), row.label()), (None, "7", "7"));
        assert_eq!(row.account_enabled(), None);
        assert_eq!(row.to_user(), user);
    }

    #[test]
    fn the_key_is_made_only_when_folding_changes_the_text_and_line_breaks_stay_fields() {
        let mut values = Values::default();
        let mut plain = fixtures::user(1, "ada lovelace", "ada");
        plain.mail = Some("ada@contoso.com".into());
        let row = Row::new(&plain, &mut values);
        assert_eq!(row.key_at, 0, "nothing to fold");
        assert_eq!(
            row.folded_fields(),
            (
                "ada lovelace",
                "ada@contoso.onmicrosoft.com",
                "ada@contoso.com"
            )
        );
        let mut odd = fixtures::user(2, "José\nMüller", "jose");
        odd.mail = None;
        let row = Row::new(&odd, &mut values);
        assert_eq!(
            row.label(),
            "José\nMüller",
            "shown as given (cleaned when drawn)"
        );
        assert_eq!(
            row.folded_fields(),
            ("jose muller", "jose@contoso.onmicrosoft.com", "")
        );
        // A typed word holds no line break, so it never spans two fields.
        assert!(!row.has(&fold("muller\njose@contoso")));
        assert!(row.has("muller") && row.has("jose@contoso"));
    }

    #[test]
    fn shared_values_are_kept_once() {
        let mut values = Values::default();
        let rows: Vec<Row> = listed(fixtures::many_users(0, 50))
            .iter()
            .map(|u| Row::new(u, &mut values))
            .collect();
        // Engineer, Research, Member.
        assert_eq!(values.len(), 3);
        let a = rows[0].job_title.as_ref().unwrap();
        let b = rows[49].job_title.as_ref().unwrap();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(rows[0].folded_title(), "engineer");
    }

    #[test]
    fn a_loaded_row_costs_a_few_hundred_bytes() {
        let mut list = crate::screens::user_list::UserList::default();
        for from in (0..10_000).step_by(999) {
            list.append_users(listed(fixtures::many_users(from, 999.min(10_000 - from))));
        }
        let memory = list.memory();
        assert_eq!((memory.rows, memory.distinct_values), (10_000, 3));
        let per_row = memory.total() / memory.rows;
        // With the vector's slack; 100,000 such rows stay well under the 60 MiB budget.
        assert!(per_row < 400, "{per_row} bytes per row: {memory:?}");
        // Every extra column shown: the shared values stay shared, the employee id is the
        // row's own.
        let mut wide = crate::screens::user_list::UserList::default();
        for from in (0..10_000).step_by(999) {
            wide.append_users(fixtures::many_users(from, 999.min(10_000 - from)));
        }
        let memory = wide.memory();
        let extra = memory.total() / memory.rows - per_row;
        assert!(extra <= 80, "{extra} bytes more a row: {memory:?}");
    }

    /// Users as the list reads them by default: `LIST_SELECT` only.
    fn listed(users: Vec<User>) -> Vec<User> {
        users
            .into_iter()
            .map(|u| User {
                id: u.id,
                display_name: u.display_name,
                user_principal_name: u.user_principal_name,
                mail: u.mail,
                job_title: u.job_title,
                department: u.department,
                user_type: u.user_type,
                account_enabled: u.account_enabled,
                created_date_time: u.created_date_time,
                ..User::default()
            })
            .collect()
    }

    #[test]
    fn extra_columns_cost_nothing_until_graph_sends_them_and_read_back() {
        let mut values = Values::default();
        let mut user = fixtures::user(1, "Ada Lovelace", "ada");
        user.on_premises_sync_enabled = Some(true);
        let row = Row::new(&user, &mut values);
        assert_eq!(row.employee_id(), Some("E00001"));
        assert_eq!(row.shared(Shared::City).map(Value::as_str), Some("Redmond"));
        assert_eq!(row.on_premises_sync_enabled(), Some(true));
        assert_eq!(row.to_user().company_name, user.company_name);
        assert_eq!(row.to_user().usage_location.as_deref(), Some("US"));
        let plain = Row::new(&listed(vec![user])[0], &mut values);
        assert!(plain.extra.is_none());
        assert_eq!(plain.on_premises_sync_enabled(), None);
    }
}
