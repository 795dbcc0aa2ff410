//! The SQLite implementation of [`Store`].

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use parallax_facts::{ArticleClaims, Claim};
use parallax_model::{
    ArticleId, ArticleWithText, CopyGroup, CopyKind, CopyRef, DayCount, Disagreement, EntityDetail, EntityId,
    EntitySummary, PageMeta, Quote, SearchHit, StoredArticle, StoryDetail, StoryId, StorySummary,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::{
    EntityFilter, NewArticle, Placement, QuoteToEmbed, Result, Store, StoreError, StoryFilter, StoryMember,
    StoryStateRow,
};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS stories (
    id          INTEGER PRIMARY KEY,
    headline    TEXT NOT NULL,
    centroid    BLOB NOT NULL,
    profile     BLOB NOT NULL DEFAULT x'',
    first_seen  TEXT,
    last_seen   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id            INTEGER PRIMARY KEY,
    doc_key       TEXT NOT NULL UNIQUE,
    content_hash  TEXT NOT NULL,
    simhash       INTEGER NOT NULL,
    external_id   TEXT,
    origin        TEXT NOT NULL,
    url           TEXT,
    original_url  TEXT,
    title         TEXT,
    author        TEXT,
    published     TEXT,
    site_name     TEXT,
    outlet        TEXT,
    lang          TEXT,
    text          TEXT NOT NULL,
    story_id      INTEGER REFERENCES stories(id),
    copy_of       INTEGER REFERENCES articles(id),
    copy_kind     TEXT,
    embedding     BLOB,
    ingested_at   TEXT NOT NULL,
    modified      TEXT,
    canonical_url TEXT,
    declared_lang TEXT,
    image         TEXT,
    captions      TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    speaker     TEXT,
    text        TEXT NOT NULL,
    embedding   BLOB
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS article_terms USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS entities (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_entities (
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    name        TEXT NOT NULL,
    mentions    INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities(entity_id);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE TABLE IF NOT EXISTS claims (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    kind         TEXT NOT NULL,
    subject_key  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    value        TEXT NOT NULL,
    written      TEXT NOT NULL,
    approx       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
-- A story merged into another: its id keeps answering, as the live story's. Chains are kept
-- one hop long (a merge repoints the redirects that led to the story merged away).
CREATE TABLE IF NOT EXISTS story_redirects (
    from_id  INTEGER PRIMARY KEY,
    to_id    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS story_redirects_to ON story_redirects(to_id);
"#;

/// Per story and language, the member whose title is the language's headline (see
/// [`refresh_headlines`]). Created by [`migrate`], which fills it for older databases.
const HEADLINES_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS story_headlines (
    story_id    INTEGER NOT NULL,
    lang        TEXT NOT NULL,
    article_id  INTEGER NOT NULL,
    title       TEXT NOT NULL,
    PRIMARY KEY (story_id, lang)
) WITHOUT ROWID;";

/// Story columns kept up to date on every insert, so listing stories never aggregates articles.
/// Added to databases made before they existed (see [`migrate`]).
const SUMMARY_COLUMNS: &[(&str, &str)] = &[
    ("article_count", "INTEGER NOT NULL DEFAULT 0"),
    ("copy_count", "INTEGER NOT NULL DEFAULT 0"),
    ("languages", "TEXT NOT NULL DEFAULT ''"),
    ("outlets", "TEXT NOT NULL DEFAULT ''"),
];

/// Page metadata the extractor fills (see [`parallax_model::Article`]): `modified` in the same
/// format as `published`, `captions` a JSON array of strings (NULL when there are none).
/// Added to databases made before they existed (see [`migrate`]); older articles have NULLs.
const PAGE_COLUMNS: &[(&str, &str)] = &[
    ("modified", "TEXT"),
    ("canonical_url", "TEXT"),
    ("declared_lang", "TEXT"),
    ("image", "TEXT"),
    ("captions", "TEXT"),
];

/// Recomputes the summary columns of the story `?1` (or of every story, with `s.id`).
const REFRESH_SUMMARY: &str = "UPDATE stories AS s SET
    article_count = (SELECT count(*) FROM articles WHERE story_id = s.id AND copy_of IS NULL),
    copy_count = (SELECT count(*) FROM articles WHERE story_id = s.id AND copy_of IS NOT NULL),
    languages = coalesce((SELECT group_concat(l, ',') FROM (SELECT DISTINCT lang AS l FROM articles WHERE story_id = s.id AND lang IS NOT NULL ORDER BY lang)), ''),
    outlets = coalesce((SELECT group_concat(o, ',') FROM (SELECT DISTINCT outlet AS o FROM articles WHERE story_id = s.id AND outlet IS NOT NULL ORDER BY outlet)), '')";

/// Brings a database made by an older version up to date (idempotent).
fn migrate(conn: &Connection) -> Result<()> {
    // Create, check and alter under the write lock (IMMEDIATE waits for it through the busy
    // timeout): two processes opening a new database at once must not both add the columns,
    // and a schema statement run outside it can fail with "database is locked".
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA)?;
    let cols: Vec<String> = tx
        .prepare("SELECT name FROM pragma_table_info('stories')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let missing: Vec<_> = SUMMARY_COLUMNS.iter().filter(|(c, _)| !cols.iter().any(|x| x == c)).collect();
    if !missing.is_empty() {
        for (c, ty) in missing {
            tx.execute_batch(&format!("ALTER TABLE stories ADD COLUMN {c} {ty}"))?;
        }
        tx.execute_batch(REFRESH_SUMMARY)?;
    }
    // The assigner's story profile, added later (old stories restore without one).
    if !cols.iter().any(|x| x == "profile") {
        tx.execute_batch("ALTER TABLE stories ADD COLUMN profile BLOB NOT NULL DEFAULT x''")?;
    }
    // Cross-script identity of names (see parallax_facts::translit), added later.
    let ecols: Vec<String> = tx
        .prepare("SELECT name FROM pragma_table_info('entities')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (c, ty) in [("skeleton", "TEXT"), ("script", "TEXT")] {
        if !ecols.iter().any(|x| x == c) {
            tx.execute_batch(&format!("ALTER TABLE entities ADD COLUMN {c} {ty}"))?;
        }
    }
    // How a copy copies its original, added later: copies stored before were all found by
    // content hash or SimHash; they count as exact.
    let acols: Vec<String> = tx
        .prepare("SELECT name FROM pragma_table_info('articles')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !acols.iter().any(|x| x == "copy_kind") {
        tx.execute_batch(
            "ALTER TABLE articles ADD COLUMN copy_kind TEXT;
             UPDATE articles SET copy_kind = 'exact' WHERE copy_of IS NOT NULL;",
        )?;
    }
    // Quote vectors (for grouping one statement across articles), added later.
    let qcols: Vec<String> = tx
        .prepare("SELECT name FROM pragma_table_info('quotes')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !qcols.iter().any(|x| x == "embedding") {
        tx.execute_batch("ALTER TABLE quotes ADD COLUMN embedding BLOB")?;
    }
    // Page metadata (modified date, canonical URL, declared language, lead image, captions),
    // added later: articles stored before have none.
    for (c, ty) in PAGE_COLUMNS {
        if !acols.iter().any(|x| x == c) {
            tx.execute_batch(&format!("ALTER TABLE articles ADD COLUMN {c} {ty}"))?;
        }
    }
    // Per-language headlines, added later: filled once, in one pass over the stories.
    let had_headlines: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'story_headlines')",
        [],
        |r| r.get(0),
    )?;
    tx.execute_batch(HEADLINES_SCHEMA)?;
    if !had_headlines {
        let ids: Vec<StoryId> = tx
            .prepare("SELECT id FROM stories ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            refresh_headlines(&tx, id, Langs::All)?;
        }
    }
    tx.execute_batch(
        "CREATE INDEX IF NOT EXISTS stories_rank ON stories(article_count DESC, last_seen DESC, id);
         -- Covers the per-day counts (sparklines, timelines) without reading article rows.
         CREATE INDEX IF NOT EXISTS articles_story_day ON articles(story_id, copy_of, published, ingested_at, lang);
         CREATE INDEX IF NOT EXISTS entities_skeleton ON entities(skeleton) WHERE skeleton IS NOT NULL;",
    )?;
    tx.commit()?;
    Ok(())
}

/// Cosine of two vectors (`None` when their lengths differ or one is zero).
fn cosine(a: &[f32], b: &[f32]) -> Option<f64> {
    if a.len() != b.len() {
        return None;
    }
    let (mut dot, mut na, mut nb) = (0f64, 0f64, 0f64);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (f64::from(*x), f64::from(*y));
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    let c = dot / (na.sqrt() * nb.sqrt());
    c.is_finite().then_some(c)
}

/// Cosines closer than this are a tie, won by the earlier article: the two members of a story
/// of two are equally central up to rounding, and the first keeps the headline.
const TIE: f64 = 1e-6;

/// A headline candidate: (article id, title, embedding blob).
type Candidate = (ArticleId, String, Option<Vec<u8>>);

/// The most central of the candidates: the highest cosine with `centroid`, the lowest id on a
/// tie; a candidate without a usable embedding ranks last.
fn most_central(
    centroid: &[f32],
    candidates: impl IntoIterator<Item = Candidate>,
) -> Result<Option<(ArticleId, String)>> {
    let mut best: Option<(f64, ArticleId, String)> = None;
    for (id, title, emb) in candidates {
        let score = match emb {
            Some(b) => cosine(&unblob(&b)?, centroid).unwrap_or(f64::NEG_INFINITY),
            None => f64::NEG_INFINITY,
        };
        let better = match &best {
            None => true,
            Some((s, bid, _)) if (score - s).abs() <= TIE => id < *bid,
            Some((s, _, _)) => score > *s,
        };
        if better {
            best = Some((score, id, title));
        }
    }
    Ok(best.map(|(_, id, t)| (id, t)))
}

/// Which of a story's per-language headlines to recompute.
#[derive(Debug, Clone, Copy)]
enum Langs<'a> {
    All,
    One(&'a str),
    /// None (a member without a language joined): only the overall headline is chosen again.
    None,
}

/// Recomputes the story's headlines in `langs` from its members in those languages: the title
/// of the member whose embedding is closest (cosine) to the story's centroid. Then the story's
/// overall headline becomes the most central of its per-language headlines (kept as it is
/// when there is none: no member with both a title and a language).
fn refresh_headlines(conn: &Connection, story: StoryId, langs: Langs<'_>) -> Result<()> {
    let Some(centroid) = conn
        .prepare_cached("SELECT centroid FROM stories WHERE id = ?1")?
        .query_row([story], |r| r.get::<_, Vec<u8>>(0))
        .optional()?
    else {
        return Ok(());
    };
    let centroid = unblob(&centroid)?;
    let lang = match langs {
        Langs::One(l) => Some(l),
        Langs::All | Langs::None => None,
    };
    let mut per_lang: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    if !matches!(langs, Langs::None) {
        let mut stmt = conn.prepare_cached(
            "SELECT lang, id, title, embedding FROM articles
             WHERE story_id = ?1 AND copy_of IS NULL AND lang IS NOT NULL AND title IS NOT NULL AND title != ''
               AND (?2 IS NULL OR lang = ?2)",
        )?;
        let rows = stmt.query_map(params![story, lang], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, ArticleId>(1)?, r.get::<_, String>(2)?, r.get(3)?))
        })?;
        for row in rows {
            let (l, id, title, emb) = row?;
            per_lang.entry(l).or_default().push((id, title, emb));
        }
        drop(stmt);
        conn.prepare_cached("DELETE FROM story_headlines WHERE story_id = ?1 AND (?2 IS NULL OR lang = ?2)")?
            .execute(params![story, lang])?;
    }
    for (l, candidates) in per_lang {
        if let Some((id, title)) = most_central(&centroid, candidates)? {
            conn.prepare_cached(
                "INSERT INTO story_headlines (story_id, lang, article_id, title) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![story, l, id, title])?;
        }
    }
    let heads = conn
        .prepare_cached(
            "SELECT h.article_id, h.title, a.embedding FROM story_headlines h JOIN articles a ON a.id = h.article_id
             WHERE h.story_id = ?1",
        )?
        .query_map([story], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some((_, title)) = most_central(&centroid, heads)? {
        conn.prepare_cached("UPDATE stories SET headline = ?2 WHERE id = ?1 AND headline != ?2")?
            .execute(params![story, title])?;
    }
    Ok(())
}

/// Provenance: each original with copies among `articles`, with who published first (the
/// earliest dated among the original and its copies; the original on a tie or without dates).
fn copy_groups(articles: &[ArticleWithText]) -> Vec<CopyGroup> {
    let mut groups = Vec::new();
    for o in articles.iter().map(|a| &a.article).filter(|a| a.copy_of.is_none()) {
        let copies: Vec<&StoredArticle> =
            articles.iter().map(|a| &a.article).filter(|a| a.copy_of == Some(o.id)).collect();
        if copies.is_empty() {
            continue;
        }
        let mut first = o;
        for c in &copies {
            if let (Some(cp), Some(fp)) = (c.published, first.published)
                && cp < fp
            {
                first = c;
            }
        }
        groups.push(CopyGroup {
            original: o.id,
            first_published_id: first.id,
            first_published_by: first.site_name.clone(),
            copies: copies
                .iter()
                .map(|c| CopyRef {
                    id: c.id,
                    kind: c.copy_kind.unwrap_or(CopyKind::Exact),
                    outlet: c.site_name.clone(),
                    published: c.published,
                })
                .collect(),
        });
    }
    groups
}

/// The day an article counts for: its publication date, else when it was ingested.
const ARTICLE_DAY: &str = "substr(coalesce(published, ingested_at), 1, 10)";

/// An FTS5 query: per word, any of its alternative terms; every word must match. Terms are
/// quoted, so nothing in them is FTS syntax.
fn fts_query(terms: &[Vec<String>]) -> Option<String> {
    let words: Vec<String> = terms
        .iter()
        .filter(|alts| !alts.is_empty())
        .map(|alts| {
            let alts: Vec<String> = alts.iter().map(|a| format!("\"{}\"", a.replace('"', "\"\""))).collect();
            format!("({})", alts.join(" OR "))
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

/// SQL conditions and their parameters, built from optional filters.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    args: Vec<Box<dyn rusqlite::ToSql>>,
}

impl Conditions {
    fn push(&mut self, sql: &str, arg: impl rusqlite::ToSql + 'static) {
        self.args.push(Box::new(arg));
        self.sql.push(sql.replace('?', &format!("?{}", self.args.len())));
    }

    fn where_clause(&self) -> String {
        if self.sql.is_empty() { String::new() } else { format!("WHERE {}", self.sql.join(" AND ")) }
    }

    fn next_param(&self) -> usize {
        self.args.len() + 1
    }

    fn params(&self) -> Vec<&dyn rusqlite::ToSql> {
        self.args.iter().map(|b| b.as_ref()).collect()
    }
}

/// SQLite-backed store (WAL mode).
pub struct SqliteStore {
    conn: Connection,
}

fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok()).map(|d| d.with_timezone(&Utc))
}

fn blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A stored vector that may be missing (NULL): empty when it is.
fn unblob_or_empty(b: Option<&[u8]>) -> Result<Vec<f32>> {
    b.map_or(Ok(Vec::new()), unblob)
}

fn unblob(b: &[u8]) -> Result<Vec<f32>> {
    if !b.len().is_multiple_of(4) {
        return Err(StoreError::Corrupt(format!("vector blob of {} bytes", b.len())));
    }
    Ok(b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

const ARTICLE_COLS: &str = "id, external_id, story_id, copy_of, origin, lang, published, outlet, url, original_url, title, author, ingested_at, copy_kind, modified, canonical_url, declared_lang, image, captions";

/// Columns in [`ARTICLE_COLS`]: the next one selected is at this index.
const ARTICLE_NCOLS: usize = 19;

/// Captions as stored: a JSON array of strings, or NULL when there are none.
fn captions_json(captions: &[String]) -> Option<String> {
    (!captions.is_empty()).then(|| serde_json::to_string(captions).expect("a list of strings serialises"))
}

fn article_row(r: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    Ok(StoredArticle {
        id: r.get(0)?,
        external_id: r.get(1)?,
        story_id: r.get(2)?,
        copy_of: r.get(3)?,
        origin: r.get(4)?,
        lang: r.get(5)?,
        published: parse_ts(r.get(6)?),
        site_name: r.get(7)?,
        url: r.get(8)?,
        original_url: r.get(9)?,
        title: r.get(10)?,
        author: r.get(11)?,
        ingested_at: parse_ts(r.get(12)?).unwrap_or_default(),
        copy_kind: match r.get::<_, Option<String>>(13)? {
            Some(k) => Some(k.parse::<CopyKind>().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(13, rusqlite::types::Type::Text, Box::new(e))
            })?),
            None => None,
        },
        page: PageMeta {
            modified: parse_ts(r.get(14)?),
            canonical_url: r.get(15)?,
            declared_lang: r.get(16)?,
            image: r.get(17)?,
            captions: match r.get::<_, Option<String>>(18)? {
                Some(c) => serde_json::from_str(&c).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(18, rusqlite::types::Type::Text, Box::new(e))
                })?,
                None => Vec::new(),
            },
        },
    })
}

impl SqliteStore {
    /// Opens (creating if needed) `parallax.db` inside `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StoreError::DataDir { path: data_dir.display().to_string(), source: e })?;
        Self::open(&data_dir.join("parallax.db"))
    }

    /// Opens (creating if needed) a database file.
    pub fn open(path: &Path) -> Result<Self> {
        // A brand-new database opened by several processes at once can answer "database is
        // locked" to a schema step even with the busy timeout (while another connection turns
        // on WAL); those steps are idempotent, so try again for a while.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match Self::open_once(path) {
                Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        // First, so that two processes opening (and creating) the same database wait for each
        // other instead of failing with "database is locked".
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&conn)?;
        Ok(SqliteStore { conn })
    }

    /// An in-memory store (tests, eval).
    pub fn in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        migrate(&conn)?;
        Ok(SqliteStore { conn })
    }

    fn summary_rows(&self, where_sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<StorySummary>> {
        let sql = format!(
            "SELECT s.id, s.headline, s.languages, s.outlets, s.article_count, s.copy_count, s.first_seen, s.last_seen
             FROM stories s {where_sql}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let split = |s: Option<String>| -> Vec<String> {
                s.map(|s| s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect()).unwrap_or_default()
            };
            Ok(StorySummary {
                id: r.get(0)?,
                headline: r.get(1)?,
                languages: split(r.get(2)?),
                outlets: split(r.get(3)?),
                article_count: r.get::<_, i64>(4)? as usize,
                copy_count: r.get::<_, i64>(5)? as usize,
                first_seen: parse_ts(r.get(6)?),
                last_seen: parse_ts(r.get(7)?),
                activity: Vec::new(),
                headlines: BTreeMap::new(),
            })
        })?;
        let mut out: Vec<StorySummary> = rows.collect::<rusqlite::Result<_>>()?;
        self.fill_activity(&mut out)?;
        self.fill_headlines(&mut out)?;
        Ok(out)
    }

    /// Per-language headlines of each listed story, in one query.
    fn fill_headlines(&self, stories: &mut [StorySummary]) -> Result<()> {
        if stories.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = stories.iter().map(|s| s.id.to_string()).collect();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT story_id, lang, title FROM story_headlines WHERE story_id IN ({})",
            ids.join(",")
        ))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, StoryId>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, lang, title) = row?;
            if let Some(s) = stories.iter_mut().find(|s| s.id == id) {
                s.headlines.insert(lang, title);
            }
        }
        Ok(())
    }

    /// Member articles per day for each listed story, in one query.
    fn fill_activity(&self, stories: &mut [StorySummary]) -> Result<()> {
        if stories.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = stories.iter().map(|s| s.id.to_string()).collect();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT story_id, {ARTICLE_DAY} AS d, count(*) FROM articles
             WHERE story_id IN ({}) AND copy_of IS NULL GROUP BY story_id, d ORDER BY d",
            ids.join(",")
        ))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, StoryId>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        for row in rows {
            let (id, day, count) = row?;
            if let Some(s) = stories.iter_mut().find(|s| s.id == id) {
                s.activity.push(DayCount { day, lang: None, count: count as usize });
            }
        }
        Ok(())
    }

    /// Conditions on stories `s` for a filter (search terms included).
    fn story_conditions(f: &StoryFilter) -> Conditions {
        let mut c = Conditions::default();
        if let Some(l) = &f.lang {
            c.push("EXISTS (SELECT 1 FROM articles WHERE story_id = s.id AND lang = ?)", l.clone());
        }
        if let Some(o) = &f.outlet {
            c.push("EXISTS (SELECT 1 FROM articles WHERE story_id = s.id AND outlet = ?)", o.clone());
        }
        if let Some(e) = f.entity {
            c.push(
                "EXISTS (SELECT 1 FROM article_entities ae JOIN articles a ON a.id = ae.article_id
                         WHERE a.story_id = s.id AND ae.entity_id = ?)",
                e,
            );
        }
        if let Some(t) = &f.since {
            c.push("coalesce(s.last_seen, s.updated_at) >= ?", ts(t));
        }
        if let Some(t) = &f.until {
            c.push("coalesce(s.first_seen, s.created_at) <= ?", ts(t));
        }
        if let Some(q) = fts_query(&f.terms) {
            c.push(
                "s.id IN (SELECT a.story_id FROM article_terms JOIN articles a ON a.id = article_terms.rowid
                          WHERE article_terms MATCH ?)",
                q,
            );
        }
        c
    }

    /// A story's quotes, each with the first quote of its utterance (the same statement in
    /// several articles, see [`parallax_facts::utterances`]).
    fn story_quotes(&self, story: StoryId) -> Result<Vec<Quote>> {
        let mut stmt = self.conn.prepare(
            "SELECT q.article_id, q.speaker, q.text, q.embedding FROM quotes q JOIN articles a ON a.id = q.article_id
             WHERE a.story_id = ?1 ORDER BY q.id",
        )?;
        let rows = stmt
            .query_map([story], |r| {
                Ok((
                    r.get::<_, ArticleId>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<Vec<u8>>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let vectors: Vec<Vec<f32>> = rows.iter().map(|r| unblob_or_empty(r.3.as_deref())).collect::<Result<_>>()?;
        let refs: Vec<parallax_facts::utterances::QuoteRef<'_>> = rows
            .iter()
            .zip(&vectors)
            .map(|(r, v)| parallax_facts::utterances::QuoteRef {
                article: r.0,
                speaker: r.1.as_deref(),
                text: &r.2,
                vector: v,
            })
            .collect();
        let groups = parallax_facts::utterances::utterances(&refs, parallax_facts::utterances::SAME_UTTERANCE_COSINE);
        Ok(rows
            .into_iter()
            .zip(groups)
            .map(|((article_id, speaker, text, _), utterance)| Quote { article_id, speaker, text, utterance })
            .collect())
    }

    /// The disagreements between a story's articles, from the claims stored with each: its
    /// members' and its translations' (a translation that changes a number or a title
    /// disagrees with its original; exact and near copies only repeat theirs and are left out).
    fn disagreements(&self, story: StoryId) -> Result<Vec<Disagreement>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, coalesce(a.site_name, a.outlet, a.origin), c.kind, c.subject_key, c.subject, c.value, c.written, c.approx
             FROM claims c JOIN articles a ON a.id = c.article_id
             WHERE a.story_id = ?1 AND (a.copy_of IS NULL OR a.copy_kind = 'translation') ORDER BY a.id, c.id",
        )?;
        let mut per: Vec<ArticleClaims> = Vec::new();
        let rows = stmt.query_map([story], |r| {
            Ok((
                r.get::<_, ArticleId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                Claim {
                    kind: "",
                    subject_key: r.get(3)?,
                    subject: r.get(4)?,
                    value: r.get(5)?,
                    written: r.get(6)?,
                    approx: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (article_id, outlet, kind, mut claim) = row?;
            claim.kind = match kind.as_str() {
                "title" => "title",
                "number" => "number",
                "date" => "date",
                _ => continue,
            };
            match per.last_mut() {
                Some(a) if a.article_id == article_id => a.claims.push(claim),
                _ => per.push(ArticleClaims { article_id, outlet, claims: vec![claim] }),
            }
        }
        Ok(parallax_facts::disagreements(&per))
    }

    /// Entities with their mentions, article counts and aliases, over the mentions that `filter`
    /// keeps (`filter` may join more tables and must end in its WHERE clause; `order` follows
    /// the grouping).
    fn entity_rows(&self, filter: &str, order: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<EntitySummary>> {
        let sql = format!(
            "SELECT e.id, e.name, e.kind, sum(ae.mentions), count(DISTINCT ae.article_id),
                    (SELECT group_concat(n, char(31)) FROM (SELECT name AS n FROM article_entities WHERE entity_id = e.id GROUP BY name ORDER BY sum(mentions) DESC))
             FROM article_entities ae JOIN entities e ON e.id = ae.entity_id {filter}
             GROUP BY e.id {order}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let aliases: Option<String> = r.get(5)?;
            Ok(EntitySummary {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                mentions: r.get::<_, i64>(3)? as usize,
                articles: r.get::<_, i64>(4)? as usize,
                aliases: aliases.map(|a| a.split('\u{1f}').map(str::to_string).collect()).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store for SqliteStore {
    fn has_doc(&self, doc_key: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE doc_key = ?1", [doc_key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn find_by_content(&self, content_hash: &str) -> Result<Option<(ArticleId, Option<StoryId>)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, story_id FROM articles WHERE content_hash = ?1 ORDER BY id LIMIT 1",
                [content_hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn insert(&mut self, new: &NewArticle<'_>) -> Result<Option<(ArticleId, Option<StoryId>)>> {
        let tx = self.conn.transaction()?;
        if tx.query_row("SELECT 1 FROM articles WHERE doc_key = ?1", [new.doc_key], |_| Ok(())).optional()?.is_some() {
            return Ok(None);
        }
        let a = new.article;
        let now = ts(&Utc::now());
        let (story_id, copy_of) = match &new.placement {
            Placement::Join { story, state } => {
                let updated = tx.execute(
                    "UPDATE stories SET centroid = ?2, first_seen = ?3, last_seen = ?4, updated_at = ?5, profile = ?6 WHERE id = ?1",
                    params![
                        story,
                        blob(&state.sum),
                        state.first.as_ref().map(ts),
                        state.last.as_ref().map(ts),
                        now,
                        state.profile
                    ],
                )?;
                if updated == 0 {
                    // Merged away (or never made): its state is not the live story's to write.
                    return Err(StoreError::NotLive(*story));
                }
                (Some(*story), None)
            }
            Placement::NewStory { state } => {
                let headline = a.title.clone().unwrap_or_else(|| a.text.chars().take(100).collect());
                // The id is given, not left to SQLite, which would reuse the id of the newest
                // story once it is merged away: an id, once issued, always means one story.
                tx.execute(
                    "INSERT INTO stories (id, headline, centroid, first_seen, last_seen, created_at, updated_at, profile)
                     VALUES (max(coalesce((SELECT max(id) FROM stories), 0),
                                 coalesce((SELECT max(from_id) FROM story_redirects), 0)) + 1,
                             ?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                    params![
                        headline,
                        blob(&state.sum),
                        state.first.as_ref().map(ts),
                        state.last.as_ref().map(ts),
                        now,
                        state.profile
                    ],
                )?;
                (Some(tx.last_insert_rowid()), None)
            }
            Placement::CopyOf { original, kind } => {
                let story: Option<StoryId> =
                    tx.query_row("SELECT story_id FROM articles WHERE id = ?1", [original], |r| r.get(0))?;
                (story, Some((*original, *kind)))
            }
        };
        let outlet = a.site_name.clone().or_else(|| a.host());
        tx.execute(
            "INSERT INTO articles (doc_key, content_hash, simhash, external_id, origin, url, original_url, title, author,
                                   published, site_name, outlet, lang, text, story_id, copy_of, copy_kind, embedding,
                                   ingested_at, modified, canonical_url, declared_lang, image, captions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                     ?22, ?23, ?24)",
            params![
                new.doc_key,
                new.content_hash,
                new.simhash as i64,
                a.external_id,
                a.origin,
                a.url,
                a.original_url,
                a.title,
                a.author,
                a.published.as_ref().map(ts),
                a.site_name,
                outlet,
                a.lang,
                a.text,
                story_id,
                copy_of.map(|c| c.0),
                copy_of.map(|c| c.1.as_str()),
                blob(new.embedding),
                now,
                a.page.modified.as_ref().map(ts),
                a.page.canonical_url,
                a.page.declared_lang,
                a.page.image,
                captions_json(&a.page.captions)
            ],
        )?;
        let id = tx.last_insert_rowid();
        for q in new.quotes {
            tx.execute(
                "INSERT INTO quotes (article_id, speaker, text) VALUES (?1, ?2, ?3)",
                params![id, q.speaker, q.text],
            )?;
        }
        for e in new.entities {
            // The same person already known in another script ("Ali Larijani" for
            // "Али Лариджани") is this entity: link by skeleton.
            let script = parallax_lang::translit::script(&e.name);
            let skeleton = if e.kind == "person" { parallax_lang::translit::skeleton(&e.name) } else { None };
            let known: Option<EntityId> = match &skeleton {
                Some(sk) => tx
                    .query_row(
                        "SELECT id FROM entities WHERE skeleton = ?1 AND script != ?2 AND key != ?3 ORDER BY id LIMIT 1",
                        params![sk, script, e.key],
                        |r| r.get(0),
                    )
                    .optional()?,
                None => None,
            };
            let entity: EntityId = match known {
                Some(id) if tx
                    .query_row("SELECT 1 FROM entities WHERE key = ?1", [&e.key], |_| Ok(()))
                    .optional()?
                    .is_none() =>
                {
                    id
                }
                _ => tx.query_row(
                    "INSERT INTO entities (key, name, kind, skeleton, script) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(key) DO UPDATE SET kind = CASE WHEN excluded.kind = 'person' THEN 'person' ELSE kind END,
                         skeleton = coalesce(skeleton, excluded.skeleton), script = coalesce(script, excluded.script)
                     RETURNING id",
                    params![e.key, e.display.as_deref().unwrap_or(&e.name), e.kind, skeleton, script],
                    |r| r.get(0),
                )?,
            };
            tx.execute(
                "INSERT OR IGNORE INTO article_entities (article_id, entity_id, name, mentions) VALUES (?1, ?2, ?3, ?4)",
                params![id, entity, e.name, e.mentions as i64],
            )?;
        }
        for c in new.claims {
            tx.execute(
                "INSERT INTO claims (article_id, kind, subject_key, subject, value, written, approx)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, c.kind, c.subject_key, c.subject, c.value, c.written, c.approx],
            )?;
        }
        if let Some(story) = story_id {
            tx.execute(&format!("{REFRESH_SUMMARY} WHERE s.id = ?1"), [story])?;
            if copy_of.is_none() {
                // A member moves the centroid: its language's headline is recomputed, and the
                // overall one chosen again among the languages'.
                let langs = a.lang.as_deref().map_or(Langs::None, Langs::One);
                refresh_headlines(&tx, story, langs)?;
            }
        }
        if !new.search_terms.is_empty() {
            tx.execute("INSERT INTO article_terms (rowid, terms) VALUES (?1, ?2)", params![id, new.search_terms])?;
        }
        tx.commit()?;
        Ok(Some((id, story_id)))
    }

    fn story_originals(&self, story: StoryId, lang: &str, limit: usize) -> Result<Vec<StoryMember>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, published, embedding FROM articles
             WHERE story_id = ?1 AND copy_of IS NULL AND lang IS NOT NULL AND lang != ?2
             ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![story, lang, limit as i64], |r| {
            Ok((r.get::<_, ArticleId>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<Vec<u8>>>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, published, embedding) = row?;
            out.push(StoryMember {
                id,
                published: parse_ts(published),
                embedding: unblob_or_empty(embedding.as_deref())?,
            });
        }
        Ok(out)
    }

    fn article_text(&self, id: ArticleId) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT text FROM articles WHERE id = ?1", [id], |r| r.get(0)).optional()?)
    }

    fn quotes_to_embed(&self, story: StoryId, per_article: usize) -> Result<Vec<QuoteToEmbed>> {
        let langs: i64 = self.conn.query_row(
            "SELECT count(DISTINCT a.lang) FROM quotes q JOIN articles a ON a.id = q.article_id
             WHERE a.story_id = ?1 AND (a.copy_of IS NULL OR a.copy_kind = 'translation')",
            [story],
            |r| r.get(0),
        )?;
        if langs < 2 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, text, lang FROM (
                 SELECT q.id, q.text, a.lang, q.embedding,
                        row_number() OVER (PARTITION BY q.article_id ORDER BY q.id) AS n
                 FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE a.story_id = ?1 AND (a.copy_of IS NULL OR a.copy_kind = 'translation'))
             WHERE n <= ?2 AND embedding IS NULL ORDER BY id",
        )?;
        let rows = stmt
            .query_map(params![story, per_article as i64], |r| {
                Ok(QuoteToEmbed { id: r.get(0)?, text: r.get(1)?, lang: r.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn set_quote_vectors(&mut self, rows: &[(i64, Vec<f32>)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, v) in rows {
            tx.execute("UPDATE quotes SET embedding = ?2 WHERE id = ?1", params![id, blob(v)])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn mark_copy(&mut self, article: ArticleId, original: ArticleId, kind: CopyKind) -> Result<()> {
        let tx = self.conn.transaction()?;
        let row: Option<(Option<StoryId>, Option<String>)> = tx
            .query_row("SELECT story_id, lang FROM articles WHERE id = ?1", [article], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((story, lang)) = row else { return Ok(()) };
        tx.execute(
            "UPDATE articles SET copy_of = ?2, copy_kind = ?3 WHERE id = ?1 AND id != ?2",
            params![article, original, kind.as_str()],
        )?;
        if let Some(story) = story {
            tx.execute(&format!("{REFRESH_SUMMARY} WHERE s.id = ?1"), [story])?;
            refresh_headlines(&tx, story, lang.as_deref().map_or(Langs::None, Langs::One))?;
        }
        tx.commit()?;
        Ok(())
    }

    fn recent_simhashes(&self, limit: usize) -> Result<Vec<(ArticleId, u64)>> {
        let mut stmt =
            self.conn.prepare("SELECT id, simhash FROM articles WHERE copy_of IS NULL ORDER BY id DESC LIMIT ?1")?;
        let mut v = stmt
            .query_map([limit as i64], |r| Ok((r.get::<_, ArticleId>(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        v.reverse();
        Ok(v)
    }

    fn story_states(&self, limit: usize) -> Result<Vec<StoryStateRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.centroid, s.first_seen, s.last_seen,
                    (SELECT group_concat(l, ',') FROM (SELECT DISTINCT lang AS l FROM articles WHERE story_id = s.id AND lang IS NOT NULL)),
                    s.profile
             FROM stories s ORDER BY s.updated_at DESC, s.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, StoryId>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Vec<u8>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, b, first, last, langs, profile) = row?;
            let langs = langs.map(|l| l.split(',').map(str::to_string).collect()).unwrap_or_default();
            out.push(StoryStateRow {
                id,
                sum: unblob(&b)?,
                first: parse_ts(first),
                last: parse_ts(last),
                langs,
                profile,
            });
        }
        out.reverse();
        Ok(out)
    }

    fn stories(&self, f: &StoryFilter) -> Result<Vec<StorySummary>> {
        let limit = if f.limit == 0 { i64::MAX } else { f.limit as i64 };
        let c = Self::story_conditions(f);
        let n = c.next_param();
        let sql = format!(
            "{}
             ORDER BY s.article_count DESC, s.last_seen DESC, s.id
             LIMIT ?{n} OFFSET ?{}",
            c.where_clause(),
            n + 1
        );
        let offset = f.offset as i64;
        let mut args = c.params();
        args.push(&limit);
        args.push(&offset);
        let mut out = self.summary_rows(&sql, &args)?;
        if let Some(l) = &f.lang {
            for s in &mut out {
                if let Some(h) = s.headlines.get(l) {
                    s.headline = h.clone();
                }
            }
        }
        Ok(out)
    }

    fn story(&self, id: StoryId) -> Result<Option<StoryDetail>> {
        let Some(id) = self.resolve_story(id)? else { return Ok(None) };
        let Some(summary) = self.summary_rows("WHERE s.id = ?1", &[&id])?.into_iter().next() else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ARTICLE_COLS}, text FROM articles WHERE story_id = ?1 ORDER BY copy_of IS NOT NULL, coalesce(published, ingested_at), id"
        ))?;
        let articles = stmt
            .query_map([id], |r| Ok(ArticleWithText { article: article_row(r)?, text: r.get(ARTICLE_NCOLS)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let copies = copy_groups(&articles);
        let quotes = self.story_quotes(id)?;
        let entities = self.entity_rows(
            "JOIN articles a ON a.id = ae.article_id WHERE a.story_id = ?1",
            "ORDER BY count(DISTINCT ae.article_id) DESC, sum(ae.mentions) DESC, e.id LIMIT 60",
            &[&id],
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ARTICLE_DAY} AS d, lang, count(*) FROM articles WHERE story_id = ?1 AND copy_of IS NULL
             GROUP BY d, lang ORDER BY d, lang"
        ))?;
        let timeline = stmt
            .query_map([id], |r| Ok(DayCount { day: r.get(0)?, lang: r.get(1)?, count: r.get::<_, i64>(2)? as usize }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let disagreements = self.disagreements(id)?;
        Ok(Some(StoryDetail { summary, articles, quotes, entities, disagreements, timeline, copies }))
    }

    fn articles(&self, story: Option<StoryId>) -> Result<Vec<StoredArticle>> {
        let story = match story {
            Some(id) => match self.resolve_story(id)? {
                Some(live) => Some(live),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {ARTICLE_COLS} FROM articles WHERE (?1 IS NULL OR story_id = ?1) ORDER BY id"))?;
        Ok(stmt.query_map([story], article_row)?.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn search(&self, f: &StoryFilter) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(&f.terms) else { return Ok(Vec::new()) };
        let mut c = Conditions::default();
        c.push("article_terms MATCH ?", q);
        if let Some(l) = &f.lang {
            c.push("a.lang = ?", l.clone());
        }
        if let Some(o) = &f.outlet {
            c.push("a.outlet = ?", o.clone());
        }
        if let Some(e) = f.entity {
            c.push("EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id AND ae.entity_id = ?)", e);
        }
        if let Some(t) = &f.since {
            c.push("coalesce(a.published, a.ingested_at) >= ?", ts(t));
        }
        if let Some(t) = &f.until {
            c.push("coalesce(a.published, a.ingested_at) <= ?", ts(t));
        }
        let limit = if f.limit == 0 { i64::MAX } else { f.limit as i64 };
        let offset = f.offset as i64;
        let n = c.next_param();
        let cols: Vec<String> = ARTICLE_COLS.split(", ").map(|c| format!("a.{c}")).collect();
        let sql = format!(
            "SELECT {}, substr(a.text, 1, 320) FROM article_terms JOIN articles a ON a.id = article_terms.rowid
             {} ORDER BY bm25(article_terms), a.id LIMIT ?{n} OFFSET ?{}",
            cols.join(", "),
            c.where_clause(),
            n + 1
        );
        let mut args = c.params();
        args.push(&limit);
        args.push(&offset);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args.as_slice(), |r| {
            Ok(SearchHit { article: article_row(r)?, snippet: r.get(ARTICLE_NCOLS)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn entities(&self, f: &EntityFilter) -> Result<Vec<EntitySummary>> {
        let limit = if f.limit == 0 { i64::MAX } else { f.limit as i64 };
        let prefix = f.prefix.clone().filter(|p| !p.is_empty());
        self.entity_rows(
            "WHERE ?1 IS NULL OR substr(e.key, 1, length(?1)) = ?1",
            "ORDER BY count(DISTINCT ae.article_id) DESC, sum(ae.mentions) DESC, e.id LIMIT ?2 OFFSET ?3",
            &[&prefix, &limit, &(f.offset as i64)],
        )
    }

    fn entity(&self, id: EntityId) -> Result<Option<EntityDetail>> {
        let Some(entity) = self.entity_rows("WHERE e.id = ?1", "", &[&id])?.into_iter().next() else {
            return Ok(None);
        };
        let stories = self.stories(&StoryFilter { entity: Some(id), limit: 200, ..Default::default() })?;
        Ok(Some(EntityDetail { entity, stories }))
    }

    fn merge_stories(&mut self, from: StoryId, into: StoryId, state: &StoryStateRow) -> Result<()> {
        if from == into {
            return Err(StoreError::Merge { from, into, reason: "a story cannot be merged into itself" });
        }
        let tx = self.conn.transaction()?;
        let live = |id: StoryId| -> Result<Option<String>> {
            Ok(tx.query_row("SELECT created_at FROM stories WHERE id = ?1", [id], |r| r.get(0)).optional()?)
        };
        let Some(from_created) = live(from)? else {
            return Err(StoreError::Merge { from, into, reason: "the first is not a live story" });
        };
        let Some(into_created) = live(into)? else {
            return Err(StoreError::Merge { from, into, reason: "the second is not a live story" });
        };
        let now = ts(&Utc::now());
        tx.execute("UPDATE articles SET story_id = ?2 WHERE story_id = ?1", [from, into])?;
        tx.execute(
            "UPDATE stories SET centroid = ?2, first_seen = ?3, last_seen = ?4, created_at = ?5, updated_at = ?6,
                    profile = ?7
             WHERE id = ?1",
            params![
                into,
                blob(&state.sum),
                state.first.as_ref().map(ts),
                state.last.as_ref().map(ts),
                from_created.min(into_created),
                now,
                state.profile
            ],
        )?;
        tx.execute(&format!("{REFRESH_SUMMARY} WHERE s.id = ?1"), [into])?;
        tx.execute("DELETE FROM story_headlines WHERE story_id = ?1", [from])?;
        refresh_headlines(&tx, into, Langs::All)?;
        // Ids that led to `from` lead to `into` now: one hop, always.
        tx.execute("UPDATE story_redirects SET to_id = ?2 WHERE to_id = ?1", [from, into])?;
        tx.execute("INSERT INTO story_redirects (from_id, to_id) VALUES (?1, ?2)", [from, into])?;
        tx.execute("DELETE FROM stories WHERE id = ?1", [from])?;
        tx.commit()?;
        Ok(())
    }

    fn resolve_story(&self, id: StoryId) -> Result<Option<StoryId>> {
        if self.conn.query_row("SELECT 1 FROM stories WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some() {
            return Ok(Some(id));
        }
        Ok(self
            .conn
            .query_row(
                "SELECT r.to_id FROM story_redirects r JOIN stories s ON s.id = r.to_id WHERE r.from_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn latest_article_id(&self) -> Result<ArticleId> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| r.get(0))?)
    }

    fn merge_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM story_redirects", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn counts(&self) -> Result<(usize, usize)> {
        let a: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        let s: i64 = self.conn.query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        Ok((a as usize, s as usize))
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntityMention, NewQuote};
    use parallax_model::Article;

    fn art(title: &str, lang: &str) -> Article {
        Article {
            origin: format!("{title}.txt"),
            title: Some(title.into()),
            lang: Some(lang.into()),
            url: Some("https://www.news.example/x".into()),
            text: format!("{title} body text"),
            ..Default::default()
        }
    }

    fn state(v: f32) -> StoryStateRow {
        sum_state(vec![v, 0.0])
    }

    /// An article keyed `key` with this embedding and placement, and nothing else.
    fn bare<'a>(a: &'a Article, key: &'a str, emb: &'a [f32], placement: Placement) -> NewArticle<'a> {
        NewArticle {
            article: a,
            doc_key: key,
            content_hash: key,
            simhash: 0,
            embedding: emb,
            placement,
            quotes: &[],
            entities: &[],
            claims: &[],
            search_terms: "",
        }
    }

    /// A member with this embedding, placed as given.
    fn put(s: &mut SqliteStore, a: &Article, key: &str, emb: &[f32], placement: Placement) -> ArticleId {
        s.insert(&bare(a, key, emb, placement)).expect("insert").expect("new").0
    }

    fn put_err(s: &mut SqliteStore, a: &Article, key: &str, placement: Placement) -> StoreError {
        s.insert(&bare(a, key, &[1.0, 0.0], placement)).expect_err("insert fails")
    }

    fn sum_state(sum: Vec<f32>) -> StoryStateRow {
        StoryStateRow { id: 0, sum, first: None, last: None, langs: vec![], profile: vec![] }
    }

    fn story_of(s: &SqliteStore, article: ArticleId) -> StoryId {
        s.conn.query_row("SELECT story_id FROM articles WHERE id = ?1", [article], |r| r.get(0)).expect("story")
    }

    #[test]
    fn story_profile_round_trips_through_joins_and_merges() {
        let mut s = SqliteStore::in_memory().expect("store");
        let with = |p: &[u8]| StoryStateRow { profile: p.to_vec(), ..state(1.0) };
        let a1 = put(&mut s, &art("Bridge opens", "en"), "a1", &[1.0, 0.0], Placement::NewStory { state: with(&[1]) });
        let a = story_of(&s, a1);
        let profile = |s: &SqliteStore, id| {
            s.story_states(10).expect("states").into_iter().find(|r| r.id == id).map(|r| r.profile)
        };
        assert_eq!(profile(&s, a), Some(vec![1]));
        put(&mut s, &art("Bron öppnar", "sv"), "a2", &[1.0, 0.0], Placement::Join { story: a, state: with(&[2, 2]) });
        assert_eq!(profile(&s, a), Some(vec![2, 2]));
        let b1 = put(&mut s, &art("Ferry", "de"), "b1", &[0.0, 1.0], Placement::NewStory { state: with(&[]) });
        s.merge_stories(story_of(&s, b1), a, &with(&[3])).expect("merge");
        assert_eq!(profile(&s, a), Some(vec![3]));
    }

    #[test]
    fn merge_moves_articles_and_redirects() {
        let mut s = SqliteStore::in_memory().expect("store");
        let a1 = put(&mut s, &art("Bridge opens", "en"), "a1", &[1.0, 0.0], Placement::NewStory { state: state(1.0) });
        let a = story_of(&s, a1);
        let a2 =
            put(&mut s, &art("Bron öppnar", "sv"), "a2", &[1.0, 0.0], Placement::Join { story: a, state: state(2.0) });
        let other = Article { url: Some("https://other.example/b".into()), ..art("Ferry strike", "de") };
        let b1 = put(&mut s, &other, "b1", &[0.0, 1.0], Placement::NewStory { state: sum_state(vec![0.0, 1.0]) });
        let b = story_of(&s, b1);
        let copy = Article { url: Some("https://copies.example/c".into()), ..art("Ferry strike", "de") };
        let c1 = put(&mut s, &copy, "c1", &[0.0, 1.0], Placement::CopyOf { original: b1, kind: CopyKind::Near });
        assert_eq!(story_of(&s, c1), b);
        assert_eq!(s.counts().expect("counts"), (4, 2));

        // b is the newest story: merging it away must not free its id for the next story.
        s.merge_stories(b, a, &sum_state(vec![2.0, 1.0])).expect("merge");
        for id in [a1, a2, b1, c1] {
            assert_eq!(story_of(&s, id), a, "article {id} moved");
        }
        assert_eq!(s.counts().expect("counts"), (4, 1));
        assert_eq!(s.merge_count().expect("merges"), 1);
        assert_eq!((s.resolve_story(a).expect("ok"), s.resolve_story(b).expect("ok")), (Some(a), Some(a)));
        assert_eq!(s.resolve_story(b + 100).expect("ok"), None);
        let d = s.story(b).expect("ok").expect("the merged id answers");
        assert_eq!(d.summary.id, a, "the live story, with its own id");
        assert_eq!((d.summary.article_count, d.summary.copy_count), (3, 1));
        assert_eq!(d.summary.languages, ["de", "en", "sv"]);
        assert_eq!(d.summary.outlets, ["copies.example", "news.example", "other.example"]);
        assert_eq!(d.articles.len(), 4);
        assert_eq!(d.summary.headlines.get("de").map(String::as_str), Some("Ferry strike"));
        assert_eq!(s.articles(Some(b)).expect("ok").len(), 4);
        assert_eq!(s.story_states(10).expect("ok")[0].sum, vec![2.0, 1.0]);
        assert!(s.story(b + 100).expect("ok").is_none());
        let n1 =
            put(&mut s, &art("Something else", "en"), "n1", &[0.5, 0.5], Placement::NewStory { state: state(1.0) });
        assert!(story_of(&s, n1) > b, "a merged id is never issued again");

        // Joining the merged story is an error, not an article in a story that is gone.
        let e = put_err(&mut s, &art("Late", "en"), "late", Placement::Join { story: b, state: state(1.0) });
        assert!(matches!(e, StoreError::NotLive(x) if x == b), "{e}");
        // Wrong merges change nothing.
        let e = s.merge_stories(a, a, &state(1.0)).expect_err("into itself");
        assert!(matches!(e, StoreError::Merge { .. }), "{e}");
        assert!(s.merge_stories(b, a, &state(1.0)).is_err(), "b is no longer live");
        assert!(s.merge_stories(a, b, &state(1.0)).is_err(), "b is no longer live");
        assert_eq!(s.counts().expect("counts"), (5, 2));
    }

    #[test]
    fn merge_chains_resolve_in_one_hop() {
        let mut s = SqliteStore::in_memory().expect("store");
        let ids: Vec<StoryId> = (0..4)
            .map(|i| {
                let a = art(&format!("Story {i}"), "en");
                let id = put(&mut s, &a, &format!("k{i}"), &[1.0, 0.0], Placement::NewStory { state: state(1.0) });
                story_of(&s, id)
            })
            .collect();
        s.merge_stories(ids[0], ids[1], &state(2.0)).expect("0 -> 1");
        s.merge_stories(ids[1], ids[2], &state(3.0)).expect("1 -> 2");
        s.merge_stories(ids[2], ids[3], &state(4.0)).expect("2 -> 3");
        let redirects: Vec<(StoryId, StoryId)> = s
            .conn
            .prepare("SELECT from_id, to_id FROM story_redirects ORDER BY from_id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(redirects, ids[..3].iter().map(|&i| (i, ids[3])).collect::<Vec<_>>());
        for &id in &ids {
            assert_eq!(s.resolve_story(id).expect("ok"), Some(ids[3]));
            assert_eq!(s.story(id).expect("ok").expect("story").summary.article_count, 4);
        }
        assert_eq!(s.merge_count().expect("merges"), 3);
    }

    #[test]
    fn headline_per_language_is_the_most_central_title() {
        let mut s = SqliteStore::in_memory().expect("store");
        // The centroid ends up near (1, 0.3): the off-centre first article loses the headline.
        let first = put(
            &mut s,
            &art("Aside about the weather", "en"),
            "e1",
            &[0.0, 1.0],
            Placement::NewStory { state: sum_state(vec![0.0, 1.0]) },
        );
        let st = story_of(&s, first);
        assert_eq!(s.story(st).expect("ok").expect("story").summary.headline, "Aside about the weather");
        let join = |s: &mut SqliteStore, title: &str, lang: &str, key: &str, emb: &[f32], sum: Vec<f32>| {
            put(s, &art(title, lang), key, emb, Placement::Join { story: st, state: sum_state(sum) })
        };
        join(&mut s, "Parliament passes the budget", "en", "e2", &[1.0, 0.1], vec![1.0, 1.1]);
        join(&mut s, "Budget vote in parliament", "en", "e3", &[0.9, 0.0], vec![1.9, 1.1]);
        join(&mut s, "Riksdagen röstar om budgeten", "sv", "s1", &[0.6, 0.8], vec![2.5, 1.9]);
        join(&mut s, "Regeringens budget klubbad", "sv", "s2", &[1.0, 0.2], vec![3.5, 2.1]);
        // Untitled and language-less members are not headlines but move the centroid.
        let untitled = Article { title: None, ..art("x", "de") };
        put(&mut s, &untitled, "d1", &[1.0, 0.0], Placement::Join { story: st, state: sum_state(vec![4.5, 2.1]) });
        let centroid = [4.5f32, 2.1];
        let best = |cands: &[(&str, [f32; 2])]| {
            cands
                .iter()
                .max_by(|x, y| cosine(&x.1, &centroid).partial_cmp(&cosine(&y.1, &centroid)).expect("finite"))
                .map(|c| c.0.to_string())
        };
        let en = best(&[
            ("Aside about the weather", [0.0, 1.0]),
            ("Parliament passes the budget", [1.0, 0.1]),
            ("Budget vote in parliament", [0.9, 0.0]),
        ]);
        let sv = best(&[("Riksdagen röstar om budgeten", [0.6, 0.8]), ("Regeringens budget klubbad", [1.0, 0.2])]);
        let all = best(&[
            ("Aside about the weather", [0.0, 1.0]),
            ("Parliament passes the budget", [1.0, 0.1]),
            ("Budget vote in parliament", [0.9, 0.0]),
            ("Riksdagen röstar om budgeten", [0.6, 0.8]),
            ("Regeringens budget klubbad", [1.0, 0.2]),
        ]);
        let d = s.story(st).expect("ok").expect("story");
        assert_eq!(d.summary.headlines.get("en"), en.as_ref());
        assert_eq!(d.summary.headlines.get("sv"), sv.as_ref());
        assert_eq!(d.summary.headlines.len(), 2, "{:?}", d.summary.headlines);
        assert_eq!(Some(&d.summary.headline), all.as_ref());
        assert_eq!(en.as_deref(), Some("Parliament passes the budget"));
        assert_eq!(sv.as_deref(), Some("Regeringens budget klubbad"));
        // A list filtered by language shows that language's headline.
        let f = |l: &str| StoryFilter { lang: Some(l.into()), ..Default::default() };
        assert_eq!(s.stories(&f("sv")).expect("ok")[0].headline, "Regeringens budget klubbad");
        assert_eq!(s.stories(&f("de")).expect("ok")[0].headline, d.summary.headline, "no German headline");
        assert_eq!(s.stories(&StoryFilter::default()).expect("ok")[0].headlines, d.summary.headlines);
    }

    #[test]
    fn copy_kind_round_trips_and_first_publisher_is_found() {
        let mut s = SqliteStore::in_memory().expect("store");
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 3, d).and_then(|d| d.and_hms_opt(8, 0, 0));
        let dated = |title: &str, url: &str, d: Option<u32>| Article {
            url: Some(url.into()),
            published: d.and_then(day).map(|t| t.and_utc()),
            ..art(title, "en")
        };
        let orig = put(
            &mut s,
            &dated("Quake", "https://first.example/q", Some(3)),
            "o",
            &[1.0, 0.0],
            Placement::NewStory { state: state(1.0) },
        );
        let st = story_of(&s, orig);
        let place = |kind| Placement::CopyOf { original: orig, kind };
        let exact =
            put(&mut s, &dated("Quake", "https://exact.example/q", None), "c1", &[1.0, 0.0], place(CopyKind::Exact));
        let near =
            put(&mut s, &dated("Quake", "https://near.example/q", Some(2)), "c2", &[1.0, 0.0], place(CopyKind::Near));
        let tr = put(
            &mut s,
            &dated("Quake", "https://tr.example/q", Some(2)),
            "c3",
            &[1.0, 0.0],
            place(CopyKind::Translation),
        );
        let kinds: Vec<(ArticleId, Option<CopyKind>)> =
            s.articles(Some(st)).expect("ok").iter().map(|a| (a.id, a.copy_kind)).collect();
        assert_eq!(
            kinds,
            [
                (orig, None),
                (exact, Some(CopyKind::Exact)),
                (near, Some(CopyKind::Near)),
                (tr, Some(CopyKind::Translation))
            ]
        );
        let d = s.story(st).expect("ok").expect("story");
        assert_eq!(d.copies.len(), 1);
        let g = &d.copies[0];
        // The near copy is dated a day before the original; the translation ties with it.
        assert_eq!((g.original, g.first_published_id), (orig, near));
        assert_eq!(g.first_published_by.as_deref(), Some("near.example"));
        let mut copies: Vec<(ArticleId, CopyKind)> = g.copies.iter().map(|c| (c.id, c.kind)).collect();
        copies.sort_unstable_by_key(|c| c.0);
        assert_eq!(copies, [(exact, CopyKind::Exact), (near, CopyKind::Near), (tr, CopyKind::Translation)]);
        // Without dates, the original is first.
        let undated = |i: ArticleId| ArticleWithText {
            article: StoredArticle {
                published: None,
                ..d.articles.iter().find(|a| a.article.id == i).expect("article").article.clone()
            },
            text: String::new(),
        };
        let g = copy_groups(&[undated(orig), undated(near)]);
        assert_eq!((g[0].first_published_id, g[0].first_published_by.as_deref()), (orig, Some("first.example")));
        // A stored kind this version does not know is an error, not a guess.
        s.conn.execute("UPDATE articles SET copy_kind = 'stolen' WHERE id = ?1", [exact]).expect("update");
        assert!(s.articles(Some(st)).is_err());
    }

    #[test]
    fn an_old_database_gets_copy_kinds_and_headlines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.db");
        let (st, copy) = {
            let mut s = SqliteStore::open(&path).expect("open");
            let o = put(
                &mut s,
                &art("First title", "en"),
                "o",
                &[0.0, 1.0],
                Placement::NewStory { state: sum_state(vec![0.0, 1.0]) },
            );
            let st = story_of(&s, o);
            put(
                &mut s,
                &art("Central title", "en"),
                "m",
                &[1.0, 0.0],
                Placement::Join { story: st, state: sum_state(vec![3.0, 1.0]) },
            );
            let c = put(
                &mut s,
                &art("First title", "en"),
                "c",
                &[0.0, 1.0],
                Placement::CopyOf { original: o, kind: CopyKind::Near },
            );
            // What a database from before copy kinds and per-language headlines looks like.
            s.conn
                .execute_batch(
                    "ALTER TABLE articles DROP COLUMN copy_kind; DROP TABLE story_headlines;
                     UPDATE stories SET headline = 'First title';",
                )
                .expect("downgrade");
            (st, c)
        };
        let s = SqliteStore::open(&path).expect("migrate");
        let arts = s.articles(None).expect("ok");
        let kinds: Vec<Option<CopyKind>> = arts.iter().map(|a| a.copy_kind).collect();
        assert_eq!(kinds, [None, None, Some(CopyKind::Exact)]);
        assert_eq!(arts[2].id, copy);
        let d = s.story(st).expect("ok").expect("story");
        assert_eq!(d.summary.headlines.get("en").map(String::as_str), Some("Central title"));
        assert_eq!(d.summary.headline, "Central title");
        drop(s);
        // Opening again changes nothing.
        let s = SqliteStore::open(&path).expect("reopen");
        assert_eq!(s.story(st).expect("ok").expect("story").summary.headlines, d.summary.headlines);
    }

    /// An article with every piece of page metadata the extractor can fill.
    fn with_page_metadata(title: &str) -> Article {
        let at = |h: u32| chrono::NaiveDate::from_ymd_opt(2026, 3, 2).and_then(|d| d.and_hms_opt(h, 30, 0));
        Article {
            published: at(8).map(|t| t.and_utc()),
            page: PageMeta {
                modified: at(17).map(|t| t.and_utc()),
                canonical_url: Some("https://news.example/canonical".into()),
                declared_lang: Some("en".into()),
                image: Some("https://img.example/lead.jpg".into()),
                captions: vec!["The bridge at dawn. Photo: A. Person".into(), "Quote \"marks\" and <tags>".into()],
            },
            ..art(title, "en")
        }
    }

    #[test]
    fn page_metadata_round_trips() {
        let mut s = SqliteStore::in_memory().expect("store");
        let full = with_page_metadata("Bridge");
        let id = put(&mut s, &full, "full", &[1.0, 0.0], Placement::NewStory { state: state(1.0) });
        let st = story_of(&s, id);
        let plain = art("Plain", "en");
        let pid = put(&mut s, &plain, "plain", &[1.0, 0.0], Placement::Join { story: st, state: state(2.0) });
        let arts = s.articles(None).expect("articles");
        assert_eq!(arts.len(), 2);
        assert_eq!((arts[0].id, arts[0].page.clone()), (id, full.page.clone()));
        assert_eq!(arts[0].published, full.published);
        assert_eq!((arts[1].id, arts[1].page.clone()), (pid, PageMeta::default()));
        // The same through a story's articles.
        let d = s.story(st).expect("ok").expect("story");
        let stored = d.articles.iter().find(|a| a.article.id == id).expect("in story");
        assert_eq!(stored.article.page, full.page);
        // Stored as documented: `modified` like `published`, captions a JSON array, NULL when empty.
        let raw = |col: &str, id: ArticleId| -> Option<String> {
            s.conn.query_row(&format!("SELECT {col} FROM articles WHERE id = ?1"), [id], |r| r.get(0)).expect("row")
        };
        assert_eq!(raw("modified", id).as_deref(), Some("2026-03-02T17:30:00Z"));
        assert_eq!(raw("published", id).as_deref(), Some("2026-03-02T08:30:00Z"));
        let captions: Vec<String> = serde_json::from_str(&raw("captions", id).expect("captions")).expect("JSON array");
        assert_eq!(captions, full.page.captions);
        assert_eq!(raw("captions", pid), None);
        // JSON leaves out what an article does not have, and reads back the same.
        let json = serde_json::to_string(&arts[1]).expect("json");
        for absent in ["modified", "canonical_url", "declared_lang", "image", "captions"] {
            assert!(!json.contains(absent), "{absent} in {json}");
        }
        let back: StoredArticle = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, arts[1]);
        let back: StoredArticle = serde_json::from_str(&serde_json::to_string(&arts[0]).expect("json")).expect("parse");
        assert_eq!(back, arts[0]);
        // Stored captions that are not a JSON array are an error, not a guess.
        s.conn.execute("UPDATE articles SET captions = 'a caption' WHERE id = ?1", [id]).expect("update");
        assert!(s.articles(None).is_err());
    }

    /// A database from before page metadata: the five columns dropped.
    fn without_page_columns(path: &Path) -> ArticleId {
        let mut s = SqliteStore::open(path).expect("open");
        let id = put(&mut s, &art("Old", "en"), "old", &[1.0, 0.0], Placement::NewStory { state: state(1.0) });
        for (c, _) in PAGE_COLUMNS {
            s.conn.execute_batch(&format!("ALTER TABLE articles DROP COLUMN {c}")).expect("downgrade");
        }
        id
    }

    #[test]
    fn an_old_database_gets_page_metadata_columns() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.db");
        let old = without_page_columns(&path);
        let mut s = SqliteStore::open(&path).expect("migrate");
        let arts = s.articles(None).expect("articles");
        assert_eq!((arts.len(), arts[0].id), (1, old));
        assert_eq!(arts[0].page, PageMeta::default());
        let st = arts[0].story_id.expect("story");
        let full = with_page_metadata("New");
        let id = put(&mut s, &full, "new", &[1.0, 0.0], Placement::Join { story: st, state: state(2.0) });
        drop(s);
        // Opening again changes nothing, and the new article keeps its metadata.
        let s = SqliteStore::open(&path).expect("reopen");
        let arts = s.articles(None).expect("articles");
        assert_eq!(arts.iter().map(|a| a.id).collect::<Vec<_>>(), [old, id]);
        assert_eq!(arts[1].page, full.page);
        let d = s.story(st).expect("ok").expect("story");
        assert_eq!(d.articles.len(), 2);
    }

    #[test]
    fn many_openers_of_an_old_database_all_succeed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.db");
        without_page_columns(&path);
        let handles: Vec<_> = (0..6)
            .map(|_| {
                std::thread::spawn({
                    let p = path.clone();
                    move || SqliteStore::open(&p).and_then(|s| s.articles(None).map(|a| a.len()))
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().expect("thread").expect("open"), 1);
        }
    }

    #[test]
    fn a_person_in_two_scripts_is_one_entity() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = SqliteStore::open_dir(&dir.path().join("data")).expect("open");
        let person = |name: &str| EntityMention {
            key: parallax_lang::translit::to_latin(name),
            name: name.into(),
            kind: "person".into(),
            mentions: 1,
            display: None,
        };
        let (a, b, c) = (art("One", "en"), art("Два", "ru"), art("Three", "en"));
        let ents = [vec![person("Ali Larijani")], vec![person("Али Лариджани")], vec![person("Ali Larijan")]];
        for (i, (a, key)) in [(&a, "k1"), (&b, "k2"), (&c, "k3")].into_iter().enumerate() {
            let new = NewArticle {
                simhash: i as u64,
                entities: &ents[i],
                ..bare(a, key, &[1.0, 0.0], Placement::NewStory { state: state(1.0) })
            };
            s.insert(&new).expect("insert");
        }
        let all = s.entities(&EntityFilter::default()).expect("entities");
        let ali = all.iter().find(|e| e.name == "Ali Larijani").expect("Ali Larijani");
        assert_eq!(ali.articles, 2, "{all:?}");
        assert!(ali.aliases.contains(&"Али Лариджани".to_string()), "{all:?}");
        // Same script, another spelling: not linked by skeleton.
        assert!(all.iter().any(|e| e.name == "Ali Larijan"), "{all:?}");
    }

    #[test]
    fn many_openers_of_a_new_database_all_succeed() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("p.db");
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    std::thread::spawn({
                        let p = path.clone();
                        move || SqliteStore::open(&p).map(|_| ())
                    })
                })
                .collect();
            for h in handles {
                h.join().expect("thread").expect("open");
            }
        }
    }

    #[test]
    fn insert_join_copy_and_query() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = SqliteStore::open_dir(&dir.path().join("data")).expect("open");
        let a = art("One", "en");
        let b = art("Two", "sv");
        let quote = |speaker: &str, text: &str| NewQuote { speaker: Some(speaker.to_string()), text: text.to_string() };
        let q = vec![quote("Ann", "We will rebuild it soon")];
        let q2 = vec![quote("Ann Lee", "Vi ska bygga upp den snart"), quote("Ann Lee", "Det blir dyrt")];
        let ents = vec![EntityMention {
            key: "ann".into(),
            name: "Ann".into(),
            kind: "name".into(),
            mentions: 2,
            display: None,
        }];
        let claim = |role: &str| parallax_facts::Claim {
            kind: "title",
            subject_key: "ann lee".into(),
            subject: "Ann Lee".into(),
            value: role.into(),
            written: role.into(),
            approx: false,
        };
        let claims = [vec![claim("mayor")], vec![claim("governor")], vec![claim("king")], vec![claim("minister")]];
        let new = |a, key: &'static str, placement, quotes| NewArticle {
            article: a,
            doc_key: key,
            content_hash: "h",
            simhash: u64::MAX,
            embedding: &[1.0, 0.0],
            placement,
            quotes,
            entities: &ents,
            claims: &claims[key[1..].parse::<usize>().unwrap_or(1) - 1],
            search_terms: if key == "k2" { "bro broarna ann" } else { "bridge ann" },
        };
        let (id1, st) =
            s.insert(&new(&a, "k1", Placement::NewStory { state: state(1.0) }, &q)).expect("ok").expect("new");
        let st = st.expect("story");
        assert!(s.insert(&new(&a, "k1", Placement::NewStory { state: state(1.0) }, &[])).expect("ok").is_none());
        s.insert(&new(&b, "k2", Placement::Join { story: st, state: state(2.0) }, &q2)).expect("ok");
        s.insert(&new(&b, "k3", Placement::CopyOf { original: id1, kind: CopyKind::Exact }, &[])).expect("ok");
        assert!(s.has_doc("k2").expect("ok"));
        assert_eq!(s.find_by_content("h").expect("ok"), Some((id1, Some(st))));
        let list = s.stories(&StoryFilter::default()).expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].languages, ["en", "sv"]);
        assert_eq!(list[0].outlets, ["news.example"]);
        assert_eq!((list[0].article_count, list[0].copy_count), (2, 1));
        assert_eq!(s.stories(&StoryFilter { lang: Some("de".into()), ..Default::default() }).expect("ok").len(), 0);
        let d = s.story(st).expect("ok").expect("story");
        assert_eq!(d.articles.len(), 3);
        assert_eq!(d.quotes[0].speaker.as_deref(), Some("Ann"));
        // Quotes in two languages: all need vectors; the Swedish rendering of the English
        // quote gets a close one and is the same statement.
        let pending = s.quotes_to_embed(st, 10).expect("ok");
        assert_eq!(pending.len(), 3);
        let vectors = [vec![1.0, 0.0], vec![0.99, 0.141], vec![0.0, 1.0]];
        let rows: Vec<(i64, Vec<f32>)> = pending.iter().map(|q| q.id).zip(vectors).collect();
        s.set_quote_vectors(&rows).expect("ok");
        assert!(s.quotes_to_embed(st, 10).expect("ok").is_empty());
        let d = s.story(st).expect("ok").expect("story");
        let utterances: Vec<usize> = d.quotes.iter().map(|q| q.utterance).collect();
        assert_eq!(utterances, [0, 0, 2], "the Swedish rendering is the same statement");
        // The copy's claim (king) is its original's, not a side of its own.
        let sides: Vec<&str> = d.disagreements[0].sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!((d.disagreements.len(), sides), (1, vec!["mayor", "governor"]));
        assert_eq!(s.story_states(10).expect("ok")[0].sum, vec![2.0, 0.0]);
        assert_eq!(s.counts().expect("ok"), (3, 1));
        assert_eq!(s.recent_simhashes(10).expect("ok").len(), 2);
        assert_eq!(s.meta("embedder").expect("ok"), None);
        s.set_meta("embedder", "a").expect("ok");
        s.set_meta("embedder", "b").expect("ok");
        assert_eq!(s.meta("embedder").expect("ok").as_deref(), Some("b"));

        // Search, filters, entities, timeline.
        let terms = |w: &[&str]| vec![w.iter().map(|x| x.to_string()).collect::<Vec<_>>()];
        let f = |t| StoryFilter { terms: t, ..Default::default() };
        assert_eq!(s.stories(&f(terms(&["bro", "xyz"]))).expect("ok").len(), 1);
        assert_eq!(s.stories(&f(terms(&["xyz\" OR \"bridge"]))).expect("ok").len(), 0, "quotes are not syntax");
        let hits = s.search(&f(terms(&["broarna"]))).expect("ok");
        assert_eq!(hits.iter().map(|h| h.article.lang.as_deref()).collect::<Vec<_>>(), [Some("sv")]);
        assert_eq!(s.search(&StoryFilter { lang: Some("en".into()), ..f(terms(&["broarna"])) }).expect("ok").len(), 0);
        let ents = s.entities(&EntityFilter { prefix: Some("an".into()), ..Default::default() }).expect("ok");
        assert_eq!((ents.len(), ents[0].articles, ents[0].mentions), (1, 3, 6));
        let e = s.entity(ents[0].id).expect("ok").expect("entity");
        assert_eq!(e.stories.len(), 1);
        assert_eq!(
            s.stories(&StoryFilter { entity: Some(ents[0].id + 1), ..Default::default() }).expect("ok").len(),
            0
        );
        assert_eq!(
            s.stories(&StoryFilter { outlet: Some("news.example".into()), ..Default::default() }).expect("ok").len(),
            1
        );
        assert_eq!(d.timeline.iter().map(|t| t.count).sum::<usize>(), 2);
        assert_eq!(list[0].activity.iter().map(|t| t.count).sum::<usize>(), 2);
        assert_eq!(s.story(st).expect("ok").expect("story").entities[0].name, "Ann");
        assert_eq!(s.latest_article_id().expect("ok"), 3);

        // A translation's claim is a side: it may have changed what its original says.
        s.insert(&new(&b, "k4", Placement::CopyOf { original: id1, kind: CopyKind::Translation }, &[])).expect("ok");
        let d = s.story(st).expect("ok").expect("story");
        let sides: Vec<&str> = d.disagreements[0].sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(sides, ["mayor", "governor", "minister"]);
    }
}
