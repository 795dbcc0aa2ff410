//! Stories: online, single-pass assignment of each arriving article to a story.
//!
//! [`StoryAssigner`] is the seam. [`CentroidAssigner`] keeps, per story, the sum of its member
//! vectors and its time span; an article joins the most similar story whose span is within
//! [`CentroidConfig::window_days`] of the article's date, if the cosine with the story centroid
//! reaches the threshold, else it starts a new story. The state is small (one vector a story)
//! and can be rebuilt from the store with [`CentroidAssigner::restore`].

use chrono::{DateTime, Utc};
use parallax_embed::dot;
use parallax_model::StoryId;

/// What the assigner sees of an article.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub vector: &'a [f32],
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-1 language, when known.
    pub lang: Option<&'a str>,
}

/// Chooses stories for arriving articles.
pub trait StoryAssigner: Send {
    /// The story `item` belongs to with its similarity, or `None` if it starts a new one.
    fn choose(&self, item: &Item<'_>) -> Option<(StoryId, f32)>;
    /// Records that `item` joined story `id` (existing or newly created).
    fn record(&mut self, id: StoryId, item: &Item<'_>);
}

#[derive(Debug, Clone, Copy)]
pub struct CentroidConfig {
    /// Minimum cosine between an article and a story centroid to join it, when the story
    /// already has an article in the article's language (or the language is unknown).
    pub threshold: f32,
    /// The same for a story with no article in the article's language yet: texts in different
    /// languages share fewer features (with the lexical embedder, only names and numbers), so
    /// their similarities run lower.
    pub cross_lingual_threshold: f32,
    /// Stories whose time span is further than this from an article's date are not candidates.
    pub window_days: i64,
    /// At most this many stories are kept; the least recently active retire first.
    pub max_active: usize,
}

impl Default for CentroidConfig {
    fn default() -> Self {
        CentroidConfig { threshold: 0.30, cross_lingual_threshold: 0.15, window_days: 7, max_active: 50_000 }
    }
}

/// `[first, last]` widened to include `t`.
pub fn widen_span<T: Ord + Copy>(first: Option<T>, last: Option<T>, t: Option<T>) -> (Option<T>, Option<T>) {
    let pick = |a: Option<T>, b: Option<T>, f: fn(T, T) -> T| match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, b) => a.or(b),
    };
    (pick(first, t, std::cmp::min), pick(last, t, std::cmp::max))
}

/// A story as the assigner keeps it.
#[derive(Debug, Clone)]
pub struct StoryState {
    pub id: StoryId,
    /// Sum of member vectors.
    pub sum: Vec<f32>,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Languages of the story's articles.
    pub langs: Vec<String>,
    /// Activity counter used for retirement.
    touched: u64,
}

impl StoryState {
    pub fn new(
        id: StoryId,
        sum: Vec<f32>,
        first: Option<DateTime<Utc>>,
        last: Option<DateTime<Utc>>,
        langs: Vec<String>,
    ) -> Self {
        StoryState { id, sum, first, last, langs, touched: 0 }
    }

    /// The state after `item` joins: vector added, time span widened, language noted.
    pub fn with(&self, item: &Item<'_>) -> StoryState {
        let mut langs = self.langs.clone();
        if let Some(l) = item.lang.filter(|l| !langs.iter().any(|x| x == l)) {
            langs.push(l.to_string());
        }
        let (first, last) = widen_span(self.first, self.last, item.published);
        StoryState {
            id: self.id,
            sum: self.sum.iter().zip(item.vector).map(|(a, b)| a + b).collect(),
            first,
            last,
            langs,
            touched: self.touched,
        }
    }

    fn norm(&self) -> f32 {
        self.sum.iter().map(|x| x * x).sum::<f32>().sqrt()
    }
}

/// Nearest-centroid online clustering (exact search over active stories).
#[derive(Debug, Default)]
pub struct CentroidAssigner {
    pub config: CentroidConfig,
    stories: Vec<StoryState>,
    clock: u64,
}

impl CentroidAssigner {
    pub fn new(config: CentroidConfig) -> Self {
        CentroidAssigner { config, stories: Vec::new(), clock: 0 }
    }

    /// Rebuilds the assigner from stored story states.
    pub fn restore(config: CentroidConfig, stories: Vec<StoryState>) -> Self {
        let mut a = CentroidAssigner::new(config);
        for s in stories {
            a.clock += 1;
            a.stories.push(StoryState { touched: a.clock, ..s });
        }
        a
    }

