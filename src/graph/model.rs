//! Serde types for the parts of Microsoft Graph's `user` resource that lazyentra reads and writes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// Properties the user list asks for (`$select`): exactly what it shows, filters and sorts on,
/// and nothing else, so a page of 999 is small on the wire and a loaded row is small in
/// memory (`screens/user_list/row.rs`). Graph returns only a default set without `$select`
/// (accountEnabled and userType would be missing). The detail and the edit form read the
/// whole user (`USER_SELECT`).
pub const LIST_SELECT: &[&str] = &[
    "id",
    "displayName",
    "userPrincipalName",
    "mail",
    "jobTitle",
    "department",
    "userType",
    "accountEnabled",
    "createdDateTime",
];

/// Every property the user list can show as a column (`c` chooses): the ones in
/// `LIST_SELECT`, always asked for, and the others, asked for only while a column shows them.
/// A saved view (`[views.NAME]`) names its columns by these.
pub const LIST_COLUMNS: &[&str] = &[
    "displayName",
    "userPrincipalName",
    "mail",
    "jobTitle",
    "department",
    "userType",
    "accountEnabled",
    "createdDateTime",
    "employeeId",
    "companyName",
    "officeLocation",
    "city",
    "country",
    "usageLocation",
    "onPremisesSyncEnabled",
];

/// Properties requested with `$select` when one user is read, and for deleted users: Graph
/// returns only a small default set otherwise. Each one is shown (the detail view, deleted
/// users) or edited (the form); add a property only together with the place that shows it.
pub const USER_SELECT: &[&str] = &[
    "id",
    "displayName",
    "givenName",
    "surname",
    "userPrincipalName",
    "mail",
    "mailNickname",
    "jobTitle",
    "department",
    "companyName",
    "employeeId",
    "officeLocation",
    "mobilePhone",
    "businessPhones",
    "city",
    "country",
    "usageLocation",
    "preferredLanguage",
    "accountEnabled",
    "userType",
    "createdDateTime",
    "onPremisesSyncEnabled",
];

/// A directory object's id (a GUID as Graph writes it). A newtype so that a UPN, a display
/// name or a request path cannot be passed where an id is meant.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for UserId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl From<String> for UserId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

/// A directory user as Graph returns it. Every property but `id` may be absent or `null`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub surname: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub mail_nickname: Option<String>,
    #[serde(default)]
    pub job_title: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub employee_id: Option<String>,
    #[serde(default)]
    pub office_location: Option<String>,
    #[serde(default)]
    pub mobile_phone: Option<String>,
    /// A collection on the wire, but Graph accepts only one number in it.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub business_phones: Vec<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub usage_location: Option<String>,
    #[serde(default)]
    pub preferred_language: Option<String>,
    #[serde(default)]
    pub account_enabled: Option<bool>,
    #[serde(default)]
    pub user_type: Option<String>,
    #[serde(default)]
    pub created_date_time: Option<DateTime<Utc>>,
    /// Synced from an on-premises directory (`true`); `null` for accounts never synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_premises_sync_enabled: Option<bool>,
    /// Set only on users read from deleted items: when the user was deleted. Graph purges it
    /// for good 30 days later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_date_time: Option<DateTime<Utc>>,
}

/// A collection Graph may send as `null`: read as empty.
pub(super) fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

