//! The HTTP API without a browser: auth on writes, the OpenAPI document, metrics, errors,
//! merged stories, copies and headlines.

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::StreamExt;
use parallax_model::{Article, ArticleId, CopyKind, PageMeta, StoryId};
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

#[tokio::test]
async fn page_metadata_shows_in_the_api_exports_and_story_page() {
    let at = |d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, d).and_then(|d| d.and_hms_opt(h, 0, 0)).map(|t| t.and_utc())
    };
    let full = Article {
        origin: "full.html".into(),
        url: Some("https://en.example/full".into()),
        title: Some("Bridge opens".into()),
        lang: Some("en".into()),
        published: at(2, 8),
        text: "Bridge opens. The body of the article.".into(),
        page: PageMeta {
            modified: at(4, 9),
            canonical_url: Some("https://en.example/canonical".into()),
            declared_lang: Some("en-GB".into()),
            image: Some("https://img.example/lead.jpg".into()),
            captions: vec!["The bridge at dawn. Photo: A. Person".into(), "<script>alert(1)</script> & co".into()],
        },
        ..Default::default()
    };
    let plain = Article {
        origin: "plain.html".into(),
        url: Some("https://sv.example/plain".into()),
        title: Some("Bron öppnar".into()),
        lang: Some("sv".into()),
        published: at(2, 8),
        text: "Bron öppnar. Artikelns text.".into(),
        ..Default::default()
    };
    let mut s = SqliteStore::in_memory().expect("store");
    let insert = |s: &mut SqliteStore, a: &Article, p: Placement| {
        let new = NewArticle {
            article: a,
            doc_key: &a.origin,
            content_hash: &a.origin,
            simhash: 0,
            embedding: &[1.0, 0.0],
            placement: p,
            quotes: &[],
            entities: &[],
            claims: &[],
            search_terms: "bridge",
        };
        s.insert(&new).expect("insert").expect("new")
    };
    let (id, story) = insert(&mut s, &full, Placement::NewStory { state: state([1.0, 0.0]) });
    let story = story.expect("story");
    insert(&mut s, &plain, Placement::Join { story, state: state([2.0, 0.0]) });
    let app = router(s, vec![], Options::default());

    let check = |a: &serde_json::Value| {
        assert_eq!(a["modified"], "2026-03-04T09:00:00Z", "{a}");
        assert_eq!(a["canonical_url"], "https://en.example/canonical", "{a}");
        assert_eq!(a["declared_lang"], "en-GB", "{a}");
        assert_eq!(a["image"], "https://img.example/lead.jpg", "{a}");
        assert_eq!(a["captions"], serde_json::json!(full.page.captions), "{a}");
    };
    let absent = |a: &serde_json::Value| {
        for k in ["modified", "canonical_url", "declared_lang", "image", "captions"] {
            assert!(a.get(k).is_none(), "{k} in {a}");
        }
    };
    let (code, body) = call(&app, get(&format!("/api/stories/{story}"))).await;
    assert_eq!(code, StatusCode::OK);
    let d: serde_json::Value = serde_json::from_str(&body).expect("json");
    let arts = d["articles"].as_array().expect("articles");
    check(arts.iter().find(|a| a["id"] == id).expect("full"));
    absent(arts.iter().find(|a| a["id"] != id).expect("plain"));
    let (_, body) = call(&app, get(&format!("/api/articles?story={story}"))).await;
    let arts: serde_json::Value = serde_json::from_str(&body).expect("json");
    check(&arts[0]);
    absent(&arts[1]);

    // Exports: every row has the columns; captions a list in JSONL, JSON text in CSV.
    let (_, jsonl) = call(&app, get(&format!("/api/stories/{story}/export?format=jsonl"))).await;
    let rows: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).expect("row")).collect();
    let row = rows.iter().find(|r| r["id"] == id).expect("full row");
    assert_eq!(row["canonical_url"], "https://en.example/canonical", "{row}");
    assert_eq!(row["captions"], serde_json::json!(full.page.captions), "{row}");
    let other = rows.iter().find(|r| r["id"] != id).expect("plain row");
    assert!(other["image"].is_null() && other["captions"] == serde_json::json!([]), "{other}");
    let (code, csv) = call(&app, get(&format!("/api/stories/{story}/export?format=csv"))).await;
    assert_eq!(code, StatusCode::OK, "{csv}");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let head = r.headers().expect("headers").clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {head:?}"));
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    let full_rec = recs.iter().find(|x| x[col("id")] == id.to_string()).expect("full record");
    let caps: Vec<String> = serde_json::from_str(&full_rec[col("captions")]).expect("captions cell");
    assert_eq!(caps, full.page.captions);
    assert_eq!(&full_rec[col("image")], "https://img.example/lead.jpg");
    assert!(recs.iter().any(|x| x[col("captions")].is_empty()), "{csv}");
    let (_, hits) = call(&app, get("/api/search?q=bridge&format=csv")).await;
    assert!(hits.lines().next().is_some_and(|h| h.contains("canonical_url") && h.contains("captions")), "{hits}");

    let (_, doc) = call(&app, get("/openapi.json")).await;
    let doc: serde_json::Value = serde_json::from_str(&doc).expect("openapi");
    for k in ["modified", "canonical_url", "declared_lang", "image", "captions"] {
        assert!(doc["components"]["schemas"]["StoredArticle"]["properties"].get(k).is_some(), "{k} in openapi.json");
    }

    // The story page: the update next to the date, captions escaped, the lead image a link only.
    let (_, page) = call(&app, get(&format!("/story/{story}"))).await;
    for want in [
        "updated <time datetime=\"2026-03-04T09:00:00+00:00\">2026-03-04</time>",
        "<h4>Captions</h4>",
        "<li>The bridge at dawn. Photo: A. Person</li>",
        "<li>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</li>",
        "href=\"https://img.example/lead.jpg\" rel=\"noopener noreferrer nofollow\">lead image</a>",
    ] {
        assert!(page.contains(want), "{want} missing from the story page");
    }
    assert!(!page.contains("<script>alert(1)"), "captions are escaped");
    assert!(!page.contains("<img"), "no image is embedded");
    assert_eq!(page.matches("updated <time").count(), 1, "only the article that was updated says so");
    assert_eq!(page.matches("<h4>Captions</h4>").count(), 1);
}
