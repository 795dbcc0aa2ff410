//! HTML pages: main text and metadata via the `trafilatura` crate with Readability as a second
//! opinion where it may help ([`readability`](crate::readability)), plus our own checks on the
//! canonical link (a canonical URL on another host is the original of a syndicated copy) and
//! declared dates.

use std::sync::LazyLock;

use parallax_model::{Article, PageMeta};
use regex::Regex;

use crate::lines::is_call_to_action;
use crate::{ExtractError, midnight, readability};

/// Extracts an article from a decoded HTML page. `url` is where the page was fetched from,
/// when known.
///
/// The main text is trafilatura's, merged with Readability's ([`readability::merge`]) on the
/// pages where Readability may change it ([`readability::needed`]) and else without its
/// trailing fragments ([`readability::trim_tail`]); calls to action ("Read more: …") are
/// dropped from either. The headline is trafilatura's title without the site name
/// ([`headline`](crate::headline)) or Readability's, where it ran. The page is pruned of
/// scripts, styles, comments and chrome elements first ([`prune`](crate::prune)), and everything
/// reads the pruned page: both extractors, the scans for headings and bylines, the date sources
/// (a date in a script, a menu or a sidebar is not the article's) and the declared language.
pub fn extract(page: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    let pruned = crate::prune::prune(page);
    let page_url = url.and_then(|u| url::Url::parse(u).ok());
    let mut opts = trafilatura::Options::default();
    opts.original_url = page_url.clone();
    opts.exclude_comments = true;
    let (first, metadata) = match trafilatura::extract(&pruned, &opts) {
        Ok(r) => {
            let text = html_paragraphs(&r.content_html)
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| paragraphs(&r.content_text));
            (text, Some(r.metadata))
        }
        Err(trafilatura::TrafilaturaError::InsufficientContent { .. }) => (String::new(), None),
        Err(e) => return Err(ExtractError::Html(e.to_string())),
    };
    let m = metadata.unwrap_or_default();
    let nonempty = |s: String| {
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    };
    let (text, title, byline) = if readability::needed(&first, &pruned) {
        let second = readability::find(&pruned, page_url.as_ref());
        (readability::merge(first, second.text), readability::title(nonempty(m.title), &second.title), second.byline)
    } else {
        // Readability's byline rule, by a scan, for pages where trafilatura found no author.
        let byline = if m.author.trim().is_empty() {
            crate::scan::byline(&pruned).and_then(|b| readability::byline_names(&b))
        } else {
            None
        };
        (readability::trim_tail(first), crate::headline::clean(nonempty(m.title), &pruned), byline)
    };
    let text = without_calls_to_action(&text);
    let canonical = nonempty(m.url);
    let original_url = match (&canonical, url) {
        (Some(c), Some(u)) if !crate::same_host(c, Some(u)) => Some(c.clone()),
        _ => None,
    };
    let published = crate::published::published(&pruned, url.or(canonical.as_deref()), m.date).map(midnight);
    // trafilatura's `language` is its own detection on the extracted text, not the page's.
    let detected_lang = parallax_lang::normalize_tag(&m.language);
    Ok(Article {
        url: url.map(str::to_string).or_else(|| canonical.clone()),
        title,
        author: nonempty(m.author).or(byline),
        published,
        site_name: nonempty(m.sitename),
        lang: detected_lang,
        original_url,
        page: PageMeta {
            modified: crate::published::modified(&pruned).map(midnight),
            canonical_url: canonical.clone(),
            declared_lang: declared_lang(&pruned),
            image: nonempty(m.image),
            captions: Vec::new(),
        },
        text,
        ..Default::default()
    })
}

/// How far into the page the declared language is looked for.
const LANG_SCAN_BYTES: usize = 64 * 1024;

