//! The demo tenant's users: deterministic from a seed, realistic (names across scripts,
//! departments, phones, guests, disabled accounts) and with a few deliberately awkward
//! entries that trip up naive clients. 100k users take well under a second in release.
//!
//! - `demo`: the tenant's fixed identity (tenant id, domains, app registrations).
//! - `names`: the name and place tables the users are drawn from.
//! - `awkward`: the hand-written users that come first in every tenant.
//! - `admins`: the users who hold admin directory roles, right after them.
//! - `relations`: managers, groups and directory roles, licences and sign-in activity.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::directory::schema::Prop;
use crate::directory::store::Store;
use crate::directory::user::{Cell, Password, User};

mod admins;
mod awkward;
pub mod demo;
mod names;
pub(crate) mod relations;

use admins::{ADMINS, Admin};
use awkward::AWKWARD;
use demo::Tenant;
use names::{COMPANIES, CULTURES, Culture, DEPARTMENTS, GUEST_DOMAINS};

/// Contoso (the default tenant) with `count` users generated from `seed`, whose sign-ins are
/// recent as of `now`.
#[cfg(test)]
pub(crate) fn tenant(count: usize, seed: u64, now: DateTime<Utc>) -> Store {
    tenant_of(&demo::CONTOSO, count, seed, now)
}

/// The directory of `def`: `count` users generated from `seed`. Its members sign in with its
/// default domain (a tenth with its initial one); Contoso's hand-written awkward users and
/// admins come first.
pub(crate) fn tenant_of(
    def: &'static Tenant,
    count: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Store {
    let mut maker = Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        upns: HashSet::with_capacity(count),
        suffixes: HashMap::new(),
        total_weight: CULTURES.iter().map(|c| c.weight).sum(),
        custom_domain: def.default_domain,
        initial_domain: def.initial_domain,
    };
    let mut store = Store::with_capacity(count, def);
    let groups = relations::add_groups(&mut store);
    let mut activity = relations::Activity::new(seed, now);
    let mut ids: Vec<Box<str>> = Vec::with_capacity(count);
    for i in 0..count {
        let (awkward, admin) = if def.awkward {
            let admin = i.checked_sub(AWKWARD.len()).and_then(|k| ADMINS.get(k));
            (AWKWARD.get(i), admin)
        } else {
            (None, None)
        };
        let mut user = match (awkward, admin) {
            (Some(awkward), _) => maker.awkward(i, awkward),
            (None, Some(admin)) => maker.admin(admin),
            (None, None) => maker.random_user(),
        };
        relations::relate(&mut user, i, &ids, &groups);
        user.licenses = activity.licenses(&user);
        user.sign_ins = activity.sign_ins(&user);
        ids.push(user.id.clone());
        store.insert(user);
    }
    store.forget_history();
    store
}

struct Generator {
    rng: ChaCha8Rng,
    /// Every UPN handed out, lower-cased.
    upns: HashSet<String>,
    /// The next numeric suffix to try per `base@domain`.
    suffixes: HashMap<String, u32>,
    total_weight: u32,
    /// The domain most members sign in with.
    custom_domain: &'static str,
    /// The `*.onmicrosoft.com` domain: the rest of the members, and every guest.
    initial_domain: &'static str,
}

/// `native|roman` → (native, roman); Latin names romanize by dropping accents.
fn split_name(entry: &'static str) -> (&'static str, String) {
    match entry.split_once('|') {
        Some((native, roman)) => (native, roman.to_owned()),
        None => (entry, ascii(entry)),
    }
}

/// Folds the accented Latin letters used in the tables to ASCII.
pub(crate) fn ascii(text: &str) -> String {
    const MAP: &[(&str, &str)] = &[
        ("àáâãäåāăąạảấầẩẫậắằẳẵặ", "a"),
        ("æ", "ae"),
        ("çćč", "c"),
        ("ďđð", "d"),
        ("èéêëēęěẹẻẽếềểễệ", "e"),
        ("ğ", "g"),
        ("ìíîïıīĩỉị", "i"),
        ("łľ", "l"),
        ("ñńň", "n"),
        ("òóôõöøōőơọỏốồổỗộớờởỡợ", "o"),
        ("œ", "oe"),
        ("řŕ", "r"),
        ("śšş", "s"),
        ("ß", "ss"),
        ("ťţ", "t"),
        ("þ", "th"),
        ("ùúûüūůűũưụủứừửữự", "u"),
        ("ýÿỳỵỷỹ", "y"),
        ("źżž", "z"),
    ];
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            out.push(c);
        } else if let Some((_, to)) = MAP.iter().find(|(from, _)| from.contains(c)) {
            out.push_str(to);
        }
    }
    out
}

