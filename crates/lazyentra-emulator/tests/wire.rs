//! The Graph emulator on the wire: raw HTTP with reqwest, checked against what Microsoft's
//! token endpoint and Graph v1.0 answer, as documented in
//! <https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow>
//! and <https://learn.microsoft.com/en-us/graph/api/resources/user>.

use std::collections::HashSet;
use std::time::Duration;

use lazyentra_emulator::{Emulator, EmulatorOptions, Faults, demo};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

const GRAPH_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

async fn start(users: usize) -> Emulator {
    Emulator::start(EmulatorOptions {
        users,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn token_url(emu: &Emulator, tenant: &str) -> String {
    format!("{}{tenant}/oauth2/v2.0/token", emu.base_url())
}

fn graph_scope() -> &'static str {
    "https://graph.microsoft.com/.default"
}

async fn token_response(emu: &Emulator, tenant: &str, form: &[(&str, &str)]) -> Response {
    http()
        .post(token_url(emu, tenant))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn token_for(emu: &Emulator, client_id: &str, secret: &str) -> String {
    let response = token_response(
        emu,
        demo::TENANT_ID,
        &[
            ("client_id", client_id),
            ("client_secret", secret),
            ("scope", graph_scope()),
            ("grant_type", "client_credentials"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// A signed-in raw Graph caller.
struct Graph {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Graph {
    async fn admin(emu: &Emulator) -> Graph {
        Graph::new(emu, demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET).await
    }

    async fn reader(emu: &Emulator) -> Graph {
        Graph::new(emu, demo::READER_CLIENT_ID, demo::READER_CLIENT_SECRET).await
    }

    async fn new(emu: &Emulator, id: &str, secret: &str) -> Graph {
        Graph {
            base: emu.base_url().to_string(),
            token: token_for(emu, id, secret).await,
            http: http(),
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}v1.0/{path}", self.base)
        }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    /// A GET with `ConsistencyLevel: eventual`.
    async fn get_aq(&self, path: &str) -> Response {
        self.request(Method::GET, path)
            .header("ConsistencyLevel", "eventual")
            .send()
            .await
            .unwrap()
    }

    async fn get_query(&self, path: &str, query: &[(&str, &str)], advanced: bool) -> Response {
        let mut request = self.request(Method::GET, path).query(query);
        if advanced {
            request = request.header("ConsistencyLevel", "eventual");
        }
        request.send().await.unwrap()
    }

    async fn send_json(&self, method: Method, path: &str, body: &Value) -> Response {
        self.request(method, path).json(body).send().await.unwrap()
    }

    async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path).send().await.unwrap()
    }
}

async fn json_of(response: Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"))
}

/// Asserts a Graph error envelope with `status` and `code`; returns the `error` object.
async fn graph_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let request_id = response
        .headers()
        .get("request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        GRAPH_JSON,
        "error content type"
    );
    let body = json_of(response).await;
    let error = &body["error"];
    assert_eq!(error["code"], code, "{body}");
    assert!(error["message"].is_string());
    assert_eq!(error["innerError"]["request-id"], request_id.as_str());
    assert!(error["innerError"]["client-request-id"].is_string());
    let date = error["innerError"]["date"].as_str().unwrap();
    assert_eq!(date.len(), 19, "date like 2024-05-01T10:00:00: {date}");
    error.clone()
}

/// Follows nextLinks from `first` and returns every user seen, page sizes and the count.
async fn all_pages(
    g: &Graph,
    first: &str,
    advanced: bool,
) -> (Vec<Value>, Vec<usize>, Option<u64>) {
    let mut users = Vec::new();
    let mut sizes = Vec::new();
    let mut count = None;
    let mut link = first.to_owned();
    loop {
        let response = if advanced {
            g.get_aq(&link).await
        } else {
            g.get(&link).await
        };
        assert_eq!(response.status(), StatusCode::OK);
        let body = json_of(response).await;
        if count.is_none() {
            count = body["@odata.count"].as_u64();
        } else {
            assert!(body.get("@odata.count").is_none(), "count on a later page");
        }
        let page = body["value"].as_array().unwrap();
        sizes.push(page.len());
        users.extend(page.iter().cloned());
        match body["@odata.nextLink"].as_str() {
            Some(next) => link = next.to_owned(),
            None => break,
        }
    }
    (users, sizes, count)
}

// ---------------------------------------------------------------------------------------------
// Token endpoint

#[tokio::test]
async fn token_success_is_a_bearer_jwt_with_app_claims() {
    let emu = start(5).await;
    let response = token_response(
        &emu,
        demo::DOMAIN,
        &[
            ("client_id", demo::ADMIN_CLIENT_ID),
            ("client_secret", demo::ADMIN_CLIENT_SECRET),
            ("scope", graph_scope()),
            ("grant_type", "client_credentials"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["ext_expires_in"], 3599);
    let token = body["access_token"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    use base64::Engine as _;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["tid"], demo::TENANT_ID);
    assert_eq!(claims["appid"], demo::ADMIN_CLIENT_ID);
    assert_eq!(claims["idtyp"], "app");
    assert_eq!(claims["roles"], json!(["User.ReadWrite.All"]));
    assert_eq!(claims["aud"], "https://graph.microsoft.com");
    assert_eq!(
        claims["iss"],
        format!("https://sts.windows.net/{}/", demo::TENANT_ID)
    );
    for claim in ["iat", "nbf", "exp"] {
        assert!(claims[claim].is_i64(), "{claim}");
    }
    assert!(claims["oid"].is_string() && claims["app_displayname"].is_string());
    assert_eq!(emu.token_requests(), 1);
    assert_eq!(emu.request_count(), 0);
}

#[tokio::test]
async fn token_accepts_basic_auth_and_the_emulators_own_scope() {
    let emu = start(1).await;
    let own_scope = format!("{}.default", emu.base_url());
    let response = http()
        .post(token_url(&emu, "contoso.com"))
        .basic_auth(demo::READER_CLIENT_ID, Some(demo::READER_CLIENT_SECRET))
        .form(&[
            ("scope", own_scope.as_str()),
            ("grant_type", "client_credentials"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let token = json_of(response).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let users = http()
        .get(format!("{}v1.0/users", emu.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), StatusCode::OK);
}

async fn token_error(
    emu: &Emulator,
    tenant: &str,
    form: &[(&str, &str)],
    status: StatusCode,
    error: &str,
    code: u64,
) -> Value {
    let response = token_response(emu, tenant, form).await;
    assert_eq!(response.status(), status, "{form:?}");
    let body = json_of(response).await;
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], json!([code]), "{body}");
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("AADSTS{code}: ")),
        "{description}"
    );
    assert!(description.contains("\r\nTrace ID: "));
    assert!(description.contains("\r\nCorrelation ID: "));
    assert!(description.contains("\r\nTimestamp: "));
    let timestamp = body["timestamp"].as_str().unwrap();
    assert!(
        timestamp.ends_with('Z') && timestamp.len() == 20,
        "{timestamp}"
    );
    assert!(body["trace_id"].is_string() && body["correlation_id"].is_string());
    assert!(
        body["error_uri"]
            .as_str()
            .unwrap()
            .ends_with(&code.to_string())
    );
    body
}

#[tokio::test]
async fn token_failures_have_entras_shape() {
    let emu = start(1).await;
    let good = |id: &'static str, secret: &'static str| {
        vec![
            ("client_id", id),
            ("client_secret", secret),
            ("scope", "https://graph.microsoft.com/.default"),
            ("grant_type", "client_credentials"),
        ]
    };
    let admin = good(demo::ADMIN_CLIENT_ID, demo::ADMIN_CLIENT_SECRET);
    let bad = StatusCode::BAD_REQUEST;
    let unauthorized = StatusCode::UNAUTHORIZED;
    let t = demo::TENANT_ID;

    token_error(&emu, "common", &admin, bad, "invalid_request", 9001023).await;
    token_error(&emu, "consumers", &admin, bad, "invalid_request", 9001023).await;
    token_error(
        &emu,
        "11111111-2222-3333-4444-555555555555",
        &admin,
        bad,
        "invalid_tenant",
        90002,
    )
    .await;
    token_error(&emu, "fabrikam.com", &admin, bad, "invalid_tenant", 90002).await;
    token_error(
        &emu,
        "not_a_tenant!",
        &admin,
        bad,
        "invalid_request",
        900023,
    )
    .await;
    let unknown = good("99999999-9999-4999-8999-999999999999", "x");
    token_error(&emu, t, &unknown, bad, "unauthorized_client", 700016).await;
    let wrong = good(demo::ADMIN_CLIENT_ID, "wrong");
    token_error(&emu, t, &wrong, unauthorized, "invalid_client", 7000215).await;
    let expired = good(demo::EXPIRED_CLIENT_ID, demo::EXPIRED_CLIENT_SECRET);
    token_error(&emu, t, &expired, unauthorized, "invalid_client", 7000222).await;
    let no_secret: Vec<_> = admin
        .iter()
        .filter(|(k, _)| *k != "client_secret")
        .cloned()
        .collect();
    token_error(&emu, t, &no_secret, unauthorized, "invalid_client", 7000218).await;
    for missing in ["client_id", "scope", "grant_type"] {
        let form: Vec<_> = admin
            .iter()
            .filter(|(k, _)| *k != missing)
            .cloned()
            .collect();
        let body = token_error(&emu, t, &form, bad, "invalid_request", 900144).await;
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains(&format!("parameter: '{missing}'."))
        );
    }
    let mut no_default = admin.clone();
    no_default[2] = ("scope", "https://graph.microsoft.com/User.Read.All");
    token_error(&emu, t, &no_default, bad, "invalid_scope", 1002012).await;
    let mut other_resource = admin.clone();
    other_resource[2] = ("scope", "https://management.azure.com/.default");
    token_error(&emu, t, &other_resource, bad, "invalid_scope", 70011).await;
    let mut password = admin.clone();
    password[3] = ("grant_type", "password");
    token_error(&emu, t, &password, bad, "unsupported_grant_type", 70003).await;
    assert_eq!(emu.request_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Graph authentication and permissions

#[tokio::test]
async fn graph_refuses_missing_forged_and_expired_tokens() {
    let emu = start(3).await;
    let url = format!("{}v1.0/users", emu.base_url());
    let response = http().get(&url).send().await.unwrap();
    assert!(response.headers().contains_key("www-authenticate"));
    let e = graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(e["message"], "Access token is empty.");

    let response = http()
        .get(&url)
        .bearer_auth("garbage")
        .send()
        .await
        .unwrap();
    let e = graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(
        e["message"],
        "CompactToken parsing failed with error code: 80049217"
    );

    // A real token with its roles claim rewritten.
    let token = token_for(&emu, demo::READER_CLIENT_ID, demo::READER_CLIENT_SECRET).await;
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let claims = String::from_utf8(b64.decode(&parts[1]).unwrap()).unwrap();
    parts[1] = b64.encode(claims.replace("User.Read.All", "User.ReadWrite.All"));
    let forged = parts.join(".");
    let response = http().get(&url).bearer_auth(&forged).send().await.unwrap();
    graph_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;

    let g = Graph::reader(&emu).await;
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    emu.expire_tokens();
    let e = graph_error(
        g.get("users").await,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(
        e["message"],
        "Lifetime validation failed, the token is expired."
    );
    // A fresh sign-in works again.
    let g = Graph::reader(&emu).await;
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn short_token_lifetime_expires_on_time() {
    let emu = Emulator::start(EmulatorOptions {
        users: 1,
        token_lifetime: Duration::from_secs(1),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let g = Graph::admin(&emu).await;
    // Poll (no fixed sleep) until the one-second token is refused.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let response = g.get("users").await;
        if response.status() == StatusCode::UNAUTHORIZED {
            let e = graph_error(
                response,
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
            )
            .await;
            assert_eq!(
                e["message"],
                "Lifetime validation failed, the token is expired."
            );
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            tokio::time::Instant::now() < deadline,
            "token never expired"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn reader_app_cannot_write() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    let id = emu.users_snapshot()[0]["id"].as_str().unwrap().to_owned();
    let forbidden = StatusCode::FORBIDDEN;
    let code = "Authorization_RequestDenied";
    let e = graph_error(
        g.send_json(
            Method::PATCH,
            &format!("users/{id}"),
            &json!({"jobTitle": "x"}),
        )
        .await,
        forbidden,
        code,
    )
    .await;
    assert_eq!(
        e["message"],
        "Insufficient privileges to complete the operation."
    );
    graph_error(
        g.send_json(Method::POST, "users", &new_user("x")).await,
        forbidden,
        code,
    )
    .await;
    graph_error(g.delete(&format!("users/{id}")).await, forbidden, code).await;
    assert_eq!(emu.user_count(), 3);
    assert!(emu.user(&id).unwrap()["jobTitle"] != "x");
}

// ---------------------------------------------------------------------------------------------
// Headers

#[tokio::test]
async fn every_response_carries_graphs_headers() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let response = g
        .request(Method::GET, "users")
        .header("client-request-id", "5b1b5ac0-c1d7-4a3c-9a0e-000000000001")
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(
        headers["client-request-id"],
        "5b1b5ac0-c1d7-4a3c-9a0e-000000000001"
    );
    assert!(uuid::Uuid::parse_str(headers["request-id"].to_str().unwrap()).is_ok());
    assert_eq!(headers["odata-version"], "4.0");
    assert!(headers.contains_key("x-ms-ags-diagnostic"));
    assert_eq!(headers["content-type"], GRAPH_JSON);

    // Without a client-request-id, it equals request-id, also inside error bodies.
    let response = g.get("users/nobody@contoso.com").await;
    let request_id = response.headers()["request-id"].clone();
    assert_eq!(response.headers()["client-request-id"], request_id);
    let e = graph_error(response, StatusCode::NOT_FOUND, "Request_ResourceNotFound").await;
    assert_eq!(
        e["innerError"]["client-request-id"],
        request_id.to_str().unwrap()
    );
    assert_eq!(
        e["message"],
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present."
    );
}

fn new_user(alias: &str) -> Value {
    json!({
        "accountEnabled": true,
        "displayName": format!("New {alias}"),
        "mailNickname": alias,
        "userPrincipalName": format!("{alias}@contoso.com"),
        "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}
    })
}

// ---------------------------------------------------------------------------------------------
// Listing

#[tokio::test]
async fn list_has_graphs_envelope_and_default_properties() {
    let emu = start(150).await;
    let g = Graph::reader(&emu).await;
    let body = json_of(g.get("users").await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users", emu.base_url())
    );
    let page = body["value"].as_array().unwrap();
    assert_eq!(page.len(), 100, "default page size");
    let keys: Vec<&String> = page[0].as_object().unwrap().keys().collect();
    let mut expected = vec![
        "businessPhones",
        "displayName",
        "givenName",
        "id",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
    ];
    expected.sort_unstable();
    let mut keys: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert!(body["@odata.nextLink"].is_string());
    assert!(body.get("@odata.count").is_none());
}

#[tokio::test]
async fn select_top_and_paging_to_the_end() {
    let emu = start(1500).await;
    let g = Graph::reader(&emu).await;
    let first = "users?$select=id,displayName,accountEnabled,userType,faxNumber&$top=999";
    let (users, sizes, count) = all_pages(&g, first, false).await;
    assert_eq!(sizes, [999, 501]);
    assert_eq!(count, None);
    let ids: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1500, "every user exactly once");
    let user = users[0].as_object().unwrap();
    assert_eq!(user.len(), 5);
    assert!(user["faxNumber"].is_null(), "selected but unset → null");
    assert!(user["accountEnabled"].is_boolean());

    let body = json_of(g.get("users?$select=id,displayName&$top=2").await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users(id,displayName)", emu.base_url())
    );
    let next = body["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&format!("{}v1.0/users?", emu.base_url())),
        "{next}"
    );
    assert!(
        next.contains("$select=id,displayName") && next.contains("$top=2"),
        "{next}"
    );
    assert!(next.contains("$skiptoken="), "{next}");
}

#[tokio::test]
async fn top_out_of_range_is_refused() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(
        g.get("users?$top=1000").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."
    );
    graph_error(
        g.get("users?$top=0").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
}

#[tokio::test]
async fn search_needs_the_consistency_header() {
    let emu = start(30).await;
    let g = Graph::reader(&emu).await;
    let search = [("$search", "\"displayName:o'brien\"")];
    let e = graph_error(
        g.get_query("users", &search, false).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"
    );
    let body = json_of(g.get_query("users", &search, true).await).await;
    let names: Vec<&str> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["displayName"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Seán O'Brien"), "{names:?}");
}

#[tokio::test]
async fn throttling_knob_answers_429_with_retry_after() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    emu.set_faults(Faults {
        throttle_every: Some(2),
        retry_after: Duration::from_millis(50),
        ..Faults::default()
    });
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    let response = g.get("users").await;
    assert_eq!(response.headers()["retry-after"], "0.05");
    let body = json_of_status(response, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(body["error"]["code"], "TooManyRequests");
    assert_eq!(body["error"]["message"], "Please retry again later.");
    assert_eq!(body["error"]["innerError"]["code"], "429");
    assert_eq!(body["error"]["innerError"]["status"], "429");
    assert_eq!(body["error"]["innerError"]["message"], "Please retry after");
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    emu.set_faults(Faults {
        throttle_every: Some(1),
        retry_after: Duration::from_secs(3),
        ..Faults::default()
    });
    assert_eq!(g.get("users").await.headers()["retry-after"], "3");
    assert_eq!(emu.request_count(), 4);
}

async fn json_of_status(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    json_of(response).await
}

// ---------------------------------------------------------------------------------------------
// $count, $search, $filter, $orderby

#[tokio::test]
async fn count_needs_the_consistency_header() {
    let emu = start(42).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(
        g.get("users/$count").await,
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(e["message"], "$count is not currently supported.");
    let response = g.get_aq("users/$count").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(response.text().await.unwrap(), "42");

    // $count=true without the header is silently ignored; with it, first page only.
    let body = json_of(g.get("users?$count=true&$top=5").await).await;
    assert!(body.get("@odata.count").is_none());
    let (users, _, count) = all_pages(&g, "users?$count=true&$top=10", true).await;
    assert_eq!(count, Some(42));
    assert_eq!(users.len(), 42);
}

/// displayNames in a listing.
fn display_names(body: &Value) -> Vec<String> {
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["displayName"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn quotes_in_names_work_through_search_and_filter() {
    let emu = start(60).await;
    let g = Graph::reader(&emu).await;
    // The client's escaping: `"` and `\` backslash-escaped inside a search clause.
    let search = r#""displayName:Robert \"Bobby\"" OR "userPrincipalName:Robert \"Bobby\"""#;
    let body = json_of(g.get_query("users", &[("$search", search)], true).await).await;
    assert_eq!(display_names(&body), [r#"Robert "Bobby" Tables"#]);
    let body = json_of(
        g.get_query("users", &[("$search", r#""displayName:o'brien""#)], true)
            .await,
    )
    .await;
    let names = display_names(&body);
    assert!(names.contains(&"Seán O'Brien".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| n.contains("O'Brien")), "{names:?}");
    // Doubled single quotes in a filter literal.
    let filter = [("$filter", "displayName eq 'Seán O''Brien'")];
    let body = json_of(g.get_query("users", &filter, false).await).await;
    assert_eq!(display_names(&body), ["Seán O'Brien"]);
    let filter = [(
        "$filter",
        "userPrincipalName eq 'sean.o''brien@contoso.com'",
    )];
    let body = json_of(g.get_query("users", &filter, false).await).await;
    assert_eq!(display_names(&body), ["Seán O'Brien"]);
    let filter = [("$filter", r#"displayName eq 'Robert "Bobby" Tables'"#)];
    let body = json_of(g.get_query("users", &filter, false).await).await;
    assert_eq!(display_names(&body), [r#"Robert "Bobby" Tables"#]);
}

#[tokio::test]
async fn search_tokenizes_display_names_and_reports_syntax_errors() {
    let emu = start(40).await;
    let g = Graph::reader(&emu).await;
    let search = |s: &'static str| [("$search", s)];
    let body = json_of(
        g.get_query("users", &search(r#""displayName:mcallister""#), true)
            .await,
    )
    .await;
    assert!(
        display_names(&body).is_empty(),
        "McAllister splits into Mc + Allister"
    );
    let body = json_of(
        g.get_query("users", &search(r#""displayName:allister shawn""#), true)
            .await,
    )
    .await;
    assert_eq!(display_names(&body), ["DeShawn McAllister"]);
    // "DeShawn" is indexed as "De" + "Shawn", so the whole word finds nothing by name...
    let body = json_of(
        g.get_query("users", &search(r#""displayName:deshawn""#), true)
            .await,
    )
    .await;
    assert!(display_names(&body).is_empty());
    // ...while the UPN, matched like startsWith, does.
    let body = json_of(
        g.get_query(
            "users",
            &search(r#""displayName:deshawn" OR "userPrincipalName:deshawn""#),
            true,
        )
        .await,
    )
    .await;
    assert_eq!(display_names(&body), ["DeShawn McAllister"]);
    let body = json_of(
        g.get_query("users", &search(r#""displayName:山田""#), true)
            .await,
    )
    .await;
    assert_eq!(display_names(&body), ["山田 太郎"]);
    let body = json_of(
        g.get_query(
            "users",
            &search(r#"("displayName:zoë" OR "displayName:josé") AND "userPrincipalName:j""#),
            true,
        )
        .await,
    )
    .await;
    assert_eq!(display_names(&body), ["José Müller"]);
    let e = graph_error(
        g.get_query("users", &search(r#""displayName:unterminated"#), true)
            .await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert!(e["message"].as_str().unwrap().starts_with("Syntax error"));
}

#[tokio::test]
async fn filters_eq_startswith_and_or_in() {
    let emu = start(400).await;
    let g = Graph::reader(&emu).await;
    let all = emu.users_snapshot();
    let filter = |f: &str| {
        vec![
            ("$filter".to_owned(), f.to_owned()),
            ("$top".to_owned(), "999".to_owned()),
        ]
    };
    let list = |body: Value| -> Vec<String> {
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let expect = |pred: &dyn Fn(&Value) -> bool| -> Vec<String> {
        all.iter()
            .filter(|u| pred(u))
            .map(|u| u["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = |f: String| {
        let q = filter(&f);
        let g = &g;
        async move {
            let pairs: Vec<(&str, &str)> =
                q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let response = g.get_query("users", &pairs, false).await;
            assert_eq!(response.status(), StatusCode::OK, "{f}");
            json_of(response).await
        }
    };

    let guests = list(get("userType eq 'guest'".into()).await);
    assert_eq!(guests, expect(&|u| u["userType"] == "Guest"));
    assert!(!guests.is_empty());
    let disabled = list(get("accountEnabled eq false".into()).await);
    assert_eq!(disabled, expect(&|u| u["accountEnabled"] == false));
    let starts = list(get("startswith(displayName,'a')".into()).await);
    assert_eq!(
        starts,
        expect(&|u| u["displayName"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with('a'))
    );
    let both = list(get("startsWith(displayName,'a') and accountEnabled eq true".into()).await);
    assert_eq!(
        both,
        expect(&|u| u["displayName"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with('a')
            && u["accountEnabled"] == true)
    );
    let either = list(get("(department eq 'Sales') or (department eq 'Legal')".into()).await);
    assert_eq!(
        either,
        expect(&|u| u["department"] == "Sales" || u["department"] == "Legal")
    );
    let within = list(get("department in ('sales', 'LEGAL')".into()).await);
    assert_eq!(within, either);
    let first_two: Vec<String> = all[..2]
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    let by_id = list(
        get(format!(
            "id in ('{}', '{}')",
            first_two[0],
            first_two[1].to_uppercase()
        ))
        .await,
    );
    assert_eq!(by_id, first_two);
}

#[tokio::test]
async fn advanced_filters_need_the_header_and_count() {
    let emu = start(50).await;
    let g = Graph::reader(&emu).await;
    let ends = [(
        "$filter",
        "endswith(userPrincipalName,'#EXT#@lazyentra-demo.onmicrosoft.com')",
    )];
    let e = graph_error(
        g.get_query("users", &ends, false).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Operator 'endsWith' is not supported because the 'ConsistencyLevel:eventual' header is missing."
    );
    let ends_aq = [ends[0], ("$count", "true")];
    let body = json_of(g.get_query("users", &ends_aq, true).await).await;
    assert!(body["@odata.count"].as_u64().unwrap() >= 1);
    for u in body["value"].as_array().unwrap() {
        assert!(u["userPrincipalName"].as_str().unwrap().contains("#EXT#"));
    }
    let ne = [("$filter", "userType ne 'Member'")];
    let e = graph_error(
        g.get_query("users", &ne, false).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Filter operator 'NotEqualsMatch' is not supported."
    );
    let ne_aq = [ne[0], ("$count", "true")];
    assert_eq!(
        g.get_query("users", &ne_aq, true).await.status(),
        StatusCode::OK
    );
    let e = graph_error(
        g.get_query("users", &[("$filter", "shoeSize eq 'x'")], false)
            .await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    assert_eq!(
        e["message"],
        "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'."
    );
    graph_error(
        g.get_query("users", &[("$filter", "displayName eq")], false)
            .await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
}

#[tokio::test]
async fn orderby_sorts_and_needs_aq_with_a_filter() {
    let emu = start(300).await;
    let g = Graph::reader(&emu).await;
    let (users, _, _) = all_pages(
        &g,
        "users?$orderby=displayName&$top=37&$select=id,displayName",
        false,
    )
    .await;
    assert_eq!(users.len(), 300);
    let names: Vec<String> = users
        .iter()
        .map(|u| u["displayName"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let (users, _, _) = all_pages(
        &g,
        "users?$orderby=userPrincipalName%20desc&$top=999",
        false,
    )
    .await;
    let upns: Vec<String> = users
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = upns.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(upns, sorted);

    let q = [
        ("$filter", "accountEnabled eq true"),
        ("$orderby", "displayName"),
    ];
    let e = graph_error(
        g.get_query("users", &q, false).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(e["message"], "Sorting not supported for current query.");
    let q = [q[0], q[1], ("$count", "true")];
    assert_eq!(
        g.get_query("users", &q, true).await.status(),
        StatusCode::OK
    );
    graph_error(
        g.get_query("users", &[("$orderby", "jobTitle")], false)
            .await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
}

#[tokio::test]
async fn skiptokens_are_opaque_and_checked() {
    let emu = start(30).await;
    let g = Graph::reader(&emu).await;
    let body = json_of(g.get("users?$top=5").await).await;
    let next = body["@odata.nextLink"].as_str().unwrap().to_owned();
    let tampered = next.replacen("%27", "%2700", 1);
    let e = graph_error(
        g.get(&tampered).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Unable to execute query; invalid page token specified."
    );
    // The same token on a different query is refused too.
    let token = next.split("$skiptoken=").nth(1).unwrap();
    let other = format!("users?$top=5&$filter=accountEnabled%20eq%20true&$skiptoken={token}");
    graph_error(
        g.get(&other).await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(g.get(&next).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn paging_survives_deletes_between_pages() {
    let emu = start(20).await;
    let g = Graph::admin(&emu).await;
    let body = json_of(g.get("users?$top=10&$select=id").await).await;
    let first: Vec<String> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    // Delete one user already served and one not yet served.
    let snapshot = emu.users_snapshot();
    assert_eq!(
        g.delete(&format!("users/{}", first[3])).await.status(),
        StatusCode::NO_CONTENT
    );
    let later = snapshot[15]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        g.delete(&format!("users/{later}")).await.status(),
        StatusCode::NO_CONTENT
    );
    let (rest, _, _) = all_pages(&g, body["@odata.nextLink"].as_str().unwrap(), false).await;
    let expected: Vec<String> = snapshot[10..]
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .filter(|id| *id != later)
        .collect();
    let got: Vec<String> = rest
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------------------------------------
// One user

#[tokio::test]
async fn get_by_id_upn_guest_upn_and_key_form() {
    let emu = start(30).await;
    let g = Graph::reader(&emu).await;
    let sean = emu.user("SEAN.O'BRIEN@contoso.com").unwrap();
    let id = sean["id"].as_str().unwrap();
    let body = json_of(g.get(&format!("users/{id}")).await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users/$entity", emu.base_url())
    );
    assert_eq!(body["displayName"], "Seán O'Brien");
    assert!(
        body.get("accountEnabled").is_none(),
        "not in the default set"
    );

    let body = json_of(
        g.get("users/sean.o'brien@contoso.com?$select=id,accountEnabled")
            .await,
    )
    .await;
    assert_eq!(
        body["@odata.context"],
        format!(
            "{}v1.0/$metadata#users(id,accountEnabled)/$entity",
            emu.base_url()
        )
    );
    assert_eq!(body["id"], id);
    assert!(body["accountEnabled"].is_boolean());

    let guest = "adele.vance_fabrikam.com%23EXT%23@lazyentra-demo.onmicrosoft.com";
    let body = json_of(g.get(&format!("users/{guest}")).await).await;
    assert_eq!(body["displayName"], "Adele Vance (Fabrikam)");

    let e = graph_error(
        g.get("users/$svc-backup@lazyentra-demo.onmicrosoft.com")
            .await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    assert!(e["message"].as_str().unwrap().contains("$svc-backup"));
    let body = json_of(
        g.get("users('$svc-backup@lazyentra-demo.onmicrosoft.com')")
            .await,
    )
    .await;
    assert_eq!(body["displayName"], "Backup Service ($svc-backup)");
    let body = json_of(g.get("users('sean.o''brien@contoso.com')").await).await;
    assert_eq!(body["id"], id);

    graph_error(
        g.get("users/00000000-0000-4000-8000-000000000000").await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
}

#[tokio::test]
async fn single_entity_properties_are_501_on_lists() {
    let emu = start(3).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(
        g.get("users?$select=id,birthday").await,
        StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
    )
    .await;
    assert_eq!(e["message"], "This operation target is not yet supported.");
    let id = emu.users_snapshot()[0]["id"].as_str().unwrap().to_owned();
    let body = json_of(g.get(&format!("users/{id}?$select=birthday,skills")).await).await;
    assert!(body["birthday"].is_null());
    assert_eq!(body["skills"], json!([]));
}

#[tokio::test]
async fn unknown_routes_answer_like_graph() {
    let emu = start(1).await;
    let g = Graph::reader(&emu).await;
    let e = graph_error(g.get("groups").await, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(e["message"], "Resource not found for the segment 'groups'.");
    let e = graph_error(
        g.get("directory/deletedItems").await,
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
    )
    .await;
    assert_eq!(
        e["message"],
        "Searches against this resource are not supported. Only specific instances can be queried."
    );
    let response = g
        .request(Method::GET, &format!("{}beta/users", emu.base_url()))
        .send()
        .await
        .unwrap();
    graph_error(response, StatusCode::BAD_REQUEST, "BadRequest").await;
}

// ---------------------------------------------------------------------------------------------
// Writes

#[tokio::test]
async fn create_returns_201_with_the_new_user() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let response = g
        .send_json(Method::POST, "users", &new_user("AdeleV"))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(response.headers().contains_key("location"));
    let body = json_of(response).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#users/$entity", emu.base_url())
    );
    let id = body["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(body["userPrincipalName"], "AdeleV@contoso.com");
    assert_eq!(body["businessPhones"], json!([]));
    assert!(body.get("passwordProfile").is_none());
    assert!(!body.to_string().contains("xWwvJ"), "password never echoed");
    let stored = emu.user(id).unwrap();
    assert_eq!(stored["userType"], "Member");
    assert!(stored["createdDateTime"].as_str().unwrap().ends_with('Z'));
    assert_eq!(emu.user_count(), 6);
    // Reads see it at once.
    assert_eq!(
        g.get("users/adelev@CONTOSO.com").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn create_validation_failures() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let post = |body: Value| {
        let g = &g;
        async move { g.send_json(Method::POST, "users", &body).await }
    };
    let with = |change: Value| {
        let mut body = new_user("Valid");
        for (k, v) in change.as_object().unwrap() {
            if v.is_null() && k != "mail" {
                body.as_object_mut().unwrap().remove(k);
            } else {
                body[k] = v.clone();
            }
        }
        body
    };
    let bad = StatusCode::BAD_REQUEST;
    let rb = "Request_BadRequest";

    for required in [
        "accountEnabled",
        "displayName",
        "mailNickname",
        "userPrincipalName",
    ] {
        let e = graph_error(post(with(json!({ required: null }))).await, bad, rb).await;
        assert_eq!(
            e["message"],
            format!("Property {required} value is required but is empty or missing.")
        );
    }
    let e = graph_error(
        post(with(
            json!({"passwordProfile": {"forceChangePasswordNextSignIn": true}}),
        ))
        .await,
        bad,
        rb,
    )
    .await;
    assert!(e["message"].as_str().unwrap().contains("passwordProfile"));

    let e = graph_error(
        post(with(json!({"userPrincipalName": "valid@fabrikam.com"}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization."
    );
    assert_eq!(e["details"][0]["target"], "userPrincipalName");
    for upn in [
        "jösé@contoso.com",
        "no-at-sign",
        "two words@contoso.com",
        ".dot@contoso.com",
    ] {
        let e = graph_error(
            post(with(json!({ "userPrincipalName": upn }))).await,
            bad,
            rb,
        )
        .await;
        assert_eq!(e["details"][0]["code"], "InvalidValue", "{upn}");
    }
    let e = graph_error(
        post(with(
            json!({"userPrincipalName": "SEAN.O'BRIEN@contoso.com"}),
        ))
        .await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "Another object with the same value for property userPrincipalName already exists."
    );
    assert_eq!(e["details"][0]["code"], "ObjectConflict");
    assert_eq!(e["details"][0]["target"], "userPrincipalName");

    let e = graph_error(
        post(with(json!({"mailNickname": "has space"}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "Invalid value specified for property 'mailNickname' of resource 'User'."
    );
    for weak in [
        "short1A",
        "alllowercaseletters",
        "NoDigitsOrSymbols",
        "ÄÖÜäöü123!",
    ] {
        let e = graph_error(
            post(with(json!({"passwordProfile": {"password": weak}}))).await,
            bad,
            rb,
        )
        .await;
        assert_eq!(
            e["message"],
            "The specified password does not comply with password complexity requirements. Please provide a different password.",
            "{weak}"
        );
    }
    let e = graph_error(
        post(with(json!({"displayName": "x".repeat(257)}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "displayName");
    let e = graph_error(post(with(json!({"usageLocation": "USA"}))).await, bad, rb).await;
    assert_eq!(e["details"][0]["target"], "usageLocation");
    let e = graph_error(
        post(with(json!({"businessPhones": ["+1 1", "+1 2"]}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "businessPhones");
    let e = graph_error(
        post(with(json!({"id": "00000000-0000-4000-8000-000000000000"}))).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(
        e["message"],
        "Property 'id' is read-only and cannot be set."
    );
    let e = graph_error(
        post(with(json!({"favouriteColour": "blue"}))).await,
        bad,
        "BadRequest",
    )
    .await;
    assert!(e["message"].as_str().unwrap().starts_with(
        "The property 'favouriteColour' does not exist on type 'microsoft.graph.user'."
    ));
    let response = g
        .request(Method::POST, "users")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    graph_error(response, bad, "BadRequest").await;
    assert_eq!(emu.user_count(), 5, "nothing was created");
    // A guest userType and a second verified domain are fine.
    let ok =
        with(json!({"userType": "Guest", "userPrincipalName": "x@lazyentra-demo.onmicrosoft.com"}));
    assert_eq!(post(ok).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn patch_returns_204_and_checks_values() {
    let emu = start(5).await;
    let g = Graph::admin(&emu).await;
    let upn = "sean.o'brien@contoso.com";
    let patch = |path: String, body: Value| {
        let g = &g;
        async move { g.send_json(Method::PATCH, &path, &body).await }
    };
    let response = patch(
        format!("users/{upn}"),
        json!({"jobTitle": "Principal DBA", "businessPhones": ["+353 1 555 0100"], "mobilePhone": null, "accountEnabled": false}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers().get("content-type").is_none());
    assert!(response.text().await.unwrap().is_empty());
    let user = emu.user(upn).unwrap();
    assert_eq!(user["jobTitle"], "Principal DBA");
    assert_eq!(user["businessPhones"], json!(["+353 1 555 0100"]));
    assert!(user["mobilePhone"].is_null());
    assert_eq!(user["accountEnabled"], false);

    let bad = StatusCode::BAD_REQUEST;
    let rb = "Request_BadRequest";
    for read_only in [
        json!({"id": "x"}),
        json!({"createdDateTime": "2020-01-01T00:00:00Z"}),
        json!({"proxyAddresses": ["SMTP:x@contoso.com"]}),
        json!({"onPremisesSyncEnabled": true}),
        json!({"deletedDateTime": null}),
    ] {
        let e = graph_error(
            patch(format!("users/{upn}"), read_only.clone()).await,
            bad,
            rb,
        )
        .await;
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .ends_with("is read-only and cannot be set."),
            "{read_only}"
        );
    }
    let e = graph_error(
        patch(format!("users/{upn}"), json!({"displayName": null})).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "displayName");
    let e = graph_error(
        patch(format!("users/{upn}"), json!({"usageLocation": "Ireland"})).await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["target"], "usageLocation");
    let e = graph_error(
        patch(
            format!("users/{upn}"),
            json!({"userPrincipalName": "robert.tables@contoso.com"}),
        )
        .await,
        bad,
        rb,
    )
    .await;
    assert_eq!(e["details"][0]["code"], "ObjectConflict");
    let e = graph_error(
        patch(
            format!("users/{upn}"),
            json!({"userPrincipalName": "sean@gmail.com"}),
        )
        .await,
        bad,
        rb,
    )
    .await;
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("The domain portion")
    );
    graph_error(
        patch("users/nobody@contoso.com".into(), json!({"jobTitle": "x"})).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;

    // Renaming (even just the case of) one's own UPN is fine; the old name stops resolving.
    let response = patch(
        format!("users/{upn}"),
        json!({"userPrincipalName": "Sean.OBrien@contoso.com"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(emu.user(upn).is_none());
    assert_eq!(
        emu.user("sean.obrien@contoso.com").unwrap()["jobTitle"],
        "Principal DBA"
    );

    // Password reset: the admin app holds the User Administrator role.
    let response = patch(
        "users('$svc-backup@lazyentra-demo.onmicrosoft.com')".into(),
        json!({"passwordProfile": {"password": "N3w-Passw0rd!", "forceChangePasswordNextSignIn": false}}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let svc = emu
        .user("$svc-backup@lazyentra-demo.onmicrosoft.com")
        .unwrap();
    assert_eq!(svc["passwordProfile"]["password"], "N3w-Passw0rd!");
}

#[tokio::test]
async fn delete_restore_and_purge() {
    let emu = start(10).await;
    let g = Graph::admin(&emu).await;
    let upn = "robert.tables@contoso.com";
    let id = emu.user(upn).unwrap()["id"].as_str().unwrap().to_owned();
    let response = g.delete(&format!("users/{upn}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!((emu.user_count(), emu.deleted_count()), (9, 1));
    graph_error(
        g.get(&format!("users/{id}")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    graph_error(
        g.delete(&format!("users/{id}")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;

    let body = json_of(
        g.get("directory/deletedItems/microsoft.graph.user?$select=id,displayName,userPrincipalName,deletedDateTime")
            .await,
    )
    .await;
    let items = body["value"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert!(items[0]["deletedDateTime"].as_str().unwrap().ends_with('Z'));
    // Entra renames deleted users: object id without dashes, then the old UPN.
    assert_eq!(
        items[0]["userPrincipalName"],
        format!("{}{upn}", id.replace('-', ""))
    );
    let body = json_of(g.get(&format!("directory/deletedItems/{id}")).await).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#directoryObjects/$entity", emu.base_url())
    );
    assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    assert!(emu.deleted_user(&id).is_some());

    // The UPN is free again; while it is taken, restore fails.
    let mut blocker = new_user("robert.tables");
    blocker["mailNickname"] = json!("rtables");
    let created = json_of(g.send_json(Method::POST, "users", &blocker).await).await;
    let restore = format!("directory/deletedItems/{id}/restore");
    let e = graph_error(
        g.request(Method::POST, &restore).send().await.unwrap(),
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(e["details"][0]["target"], "userPrincipalName");
    let blocker_id = created["id"].as_str().unwrap();
    assert_eq!(
        g.delete(&format!("users/{blocker_id}")).await.status(),
        StatusCode::NO_CONTENT
    );

    let response = g.request(Method::POST, &restore).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    assert_eq!(
        body["@odata.context"],
        format!("{}v1.0/$metadata#directoryObjects/$entity", emu.base_url())
    );
    assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["userPrincipalName"], upn);
    assert_eq!(
        g.get(&format!("users/{upn}")).await.status(),
        StatusCode::OK
    );
    assert!(emu.user(&id).unwrap()["deletedDateTime"].is_null());

    // Permanent delete.
    assert_eq!(
        g.delete(&format!("users/{id}")).await.status(),
        StatusCode::NO_CONTENT
    );
    let response = g.delete(&format!("directory/deletedItems/{id}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    graph_error(
        g.get(&format!("directory/deletedItems/{id}")).await,
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
    )
    .await;
    assert!(emu.deleted_user(&id).is_none());
    assert_eq!(
        emu.deleted_count(),
        1,
        "only the blocker is left in deleted items"
    );
    let e = graph_error(
        g.get("directory/deletedItems/not-a-guid").await,
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
    )
    .await;
    assert_eq!(e["message"], "Invalid object identifier 'not-a-guid'.");
}

// ---------------------------------------------------------------------------------------------
// Scale

#[tokio::test]
async fn a_hundred_thousand_users_page_quickly() {
    let started = std::time::Instant::now();
    let emu = start(100_000).await;
    let seeded = started.elapsed();
    assert_eq!(emu.user_count(), 100_000);
    let g = Graph::reader(&emu).await;
    let timed = std::time::Instant::now();
    let body = json_of(g.get("users?$top=999&$select=id,displayName").await).await;
    assert_eq!(body["value"].as_array().unwrap().len(), 999);
    let next = body["@odata.nextLink"].as_str().unwrap().to_owned();
    assert_eq!(g.get(&next).await.status(), StatusCode::OK);
    let q = [
        ("$search", r#""displayName:ana" OR "userPrincipalName:ana""#),
        ("$filter", "accountEnabled eq true"),
        ("$orderby", "displayName"),
        ("$count", "true"),
        ("$top", "999"),
    ];
    let body = json_of(g.get_query("users", &q, true).await).await;
    assert!(body["@odata.count"].as_u64().unwrap() > 0);
    let pages = timed.elapsed();
    // Generous bounds for an unoptimised build on a shared machine; release is ~10x faster.
    assert!(seeded < Duration::from_secs(20), "seeding took {seeded:?}");
    assert!(
        pages < Duration::from_secs(20),
        "three pages took {pages:?}"
    );
    eprintln!("100k users: seeded in {seeded:?}, three pages in {pages:?}");
}

#[tokio::test]
async fn other_user_endpoints() {
    let emu = start(3).await;
    let g = Graph::admin(&emu).await;
    let e = graph_error(g.get("me").await, StatusCode::BAD_REQUEST, "BadRequest").await;
    assert_eq!(
        e["message"],
        "/me request is only valid with delegated authentication flow."
    );
    let upn = "sean.o'brien@contoso.com";
    let response = g
        .request(Method::POST, &format!("users/{upn}/revokeSignInSessions"))
        .send()
        .await
        .unwrap();
    let body = json_of_status(response, StatusCode::OK).await;
    assert_eq!(body["value"], true);
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("$metadata#Edm.Boolean")
    );
    let reader = Graph::reader(&emu).await;
    let response = reader
        .request(Method::POST, &format!("users/{upn}/revokeSignInSessions"))
        .send()
        .await
        .unwrap();
    graph_error(
        response,
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
    )
    .await;
    // Known Graph navigations the emulator does not model say so; unknown ones are 400.
    graph_error(
        g.get(&format!("users/{upn}/manager")).await,
        StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
    )
    .await;
    graph_error(
        g.get(&format!("users/{upn}/shoes")).await,
        StatusCode::BAD_REQUEST,
        "BadRequest",
    )
    .await;
    let body = json_of_status(g.get("organization").await, StatusCode::OK).await;
    let domains: Vec<&str> = body["value"][0]["verifiedDomains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(domains, demo::VERIFIED_DOMAINS);
    assert_eq!(body["value"][0]["id"], demo::TENANT_ID);
}

#[tokio::test]
async fn latency_knob_delays_every_request() {
    let emu = start(1).await;
    let g = Graph::reader(&emu).await;
    emu.set_faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    });
    let timed = std::time::Instant::now();
    assert_eq!(g.get("users").await.status(), StatusCode::OK);
    assert!(timed.elapsed() >= Duration::from_millis(150));
    let timed = std::time::Instant::now();
    token_for(&emu, demo::READER_CLIENT_ID, demo::READER_CLIENT_SECRET).await;
    assert!(
        timed.elapsed() >= Duration::from_millis(150),
        "token endpoint too"
    );
}

#[tokio::test]
async fn concurrent_writes_keep_the_tenant_consistent() {
    let emu = start(10).await;
    let g = std::sync::Arc::new(Graph::admin(&emu).await);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let g = std::sync::Arc::clone(&g);
        tasks.push(tokio::spawn(async move {
            let alias = format!("load{i}");
            let created = g.send_json(Method::POST, "users", &new_user(&alias)).await;
            assert_eq!(created.status(), StatusCode::CREATED);
            // Half of them are deleted again straight away; everyone lists meanwhile.
            assert_eq!(g.get("users?$top=7").await.status(), StatusCode::OK);
            if i % 2 == 0 {
                let upn = format!("{alias}@contoso.com");
                assert_eq!(
                    g.delete(&format!("users/{upn}")).await.status(),
                    StatusCode::NO_CONTENT
                );
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!((emu.user_count(), emu.deleted_count()), (22, 12));
    let (users, _, _) = all_pages(&g, "users?$top=5", false).await;
    assert_eq!(users.len(), 22);
}