    /// The state of a story, if active.
    pub fn story(&self, id: StoryId) -> Option<&StoryState> {
        self.stories.iter().find(|s| s.id == id)
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
}

impl StoryAssigner for CentroidAssigner {
    fn choose(&self, item: &Item<'_>) -> Option<(StoryId, f32)> {
        // The best story by margin over the threshold that applies to it.
        self.stories
            .iter()
            .filter(|s| self.in_window(s, item.published))
            .filter_map(|s| {
                let n = s.norm();
                let sim = if n > 0.0 { dot(item.vector, &s.sum) / n } else { 0.0 };
                let same_lang = item.lang.is_none_or(|l| s.langs.is_empty() || s.langs.iter().any(|x| x == l));
                let t = if same_lang { self.config.threshold } else { self.config.cross_lingual_threshold };
                (sim >= t).then_some((s.id, sim, sim - t))
            })
            .max_by(|a, b| a.2.total_cmp(&b.2))
            .map(|(id, sim, _)| (id, sim))
    }

    fn record(&mut self, id: StoryId, item: &Item<'_>) {
        self.clock += 1;
        let clock = self.clock;
        let t = item.published;
        match self.stories.iter_mut().find(|s| s.id == id) {
            Some(s) => {
                *s = s.with(item);
                s.touched = clock;
            }
            None => {
                let langs = item.lang.map(|l| vec![l.to_string()]).unwrap_or_default();
                self.stories.push(StoryState {
                    id,
                    sum: item.vector.to_vec(),
                    first: t,
                    last: t,
                    langs,
                    touched: clock,
                });
                if self.stories.len() > self.config.max_active
                    && let Some(pos) = self.stories.iter().enumerate().min_by_key(|(_, s)| s.touched).map(|(i, _)| i)
                {
                    self.stories.swap_remove(pos);
                }
            }
        }
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

    #[test]
    fn joins_similar_and_starts_new() {
        let mut a = CentroidAssigner::new(CentroidConfig {
            threshold: 0.5,
            cross_lingual_threshold: 0.5,
            ..Default::default()
        });
        let x = unit(&[1.0, 0.1, 0.0]);
        let y = unit(&[0.9, 0.2, 0.0]);
        let z = unit(&[0.0, 0.0, 1.0]);
        assert_eq!(a.choose(&Item { vector: &x, published: None, lang: None }), None);
        a.record(1, &Item { vector: &x, published: None, lang: None });
        assert_eq!(a.choose(&Item { vector: &y, published: None, lang: None }).map(|c| c.0), Some(1));
        a.record(1, &Item { vector: &y, published: None, lang: None });
        assert_eq!(a.choose(&Item { vector: &z, published: None, lang: None }), None);
    }

    #[test]
    fn cross_lingual_threshold_applies_to_new_languages() {
        let mut a = CentroidAssigner::new(CentroidConfig {
            threshold: 0.9,
            cross_lingual_threshold: 0.5,
            ..Default::default()
        });
        let x = unit(&[1.0, 0.0]);
        let y = unit(&[0.7, 0.7]);
        a.record(1, &Item { vector: &x, published: None, lang: Some("en") });
        assert_eq!(a.choose(&Item { vector: &y, published: None, lang: Some("en") }), None);
        assert_eq!(a.choose(&Item { vector: &y, published: None, lang: Some("sv") }).map(|c| c.0), Some(1));
        a.record(1, &Item { vector: &y, published: None, lang: Some("sv") });
        assert_eq!(a.story(1).map(|s| s.langs.clone()), Some(vec!["en".to_string(), "sv".to_string()]));
    }

    #[test]
    fn time_window_excludes_old_stories() {
        let mut a = CentroidAssigner::new(CentroidConfig { threshold: 0.5, window_days: 3, ..Default::default() });
        let x = unit(&[1.0, 0.0]);
        let t0 = "2026-03-01T00:00:00Z".parse::<DateTime<Utc>>().ok();
        let t1 = "2026-03-20T00:00:00Z".parse::<DateTime<Utc>>().ok();
        a.record(1, &Item { vector: &x, published: t0, lang: None });
        assert_eq!(a.choose(&Item { vector: &x, published: t1, lang: None }), None);
        assert!(a.choose(&Item { vector: &x, published: t0, lang: None }).is_some());
    }

    #[test]
    fn retires_least_recent() {
        let mut a = CentroidAssigner::new(CentroidConfig { max_active: 2, ..Default::default() });
        let x = unit(&[1.0, 0.0]);
        for id in 1..=3 {
            a.record(id, &Item { vector: &x, published: None, lang: None });
        }
        assert_eq!(a.len(), 2);
        assert!(a.story(1).is_none());
    }
}
