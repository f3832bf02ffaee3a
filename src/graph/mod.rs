//! The Microsoft Graph client: app-only sign-in and the user operations lazyentra performs.

mod auth;
mod client;
mod error;
pub(crate) mod model;
pub(crate) mod odata;

pub use auth::{Permissions, TokenInfo};
pub use client::{ClientConfig, ClientNotice, GraphClient};
pub use error::{ApiError, AuthError, AuthFailure, GraphError};
pub use model::{
    Change, ListQuery, NewUser, NextPage, PasswordProfile, User, UserId, UserPage, UserPatch,
};
