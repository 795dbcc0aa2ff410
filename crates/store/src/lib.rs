//! Storage: articles, stories, quotes, entities and a full-text index behind the [`Store`] trait.
//!
//! [`SqliteStore`] is the embedded default: one SQLite file in WAL mode. Every article is
//! written in one transaction together with its story's new state, so a crash never leaves an
//! article without its story or a story state that counts an article that is not there, and a
//! re-run simply skips what is already stored (documents are keyed by origin and content).

mod sqlite;

use chrono::{DateTime, Utc};
use parallax_model::{
    Article, ArticleId, CopyKind, EntityDetail, EntityId, EntitySummary, SearchHit, StoredArticle, StoryDetail,
    StoryId, StorySummary,
};

pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    #[error("story {0} is not a live story (merged into another, or never made)")]
    NotLive(StoryId),
    #[error("cannot merge story {from} into story {into}: {reason}")]
    Merge { from: StoryId, into: StoryId, reason: &'static str },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Where a new article goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// A member of an existing (live) story, whose state becomes `state`.
    Join { story: StoryId, state: StoryStateRow },
    /// The first member of a new story with this state (its `id` is ignored and assigned).
    NewStory { state: StoryStateRow },
    /// A re-publication of a stored article: shown with that article's story, not counted.
    CopyOf { original: ArticleId, kind: CopyKind },
}

/// A story's clustering state as persisted.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryStateRow {
    pub id: StoryId,
    pub sum: Vec<f32>,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Languages of the story's articles (filled when read back; ignored when written).
    pub langs: Vec<String>,
    /// The assigner's opaque profile of the story (lexical terms, entities, size), kept so a
    /// restart restores the same state; empty in databases from before it existed.
    pub profile: Vec<u8>,
}

/// An article ready to be written.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    pub article: &'a Article,
    /// Identifies the input document; a second write with the same key is a no-op.
    pub doc_key: &'a str,
    pub content_hash: &'a str,
    pub simhash: u64,
    pub embedding: &'a [f32],
    pub placement: Placement,
    pub quotes: &'a [NewQuote],
    /// The names the article mentions.
    pub entities: &'a [EntityMention],
    /// Claims other articles may contradict (titles, counts); a story's disagreements are
    /// computed from its articles' claims when it is read.
    pub claims: &'a [parallax_facts::Claim],
    /// Terms for the full-text index (space-separated, already folded and stemmed).
    pub search_terms: &'a str,
}

/// A name as mentioned in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// Identity across articles (folded name).
    pub key: String,
    /// As written.
    pub name: String,
    pub kind: String,
    pub mentions: usize,
    /// The name to show for the entity when one is known in every language (a country's
    /// English name); else the first name seen.
    pub display: Option<String>,
}

/// Filters for listing stories.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Stories with an article in this language; their `headline` is this language's one
    /// when they have one.
    pub lang: Option<String>,
    /// Stories with an article from this outlet.
    pub outlet: Option<String>,
    /// Stories that mention this entity.
    pub entity: Option<EntityId>,
    /// Stories active on or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Stories that began before this time.
    pub until: Option<DateTime<Utc>>,
    /// Stories with an article matching this search: per query word, the index terms that
    /// match it (see `parallax_lang::query_terms`); all words must match.
    pub terms: Vec<Vec<String>>,
    /// 0 means no limit.
    pub limit: usize,
    pub offset: usize,
}

/// Filters for listing entities.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Names starting with this (folded) prefix.
    pub prefix: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// An original article of a story, as [`Store::story_originals`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryMember {
    pub id: ArticleId,
    pub published: Option<DateTime<Utc>>,
    pub embedding: Vec<f32>,
}

/// A quote of an article being stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewQuote {
    pub speaker: Option<String>,
    pub text: String,
}

/// A stored quote that has no vector yet ([`Store::quotes_to_embed`]).
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteToEmbed {
    pub id: i64,
    pub text: String,
    /// Its article's language.
    pub lang: Option<String>,
}

