//! Graph's side of sign-in: the bearer token on each request, and what its roles allow.

use axum::http::{HeaderMap, header};
use chrono::{DateTime, Utc};

use crate::auth::jwt::{Claims, GRAPH_APP_ID, GRAPH_AUDIENCE, Refusal, TokenKeys};
use crate::directory::roles::{self, Role, Sensitive};
use crate::directory::user::User;
use crate::http::errors::ApiError;
use crate::seed::demo::Tenant;

/// The app calling Graph, from its verified token.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub roles: Vec<String>,
    /// Directory roles (`wids`).
    pub wids: Vec<String>,
}

const FULL_WRITE: &[&str] = &["User.ReadWrite.All", "Directory.ReadWrite.All"];

impl Caller {
    pub(crate) fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    fn has_any(&self, roles: &[&str]) -> bool {
        self.roles.iter().any(|r| roles.contains(&r.as_str()))
    }

    pub(crate) fn can_read(&self) -> bool {
        self.has_any(FULL_WRITE)
            || self.has_any(&[
                "User.Read.All",
                "User.ReadBasic.All",
                "Directory.Read.All",
                "User.ReadUpdate.All",
            ])
    }

    /// Groups' properties in `memberOf`; without this Graph lists a group by its type and id
    /// only (<https://learn.microsoft.com/en-us/graph/api/user-list-memberof>).
    pub(crate) fn can_read_groups(&self) -> bool {
        self.has_any(&[
            "GroupMember.Read.All",
            "Group.Read.All",
            "Group.ReadWrite.All",
            "GroupMember.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ])
    }

    /// Directory roles' properties in `memberOf`, likewise.
    pub(crate) fn can_read_roles(&self) -> bool {
        self.has_any(&[
            "RoleManagement.Read.Directory",
            "RoleManagement.Read.All",
            "RoleManagement.ReadWrite.Directory",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ])
    }

    /// `signInActivity` needs `AuditLog.Read.All` beside a user permission; no `Directory.*`
    /// permission includes it (microsoft-graph-docs-contrib#3196).
    pub(crate) fn can_read_sign_ins(&self) -> bool {
        self.has_role("AuditLog.Read.All")
    }

    pub(crate) fn can_create(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.Create"])
    }

    pub(crate) fn can_update(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.ReadUpdate.All"])
    }

    /// Setting or removing a manager (`manager/$ref`): `User.ReadWrite.All` is the least
    /// privileged application permission, `User.ReadUpdate.All` is not enough
    /// (<https://learn.microsoft.com/en-us/graph/api/user-post-manager>,
    /// <https://learn.microsoft.com/en-us/graph/api/user-delete-manager>).
    pub(crate) fn can_write_manager(&self) -> bool {
        self.has_any(FULL_WRITE)
    }

    /// Listing the tenant's domains
    /// (<https://learn.microsoft.com/en-us/graph/api/domain-list>): `Domain.Read.All` or a
    /// broader directory permission; the `User.*` permissions are not enough.
    pub(crate) fn can_read_domains(&self) -> bool {
        self.has_any(&[
            "Domain.Read.All",
            "Domain.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ])
    }

    /// Reading the tenant's `organization`: `Organization.Read.All` is the least privileged
    /// application permission, then `Directory.Read.All`, `Organization.ReadWrite.All` and
    /// `Directory.ReadWrite.All` (<https://learn.microsoft.com/en-us/graph/api/organization-list>);
    /// the `User.*` permissions are not enough.
    pub(crate) fn can_read_organization(&self) -> bool {
        self.has_any(&[
            "Organization.Read.All",
            "Organization.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ])
    }

    pub(crate) fn can_delete(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.DeleteRestore.All"])
    }

    /// Blocking and unblocking sign-in (`accountEnabled`).
    pub(crate) fn can_enable_disable(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User.EnableDisableAccount.All"])
    }

    /// Writing `passwordProfile`: the Graph permission; a directory role is needed as well
    /// (see [`Caller::may`] and `passwordProfile` in
    /// <https://learn.microsoft.com/en-us/graph/api/user-update>).
    pub(crate) fn can_write_passwords(&self) -> bool {
        self.has_any(FULL_WRITE) || self.has_any(&["User-PasswordProfile.ReadWrite.All"])
    }

    /// Any permission that writes some user property: `PATCH /users/{id}` is worth reading.
    pub(crate) fn can_write_users(&self) -> bool {
        self.can_update() || self.can_enable_disable() || self.can_write_passwords()
    }

    /// The directory roles the app holds (its token's `wids`) that the privilege rules name.
    fn directory_roles(&self) -> Vec<Role> {
        self.wids
            .iter()
            .filter_map(|w| Role::from_template_id(w))
            .collect()
    }

    /// Graph's 403 unless the app's directory roles let it do `action` to `user`, given the
    /// roles `user` holds (`roles::may`).
    pub(crate) fn may(&self, user: &User, action: Sensitive) -> Result<(), ApiError> {
        Caller::require(roles::may(&self.directory_roles(), &user.roles, action))
    }

    pub(crate) fn require(allowed: bool) -> Result<(), ApiError> {
        if allowed {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// The token in `Authorization: Bearer …`, or `""`.
pub(crate) fn bearer_token(headers: &HeaderMap) -> &str {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim();
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ if value.eq_ignore_ascii_case("bearer") || value.is_empty() => "",
        _ => value,
    }
}

/// Checks `Authorization: Bearer …` and returns the caller, or Graph's 401. The token must
/// be for `tenant` (its `tid`): the server hands a request to the tenant its token names, so
/// a token for a tenant not served here comes to the default one and is refused.
pub(crate) fn authenticate(
    keys: &TokenKeys,
    own_audience: &str,
    tenant: &Tenant,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Caller, ApiError> {
    let token = bearer_token(headers);
    if token.is_empty() {
        return Err(ApiError::unauthorized("Access token is empty."));
    }
    let claims: Claims = keys.verify(token, now).map_err(|refusal| match refusal {
        Refusal::Malformed => {
            ApiError::unauthorized("CompactToken parsing failed with error code: 80049217")
        }
        Refusal::BadSignature => ApiError::unauthorized("Access token validation failure."),
        Refusal::Expired => {
            ApiError::unauthorized("Lifetime validation failed, the token is expired.")
        }
    })?;
    let aud = claims.aud.trim_end_matches('/');
    if !(aud.eq_ignore_ascii_case(GRAPH_AUDIENCE)
        || aud.eq_ignore_ascii_case(GRAPH_APP_ID)
        || aud.eq_ignore_ascii_case(own_audience.trim_end_matches('/')))
    {
        return Err(ApiError::unauthorized(
            "Access token validation failure. Invalid audience.",
        ));
    }
    if !claims.tid.eq_ignore_ascii_case(tenant.id) {
        return Err(ApiError::unknown_tenant(&claims.tid));
    }
    Ok(Caller {
        roles: claims.roles,
        wids: claims.wids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(roles: &[&str]) -> Caller {
        Caller {
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            wids: Vec::new(),
        }
    }

    #[test]
    fn a_manager_needs_user_read_write_all_and_domains_a_directory_permission() {
        let update_only = caller(&["User.ReadUpdate.All"]);
        assert!(update_only.can_update());
        assert!(!update_only.can_write_manager());
        assert!(caller(&["User.ReadWrite.All"]).can_write_manager());
        assert!(caller(&["Directory.ReadWrite.All"]).can_write_manager());

        assert!(!caller(&["User.ReadWrite.All"]).can_read_domains());
        assert!(caller(&["Domain.Read.All"]).can_read_domains());
        assert!(caller(&["Directory.Read.All"]).can_read_domains());
    }
}
