//! One module per screen or popup: each draws from `&State` (pure) and, where it has any,
//! exposes the layout facts the reducer needs (visible rows, scroll limits).

pub mod confirm_delete;
pub mod connect;
pub mod help;
pub mod password;
pub mod user_detail;
pub mod user_form;
pub mod user_list;
