//! Graph's error envelope (<https://learn.microsoft.com/en-us/graph/errors>) and the errors the
//! emulator answers with.
//!
//! Handlers return `Result<Response, ApiError>`; the request id and date are only known to the
//! server loop, so an `ApiError` becomes a response there, in [`ApiError::into_response`].

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde::Serialize;

use crate::http::response::{Ctx, json};

/// One entry of `error.details`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Detail {
    pub code: &'static str,
    pub message: String,
    pub target: String,
}

#[derive(Clone, Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Vec<Detail>,
    kind: Extra,
}

#[derive(Clone, Debug, PartialEq)]
enum Extra {
    None,
    /// 401: Graph adds a `WWW-Authenticate` challenge.
    Challenge,
    /// 429: `Retry-After` value and the throttling body shape.
    Throttled(String),
    /// 503: `Retry-After` value, the usual body shape.
    RetryAfter(String),
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
            kind: Extra::None,
        }
    }

    /// 400 `Request_BadRequest`: directory validation failures.
    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
    }

    /// 400 `BadRequest`: what Graph's `OData` layer says about malformed URLs and bodies.
    pub(crate) fn odata(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// 400 `syncStateNotFound`: a delta link whose change tracking is gone. Graph keeps it seven
    /// days for directory objects ("Token duration" in
    /// <https://learn.microsoft.com/en-us/graph/delta-query-overview>; the code and message as
    /// in <https://learn.microsoft.com/en-us/graph/errors> and Microsoft's 2020 announcement
    /// of the seven days, which names the status: `BadRequest`).
    pub(crate) fn sync_state_not_found() -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "syncStateNotFound",
            "The sync state generation is not found. The delta token is expired and data must \
             be synchronized again.",
        )
    }

    /// 400 `Request_UnsupportedQuery`: query options the directory cannot run.
    pub(crate) fn unsupported_query(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", message)
    }

    /// 400 for a `$filter` clause on a property that does not support it.
    pub(crate) fn unsupported_filter(property: &str) -> ApiError {
        ApiError::unsupported_query(format!(
            "Unsupported or invalid query filter clause specified for property '{property}' of resource 'User'."
        ))
    }

    /// 400 for a property name that is not on `microsoft.graph.user`.
    pub(crate) fn unknown_property(property: &str) -> ApiError {
        ApiError::odata(format!(
            "Could not find a property named '{property}' on type 'microsoft.graph.user'."
        ))
    }

    /// 400 with `details: [{code: InvalidValue, target}]`.
    pub(crate) fn invalid_value(property: &str) -> ApiError {
        ApiError::bad_request(format!(
            "Invalid value specified for property '{property}' of resource 'User'."
        ))
        .detail("InvalidValue", property)
    }

    /// 400 for a required property that is missing, null or empty.
    pub(crate) fn required(property: &str) -> ApiError {
        ApiError::bad_request(format!(
            "Property {property} value is required but is empty or missing."
        ))
        .detail("PropertyRequired", property)
    }

    /// 400 for a property only Graph may set.
    pub(crate) fn read_only(property: &str) -> ApiError {
        ApiError::bad_request(format!(
            "Property '{property}' is read-only and cannot be set."
        ))
        .detail("ReadOnlyProperty", property)
    }

    /// 400 for a change to what a synced user's on-premises directory owns. Graph names no
    /// property; the message is the one admins quote (microsoftgraph/microsoft-graph-docs
    /// issues 7301 and 18038).
    pub(crate) fn mastered_on_premises() -> ApiError {
        ApiError::bad_request(
            "Unable to update the specified properties for on-premises mastered Directory Sync \
             objects or objects currently undergoing migration.",
        )
    }

    /// 400 `ObjectConflict` on a unique property.
    pub(crate) fn conflict(property: &str) -> ApiError {
        ApiError::bad_request(format!(
            "Another object with the same value for property {property} already exists."
        ))
        .detail("ObjectConflict", property)
    }

    /// 404 `Request_ResourceNotFound` for an object id, UPN or navigation.
    pub(crate) fn not_found(key: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            format!(
                "Resource '{key}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    }

    /// 400 for a path segment Graph has no resource for.
    pub(crate) fn no_segment(segment: &str) -> ApiError {
        ApiError::odata(format!("Resource not found for the segment '{segment}'."))
    }

    /// 405 for a known resource and a method it does not take.
    pub(crate) fn method_not_allowed(method: &str) -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "Request_BadRequest",
            format!("The requested resource does not support http method '{method}'."),
        )
    }

    /// 401 `InvalidAuthenticationToken`.
    pub(crate) fn unauthorized(message: &str) -> ApiError {
        ApiError {
            kind: Extra::Challenge,
            ..ApiError::new(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                message,
            )
        }
    }

    /// 401 for a valid token whose tenant (`tid`) this Graph does not know, as Graph answers
    /// it (quoted in MicrosoftDocs/azure-docs#32957 and
    /// hashicorp/terraform-provider-azuread#1645, "HTTP 401 `OrganizationFromTenantGuidNotFound`").
    pub(crate) fn unknown_tenant(tid: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "OrganizationFromTenantGuidNotFound",
            format!("The tenant for tenant guid '{tid}' does not exist."),
        )
    }

    /// 403 `Authorization_RequestDenied`.
    pub(crate) fn forbidden() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        )
    }

    /// 403 for `signInActivity` asked by an app without `AuditLog.Read.All`, as Graph words it
    /// (recorded in microsoftgraph/microsoft-graph-explorer-v4#2731 for
    /// `GET /v1.0/users?$select=displayName,signInActivity`).
    pub(crate) fn audit_log_permission_missing() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "Authentication_MSGraphPermissionMissing",
            "Calling principal does not have required MSGraph permissions AuditLog.Read.All",
        )
    }

    /// 403 for `signInActivity` in a tenant without Entra ID P1 or P2, as Graph words it
    /// (microsoftgraph/microsoft-graph-docs-contrib#3033, MicrosoftDocs/azure-docs#77948).
    pub(crate) fn no_premium_license() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
        )
    }

    /// 501 for properties Graph returns on single users only.
    pub(crate) fn not_implemented() -> ApiError {
        ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            "This operation target is not yet supported.",
        )
    }

    /// 501 for Graph features this emulator does not model; says so plainly rather than
    /// pretending to be a Graph error.
    pub(crate) fn not_emulated(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            format!("The lazyentra Graph emulator does not implement '{what}'."),
        )
    }

    /// 400 for a `$batch` body that is not a batch: not JSON, no `requests` array, an empty
    /// one, or a request without its `id`, `method` or `url`. Graph's words, recorded in
    /// `bradleymarques/microslop_one_drive` `test/fixtures/batch/invalid_format.json`; an
    /// empty batch gets the same (microsoftgraph PHP SDK users' note: "When the batch is
    /// empty the API throws error: Invalid batch payload format.").
    pub(crate) fn batch_format() -> ApiError {
        ApiError::odata("Invalid batch payload format.")
    }

    /// 400 for a `$batch` of more than 20 requests
    /// (<https://learn.microsoft.com/en-us/graph/json-batching#batch-size-limitations>), as
    /// recorded in `bradleymarques/microslop_one_drive`
    /// `test/fixtures/batch_permissions/batch_exceeds_limits.json`.
    pub(crate) fn batch_too_large() -> ApiError {
        ApiError::odata("Number of requests inside batch exceed the limit.")
    }

    /// 400 for two requests of one batch with the same `id` ("Must be unique in the batch,
    /// otherwise, the batch request fails with a `400` error code",
    /// <https://learn.microsoft.com/en-us/graph/json-batching>); the message as recorded in
    /// `bradleymarques/microslop_one_drive` `test/fixtures/batch/non_unique_ids.json`.
    pub(crate) fn batch_duplicate_id(id: &str) -> ApiError {
        ApiError::odata(format!("Request Id {id} has to be unique in a batch."))
    }

    /// 424 for a request of a batch whose `dependsOn` request failed ("any request that
    /// depends on that request fails with status code `424` (Failed Dependency)",
    /// <https://learn.microsoft.com/en-us/graph/json-batching>). The code and message are
    /// the emulator's: no recorded body was found.
    pub(crate) fn failed_dependency(id: &str) -> ApiError {
        ApiError::new(
            StatusCode::FAILED_DEPENDENCY,
            "FailedDependency",
            format!("The request depends on request '{id}', which failed."),
        )
    }

    /// 503 with `Retry-After`: Graph's `serviceNotAvailable`
    /// (<https://learn.microsoft.com/en-us/graph/errors>: "The service is not available. Try
    /// the request again after a delay. There might be a Retry-After header.").
    pub(crate) fn unavailable(retry_after: String) -> ApiError {
        ApiError {
            kind: Extra::RetryAfter(retry_after),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceNotAvailable",
                "The service is not available. Try the request again after a delay.",
            )
        }
    }

    /// 429 with `Retry-After` (seconds, possibly fractional).
    pub(crate) fn throttled(retry_after: String) -> ApiError {
        ApiError {
            kind: Extra::Throttled(retry_after),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Please retry again later.",
            )
        }
    }

    /// Adds one `details` entry.
    pub(crate) fn detail(mut self, code: &'static str, target: &str) -> ApiError {
        self.details.push(Detail {
            code,
            message: self.message.clone(),
            target: target.to_owned(),
        });
        self
    }

    pub(crate) fn into_response(self, ctx: &Ctx) -> Response<Body> {
        let date = ctx.inner_date();
        let mut response = match &self.kind {
            Extra::Throttled(_) => json(
                self.status,
                &Envelope {
                    error: ThrottleBody {
                        code: self.code,
                        message: &self.message,
                        inner_error: ThrottleInner {
                            code: "429",
                            date: &date,
                            message: "Please retry after",
                            request_id: &ctx.request_id,
                            client_request_id: &ctx.client_request_id,
                            status: "429",
                        },
                    },
                },
            ),
            _ => json(
                self.status,
                &Envelope {
                    error: ErrorFields {
                        code: self.code,
                        message: &self.message,
                        details: &self.details,
                        inner_error: Inner {
                            date: &date,
                            request_id: &ctx.request_id,
                            client_request_id: &ctx.client_request_id,
                        },
                    },
                },
            ),
        };
        let headers = response.headers_mut();
        match self.kind {
            Extra::None => {}
            Extra::RetryAfter(retry_after) => {
                if let Ok(v) = HeaderValue::from_str(&retry_after) {
                    headers.insert(header::RETRY_AFTER, v);
                }
            }
            Extra::Challenge => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(
                        "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"",
                    ),
                );
            }
            Extra::Throttled(retry_after) => {
                if let Ok(v) = HeaderValue::from_str(&retry_after) {
                    headers.insert(header::RETRY_AFTER, v);
                }
                headers.insert(
                    "x-ms-throttle-information",
                    HeaderValue::from_static("ResourceUnitLimitExceeded"),
                );
            }
        }
        response
    }
}

#[derive(Serialize)]
struct Envelope<T> {
    error: T,
}

#[derive(Serialize)]
struct ErrorFields<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[Detail]>::is_empty")]
    details: &'a [Detail],
    #[serde(rename = "innerError")]
    inner_error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    date: &'a str,
    #[serde(rename = "request-id")]
    request_id: &'a str,
    #[serde(rename = "client-request-id")]
    client_request_id: &'a str,
}

#[derive(Serialize)]
struct ThrottleBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(rename = "innerError")]
    inner_error: ThrottleInner<'a>,
}

#[derive(Serialize)]
struct ThrottleInner<'a> {
    code: &'a str,
    date: &'a str,
    message: &'a str,
    #[serde(rename = "request-id")]
    request_id: &'a str,
    #[serde(rename = "client-request-id")]
    client_request_id: &'a str,
    status: &'a str,
}
