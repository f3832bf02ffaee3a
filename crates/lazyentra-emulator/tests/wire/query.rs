//! `$search`, `$filter` and `$orderby`, and the advanced-query rules they come with.

use reqwest::StatusCode;
use serde_json::Value;

use super::{Graph, all_pages, display_names, graph_error, json_of, start};

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
