//! The Graph emulator on the wire: raw HTTP with reqwest, checked against what Microsoft's
//! token endpoint and Graph v1.0 answer, as documented in
//! <https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow>
//! and <https://learn.microsoft.com/en-us/graph/api/resources/user>.
//!
//! One test binary (`tests/wire/`): the tests are grouped by concern in its modules, and the
//! helpers they share (a signed-in raw Graph caller, error-envelope checks, paging) live here.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::time::Duration;

use lazyentra_emulator::{Emulator, EmulatorOptions, demo};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

mod activity;
mod auth;
mod batch;
mod certificate;
mod delta;
mod domains;
mod listing;
mod privileges;
mod protocol;
mod query;
mod relations;
mod tenants;
mod token;
mod users;
mod validation;
mod writes;

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
            Some(next) => next.clone_into(&mut link),
            None => break,
        }
    }
    (users, sizes, count)
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

async fn json_of_status(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    json_of(response).await
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
