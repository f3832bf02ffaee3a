//! The demo tenants' fixed identities: tenant ids, domains, app registrations and a demo
//! certificate. All of it is fake and safe to print; `lazyentra serve-demo` shows it so any
//! Graph client can connect.
//!
//! Two tenants are served, each with its own directory and apps, as Entra keeps them apart:
//! Contoso (the default: every constant without a tenant in its name is Contoso's) and
//! Fabrikam, a smaller tenant with one read-only app.

/// The tenant id (a GUID), accepted in the token URL like a real tenant id.
pub const TENANT_ID: &str = "7b2c9f4e-8d31-4a6b-9e5f-0c1d2a3b4c5d";
/// The tenant's initial `*.onmicrosoft.com` domain.
pub const DOMAIN: &str = "lazyentra-demo.onmicrosoft.com";
/// Domains a userPrincipalName may use; the token URL accepts any of them as the tenant.
/// `contoso.com` is the default domain (the Entra admin center pre-fills it for new users).
pub const VERIFIED_DOMAINS: &[&str] = &[DOMAIN, "contoso.com"];
/// The tenant's default domain: one of [`VERIFIED_DOMAINS`].
pub const DEFAULT_DOMAIN: &str = "contoso.com";
/// A domain added to the tenant whose DNS record was never verified: `/domains` lists it with
/// `isVerified: false`, and a UPN in it is refused like any unverified domain.
pub const UNVERIFIED_DOMAINS: &[&str] = &["contoso.net"];
/// The tenant's display name (`/organization`'s `displayName`), as AADSTS messages name the
/// directory.
pub const TENANT_NAME: &str = "Contoso Ltd";

/// The second demo tenant, Fabrikam: its id.
pub const FABRIKAM_TENANT_ID: &str = "3d8e6a1f-0b5c-4f27-a9d4-6e2b7c1f8a90";
/// Fabrikam's initial domain.
pub const FABRIKAM_DOMAIN: &str = "fabrikam.onmicrosoft.com";
/// Fabrikam's default domain, which most of its users sign in with.
pub const FABRIKAM_DEFAULT_DOMAIN: &str = "fabrikam.com";
/// Fabrikam's verified domains.
pub const FABRIKAM_VERIFIED_DOMAINS: &[&str] = &[FABRIKAM_DOMAIN, FABRIKAM_DEFAULT_DOMAIN];
/// Fabrikam's display name.
pub const FABRIKAM_NAME: &str = "Fabrikam Inc";
/// Users in Fabrikam, whatever Contoso's count.
pub const FABRIKAM_USERS: usize = 120;
/// Fabrikam's one app: `User.Read.All` and `Organization.Read.All`, so it lists users and
/// names its organisation but writes nothing.
pub const FABRIKAM_READER_CLIENT_ID: &str = "5c2a8e4d-7f13-4b69-8d0e-1a3c5e7f9b24";
pub const FABRIKAM_READER_CLIENT_SECRET: &str = "demo~fabrikam~Secret.0000-not-a-real-secret";

/// An app with the `User.ReadWrite.All`, `Directory.Read.All` (groups and roles in
/// `memberOf`), `AuditLog.Read.All` (sign-in activity) and `Domain.Read.All` (the verified
/// domains offered for UPNs) application permissions and the User Administrator directory role
/// (so it may also reset passwords, as a real app would need).
pub const ADMIN_CLIENT_ID: &str = "1f0e5a7c-2b4d-4c8e-9a61-3d5f7b9e0a12";
pub const ADMIN_CLIENT_SECRET: &str = "demo~admin~Secret.0000-not-a-real-secret";
/// An app with `User.Read.All` only: every write answers 403, `memberOf` names no group, and
/// sign-in activity is refused.
pub const READER_CLIENT_ID: &str = "6a9d3e1b-5c7f-4e2a-8b04-9f1c3d5e7a26";
pub const READER_CLIENT_SECRET: &str = "demo~reader~Secret.0000-not-a-real-secret";
/// An app with `User.ReadWrite.All` and the Privileged Authentication Administrator role: it
/// may reset the password of, block and delete every user, admins included.
pub const PRIVILEGED_CLIENT_ID: &str = "79ff9196-4aae-4f1d-ba81-a8a08c5dc192";
pub const PRIVILEGED_CLIENT_SECRET: &str = "demo~privileged~Secret.0000-not-a-real-secret";
/// An app with `User.ReadWrite.All` and no directory role: it edits, blocks and deletes users
/// who hold no admin role, but every password reset answers 403, as on Graph.
pub const NO_ROLE_CLIENT_ID: &str = "e9ec86bc-4829-474b-aa13-5d4117613102";
pub const NO_ROLE_CLIENT_SECRET: &str = "demo~norole~Secret.0000-not-a-real-secret";
/// An app whose only secret has expired: sign-in fails with AADSTS7000222.
pub const EXPIRED_CLIENT_ID: &str = "c4e8a2f6-9b1d-4f3a-a7c5-0e2d4f6b8a31";
pub const EXPIRED_CLIENT_SECRET: &str = "demo~expired~Secret.0000-not-a-real-secret";

