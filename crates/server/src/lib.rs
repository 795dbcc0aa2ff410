//! The story desk: a JSON API and server-rendered HTML pages over the store.
//!
//! Pages are rendered with `maud`, which escapes every interpolated value, so article text and
//! titles (untrusted input) can never inject markup. No external assets: the stylesheet is
//! embedded.

mod pages;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use parallax_store::{Store, StoryFilter};
use serde::Deserialize;

/// Shared state: the store behind a mutex (queries are short).
pub struct AppState<S> {
    pub store: Mutex<S>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// Query parameters for story lists.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub lang: Option<String>,
    pub since: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl ListParams {
    fn filter(&self) -> Result<StoryFilter, ApiError> {
        let since = match self.since.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(parse_since(s).ok_or_else(|| ApiError::BadRequest(format!("bad `since` date: {s}")))?),
        };
        Ok(StoryFilter {
            lang: self.lang.clone().filter(|l| !l.is_empty()),
            since,
            limit: self.limit.unwrap_or(50).min(500),
            offset: self.offset.unwrap_or(0),
        })
    }
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp.
pub fn parse_since(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).ok().or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
    })
}

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    BadRequest(String),
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, msg) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not found".to_string()),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::Internal(m) => {
                tracing::error!("{m}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string())
            }
        };
        (code, Json(serde_json::json!({ "error": msg }))).into_response()
    }
}

type Shared<S> = Arc<AppState<S>>;

async fn with_store<S, T, F>(state: &Shared<S>, f: F) -> Result<T, ApiError>
where
    S: Store + 'static,
    T: Send + 'static,
    F: FnOnce(&S) -> parallax_store::Result<T> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let store = state.store.lock().map_err(|_| ApiError::Internal("store lock poisoned".into()))?;
        f(&store).map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// The router: HTML pages and the JSON API.
pub fn router<S: Store + 'static>(store: S) -> Router {
    let state = Arc::new(AppState { store: Mutex::new(store) });
    Router::new()
        .route("/", get(page_stories::<S>))
        .route("/story/{id}", get(page_story::<S>))
        .route("/assets/style.css", get(|| async { ([("content-type", "text/css")], pages::STYLE) }))
        .route("/health", get(|| async { Json(serde_json::json!({ "status": "ok" })) }))
        .route("/api/stories", get(api_stories::<S>))
        .route("/api/stories/{id}", get(api_story::<S>))
        .route("/api/articles", get(api_articles::<S>))
        .with_state(state)
}

async fn api_stories<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let f = p.filter()?;
    Ok(Json(with_store(&st, move |s| s.stories(&f)).await?))
}

async fn api_story<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    with_store(&st, move |s| s.story(id)).await?.map(Json).ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize)]
struct ArticleParams {
    story: Option<i64>,
}

async fn api_articles<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ArticleParams>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(with_store(&st, move |s| s.articles(p.story)).await?))
}

async fn page_stories<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let f = p.filter()?;
    let lang = f.lang.clone();
    let stories = with_store(&st, move |s| s.stories(&f)).await?;
    Ok(Html(pages::story_list(&stories, lang.as_deref()).into_string()))
}

async fn page_story<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    match with_store(&st, move |s| s.story(id)).await? {
        Some(d) => Ok(Html(pages::story_page(&d).into_string()).into_response()),
        None => Ok((StatusCode::NOT_FOUND, Html(pages::not_found().into_string())).into_response()),
    }
}

/// Binds `addr`, then calls `ready` with the bound address (port 0 picks a free one), then
/// serves until Ctrl-C.
pub async fn serve<S: Store + 'static>(
    store: S,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(store))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
