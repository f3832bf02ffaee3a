//! One refusal of the token endpoint, as Entra words it: HTTP status, OAuth `error`, AADSTS
//! code and message. The token endpoint and the client-assertion check both make them.

use axum::http::StatusCode;

/// One AADSTS failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenError {
    pub status: StatusCode,
    pub error: &'static str,
    pub code: u32,
    pub message: String,
}

impl TokenError {
    pub(crate) fn new(status: u16, error: &'static str, code: u32, message: String) -> TokenError {
        TokenError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            error,
            code,
            message,
        }
    }

    pub(crate) fn missing(parameter: &str) -> TokenError {
        TokenError::new(
            400,
            "invalid_request",
            900144,
            format!("The request body must contain the following parameter: '{parameter}'."),
        )
    }
}
