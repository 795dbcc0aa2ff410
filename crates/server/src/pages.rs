//! Server-rendered pages. Every value goes through maud's escaping; links to articles are
//! rendered only for `http(s)` URLs; charts are inline SVG built from numbers only. The one
//! script (`/assets/desk.js`) only adds live updates: every page works without it.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use maud::{DOCTYPE, Markup, html};
use parallax_model::{CopyGroup, DayCount, EntityDetail, EntitySummary, SearchHit, StoryDetail, StorySummary};
use parallax_store::{EntityFilter, Store};

use crate::api::{ListParams, urlencode};
use crate::{ApiError, Found, Shared, find_story, permanent_redirect, with_store};

pub const STYLE: &str = include_str!("assets/style.css");
pub const SCRIPT: &str = include_str!("assets/desk.js");

fn layout(title: &str, live: bool, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Parallax" }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/desk.js" defer {}
            }
            body data-live=[live.then_some("1")] {
                header.top {
                    a.brand href="/" { "Parallax" }
                    nav {
                        a href="/" { "Stories" }
                        a href="/entities" { "Entities" }
                    }
                    form.search method="get" action="/search" role="search" {
                        input type="search" name="q" placeholder="Search all languages…" aria-label="Search";
                    }
                    span #live-status .muted aria-live="polite" {}
                }
                main { (body) }
            }
        }
    }
}

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into())
}

/// When an article was updated, for showing next to its publication day: `None` when it does
/// not say or says the publication time; the time of day too when it is the same day.
fn updated(published: Option<DateTime<Utc>>, modified: Option<DateTime<Utc>>) -> Option<String> {
    let m = modified?;
    match published {
        Some(p) if p == m => None,
        Some(p) if p.date_naive() == m.date_naive() => Some(m.format("%Y-%m-%d %H:%M UTC").to_string()),
        _ => Some(day(Some(m))),
    }
}

pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim_start())
}

const PALETTE: &[&str] = &["#0b5cad", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#be185d"];

/// A stable colour per language.
fn lang_colour(lang: &str) -> &'static str {
    let h = lang.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    PALETTE[h as usize % PALETTE.len()]
}

