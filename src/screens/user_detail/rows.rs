//! The detail's rows, built from the user and its relations: what the view draws and what the
//! cursor moves over. One function for both, so the row under the cursor is the row shown.
//!
//! The sections follow the Entra admin center (Identity, Job information with the manager,
//! Contact information, Settings with the last sign-ins), then what the admin center shows on
//! other tabs: direct reports, licences and group memberships (their rows: `sections.rs`).

use super::builder::Builder;
pub use super::builder::Row;
use super::sections;
use super::state::{Section, UserDetail};
use crate::state::State;

/// Every row of `detail` at `width` cells.
pub fn rows(detail: &UserDetail, state: &State, width: usize) -> Vec<Row> {
    let mut b = Builder::new(state, detail, width);
    let user = &detail.user;
    let t = |v: &Option<String>| v.clone().unwrap_or_default();
    b.heading(Section::Identity, "Identity", false);
    b.text_field("Display name", &t(&user.display_name));
    b.text_field("First name", &t(&user.given_name));
    b.text_field("Last name", &t(&user.surname));
    b.text_field("User principal name", &t(&user.user_principal_name));
    b.text_field("Object ID", user.id.as_str());
    b.text_field("User type", &t(&user.user_type));
    let created = user
        .created_date_time
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string());
    b.text_field("Created", &created.unwrap_or_default());
    // Graph's null is an account never synced (once the user is read: the list does not
    // hold it); false, one synced once and no longer.
    let synced = match user.on_premises_sync_enabled {
        Some(true) => "Yes: synced from Active Directory, most of it is edited there",
        Some(false) => "No longer (managed in the cloud)",
        None if detail.complete => "No",
        None => "",
    };
    b.text_field("On-premises sync", synced);

    b.heading(Section::Job, "Job information", false);
    b.text_field("Job title", &t(&user.job_title));
    b.text_field("Department", &t(&user.department));
    b.text_field("Company name", &t(&user.company_name));
    b.text_field("Employee ID", &t(&user.employee_id));
    b.text_field("Office location", &t(&user.office_location));
    sections::manager(&mut b);

    sections::reports(&mut b);

    b.heading(Section::Contact, "Contact information", false);
    b.text_field("Email", &t(&user.mail));
    b.text_field("Mail nickname", &t(&user.mail_nickname));
    b.text_field("Mobile phone", &t(&user.mobile_phone));
    b.text_field("Business phone", &user.business_phones.join(", "));
    b.text_field("City", &t(&user.city));
    b.text_field("Country or region", &t(&user.country));

    b.heading(Section::Settings, "Settings", false);
    let enabled = match user.account_enabled {
        Some(true) => "Yes",
        Some(false) => "No (sign-in blocked)",
        None => "",
    };
    b.text_field("Account enabled", enabled);
    sections::sign_ins(&mut b);
    b.text_field("Usage location", &t(&user.usage_location));
    b.text_field("Preferred language", &t(&user.preferred_language));

    sections::licenses(&mut b);
    sections::groups(&mut b);
    b.into_rows()
}
/// The row at `key`; when it is gone (its section has fewer rows now), the nearest row of
/// its section before it, else the first row.
pub fn index_of(rows: &[Row], key: (Section, usize)) -> usize {
    rows.iter()
        .position(|r| r.key == key && !r.blank)
        .or_else(|| {
            rows.iter()
                .rposition(|r| !r.blank && r.key.0 == key.0 && r.key.1 <= key.1)
        })
        .unwrap_or(0)
}
