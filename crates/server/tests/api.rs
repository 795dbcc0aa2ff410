//! The HTTP API without a browser: auth on writes, the OpenAPI document, metrics, errors,
//! merged stories, copies and headlines.

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::StreamExt;
use parallax_model::{Article, ArticleId, CopyKind, StoryId};
use parallax_server::{Options, router};
use parallax_store::{NewArticle, Placement, SqliteStore, Store, StoryStateRow};
use tower::ServiceExt;

async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

fn post(token: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/api/articles").header("content-type", "application/json");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(r#"{"title":"t","text":"x"}"#)).expect("request")
}

#[tokio::test]
async fn writes_need_the_token_and_reads_are_open() {
    let app = router(
        SqliteStore::in_memory().expect("store"),
        vec![],
        Options { token: Some("s3cret".into()), ingest: None },
    );
    assert_eq!(call(&app, post(None)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(call(&app, post(Some("wrong"))).await.0, StatusCode::UNAUTHORIZED);
    // Right token, but this server has no pipeline.
    assert_eq!(call(&app, post(Some("s3cret"))).await.0, StatusCode::SERVICE_UNAVAILABLE);
    let no_token = router(SqliteStore::in_memory().expect("store"), vec![], Options::default());
    assert_eq!(call(&no_token, post(Some(""))).await.0, StatusCode::UNAUTHORIZED);
    for uri in ["/", "/api/stories", "/api/entities", "/entities", "/search?q=x", "/health"] {
        assert_eq!(call(&app, get(uri)).await.0, StatusCode::OK, "{uri}");
    }
    let (code, body) = call(&app, get("/api/search")).await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(call(&app, get("/api/stories?since=someday")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(call(&app, get("/api/stories/7")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(call(&app, get("/nowhere")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_document_lists_every_api_route_and_metrics_count_requests() {
    let app = router(SqliteStore::in_memory().expect("store"), vec![], Options::default());
    let (code, doc) = call(&app, get("/openapi.json")).await;
    assert_eq!(code, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&doc).expect("valid JSON");
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/stories/{id}/export",
        "/api/articles",
        "/api/entities",
        "/api/entities/{id}",
        "/api/search",
        "/api/events",
        "/health",
        "/metrics",
    ] {
        assert!(paths.contains_key(p), "{p} missing from openapi.json");
    }
    let (code, m) = call(&app, get("/metrics")).await;
    assert_eq!(code, StatusCode::OK);
    assert!(m.contains("parallax_http_requests_total{method=\"GET\",route=\"/openapi.json\",status=\"200\"} 1"), "{m}");
    assert!(m.contains("parallax_articles 0"), "{m}");
}

fn state(sum: [f32; 2]) -> StoryStateRow {
    StoryStateRow { id: 0, sum: sum.to_vec(), first: None, last: None, langs: vec![], profile: vec![] }
}

fn put(s: &mut SqliteStore, title: &str, lang: &str, url: &str, day: u32, emb: [f32; 2], p: Placement) -> ArticleId {
    let a = Article {
        origin: format!("{url}.txt"),
        url: Some(url.into()),
        title: Some(title.into()),
        lang: Some(lang.into()),
        published: chrono::NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .map(|t| t.and_utc()),
        text: format!("{title}. The body of the article."),
        ..Default::default()
    };
    let new = NewArticle {
        article: &a,
        doc_key: url,
        content_hash: url,
        simhash: 0,
        embedding: &emb,
        placement: p,
        quotes: &[],
        entities: &[],
        claims: &[],
        search_terms: "",
    };
    s.insert(&new).expect("insert").expect("new").0
}

/// Two stories: `a` (English, Swedish) and `b` (German, with a near copy published a day
/// earlier by another outlet); `b` merged into `a` when `merge`. Returns (a, b).
fn two_stories(path: &Path, merge: bool) -> (StoryId, StoryId) {
    let mut s = SqliteStore::open(path).expect("store");
    let story_of = |s: &SqliteStore, id: ArticleId| {
        s.articles(None).expect("articles").into_iter().find(|a| a.id == id).and_then(|a| a.story_id).expect("story")
    };
    let a1 = put(
        &mut s,
        "Bridge opens",
        "en",
        "https://en.example/1",
        3,
        [1.0, 0.0],
        Placement::NewStory { state: state([1.0, 0.0]) },
    );
    let a = story_of(&s, a1);
    put(
        &mut s,
        "Bron öppnar",
        "sv",
        "https://sv.example/1",
        3,
        [1.0, 0.1],
        Placement::Join { story: a, state: state([2.0, 0.1]) },
    );
    let b1 = put(
        &mut s,
        "Brücke eröffnet",
        "de",
        "https://de.example/1",
        3,
        [0.9, 0.2],
        Placement::NewStory { state: state([0.9, 0.2]) },
    );
    let b = story_of(&s, b1);
    put(
        &mut s,
        "Brücke eröffnet!",
        "de",
        "https://copy.example/1",
        2,
        [0.9, 0.2],
        Placement::CopyOf { original: b1, kind: CopyKind::Near },
    );
    if merge {
        s.merge_stories(b, a, &state([2.9, 0.3])).expect("merge");
    }
    (a, b)
}

fn location(res: &axum::response::Response) -> Option<String> {
    res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string)
}

#[tokio::test]
async fn a_merged_story_redirects_permanently_to_the_live_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.db");
    let (a, b) = two_stories(&path, true);
    let app = router(SqliteStore::open(&path).expect("store"), vec![], Options::default());
    for (uri, want) in [
        (format!("/api/stories/{b}"), format!("/api/stories/{a}")),
        (format!("/story/{b}"), format!("/story/{a}")),
        (format!("/api/stories/{b}/export?format=csv"), format!("/api/stories/{a}/export?format=csv")),
        (format!("/api/stories/{b}/export"), format!("/api/stories/{a}/export")),
    ] {
        let res = app.clone().oneshot(get(&uri)).await.expect("response");
        assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(location(&res).as_deref(), Some(want.as_str()), "{uri}");
    }
    for uri in [format!("/api/stories/{a}"), format!("/story/{a}"), format!("/api/stories/{a}/export?format=csv")] {
        assert_eq!(call(&app, get(&uri)).await.0, StatusCode::OK, "{uri}");
    }
    for uri in ["/api/stories/99", "/story/99", "/api/stories/99/export"] {
        assert_eq!(call(&app, get(uri)).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
    let (_, list) = call(&app, get("/api/stories")).await;
    let list: serde_json::Value = serde_json::from_str(&list).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    let (_, arts) = call(&app, get(&format!("/api/articles?story={b}"))).await;
    let arts: serde_json::Value = serde_json::from_str(&arts).expect("json");
    assert_eq!(arts.as_array().map(Vec::len), Some(4), "the merged id lists the live story's articles: {arts}");
}

#[tokio::test]
async fn story_shows_copy_kinds_first_publisher_and_headlines_per_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.db");
    let (a, _) = two_stories(&path, true);
    let app = router(SqliteStore::open(&path).expect("store"), vec![], Options::default());
    let (code, body) = call(&app, get(&format!("/api/stories/{a}"))).await;
    assert_eq!(code, StatusCode::OK);
    let d: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(d["id"], a);
    assert_eq!(d["headlines"]["sv"], "Bron öppnar");
    assert_eq!(d["headlines"]["de"], "Brücke eröffnet");
    assert_eq!(d["copies"][0]["copies"][0]["kind"], "near");
    assert_eq!(d["copies"][0]["first_published_by"], "copy.example", "the copy is dated a day earlier");
    let kinds: Vec<&serde_json::Value> =
        d["articles"].as_array().expect("articles").iter().map(|x| &x["copy_kind"]).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "near").count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| k.is_null()).count(), 3, "{kinds:?}");
    let (_, csv) = call(&app, get(&format!("/api/stories/{a}/export?format=csv"))).await;
    assert!(csv.lines().next().is_some_and(|h| h.contains("copy_kind")) && csv.contains(",near,"), "{csv}");

    let (_, page) = call(&app, get(&format!("/story/{a}"))).await;
    for want in [
        "near-duplicate by",
        "first published by <strong>copy.example</strong>",
        "Headlines by language",
        "Bron öppnar",
    ] {
        assert!(page.contains(want), "{want} missing from the story page");
    }
    // The list filtered by a language shows that language's headline.
    let (_, list) = call(&app, get("/?lang=sv")).await;
    assert!(list.contains("Bron öppnar"), "Swedish headline on the list filtered by sv");
    let (_, api) = call(&app, get("/api/stories?lang=de")).await;
    let api: serde_json::Value = serde_json::from_str(&api).expect("json");
    assert_eq!(api[0]["headline"], "Brücke eröffnet");
}

#[tokio::test]
async fn live_updates_announce_a_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.db");
    let (a, b) = two_stories(&path, false);
    let app = router(SqliteStore::open(&path).expect("store"), vec![], Options::default());
    let res = app.clone().oneshot(get("/api/events")).await.expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body().into_data_stream();
    // Let the poller read where the store stands, then merge from another connection.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let merge = tokio::task::spawn_blocking(move || {
        let mut s = SqliteStore::open(&path).expect("store");
        s.merge_stories(b, a, &state([2.9, 0.3])).expect("merge");
    });
    merge.await.expect("merged");
    let mut got = String::new();
    let read = async {
        while !got.contains("\"merged\":1") {
            match body.next().await {
                Some(Ok(chunk)) => got.push_str(&String::from_utf8_lossy(&chunk)),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), read).await;
    assert!(got.contains("event: articles") && got.contains("\"merged\":1"), "SSE after a merge: {got}");
}
