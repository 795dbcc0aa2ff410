//! The story desk: an HTTP API and server-rendered HTML pages over the store.
//!
//! Read endpoints are open; the write endpoint (`POST /api/articles`) needs the bearer token
//! given in [`Options::token`] and answers 401 without it (or when no token is configured).
//! Pages are rendered with `maud`, which escapes every interpolated value, so article text and
//! titles (untrusted input) can never inject markup; links are rendered only for `http(s)`
//! URLs; a Content-Security-Policy allows only the desk's own embedded script and stylesheet.
//! New articles reach open pages through server-sent events (`/api/events`), which poll the
//! store, so an ingest in another process shows up too. `/metrics` is Prometheus text;
//! `/openapi.json` describes the API.

mod api;
mod live;
mod metrics;
mod pages;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use parallax_model::{ArticleId, RawDoc, StoryId};
use parallax_store::Store;

pub use api::ArticleInput;

/// Takes documents posted to the ingest endpoint through the pipeline. The server does not
/// know the pipeline; the binary that starts it does.
pub trait Ingest: Send {
    fn ingest(&mut self, docs: Vec<RawDoc>) -> Vec<IngestResult>;
}

/// What became of one posted document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IngestResult {
    pub origin: String,
    /// `stored`, `copy`, `already_stored` or `failed`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_id: Option<ArticleId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_id: Option<StoryId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<ArticleId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// How the server runs.
#[derive(Default)]
pub struct Options {
    /// Bearer token for write endpoints; `None` disables them (401).
    pub token: Option<String>,
    /// Where posted articles go; `None` disables the ingest endpoint (503).
    pub ingest: Option<Box<dyn Ingest>>,
}

/// Shared state: a few store connections (each behind a mutex; queries are short), the ingest
/// pipeline, live updates and metrics.
pub struct AppState<S> {
    stores: Vec<Mutex<S>>,
    next: std::sync::atomic::AtomicUsize,
    token: Option<String>,
    ingest: Option<Mutex<Box<dyn Ingest>>>,
    live: live::Live,
    metrics: metrics::Metrics,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp.
pub fn parse_since(s: &str) -> Option<DateTime<Utc>> {
    parse_bound(s, (0, 0, 0))
}

/// Like [`parse_since`], but a bare date means the end of that day.
pub fn parse_until(s: &str) -> Option<DateTime<Utc>> {
    parse_bound(s, (23, 59, 59))
}

/// An RFC 3339 timestamp, or a bare date at the given time of day (UTC).
fn parse_bound(s: &str, (h, m, sec): (u32, u32, u32)) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).ok().or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(h, m, sec)).map(|d| d.and_utc())
    })
}

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    BadRequest(String),
    Unauthorized,
    Unavailable(String),
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, msg) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not found".to_string()),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::Unauthorized => {
                let body = Json(
                    serde_json::json!({ "error": "a valid bearer token is required (Authorization: Bearer TOKEN; set PARALLAX_TOKEN for `parallax serve`)" }),
                );
                return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], body).into_response();
            }
            ApiError::Unavailable(m) => (StatusCode::SERVICE_UNAVAILABLE, m),
            ApiError::Internal(m) => {
                tracing::error!("{m}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string())
            }
        };
        (code, Json(serde_json::json!({ "error": msg }))).into_response()
    }
}

type Shared<S> = Arc<AppState<S>>;

/// A story looked up by an id that may have been merged away.
enum Found<T> {
    Live(T),
    /// Merged into this live story.
    Moved(StoryId),
    Missing,
}

/// The story `id` (its detail), or where it moved, or nothing.
async fn find_story<S: Store + 'static>(
    st: &Shared<S>,
    id: StoryId,
) -> Result<Found<parallax_model::StoryDetail>, ApiError> {
    with_store(st, move |s| {
        Ok(match s.resolve_story(id)? {
            None => Found::Missing,
            Some(live) if live != id => Found::Moved(live),
            Some(_) => s.story(id)?.map_or(Found::Missing, Found::Live),
        })
    })
    .await
}

/// `308 Permanent Redirect` to `location` (a path we built, plus the request's own query).
fn permanent_redirect(location: &str) -> Response {
    match HeaderValue::try_from(location) {
        Ok(v) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, v)]).into_response(),
        Err(_) => ApiError::BadRequest("bad request URI".into()).into_response(),
    }
}