/// The alias part of a UPN: lower-case ASCII letters, digits, `'`, `-`; spaces dropped.
fn alias_part(roman: &str) -> String {
    ascii(roman)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '\'' || *c == '-')
        .collect()
}

impl Generator {
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn culture(&mut self) -> (usize, &'static Culture) {
        let mut roll = self.rng.random_range(0..self.total_weight);
        for (i, c) in CULTURES.iter().enumerate() {
            if roll < c.weight {
                return (i, c);
            }
            roll -= c.weight;
        }
        (0, &CULTURES[0])
    }

    fn id(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.random();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// `base@domain`, or `base2@domain`, `base3@…` when taken. A counter per base keeps
    /// this O(1) when thousands of users share a common name.
    fn unique_upn(&mut self, base: &str, domain: &str) -> String {
        let key = format!("{base}@{domain}").to_ascii_lowercase();
        let next = self.suffixes.entry(key).or_insert(1);
        let mut n = *next;
        loop {
            let upn = if n == 1 {
                format!("{base}@{domain}")
            } else {
                format!("{base}{n}@{domain}")
            };
            n += 1;
            if self.upns.insert(upn.to_ascii_lowercase()) {
                *next = n;
                return upn;
            }
        }
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.random_range(0..10u8)))
            .collect()
    }

    /// A creation time between 2015 and mid-2025 (fixed, so the data is reproducible).
    fn created(&mut self) -> DateTime<Utc> {
        let start = Utc
            .with_ymd_and_hms(2015, 3, 1, 8, 0, 0)
            .single()
            .unwrap_or_default();
        let span = 10 * 365 * 24 * 3600;
        start + Duration::seconds(self.rng.random_range(0..span))
    }

    fn awkward(&mut self, i: usize, entry: &(&str, &str, &str, &str, usize)) -> User {
        let (display, given, family, upn, culture) = *entry;
        let culture = &CULTURES[culture.min(CULTURES.len() - 1)];
        let guest = upn.contains("#EXT#");
        let mut user = self.base_user(culture, display, upn);
        // Made by hand in the cloud, to try the app on: never synced.
        user.set(Prop::OnPremisesSyncEnabled, Cell::Null);
        set_text(&mut user, Prop::GivenName, given);
        set_text(&mut user, Prop::Surname, family);
        let nickname = upn.split('@').next().unwrap_or_default().replace('\'', "");
        user.set(Prop::MailNickname, Cell::str(&nickname));
        self.upns.insert(upn.to_ascii_lowercase());
        if upn.starts_with('$') {
            // A service account: no mailbox, no person behind it.
            user.set(Prop::Mail, Cell::Null);
            user.set(Prop::Department, Cell::str("IT"));
            user.set(Prop::JobTitle, Cell::Null);
            user.set(Prop::MobilePhone, Cell::Null);
            user.set(Prop::BusinessPhones, Cell::Null);
            user.set(Prop::EmployeeId, Cell::Null);
            user.set(
                Prop::PasswordPolicies,
                Cell::str("DisablePasswordExpiration"),
            );
        } else if guest {
            self.make_guest(&mut user, "adele.vance", "fabrikam.com");
        } else {
            user.set(Prop::Mail, Cell::str(upn));
        }
        if i == 1 {
            user.set(Prop::JobTitle, Cell::str("Database Administrator"));
        }
        user
    }

    /// A member of IT who holds an admin directory role, enabled.
    fn admin(&mut self, admin: &Admin) -> User {
        let mut user = self.base_user(&CULTURES[0], admin.display, admin.upn);
        // Cloud-only, as Microsoft advises for accounts that hold Entra roles
        // (<https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/best-practices>).
        user.set(Prop::OnPremisesSyncEnabled, Cell::Null);
        user.set(Prop::GivenName, Cell::str(admin.given));
        user.set(Prop::Surname, Cell::str(admin.family));
        let alias = admin.upn.split('@').next().unwrap_or_default();
        user.set(Prop::MailNickname, Cell::str(alias));
        user.set(Prop::Mail, Cell::str(admin.upn));
        user.set(Prop::Department, Cell::str("IT"));
        user.set(Prop::JobTitle, Cell::str(admin.role.display_name()));
        user.set(Prop::AccountEnabled, Cell::Bool(true));
        self.upns.insert(admin.upn.to_ascii_lowercase());
        user.roles = vec![admin.role];
        user
    }

    /// The properties every member gets; `display` and `upn` decided by the caller.
    fn base_user(&mut self, culture: &Culture, display: &str, upn: &str) -> User {
        let mut user = User::new(&self.id());
        user.set(Prop::DisplayName, Cell::str(display));
        user.set(Prop::UserPrincipalName, Cell::str(upn));
        user.set(Prop::AccountEnabled, Cell::Bool(!self.chance(0.05)));
        user.set(Prop::UserType, Cell::str("Member"));
        let created = self.created();
        user.set(Prop::CreatedDateTime, Cell::Date(created));
        let changed = created + Duration::days(self.rng.random_range(0..700));
        user.set(Prop::LastPasswordChangeDateTime, Cell::Date(changed));
        if self.chance(0.6) {
            let hired = created - Duration::days(self.rng.random_range(0..45));
            user.set(Prop::EmployeeHireDate, Cell::Date(hired));
        }
        let (department, titles) = self.pick(DEPARTMENTS);
        user.set(Prop::Department, Cell::str(department));
        let title = self.pick(titles);
        user.set(Prop::JobTitle, Cell::str(title));
        let company = self.pick(COMPANIES);
        user.set(Prop::CompanyName, Cell::str(company));
        // The parent company's accounts come from its on-premises Active Directory through
        // Entra Connect; the labs were set up cloud-only. Graph leaves the property null for
        // accounts never synced (https://learn.microsoft.com/en-us/graph/api/resources/user).
        // Decided by the company, not the random stream, so every other seeded value stays.
        if company == COMPANIES[0] {
            user.set(Prop::OnPremisesSyncEnabled, Cell::Bool(true));
        }
        let city = self.pick(culture.cities);
        user.set(Prop::City, Cell::str(city));
        user.set(Prop::Country, Cell::str(culture.country));
        user.set(Prop::UsageLocation, Cell::str(culture.usage_location));
        user.set(Prop::PreferredLanguage, Cell::str(culture.language));
        let building = self.rng.random_range(1..12);
        let floor = self.rng.random_range(1..9);
        let room = self.rng.random_range(100..400);
        user.set(
            Prop::OfficeLocation,
            Cell::str(&format!("{city} {building}/{floor}.{room}")),
        );
        if self.chance(0.85) {
            let id = self.digits(6);
            user.set(Prop::EmployeeId, Cell::str(&id));
            let kind = if self.chance(0.9) {
                "Employee"
            } else {
                "Contractor"
            };
            user.set(Prop::EmployeeType, Cell::str(kind));
        }
        if self.chance(0.7) {
            let number = format!("{}{} {}", culture.phone, self.digits(3), self.digits(4));
            user.set(Prop::MobilePhone, Cell::str(&number));
        }
        if self.chance(0.8) {
            let number = format!("{}{} {}", culture.phone, self.digits(3), self.digits(4));
            user.set(Prop::BusinessPhones, Cell::strs(&[number]));
        }
        user.password = Some(Password {
            password: format!("Demo-{}!x", self.digits(8)).into(),
            force_change: false,
            force_change_with_mfa: false,
        });
        user
    }

    fn random_user(&mut self) -> User {
        let (_, culture) = self.culture();
        let (given, given_roman) = split_name(self.pick(culture.given));
        let (family, family_roman) = split_name(self.pick(culture.family));
        let display = if culture.family_first {
            format!("{family}{}{given}", culture.separator)
        } else {
            format!("{given}{}{family}", culture.separator)
        };
        let base = format!("{}.{}", alias_part(&given_roman), alias_part(&family_roman));
        let guest = self.chance(0.03);
        let domain = if guest {
            self.pick(GUEST_DOMAINS)
        } else if self.chance(0.9) {
            self.custom_domain
        } else {
            self.initial_domain
        };
        let upn = if guest {
            self.unique_upn(&format!("{base}_{domain}#EXT#"), self.initial_domain)
        } else {
            self.unique_upn(&base, domain)
        };
        let mut user = self.base_user(culture, &display, &upn);
        user.set(Prop::GivenName, Cell::str(given));
        user.set(Prop::Surname, Cell::str(family));
        let alias = upn.split('@').next().unwrap_or_default();
        user.set(Prop::MailNickname, Cell::str(&alias.replace('\'', "")));
        if guest {
            self.make_guest(&mut user, &base, domain);
        } else if self.chance(0.92) {
            user.set(Prop::Mail, Cell::str(&upn));
        }
        user
    }

    /// Turns a member into an invited B2B guest from `domain`.
    fn make_guest(&mut self, user: &mut User, local: &str, domain: &str) {
        let mail = format!("{local}@{domain}");
        user.set(Prop::UserType, Cell::str("Guest"));
        user.set(Prop::Mail, Cell::str(&mail));
        user.set(Prop::OtherMails, Cell::strs(&[&mail]));
        user.set(Prop::CreationType, Cell::str("Invitation"));
        let state = if self.chance(0.8) {
            "Accepted"
        } else {
            "PendingAcceptance"
        };
        user.set(Prop::ExternalUserState, Cell::str(state));
        for prop in [
            Prop::Department,
            Prop::JobTitle,
            Prop::EmployeeId,
            Prop::EmployeeType,
            Prop::EmployeeHireDate,
            Prop::OfficeLocation,
            Prop::CompanyName,
            Prop::MobilePhone,
            Prop::BusinessPhones,
            Prop::OnPremisesSyncEnabled,
        ] {
            user.set(prop, Cell::Null);
        }
    }
}

