//! Stories: online, single-pass assignment of each arriving article to a story.
//!
//! [`StoryAssigner`] is the seam. [`OnlineAssigner`] keeps, per active story, a profile
//! ([`StoryState`]: vector sum, lexical terms, entities, time span, languages). For an article
//! it retrieves the nearest stories by dense cosine ([`CandidateIndex`]; exact scan by default)
//! within [`AssignerConfig::window_days`] of the article's date, scores each candidate with the
//! fitted similarity model ([`model`]), and joins the most probable one if the probability
//! reaches [`AssignerConfig::join_probability`]; otherwise the article starts a story. When an
//! article is probable for two stories whose members are close (average link) and that name an
//! entity in common (or one side names none), they merge (the caller records a redirect).
//! Specifics (name words and numbers, [`specifics`]) gate both steps: an article passes over a
//! story whose same-language members write other names and numbers, and two such stories do
//! not merge ([`AssignerConfig::specifics_join`], [`AssignerConfig::specifics_merge`]).
//! Stories quiet for [`AssignerConfig::retire_days`] (by the newest date seen) move to a cold
//! index that only articles of their time search, so input out of date order still finds them;
//! beyond [`AssignerConfig::max_active`] the longest-cold go first.
//! The state can be rebuilt from the store with [`OnlineAssigner::restore`].

pub mod index;
pub mod model;
mod profile;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use parallax_model::StoryId;
use unicode_segmentation::UnicodeSegmentation;

pub use index::{CandidateIndex, ExactIndex};
pub use model::{DocFreq, Weights};
pub use profile::{MAX_STORY_TERMS, StoryState, widen_span};

/// What the assigner sees of an article.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// Unit vector from the embedder.
    pub vector: &'a [f32],
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-1 language, when known.
    pub lang: Option<&'a str>,
    /// Sparse lexical term weights (see `parallax_embed::LexicalEmbedder::terms`).
    pub terms: &'a [(u32, f32)],
    /// Hashed keys of the entities the article names (see [`entity_hash`]).
    pub entities: &'a [u64],
    /// Hashed specifics: the article's name words and numbers (see [`specifics`]).
    pub specifics: &'a [u64],
}

/// The hash of an entity key used in [`Item::entities`].
pub fn entity_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// Only the first this many bytes of a text give specifics (an article names its people,
/// places and figures early; the cost stays bounded on huge inputs).
pub const MAX_SPECIFICS_TEXT_BYTES: usize = 200_000;

/// The specifics of an article, hashed and distinct, for [`Item::specifics`]: what tells two
/// events of the same kind apart (who, where, when, how many). They are the words of its
/// names (capitalised words that do not start a sentence, and the words of the entity keys
/// found by `parallax_facts`, which covers scripts without case), folded and in Latin letters
/// so that one name matches across scripts, and the numbers written in digits
/// ([`parallax_lang::numbers`]). In English, month and weekday names count as name words.
pub fn specifics<'k>(text: &str, entity_keys: impl IntoIterator<Item = &'k str>) -> Vec<u64> {
    let text = &text[..text.floor_char_boundary(MAX_SPECIFICS_TEXT_BYTES)];
    let word = |w: &str| {
        let w = parallax_lang::translit::to_latin(w);
        (w.chars().count() >= 2).then(|| xxhash_rust::xxh3::xxh3_64_with_seed(w.as_bytes(), 2))
    };
    let mut v: Vec<u64> =
        parallax_lang::numbers(text).iter().map(|n| xxhash_rust::xxh3::xxh3_64_with_seed(n.as_bytes(), 1)).collect();
    let mut sentence_start = true;
    for w in text.split_word_bounds() {
        let Some(c) = w.chars().next() else { continue };
        if c.is_alphanumeric() {
            if c.is_uppercase() && !sentence_start {
                v.extend(word(w));
            }
            sentence_start = false;
        } else if w.chars().any(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '"' | '“' | '«' | '„' | '。' | '؟'))
        {
            sentence_start = true;
        }
    }
    for key in entity_keys {
        v.extend(key.split_whitespace().filter_map(word));
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Where an article goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub story: StoryId,
    /// The model's probability that the article belongs to `story`.
    pub probability: f32,
    /// Other stories the article also belongs to: they merge into `story`.
    pub merge: Vec<StoryId>,
}