impl User {
    /// The name to show for this user: display name, else UPN, else id.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(self.user_principal_name.as_deref())
            .unwrap_or(self.id.as_str())
    }

    /// The UPN, or the id when Graph did not return one.
    pub fn upn(&self) -> &str {
        self.user_principal_name
            .as_deref()
            .unwrap_or(self.id.as_str())
    }

    /// The UPN as the admin knew it. While a user is in deleted items Graph shows its UPN as
    /// `{id without dashes}{upn}`, which frees the original for reuse; this strips that prefix
    /// when it is there, and is the UPN as given otherwise.
    pub fn original_upn(&self) -> &str {
        let upn = self.upn();
        let prefix: String = self.id.as_str().chars().filter(|c| *c != '-').collect();
        match upn.get(..prefix.len()) {
            Some(head) if !prefix.is_empty() && head.eq_ignore_ascii_case(&prefix) => upn
                .get(prefix.len()..)
                .filter(|rest| !rest.is_empty())
                .unwrap_or(upn),
            _ => upn,
        }
    }

    /// B2B guests carry `#EXT#` in their UPN, or userType `Guest`.
    pub fn is_guest(&self) -> bool {
        self.user_type.as_deref() == Some("Guest")
            || self.upn().to_ascii_uppercase().contains("#EXT#")
    }

    /// Applies a patch that Graph accepted, so the UI can show the new state without a reload.
    pub fn apply_patch(&mut self, patch: &UserPatch) {
        let UserPatch {
            account_enabled,
            business_phone,
            company_name,
            department,
            display_name,
            given_name,
            job_title,
            mail_nickname,
            mobile_phone,
            office_location,
            surname,
            usage_location,
            user_principal_name,
        } = patch;
        if let Some(enabled) = account_enabled {
            self.account_enabled = Some(*enabled);
        }
        match business_phone {
            Change::Keep => {}
            Change::Set(number) => self.business_phones = vec![number.clone()],
            Change::Clear => self.business_phones.clear(),
        }
        company_name.apply_to(&mut self.company_name);
        department.apply_to(&mut self.department);
        display_name.apply_to(&mut self.display_name);
        given_name.apply_to(&mut self.given_name);
        job_title.apply_to(&mut self.job_title);
        mail_nickname.apply_to(&mut self.mail_nickname);
        mobile_phone.apply_to(&mut self.mobile_phone);
        office_location.apply_to(&mut self.office_location);
        surname.apply_to(&mut self.surname);
        usage_location.apply_to(&mut self.usage_location);
        user_principal_name.apply_to(&mut self.user_principal_name);
    }
}

/// `passwordProfile` of a new user.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordProfile {
    pub password: String,
    pub force_change_password_next_sign_in: bool,
}

impl std::fmt::Debug for PasswordProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordProfile")
            .field("password", &"[redacted]")
            .field(
                "force_change_password_next_sign_in",
                &self.force_change_password_next_sign_in,
            )
            .finish()
    }
}

/// Body of `POST /users`: the required properties plus the optional ones the form and the
/// bulk-create file offer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub account_enabled: bool,
    pub display_name: String,
    pub mail_nickname: String,
    pub user_principal_name: String,
    pub password_profile: PasswordProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub business_phones: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// What a patch does to one property: leaves it alone (not sent), sets it, or clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Change<T> {
    #[default]
    Keep,
    Set(T),
    Clear,
}

impl<T> Change<T> {
    fn is_keep(&self) -> bool {
        matches!(self, Self::Keep)
    }

    /// Applies this change to a property held as an `Option`.
    fn apply_to(&self, slot: &mut Option<T>)
    where
        T: Clone,
    {
        match self {
            Self::Keep => {}
            Self::Set(value) => *slot = Some(value.clone()),
            Self::Clear => *slot = None,
        }
    }
}

/// Read back the same way: JSON `null` is a cleared property and a value sets it; a property
/// that is not there at all is kept, which the field's `#[serde(default)]` gives (a delta
/// round's users carry only what changed: [`UserChange`]).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Change<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Change::Clear, Change::Set))
    }
}

/// A cleared property is sent as JSON `null`; a kept one is not sent at all (see the
/// `skip_serializing_if` on every [`UserPatch`] field).
impl<T: Serialize> Serialize for Change<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(value) => value.serialize(serializer),
            Self::Keep | Self::Clear => serializer.serialize_none(),
        }
    }
}

/// `businessPhones` is a collection of at most one number: set is `[number]`, cleared is `[]`.
fn phone_list<S: serde::Serializer>(
    phone: &Change<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match phone {
        Change::Set(number) => [number].serialize(serializer),
        Change::Keep | Change::Clear => serializer.collect_seq(std::iter::empty::<&str>()),
    }
}

