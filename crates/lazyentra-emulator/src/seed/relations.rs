//! The demo tenant's links between users and what they hold: managers, groups of every kind
//! Graph tells apart (some dynamic), directory roles, licences and sign-in activity.
//!
//! None of it draws from the user generator, so adding it changed no seeded user; what is
//! random here comes from its own generator, seeded from the tenant's seed.

use base64::Engine as _;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::directory::schema::Prop;
use crate::directory::store::{Group, GroupKind, Store};
use crate::directory::user::{SignIns, User};

/// One seeded group: name, description, kind, and how members are chosen.
struct GroupSeed {
    name: &'static str,
    description: &'static str,
    kind: GroupKind,
    members: Members,
}

enum Members {
    /// The `i`th seeded user is a member when `i % modulo == rest`.
    Every { modulo: usize, rest: usize },
    /// A dynamic group: its rule, and the property value the rule matches.
    Rule {
        rule: &'static str,
        prop: Prop,
        value: &'static str,
    },
}

const fn every(modulo: usize, rest: usize) -> Members {
    Members::Every { modulo, rest }
}

/// Directory role template ids (the same in every tenant), from
/// <https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference>.
pub(crate) const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
const HELPDESK_ADMINISTRATOR: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

/// The groups: the first six keep the memberships they were seeded with before groups had
/// kinds (group `k` holds the users at `k` modulo `k + 2`); then dynamic groups, whose members
/// are the users their rule matches; then directory roles.
const GROUPS: &[GroupSeed] = &[
    GroupSeed {
        name: "All Staff",
        description: "Everyone who works here",
        kind: GroupKind::Microsoft365,
        members: every(2, 0),
    },
    GroupSeed {
        name: "Engineering",
        description: "Product engineering",
        kind: GroupKind::Security,
        members: every(3, 1),
    },
    GroupSeed {
        name: "Sales EMEA",
        description: "Sales in Europe, the Middle East and Africa",
        kind: GroupKind::Distribution,
        members: every(4, 2),
    },
    GroupSeed {
        name: "Finance Approvers",
        description: "May approve invoices",
        kind: GroupKind::MailEnabledSecurity,
        members: every(5, 3),
    },
    GroupSeed {
        name: "VPN Users",
        description: "Allowed on the corporate VPN",
        kind: GroupKind::Security,
        members: every(6, 4),
    },
    GroupSeed {
        name: "Project Phoenix",
        description: "The Phoenix migration team",
        kind: GroupKind::Microsoft365,
        members: every(7, 5),
    },
    GroupSeed {
        name: "Engineering (dynamic)",
        description: "Everyone in the Engineering department",
        kind: GroupKind::Security,
        members: Members::Rule {
            rule: "(user.department -eq \"Engineering\")",
            prop: Prop::Department,
            value: "Engineering",
        },
    },
    GroupSeed {
        name: "Guests",
        description: "Every invited guest",
        kind: GroupKind::Microsoft365,
        members: Members::Rule {
            rule: "(user.userType -eq \"Guest\")",
            prop: Prop::UserType,
            value: "Guest",
        },
    },
    GroupSeed {
        name: "Global Administrator",
        description: "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
        kind: GroupKind::DirectoryRole {
            template_id: GLOBAL_ADMINISTRATOR,
        },
        members: every(97, 0),
    },
    GroupSeed {
        name: "Helpdesk Administrator",
        description: "Can reset passwords for non-administrators and Helpdesk Administrators.",
        kind: GroupKind::DirectoryRole {
            template_id: HELPDESK_ADMINISTRATOR,
        },
        members: every(41, 3),
    },
    GroupSeed {
        name: "Global Reader",
        description: "Can read everything that a Global Administrator can, but not update anything.",
        kind: GroupKind::DirectoryRole {
            template_id: GLOBAL_READER,
        },
        members: every(53, 3),
    },
];

/// Adds the tenant's groups and roles to `store` and returns their indexes, in [`GROUPS`]
/// order.
pub(super) fn add_groups(store: &mut Store) -> Vec<u16> {
    GROUPS
        .iter()
        .enumerate()
        .map(|(k, seed)| store.add_group(group(k, seed)))
        .collect()
}

fn group(k: usize, seed: &GroupSeed) -> Group {
    let created = Utc
        .with_ymd_and_hms(2019, 3, 4, 9, 30, 0)
        .single()
        .unwrap_or_default()
        + Duration::days(i64::try_from(k).unwrap_or_default() * 41);
    let rule = match seed.members {
        Members::Rule { rule, .. } => Some(rule.into()),
        Members::Every { .. } => None,
    };
    Group {
        id: format!("9c0e{k:04x}-5a1b-4c2d-8e3f-6a7b8c9d0e{k:02x}").into(),
        display_name: seed.name.into(),
        description: seed.description.into(),
        mail_nickname: seed.name.replace([' ', '(', ')'], "").into(),
        created,
        kind: seed.kind,
        rule,
    }
}

/// Deterministic links for the `i`th user: most users report to an earlier one, forming a
/// tree under user 0, and each group holds the users its [`Members`] picks.
pub(super) fn relate(user: &mut User, i: usize, ids: &[Box<str>], groups: &[u16]) {
    if i > 0 && !i.is_multiple_of(5) {
        user.manager = ids.get((i - 1) / 6).cloned();
    }
    user.groups = GROUPS
        .iter()
        .zip(groups)
        .filter(|(seed, _)| match seed.members {
            Members::Every { modulo, rest } => i % modulo == rest,
            Members::Rule { prop, value, .. } => user.text(prop) == Some(value),
        })
        .map(|(_, g)| *g)
        .collect();
}

