//! The pipeline: one raw document at a time through extraction, duplicate detection,
//! embedding, story assignment and facts, into the store.
//!
//! [`Pipeline::process`] handles one document and is what the CLI, the server and the eval
//! harness call; [`Pipeline::ingest`] runs a batch of inputs and reports each outcome to a
//! callback, so one bad input never stops the rest.

use std::path::PathBuf;

use parallax_embed::{EmbedInput, Embedder};
use parallax_extract::{ExtractError, Extractor};
use parallax_ingest::{IngestError, Input, Limits};
use parallax_model::{ArticleId, CopyKind, RawDoc, StoryId};
use parallax_store::{EntityMention, NewArticle, NewQuote, Placement, Store, StoreError, StoryStateRow};
use parallax_story::{AssignerConfig, Item, OnlineAssigner, StoryAssigner, StoryState};

/// Characters of article text (after the title) that go into the embedding.
pub const EMBED_TEXT_CHARS: usize = 4000;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{origin}: {source}")]
    Extract { origin: String, source: ExtractError },
    #[error("{origin}: {source}")]
    Embed { origin: String, source: parallax_embed::EmbedError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "this data directory was built with the `{stored}` embedder, not `{current}`; use `--embedder {stored}` or a new data directory"
    )]
    EmbedderMismatch { stored: String, current: String },
}

/// What happened to one document.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Stored as a story member; `merged` are stories that merged into `story` because of it.
    Stored { id: ArticleId, story: StoryId, new_story: bool, merged: Vec<StoryId> },
    /// Stored as a re-publication of an existing article.
    Copy { id: ArticleId, original: ArticleId },
    /// This exact input was stored before.
    AlreadyStored,
}

/// A report for [`Pipeline::ingest`]'s callback.
#[derive(Debug)]
pub enum Event<'a> {
    /// All inputs are known: how many.
    Inputs(usize),
    /// An input was opened (index, name).
    Reading(usize, &'a str),
    Done {
        origin: &'a str,
        outcome: Outcome,
    },
    InputFailed(IngestError),
    DocFailed(PipelineError),
}

/// Totals of a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub ingested: usize,
    pub new_stories: usize,
    /// Stories merged into another (their ids redirect).
    pub merged_stories: usize,
    pub copies: usize,
    pub already_stored: usize,
    pub failed: usize,
}

impl Summary {
    pub fn record(&mut self, e: &Event<'_>) {
        match e {
            Event::Done { outcome: Outcome::Stored { new_story, merged, .. }, .. } => {
                self.ingested += 1;
                self.new_stories += usize::from(*new_story);
                self.merged_stories += merged.len();
            }
            Event::Done { outcome: Outcome::Copy { .. }, .. } => self.copies += 1,
            Event::Done { outcome: Outcome::AlreadyStored, .. } => self.already_stored += 1,
            Event::InputFailed(_) | Event::DocFailed(_) => self.failed += 1,
            Event::Inputs(_) | Event::Reading(..) => {}
        }
    }
}

/// The stages, wired.
pub struct Pipeline<S: Store> {
    pub store: S,
    extractor: Box<dyn Extractor>,
    embedder: Box<dyn Embedder>,
    assigner: OnlineAssigner,
    lexical: parallax_embed::LexicalEmbedder,
    /// (article, SimHash) of recent originals, for near-duplicate detection.
    recent: std::collections::VecDeque<(ArticleId, u64)>,
    pub limits: Limits,
}

/// A document extracted and checked, waiting for its embedding.
struct Prepared {
    art: parallax_model::Article,
    content_hash: String,
    doc_key: String,
    simhash: u64,
    quotes: Vec<NewQuote>,
    entities: Vec<EntityMention>,
    claims: Vec<parallax_facts::Claim>,
    search_terms: String,
    embed_text: String,
    /// Lexical terms and hashed entity keys for story assignment.
    terms: Vec<(u32, f32)>,
    entity_hashes: Vec<u64>,
    specifics: Vec<u64>,
}