fn parse_day(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Articles per day as a small bar chart (the last `MAX_DAYS` days of the story).
fn sparkline(activity: &[DayCount]) -> Markup {
    const MAX_DAYS: i64 = 30;
    const W: i64 = 120;
    const H: i64 = 22;
    let days: Vec<(NaiveDate, usize)> = activity.iter().filter_map(|d| Some((parse_day(&d.day)?, d.count))).collect();
    let Some(last) = days.iter().map(|d| d.0).max() else { return html! {} };
    let first = days.iter().map(|d| d.0).min().unwrap_or(last).max(last - chrono::Duration::days(MAX_DAYS - 1));
    let span = (last - first).num_days() + 1;
    let max = days.iter().map(|d| d.1).max().unwrap_or(1).max(1);
    let bw = (W / span.max(1)).clamp(2, 12);
    let label = format!("{} articles over {} days", days.iter().map(|d| d.1).sum::<usize>(), span);
    html! {
        svg.spark width=(W) height=(H) viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(label) {
            title { (label) }
            @for (d, n) in days.iter().filter(|d| d.0 >= first) {
                @let x = (d.signed_duration_since(first).num_days()) * (W / span.max(1)).max(bw);
                @let h = ((*n as i64) * (H - 2) / max as i64).max(2);
                rect x=(x.min(W - bw)) y=(H - h) width=((bw - 1).max(1)) height=(h) fill="#0b5cad" {}
            }
        }
    }
}

/// Articles per day and language as stacked bars, with a legend.
fn timeline(tl: &[DayCount]) -> Markup {
    let mut by_day: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for d in tl {
        by_day.entry(d.day.as_str()).or_default().push((d.lang.as_deref().unwrap_or("?"), d.count));
    }
    if by_day.is_empty() {
        return html! {};
    }
    let mut langs: Vec<&str> = tl.iter().map(|d| d.lang.as_deref().unwrap_or("?")).collect();
    langs.sort_unstable();
    langs.dedup();
    let max = by_day.values().map(|v| v.iter().map(|x| x.1).sum::<usize>()).max().unwrap_or(1).max(1);
    let (bw, gap, h) = (36usize, 10usize, 90usize);
    let w = by_day.len() * (bw + gap) + gap;
    // (x, top of the stack, total, day label, bars (y, height, colour, tooltip)).
    let mut cols = Vec::new();
    for (i, (d, parts)) in by_day.iter().enumerate() {
        let x = gap + i * (bw + gap);
        let mut y = h + 14;
        let mut bars = Vec::new();
        for (l, n) in parts {
            let ph = (n * h / max).max(3);
            y -= ph;
            bars.push((y, ph, lang_colour(l), format!("{d} · {l}: {n}")));
        }
        let total: usize = parts.iter().map(|p| p.1).sum();
        cols.push((x, y, total, d.get(5..).unwrap_or(d).to_string(), bars));
    }
    html! {
        figure.timeline {
            svg width=(w) height=(h + 34) viewBox={ "0 0 " (w) " " (h + 34) } role="img" aria-label="Articles per day and language" {
                @for (x, top, total, label, bars) in &cols {
                    @for (y, ph, colour, tip) in bars {
                        rect x=(x) y=(y) width=(bw) height=(ph) fill=(colour) { title { (tip) } }
                    }
                    text x=(x + bw / 2) y=(top.saturating_sub(3)) text-anchor="middle" font-size="11" { (total) }
                    text x=(x + bw / 2) y=(h + 28) text-anchor="middle" font-size="10" fill="#5c6670" { (label) }
                }
            }
            figcaption.muted {
                "Articles per day: "
                @for l in &langs { span.swatch { svg width="10" height="10" { rect width="10" height="10" fill=(lang_colour(l)) {} } " " (l) } " " }
            }
        }
    }
}

fn filter_form(p: &ListParams) -> Markup {
    html! {
        form.filter method="get" action="/" {
            label { "Search " input type="search" name="q" value=(p.q.as_deref().unwrap_or("")); }
            label { "Language " input type="text" name="lang" size="3" value=(p.lang.as_deref().unwrap_or("")); }
            label { "Outlet " input type="text" name="outlet" size="14" value=(p.outlet.as_deref().unwrap_or("")); }
            label { "From " input type="date" name="since" value=(p.since.as_deref().unwrap_or("")); }
            label { "To " input type="date" name="until" value=(p.until.as_deref().unwrap_or("")); }
            @if let Some(e) = p.entity { input type="hidden" name="entity" value=(e); }
            button type="submit" { "Filter" }
        }
    }
}

fn story_table(stories: &[StorySummary]) -> Markup {
    html! {
        table.stories {
            thead { tr { th { "Headline" } th { "Languages" } th { "Outlets" } th { "Articles" } th { "Activity" } th { "First seen" } th { "Last seen" } } }
            tbody {
                @for s in stories {
                    tr.story data-story-id=(s.id) {
                        td { a href={ "/story/" (s.id) } { (s.headline) } }
                        td { @for l in &s.languages { span.lang { (l) } } }
                        td.muted { (s.outlets.join(", ")) }
                        td { (s.article_count) @if s.copy_count > 0 { span.muted { " +" (s.copy_count) " copies" } } }
                        td { (sparkline(&s.activity)) }
                        td.muted { (day(s.first_seen)) }
                        td.muted { (day(s.last_seen)) }
                    }
                }
            }
        }
    }
}

fn pager(base: &str, p: &ListParams, shown: usize, limit: usize) -> Markup {
    let offset = p.offset.unwrap_or(0);
    let qs = p.query_string();
    let link = |o: usize| format!("{base}?{qs}{}offset={o}", if qs.is_empty() { "" } else { "&" });
    html! {
        nav.pager {
            @if offset > 0 { a rel="prev" href=(link(offset.saturating_sub(limit))) { "← newer" } }
            @if shown == limit { a rel="next" href=(link(offset + limit)) { "more →" } }
        }
    }
}

const PAGE: usize = 50;

pub async fn stories<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let f = p.filter(PAGE)?;
    let limit = f.limit;
    let stories = with_store(&st, move |s| s.stories(&f)).await?;
    let filtered = !p.query_string().is_empty();
    Ok(Html(
        layout(
            "Stories",
            true,
            html! {
                h1 { "Stories" }
                (filter_form(&p))
                @if stories.is_empty() {
                    @if filtered { p { "No story matches these filters." } }
                    @else { p { "No stories yet. Ingest some articles: " code { "parallax ingest PATH" } } }
                } @else {
                    (story_table(&stories))
                    (pager("/", &p, stories.len(), limit))
                }
            },
        )
        .into_string(),
    ))
}