/// Body of `PATCH /users/{id}`: the properties the edit form changes, and only those are sent.
///
/// Fields are in alphabetical order of their Graph names, the order the body always had.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPatch {
    /// An on/off switch: the form sets it or leaves it alone, so it has no cleared state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_enabled: Option<bool>,
    #[serde(
        rename = "businessPhones",
        skip_serializing_if = "Change::is_keep",
        serialize_with = "phone_list"
    )]
    pub business_phone: Change<String>,
    /// Set by the bulk edit of marked users; the single form does not show it.
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub company_name: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub department: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub display_name: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub given_name: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub job_title: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub mail_nickname: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub mobile_phone: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub office_location: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub surname: Change<String>,
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub usage_location: Change<String>,
    /// A rename of the sign-in name: never cleared (Graph requires one), only set.
    #[serde(skip_serializing_if = "Change::is_keep")]
    pub user_principal_name: Change<String>,
}

impl UserPatch {
    /// Whether the patch changes nothing (and so need not be sent).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One of the tenant's domains, as `GET /domains` lists it
/// (<https://learn.microsoft.com/en-us/graph/api/resources/domain>): a UPN may use it once it
/// is verified.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    /// The domain name, e.g. `contoso.com`.
    pub id: String,
    #[serde(default)]
    pub is_verified: bool,
    /// The domain the admin center offers new users first.
    #[serde(default)]
    pub is_default: bool,
    /// The `*.onmicrosoft.com` domain the tenant was created with.
    #[serde(default)]
    pub is_initial: bool,
}

/// The tenant as `GET /organization` describes it
/// (<https://learn.microsoft.com/en-us/graph/api/resources/organization>): only what the
/// header shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(default)]
    pub id: String,
    /// The organisation's name, as the admin center shows it.
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub verified_domains: Vec<VerifiedDomain>,
}

/// One of `organization.verifiedDomains`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    pub name: String,
    #[serde(default)]
    pub is_default: bool,
}

impl Organization {
    /// The domain the tenant gives new users by default.
    pub fn default_domain(&self) -> Option<&str> {
        self.verified_domains
            .iter()
            .find(|d| d.is_default)
            .map(|d| d.name.as_str())
    }
}

/// A link of a delta round (<https://learn.microsoft.com/en-us/graph/delta-query-overview>):
/// an `@odata.deltaLink`, which the next round starts from, or a round's `@odata.nextLink`.
/// Opaque and followed verbatim: its token carries the `$select` it was made with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeltaLink(pub String);

impl DeltaLink {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One page of a delta round: the users that changed, and what follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangesPage {
    pub changes: Vec<UserChange>,
    pub next: DeltaNext,
}

/// What follows a page of a delta round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeltaNext {
    /// More pages of this round (`@odata.nextLink`).
    More(DeltaLink),
    /// The round is over; the next one starts from this link (`@odata.deltaLink`).
    Done(DeltaLink),
}

/// One user in a delta round (<https://learn.microsoft.com/en-us/graph/api/user-delta>): added
/// (every selected property that is set), updated (its id and at least the properties that
/// changed; with `Prefer: return=minimal` only those), or removed. A property that is not
/// there did not change; one that is `null` was cleared. Only the list's columns are read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserChange {
    pub id: UserId,
    #[serde(rename = "@removed", default)]
    pub removed: Option<Removed>,
    #[serde(default)]
    pub display_name: Change<String>,
    #[serde(default)]
    pub user_principal_name: Change<String>,
    #[serde(default)]
    pub mail: Change<String>,
    #[serde(default)]
    pub job_title: Change<String>,
    #[serde(default)]
    pub department: Change<String>,
    #[serde(default)]
    pub user_type: Change<String>,
    #[serde(default)]
    pub account_enabled: Change<bool>,
    #[serde(default)]
    pub created_date_time: Change<DateTime<Utc>>,
    // The columns the list shows only when chosen (`LIST_COLUMNS`): sent when selected.
    #[serde(default)]
    pub employee_id: Change<String>,
    #[serde(default)]
    pub company_name: Change<String>,
    #[serde(default)]
    pub office_location: Change<String>,
    #[serde(default)]
    pub city: Change<String>,
    #[serde(default)]
    pub country: Change<String>,
    #[serde(default)]
    pub usage_location: Change<String>,
    #[serde(default)]
    pub on_premises_sync_enabled: Change<bool>,
}

/// `@removed`: `reason` is `changed` (in deleted items, restorable) or `deleted` (gone for
/// good).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Removed {
    #[serde(default)]
    pub reason: String,
}