/// Documents embedded per call during ingest.
pub const INGEST_BATCH: usize = 16;

/// Members of a story in other languages read (most recent first) when looking for the
/// original of a translation, and how many of them (closest by embedding) are compared.
const TRANSLATION_SCAN: usize = 200;
const TRANSLATION_CANDIDATES: usize = 3;
/// Aligned paragraph pairs embedded at most to confirm a translation.
const TRANSLATION_UNIT_PAIRS: usize = 16;

/// Whether `a` is more than an hour later than `b` (both dated); an undated pair is in
/// arrival order.
fn later(a: Option<chrono::DateTime<chrono::Utc>>, b: Option<chrono::DateTime<chrono::Utc>>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a > b + chrono::Duration::hours(1))
}

/// Quotes embedded per article at most (with a multilingual encoder), to group one statement
/// across languages; the rest are kept without a vector.
const MAX_QUOTE_VECTORS: usize = 12;

/// How many recent articles are checked for near-duplicates.
const NEAR_DUP_WINDOW: usize = 200_000;

impl<S: Store> Pipeline<S> {
    /// Builds a pipeline and restores the story assigner's state from the store. Stored
    /// states of another dimension (another embedder) are not restored.
    pub fn new(
        store: S,
        extractor: Box<dyn Extractor>,
        embedder: Box<dyn Embedder>,
        config: AssignerConfig,
    ) -> Result<Self, PipelineError> {
        let mut store = store;
        let current = embedder.name().to_string();
        match store.meta("embedder")? {
            Some(stored) if stored != current && store.counts()?.0 > 0 => {
                return Err(PipelineError::EmbedderMismatch { stored, current });
            }
            Some(stored) if stored == current => {}
            _ => store.set_meta("embedder", &current)?,
        }
        let dim = embedder.dim();
        let states: Vec<StoryState> = store
            .story_states(config.max_active)?
            .into_iter()
            .filter(|s| s.sum.len() == dim)
            .map(|s| {
                let mut st = StoryState::restored(s.id, s.sum, s.first, s.last, s.langs);
                st.set_profile_bytes(&s.profile);
                st
            })
            .collect();
        tracing::debug!(stories = states.len(), "restored story states");
        let recent = store.recent_simhashes(NEAR_DUP_WINDOW)?.into();
        Ok(Pipeline {
            store,
            extractor,
            embedder,
            assigner: OnlineAssigner::restore(config, states),
            lexical: parallax_embed::LexicalEmbedder::default(),
            recent,
            limits: Limits::default(),
        })
    }

    pub fn embedder_name(&self) -> &str {
        self.embedder.name()
    }

    /// Takes one document through every stage and stores it.
    pub fn process(&mut self, doc: &RawDoc) -> Result<Outcome, PipelineError> {
        self.process_batch(std::slice::from_ref(doc)).pop().unwrap_or(Ok(Outcome::AlreadyStored))
    }

    /// Takes documents through every stage, embedding them in one call; outcomes in order.
    pub fn process_batch(&mut self, docs: &[RawDoc]) -> Vec<Result<Outcome, PipelineError>> {
        let prepared: Vec<Result<Option<Prepared>, PipelineError>> = docs.iter().map(|d| self.prepare(d)).collect();
        let inputs: Vec<EmbedInput> = prepared
            .iter()
            .filter_map(|p| p.as_ref().ok().and_then(Option::as_ref))
            .map(|p| EmbedInput { text: &p.embed_text, lang: p.art.lang.as_deref() })
            .collect();
        let mut vectors = match self.embedder.embed(&inputs) {
            Ok(v) => Ok(v.into_iter()),
            Err(e) => Err(e.to_string()),
        };
        prepared
            .into_iter()
            .map(|p| match p? {
                None => Ok(Outcome::AlreadyStored),
                Some(p) => match &mut vectors {
                    Ok(v) => {
                        let vector = v.next().unwrap_or_default();
                        self.commit(p, vector)
                    }
                    Err(e) => Err(PipelineError::Embed {
                        origin: p.art.origin,
                        source: parallax_embed::EmbedError::Model(e.clone()),
                    }),
                },
            })
            .collect()
    }