/// A seeded user who holds the Global Administrator role (in every tenant of 19 users or
/// more): the admin app (User Administrator) may not reset its password, block or delete it.
pub const GLOBAL_ADMINISTRATOR_UPN: &str = "megan.bowen@contoso.com";
/// A seeded user who holds the Helpdesk Administrator role (in every tenant of 21 users or
/// more): a limited admin, whose password the admin app may reset.
pub const HELPDESK_ADMINISTRATOR_UPN: &str = "lee.gu@contoso.com";

/// A public demo certificate with its private key (PEM), registered on the admin app: sign-in
/// with a certificate credential works with it here and nowhere else. The key is published
/// with lazyentra's source on purpose, like the demo secrets above.
pub const CERTIFICATE_PEM: &str = include_str!("demo_certificate.pem");
/// Its SHA-1 thumbprint, as the Entra admin center lists a certificate.
pub const CERTIFICATE_THUMBPRINT: &str = "18E88846A7E58FBEB915AB70C00C32EB659BEB96";

/// The Graph roles and directory roles an app holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct App {
    pub client_id: &'static str,
    pub secret: &'static str,
    pub display_name: &'static str,
    /// Application permissions: the token's `roles` claim.
    pub roles: &'static [&'static str],
    /// Directory role template ids: the token's `wids` claim.
    pub wids: &'static [&'static str],
    /// The service principal's object id: the token's `oid` and `sub`.
    pub object_id: &'static str,
    pub secret_expired: bool,
    /// Certificates (PEM) registered as the app's certificate credentials.
    pub certificates: &'static [&'static str],
}

/// Directory role template id of "User Administrator" (`Role::UserAdministrator`): it may
/// reset passwords, and block or delete users who hold no admin role or only a limited one,
/// but not Global Administrators.
pub(crate) const USER_ADMINISTRATOR: &str = "fe930be7-5e62-47db-91af-98c3a49a38b1";

/// Directory role template id of "Privileged Authentication Administrator": it may reset
/// the passwords of, block and delete every user.
const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR: &str = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";

pub(crate) const APPS: &[App] = &[
    App {
        client_id: ADMIN_CLIENT_ID,
        secret: ADMIN_CLIENT_SECRET,
        display_name: "lazyentra demo admin",
        roles: &[
            "User.ReadWrite.All",
            "Directory.Read.All",
            "AuditLog.Read.All",
            "Domain.Read.All",
        ],
        wids: &[USER_ADMINISTRATOR, "0997a1d0-0d1d-4acb-b408-d5ca73121e90"],
        object_id: "3e5a7c9b-1d2f-4a6c-8e0b-2c4d6f8a0b13",
        secret_expired: false,
        certificates: &[CERTIFICATE_PEM],
    },
    App {
        client_id: READER_CLIENT_ID,
        secret: READER_CLIENT_SECRET,
        display_name: "lazyentra demo reader",
        roles: &["User.Read.All"],
        wids: &["0997a1d0-0d1d-4acb-b408-d5ca73121e90"],
        object_id: "8b1d3f5a-7c9e-4b2d-9f1a-4e6c8a0b2d35",
        secret_expired: false,
        certificates: &[],
    },
    App {
        client_id: PRIVILEGED_CLIENT_ID,
        secret: PRIVILEGED_CLIENT_SECRET,
        display_name: "lazyentra demo privileged admin",
        roles: &["User.ReadWrite.All"],
        wids: &[
            PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
            "0997a1d0-0d1d-4acb-b408-d5ca73121e90",
        ],
        object_id: "04dc7ea0-5cc0-46b4-87c3-a6c65b3b795b",
        secret_expired: false,
        certificates: &[],
    },
    App {
        client_id: NO_ROLE_CLIENT_ID,
        secret: NO_ROLE_CLIENT_SECRET,
        display_name: "lazyentra demo writer without a role",
        roles: &["User.ReadWrite.All"],
        wids: &["0997a1d0-0d1d-4acb-b408-d5ca73121e90"],
        object_id: "a23b763b-8222-4764-86b9-63a1b908d532",
        secret_expired: false,
        certificates: &[],
    },
    App {
        client_id: EXPIRED_CLIENT_ID,
        secret: EXPIRED_CLIENT_SECRET,
        display_name: "lazyentra demo (expired secret)",
        roles: &["User.ReadWrite.All"],
        wids: &["0997a1d0-0d1d-4acb-b408-d5ca73121e90"],
        object_id: "d2f4a6c8-0e1b-4d3f-b5a7-6c8e0a2b4d57",
        secret_expired: true,
        certificates: &[],
    },
];