/// `GET /story/{id}`; a merged story's id answers 308 with the live story's page.
pub async fn story<S: Store + 'static>(State(st): State<Shared<S>>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    match find_story(&st, id).await? {
        Found::Live(d) => Ok(Html(story_page(&d).into_string()).into_response()),
        Found::Moved(live) => Ok(permanent_redirect(&format!("/story/{live}"))),
        Found::Missing => Ok(not_found()),
    }
}

fn outlet_of(d: &StoryDetail, article: i64) -> (String, Option<String>) {
    d.articles
        .iter()
        .find(|a| a.article.id == article)
        .map(|a| (a.article.site_name.clone().unwrap_or_else(|| "unknown outlet".into()), a.article.lang.clone()))
        .unwrap_or_else(|| ("unknown outlet".into(), None))
}

fn entity_chips(entities: &[EntitySummary]) -> Markup {
    html! {
        ul.entities {
            @for e in entities {
                li { a.entity.person[e.kind == "person"] href={ "/entity/" (e.id) } title=(e.aliases.join(" · ")) { (e.name) } span.muted { " " (e.articles) } }
            }
        }
    }
}

fn story_page(d: &StoryDetail) -> Markup {
    let s = &d.summary;
    // Quotes of one statement (the same words in several articles, or their translations)
    // are shown together, under the speaker any of them names.
    let mut utterances: BTreeMap<usize, Vec<&parallax_model::Quote>> = BTreeMap::new();
    for q in &d.quotes {
        utterances.entry(q.utterance).or_default().push(q);
    }
    let mut speakers: BTreeMap<&str, Vec<Vec<&parallax_model::Quote>>> = BTreeMap::new();
    for qs in utterances.into_values() {
        let who = qs.iter().find_map(|q| q.speaker.as_deref()).unwrap_or("unattributed");
        speakers.entry(who).or_default().push(qs);
    }
    let originals: Vec<_> = d.articles.iter().filter(|a| a.article.copy_of.is_none()).collect();
    let copies_of = |id: i64| d.articles.iter().filter(move |a| a.article.copy_of == Some(id));
    let has_provenance = d.articles.iter().any(|a| a.article.copy_of.is_some() || a.article.original_url.is_some());
    layout(
        &s.headline,
        true,
        html! {
            h1 { (s.headline) }
            p.muted {
                @for l in &s.languages { span.lang { (l) } }
                (s.article_count) " articles from " (s.outlets.len()) " outlets · " (day(s.first_seen)) " – " (day(s.last_seen))
                " · export "
                a href={ "/api/stories/" (s.id) "/export?format=jsonl" } { "JSONL" } " "
                a href={ "/api/stories/" (s.id) "/export?format=csv" } { "CSV" }
            }
            @if s.headlines.len() > 1 || s.headlines.values().any(|h| *h != s.headline) {
                section.headlines {
                    h2 { "Headlines by language" }
                    ul.headlines {
                        @for (l, h) in &s.headlines {
                            li { span.lang { (l) } " " span lang=(l) { (h) } }
                        }
                    }
                }
            }
            @if !d.disagreements.is_empty() {
                section.disagreements {
                    h2 { "Where sources disagree" }
                    @for g in &d.disagreements {
                        div.disagreement {
                            strong { (g.subject) } span.muted { " (" (g.kind) ")" }
                            ul {
                                @for side in &g.sides {
                                    li {
                                        mark { (side.value) } " — " (side.outlets.join(", "))
                                        @if !side.written.is_empty() {
                                            span.muted { " · " @for (i, w) in side.written.iter().enumerate() { @if i > 0 { ", " } "“" (w) "”" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.overview {
                (timeline(&d.timeline))
                @if !d.entities.is_empty() {
                    section { h2 { "Who and where" } (entity_chips(&d.entities)) }
                }
            }
            @if !speakers.is_empty() {
                section.quotes {
                    h2 { "Quotes by speaker" }
                    @for (who, qs) in &speakers {
                        div.speaker {
                            h3 { (who) }
                            ul.quotes {
                                @for group in qs {
                                    li {
                                        @for (i, q) in group.iter().enumerate() {
                                            @let (outlet, lang) = outlet_of(d, q.article_id);
                                            @if i == 1 { br; span.muted { "also: " } } @else if i > 1 { br; }
                                            span.quote lang=[lang.as_deref()] { "“" (q.text) "”" }
                                            span.muted { " — " (outlet) } @if let Some(l) = lang { " " span.lang { (l) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if has_provenance {
                section.provenance {
                    h2 { "Provenance" }
                    ul.tree {
                        @for a in &originals {
                            @let copies: Vec<_> = copies_of(a.article.id).collect();
                            @if !copies.is_empty() || a.article.original_url.is_some() {
                                li {
                                    @let group = d.copies.iter().find(|g| g.original == a.article.id);
                                    @if let Some(u) = &a.article.original_url {
                                        span.credit { "credited original: " (parallax_model::host_of(u).unwrap_or_else(|| u.clone())) }
                                        ul { li { (node(&a.article)) (first_published(group)) (copy_list(&copies)) } }
                                    } @else {
                                        (node(&a.article)) (first_published(group)) (copy_list(&copies))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Sources side by side" }
            section.sources {
                @for a in &d.articles {
                    @let art = &a.article;
                    article.source.copy[art.copy_of.is_some()] id={ "a" (art.id) } data-article-id=(art.id) lang=[art.lang.as_deref()] {
                        div.muted {
                            @if let Some(l) = &art.lang { span.lang { (l) } }
                            strong.outlet { (art.site_name.as_deref().unwrap_or("unknown outlet")) }
                            " · " time datetime=[art.published.map(|p| p.to_rfc3339())] { (day(art.published)) }
                            @if let (Some(m), Some(when)) = (art.page.modified, updated(art.published, art.page.modified)) {
                                span.updated { " · updated " time datetime=(m.to_rfc3339()) { (when) } }
                            }
                            @if let Some(au) = &art.author { " · " (au) }
                            @if let Some(k) = art.copy_kind { " · " (k.label()) } @else if art.copy_of.is_some() { " · re-publication" }
                        }
                        h3 { (art.title.as_deref().unwrap_or("(untitled)")) }
                        @if let Some(u) = art.url.as_deref().and_then(safe_href) {
                            div.muted { a href=(u) rel="noopener noreferrer nofollow" { "original page" } }
                        }
                        @if let Some(u) = art.original_url.as_deref() {
                            div.muted { "Original source: "
                                @if let Some(h) = safe_href(u) { a href=(h) rel="noopener noreferrer nofollow" { (u) } } @else { (u) }
                            }
                        }
                        div.text { @for p in a.text.split("\n\n") { p { (p) } } }
                        @if !art.page.captions.is_empty() {
                            aside.captions aria-label="Captions" {
                                h4 { "Captions" }
                                ul { @for c in &art.page.captions { li { (c) } } }
                            }
                        }
                        // The lead image is never loaded (pages make no outside requests): a link at most.
                        @if let Some(u) = art.page.image.as_deref().and_then(safe_href) {
                            div.muted { a.lead-image href=(u) rel="noopener noreferrer nofollow" { "lead image" } }
                        }
                    }
                }
            }
        },
    )
}

fn node(a: &parallax_model::StoredArticle) -> Markup {
    html! {
        a href={ "#a" (a.id) } { (a.site_name.as_deref().unwrap_or("unknown outlet")) }
        @if let Some(l) = &a.lang { " " span.lang { (l) } }
        span.muted { " " (day(a.published)) }
    }
}

/// Who published first among an original and its copies.
fn first_published(group: Option<&CopyGroup>) -> Markup {
    html! {
        @if let Some(g) = group {
            span.muted.first { " · first published by " strong { (g.first_published_by.as_deref().unwrap_or("unknown outlet")) } }
        }
    }
}

fn copy_list(copies: &[&parallax_model::ArticleWithText]) -> Markup {
    html! {
        @if !copies.is_empty() {
            ul {
                @for c in copies {
                    li.copy data-copy-kind=[c.article.copy_kind.map(|k| k.as_str())] {
                        (c.article.copy_kind.map_or("re-publication", |k| k.label())) " by " (node(&c.article))
                    }
                }
            }
        }
    }
}

pub async fn search<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<ListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let q = p.q.clone().unwrap_or_default();
    let f = p.filter(PAGE)?;
    let limit = f.limit;
    let hits: Vec<SearchHit> =
        if q.trim().is_empty() { Vec::new() } else { with_store(&st, move |s| s.search(&f)).await? };
    let qs = p.query_string();
    Ok(Html(
        layout(
            "Search",
            false,
            html! {
                h1 { "Search" }
                form.filter method="get" action="/search" {
                    label { "Words (any language) " input type="search" name="q" value=(q) autofocus; }
                    label { "Language " input type="text" name="lang" size="3" value=(p.lang.as_deref().unwrap_or("")); }
                    button type="submit" { "Search" }
                }
                @if !q.trim().is_empty() {
                    p.muted {
                        (hits.len()) @if hits.len() == limit { "+" } " articles"
                        " · export " a href={ "/api/search?" (qs) "&format=jsonl" } { "JSONL" } " " a href={ "/api/search?" (qs) "&format=csv" } { "CSV" }
                        " · " a href={ "/?q=" (urlencode(&q)) } { "stories matching" }
                    }
                    ol.hits {
                        @for h in &hits {
                            @let a = &h.article;
                            li.hit data-story-id=[a.story_id] {
                                @if let Some(sid) = a.story_id {
                                    a href={ "/story/" (sid) "#a" (a.id) } { (a.title.as_deref().unwrap_or("(untitled)")) }
                                } @else { (a.title.as_deref().unwrap_or("(untitled)")) }
                                div.muted {
                                    @if let Some(l) = &a.lang { span.lang { (l) } }
                                    (a.site_name.as_deref().unwrap_or("unknown outlet")) " · " (day(a.published))
                                }
                                p.snippet { (h.snippet) "…" }
                            }
                        }
                    }
                    (pager("/search", &p, hits.len(), limit))
                }
            },
        )
        .into_string(),
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct EntityListParams {
    q: Option<String>,
    offset: Option<usize>,
}

pub async fn entities<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Query(p): Query<EntityListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let q = p.q.clone().unwrap_or_default();
    let f = EntityFilter {
        prefix: Some(parallax_lang::fold(q.trim())).filter(|s| !s.is_empty()),
        limit: 200,
        offset: p.offset.unwrap_or(0),
    };
    let list = with_store(&st, move |s| s.entities(&f)).await?;
    Ok(Html(
        layout(
            "Entities",
            false,
            html! {
                h1 { "Entities" }
                form.filter method="get" action="/entities" {
                    label { "Name starts with " input type="search" name="q" value=(q); }
                    button type="submit" { "Find" }
                }
                @if list.is_empty() { p { "No entities." } } @else { (entity_chips(&list)) }
            },
        )
        .into_string(),
    ))
}

pub async fn entity<S: Store + 'static>(
    State(st): State<Shared<S>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let Some(EntityDetail { entity: e, stories }) = with_store(&st, move |s| s.entity(id)).await? else {
        return Ok(not_found());
    };
    Ok(Html(
        layout(
            &e.name,
            false,
            html! {
                h1 { (e.name) }
                p.muted {
                    (e.kind) " · mentioned " (e.mentions) " times in " (e.articles) " articles"
                    @if e.aliases.len() > 1 { " · also written " (e.aliases.iter().filter(|a| **a != e.name).cloned().collect::<Vec<_>>().join(", ")) }
                }
                h2 { "Stories" }
                (story_table(&stories))
            },
        )
        .into_string(),
    )
    .into_response())
}

fn not_found() -> Response {
    let page = layout("Not found", false, html! { h1 { "Not found" } p { a href="/" { "Back to stories" } } });
    (StatusCode::NOT_FOUND, Html(page.into_string())).into_response()
}

pub async fn fallback() -> Response {
    not_found()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links() {
        assert_eq!(safe_href("https://a.example/x"), Some("https://a.example/x"));
        assert_eq!(safe_href(" javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
    }

    #[test]
    fn updated_only_when_it_differs() {
        let at = |d: u32, h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 3, d).and_then(|d| d.and_hms_opt(h, 5, 0)).map(|t| t.and_utc())
        };
        assert_eq!(updated(at(2, 8), None), None);
        assert_eq!(updated(at(2, 8), at(2, 8)), None);
        assert_eq!(updated(at(2, 8), at(2, 17)).as_deref(), Some("2026-03-02 17:05 UTC"));
        assert_eq!(updated(at(2, 8), at(4, 9)).as_deref(), Some("2026-03-04"));
        assert_eq!(updated(None, at(4, 9)).as_deref(), Some("2026-03-04"));
    }

    #[test]
    fn sparkline_draws_one_bar_per_day() {
        let days = [("2026-03-01", 1), ("2026-03-02", 3)]
            .map(|(d, n)| DayCount { day: d.into(), lang: None, count: n })
            .to_vec();
        let svg = sparkline(&days).into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(sparkline(&[]).into_string().is_empty());
    }
}
