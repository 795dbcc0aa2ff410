//! The similarity between an article and a story: evidence features combined by a logistic
//! model whose weights are fitted on the dev data (`scripts/story/fit.sh` →
//! `crates/story/data/similarity.json`), one weight set per embedder.
//!
//! Features: dense cosine with the story centroid (and the same for a story in other
//! languages only), lexical cosine with IDF from the stream so far (and the same within one
//! language), the share and number of the article's entities the story names, the time gap
//! to the story's span, and the story's size.
//!
//! Specifics (name words and numbers, [`crate::specifics`]) are weighed apart from the model:
//! two events of the same kind (two fires at one chain's stores, two title fights of one
//! boxer) are close by the encoder and by most words, and differ in who, where, when and how
//! many. [`item_link`] and [`story_link`] give the mean cosine of IDF-weighted specifics over
//! pairs of members in the same language (specifics in two languages are not comparable); the
//! assigner uses them as gates on joins and merges, with thresholds fitted with the weights.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Item, StoryState};

/// Feature names, in the order of [`features`]'s output and of the weights.
pub const FEATURES: [&str; 11] = [
    "dense",
    "dense_mean",
    "dense_cross",
    "lexical",
    "lexical_same_lang",
    "entity_share",
    "entity_count",
    "cross_lingual",
    "gap_days_log",
    "no_time",
    "size_log",
];

pub const N_FEATURES: usize = FEATURES.len();

/// Document frequencies of lexical terms and of specifics over the articles seen, for IDF.
#[derive(Debug, Default, Clone)]
pub struct DocFreq {
    df: HashMap<u32, u32>,
    keys: HashMap<u64, u32>,
    docs: u32,
}

impl DocFreq {
    pub fn add(&mut self, item: &Item<'_>) {
        self.docs += 1;
        for (t, _) in item.terms {
            *self.df.entry(*t).or_default() += 1;
        }
        for k in item.specifics {
            *self.keys.entry(*k).or_default() += 1;
        }
    }

    /// Counts a story's terms and specifics once each (rebuilding frequencies from stored
    /// stories).
    pub fn add_story(&mut self, s: &StoryState) {
        self.docs += s.size.max(1);
        for t in s.terms.keys() {
            *self.df.entry(*t).or_default() += 1;
        }
        let mut keys: Vec<u64> = s.specifics.values().flat_map(|x| x.sum.keys().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *self.keys.entry(k).or_default() += 1;
        }
    }

    /// The unit IDF-weighted vector of an item's specifics (sorted by key; empty without any),
    /// with the item counted among the articles seen whether it was added or not.
    pub fn specifics_vector(&self, item: &Item<'_>) -> Vec<(u64, f32)> {
        let mut v: Vec<(u64, f32)> = item
            .specifics
            .iter()
            .map(|&k| {
                let df = self.keys.get(&k).copied().unwrap_or(0) as f32;
                (k, ((self.docs as f32 + 2.0) / (df + 2.0)).ln() + 1.0)
            })
            .collect();
        v.sort_unstable_by_key(|x| x.0);
        v.dedup_by_key(|x| x.0);
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| x.1 /= norm);
        }
        v
    }

    pub fn idf(&self, t: u32) -> f32 {
        let df = self.df.get(&t).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    pub fn docs(&self) -> u32 {
        self.docs
    }
}

/// IDF-weighted cosine of sparse term vectors.
pub fn lexical_cosine(a: &[(u32, f32)], b: &HashMap<u32, f32>, df: &DocFreq) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut dot, mut na) = (0.0f32, 0.0f32);
    for &(t, w) in a {
        let i = df.idf(t);
        let wa = w * i;
        na += wa * wa;
        if let Some(&wb) = b.get(&t) {
            dot += wa * wb * i;
        }
    }
    if dot == 0.0 {
        return 0.0;
    }
    let nb: f32 = b.iter().map(|(&t, &w)| (w * df.idf(t)).powi(2)).sum();
    if na > 0.0 && nb > 0.0 { dot / (na.sqrt() * nb.sqrt()) } else { 0.0 }
}

/// The mean specifics cosine between an item (unit vector `v` in language `lang`) and the
/// story's members in that language that wrote any; `None` when there are none to compare.
pub fn item_link(v: &[(u64, f32)], lang: Option<&str>, story: &StoryState) -> Option<f32> {
    let x = story.specifics.get(lang.unwrap_or(""))?;
    (!v.is_empty() && x.members > 0).then(|| x.dot(v) / x.members as f32)
}

