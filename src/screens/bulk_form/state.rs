//! The bulk edit form's data: the five properties that make sense for many users at once,
//! each empty until typed (an empty field is not sent), and the focus.

use crate::screens::form_field::{Field, FieldKind};

/// A field of the bulk form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkField {
    Department,
    JobTitle,
    OfficeLocation,
    CompanyName,
    UsageLocation,
}

impl BulkField {
    pub const ALL: [BulkField; 5] = [
        BulkField::Department,
        BulkField::JobTitle,
        BulkField::OfficeLocation,
        BulkField::CompanyName,
        BulkField::UsageLocation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BulkField::Department => "Department",
            BulkField::JobTitle => "Job title",
            BulkField::OfficeLocation => "Office location",
            BulkField::CompanyName => "Company name",
            BulkField::UsageLocation => "Usage location",
        }
    }
}

impl FieldKind for BulkField {
    /// Graph's limits: department and company name 64 characters, job title and office
    /// location 128, usage location a two-letter country code.
    fn max_chars(self) -> Option<usize> {
        Some(match self {
            BulkField::Department | BulkField::CompanyName => 64,
            BulkField::JobTitle | BulkField::OfficeLocation => 128,
            BulkField::UsageLocation => 2,
        })
    }
}

#[derive(Clone, Debug)]
pub struct BulkForm {
    pub fields: Vec<Field<BulkField>>,
    pub focus: usize,
    /// How many users are marked.
    pub marked: usize,
    /// Why the last Ctrl-S did not go on to the review.
    pub problem: Option<String>,
}

impl BulkForm {
    pub fn new(marked: usize) -> BulkForm {
        BulkForm {
            fields: BulkField::ALL
                .into_iter()
                .map(|id| Field::text(id, "", false))
                .collect(),
            focus: 0,
            marked,
            problem: None,
        }
    }

    /// The fields filled in, trimmed, in order.
    pub fn filled(&self) -> Vec<(BulkField, String)> {
        self.fields
            .iter()
            .map(|f| (f.id, f.text_value().trim().to_owned()))
            .filter(|(_, value)| !value.is_empty())
            .collect()
    }
}
