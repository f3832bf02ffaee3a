//! Sign-in: the client-credentials token endpoint, the access tokens it issues, and Graph's
//! check of the bearer token on each request.
//!
//! - `token`: `POST /{tenant}/oauth2/v2.0/token`, with Entra's AADSTS error bodies
//!   (`token_error`: one refusal).
//! - `assertion`: the signed client assertion of certificate credentials.
//! - `jwt`: minting and verifying the JWT-shaped access tokens.
//! - `bearer`: `Authorization: Bearer …` on Graph requests, and what the token's roles allow.

pub(crate) mod assertion;
pub(crate) mod bearer;
pub(crate) mod jwt;
pub(crate) mod token;
pub(crate) mod token_error;
