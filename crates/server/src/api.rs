//! JSON API handlers, exports (JSONL, CSV) and the ingest endpoint.

use std::sync::Arc;

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Json, Response};
use parallax_model::{DocFormat, Hints, RawDoc, StoredArticle};
use parallax_store::{EntityFilter, Store, StoryFilter};
use serde::Deserialize;

use crate::{
    ApiError, Found, IngestResult, Shared, authorized, find_story, parse_since, parse_until, permanent_redirect,
    with_store,
};

/// Query parameters shared by story lists, search and exports.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListParams {
    pub lang: Option<String>,
    pub outlet: Option<String>,
    pub entity: Option<i64>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Full-text query (any language; words are matched with every stemmer).
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `json` (default), `jsonl` or `csv`, where an endpoint offers exports.
    pub format: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListParams {
    pub fn filter(&self, default_limit: usize) -> Result<StoryFilter, ApiError> {
        let date = |v: &Option<String>, name: &str, parse: fn(&str) -> Option<chrono::DateTime<chrono::Utc>>| {
            nonempty(v)
                .map(|s| {
                    parse(s).ok_or_else(|| ApiError::BadRequest(format!("bad `{name}` date: {s} (use YYYY-MM-DD)")))
                })
                .transpose()
        };
        Ok(StoryFilter {
            lang: nonempty(&self.lang).map(str::to_lowercase),
            outlet: nonempty(&self.outlet).map(str::to_string),
            entity: self.entity,
            since: date(&self.since, "since", parse_since)?,
            until: date(&self.until, "until", parse_until)?,
            terms: nonempty(&self.q).map(parallax_lang::query_terms).unwrap_or_default(),
            limit: self.limit.unwrap_or(default_limit).clamp(1, 1000),
            offset: self.offset.unwrap_or(0),
        })
    }

    /// The query string for these parameters, without paging (for links).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", urlencode(&v)));
            }
        };
        add("q", self.q.clone());
        add("lang", self.lang.clone());
        add("outlet", self.outlet.clone());
        add("entity", self.entity.map(|e| e.to_string()));
        add("since", self.since.clone());
        add("until", self.until.clone());
        parts.join("&")
    }
}

/// Percent-encodes a query-string value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn stories<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let f = p.filter(50)?;
    Ok(Json(with_store(&st, move |s| s.stories(&f)).await?))
}

/// `GET /api/stories/{id}`; a merged story's id answers 308 with the live story's URL.
pub async fn story<S: Store + 'static>(State(st): State<Shared<S>>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    match find_story(&st, id).await? {
        Found::Live(d) => Ok(Json(d).into_response()),
        Found::Moved(live) => Ok(permanent_redirect(&format!("/api/stories/{live}"))),
        Found::Missing => Err(ApiError::NotFound),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportParams {
    format: Option<String>,
}

pub async fn story_export<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Path(id): Path<i64>,
    Query(p): Query<ExportParams>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let d = match find_story(&st, id).await? {
        Found::Live(d) => d,
        Found::Moved(live) => {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return Ok(permanent_redirect(&format!("/api/stories/{live}/export{query}")));
        }
        Found::Missing => return Err(ApiError::NotFound),
    };
    let rows: Vec<ExportRow> = d.articles.into_iter().map(|a| ExportRow::new(a.article, a.text)).collect();
    export(rows, p.format.as_deref().unwrap_or("jsonl"), &format!("story-{id}"))
}

#[derive(Debug, Deserialize)]
pub struct ArticleParams {
    story: Option<i64>,
}

pub async fn articles<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ArticleParams>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(Json(with_store(&st, move |s| s.articles(p.story)).await?))
}

#[derive(Debug, Deserialize)]
pub struct EntityParams {
    /// Names starting with this.
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

pub async fn entities<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<EntityParams>,
) -> Result<impl IntoResponse, ApiError> {
    let f = EntityFilter {
        prefix: nonempty(&p.q).map(parallax_lang::fold),
        limit: p.limit.unwrap_or(100).clamp(1, 1000),
        offset: p.offset.unwrap_or(0),
    };
    Ok(Json(with_store(&st, move |s| s.entities(&f)).await?))
}

