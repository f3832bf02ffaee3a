//! A user's relations as the detail shows them: its manager, direct reports, group and role
//! memberships, licences and last sign-ins. The types Graph answers with, and the client calls
//! that read them.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::client::{Call, GraphClient};
use super::error::GraphError;
use super::model::{NextPage, USER_SELECT, User, UserId, null_as_empty};
use super::odata;

/// One of the things the detail reads about a user besides its properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    Manager,
    DirectReports,
    MemberOf,
    Licenses,
    SignInActivity,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Manager,
        Relation::DirectReports,
        Relation::MemberOf,
        Relation::Licenses,
        Relation::SignInActivity,
    ];

    /// The path below the user, for the log (`GET /v1.0/users/{id}/…`).
    pub fn segment(self) -> &'static str {
        match self {
            Relation::Manager => "/manager",
            Relation::DirectReports => "/directReports",
            Relation::MemberOf => "/memberOf",
            Relation::Licenses => "/licenseDetails",
            Relation::SignInActivity => "?$select=signInActivity",
        }
    }
}

/// A page of a relation's collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Where the next page is; `None` on the last page.
    pub next: Option<NextPage>,
}

/// A manager or a direct report: a user, or an organisational contact (both are directory
/// objects there).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Person {
    #[serde(rename = "@odata.type", default)]
    pub odata_type: Option<String>,
    #[serde(flatten)]
    pub user: User,
}

impl Person {
    /// A user, which has a detail of its own (a contact has not).
    pub fn is_user(&self) -> bool {
        self.odata_type
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case("#microsoft.graph.user"))
    }
}

/// A group, directory role or administrative unit the user is a direct member of, as
/// `memberOf` lists it. Every property but `id` may be `null`: Graph sends only the type and
/// id of objects the app may not read.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    #[serde(rename = "@odata.type", default)]
    pub odata_type: Option<String>,
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub group_types: Vec<String>,
    #[serde(default)]
    pub mail_enabled: Option<bool>,
    #[serde(default)]
    pub security_enabled: Option<bool>,
    #[serde(default)]
    pub membership_rule: Option<String>,
}

/// What a membership is. Groups are told apart by `groupTypes`, `mailEnabled` and
/// `securityEnabled`, as the "Group types in Microsoft Entra ID and Microsoft Graph" table of
/// <https://learn.microsoft.com/en-us/graph/api/resources/groups-overview> lays out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MembershipKind {
    /// `groupTypes` holds `Unified`.
    Microsoft365,
    /// Not mail-enabled, security-enabled.
    Security,
    /// Mail- and security-enabled (read-only through Graph).
    MailEnabledSecurity,
    /// Mail-enabled, not security-enabled (read-only through Graph).
    Distribution,
    /// `#microsoft.graph.directoryRole`: an Entra admin role.
    DirectoryRole,
    /// `#microsoft.graph.administrativeUnit`.
    AdministrativeUnit,
    /// A group whose properties Graph did not send (the app may not read groups).
    UnknownGroup,
    /// Another directory object type, by its name.
    Other(String),
}

impl Membership {
    pub fn kind(&self) -> MembershipKind {
        let short = self.odata_type.as_deref().map(|t| {
            t.trim_start_matches('#')
                .trim_start_matches("microsoft.graph.")
        });
        match short {
            None | Some("group") => {}
            Some("directoryRole") => return MembershipKind::DirectoryRole,
            Some("administrativeUnit") => return MembershipKind::AdministrativeUnit,
            Some(other) => return MembershipKind::Other(other.to_owned()),
        }
        if self
            .group_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Unified"))
        {
            return MembershipKind::Microsoft365;
        }
        match (self.mail_enabled, self.security_enabled) {
            (Some(false), Some(true)) => MembershipKind::Security,
            (Some(true), Some(true)) => MembershipKind::MailEnabledSecurity,
            (Some(true), Some(false)) => MembershipKind::Distribution,
            _ => MembershipKind::UnknownGroup,
        }
    }

    /// A dynamic group: members follow `membershipRule`.
    pub fn is_dynamic(&self) -> bool {
        self.group_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case("DynamicMembership"))
    }
}

