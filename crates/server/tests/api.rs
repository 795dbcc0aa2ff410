//! The HTTP API without a browser: auth on writes, the OpenAPI document, metrics, errors.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use parallax_server::{Options, router};
use parallax_store::SqliteStore;
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
