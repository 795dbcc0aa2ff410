//! Domain types that flow between Parallax's stages.
//!
//! A [`RawDoc`] is what a source yields (bytes plus whatever the source already knows about
//! them); extraction turns it into an [`Article`]; the store hands back [`StoredArticle`]s and
//! [`StorySummary`]s. Keeping these in one small crate lets every stage depend on the same
//! vocabulary without depending on each other.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How the bytes of a raw document should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    /// An HTML page.
    Html,
    /// A plain-text scrape, possibly with page chrome mixed in.
    Text,
}

/// What a source already knows about a document (e.g. the fields of a JSONL record or a feed
/// item). Extraction prefers these over what it finds in the content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hints {
    pub external_id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Publication date as the source gave it; extraction parses it.
    pub published: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
}

/// One document as delivered by a source, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    /// Where it came from: a path, `path:line` for a JSONL record, `-` for stdin, or a URL.
    pub origin: String,
    /// Stable identity of the input (canonical path, `path:line`, URL): re-reading the same
    /// input gives the same key, which makes ingest idempotent.
    pub key: String,
    pub format: DocFormat,
    pub body: Vec<u8>,
    /// Charset declared out of band (e.g. an HTTP header), if any.
    pub charset: Option<String>,
    pub hints: Hints,
}

/// An extracted article: clean text plus metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub origin: String,
    pub external_id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub site_name: Option<String>,
    /// ISO 639-1 code.
    pub lang: Option<String>,
    /// The page credits another publication as the original (e.g. a "Source:" line).
    pub original_url: Option<String>,
    /// Clean main text, paragraphs separated by blank lines.
    pub text: String,
    /// What the page says about itself beyond title, date and text.
    #[serde(flatten)]
    pub page: PageMeta,
}

/// What a page says about itself beyond title, date and text; kept with the article as
/// extracted ([`Article::page`]) and as stored ([`StoredArticle::page`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    /// When the page says it was last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateTime<Utc>>,
    /// The address the page declares as canonical (`<link rel=canonical>`, `og:url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The language the page declares (`<html lang>`, meta tags), ISO 639-1; the article's
    /// `lang` is the one detected in the text (or this one, when detection fails).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_lang: Option<String>,
    /// The lead image's address (`og:image` and the like), as the page gives it (never fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image captions and photo credits found among the text, kept out of the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
}

impl Article {
    /// Title and text as one string, for language ID, embedding and hashing.
    pub fn title_and_text(&self) -> String {
        match &self.title {
            Some(t) if !self.text.starts_with(t.as_str()) => format!("{t}\n\n{}", self.text),
            _ => self.text.clone(),
        }
    }

    /// The host of the article's URL, without `www.`.
    pub fn host(&self) -> Option<String> {
        self.url.as_deref().and_then(host_of)
    }
}

/// The host part of a URL, lower-cased and without a leading `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

pub type ArticleId = i64;
pub type StoryId = i64;

/// How a stored article re-publishes another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// The same normalised text (content hash).
    Exact,
    /// Nearly the same text (SimHash within a few bits): light edits, another boilerplate.
    Near,
    /// The same article in another language.
    Translation,
}

impl CopyKind {
    /// The stored and serialised name: `exact`, `near` or `translation`.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Near => "near",
            CopyKind::Translation => "translation",
        }
    }

    /// How people read it: `exact copy`, `near-duplicate`, `translation`.
    pub fn label(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact copy",
            CopyKind::Near => "near-duplicate",
            CopyKind::Translation => "translation",
        }
    }
}