    /// Extraction, keys, duplicate fingerprints and quotes; `None` if already stored.
    fn prepare(&self, doc: &RawDoc) -> Result<Option<Prepared>, PipelineError> {
        let art = self
            .extractor
            .extract(doc)
            .map_err(|source| PipelineError::Extract { origin: doc.origin.clone(), source })?;
        let content_hash = parallax_dedup::content_hash(&art.text);
        let doc_key = parallax_dedup::key_hash(&[&doc.key, &content_hash]);
        if self.store.has_doc(&doc_key)? {
            return Ok(None);
        }
        let simhash = parallax_dedup::simhash(&art.text);
        let full = art.title_and_text();
        let found = parallax_facts::entities(&full, art.lang.as_deref());
        let quotes = parallax_facts::quotes_with(&art.text, art.lang.as_deref(), &found)
            .into_iter()
            .map(|q| NewQuote { speaker: q.speaker, text: q.text })
            .collect();
        let claims = parallax_facts::claims(&full, art.lang.as_deref(), &found, art.published.map(|p| p.date_naive()));
        let entities: Vec<EntityMention> = found
            .into_iter()
            .map(|e| EntityMention {
                key: e.key,
                name: e.name,
                kind: e.kind.to_string(),
                mentions: e.mentions,
                display: e.canonical,
            })
            .collect();
        let search_terms = parallax_lang::index_terms(&full, art.lang.as_deref());
        let embed_text = embed_text(art.title.as_deref(), &art.text);
        let terms = self.lexical.terms(&embed_text, art.lang.as_deref());
        let entity_hashes = entities.iter().map(|e| parallax_story::entity_hash(&e.key)).collect();
        let specifics = parallax_story::specifics(&full, entities.iter().map(|e| e.key.as_str()));
        Ok(Some(Prepared {
            art,
            content_hash,
            doc_key,
            simhash,
            quotes,
            entities,
            claims,
            search_terms,
            embed_text,
            terms,
            entity_hashes,
            specifics,
        }))
    }