/// One licence assigned to the user
/// (<https://learn.microsoft.com/en-us/graph/api/resources/licensedetails>).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    pub id: String,
    #[serde(default)]
    pub sku_id: Option<String>,
    /// e.g. `ENTERPRISEPACK` (Office 365 E3), `SPE_E5` (Microsoft 365 E5).
    #[serde(default)]
    pub sku_part_number: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub service_plans: Vec<ServicePlan>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    #[serde(default)]
    pub service_plan_name: Option<String>,
    /// `Success`, `Disabled` (turned off for this user), `PendingInput`…
    #[serde(default)]
    pub provisioning_status: Option<String>,
}

impl License {
    /// Service plans not turned off for this user.
    pub fn enabled_plans(&self) -> usize {
        self.service_plans
            .iter()
            .filter(|p| p.provisioning_status.as_deref() != Some("Disabled"))
            .count()
    }
}

/// A user's last sign-ins (<https://learn.microsoft.com/en-us/graph/api/resources/signinactivity>);
/// a time is `None` when the user never signed in that way (or before Entra kept it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInActivity {
    /// The last interactive attempt, successful or not.
    #[serde(default)]
    pub last_sign_in_date_time: Option<DateTime<Utc>>,
    /// The last attempt by a client on the user's behalf, successful or not.
    #[serde(default)]
    pub last_non_interactive_sign_in_date_time: Option<DateTime<Utc>>,
    /// The last successful sign-in of either kind (kept since December 2023).
    #[serde(default)]
    pub last_successful_sign_in_date_time: Option<DateTime<Utc>>,
}

/// How many users last signed in before a cutoff, counted over every user's `signInActivity`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignInAges {
    /// Every user read.
    pub users: u64,
    /// Users whose last sign-in (of any kind) is before the cutoff.
    pub stale: u64,
    /// Users with no sign-in Entra kept: counted apart, not in `stale`.
    pub never: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignInRow {
    #[serde(default)]
    sign_in_activity: Option<SignInActivity>,
}

/// What Graph answered about one relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Related {
    /// `None`: the user has no manager.
    Manager(Option<Box<Person>>),
    DirectReports(Listing<Person>),
    MemberOf(Listing<Membership>),
    Licenses(Listing<License>),
    /// `None`: Graph has no sign-in for the user.
    SignInActivity(Option<SignInActivity>),
}

#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct ListBody<T> {
    #[serde(default)]
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignInBody {
    #[serde(default)]
    sign_in_activity: Option<SignInActivity>,
}

impl GraphClient {
    fn user_child(&self, id: &UserId, child: &str) -> String {
        self.graph_url(&format!("{}/{child}", odata::user_path(id.as_str())))
    }

    async fn listing<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<Listing<T>, GraphError> {
        let advanced = call.advanced;
        let body: ListBody<T> = self.send_json(call).await?;
        Ok(Listing {
            items: body.value,
            next: body.next_link.map(|link| NextPage { link, advanced }),
        })
    }