pub async fn entity<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    with_store(&st, move |s| s.entity(id)).await?.map(Json).ok_or(ApiError::NotFound)
}

pub async fn search<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    if nonempty(&p.q).is_none() {
        return Err(ApiError::BadRequest("`q` (the search text) is required".into()));
    }
    let f = p.filter(50)?;
    let hits = with_store(&st, move |s| s.search(&f)).await?;
    match p.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(hits).into_response()),
        fmt => {
            let rows: Vec<ExportRow> = hits.into_iter().map(|h| ExportRow::new(h.article, h.snippet)).collect();
            export(rows, fmt, "search")
        }
    }
}

/// One exported article: flat, the same columns in JSONL and CSV.
#[derive(Debug, serde::Serialize)]
struct ExportRow {
    id: i64,
    story_id: Option<i64>,
    copy_of: Option<i64>,
    copy_kind: Option<&'static str>,
    lang: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    original_url: Option<String>,
    title: Option<String>,
    author: Option<String>,
    modified: Option<String>,
    canonical_url: Option<String>,
    declared_lang: Option<String>,
    image: Option<String>,
    captions: Captions,
    text: String,
}

/// An exported article's captions: a list in JSONL; in CSV, where a cell holds one value, the
/// list as JSON text (empty when there are none).
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
enum Captions {
    List(Vec<String>),
    Cell(String),
}

impl Captions {
    fn into_cell(self) -> Self {
        match self {
            Captions::List(v) if v.is_empty() => Captions::Cell(String::new()),
            Captions::List(v) => Captions::Cell(serde_json::to_string(&v).unwrap_or_default()),
            cell => cell,
        }
    }
}

impl ExportRow {
    fn new(a: StoredArticle, text: String) -> Self {
        ExportRow {
            id: a.id,
            story_id: a.story_id,
            copy_of: a.copy_of,
            copy_kind: a.copy_kind.map(|k| k.as_str()),
            lang: a.lang,
            published: a.published.map(|p| p.to_rfc3339()),
            outlet: a.site_name,
            url: a.url,
            original_url: a.original_url,
            title: a.title,
            author: a.author,
            modified: a.page.modified.map(|p| p.to_rfc3339()),
            canonical_url: a.page.canonical_url,
            declared_lang: a.page.declared_lang,
            image: a.page.image,
            captions: Captions::List(a.page.captions),
            text,
        }
    }
}

fn export(rows: Vec<ExportRow>, format: &str, name: &str) -> Result<Response, ApiError> {
    let (body, mime, ext) = match format {
        "jsonl" => {
            let mut out = String::new();
            for r in &rows {
                out.push_str(&serde_json::to_string(r).map_err(|e| ApiError::Internal(e.to_string()))?);
                out.push('\n');
            }
            (out, "application/x-ndjson", "jsonl")
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for r in rows {
                let r = ExportRow { captions: r.captions.into_cell(), ..r };
                w.serialize(r).map_err(|e| ApiError::Internal(e.to_string()))?;
            }
            let bytes = w.into_inner().map_err(|e| ApiError::Internal(e.to_string()))?;
            (String::from_utf8_lossy(&bytes).into_owned(), "text/csv; charset=utf-8", "csv")
        }
        other => return Err(ApiError::BadRequest(format!("unknown format `{other}` (use jsonl or csv)"))),
    };
    let disposition = format!("attachment; filename=\"parallax-{name}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

/// An article posted to `POST /api/articles`: clean `text` or a page's `html`, plus what the
/// sender knows about it.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct ArticleInput {
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    /// The outlet or credited source.
    pub source: Option<String>,
}

impl ArticleInput {
    fn into_doc(self, index: usize) -> Result<RawDoc, (String, String)> {
        let name = self.id.clone().or_else(|| self.url.clone()).unwrap_or_else(|| format!("#{index}"));
        let origin = format!("api:{name}");
        let (format, body) = match (self.html, self.text) {
            (Some(h), None) => (DocFormat::Html, h),
            (None, Some(t)) => (DocFormat::Text, t),
            (Some(_), Some(_)) => return Err((origin, "give either `text` or `html`, not both".into())),
            (None, None) => return Err((origin, "`text` or `html` is required".into())),
        };
        if body.trim().is_empty() {
            return Err((origin, "empty article".into()));
        }
        Ok(RawDoc {
            key: format!("api:{}", self.id.as_deref().or(self.url.as_deref()).unwrap_or("anonymous")),
            origin,
            format,
            body: body.into_bytes(),
            charset: Some("utf-8".into()),
            hints: Hints {
                external_id: self.id,
                url: self.url,
                title: self.title,
                published: self.published,
                source: self.source,
                lang: self.lang,
            },
        })
    }
}

/// One article or an array of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Posted {
    Many(Vec<ArticleInput>),
    One(Box<ArticleInput>),
}

