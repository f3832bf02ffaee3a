//! Sample data for tests: users with long, accented, CJK and right-to-left names, and states
//! at each screen. Public so the snapshot tests in `tests/` can use it too.

use chrono::{TimeZone as _, Utc};

use crate::graph::{Permissions, TokenInfo, User};
use crate::keymap::Keymap;
use crate::state::{ConnectInfo, State};

pub const TENANT: &str = "contoso.onmicrosoft.com";

pub fn connect_info() -> ConnectInfo {
    ConnectInfo {
        tenant_id: Some(TENANT.to_owned()),
        client_id: Some("11111111-2222-3333-4444-555555555555".to_owned()),
        secret_set: true,
        authority_host: "https://login.microsoftonline.com/".to_owned(),
        graph_endpoint: "https://graph.microsoft.com/".to_owned(),
        read_only: false,
        problems: Vec::new(),
        source: Some("/home/admin/.config/lazyentra/config.toml + environment".to_owned()),
        warnings: Vec::new(),
    }
}

pub fn token(roles: &[&str]) -> TokenInfo {
    TokenInfo {
        tenant_id: Some("9f0e1d2c-3b4a-5968-7786-95a4b3c2d1e0".to_owned()),
        app_id: Some("11111111-2222-3333-4444-555555555555".to_owned()),
        app_name: Some("lazyentra-admin".to_owned()),
        permissions: Permissions {
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        },
        expires_at: Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(),
    }
}

pub fn state() -> State {
    State::new(connect_info(), Keymap::default())
}

/// A member of contoso with the usual properties set.
pub fn user(n: usize, name: &str, alias: &str) -> User {
    User {
        id: format!("00000000-0000-4000-8000-{n:012}").into(),
        display_name: Some(name.to_owned()),
        given_name: name.split(' ').next().map(str::to_owned),
        surname: name.split(' ').nth(1).map(str::to_owned),
        user_principal_name: Some(format!("{alias}@{TENANT}")),
        mail: Some(format!("{alias}@contoso.com")),
        mail_nickname: Some(alias.to_owned()),
        job_title: Some("Engineer".to_owned()),
        department: Some("Research".to_owned()),
        company_name: Some("Contoso".to_owned()),
        employee_id: Some(format!("E{n:05}")),
        office_location: Some("Building 4".to_owned()),
        mobile_phone: Some("+1 425 555 0100".to_owned()),
        business_phones: vec!["+1 425 555 0101".to_owned()],
        city: Some("Redmond".to_owned()),
        country: Some("United States".to_owned()),
        usage_location: Some("US".to_owned()),
        preferred_language: Some("en-US".to_owned()),
        account_enabled: Some(true),
        user_type: Some("Member".to_owned()),
        created_date_time: Some(Utc.with_ymd_and_hms(2024, 3, 1, 9, 30, 0).unwrap()),
    }
}

/// Names that test width handling: accents, CJK, right-to-left, a very long one; plus a guest
/// and a disabled account.
pub fn users() -> Vec<User> {
    let mut users = vec![
        user(1, "Ada Lovelace", "ada"),
        user(2, "José Álvarez Núñez", "jose.alvarez"),
        user(3, "山田 太郎", "taro.yamada"),
        user(4, "מרים כהן", "miriam.cohen"),
        user(5, "محمد العلي", "mohammed.alali"),
        user(
            6,
            "Maximilian Alexander von Hohenzollern-Sigmaringen",
            "maximilian.alexander.von.hohenzollern-sigmaringen",
        ),
        user(7, "Grace Hopper", "grace"),
        user(8, "Zoë Ångström", "zoe"),
    ];
    users[2].job_title = Some("主任研究員".to_owned());
    users[2].department = Some("研究開発部".to_owned());
    let mut guest = user(9, "Linus Guest", "linus_example.com#EXT#");
    guest.user_type = Some("Guest".to_owned());
    guest.mail = Some("linus@example.com".to_owned());
    guest.job_title = None;
    guest.department = None;
    users.push(guest);
    let mut disabled = user(10, "Former Employee", "former");
    disabled.account_enabled = Some(false);
    users.push(disabled);
    users
}

/// `n` plain users, for paging tests.
pub fn many_users(from: usize, n: usize) -> Vec<User> {
    (from..from + n)
        .map(|i| user(i, &format!("User {i:04}"), &format!("user{i:04}")))
        .collect()
}
