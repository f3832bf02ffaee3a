//! "Clear the marks?": how many, and on which list.

/// Which list's marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marked {
    Users,
    DeletedUsers,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClearMarks {
    pub count: usize,
    pub on: Marked,
}