    /// Copy detection, story assignment and the write, for a prepared document.
    fn commit(&mut self, p: Prepared, vector: Vec<f32>) -> Result<Outcome, PipelineError> {
        let Prepared {
            art,
            content_hash,
            doc_key,
            simhash,
            quotes,
            entities,
            claims,
            search_terms,
            terms,
            entity_hashes,
            specifics,
            ..
        } = p;
        let copy_of = match self.store.find_by_content(&content_hash)? {
            Some((original, _)) => Some((original, CopyKind::Exact)),
            None => self
                .recent
                .iter()
                .rev()
                .find(|(_, h)| parallax_dedup::hamming(*h, simhash) <= parallax_dedup::NEAR_DUP_MAX_HAMMING)
                .map(|(id, _)| (*id, CopyKind::Near)),
        };
        let new = |placement| NewArticle {
            article: &art,
            doc_key: &doc_key,
            content_hash: &content_hash,
            simhash,
            embedding: &vector,
            placement,
            quotes: &quotes,
            entities: &entities,
            claims: &claims,
            search_terms: &search_terms,
        };
        if let Some((original, kind)) = copy_of {
            return Ok(match self.store.insert(&new(Placement::CopyOf { original, kind }))? {
                Some((id, _)) => Outcome::Copy { id, original },
                None => Outcome::AlreadyStored,
            });
        }

        let item = Item {
            vector: &vector,
            published: art.published,
            lang: art.lang.as_deref(),
            terms: &terms,
            entities: &entity_hashes,
            specifics: &specifics,
        };
        let chosen = self.assigner.choose(&item);
        // A translation of an article of the chosen story is a copy, not a member; when the
        // stored one is the later of the two, it is the translation.
        let mut translates: Option<ArticleId> = None;
        if let (Some(c), Some(lang)) = (&chosen, art.lang.as_deref()) {
            match self.find_translation(c.story, lang, &art.text, &vector)? {
                Some(m) if !later(m.published, art.published) => {
                    let original = m.id;
                    return Ok(
                        match self.store.insert(&new(Placement::CopyOf { original, kind: CopyKind::Translation }))? {
                            Some((id, story)) => {
                                if let Some(story) = story.filter(|_| !quotes.is_empty()) {
                                    self.embed_quotes(story)?;
                                }
                                Outcome::Copy { id, original }
                            }
                            None => Outcome::AlreadyStored,
                        },
                    );
                }
                Some(m) => translates = Some(m.id),
                None => {}
            }
        }
        let placement = match chosen.as_ref().and_then(|c| self.assigner.story(c.story)) {
            Some(s) => Placement::Join { story: s.id, state: state_row(&self.assigner.state_after(s.id, &item)) },
            None => Placement::NewStory { state: state_row(&self.assigner.state_after(0, &item)) },
        };
        let new_story = matches!(placement, Placement::NewStory { .. });
        match self.store.insert(&new(placement))? {
            Some((id, Some(story))) => {
                if let Some(translation) = translates {
                    self.store.mark_copy(translation, id, CopyKind::Translation)?;
                    tracing::info!(
                        translation,
                        original = id,
                        "an earlier-stored article is a translation of this one"
                    );
                }
                self.assigner.record(story, &item);
                self.recent.push_back((id, simhash));
                if self.recent.len() > NEAR_DUP_WINDOW {
                    self.recent.pop_front();
                }
                // The article is probable for other stories too: they are one story now.
                let mut merged = Vec::new();
                for from in chosen.map(|c| c.merge).unwrap_or_default() {
                    let (Some(into_state), Some(from_state)) = (self.assigner.story(story), self.assigner.story(from))
                    else {
                        continue;
                    };
                    let state = state_row(&into_state.merged(from_state));
                    self.store.merge_stories(from, story, &state)?;
                    self.assigner.merge(from, story);
                    tracing::info!(from, into = story, "stories merged");
                    merged.push(from);
                }
                // New quotes, or stories joined, are what can put a story's quotes in a second
                // language.
                if !quotes.is_empty() || !merged.is_empty() {
                    self.embed_quotes(story)?;
                }
                Ok(Outcome::Stored { id, story, new_story, merged })
            }
            Some((_, None)) | None => Ok(Outcome::AlreadyStored),
        }
    }

