//! The Microsoft Graph client: app-only sign-in (a secret or a certificate), the user
//! operations lazyentra performs, a user's relations (manager, reports, memberships, licences,
//! sign-ins), and bulk work through JSON batching (`batch`).

mod auth;
mod batch;
mod certificate;
mod client;
mod error;
pub(crate) mod model;
pub(crate) mod odata;
mod read_ahead;
mod relations;
mod token_cache;

pub use auth::{Permissions, TokenInfo};
pub use batch::{
    BatchEvent, BatchOp, BatchOptions, BatchProgress, BatchReply, BatchReport, CancelToken,
    DEFAULT_CONCURRENCY, ItemResult, MAX_BATCH, Outcome,
};
pub use certificate::{CertificateError, ClientCertificate, Credential};
pub use client::{ClientConfig, ClientNotice, GraphClient};
pub use error::{ApiError, AuthError, AuthFailure, GraphError, SignInUnavailable};
pub use model::{
    Change, ChangesPage, DeltaLink, DeltaNext, Domain, LIST_COLUMNS, LIST_SELECT, ListQuery,
    NewUser, NextPage, Organization, Page, PageBody, PasswordProfile, ReadPage, Removed,
    USER_SELECT, User, UserChange, UserId, UserPage, UserPatch,
};
pub use relations::{
    License, Listing, Membership, MembershipKind, Person, Related, Relation, ServicePlan,
    SignInActivity, SignInAges,
};