/// Runs a store query on the blocking pool.
async fn with_store<S, T, F>(state: &Shared<S>, f: F) -> Result<T, ApiError>
where
    S: Store + 'static,
    T: Send + 'static,
    F: FnOnce(&S) -> parallax_store::Result<T> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        // A free connection if there is one, else wait for the next in turn.
        let n = state.stores.len();
        let start = state.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let store = (0..n)
            .find_map(|i| state.stores[(start + i) % n].try_lock().ok())
            .map(Ok)
            .unwrap_or_else(|| state.stores[start % n].lock())
            .map_err(|_| ApiError::Internal("store lock poisoned".into()))?;
        f(&store).map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// Constant-time comparison of the presented bearer token with the configured one.
fn authorized(token: Option<&str>, headers: &HeaderMap) -> bool {
    let Some(want) = token.filter(|t| !t.is_empty()) else { return false };
    let Some(got) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
    else {
        return false;
    };
    let (a, b) = (want.as_bytes(), got.trim().as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Largest accepted request body (matches the ingest limit per document).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The router: HTML pages and the JSON API, over `store` and any `more` connections to the
/// same store (queries run on whichever is free).
pub fn router<S: Store + 'static>(store: S, more: Vec<S>, options: Options) -> Router {
    let state = Arc::new(AppState {
        stores: std::iter::once(store).chain(more).map(Mutex::new).collect(),
        next: Default::default(),
        token: options.token,
        ingest: options.ingest.map(Mutex::new),
        live: live::Live::default(),
        metrics: metrics::Metrics::default(),
    });
    Router::new()
        .route("/", get(pages::stories::<S>))
        .route("/story/{id}", get(pages::story::<S>))
        .route("/search", get(pages::search::<S>))
        .route("/entities", get(pages::entities::<S>))
        .route("/entity/{id}", get(pages::entity::<S>))
        .route("/assets/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], pages::STYLE) }))
        .route(
            "/assets/desk.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], pages::SCRIPT) }),
        )
        .route("/health", get(|| async { Json(serde_json::json!({ "status": "ok" })) }))
        .route("/metrics", get(metrics::handler::<S>))
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], include_str!("openapi.json")) }),
        )
        .route("/api/stories", get(api::stories::<S>))
        .route("/api/stories/{id}", get(api::story::<S>))
        .route("/api/stories/{id}/export", get(api::story_export::<S>))
        .route("/api/articles", get(api::articles::<S>).post(api::post_articles::<S>))
        .route("/api/entities", get(api::entities::<S>))
        .route("/api/entities/{id}", get(api::entity::<S>))
        .route("/api/search", get(api::search::<S>))
        .route("/api/events", get(live::events::<S>))
        .fallback(pages::fallback)
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state), track::<S>))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Counts and times every request, and sets the security headers.
async fn track<S: Store + 'static>(State(st): State<Shared<S>>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let method = req.method().to_string();
    let start = Instant::now();
    let mut res = next.run(req).await;
    let route = route.unwrap_or_else(|| "unmatched".into());
    st.metrics.observe(&method, &route, res.status().as_u16(), start.elapsed().as_secs_f64());
    let h = res.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    res
}

/// Binds `addr`, then calls `ready` with the bound address (port 0 picks a free one), then
/// serves until Ctrl-C.
pub async fn serve<S: Store + 'static>(
    store: S,
    more: Vec<S>,
    options: Options,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(store, more, options))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_token_must_match_exactly() {
        let mut h = HeaderMap::new();
        assert!(!authorized(Some("s3cret"), &h));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        assert!(authorized(Some("s3cret"), &h));
        assert!(!authorized(Some("s3cre"), &h));
        assert!(!authorized(None, &h));
        assert!(!authorized(Some(""), &h));
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_since("2026-03-02").map(|d| d.to_rfc3339()).as_deref(), Some("2026-03-02T00:00:00+00:00"));
        assert_eq!(parse_until("2026-03-02").map(|d| d.to_rfc3339()).as_deref(), Some("2026-03-02T23:59:59+00:00"));
        assert!(parse_since("yesterday").is_none());
    }
}
