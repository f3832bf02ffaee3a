//! The column chooser through the reducer.
