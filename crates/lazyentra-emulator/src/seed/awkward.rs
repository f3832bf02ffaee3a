//! Users placed first in every tenant, written by hand to trip up naive clients: quotes and
//! apostrophes, a `$` in a UPN, accents, non-Latin scripts, right-to-left text, an emoji, a
//! very long name and a B2B guest with `#EXT#` in its UPN.

/// The deliberately awkward users, placed first: (display name, given, family, UPN, culture).
pub(super) const AWKWARD: &[(&str, &str, &str, &str, usize)] = &[
    (
        "Seán O'Brien",
        "Seán",
        "O'Brien",
        "sean.o'brien@contoso.com",
        1,
    ),
    (
        "Robert \"Bobby\" Tables",
        "Robert",
        "Tables",
        "robert.tables@contoso.com",
        0,
    ),
    (
        "Backup Service ($svc-backup)",
        "",
        "",
        "$svc-backup@lazyentra-demo.onmicrosoft.com",
        0,
    ),
    (
        "José Müller",
        "José",
        "Müller",
        "jose.muller@contoso.com",
        2,
    ),
    ("Zoë Ñúñez", "Zoë", "Ñúñez", "zoe.nunez@contoso.com", 4),
    ("山田 太郎", "太郎", "山田", "taro.yamada@contoso.com", 8),
    ("王伟", "伟", "王", "wei.wang@contoso.com", 9),
    (
        "محمد العلي",
        "محمد",
        "العلي",
        "mohammed.alali@contoso.com",
        13,
    ),
    ("דוד כהן", "דוד", "כהן", "david.cohen@contoso.com", 14),
    ("김민준", "민준", "김", "minjun.kim@contoso.com", 10),
    (
        "Γιώργος Παπαδόπουλος",
        "Γιώργος",
        "Παπαδόπουλος",
        "giorgos.papadopoulos@contoso.com",
        11,
    ),
    (
        "Олександр Шевченко",
        "Олександр",
        "Шевченко",
        "oleksandr.shevchenko@contoso.com",
        12,
    ),
    (
        "Maximiliane Alexandra Theresia Gräfin von Hohenzollern-Sigmaringen-Wittelsbach und Liechtenstein (Chief Executive Officer, Global Strategy, Transformation & Operational Excellence, Europe, Middle East and Africa)",
        "Maximiliane",
        "von Hohenzollern-Sigmaringen-Wittelsbach und Liechtenstein",
        "maximiliane.hohenzollern@contoso.com",
        2,
    ),
    (
        "Adele Vance (Fabrikam)",
        "Adele",
        "Vance",
        "adele.vance_fabrikam.com#EXT#@lazyentra-demo.onmicrosoft.com",
        0,
    ),
    (
        "DeShawn McAllister",
        "DeShawn",
        "McAllister",
        "deshawn.mcallister@contoso.com",
        0,
    ),
    (
        "Chloé Dubois 🚀",
        "Chloé",
        "Dubois",
        "chloe.dubois@contoso.com",
        3,
    ),
    (
        "Nguyễn Văn An",
        "Văn An",
        "Nguyễn",
        "an.nguyen@contoso.com",
        16,
    ),
    (
        "Åsa Öberg-Lindqvist",
        "Åsa",
        "Öberg-Lindqvist",
        "asa.oberg-lindqvist@contoso.com",
        6,
    ),
];
