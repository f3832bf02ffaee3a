//! One module per screen: its state, key handling and rendering.

pub mod user_form;