    /// The article of `story` in another language that `text` translates or is translated by
    /// (see [`parallax_dedup::translation`]). The [`TRANSLATION_CANDIDATES`] members closest
    /// to `vector` are compared.
    fn find_translation(
        &self,
        story: StoryId,
        lang: &str,
        text: &str,
        vector: &[f32],
    ) -> Result<Option<parallax_store::StoryMember>, PipelineError> {
        use parallax_dedup::translation::{MIN_UNITS, Shape, THRESHOLDS, evidence};
        // Too short to tell a translation (a one-line blurb): no candidates are read.
        let shape = Shape::of(text);
        if shape.units() < MIN_UNITS {
            return Ok(None);
        }
        let mut members = self.store.story_originals(story, lang, TRANSLATION_SCAN)?;
        members.sort_by(|a, b| {
            parallax_embed::dot(&b.embedding, vector).total_cmp(&parallax_embed::dot(&a.embedding, vector))
        });
        for member in members.into_iter().take(TRANSLATION_CANDIDATES) {
            let id = member.id;
            let Some(other_text) = self.store.article_text(id)? else { continue };
            let other = Shape::of(&other_text);
            let e = evidence(&shape, &other);
            if !e.structure_fits(&THRESHOLDS) {
                continue;
            }
            // The structure fits: with a multilingual encoder, the aligned paragraphs must
            // also say the same things (rewrites of one wire story share structure too).
            let unit_cosine = if self.embedder.multilingual() {
                // At most TRANSLATION_UNIT_PAIRS pairs, spread over the text.
                let step = e.pairs.len().div_ceil(TRANSLATION_UNIT_PAIRS).max(1);
                let inputs: Vec<EmbedInput> = e
                    .pairs
                    .iter()
                    .step_by(step)
                    .flat_map(|&(i, j)| {
                        [
                            EmbedInput { text: shape.unit(text, i), lang: Some(lang) },
                            EmbedInput { text: other.unit(&other_text, j), lang: None },
                        ]
                    })
                    .collect();
                let v = self
                    .embedder
                    .embed(&inputs)
                    .map_err(|source| PipelineError::Embed { origin: format!("article {id}"), source })?;
                let sims: Vec<f32> =
                    v.chunks(2).filter_map(|p| Some(parallax_embed::dot(p.first()?, p.get(1)?))).collect();
                Some(sims.iter().sum::<f32>() / sims.len().max(1) as f32)
            } else {
                None
            };
            if e.is_translation(unit_cosine, &THRESHOLDS) {
                tracing::debug!(article = id, ?e, ?unit_cosine, "translation found");
                return Ok(Some(member));
            }
        }
        Ok(None)
    }

    /// Gives vectors (from a multilingual encoder) to the quotes of `story` that lack one, once
    /// its quotes are in two languages or more: only then can one statement be quoted in
    /// several languages, and stories in one language cost nothing.
    fn embed_quotes(&mut self, story: StoryId) -> Result<(), PipelineError> {
        if !self.embedder.multilingual() {
            return Ok(());
        }
        let pending = self.store.quotes_to_embed(story, MAX_QUOTE_VECTORS)?;
        if pending.is_empty() {
            return Ok(());
        }
        let inputs: Vec<EmbedInput> =
            pending.iter().map(|q| EmbedInput { text: &q.text, lang: q.lang.as_deref() }).collect();
        let vectors = self
            .embedder
            .embed(&inputs)
            .map_err(|source| PipelineError::Embed { origin: format!("quotes of story {story}"), source })?;
        let rows: Vec<(i64, Vec<f32>)> = pending.iter().map(|q| q.id).zip(vectors).collect();
        self.store.set_quote_vectors(&rows)?;
        Ok(())
    }

    /// Reads and processes every input, reporting each outcome; never stops on a bad input.
    pub fn ingest(&mut self, paths: &[PathBuf], mut on_event: impl FnMut(&Event<'_>)) -> Summary {
        let mut summary = Summary::default();
        let mut emit = |e: Event<'_>, summary: &mut Summary| {
            summary.record(&e);
            on_event(&e);
        };
        let inputs: Vec<Input> = parallax_ingest::discover(paths)
            .into_iter()
            .filter_map(|r| r.map_err(|e| emit(Event::InputFailed(e), &mut summary)).ok())
            .collect();
        emit(Event::Inputs(inputs.len()), &mut summary);
        let mut pending: Vec<RawDoc> = Vec::with_capacity(INGEST_BATCH);
        fn flush<S: Store>(
            p: &mut Pipeline<S>,
            pending: &mut Vec<RawDoc>,
            summary: &mut Summary,
            emit: &mut impl FnMut(Event<'_>, &mut Summary),
        ) {
            let outcomes = p.process_batch(pending);
            for (doc, r) in pending.iter().zip(outcomes) {
                match r {
                    Ok(outcome) => emit(Event::Done { origin: &doc.origin, outcome }, summary),
                    Err(e) => emit(Event::DocFailed(e), summary),
                }
            }
            pending.clear();
        }
        for (i, input) in inputs.iter().enumerate() {
            let name = input.name();
            emit(Event::Reading(i, &name), &mut summary);
            let docs = match parallax_ingest::read(input, &self.limits) {
                Ok(d) => d,
                Err(e) => {
                    emit(Event::InputFailed(e), &mut summary);
                    continue;
                }
            };
            for doc in docs {
                match doc {
                    Err(e) => emit(Event::InputFailed(e), &mut summary),
                    Ok(doc) => pending.push(doc),
                }
                if pending.len() >= INGEST_BATCH {
                    flush(self, &mut pending, &mut summary, &mut emit);
                }
            }
        }
        flush(self, &mut pending, &mut summary, &mut emit);
        summary
    }
}

/// The text that represents an article for embedding: title, then the start of the body.
pub fn embed_text(title: Option<&str>, text: &str) -> String {
    let lead = &text[..text.floor_char_boundary(EMBED_TEXT_CHARS)];
    match title {
        Some(t) => format!("{t}\n\n{lead}"),
        None => lead.to_string(),
    }
}

/// Which embedder to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedderChoice {
    /// The neural encoder when its model is installed, else the lexical one.
    Auto,
    E5,
    Lexical,
}

