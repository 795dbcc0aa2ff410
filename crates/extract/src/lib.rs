//! Extraction: raw documents (HTML pages, plain-text scrapes) to clean [`Article`]s.
//!
//! [`DefaultExtractor`] decodes the bytes ([`charset`]), extracts main text and metadata with
//! the format's extractor ([`html`] or [`text`]), finds an "original source" credit
//! ([`credit`]), parses dates ([`dates`]), detects the language, and finally lets what the
//! source already knew ([`Hints`](parallax_model::Hints)) override what was guessed.
//!
//! Hostile or broken pages cannot make extraction slow, huge or crash ([`limits`]): an HTML page
//! is cut to its first 16 MiB and its first 100,000 nodes (elements and comments), at a tag
//! boundary; start tags nested deeper than 256 levels are dropped (their text is kept); and the
//! parser's other quadratic cases (piles of unclosed `<b>`/`<font>` tags, tags with more than
//! 128 attributes, stripped tags such as `<span>` or `<tbody>` nested around much content) are
//! defused the same way. Pages within these limits, which is every real page we have seen, are
//! parsed byte for byte as given. No input panics; `fuzz/` holds the fuzz targets.

pub mod charset;
pub mod credit;
pub mod dates;
pub mod headline;
pub mod html;
pub mod limits;
mod lines;
pub mod prune;
pub mod published;
pub mod readability;
mod scan;
pub mod text;

use chrono::{DateTime, NaiveDate, Utc};
use parallax_model::{Article, DocFormat, RawDoc};

/// Why a document yielded no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text found")]
    NoText,
    #[error("HTML extraction failed: {0}")]
    Html(String),
}

/// Turns a raw document into an article.
pub trait Extractor: Send + Sync {
    fn extract(&self, doc: &RawDoc) -> Result<Article, ExtractError>;
}

/// Parallax's extractor: format-specific extraction plus metadata, credits, dates and language.
#[derive(Debug, Default, Clone)]
pub struct DefaultExtractor;

/// Shortest main text (in characters) accepted as an article.
const MIN_TEXT_CHARS: usize = 40;

/// Shortest one-line text input accepted as a news blurb ("Finland joins NATO as its 31st
/// member.", or a CJK sentence of 20 characters).
const MIN_BLURB_CHARS: usize = 20;

impl Extractor for DefaultExtractor {
    fn extract(&self, doc: &RawDoc) -> Result<Article, ExtractError> {
        let mut art = match doc.format {
            DocFormat::Html => {
                let page = charset::decode(limits::cap_bytes(&doc.body), doc.charset.as_deref());
                html::extract(&limits::guard(&page), doc.hints.url.as_deref())?
            }
            DocFormat::Text => text::extract(&String::from_utf8_lossy(&doc.body)),
        };
        art.origin = doc.origin.clone();
        apply_hints(&mut art, doc);
        if art.original_url.is_none() {
            art.original_url = credit::find_original(&art.text).filter(|u| !same_host(u, art.url.as_deref()));
        }
        art.text = strip_leading_title(&credit::strip_credit_lines(&art.text), art.title.as_deref());
        let mut min_chars = MIN_TEXT_CHARS;
        if art.text.chars().count() < MIN_TEXT_CHARS && doc.format == DocFormat::Text {
            // A one-line text (a news blurb) is its own body, not a headline without one.
            let raw = String::from_utf8_lossy(&doc.body);
            let mut lines = raw.lines().map(str::trim).filter(|l| !l.is_empty());
            if let (Some(only), None) = (lines.next(), lines.next()) {
                if art.title.as_deref() == Some(only) {
                    art.title = None;
                }
                art.text = only.to_string();
                min_chars = MIN_BLURB_CHARS;
            }
        }
        if art.text.chars().count() < min_chars {
            return Err(ExtractError::NoText);
        }
        let sample = match &art.title {
            Some(t) => format!("{t}\n{}", art.text),
            None => art.text.clone(),
        };
        if let Some(l) = parallax_lang::detect(&sample) {
            art.lang = Some(l.to_string());
        }
        Ok(art)
    }
}