pub async fn post_articles<S: Store + 'static>(
    State(st): State<Shared<S>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !authorized(st.token.as_deref(), &headers) {
        return Err(ApiError::Unauthorized);
    }
    if st.ingest.is_none() {
        return Err(ApiError::Unavailable("this server does not ingest".into()));
    }
    let posted: Posted =
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("request body: {e}")))?;
    let items = match posted {
        Posted::Many(v) => v,
        Posted::One(a) => vec![*a],
    };
    let st2 = Arc::clone(&st);
    let results = tokio::task::spawn_blocking(move || {
        let mut results: Vec<Option<IngestResult>> = Vec::with_capacity(items.len());
        let mut docs = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            match item.into_doc(i) {
                Ok(d) => {
                    docs.push(d);
                    results.push(None);
                }
                Err((origin, error)) => results.push(Some(IngestResult {
                    origin,
                    status: "failed",
                    article_id: None,
                    story_id: None,
                    copy_of: None,
                    error: Some(error),
                })),
            }
        }
        let Some(ingest) = &st2.ingest else { return Err(ApiError::Unavailable("this server does not ingest".into())) };
        let mut ingest = ingest.lock().map_err(|_| ApiError::Internal("ingest lock poisoned".into()))?;
        let mut done = ingest.ingest(docs).into_iter();
        Ok(results.into_iter().filter_map(|r| r.or_else(|| done.next())).collect::<Vec<_>>())
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    st.metrics.ingested(results.iter().filter(|r| r.status == "stored" || r.status == "copy").count());
    st.live.poke();
    let failed = results.iter().filter(|r| r.status == "failed").count();
    Ok(Json(serde_json::json!({ "results": results, "failed": failed })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_build_filters() {
        let p = ListParams {
            q: Some(" förhandlingar ".into()),
            lang: Some("SV".into()),
            since: Some("2026-03-01".into()),
            ..Default::default()
        };
        let f = p.filter(50).expect("ok");
        assert_eq!(f.lang.as_deref(), Some("sv"));
        assert!(f.terms[0].contains(&"forhandling".to_string()), "{:?}", f.terms);
        assert!(ListParams { until: Some("soon".into()), ..Default::default() }.filter(50).is_err());
        assert_eq!(p.query_string(), "q=%20f%C3%B6rhandlingar%20&lang=SV&since=2026-03-01");
    }

    #[test]
    fn posted_articles_need_one_body() {
        let none = ArticleInput { id: Some("x".into()), ..Default::default() };
        assert!(none.into_doc(0).is_err());
        let ok =
            ArticleInput { text: Some("Body".into()), url: Some("https://a.example/1".into()), ..Default::default() };
        let d = ok.into_doc(3).expect("doc");
        assert_eq!((d.origin.as_str(), d.format), ("api:https://a.example/1", DocFormat::Text));
    }
}