impl std::str::FromStr for EmbedderChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(EmbedderChoice::Auto),
            "e5" => Ok(EmbedderChoice::E5),
            "lexical" => Ok(EmbedderChoice::Lexical),
            o => Err(format!("unknown embedder `{o}` (auto, e5, lexical)")),
        }
    }
}

/// A story's assigner state as the store keeps it.
fn state_row(s: &StoryState) -> StoryStateRow {
    StoryStateRow {
        id: s.id,
        sum: s.sum.clone(),
        first: s.first,
        last: s.last,
        langs: s.langs.clone(),
        profile: s.profile_bytes(),
    }
}

/// The story assigner's configuration for an embedder: its fitted similarity model
/// (`crates/story/data/similarity.json`, made by `scripts/story/fit.sh`).
pub fn story_config(embedder: &str) -> AssignerConfig {
    AssignerConfig::for_embedder(embedder)
}

/// Builds the chosen embedder; with `Auto`, says which one it took and why.
pub fn embedder(
    choice: EmbedderChoice,
    data_dir: &std::path::Path,
) -> Result<(Box<dyn Embedder>, Option<String>), parallax_embed::EmbedError> {
    use parallax_embed::e5::{E5Config, E5Embedder};
    let dir = E5Embedder::default_dir(data_dir);
    // Says when the encoder runs on its pure-Rust backend (ONNX Runtime missing or failing).
    let backend_note = |e: &E5Embedder| {
        (e.backend() == "cpu").then(|| {
            format!(
                "ONNX Runtime is not available ({}); the encoder runs on its pure-Rust backend, about 5x slower",
                e.ort_error().unwrap_or("library missing")
            )
        })
    };
    match choice {
        EmbedderChoice::Lexical => Ok((Box::new(parallax_embed::LexicalEmbedder::default()), None)),
        EmbedderChoice::E5 => {
            let e = E5Embedder::load(&dir, E5Config::default())?;
            let note = backend_note(&e);
            Ok((Box::new(e), note))
        }
        EmbedderChoice::Auto if E5Embedder::is_installed(&dir) => match E5Embedder::load(&dir, E5Config::default()) {
            Ok(e) => {
                let note = backend_note(&e);
                Ok((Box::new(e), note))
            }
            Err(e) => Ok((
                Box::new(parallax_embed::LexicalEmbedder::default()),
                Some(format!("the multilingual encoder failed to load ({e}); using the lexical embedder")),
            )),
        },
        EmbedderChoice::Auto => Ok((
            Box::new(parallax_embed::LexicalEmbedder::default()),
            Some("no multilingual encoder installed (`parallax model fetch`); using the lexical embedder, which links languages only through shared names".into()),
        )),
    }
}