/// Chooses stories for arriving articles.
pub trait StoryAssigner: Send {
    /// The story `item` belongs to, or `None` if it starts a new one.
    fn choose(&self, item: &Item<'_>) -> Option<Choice>;
    /// Records that `item` joined story `id` (existing or newly created).
    fn record(&mut self, id: StoryId, item: &Item<'_>);
    /// Records that story `from` merged into `into`.
    fn merge(&mut self, from: StoryId, into: StoryId);
}

#[derive(Debug, Clone)]
pub struct AssignerConfig {
    pub weights: Weights,
    /// An article joins its most probable story at this probability or more.
    pub join_probability: f32,
    /// Another story at this probability or more for the same article merges in, if the mean
    /// cosine between the two stories' members (average linkage) reaches `merge_link`.
    pub merge_probability: f32,
    pub merge_link: f32,
    /// Gates on specifics (see [`model::item_link`] and [`model::story_link`]; 0: none): an
    /// article does not join a story whose same-language members' specifics it matches less
    /// than `specifics_join`, and two stories matching less than `specifics_merge` do not merge.
    pub specifics_join: f32,
    pub specifics_merge: f32,
    /// Stories retrieved by dense cosine and scored by the model.
    pub candidates: usize,
    /// Stories whose time span is further than this from an article's date are not candidates.
    pub window_days: i64,
    /// A story with no article for this long (by the newest date seen) retires.
    pub retire_days: i64,
    /// At most this many stories are active; the least recently joined retire first.
    pub max_active: usize,
}

impl AssignerConfig {
    /// The fitted model for an embedder, with the default rules.
    pub fn for_embedder(embedder: &str) -> Self {
        Self::with_weights(model::fitted(embedder))
    }

    /// A model with its fitted thresholds, and the default rules.
    pub fn with_weights(weights: Weights) -> Self {
        AssignerConfig {
            join_probability: weights.join_probability,
            merge_probability: weights.merge_probability.unwrap_or(weights.join_probability),
            merge_link: weights.merge_link,
            specifics_join: weights.specifics_join,
            specifics_merge: weights.specifics_merge,
            weights,
            candidates: 10,
            window_days: 7,
            retire_days: 14,
            max_active: 100_000,
        }
    }
}

/// Online assignment with the fitted model over an index of active story centroids.
pub struct OnlineAssigner {
    pub config: AssignerConfig,
    stories: HashMap<StoryId, StoryState>,
    /// Centroids of the stories active within `retire_days` of the newest date seen.
    index: Box<dyn CandidateIndex>,
    /// Centroids of older stories, searched only for an article as old as they are (articles
    /// that arrive out of date order), until the `max_active` cap drops them.
    cold: ExactIndex,
    cold_ids: std::collections::HashSet<StoryId>,
    /// Cold stories, longest cold first (ids revived or dropped since are skipped).
    cold_order: std::collections::VecDeque<StoryId>,
    df: DocFreq,
    /// (last activity, story) for retirement, least recent first.
    activity: BTreeSet<(u64, StoryId)>,
    touched: HashMap<StoryId, u64>,
    clock: u64,
    newest: Option<DateTime<Utc>>,
}

impl OnlineAssigner {
    pub fn new(config: AssignerConfig) -> Self {
        Self::with_index(config, Box::new(ExactIndex::new()))
    }

    pub fn with_index(config: AssignerConfig, index: Box<dyn CandidateIndex>) -> Self {
        OnlineAssigner {
            config,
            stories: HashMap::new(),
            index,
            cold: ExactIndex::new(),
            cold_ids: Default::default(),
            cold_order: Default::default(),
            df: DocFreq::default(),
            activity: BTreeSet::new(),
            touched: HashMap::new(),
            clock: 0,
            newest: None,
        }
    }

    /// Rebuilds the assigner from stored story states (oldest activity first).
    pub fn restore(config: AssignerConfig, stories: Vec<StoryState>) -> Self {
        let mut a = OnlineAssigner::new(config);
        for s in stories {
            a.df.add_story(&s);
            a.newest = widen_span(a.newest, a.newest, s.last).1;
            a.put(s);
        }
        a.retire();
        a
    }

    /// The state story `id` will have once `item` joins it (a new story's if `id` is not kept),
    /// as [`StoryAssigner::record`] makes it: for callers that store the state first.
    pub fn state_after(&self, id: StoryId, item: &Item<'_>) -> StoryState {
        let mut state = match self.stories.get(&id) {
            Some(s) => s.with(item),
            None => StoryState::from_item(id, item),
        };
        state.add_specifics(item.lang, &self.df.specifics_vector(item));
        state
    }

    /// The state of a story, if kept (active or cold).
    pub fn story(&self, id: StoryId) -> Option<&StoryState> {
        self.stories.get(&id)
    }

    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    fn in_window(&self, s: &StoryState, t: Option<DateTime<Utc>>) -> bool {
        let (Some(t), Some(first), Some(last)) = (t, s.first, s.last) else { return true };
        let w = chrono::Duration::days(self.config.window_days);
        t >= first - w && t <= last + w
    }

    /// The candidate stories (nearest centroids in the time window) with their features.
    pub fn candidates(&self, item: &Item<'_>) -> Vec<(StoryId, [f32; model::N_FEATURES])> {
        let keep = |id: StoryId| self.stories.get(&id).is_some_and(|s| self.in_window(s, item.published));
        let mut found = self.index.search(item.vector, self.config.candidates, &keep);
        if self.may_need_cold(item.published) {
            found.extend(self.cold.search(item.vector, self.config.candidates, &keep));
            found.sort_by(|a, b| b.1.total_cmp(&a.1));
            found.truncate(self.config.candidates);
        }
        found
            .into_iter()
            .filter_map(|(id, cos)| Some((id, model::features(item, self.stories.get(&id)?, cos, &self.df))))
            .collect()
    }

    /// The features of `item` against one active story, retrieved or not.
    pub fn features_for(&self, item: &Item<'_>, id: StoryId) -> Option<[f32; model::N_FEATURES]> {
        let s = self.stories.get(&id)?;
        let n = s.norm();
        let cos = if n > 0.0 { parallax_embed::dot(item.vector, &s.sum) / n } else { 0.0 };
        Some(model::features(item, s, cos, &self.df))
    }

    /// Every candidate story with its probability, most probable first.
    pub fn scored(&self, item: &Item<'_>) -> Vec<(StoryId, f32)> {
        let mut out: Vec<(StoryId, f32)> =
            self.candidates(item).into_iter().map(|(id, x)| (id, self.config.weights.probability(&x))).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Chooses, records and merges in one step, for callers that keep no other state (the
    /// pipeline stores between the steps): the article's story (`new_id()` when it starts one)
    /// and the stories merged into it.
    pub fn assign(&mut self, item: &Item<'_>, new_id: impl FnOnce() -> StoryId) -> (StoryId, Vec<StoryId>) {
        match self.choose(item) {
            Some(c) => {
                self.record(c.story, item);
                for &m in &c.merge {
                    self.merge(m, c.story);
                }
                (c.story, c.merge)
            }
            None => {
                let id = new_id();
                self.record(id, item);
                (id, Vec::new())
            }
        }
    }

    /// Whether an article of date `t` may belong to a cold story.
    fn may_need_cold(&self, t: Option<DateTime<Utc>>) -> bool {
        if self.cold_ids.is_empty() {
            return false;
        }
        match (t, self.newest) {
            (Some(t), Some(newest)) => {
                t < newest - chrono::Duration::days(self.config.retire_days - self.config.window_days)
            }
            _ => true,
        }
    }

    fn put(&mut self, s: StoryState) {
        self.clock += 1;
        if self.cold_ids.remove(&s.id) {
            self.cold.remove(s.id);
        }
        if let Some(old) = self.touched.insert(s.id, self.clock) {
            self.activity.remove(&(old, s.id));
        }
        self.activity.insert((self.clock, s.id));
        self.index.upsert(s.id, &s.centroid());
        self.stories.insert(s.id, s);
    }

    fn drop_story(&mut self, id: StoryId) {
        self.stories.remove(&id);
        self.index.remove(id);
        if self.cold_ids.remove(&id) {
            self.cold.remove(id);
        }
        if let Some(t) = self.touched.remove(&id) {
            self.activity.remove(&(t, id));
        }
    }

    /// Keeps at most `max_active` stories (dropping the longest-cold ones first, then the least
    /// recently joined), and moves stories quiet for `retire_days` (by the newest date seen) to
    /// the cold index (checked among the least recently joined, so the cost stays small).
    fn retire(&mut self) {
        while self.stories.len() > self.config.max_active {
            let victim = loop {
                match self.cold_order.pop_front() {
                    Some(id) if self.cold_ids.contains(&id) => break Some(id),
                    Some(_) => continue,
                    None => break self.activity.first().map(|&(_, id)| id),
                }
            };
            let Some(id) = victim else { break };
            self.drop_story(id);
        }
        let Some(newest) = self.newest else { return };
        let horizon = newest - chrono::Duration::days(self.config.retire_days);
        let stale: Vec<(u64, StoryId)> = self
            .activity
            .iter()
            .take(8)
            .filter(|(_, id)| self.stories.get(id).and_then(|s| s.last).is_some_and(|l| l < horizon))
            .copied()
            .collect();
        for (t, id) in stale {
            let Some(s) = self.stories.get(&id) else { continue };
            let c = s.centroid();
            self.index.remove(id);
            self.activity.remove(&(t, id));
            self.touched.remove(&id);
            self.cold.upsert(id, &c);
            self.cold_ids.insert(id);
            self.cold_order.push_back(id);
        }
    }
}

/// The mean cosine between the members of a story with vector sum `sum` and `size` members and
/// those of story `b` (unit member vectors).
fn average_link(sum: &[f32], size: u32, b: &StoryState) -> f32 {
    parallax_embed::dot(sum, &b.sum) / (size.max(1) as f32 * b.size.max(1) as f32)
}

/// Whether story `t` may merge with story `s` joined by `item` as far as names go: they name a
/// common entity, or one side names none (a language whose names are not found gives no
/// evidence either way). Two stories of the same kind of event about different people or
/// places are close by the encoder but name no one in common.
fn share_a_name(s: &StoryState, item: &Item<'_>, t: &StoryState) -> bool {
    let named = !s.entities.is_empty() || !item.entities.is_empty();
    t.entities.is_empty()
        || !named
        || t.entities.keys().any(|k| s.entities.contains_key(k) || item.entities.contains(k))
}

impl StoryAssigner for OnlineAssigner {
    fn choose(&self, item: &Item<'_>) -> Option<Choice> {
        let scored = self.scored(item);
        let gated = self.config.specifics_join > 0.0 || self.config.specifics_merge > 0.0;
        let v = if gated { self.df.specifics_vector(item) } else { Vec::new() };
        // The most probable story whose same-language members' specifics the article matches
        // (a closer story that tells of another event of the same kind is passed over).
        let at = scored.iter().take_while(|c| c.1 >= self.config.join_probability).position(|c| {
            self.config.specifics_join <= 0.0
                || self
                    .stories
                    .get(&c.0)
                    .and_then(|s| model::item_link(&v, item.lang, s))
                    .is_none_or(|l| l >= self.config.specifics_join)
        })?;
        let (story, probability) = scored[at];
        let probable: Vec<StoryId> = scored
            .iter()
            .enumerate()
            .filter(|&(i, c)| i > at && c.1 >= self.config.merge_probability)
            .map(|(_, c)| c.0)
            .collect();
        // Only the joined story's vector sum and size matter for the link; its other state is
        // not copied.
        let merge = match self.stories.get(&story) {
            Some(s) if !probable.is_empty() => {
                let sum: Vec<f32> = s.sum.iter().zip(item.vector).map(|(a, b)| a + b).collect();
                probable
                    .into_iter()
                    .filter(|id| {
                        self.stories.get(id).is_some_and(|t| {
                            average_link(&sum, s.size + 1, t) >= self.config.merge_link
                                && share_a_name(s, item, t)
                                && (self.config.specifics_merge <= 0.0
                                    || model::story_link(s, &v, item.lang, t)
                                        .is_none_or(|l| l >= self.config.specifics_merge))
                        })
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Some(Choice { story, probability, merge })
    }

    fn record(&mut self, id: StoryId, item: &Item<'_>) {
        let state = self.state_after(id, item);
        self.df.add(item);
        self.newest = widen_span(self.newest, self.newest, item.published).1;
        self.put(state);
        self.retire();
    }

    fn merge(&mut self, from: StoryId, into: StoryId) {
        if from == into {
            return;
        }
        let (Some(a), Some(b)) = (self.stories.get(&into), self.stories.get(&from)) else { return };
        let merged = a.merged(b);
        self.drop_story(from);
        self.put(merged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let mut v = v.to_vec();
        parallax_embed::normalize(&mut v);
        v
    }

    fn item<'a>(v: &'a [f32], lang: Option<&'a str>, published: Option<DateTime<Utc>>) -> Item<'a> {
        Item { vector: v, published, lang, terms: &[], entities: &[], specifics: &[] }
    }

    /// Dense cosine alone decides: joins at cosine ≥ 0.5.
    fn dense_only() -> AssignerConfig {
        let mut weights = vec![0.0; model::N_FEATURES];
        weights[0] = 20.0;
        AssignerConfig {
            weights: Weights {
                features: model::FEATURES.iter().map(|s| s.to_string()).collect(),
                weights,
                bias: -10.0,
                join_probability: 0.5,
                merge_link: 0.0,
                merge_probability: None,
                specifics_join: 0.0,
                specifics_merge: 0.0,
                fitted_on: String::new(),
            },
            join_probability: 0.5,
            merge_probability: 0.5,
            merge_link: 0.0,
            ..AssignerConfig::for_embedder("lexical")
        }
    }

    #[test]
    fn specifics_are_name_words_and_numbers() {
        let h = |w: &str| xxhash_rust::xxh3::xxh3_64_with_seed(w.as_bytes(), 2);
        let n = |w: &str| xxhash_rust::xxh3::xxh3_64_with_seed(w.as_bytes(), 1);
        let s =
            specifics("Officials said Thompson lost in Mannheim on Saturday. He had 1,200 fans.", ["tony thompson"]);
        for k in [h("thompson"), h("mannheim"), h("saturday"), h("tony"), n("1200")] {
            assert!(s.contains(&k), "{s:?}");
        }
        // Words that start a sentence are not names unless an entity key has them.
        assert!(!s.contains(&h("officials")) && !s.contains(&h("he")));
        // One name in two scripts is one specific.
        assert!(specifics("Говорит Путин", []).contains(&h("putin")));
        assert_eq!(specifics("the talks with Putin", []), specifics("– Putin", ["putin"]));
    }

    #[test]
    fn joins_similar_and_starts_new() {
        let mut a = OnlineAssigner::new(dense_only());
        let x = unit(&[1.0, 0.1, 0.0]);
        let y = unit(&[0.9, 0.2, 0.0]);
        let z = unit(&[0.0, 0.0, 1.0]);
        assert_eq!(a.choose(&item(&x, None, None)), None);
        a.record(1, &item(&x, None, None));
        assert_eq!(a.choose(&item(&y, None, None)).map(|c| c.story), Some(1));
        a.record(1, &item(&y, None, None));
        assert_eq!(a.choose(&item(&z, None, None)), None);
        assert_eq!(a.story(1).map(|s| s.size), Some(2));
    }

    #[test]
    fn assign_starts_joins_and_merges_in_one_step() {
        let mut a = OnlineAssigner::new(dense_only());
        let (x, y, both) = (unit(&[1.0, 0.0]), unit(&[0.0, 1.0]), unit(&[1.0, 1.0]));
        assert_eq!(a.assign(&item(&x, None, None), || 1), (1, vec![]));
        assert_eq!(a.assign(&item(&y, None, None), || 2), (2, vec![]));
        let (story, merged) = a.assign(&item(&both, None, None), || 3);
        assert!(matches!((story, merged.as_slice()), (1, [2]) | (2, [1])), "{story} {merged:?}");
        assert_eq!(a.len(), 1);
    }

    #[test]
    fn an_article_probable_for_two_stories_merges_them() {
        let mut a = OnlineAssigner::new(dense_only());
        let x = unit(&[1.0, 0.0]);
        let y = unit(&[0.0, 1.0]);
        let between = unit(&[1.0, 1.0]);
        a.record(1, &item(&x, Some("en"), None));
        a.record(2, &item(&y, Some("en"), None));
        let c = a.choose(&item(&between, Some("en"), None)).expect("joins");
        assert_eq!(c.merge.len(), 1);
        a.record(c.story, &item(&between, Some("en"), None));
        a.merge(c.merge[0], c.story);
        assert_eq!(a.len(), 1);
        assert_eq!(a.story(c.story).map(|s| s.size), Some(3));
    }

    fn named<'a>(entities: &'a [u64], v: &'a [f32]) -> Item<'a> {
        Item { vector: v, published: None, lang: Some("en"), terms: &[], entities, specifics: &[] }
    }

    #[test]
    fn stories_naming_different_entities_do_not_merge() {
        let mut a = OnlineAssigner::new(dense_only());
        let x = unit(&[1.0, 0.0]);
        let y = unit(&[0.0, 1.0]);
        let between = unit(&[1.0, 1.0]);
        a.record(1, &named(&[1], &x));
        a.record(2, &named(&[2], &y));
        // Probable for both, but the three name no one in common: it joins one, nothing merges.
        let c = a.choose(&named(&[3], &between)).expect("joins");
        assert!(c.merge.is_empty());
        // Naming story 2's entity, it merges the two.
        let c = a.choose(&named(&[2], &between)).expect("joins");
        assert_eq!(c.merge.len(), 1);
        // Names that were not found (no entities) are no evidence against a merge.
        let mut b = OnlineAssigner::new(dense_only());
        b.record(1, &named(&[], &x));
        b.record(2, &named(&[2], &y));
        assert_eq!(b.choose(&named(&[], &between)).map(|c| c.merge.len()), Some(1));
    }

    fn with_specifics<'a>(specifics: &'a [u64], v: &'a [f32]) -> Item<'a> {
        Item { vector: v, published: None, lang: Some("en"), terms: &[], entities: &[], specifics }
    }

    #[test]
    fn specifics_keep_events_of_one_kind_apart() {
        let gated = AssignerConfig { specifics_join: 0.1, specifics_merge: 0.2, ..dense_only() };
        let (x, y, between) = (unit(&[1.0, 0.0]), unit(&[0.0, 1.0]), unit(&[1.0, 1.0]));
        for (config, merges) in [(dense_only(), 1), (gated, 0)] {
            let mut a = OnlineAssigner::new(config);
            a.record(1, &with_specifics(&[10, 11], &x));
            a.record(2, &with_specifics(&[20, 21], &y));
            // Close to both by the encoder, but it names story 1's people and places only.
            let c = a.choose(&with_specifics(&[10, 11, 12], &between)).expect("joins");
            assert_eq!(c.merge.len(), merges, "{c:?}");
        }
        let mut a = OnlineAssigner::new(AssignerConfig { specifics_join: 0.1, ..dense_only() });
        a.record(1, &with_specifics(&[10, 11], &x));
        // Same words by the encoder, other specifics: another event, a story of its own.
        assert_eq!(a.choose(&with_specifics(&[30, 31], &x)), None);
        assert!(a.choose(&with_specifics(&[10, 31], &x)).is_some());
        // No specifics on either side is no evidence.
        assert!(a.choose(&with_specifics(&[], &x)).is_some());
    }

    #[test]
    fn time_window_excludes_old_stories() {
        let mut a = OnlineAssigner::new(AssignerConfig { window_days: 3, ..dense_only() });
        let x = unit(&[1.0, 0.0]);
        let t0 = "2026-03-01T00:00:00Z".parse::<DateTime<Utc>>().ok();
        let t1 = "2026-03-20T00:00:00Z".parse::<DateTime<Utc>>().ok();
        a.record(1, &item(&x, None, t0));
        assert_eq!(a.choose(&item(&x, None, t1)), None);
        assert!(a.choose(&item(&x, None, t0)).is_some());
    }

    #[test]
    fn retires_least_recent_and_quiet_stories() {
        let mut a = OnlineAssigner::new(AssignerConfig { max_active: 2, ..dense_only() });
        let x = unit(&[1.0, 0.0]);
        for id in 1..=3 {
            a.record(id, &item(&x, None, None));
        }
        assert_eq!(a.len(), 2);
        assert!(a.story(1).is_none());

        let mut a = OnlineAssigner::new(AssignerConfig { retire_days: 10, ..dense_only() });
        let t0 = "2026-03-01T00:00:00Z".parse::<DateTime<Utc>>().ok();
        let t1 = "2026-04-01T00:00:00Z".parse::<DateTime<Utc>>().ok();
        let y = unit(&[0.0, 1.0]);
        a.record(1, &item(&x, None, t0));
        a.record(2, &item(&y, None, t1));
        // Story 1 is cold: an article of its time still finds it, one of today does not.
        assert_eq!(a.choose(&item(&x, None, t0)).map(|c| c.story), Some(1));
        assert_eq!(a.choose(&item(&x, None, t1)), None);
        assert!(a.story(2).is_some());
        a.record(1, &item(&x, None, t0));
        assert_eq!(a.story(1).map(|s| s.size), Some(2));
    }

    #[test]
    fn state_after_is_the_recorded_state() {
        let mut a = OnlineAssigner::new(AssignerConfig { specifics_join: 0.1, ..dense_only() });
        let x = unit(&[1.0, 0.2]);
        a.record(1, &with_specifics(&[10, 11], &x));
        let next = with_specifics(&[10, 12], &x);
        let expected = a.state_after(1, &next);
        a.record(1, &next);
        assert_eq!(a.story(1), Some(&expected));
        assert_eq!(expected.specifics.get("en").map(|s| s.members), Some(2));
        // A stored profile carries the specifics: a restored assigner gates alike.
        let mut restored = StoryState::from_item(1, &next);
        assert!(restored.set_profile_bytes(&expected.profile_bytes()));
        let b = OnlineAssigner::restore(a.config.clone(), vec![restored]);
        let other = with_specifics(&[30, 31], &x);
        assert_eq!(a.choose(&other), None);
        assert_eq!(b.choose(&other), None);
    }

    #[test]
    fn restore_gives_the_same_choices() {
        let mut a = OnlineAssigner::new(dense_only());
        let x = unit(&[1.0, 0.2]);
        a.record(7, &item(&x, Some("sv"), None));
        let states: Vec<StoryState> = a.story(7).cloned().into_iter().collect();
        let b = OnlineAssigner::restore(dense_only(), states);
        assert_eq!(a.choose(&item(&x, Some("sv"), None)), b.choose(&item(&x, Some("sv"), None)));
    }
}