/// The mean specifics cosine over same-language pairs of members of stories `a` and `b`, with
/// an item (unit vector `v`, empty for none, in language `lang`) counted as a member of `a`;
/// `None` when there is no such pair.
pub fn story_link(a: &StoryState, v: &[(u64, f32)], lang: Option<&str>, b: &StoryState) -> Option<f32> {
    let (mut sum, mut pairs) = (0.0f32, 0u64);
    for (l, y) in &b.specifics {
        if let Some(x) = a.specifics.get(l) {
            sum += x.sum.iter().filter_map(|(k, w)| y.sum.get(k).map(|u| u * w)).sum::<f32>();
            pairs += u64::from(x.members) * u64::from(y.members);
        }
    }
    if !v.is_empty()
        && let Some(y) = b.specifics.get(lang.unwrap_or(""))
    {
        sum += y.dot(v);
        pairs += u64::from(y.members);
    }
    (pairs > 0).then(|| sum / pairs as f32)
}

/// Days between `t` and the span `[first, last]` (0 inside it); `None` when a date is missing.
pub fn gap_days(t: Option<DateTime<Utc>>, first: Option<DateTime<Utc>>, last: Option<DateTime<Utc>>) -> Option<f32> {
    let (t, first, last) = (t?, first?, last?);
    let secs = if t < first {
        (first - t).num_seconds()
    } else if t > last {
        (t - last).num_seconds()
    } else {
        0
    };
    Some(secs as f32 / 86_400.0)
}

/// The evidence that `item` belongs to `story`; `dense` is the cosine with its centroid.
pub fn features(item: &Item<'_>, story: &StoryState, dense: f32, df: &DocFreq) -> [f32; N_FEATURES] {
    let cross = !story.has_lang(item.lang);
    let lexical = lexical_cosine(item.terms, &story.terms, df);
    let mut ents: Vec<u64> = item.entities.to_vec();
    ents.sort_unstable();
    ents.dedup();
    let shared = ents.iter().filter(|e| story.entities.contains_key(e)).count() as f32;
    let share = if ents.is_empty() { 0.0 } else { shared / ents.len() as f32 };
    // Days from the story's mean time: a story stretched by out-of-order arrivals still has a
    // centre, so chains of articles a few days apart each do not drift into the next event.
    let gap = gap_days(item.published, story.mean_time(), story.mean_time());
    let c = f32::from(u8::from(cross));
    // The mean cosine with the members (average linkage): the centroid cosine of a big story
    // is inflated by its short sum vector.
    let mean = dense * story.norm() / story.size.max(1) as f32;
    [
        dense,
        mean,
        dense * c,
        lexical,
        lexical * (1.0 - c),
        share,
        (1.0 + shared).ln(),
        c,
        gap.map_or(0.0, |g| (1.0 + g).ln()),
        f32::from(u8::from(gap.is_none())),
        (story.size.max(1) as f32).ln(),
    ]
}

/// A logistic model over [`FEATURES`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Weights {
    /// Feature names, checked against [`FEATURES`] when loaded.
    pub features: Vec<String>,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// An article joins its most probable story (and a second story merges in) at this
    /// probability or more; fitted with the weights (best mean online F1 over the dev sets).
    #[serde(default = "half")]
    pub join_probability: f32,
    /// Two stories an article is probable for merge when the mean cosine between their members
    /// reaches this (fitted like `join_probability`; above 1: never).
    #[serde(default = "never")]
    pub merge_link: f32,
    /// The probability at which a second story counts as probable for a merge (the join
    /// probability when absent).
    #[serde(default)]
    pub merge_probability: Option<f32>,
    /// An article does not join a story whose same-language members' specifics it matches
    /// less than this ([`item_link`]); 0: no gate.
    #[serde(default)]
    pub specifics_join: f32,
    /// Two stories do not merge when their same-language members' specifics match less than
    /// this ([`story_link`]); 0: no gate.
    #[serde(default)]
    pub specifics_merge: f32,
    /// How the weights were made (command, data, date), for the record.
    #[serde(default)]
    pub fitted_on: String,
}

impl Weights {
    /// The log-odds that the item belongs to the story.
    pub fn logit(&self, x: &[f32; N_FEATURES]) -> f32 {
        self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f32>()
    }

    pub fn probability(&self, x: &[f32; N_FEATURES]) -> f32 {
        1.0 / (1.0 + (-self.logit(x)).exp())
    }

    fn valid(&self) -> bool {
        self.features.len() == N_FEATURES
            && self.features.iter().zip(FEATURES).all(|(a, b)| a == b)
            && self.weights.len() == N_FEATURES
    }
}

fn half() -> f32 {
    0.5
}

fn never() -> f32 {
    2.0
}

/// The fitted weight sets, by embedder name.
const FITTED: &str = include_str!("../data/similarity.json");