impl UserChange {
    /// Merges what changed into `user`: a property not sent stays as it was, one sent as
    /// `null` is cleared.
    pub fn apply_to(&self, user: &mut User) {
        self.display_name.apply_to(&mut user.display_name);
        self.user_principal_name
            .apply_to(&mut user.user_principal_name);
        self.mail.apply_to(&mut user.mail);
        self.job_title.apply_to(&mut user.job_title);
        self.department.apply_to(&mut user.department);
        self.user_type.apply_to(&mut user.user_type);
        self.account_enabled.apply_to(&mut user.account_enabled);
        self.created_date_time.apply_to(&mut user.created_date_time);
        self.employee_id.apply_to(&mut user.employee_id);
        self.company_name.apply_to(&mut user.company_name);
        self.office_location.apply_to(&mut user.office_location);
        self.city.apply_to(&mut user.city);
        self.country.apply_to(&mut user.country);
        self.usage_location.apply_to(&mut user.usage_location);
        self.on_premises_sync_enabled
            .apply_to(&mut user.on_premises_sync_enabled);
    }
}

/// One page of a user listing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPage {
    pub users: Vec<User>,
    /// Where the next page is; `None` on the last page.
    pub next: Option<NextPage>,
    /// `@odata.count`: how many users match, when it was asked for (first page only).
    pub count: Option<u64>,
}

/// One page of a listing, its items read as `T`: what `L` reads ahead, where the user list
/// decodes the users straight into its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page<T> {
    pub items: T,
    /// Where the next page is; `None` on the last page.
    pub next: Option<NextPage>,
    /// `@odata.count`, when it was asked for (first page only).
    pub count: Option<u64>,
}

/// A listing's page as its body says: the items, `@odata.nextLink` and `@odata.count`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PageBody<T = Vec<User>> {
    #[serde(default)]
    pub value: T,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.count")]
    pub count: Option<u64>,
}

/// How a page's items are read from its body (`GraphClient::next_page_ahead`): with serde, or
/// faster by hand where a type has its own reader (the user list's rows).
pub trait ReadPage: Sized {
    /// What reading a page keeps for the next pages of the same listing (the user list's
    /// shared values).
    type Kept: Default + Send;

    /// The page in `body`, or serde's error for it.
    fn read_page(body: &str, kept: &mut Self::Kept) -> serde_json::Result<PageBody<Self>>;
}

impl ReadPage for Vec<User> {
    type Kept = ();

    fn read_page(body: &str, (): &mut ()) -> serde_json::Result<PageBody<Self>> {
        serde_json::from_str(body)
    }
}

/// An `@odata.nextLink`, kept verbatim, plus whether the query that made it was an advanced
/// query: the `ConsistencyLevel: eventual` header is not implied by the link and must be resent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPage {
    pub link: String,
    pub advanced: bool,
}