    /// The user's manager, or `None` when it has none: Graph answers 404
    /// `Request_ResourceNotFound` then
    /// (<https://learn.microsoft.com/en-us/graph/api/user-list-manager>). The same 404 for a
    /// user that is gone reads as "no manager" too; reading the user itself tells them apart.
    pub async fn manager(&self, id: &UserId) -> Result<Option<Person>, GraphError> {
        let mut call = Call::new(Method::GET, self.user_child(id, "manager"));
        call.query.push(("$select", USER_SELECT.join(",")));
        match self.send_json(call).await {
            Ok(person) => Ok(Some(person)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The first page of the users (and contacts) reporting to the user
    /// (<https://learn.microsoft.com/en-us/graph/api/user-list-directreports>), with the
    /// properties the detail shows, so opening one shows it at once.
    pub async fn direct_reports(&self, id: &UserId) -> Result<Listing<Person>, GraphError> {
        let mut call = Call::new(Method::GET, self.user_child(id, "directReports"));
        call.query.push(("$select", USER_SELECT.join(",")));
        call.query.push(("$top", self.page_size().to_string()));
        self.listing(call).await
    }

    /// The first page of the groups, directory roles and administrative units the user is a
    /// direct member of (<https://learn.microsoft.com/en-us/graph/api/user-list-memberof>).
    /// Nothing is `$select`ed: each type has its own properties, and the default set holds
    /// `groupTypes`, `mailEnabled`, `securityEnabled` and `membershipRule`.
    pub async fn member_of(&self, id: &UserId) -> Result<Listing<Membership>, GraphError> {
        let mut call = Call::new(Method::GET, self.user_child(id, "memberOf"));
        call.query.push(("$top", self.page_size().to_string()));
        self.listing(call).await
    }

    /// The user's licences with their service plans
    /// (<https://learn.microsoft.com/en-us/graph/api/user-list-licensedetails>).
    pub async fn license_details(&self, id: &UserId) -> Result<Listing<License>, GraphError> {
        let call = Call::new(Method::GET, self.user_child(id, "licenseDetails"));
        self.listing(call).await
    }

    /// The user's last sign-ins: `signInActivity`, which Graph returns only when selected and
    /// only to an app holding `AuditLog.Read.All` in a tenant with Entra ID P1 or P2; otherwise
    /// a 403 that [`GraphError::sign_in_unavailable`] reads.
    pub async fn sign_in_activity(
        &self,
        id: &UserId,
    ) -> Result<Option<SignInActivity>, GraphError> {
        let url = self.graph_url(&odata::user_path(id.as_str()));
        let mut call = Call::new(Method::GET, url);
        call.query.push(("$select", "id,signInActivity".to_owned()));
        let body: SignInBody = self.send_json(call).await?;
        Ok(body.sign_in_activity)
    }

    /// The first page (or the whole) of one relation.
    pub async fn related(&self, id: &UserId, relation: Relation) -> Result<Related, GraphError> {
        Ok(match relation {
            Relation::Manager => Related::Manager(self.manager(id).await?.map(Box::new)),
            Relation::DirectReports => Related::DirectReports(self.direct_reports(id).await?),
            Relation::MemberOf => Related::MemberOf(self.member_of(id).await?),
            Relation::Licenses => Related::Licenses(self.license_details(id).await?),
            Relation::SignInActivity => Related::SignInActivity(self.sign_in_activity(id).await?),
        })
    }

    /// The page of a relation's collection that `next` points at.
    pub async fn related_next(
        &self,
        next: &NextPage,
        relation: Relation,
    ) -> Result<Related, GraphError> {
        let call = self.follow(next)?;
        Ok(match relation {
            Relation::DirectReports => Related::DirectReports(self.listing(call).await?),
            Relation::MemberOf => Related::MemberOf(self.listing(call).await?),
            Relation::Licenses => Related::Licenses(self.listing(call).await?),
            Relation::Manager | Relation::SignInActivity => {
                return Err(GraphError::Internal(format!(
                    "{relation:?} has no further pages"
                )));
            }
        })
    }
}

impl GraphClient {
    /// Every user's last sign-in, counted against `cutoff`: `GET /users?$select=id,
    /// signInActivity`, page after page. Graph caps such pages at 120 users ("When you specify
    /// `$select=signInActivity` ... the maximum page size for `$top` is 120",
    /// <https://learn.microsoft.com/en-us/graph/api/user-list>) and refuses them with 403 to an
    /// app without `AuditLog.Read.All` or in a tenant without Entra ID P1/P2
    /// ([`GraphError::sign_in_unavailable`] reads which).
    pub async fn sign_in_ages(&self, cutoff: DateTime<Utc>) -> Result<SignInAges, GraphError> {
        let mut call = Call::new(Method::GET, self.graph_url("users"));
        call.query.push(("$select", "id,signInActivity".to_owned()));
        call.query.push(("$top", "120".to_owned()));
        let mut ages = SignInAges::default();
        let mut page: Listing<SignInRow> = self.listing(call).await?;
        loop {
            for row in &page.items {
                ages.users += 1;
                let last = row.sign_in_activity.as_ref().and_then(|a| {
                    [
                        a.last_sign_in_date_time,
                        a.last_non_interactive_sign_in_date_time,
                        a.last_successful_sign_in_date_time,
                    ]
                    .into_iter()
                    .flatten()
                    .max()
                });
                match last {
                    None => ages.never += 1,
                    Some(at) if at < cutoff => ages.stale += 1,
                    Some(_) => {}
                }
            }
            let Some(next) = page.next.take() else {
                return Ok(ages);
            };
            page = self.listing(self.follow(&next)?).await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn membership(json: &str) -> Membership {
        serde_json::from_str(json).unwrap()
    }

    /// The kinds as the groups-overview table tells them apart.
    #[test]
    fn memberships_are_told_apart_as_graph_documents() {
        let kind = |types: &str, mail: bool, security: bool| {
            membership(&format!(
                r##"{{"@odata.type":"#microsoft.graph.group","id":"1","groupTypes":{types},"mailEnabled":{mail},"securityEnabled":{security}}}"##
            ))
            .kind()
        };
        assert_eq!(
            kind(r#"["Unified"]"#, true, false),
            MembershipKind::Microsoft365
        );
        assert_eq!(
            kind(r#"["Unified"]"#, true, true),
            MembershipKind::Microsoft365
        );
        assert_eq!(kind("[]", false, true), MembershipKind::Security);
        assert_eq!(kind("[]", true, true), MembershipKind::MailEnabledSecurity);
        assert_eq!(kind("[]", true, false), MembershipKind::Distribution);
        let dynamic = membership(
            r##"{"@odata.type":"#microsoft.graph.group","id":"1","groupTypes":["DynamicMembership"],"mailEnabled":false,"securityEnabled":true,"membershipRule":"(user.department -eq \"Sales\")"}"##,
        );
        assert!(dynamic.is_dynamic());
        assert_eq!(dynamic.kind(), MembershipKind::Security);
        let role = membership(
            r##"{"@odata.type":"#microsoft.graph.directoryRole","id":"2","displayName":"Global Reader","roleTemplateId":"f2ef992c-3afb-46b9-b7cf-a126ee74c451"}"##,
        );
        assert_eq!(role.kind(), MembershipKind::DirectoryRole);
        // An app that may not read groups gets their type and id only.
        let hidden = membership(
            r##"{"@odata.type":"#microsoft.graph.group","id":"3","displayName":null,"groupTypes":null,"mailEnabled":null,"securityEnabled":null}"##,
        );
        assert_eq!(hidden.kind(), MembershipKind::UnknownGroup);
        assert_eq!(
            membership(r##"{"@odata.type":"#microsoft.graph.administrativeUnit","id":"4"}"##)
                .kind(),
            MembershipKind::AdministrativeUnit
        );
    }

    #[test]
    fn people_and_licences_read_as_graph_sends_them() {
        let person: Person = serde_json::from_str(
            r##"{"@odata.type":"#microsoft.graph.orgContact","id":"5","displayName":"Partner"}"##,
        )
        .unwrap();
        assert!(!person.is_user());
        assert_eq!(person.user.label(), "Partner");
        let license: License = serde_json::from_str(
            r#"{"id":"x","skuId":"6fd2c87f-b296-42f0-b197-1e91e994b900","skuPartNumber":"ENTERPRISEPACK","servicePlans":[{"servicePlanName":"TEAMS1","provisioningStatus":"Success"},{"servicePlanName":"SWAY","provisioningStatus":"Disabled"}]}"#,
        )
        .unwrap();
        assert_eq!(license.enabled_plans(), 1);
        let body: SignInBody = serde_json::from_str(
            r#"{"id":"1","signInActivity":{"lastSignInDateTime":"2024-05-01T10:00:00Z","lastNonInteractiveSignInDateTime":null}}"#,
        )
        .unwrap();
        let activity = body.sign_in_activity.unwrap();
        assert!(activity.last_sign_in_date_time.is_some());
        assert!(activity.last_successful_sign_in_date_time.is_none());
    }
}
