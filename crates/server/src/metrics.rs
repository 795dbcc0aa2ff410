//! Prometheus metrics (`GET /metrics`, text exposition format) via `prometheus-client`.

use std::sync::Mutex;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use parallax_store::Store;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::{ApiError, Shared, with_store};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    ingested: Counter,
    articles: Gauge,
    stories: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("parallax");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.0005, 2.0, 14))) as fn() -> Histogram,
        );
        let ingested = Counter::default();
        let articles = Gauge::default();
        let stories = Gauge::default();
        registry.register("http_requests", "HTTP requests by method, route and status", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency by route", latency.clone());
        registry.register("api_ingested_articles", "Articles stored through POST /api/articles", ingested.clone());
        registry.register("articles", "Articles in the store", articles.clone());
        registry.register("stories", "Stories in the store", stories.clone());
        Metrics { registry: Mutex::new(registry), requests, latency, ingested, articles, stories }
    }
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests.get_or_create(&RequestLabels { method: method.into(), route: route.into(), status }).inc();
        self.latency.get_or_create(&RouteLabels { route: route.into() }).observe(seconds);
    }

    pub fn ingested(&self, n: usize) {
        self.ingested.inc_by(n as u64);
    }
}

pub async fn handler<S: Store + 'static>(State(st): State<Shared<S>>) -> Result<impl IntoResponse, ApiError> {
    let (articles, stories) = with_store(&st, |s| s.counts()).await?;
    st.metrics.articles.set(articles as i64);
    st.metrics.stories.set(stories as i64);
    let mut out = String::new();
    {
        let registry = st.metrics.registry.lock().map_err(|_| ApiError::Internal("metrics lock poisoned".into()))?;
        prometheus_client::encoding::text::encode(&mut out, &registry)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], out))
}