fn set_text(user: &mut User, prop: Prop, value: &str) {
    let cell = if value.is_empty() {
        Cell::Null
    } else {
        Cell::str(value)
    };
    user.set(prop, cell);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_tenant() {
        let a = tenant(300, 7, Utc::now());
        let b = tenant(300, 7, Utc::now());
        let ids = |s: &Store| {
            s.live()
                .values()
                .map(|u| u.id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&tenant(300, 8, Utc::now())));
        assert_eq!(a.live().len(), 300);
    }

    #[test]
    fn upns_are_unique_ascii_and_awkward_users_exist() {
        let store = tenant(3000, 1, Utc::now());
        let mut seen = HashSet::new();
        for user in store.live().values() {
            let upn = user.upn();
            assert!(upn.is_ascii(), "{upn}");
            assert!(seen.insert(upn.to_ascii_lowercase()), "duplicate {upn}");
            assert!(!user.display_name().is_empty());
        }
        for upn in [
            "sean.o'brien@contoso.com",
            "$svc-backup@lazyentra-demo.onmicrosoft.com",
            "adele.vance_fabrikam.com#EXT#@lazyentra-demo.onmicrosoft.com",
        ] {
            assert!(store.find(upn).is_some(), "{upn}");
        }
        let guests = store
            .live()
            .values()
            .filter(|u| u.text(Prop::UserType) == Some("Guest"))
            .count();
        let disabled = store
            .live()
            .values()
            .filter(|u| matches!(u.cell(Prop::AccountEnabled), Cell::Bool(false)))
            .count();
        assert!((40..160).contains(&guests), "{guests} guests");
        assert!((80..250).contains(&disabled), "{disabled} disabled");
    }

    #[test]
    fn managers_and_groups_are_seeded_deterministically() {
        let store = tenant(40, 3, Utc::now());
        let users: Vec<&User> = store.live().values().collect();
        assert!(users[0].manager.is_none());
        assert!(users[5].manager.is_none());
        assert_eq!(users[7].manager.as_deref(), Some(&*users[1].id));
        assert_eq!(store.direct_reports(&users[0].id).count(), 5);
        assert_eq!(store.groups().len(), 11);
        assert!(users[0].groups.contains(&0));
        assert!(users.iter().any(|u| u.groups.is_empty()));
        assert_eq!(
            store.changes(0, store.version()).len(),
            0,
            "seeding is no change"
        );
    }

    #[test]
    fn admins_follow_the_awkward_users_with_their_roles() {
        use crate::directory::roles::Role;
        let store = tenant(40, 3, Utc::now());
        let users: Vec<&User> = store.live().values().collect();
        let megan = users[AWKWARD.len()];
        assert_eq!(megan.upn(), demo::GLOBAL_ADMINISTRATOR_UPN);
        assert_eq!(megan.roles, vec![Role::GlobalAdministrator]);
        assert_eq!(megan.cell(Prop::AccountEnabled), &Cell::Bool(true));
        let lee = store.find(demo::HELPDESK_ADMINISTRATOR_UPN).unwrap();
        assert_eq!(lee.roles, vec![Role::HelpdeskAdministrator]);
        assert_eq!(lee.text(Prop::JobTitle), Some("Helpdesk Administrator"));
        let with_roles = users.iter().filter(|u| !u.roles.is_empty()).count();
        assert_eq!(with_roles, ADMINS.len(), "no one else holds a role");
        let wids = |client_id| demo::app(client_id).unwrap().wids;
        assert!(wids(demo::ADMIN_CLIENT_ID).contains(&Role::UserAdministrator.template_id()));
        assert!(
            wids(demo::PRIVILEGED_CLIENT_ID)
                .contains(&Role::PrivilegedAuthenticationAdministrator.template_id())
        );
        assert!(
            wids(demo::NO_ROLE_CLIENT_ID)
                .iter()
                .all(|w| Role::from_template_id(w).is_none())
        );
    }

    #[test]
    fn small_tenants_are_exact() {
        assert_eq!(tenant(0, 1, Utc::now()).live().len(), 0);
        assert_eq!(tenant(3, 1, Utc::now()).live().len(), 3);
    }

    #[test]
    fn accents_fold_to_ascii() {
        assert_eq!(ascii("Zoë Ñúñez"), "zoe nunez");
        assert_eq!(ascii("Weiß"), "weiss");
        assert_eq!(alias_part("O'Brien"), "o'brien");
        assert_eq!(alias_part("de la Fuente"), "delafuente");
    }
}
