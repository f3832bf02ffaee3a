//! A page of Graph's users read straight into list rows (`row.rs`): no `User` and no JSON value
//! in between, and a string without escapes goes from the page's bytes into its row without a
//! copy of its own. `L` reads every page this way, on the worker, while the next page is on
//! the wire (`graph/read_ahead.rs`).
//!
//! Pages as Graph writes them are read faster still by hand (`scan.rs`); this reading is for
//! every other page, and the measure of that one. Both read a user's properties through
//! [`read_property`], the one list of what the list keeps.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::row::{Fields, Row, Value, Values};
use crate::graph::{Page, User, UserPage};

/// A page's users as rows, in the order Graph listed them, and the shared values (job title,
/// department, user type) they were the first to use: the list adopts those
/// (`UserList::append_rows`); the others came with earlier pages of the same load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rows {
    pub rows: Vec<Row>,
    pub values: Vec<Value>,
}

/// A page of the user list, read as rows.
pub type RowPage = Page<Rows>;

impl Rows {
    /// Rows for users decoded whole (a page asked for with `Op::NextPage`, tests).
    pub fn of_users(users: &[User]) -> Rows {
        let mut values = Values::default();
        let rows = users.iter().map(|u| Row::new(u, &mut values)).collect();
        Rows {
            rows,
            values: values.since(0).to_vec(),
        }
    }
}

impl From<UserPage> for RowPage {
    fn from(page: UserPage) -> RowPage {
        Page {
            items: Rows::of_users(&page.users),
            next: page.next,
            count: page.count,
        }
    }
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rows, D::Error> {
        deserializer.deserialize_seq(RowsVisitor)
    }
}

struct RowsVisitor;

impl<'de> Visitor<'de> for RowsVisitor {
    type Value = Rows;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of users")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
        let mut values = Values::default();
        // Graph's pages hold up to 999 users; the hint is capped so a lying one costs little.
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1000));
        while let Some(row) = seq.next_element_seed(RowSeed(&mut values))? {
            rows.push(row);
        }
        Ok(Rows {
            rows,
            values: values.since(0).to_vec(),
        })
    }
}

/// Reads one user object into a row, its shared values from (or into) the page's `Values`.
struct RowSeed<'v>(&'v mut Values);

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Row;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Row, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Row;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a user")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let mut user = Fields::default();
        let mut id = None;
        while let Some(Text(key)) = map.next_key()? {
            read_property(&key, &mut user, &mut id, &mut SerdeValue(&mut map))?;
        }
        user.id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        Ok(Row::from_fields(&user, self.0))
    }
}

/// How a reader of a page reads the value of one user property, for [`read_property`]: serde
/// here, the scanner in `scan.rs`.
pub(super) trait PropertyValue<'a> {
    type Error;
    fn id(&mut self) -> Result<Cow<'a, str>, Self::Error>;
    /// A string or `null`.
    fn text(&mut self) -> Result<Option<Cow<'a, str>>, Self::Error>;
    /// A boolean or `null`.
    fn flag(&mut self) -> Result<Option<bool>, Self::Error>;
    /// A time stamp or `null`.
    fn time(&mut self) -> Result<Option<DateTime<Utc>>, Self::Error>;
    /// Any value, read past.
    fn skip(&mut self) -> Result<(), Self::Error>;
}

/// Property `key` of a user into `user` (its id into `id`): the one list of the properties
/// the list keeps, for both readers of a page. As `User` reads them: absent and `null` are
/// both unset; anything the list does not keep is skipped unread. A property the list adds is
/// one arm here and one field of [`Fields`].
pub(super) fn read_property<'a, V: PropertyValue<'a>>(
    key: &str,
    user: &mut Fields<'a>,
    id: &mut Option<Cow<'a, str>>,
    value: &mut V,
) -> Result<(), V::Error> {
    match key {
        "id" => *id = Some(value.id()?),
        "displayName" => user.display_name = value.text()?,
        "userPrincipalName" => user.user_principal_name = value.text()?,
        "mail" => user.mail = value.text()?,
        "jobTitle" => user.job_title = value.text()?,
        "department" => user.department = value.text()?,
        "userType" => user.user_type = value.text()?,
        "accountEnabled" => user.account_enabled = value.flag()?,
        "createdDateTime" => user.created = value.time()?,
        // The chosen columns beyond the list's own (`Columns::also_select`).
        "employeeId" => user.employee_id = value.text()?,
        "companyName" => user.company_name = value.text()?,
        "officeLocation" => user.office_location = value.text()?,
        "city" => user.city = value.text()?,
        "country" => user.country = value.text()?,
        "usageLocation" => user.usage_location = value.text()?,
        "onPremisesSyncEnabled" => user.on_premises_sync_enabled = value.flag()?,
        _ => value.skip()?,
    }
    Ok(())
}

