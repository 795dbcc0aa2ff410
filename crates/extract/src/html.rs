//! HTML pages: main text and metadata via the `trafilatura` crate, plus our own checks on
//! the canonical link (a canonical URL on another host is the original of a syndicated copy).

use parallax_model::Article;

use crate::{ExtractError, midnight};

/// Extracts an article from a decoded HTML page. `url` is where the page was fetched from,
/// when known.
pub fn extract(page: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    let mut opts = trafilatura::Options::default();
    opts.original_url = url.and_then(|u| url::Url::parse(u).ok());
    let r = trafilatura::extract(page, &opts).map_err(|e| match e {
        trafilatura::TrafilaturaError::InsufficientContent { .. } => ExtractError::NoText,
        e => ExtractError::Html(e.to_string()),
    })?;
    let m = r.metadata;
    let nonempty = |s: String| {
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    };
    let canonical = nonempty(m.url);
    let original_url = match (&canonical, url) {
        (Some(c), Some(u)) if parallax_model::host_of(c) != parallax_model::host_of(u) => Some(c.clone()),
        _ => None,
    };
    Ok(Article {
        url: url.map(str::to_string).or(canonical),
        title: nonempty(m.title),
        author: nonempty(m.author),
        published: m.date.map(midnight),
        site_name: nonempty(m.sitename),
        lang: parallax_lang::normalize_tag(&m.language),
        original_url,
        text: paragraphs(&r.content_text),
        ..Default::default()
    })
}

/// One paragraph per non-empty line, separated by blank lines.
fn paragraphs(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_text_and_metadata() {
        let page = r#"<html lang="de"><head><title>Brücke eingestürzt | Kurier</title>
<meta property="og:title" content="Brücke eingestürzt">
<meta property="og:site_name" content="Valmora Kurier">
<meta property="article:published_time" content="2026-11-09T08:00:00+01:00">
<link rel="canonical" href="https://www.tribune.example/bridge"></head>
<body><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article><h1>Brücke eingestürzt</h1>
<p>In der Hafenstadt Valmora ist am Montagmorgen eine Brücke eingestürzt. Mindestens zwölf Menschen wurden verletzt, teilte die Feuerwehr mit.</p>
<p>Die Ursache des Einsturzes ist noch unklar. Die Stadtverwaltung kündigte eine Untersuchung an und sperrte das Gebiet weiträumig ab.</p>
</article><footer>© 2026 Kurier</footer></body></html>"#;
        let a = extract(page, Some("https://kurier.example/a")).expect("article");
        assert_eq!(a.title.as_deref(), Some("Brücke eingestürzt"));
        assert!(a.text.contains("Mindestens zwölf Menschen"), "{}", a.text);
        assert!(!a.text.contains("Politik"));
        assert_eq!(a.published.map(|d| d.date_naive().to_string()).as_deref(), Some("2026-11-09"));
        assert_eq!(a.original_url.as_deref(), Some("https://www.tribune.example/bridge"));
    }
}