/// A licence the tenant has: SKU id and part number as Microsoft's "Product names and
/// service plan identifiers for licensing" list them, and its service plans.
pub(crate) struct Sku {
    pub id: &'static str,
    pub part_number: &'static str,
    /// `(servicePlanId, servicePlanName)`.
    pub plans: &'static [(&'static str, &'static str)],
}

const EXCHANGE: (&str, &str) = (
    "efb87545-963c-4e0d-99df-69c6916d9eb0",
    "EXCHANGE_S_ENTERPRISE",
);
const TEAMS: (&str, &str) = ("57ff2da0-773e-42df-b2af-ffb7a2317929", "TEAMS1");
const SHAREPOINT: (&str, &str) = (
    "5dbe027f-2339-4123-9542-606e4d348a72",
    "SHAREPOINTENTERPRISE",
);
const OFFICE_APPS: (&str, &str) = ("43de0ff5-c92c-492b-9116-175376d08c38", "OFFICESUBSCRIPTION");
const ENTRA_P1: (&str, &str) = ("41781fb2-bc02-4b7c-bd55-b576c07bb09d", "AAD_PREMIUM");
const ENTRA_P2: (&str, &str) = ("eec0eb4f-6444-4f95-aba0-50c24d67f998", "AAD_PREMIUM_P2");
const POWER_BI: (&str, &str) = ("70d33638-9c74-4d01-bfd3-562de28bd4ba", "BI_AZURE_P2");

pub(crate) const SKUS: &[Sku] = &[
    Sku {
        id: "6fd2c87f-b296-42f0-b197-1e91e994b900",
        part_number: "ENTERPRISEPACK",
        plans: &[EXCHANGE, TEAMS, SHAREPOINT, OFFICE_APPS],
    },
    Sku {
        id: "05e9a617-0261-4cee-bb44-138d3ef5d965",
        part_number: "SPE_E3",
        plans: &[EXCHANGE, TEAMS, SHAREPOINT, OFFICE_APPS, ENTRA_P1],
    },
    Sku {
        id: "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
        part_number: "SPE_E5",
        plans: &[
            EXCHANGE,
            TEAMS,
            SHAREPOINT,
            OFFICE_APPS,
            ENTRA_P1,
            ENTRA_P2,
            POWER_BI,
        ],
    },
    Sku {
        id: "f8a1db68-be16-40ed-86d5-cb42ce701560",
        part_number: "POWER_BI_PRO",
        plans: &[EXCHANGE, POWER_BI],
    },
    Sku {
        id: "84a661c4-e949-4bd2-a560-ed7766fcaf2b",
        part_number: "AAD_PREMIUM_P2",
        plans: &[ENTRA_P1, ENTRA_P2],
    },
];

/// `licenseDetails` ids are opaque 43-character strings; these are the user's and the SKU's
/// ids, base64url-encoded, which is unique per pair and stable.
pub(crate) fn license_detail_id(user_id: &str, sku: &Sku) -> String {
    let bytes = |id: &str| {
        uuid::Uuid::parse_str(id).map_or_else(|_| id.as_bytes().to_vec(), |u| u.as_bytes().to_vec())
    };
    let mut raw = bytes(user_id);
    raw.extend(bytes(sku.id));
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// Licences and sign-ins for each seeded user, from a generator of their own.
pub(super) struct Activity {
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
}

impl Activity {
    pub(super) fn new(seed: u64, now: DateTime<Utc>) -> Activity {
        Activity {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5167_4e5f_4c69_6365),
            now,
        }
    }

    /// Members mostly hold an E3 or E5 suite, some an add-on too; guests and accounts
    /// without a mailbox hold none.
    pub(super) fn licenses(&mut self, user: &User) -> Vec<u8> {
        let guest = user.text(Prop::UserType) == Some("Guest");
        if guest || user.text(Prop::Mail).is_none() || self.rng.random_bool(0.08) {
            return Vec::new();
        }
        let suite = match self.rng.random_range(0..10) {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let mut held = vec![suite];
        if self.rng.random_bool(0.25) {
            held.push(3);
        }
        if suite < 2 && self.rng.random_bool(0.15) {
            held.push(4);
        }
        held
    }

    /// Most users signed in within the last weeks; disabled accounts long ago; a few never.
    pub(super) fn sign_ins(&mut self, user: &User) -> Option<SignIns> {
        if self.rng.random_bool(0.06) {
            return None;
        }
        let enabled = !matches!(
            user.cell(Prop::AccountEnabled),
            crate::directory::user::Cell::Bool(false)
        );
        let days = if enabled {
            self.rng.random_range(0..30)
        } else {
            self.rng.random_range(60..400)
        };
        let now = self.now;
        let at = |rng: &mut ChaCha8Rng, days: i64| -> (DateTime<Utc>, Box<str>) {
            let minutes = rng.random_range(0..24 * 60);
            let when = now - Duration::days(days) - Duration::minutes(minutes);
            let bytes: [u8; 16] = rng.random();
            let request = uuid::Builder::from_random_bytes(bytes).into_uuid();
            (when, request.to_string().into())
        };
        let interactive = at(&mut self.rng, days);
        let non_interactive = if self.rng.random_bool(0.8) {
            let sooner = self.rng.random_range(0..=days);
            Some(at(&mut self.rng, sooner))
        } else {
            None
        };
        // A failed last attempt leaves the last success earlier than the last attempt.
        let successful = if self.rng.random_bool(0.9) {
            let latest = match &non_interactive {
                Some(n) if n.0 > interactive.0 => n.clone(),
                _ => interactive.clone(),
            };
            Some(latest)
        } else {
            let earlier = days + self.rng.random_range(1..20);
            Some(at(&mut self.rng, earlier))
        };
        Some(SignIns {
            interactive: Some(interactive),
            non_interactive,
            successful,
        })
    }
}
