//! Server-rendered pages. Every value goes through maud's escaping; links to articles are
//! rendered only for `http(s)` URLs.

use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};
use parallax_model::{StoryDetail, StorySummary};

pub const STYLE: &str = r#"
:root { --fg:#1d232a; --muted:#5c6670; --line:#dde2e6; --accent:#0b5cad; --bg:#fafbfc; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header.top { background: #14202b; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1rem; align-items: baseline; }
header.top a { color: #fff; text-decoration: none; font-weight: 700; }
main { padding: 1rem 1.2rem; max-width: 1400px; margin: 0 auto; }
table.stories { width: 100%; border-collapse: collapse; background: #fff; }
table.stories th, table.stories td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.stories th { font-size: .8rem; text-transform: uppercase; color: var(--muted); }
.lang { display: inline-block; font-size: .75rem; font-weight: 700; border: 1px solid var(--accent); color: var(--accent); border-radius: 3px; padding: 0 .3rem; margin-right: .2rem; }
.muted { color: var(--muted); font-size: .85rem; }
.sources { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 1rem; margin-top: 1rem; }
article.source { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
article.source h2 { font-size: 1.1rem; margin: .2rem 0 .4rem; }
article.source .text p { margin: .5rem 0; }
article.copy { border-style: dashed; }
ul.quotes { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1.6rem; }
form.filter { margin-bottom: .8rem; }
"#;

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Parallax" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                header.top { a href="/" { "Parallax" } span.muted { "stories across languages" } }
                main { (body) }
            }
        }
    }
}

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into())
}

fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim_start())
}

pub fn story_list(stories: &[StorySummary], lang: Option<&str>) -> Markup {
    layout(
        "Stories",
        html! {
            h1 { "Stories" }
            form.filter method="get" action="/" {
                label { "Language " input type="text" name="lang" size="3" value=(lang.unwrap_or("")); }
                " " button type="submit" { "Filter" }
            }
            @if stories.is_empty() {
                p { "No stories yet. Ingest some articles: " code { "parallax ingest PATH" } }
            } @else {
                table.stories {
                    thead { tr { th { "Headline" } th { "Languages" } th { "Outlets" } th { "Articles" } th { "First seen" } th { "Last seen" } } }
                    tbody {
                        @for s in stories {
                            tr.story data-story-id=(s.id) {
                                td { a href={ "/story/" (s.id) } { (s.headline) } }
                                td { @for l in &s.languages { span.lang { (l) } } }
                                td.muted { (s.outlets.join(", ")) }
                                td { (s.article_count) @if s.copy_count > 0 { span.muted { " +" (s.copy_count) " copies" } } }
                                td.muted { (day(s.first_seen)) }
                                td.muted { (day(s.last_seen)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn story_page(d: &StoryDetail) -> Markup {
    let s = &d.summary;
    layout(
        &s.headline,
        html! {
            h1 { (s.headline) }
            p.muted {
                @for l in &s.languages { span.lang { (l) } }
                (s.article_count) " articles from " (s.outlets.len()) " outlets · " (day(s.first_seen)) " – " (day(s.last_seen))
            }
            @if !d.quotes.is_empty() {
                h3 { "Quotes" }
                ul.quotes {
                    @for q in &d.quotes {
                        li { "“" (q.text) "” — " strong { (q.speaker.as_deref().unwrap_or("unattributed")) } }
                    }
                }
            }
            section.sources {
                @for a in &d.articles {
                    @let art = &a.article;
                    article.source.copy[art.copy_of.is_some()] data-article-id=(art.id) lang=[art.lang.as_deref()] {
                        div.muted {
                            @if let Some(l) = &art.lang { span.lang { (l) } }
                            strong { (art.site_name.as_deref().unwrap_or("unknown outlet")) }
                            " · " time { (day(art.published)) }
                            @if let Some(au) = &art.author { " · " (au) }
                            @if art.copy_of.is_some() { " · re-publication" }
                        }
                        h2 { (art.title.as_deref().unwrap_or("(untitled)")) }
                        @if let Some(u) = art.url.as_deref().and_then(safe_href) {
                            div.muted { a href=(u) rel="noopener noreferrer nofollow" { "original page" } }
                        }
                        @if let Some(u) = art.original_url.as_deref() {
                            div.muted { "Original source: "
                                @if let Some(h) = safe_href(u) { a href=(h) rel="noopener noreferrer nofollow" { (u) } } @else { (u) }
                            }
                        }
                        div.text { @for p in a.text.split("\n\n") { p { (p) } } }
                    }
                }
            }
        },
    )
}

pub fn not_found() -> Markup {
    layout("Not found", html! { h1 { "Not found" } p { a href="/" { "Back to stories" } } })
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
}