/// Parallax's store of record.
pub trait Store: Send {
    /// Whether a document with this key was already stored.
    fn has_doc(&self, doc_key: &str) -> Result<bool>;
    /// The earliest stored article with this content hash, and its story. It may be a copy
    /// itself (a translation that was re-posted): the new copy then chains to it.
    fn find_by_content(&self, content_hash: &str) -> Result<Option<(ArticleId, Option<StoryId>)>>;
    /// Writes an article (and its story state) atomically. Returns the article's id and story,
    /// or `None` when the document key was already stored.
    fn insert(&mut self, new: &NewArticle<'_>) -> Result<Option<(ArticleId, Option<StoryId>)>>;
    /// (article id, SimHash) of the most recent `limit` original (non-copy) articles, oldest first.
    fn recent_simhashes(&self, limit: usize) -> Result<Vec<(ArticleId, u64)>>;
    /// Original (non-copy) articles of a story written in a language other than `lang`, most
    /// recent first, at most `limit`, with their embeddings. The articles a new
    /// article in `lang` may be a translation of (or that may translate it).
    fn story_originals(&self, story: StoryId, lang: &str, limit: usize) -> Result<Vec<StoryMember>>;
    /// An article's text.
    fn article_text(&self, id: ArticleId) -> Result<Option<String>>;
    /// The quotes of `story` without a vector (the first `per_article` of each member or
    /// translation), when the story's quotes are in two languages or more; none otherwise.
    fn quotes_to_embed(&self, story: StoryId, per_article: usize) -> Result<Vec<QuoteToEmbed>>;
    /// Stores quote vectors (unit vectors of a multilingual encoder, for
    /// [`parallax_facts::utterances`]), by quote id.
    fn set_quote_vectors(&mut self, rows: &[(i64, Vec<f32>)]) -> Result<()>;
    /// Records that a stored original `article` is a copy (`kind`) of `original` after all (its
    /// original arrived after it): it leaves the story's members and joins its copies.
    fn mark_copy(&mut self, article: ArticleId, original: ArticleId, kind: CopyKind) -> Result<()>;
    /// Story states of the most recently active stories, for restoring the assigner.
    fn story_states(&self, limit: usize) -> Result<Vec<StoryStateRow>>;
    fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>>;
    /// One story; a story merged into another gives the live one (with its own id).
    fn story(&self, id: StoryId) -> Result<Option<StoryDetail>>;
    /// The articles (of one story: a merged story's id means the live one's).
    fn articles(&self, story: Option<StoryId>) -> Result<Vec<StoredArticle>>;
    /// Merges story `from` into story `into` in one transaction: every article of `from`
    /// (members and copies) moves to `into`, whose clustering state (centroid, first and last
    /// seen) becomes `state` (its `id` and `langs` are ignored) and whose counts, languages,
    /// outlets and headlines are recomputed;
    /// `from` is deleted and redirects to `into` from then on (as do the ids that redirected to
    /// `from`). Both must be live stories, and different.
    fn merge_stories(&mut self, from: StoryId, into: StoryId, state: &StoryStateRow) -> Result<()>;
    /// The live id for any story id ever issued (itself when live, where it was merged to
    /// otherwise); `None` for an id never issued.
    fn resolve_story(&self, id: StoryId) -> Result<Option<StoryId>>;
    /// Articles matching a full-text search (same `terms` as [`StoryFilter::terms`]), best first;
    /// the other filters of `filter` apply to the articles.
    fn search(&self, filter: &StoryFilter) -> Result<Vec<SearchHit>>;
    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>>;
    fn entity(&self, id: EntityId) -> Result<Option<EntityDetail>>;
    /// The highest article id stored (0 when empty): a cheap change marker for live updates.
    fn latest_article_id(&self) -> Result<ArticleId>;
    /// How many story merges were recorded: with [`Store::latest_article_id`], the change
    /// marker for live updates (a merge stores no article).
    fn merge_count(&self) -> Result<u64>;
    /// Counts of (articles, stories).
    fn counts(&self) -> Result<(usize, usize)>;
    /// A stored setting (e.g. which embedder made the stored vectors).
    fn meta(&self, key: &str) -> Result<Option<String>>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
}