impl std::fmt::Display for CopyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A copy kind name that is not `exact`, `near` or `translation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCopyKind(pub String);

impl std::fmt::Display for UnknownCopyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown copy kind `{}` (exact, near, translation)", self.0)
    }
}

impl std::error::Error for UnknownCopyKind {}

impl std::str::FromStr for CopyKind {
    type Err = UnknownCopyKind;
    fn from_str(s: &str) -> Result<Self, UnknownCopyKind> {
        match s {
            "exact" => Ok(CopyKind::Exact),
            "near" => Ok(CopyKind::Near),
            "translation" => Ok(CopyKind::Translation),
            o => Err(UnknownCopyKind(o.to_string())),
        }
    }
}

/// An article as stored, with its place in a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredArticle {
    pub id: ArticleId,
    pub external_id: Option<String>,
    pub story_id: Option<StoryId>,
    /// Set when this article is a copy (re-publication) of another stored article.
    pub copy_of: Option<ArticleId>,
    /// How it copies `copy_of` (set exactly when `copy_of` is).
    #[serde(default)]
    pub copy_kind: Option<CopyKind>,
    pub origin: String,
    pub lang: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub original_url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub ingested_at: DateTime<Utc>,
    /// What the page says about itself (see [`PageMeta`]).
    #[serde(flatten)]
    pub page: PageMeta,
}

/// A quote found in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub article_id: ArticleId,
    pub speaker: Option<String>,
    pub text: String,
    /// In a story's quotes: the index of the first quote of the same statement (the same words
    /// quoted by another article, or their translation); its own index when no other article
    /// quotes it.
    #[serde(default)]
    pub utterance: usize,
}

/// A story as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    /// The live id: asking for a story that was merged into another gives the other's.
    pub id: StoryId,
    /// The member title closest to the story's centroid over all languages (in a list filtered
    /// by language: that language's headline, when the story has one).
    pub headline: String,
    /// Per language (ISO 639-1): the title of that language's member closest to the centroid.
    #[serde(default)]
    pub headlines: BTreeMap<String, String>,
    pub languages: Vec<String>,
    pub outlets: Vec<String>,
    /// Articles that are members (copies excluded).
    pub article_count: usize,
    /// Re-publications (exact or near copies) attached to the story.
    pub copy_count: usize,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// Member articles per publication day (`YYYY-MM-DD`), oldest first.
    #[serde(default)]
    pub activity: Vec<DayCount>,
}

/// How many articles appeared on one day (in one language, when `lang` is set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lang: Option<String>,
    pub count: usize,
}

/// A story with everything we know about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub summary: StorySummary,
    pub articles: Vec<ArticleWithText>,
    pub quotes: Vec<Quote>,
    /// The names the story's articles mention, most mentioned first.
    #[serde(default)]
    pub entities: Vec<EntitySummary>,
    /// Claims on which the story's sources differ (filled by the facts stage).
    #[serde(default)]
    pub disagreements: Vec<Disagreement>,
    /// Member articles per day and language, oldest first.
    #[serde(default)]
    pub timeline: Vec<DayCount>,
    /// Provenance: each member that has copies, with its copies and who published first.
    #[serde(default)]
    pub copies: Vec<CopyGroup>,
}

/// An original article and its re-publications in a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyGroup {
    pub original: ArticleId,
    /// The article, among the original and its copies, published earliest (the original on a
    /// tie or when dates are unknown).
    pub first_published_id: ArticleId,
    /// That article's outlet.
    pub first_published_by: Option<String>,
    pub copies: Vec<CopyRef>,
}

/// One re-publication of an original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyRef {
    pub id: ArticleId,
    pub kind: CopyKind,
    pub outlet: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

pub type EntityId = i64;

/// A person, organisation or place, with the names it goes by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySummary {
    pub id: EntityId,
    pub name: String,
    /// `person`, or `name` when the kind is not known.
    pub kind: String,
    /// Every spelling seen, most frequent first.
    pub aliases: Vec<String>,
    /// Mentions (in the story, for a story's entities; overall otherwise).
    pub mentions: usize,
    /// Articles that mention it (in the story, for a story's entities; overall otherwise).
    pub articles: usize,
}

/// An entity and the stories that mention it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityDetail {
    #[serde(flatten)]
    pub entity: EntitySummary,
    pub stories: Vec<StorySummary>,
}

/// One claim on which a story's sources differ, e.g. a person's title or a death toll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// What kind of claim: `title`, `number`, `date`.
    pub kind: String,
    /// What the claim is about ("Ali Larijani", "killed").
    pub subject: String,
    /// The differing values, each with the articles that state it.
    pub sides: Vec<ClaimSide>,
}

/// One value of a disputed claim and where it is stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimSide {
    /// The value, normalised so that sides compare across languages (a title concept such as
    /// `transport minister`, or a number).
    pub value: String,
    pub article_ids: Vec<ArticleId>,
    pub outlets: Vec<String>,
    /// How the articles on this side write it ("Irans president", "zwölf Menschen … ums Leben").
    #[serde(default)]
    pub written: Vec<String>,
}

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub article: StoredArticle,
    /// The start of the article's text.
    pub snippet: String,
}

/// A stored article with its clean text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleWithText {
    #[serde(flatten)]
    pub article: StoredArticle,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_strips_www_port_and_userinfo() {
        assert_eq!(host_of("https://www.Example.com:8080/a?b").as_deref(), Some("example.com"));
        assert_eq!(host_of("http://u:p@news.example/x").as_deref(), Some("news.example"));
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn copy_kinds_parse_their_names() {
        for k in [CopyKind::Exact, CopyKind::Near, CopyKind::Translation] {
            assert_eq!(k.as_str().parse::<CopyKind>(), Ok(k));
        }
        assert!("copy".parse::<CopyKind>().is_err());
        assert_eq!(CopyKind::Near.label(), "near-duplicate");
    }

    #[test]
    fn title_and_text_does_not_repeat_title() {
        let a = Article { title: Some("T".into()), text: "T\n\nbody".into(), ..Default::default() };
        assert_eq!(a.title_and_text(), "T\n\nbody");
        let b = Article { title: Some("X".into()), text: "body".into(), ..Default::default() };
        assert_eq!(b.title_and_text(), "X\n\nbody");
    }
}