/// What to list: built by the UI, turned into `OData` query options by the client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Free text typed by the admin; searched in display name, UPN and mail.
    pub search: Option<String>,
    /// An `OData` `$filter` expression, built by the app (never raw typed text).
    pub filter: Option<String>,
    /// Page size (`$top`), 1..=999; `None` lets the client use its configured size.
    pub top: Option<u16>,
    /// Ask for `@odata.count` (an advanced query).
    pub count: bool,
    /// Properties to `$select` beyond the listing's own (the user list's chosen columns).
    pub also_select: Vec<&'static str>,
    /// `$orderby`: a property Graph sorts users by, with ` desc` for descending.
    pub order_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_business_phones_read_as_empty() {
        let user: User =
            serde_json::from_str(r#"{"id":"1","businessPhones":null,"displayName":"A"}"#).unwrap();
        assert!(user.business_phones.is_empty());
        assert_eq!(user.label(), "A");
    }

    #[test]
    fn apply_patch_updates_and_clears() {
        let mut user = User {
            id: "1".into(),
            job_title: Some("Dev".into()),
            ..User::default()
        };
        let patch = UserPatch {
            job_title: Change::Clear,
            department: Change::Set("R&D".into()),
            business_phone: Change::Set("+1 555".into()),
            account_enabled: Some(false),
            ..UserPatch::default()
        };
        user.apply_patch(&patch);
        assert_eq!(user.job_title, None);
        assert_eq!(user.department.as_deref(), Some("R&D"));
        assert_eq!(user.business_phones, vec!["+1 555".to_owned()]);
        assert_eq!(user.account_enabled, Some(false));
        assert_eq!(user.display_name, None, "kept properties stay as they were");

        user.apply_patch(&UserPatch {
            business_phone: Change::Clear,
            ..UserPatch::default()
        });
        assert!(user.business_phones.is_empty());
        assert_eq!(user.department.as_deref(), Some("R&D"));
    }

    #[test]
    fn patch_sends_only_what_changes() {
        assert!(UserPatch::default().is_empty());
        assert_eq!(serde_json::to_string(&UserPatch::default()).unwrap(), "{}");
        let patch = UserPatch {
            job_title: Change::Clear,
            business_phone: Change::Set("+44 20 7946 0000".into()),
            account_enabled: Some(false),
            ..UserPatch::default()
        };
        assert!(!patch.is_empty());
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"accountEnabled":false,"businessPhones":["+44 20 7946 0000"],"jobTitle":null}"#
        );
        let cleared = UserPatch {
            business_phone: Change::Clear,
            usage_location: Change::Set("NO".into()),
            ..UserPatch::default()
        };
        assert_eq!(
            serde_json::to_string(&cleared).unwrap(),
            r#"{"businessPhones":[],"usageLocation":"NO"}"#
        );
    }

    #[test]
    fn a_delta_user_keeps_what_it_does_not_mention_and_clears_what_is_null() {
        let change: UserChange = serde_json::from_str(
            r#"{"id":"1","jobTitle":"Countess","mail":null,"accountEnabled":false}"#,
        )
        .unwrap();
        assert_eq!(change.display_name, Change::Keep);
        assert_eq!(change.removed, None);
        let mut user = User {
            id: "1".into(),
            display_name: Some("Ada".into()),
            mail: Some("ada@contoso.com".into()),
            job_title: Some("Engineer".into()),
            account_enabled: Some(true),
            ..User::default()
        };
        change.apply_to(&mut user);
        assert_eq!(user.display_name.as_deref(), Some("Ada"), "not sent: kept");
        assert_eq!(user.job_title.as_deref(), Some("Countess"));
        assert_eq!(user.mail, None, "null: cleared");
        assert_eq!(user.account_enabled, Some(false));
        let removed: UserChange =
            serde_json::from_str(r#"{"id":"2","@removed":{"reason":"deleted"}}"#).unwrap();
        assert_eq!(
            removed.removed.map(|r| r.reason).as_deref(),
            Some("deleted")
        );
    }

    #[test]
    fn password_is_not_debug_printed() {
        let p = PasswordProfile {
            password: "hunter2!X".into(),
            force_change_password_next_sign_in: true,
        };
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[test]
    fn a_deleted_users_upn_loses_its_id_prefix() {
        let mut user = User {
            id: "3f1c9e2a-77b4-4c1e-9d0a-5b6e8f2a1c3d".into(),
            user_principal_name: Some("3f1c9e2a77b44c1e9d0a5b6e8f2a1c3dada@contoso.com".into()),
            ..User::default()
        };
        assert_eq!(user.original_upn(), "ada@contoso.com");
        // Graph has been seen to write the id in upper case.
        user.user_principal_name = Some("3F1C9E2A77B44C1E9D0A5B6E8F2A1C3Dada@contoso.com".into());
        assert_eq!(user.original_upn(), "ada@contoso.com");
        // Anything else is shown as given.
        user.user_principal_name = Some("ada@contoso.com".into());
        assert_eq!(user.original_upn(), "ada@contoso.com");
        user.user_principal_name = Some("3f1c9e2a77b44c1e9d0a5b6e8f2a1c3d".into());
        assert_eq!(user.original_upn(), "3f1c9e2a77b44c1e9d0a5b6e8f2a1c3d");
        user.user_principal_name = Some("3f1c9é".into());
        assert_eq!(user.original_upn(), "3f1c9é");
    }

    #[test]
    fn guest_detection() {
        let user = User {
            id: "1".into(),
            user_principal_name: Some("a_b.com#EXT#@t.onmicrosoft.com".into()),
            ..User::default()
        };
        assert!(user.is_guest());
    }
}
