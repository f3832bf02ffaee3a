//! Speed of what an admin waits for: the demo tenant starting, the first page of a big tenant,
//! a server-side search, and decoding a full page of users.
//!
//! Run with `cargo bench --bench graph`; method and results are in BENCHMARKS.md.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lazyentra::graph::{
    ClientConfig, Credential, GraphClient, LIST_SELECT, ListQuery, ReadPage, USER_SELECT, User,
};
use lazyentra::screens::user_list::Rows;
use lazyentra::screens::user_list::row::Values;
use lazyentra_emulator::{Emulator, EmulatorOptions, demo};
use secrecy::SecretString;
use tokio::runtime::Runtime;

const BIG_TENANT: usize = 100_000;

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn start(rt: &Runtime, users: usize) -> Emulator {
    rt.block_on(Emulator::start(EmulatorOptions {
        port: 0,
        users,
        ..EmulatorOptions::default()
    }))
    .expect("emulator starts")
}

fn client(emu: &Emulator) -> GraphClient {
    GraphClient::new(ClientConfig {
        tenant_id: demo::TENANT_ID.to_owned(),
        client_id: demo::ADMIN_CLIENT_ID.to_owned(),
        credential: Credential::Secret(SecretString::from(demo::ADMIN_CLIENT_SECRET.to_owned())),
        authority_host: emu.base_url(),
        graph_endpoint: emu.base_url(),
        page_size: 999,
        request_timeout: Duration::from_secs(30),
        max_retries: 0,
        max_retry_wait: Duration::from_secs(1),
    })
    .expect("client")
}

fn demo_start(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("emulator");
    group.sample_size(10);
    group.bench_function("start with 100k users", |b| {
        b.iter(|| rt.block_on(start(&rt, BIG_TENANT).shutdown()));
    });
    group.finish();
}

fn listing(c: &mut Criterion) {
    let rt = runtime();
    let emu = start(&rt, BIG_TENANT);
    let client = client(&emu);
    rt.block_on(client.connect()).expect("sign-in");
    let mut group = c.benchmark_group("graph over loopback, 100k users");
    group.sample_size(20);
    group.bench_function("first page, $top=999 with $count", |b| {
        let query = ListQuery {
            count: true,
            ..ListQuery::default()
        };
        b.to_async(&rt)
            .iter(|| async { black_box(client.list_users(&query).await.expect("page")) });
    });
    group.bench_function("second page via nextLink", |b| {
        let first = rt
            .block_on(client.list_users(&ListQuery::default()))
            .expect("page");
        let next = first.next.expect("a next page");
        b.to_async(&rt)
            .iter(|| async { black_box(client.next_page(&next).await.expect("page")) });
    });
    group.bench_function("search 'ma' ($search, first page)", |b| {
        let query = ListQuery {
            search: Some("ma".to_owned()),
            count: true,
            ..ListQuery::default()
        };
        b.to_async(&rt)
            .iter(|| async { black_box(client.list_users(&query).await.expect("page")) });
    });
    group.bench_function("get one user by UPN", |b| {
        let upn = emu.users_snapshot()[BIG_TENANT / 2]["userPrincipalName"]
            .as_str()
            .expect("upn")
            .to_owned();
        b.to_async(&rt)
            .iter(|| async { black_box(client.get_user(&upn).await.expect("user")) });
    });
    group.finish();
    rt.block_on(emu.shutdown());
}

fn decoding(c: &mut Criterion) {
    let rt = runtime();
    let emu = start(&rt, 999);
    // The properties a page carries: the client's `$select`.
    let users: Vec<serde_json::Value> = emu
        .users_snapshot()
        .into_iter()
        .map(|u| {
            USER_SELECT
                .iter()
                .map(|k| ((*k).to_owned(), u[*k].clone()))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    let body = serde_json::to_string(&users).expect("json");
    // A page as `L` reads it: the list's `$select`, wrapped as Graph wraps a page.
    let listed: Vec<serde_json::Value> = emu
        .users_snapshot()
        .into_iter()
        .map(|u| {
            LIST_SELECT
                .iter()
                .map(|k| ((*k).to_owned(), u[*k].clone()))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    let page = serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X%27A1%27",
        "value": listed,
    })
    .to_string();
    rt.block_on(emu.shutdown());
    c.bench_function("decode a page of 999 users", |b| {
        b.iter(|| black_box(serde_json::from_str::<Vec<User>>(&body).expect("users")));
    });
    let mut group = c.benchmark_group("a page of 999 users into list rows");
    group.bench_function("by serde's visitor", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_str::<lazyentra::graph::PageBody<Rows>>(&page).expect("rows"),
            )
        });
    });
    group.bench_function("by the page scanner", |b| {
        b.iter(|| black_box(Rows::read_page(&page, &mut Values::default()).expect("rows")));
    });
    group.finish();
}

criterion_group!(benches, demo_start, listing, decoding);
criterion_main!(benches);