/// An app of the default tenant (Contoso).
#[cfg(test)]
pub(crate) fn app(client_id: &str) -> Option<&'static App> {
    CONTOSO.app(client_id)
}

/// One tenant the emulator serves: its identity, domains and app registrations. Each has its
/// own directory; an app is registered in one tenant only.
#[derive(Debug)]
pub(crate) struct Tenant {
    pub id: &'static str,
    /// `/organization`'s `displayName`, and how AADSTS messages name the directory.
    pub name: &'static str,
    /// The `*.onmicrosoft.com` domain; guests' UPNs end in it.
    pub initial_domain: &'static str,
    /// The domain most members sign in with, and `isDefault` in `/domains`.
    pub default_domain: &'static str,
    pub verified_domains: &'static [&'static str],
    pub unverified_domains: &'static [&'static str],
    pub apps: &'static [App],
    /// Seeded with the hand-written awkward users and the admins first (Contoso only).
    pub awkward: bool,
}

/// The default tenant.
pub(crate) static CONTOSO: Tenant = Tenant {
    id: TENANT_ID,
    name: TENANT_NAME,
    initial_domain: DOMAIN,
    default_domain: DEFAULT_DOMAIN,
    verified_domains: VERIFIED_DOMAINS,
    unverified_domains: UNVERIFIED_DOMAINS,
    apps: APPS,
    awkward: true,
};

pub(crate) static FABRIKAM: Tenant = Tenant {
    id: FABRIKAM_TENANT_ID,
    name: FABRIKAM_NAME,
    initial_domain: FABRIKAM_DOMAIN,
    default_domain: FABRIKAM_DEFAULT_DOMAIN,
    verified_domains: FABRIKAM_VERIFIED_DOMAINS,
    unverified_domains: &[],
    apps: &[App {
        client_id: FABRIKAM_READER_CLIENT_ID,
        secret: FABRIKAM_READER_CLIENT_SECRET,
        display_name: "lazyentra demo reader (Fabrikam)",
        roles: &["User.Read.All", "Organization.Read.All"],
        wids: &["0997a1d0-0d1d-4acb-b408-d5ca73121e90"],
        object_id: "b7e1c3a5-9d2f-4e6b-8a0c-5f3d1b7e9c42",
        secret_expired: false,
        certificates: &[],
    }],
    awkward: false,
};

/// Every tenant served, the default first.
pub(crate) static TENANTS: [&Tenant; 2] = [&CONTOSO, &FABRIKAM];

impl Tenant {
    /// The app registered in this tenant as `client_id`.
    pub(crate) fn app(&self, client_id: &str) -> Option<&'static App> {
        let apps: &'static [App] = self.apps;
        apps.iter()
            .find(|a| a.client_id.eq_ignore_ascii_case(client_id.trim()))
    }

    /// Whether `tenant` (from the token URL) names this tenant: its id or a verified domain.
    pub(crate) fn is_named(&self, tenant: &str) -> bool {
        tenant.eq_ignore_ascii_case(self.id)
            || self
                .verified_domains
                .iter()
                .any(|d| d.eq_ignore_ascii_case(tenant))
    }
}