/// `<html lang=…>`, or else `<meta http-equiv="content-language">` / `og:locale`.
static DECLARED_LANG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<html(?-u:\b)[^>]*(?-u:\b)(?:xml:)?lang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)|<meta(?-u:\b)[^>]*(?:content-language|og:locale)[^>]*>"#)
        .expect("declared language regex")
});
static CONTENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)content\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)"#).expect("content regex")
});

/// The language the page declares (ISO 639-1), first in document order.
fn declared_lang(page: &str) -> Option<String> {
    let head = &page[..page.floor_char_boundary(LANG_SCAN_BYTES)];
    DECLARED_LANG.captures_iter(head).find_map(|c| {
        let tag = match c.get(1) {
            Some(lang) => lang.as_str(),
            None => CONTENT.captures(c.get(0)?.as_str())?.get(1)?.as_str(),
        };
        parallax_lang::normalize_tag(tag)
    })
}

/// The paragraphs that are not calls to action ("Read more: …", "Advertisement").
fn without_calls_to_action(text: &str) -> String {
    text.split("\n\n").filter(|p| !is_call_to_action(p)).collect::<Vec<_>>().join("\n\n")
}

/// Block-level elements: each starts a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "br",
    "tr",
    "section",
    "article",
    "figcaption",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "header",
    "footer",
    "aside",
    "main",
    "figure",
    "hr",
    "td",
    "th",
];

/// Plain text of clean extracted HTML with its paragraph structure: block elements separated by
/// blank lines, whitespace collapsed inside paragraphs, character references decoded. `None`
/// when the markup is not the simple kind expected (an unterminated tag).
pub(crate) fn html_paragraphs(html: &str) -> Option<String> {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut rest = html;
    let flush = |cur: &mut String, paras: &mut Vec<String>| {
        let p = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            paras.push(p);
        }
        cur.clear();
    };
    while let Some(lt) = rest.find('<') {
        cur.push_str(&decode_entities(&rest[..lt]));
        let gt = rest[lt..].find('>')? + lt;
        let tag = &rest[lt + 1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            flush(&mut cur, &mut paras);
        }
        // Inline markup (b, i, a, span …) joins its text to its neighbours as written.
        rest = &rest[gt + 1..];
    }
    cur.push_str(&decode_entities(rest));
    flush(&mut cur, &mut paras);
    Some(paras.join("\n\n"))
}

/// Decodes numeric and the common named character references.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One paragraph per non-empty line, separated by blank lines.
fn paragraphs(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_languages() {
        assert_eq!(declared_lang(r#"<!doctype html><html class="x" lang="sv-SE"><body>"#).as_deref(), Some("sv"));
        assert_eq!(declared_lang("<HTML LANG=fr>").as_deref(), Some("fr"));
        assert_eq!(declared_lang(r#"<html><head><meta property="og:locale" content="pt_BR">"#).as_deref(), Some("pt"));
        assert_eq!(declared_lang(r#"<html><meta http-equiv="Content-Language" content="de">"#).as_deref(), Some("de"));
        // Detection is not declaration: a page that says nothing declares nothing.
        assert_eq!(declared_lang("<html><body><p>hello world</p>"), None);
    }

    #[test]
    fn paragraphs_from_clean_html() {
        let h = "<div><h1>Title &amp; more</h1><p>First <b>bold</b> para.</p><p>Second&#160;one &#x2014; &lt;ok&gt;</p><ul><li>a</li><li>b</li></ul></div>";
        assert_eq!(
            html_paragraphs(h).as_deref(),
            Some("Title & more\n\nFirst bold para.\n\nSecond one \u{2014} <ok>\n\na\n\nb")
        );
        assert_eq!(html_paragraphs("<p>unterminated <b"), None);
        // Inline markup adds no space of its own: "<b>Bold</b>er" renders as "Bolder".
        assert_eq!(
            html_paragraphs("<p><b>Bold</b>er and <a href=x>link</a>ed</p>").as_deref(),
            Some("Bolder and linked")
        );
    }

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
        assert_eq!(a.page.declared_lang.as_deref(), Some("de"));
    }
}