/// The fitted weights for an embedder; the `lexical` set for an embedder without its own.
pub fn fitted(embedder: &str) -> Weights {
    fitted_exact(embedder).or_else(|| fitted_exact("lexical")).unwrap_or_else(fallback)
}

/// The fitted weights for exactly this embedder, if the file has a valid set for it.
pub fn fitted_exact(embedder: &str) -> Option<Weights> {
    let all: HashMap<String, Weights> = serde_json::from_str(FITTED).ok()?;
    all.get(embedder).filter(|w| w.valid()).cloned()
}

/// Used only if the fitted file is unreadable (a test checks it never is): dense cosine alone.
fn fallback() -> Weights {
    let mut weights = vec![0.0; N_FEATURES];
    weights[0] = 10.0;
    Weights {
        features: FEATURES.iter().map(|s| s.to_string()).collect(),
        weights,
        bias: -5.0,
        join_probability: 0.5,
        merge_link: never(),
        merge_probability: None,
        specifics_join: 0.0,
        specifics_merge: 0.0,
        fitted_on: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All fitted weight sets are readable and match the feature list.
    fn fitted_sets() -> Result<Vec<String>, String> {
        let all: HashMap<String, Weights> = serde_json::from_str(FITTED).map_err(|e| e.to_string())?;
        for (name, w) in &all {
            if !w.valid() {
                return Err(format!("weights for {name} do not match the features {FEATURES:?}"));
            }
        }
        let mut names: Vec<String> = all.into_keys().collect();
        names.sort();
        Ok(names)
    }

    #[test]
    fn fitted_file_is_valid() {
        let names = fitted_sets().expect("fitted weights");
        assert!(names.contains(&"lexical".to_string()), "{names:?}");
        assert!(names.contains(&"multilingual-e5-small".to_string()), "{names:?}");
        assert_ne!(fitted("lexical"), fallback());
    }

    #[test]
    fn lexical_cosine_weighs_rare_terms() {
        let mut df = DocFreq::default();
        let item = |terms| Item { vector: &[], published: None, lang: None, terms, entities: &[], specifics: &[] };
        for _ in 0..10 {
            df.add(&item(&[(1, 1.0)]));
        }
        df.add(&item(&[(2, 1.0)]));
        let story: HashMap<u32, f32> = [(1, 1.0), (2, 1.0)].into_iter().collect();
        let common = lexical_cosine(&[(1, 1.0)], &story, &df);
        let rare = lexical_cosine(&[(2, 1.0)], &story, &df);
        assert!(rare > common, "rare {rare} common {common}");
        assert_eq!(lexical_cosine(&[], &story, &df), 0.0);
    }

    #[test]
    fn specifics_links_compare_members_of_one_language() {
        let mut df = DocFreq::default();
        let v = [1.0f32];
        let item = |specifics, lang| Item { vector: &v, published: None, lang, terms: &[], entities: &[], specifics };
        for s in [&[1u64, 2][..], &[1, 3], &[4]] {
            df.add(&item(s, Some("en")));
        }
        let a = df.specifics_vector(&item(&[1, 2], Some("en")));
        let norm: f32 = a.iter().map(|x| x.1 * x.1).sum();
        assert!((norm - 1.0).abs() < 1e-5, "{a:?}");
        // The rarer specific weighs more.
        assert!(a[1].1 > a[0].1, "{a:?}");
        let mut s = StoryState::from_item(1, &item(&[1, 2], Some("en")));
        s.add_specifics(Some("en"), &a);
        assert!(item_link(&a, Some("en"), &s).is_some_and(|l| (l - 1.0).abs() < 1e-5));
        // Another language: nothing to compare.
        assert_eq!(item_link(&a, Some("de"), &s), None);
        let b = df.specifics_vector(&item(&[4], Some("en")));
        let mut t = StoryState::from_item(2, &item(&[4], Some("en")));
        t.add_specifics(Some("en"), &b);
        assert_eq!(story_link(&s, &[], None, &t), Some(0.0));
        let l = story_link(&s, &b, Some("en"), &t).unwrap_or_default();
        assert!((l - 0.5).abs() < 1e-5, "{l}");
    }

    #[test]
    fn gap_is_zero_inside_the_span() {
        let d = |s: &str| s.parse::<DateTime<Utc>>().ok();
        let (a, b) = (d("2026-03-01T00:00:00Z"), d("2026-03-03T00:00:00Z"));
        assert_eq!(gap_days(d("2026-03-02T00:00:00Z"), a, b), Some(0.0));
        assert_eq!(gap_days(d("2026-03-05T00:00:00Z"), a, b), Some(2.0));
        assert_eq!(gap_days(None, a, b), None);
    }
}