/// A property's value read by serde from the page's map.
struct SerdeValue<'m, A>(&'m mut A);

impl<'de, A: MapAccess<'de>> PropertyValue<'de> for SerdeValue<'_, A> {
    type Error = A::Error;

    fn id(&mut self) -> Result<Cow<'de, str>, A::Error> {
        Ok(self.0.next_value::<Text<'de>>()?.0)
    }

    fn text(&mut self) -> Result<Option<Cow<'de, str>>, A::Error> {
        Ok(self.0.next_value::<Option<Text<'de>>>()?.map(|t| t.0))
    }

    fn flag(&mut self) -> Result<Option<bool>, A::Error> {
        self.0.next_value()
    }

    fn time(&mut self) -> Result<Option<DateTime<Utc>>, A::Error> {
        self.0.next_value()
    }

    fn skip(&mut self) -> Result<(), A::Error> {
        self.0.next_value::<IgnoredAny>().map(drop)
    }
}

/// A JSON string, borrowed from the input when it can be.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text<'de>, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }

            fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[derive(Deserialize)]
    struct Body {
        value: Rows,
    }

    /// The page as Graph writes it, with the list's `$select`.
    fn json(users: &[User]) -> String {
        serde_json::json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "value": users,
        })
        .to_string()
    }

    #[test]
    fn rows_read_from_the_bytes_are_the_rows_of_the_decoded_users() {
        let mut users = fixtures::users();
        users.extend(fixtures::many_users(0, 50));
        let mut odd = fixtures::user(900, "José \"Pepe\"\nMüller \u{1F600}", "jose");
        odd.mail = None;
        odd.account_enabled = None;
        odd.created_date_time = None;
        users.push(odd);
        // The chosen columns beyond the list's own come through the decoder too.
        users[0].on_premises_sync_enabled = Some(true);
        users[1].on_premises_sync_enabled = Some(false);
        assert!(users[0].city.is_some() && users[0].employee_id.is_some());
        let body = json(&users);
        let rows: Rows = serde_json::from_value(
            serde_json::from_str::<serde_json::Value>(&body).unwrap()["value"].clone(),
        )
        .unwrap();
        assert_eq!(rows.rows, Rows::of_users(&users).rows);
        // And straight from the bytes, as the client reads a page.
        let direct: Body = serde_json::from_str(&body).unwrap();
        assert_eq!(direct.value.rows, Rows::of_users(&users).rows);
    }

    #[test]
    fn null_absent_and_unknown_properties_read_as_user_does() {
        let body = r#"[
            {"id":"1","displayName":null,"mail":"a@b","accountEnabled":false,
             "businessPhones":["1"],"manager":{"id":"9","x":[1,{"y":null}]},
             "createdDateTime":"2024-03-01T10:00:00Z"},
            {"userPrincipalName":"x#ext#@contoso.com","id":"2","userType":null}
        ]"#;
        let users: Vec<User> = serde_json::from_str(body).unwrap();
        let rows: Rows = serde_json::from_str(body).unwrap();
        assert_eq!(rows.rows, Rows::of_users(&users).rows);
        assert!(rows.rows[1].is_guest(), "#EXT# in any case");
        assert_eq!(rows.rows[0].account_enabled(), Some(false));
    }

    #[test]
    fn a_user_without_an_id_or_with_a_wrong_type_is_an_error() {
        assert!(serde_json::from_str::<Rows>(r#"[{"displayName":"x"}]"#).is_err());
        assert!(serde_json::from_str::<Rows>(r#"[{"id":"1","accountEnabled":"yes"}]"#).is_err());
        assert!(serde_json::from_str::<Rows>(r#"[{"id":"1","createdDateTime":"soon"}]"#).is_err());
        assert!(serde_json::from_str::<Rows>(r#"[{"id":1}]"#).is_err());
    }
}
