//! The Microsoft Graph client: app-only sign-in (a secret or a certificate) and the user
//! operations lazyentra performs.

mod auth;
mod certificate;
mod client;
mod error;
pub(crate) mod model;
pub(crate) mod odata;
mod token_cache;

pub use auth::{Permissions, TokenInfo};
pub use certificate::{CertificateError, ClientCertificate, Credential};
pub use client::{ClientConfig, ClientNotice, GraphClient};
pub use error::{ApiError, AuthError, AuthFailure, GraphError};
pub use model::{
    Change, ChangesPage, DeltaLink, DeltaNext, LIST_SELECT, ListQuery, NewUser, NextPage,
    PasswordProfile, Removed, User, UserChange, UserId, UserPage, UserPatch,
};
