//! The frame's fixed rows and the smallest terminal it lays out in; screens size their
//! scrolling and paging by these.

/// Below this the layout cannot show a useful table, so the app says so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Rows taken by the breadcrumb (top) and the status and hint lines (bottom).
pub const CHROME_ROWS: u16 = 3;