/// Removes a first paragraph that repeats the title (many pages print the headline inside the
/// body), so copies with and without it hash the same.
fn strip_leading_title(text: &str, title: Option<&str>) -> String {
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else { return text.to_string() };
    match text.split_once("\n\n") {
        Some((first, rest)) if first.trim() == title => rest.to_string(),
        None if text.trim() == title => String::new(),
        // The headline glued to the first paragraph ("Headline Lead sentence …").
        _ => match text.strip_prefix(title) {
            Some(rest) if rest.starts_with(char::is_whitespace) => rest.trim_start().to_string(),
            _ => text.to_string(),
        },
    }
}

fn apply_hints(art: &mut Article, doc: &RawDoc) {
    let h = &doc.hints;
    if h.external_id.is_some() {
        art.external_id = h.external_id.clone();
    }
    if let Some(u) = &h.url {
        art.url = Some(u.clone());
    }
    if let Some(t) = h.title.as_ref().filter(|t| !t.trim().is_empty()) {
        art.title = Some(t.trim().to_string());
    }
    if let Some(p) = h.published.as_deref().and_then(parse_datetime) {
        art.published = Some(p);
    }
    if let Some(s) = &h.source {
        art.site_name = Some(s.clone());
    }
    if let Some(l) = h.lang.as_deref().and_then(parallax_lang::normalize_tag) {
        art.lang = Some(l);
    }
}

/// Whether two URLs are on the same host (`www.` ignored).
pub(crate) fn same_host(a: &str, b: Option<&str>) -> bool {
    b.is_some_and(|b| parallax_model::host_of(a) == parallax_model::host_of(b))
}

/// Parses a full timestamp (RFC 3339, RFC 2822) keeping the time, or any date the date module
/// reads, at midnight UTC.
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    dates::parse_date(s).map(midnight)
}

/// A date as a timestamp at midnight UTC.
pub fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Hints;

    #[test]
    fn hints_override_and_lang_detected() {
        let doc = RawDoc {
            origin: "x.jsonl:1".into(),
            key: "k".into(),
            format: DocFormat::Text,
            body: "Die Regierung hat am Montag neue Maßnahmen gegen die steigenden Preise angekündigt, sagte der Sprecher."
                .into(),
            charset: None,
            hints: Hints {
                external_id: Some("a1".into()),
                title: Some("Neue Maßnahmen".into()),
                published: Some("2026-11-09T10:00:00+01:00".into()),
                ..Default::default()
            },
        };
        let a = DefaultExtractor.extract(&doc).expect("article");
        assert_eq!(a.lang.as_deref(), Some("de"));
        assert_eq!(a.title.as_deref(), Some("Neue Maßnahmen"));
        assert_eq!(a.external_id.as_deref(), Some("a1"));
        assert_eq!(a.published.map(|d| d.to_rfc3339()).as_deref(), Some("2026-11-09T09:00:00+00:00"));
    }

    #[test]
    fn too_little_text_is_an_error() {
        let doc = RawDoc {
            origin: "e.txt".into(),
            key: "k".into(),
            format: DocFormat::Text,
            body: b"Menu\nHome".to_vec(),
            charset: None,
            hints: Hints::default(),
        };
        assert!(matches!(DefaultExtractor.extract(&doc), Err(ExtractError::NoText)));
    }

    #[test]
    fn a_one_line_blurb_is_its_own_text() {
        let doc = RawDoc {
            origin: "b.jsonl:1".into(),
            key: "k".into(),
            format: DocFormat::Text,
            body: "Giorgia Meloni Italiya bosh vaziri etib saylandi.".as_bytes().to_vec(),
            charset: None,
            hints: Hints::default(),
        };
        let a = DefaultExtractor.extract(&doc).expect("blurb");
        assert_eq!(a.text, "Giorgia Meloni Italiya bosh vaziri etib saylandi.");
        let short = RawDoc { body: "Finland blir medlem i NATO.".as_bytes().to_vec(), ..doc.clone() };
        assert_eq!(DefaultExtractor.extract(&short).expect("blurb").text, "Finland blir medlem i NATO.");
        let tiny = RawDoc { body: b"Home".to_vec(), ..doc };
        assert!(matches!(DefaultExtractor.extract(&tiny), Err(ExtractError::NoText)));
    }
}
