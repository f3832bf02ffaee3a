//! The Graph emulator on the wire: raw HTTP with reqwest, checked against what Microsoft's
//! token endpoint and Graph v1.0 answer (GRAPH.md).

use std::collections::HashSet;
use std::time::Duration;

use lazyentra::emulator::{Emulator, EmulatorOptions, Faults, demo};
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
