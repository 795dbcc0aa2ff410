//! What a story remembers of its articles: the sum of their dense vectors, a capped bag of
//! their lexical terms, the entities they name, per language the sum of their specifics
//! vectors (capped), their time span and languages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use parallax_model::StoryId;

use crate::Item;

/// Lexical terms a story keeps (the heaviest); lighter ones are dropped when it has twice this.
pub const MAX_STORY_TERMS: usize = 400;

/// Specifics a story keeps per language (the heaviest); lighter ones are dropped when it has
/// twice this.
pub const MAX_STORY_SPECIFICS: usize = 400;

/// The specifics of a story's members in one language: how many members wrote any, and the
/// sum of their unit IDF-weighted specifics vectors (see [`crate::specifics`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LangSpecifics {
    pub members: u32,
    pub sum: HashMap<u64, f32>,
}

impl LangSpecifics {
    fn add(&mut self, v: &[(u64, f32)]) {
        self.members += 1;
        for &(k, w) in v {
            *self.sum.entry(k).or_default() += w;
        }
        self.prune();
    }

    fn absorb(&mut self, other: &LangSpecifics) {
        self.members += other.members;
        for (&k, &w) in &other.sum {
            *self.sum.entry(k).or_default() += w;
        }
        self.prune();
    }

    fn prune(&mut self) {
        keep_heaviest(&mut self.sum, MAX_STORY_SPECIFICS);
    }

    /// The sum's dot product with a sparse vector.
    pub fn dot(&self, v: &[(u64, f32)]) -> f32 {
        v.iter().filter_map(|(k, w)| self.sum.get(k).map(|x| x * w)).sum()
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
#[derive(Debug, Clone, PartialEq)]
pub struct StoryState {
    pub id: StoryId,
    /// Sum of member vectors.
    pub sum: Vec<f32>,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Languages of the story's articles.
    pub langs: Vec<String>,
    /// Members so far.
    pub size: u32,
    /// Lexical term weights summed over members (capped to the heaviest terms).
    pub terms: HashMap<u32, f32>,
    /// How many members name each entity (by hashed key).
    pub entities: HashMap<u64, u32>,
    /// The members' specifics by language ("" when unknown).
    pub specifics: HashMap<String, LangSpecifics>,
    /// Sum of the dated members' publication times (Unix seconds) and how many are dated.
    pub time_sum: f64,
    pub dated: u32,
}

impl StoryState {
    /// A story of one article.
    pub fn from_item(id: StoryId, item: &Item<'_>) -> Self {
        let empty = StoryState {
            id,
            sum: vec![0.0; item.vector.len()],
            first: None,
            last: None,
            langs: Vec::new(),
            size: 0,
            terms: HashMap::new(),
            entities: HashMap::new(),
            specifics: HashMap::new(),
            time_sum: 0.0,
            dated: 0,
        };
        empty.with(item)
    }

    /// A stored story's state before its profile is read ([`StoryState::set_profile_bytes`]):
    /// stories stored without one count as one article at the middle of their span.
    pub fn restored(
        id: StoryId,
        sum: Vec<f32>,
        first: Option<DateTime<Utc>>,
        last: Option<DateTime<Utc>>,
        langs: Vec<String>,
    ) -> Self {
        let mid = first.zip(last).map(|(a, b)| (a.timestamp() as f64 + b.timestamp() as f64) / 2.0);
        StoryState {
            id,
            sum,
            first,
            last,
            langs,
            size: 1,
            terms: HashMap::new(),
            entities: HashMap::new(),
            specifics: HashMap::new(),
            time_sum: mid.unwrap_or(0.0),
            dated: u32::from(mid.is_some()),
        }
    }

    /// The state after `item` joins.
    pub fn with(&self, item: &Item<'_>) -> StoryState {
        let mut s = self.clone();
        s.add(item);
        s
    }

    fn add(&mut self, item: &Item<'_>) {
        if self.sum.len() == item.vector.len() {
            self.sum.iter_mut().zip(item.vector).for_each(|(a, b)| *a += b);
        } else if self.size == 0 {
            self.sum = item.vector.to_vec();
        }
        if let Some(l) = item.lang.filter(|l| !self.langs.iter().any(|x| x == l)) {
            self.langs.push(l.to_string());
        }
        (self.first, self.last) = widen_span(self.first, self.last, item.published);
        if let Some(t) = item.published {
            self.time_sum += t.timestamp() as f64;
            self.dated += 1;
        }
        self.size += 1;
        for &(t, w) in item.terms {
            *self.terms.entry(t).or_default() += w;
        }
        self.prune_terms();
        for &e in dedup_sorted(item.entities).iter() {
            *self.entities.entry(e).or_default() += 1;
        }
    }

    /// Adds a member's unit specifics vector (nothing if it is empty).
    pub fn add_specifics(&mut self, lang: Option<&str>, v: &[(u64, f32)]) {
        if !v.is_empty() {
            self.specifics.entry(lang.unwrap_or("").to_string()).or_default().add(v);
        }
    }

    /// The state of the two stories as one (keeping `self`'s id).
    pub fn merged(&self, other: &StoryState) -> StoryState {
        let mut s = self.clone();
        if s.sum.len() == other.sum.len() {
            s.sum.iter_mut().zip(&other.sum).for_each(|(a, b)| *a += b);
        }
        for l in &other.langs {
            if !s.langs.contains(l) {
                s.langs.push(l.clone());
            }
        }
        (s.first, s.last) = widen_span(s.first, s.last, other.first);
        (s.first, s.last) = widen_span(s.first, s.last, other.last);
        s.size += other.size;
        s.time_sum += other.time_sum;
        s.dated += other.dated;
        for (t, w) in &other.terms {
            *s.terms.entry(*t).or_default() += w;
        }
        s.prune_terms();
        for (e, n) in &other.entities {
            *s.entities.entry(*e).or_default() += n;
        }
        for (l, x) in &other.specifics {
            s.specifics.entry(l.clone()).or_default().absorb(x);
        }
        s
    }

    fn prune_terms(&mut self) {
        keep_heaviest(&mut self.terms, MAX_STORY_TERMS);
    }

    /// Euclidean norm of the vector sum.
    pub fn norm(&self) -> f32 {
        self.sum.iter().map(|x| x * x).sum::<f32>().sqrt()
    }

    /// The unit centroid.
    pub fn centroid(&self) -> Vec<f32> {
        let n = self.norm();
        if n > 0.0 { self.sum.iter().map(|x| x / n).collect() } else { self.sum.clone() }
    }

    /// The mean publication time of the dated members.
    pub fn mean_time(&self) -> Option<DateTime<Utc>> {
        (self.dated > 0).then(|| DateTime::from_timestamp((self.time_sum / f64::from(self.dated)) as i64, 0)).flatten()
    }

    pub fn has_lang(&self, lang: Option<&str>) -> bool {
        lang.is_none_or(|l| self.langs.is_empty() || self.langs.iter().any(|x| x == l))
    }

    /// The lexical terms, entity counts, times and specifics as bytes, for the store
    /// (little-endian: size u32, term count u32, (term u32, weight f32)*, entity count u32,
    /// (entity u64, n u32)*, time sum f64, dated u32, language count u32, then per language:
    /// name length u8, name, members u32, key count u32, (key u64, weight f32)*; profiles
    /// stored before specifics were kept end after `dated`).
    pub fn profile_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(12 + self.terms.len() * 8 + self.entities.len() * 12);
        b.extend(self.size.to_le_bytes());
        put_sorted(&mut b, &self.terms);
        put_sorted(&mut b, &self.entities);
        b.extend(self.time_sum.to_le_bytes());
        b.extend(self.dated.to_le_bytes());
        let mut langs: Vec<_> = self.specifics.iter().filter(|(l, _)| l.len() <= 255).collect();
        langs.sort_by(|a, b| a.0.cmp(b.0));
        b.extend((langs.len() as u32).to_le_bytes());
        for (l, x) in langs {
            b.push(l.len() as u8);
            b.extend(l.as_bytes());
            b.extend(x.members.to_le_bytes());
            put_sorted(&mut b, &x.sum);
        }
        b
    }

    /// Reads [`StoryState::profile_bytes`] into this state; `false` (state unchanged) if the
    /// bytes are not a profile.
    pub fn set_profile_bytes(&mut self, b: &[u8]) -> bool {
        fn take<const N: usize>(b: &mut &[u8]) -> Option<[u8; N]> {
            let (head, rest) = b.split_first_chunk::<N>()?;
            *b = rest;
            Some(*head)
        }
        let mut b = b;
        let parsed = (|| {
            let size = u32::from_le_bytes(take(&mut b)?);
            let nt = u32::from_le_bytes(take(&mut b)?) as usize;
            let mut terms = HashMap::with_capacity(nt.min(4096));
            for _ in 0..nt {
                terms.insert(u32::from_le_bytes(take(&mut b)?), f32::from_le_bytes(take(&mut b)?));
            }
            let ne = u32::from_le_bytes(take(&mut b)?) as usize;
            let mut entities = HashMap::with_capacity(ne.min(4096));
            for _ in 0..ne {
                entities.insert(u64::from_le_bytes(take(&mut b)?), u32::from_le_bytes(take(&mut b)?));
            }
            let time_sum = f64::from_le_bytes(take(&mut b)?);
            let dated = u32::from_le_bytes(take(&mut b)?);
            let mut specifics = HashMap::new();
            if !b.is_empty() {
                let nl = u32::from_le_bytes(take(&mut b)?);
                for _ in 0..nl {
                    let [len] = take::<1>(&mut b)?;
                    let (name, rest) = b.split_at_checked(usize::from(len))?;
                    let name = std::str::from_utf8(name).ok()?.to_string();
                    b = rest;
                    let members = u32::from_le_bytes(take(&mut b)?);
                    let nk = u32::from_le_bytes(take(&mut b)?) as usize;
                    let mut sum = HashMap::with_capacity(nk.min(4096));
                    for _ in 0..nk {
                        sum.insert(u64::from_le_bytes(take(&mut b)?), f32::from_le_bytes(take(&mut b)?));
                    }
                    specifics.insert(name, LangSpecifics { members, sum });
                }
            }
            b.is_empty().then_some((size, terms, entities, time_sum, dated, specifics))
        })();
        match parsed {
            Some((size, terms, entities, time_sum, dated, specifics)) => {
                (self.size, self.terms, self.entities, self.time_sum, self.dated, self.specifics) =
                    (size, terms, entities, time_sum, dated, specifics);
                true
            }
            None => false,
        }
    }
}

/// A number written little-endian into a profile.
trait Le: Copy {
    fn put(self, b: &mut Vec<u8>);
}

impl Le for u32 {
    fn put(self, b: &mut Vec<u8>) {
        b.extend(self.to_le_bytes());
    }
}

impl Le for u64 {
    fn put(self, b: &mut Vec<u8>) {
        b.extend(self.to_le_bytes());
    }
}

impl Le for f32 {
    fn put(self, b: &mut Vec<u8>) {
        b.extend(self.to_le_bytes());
    }
}

/// Writes a map as its length (u32) then its entries in key order.
fn put_sorted<K: Le + Ord, V: Le>(b: &mut Vec<u8>, m: &HashMap<K, V>) {
    let mut v: Vec<(K, V)> = m.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_by_key(|e| e.0);
    (v.len() as u32).put(b);
    for (k, x) in v {
        k.put(b);
        x.put(b);
    }
}

/// Keeps the `max` heaviest entries of `m` (ties by key) once it has more than twice that.
fn keep_heaviest<K: Copy + Ord + std::hash::Hash>(m: &mut HashMap<K, f32>, max: usize) {
    if m.len() <= 2 * max {
        return;
    }
    let mut v: Vec<(K, f32)> = m.drain().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(max);
    *m = v.into_iter().collect();
}

fn dedup_sorted(v: &[u64]) -> Vec<u64> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_round_trips_and_rejects_garbage() {
        let v = [1.0, 0.0];
        let item = Item {
            vector: &v,
            published: None,
            lang: Some("en"),
            terms: &[(7, 1.5), (9, 1.0)],
            entities: &[42, 42, 7],
            specifics: &[],
        };
        let mut s = StoryState::from_item(3, &item).with(&item);
        s.add_specifics(Some("en"), &[(5, 0.6), (8, 0.8)]);
        s.add_specifics(None, &[(5, 1.0)]);
        assert_eq!(s.size, 2);
        assert_eq!(s.entities.get(&42), Some(&2));
        let mut t = StoryState::from_item(3, &item);
        assert!(t.set_profile_bytes(&s.profile_bytes()));
        assert_eq!((t.size, &t.terms, &t.entities, t.dated), (s.size, &s.terms, &s.entities, s.dated));
        assert_eq!(t.specifics, s.specifics);
        // A profile stored before specifics were kept still reads.
        let mut old = StoryState::from_item(3, &item).with(&item);
        old.specifics.clear();
        let bytes = old.profile_bytes();
        let mut u = StoryState::from_item(3, &item);
        assert!(u.set_profile_bytes(&bytes[..bytes.len() - 4]));
        assert!(u.specifics.is_empty() && u.entities == s.entities);
        assert!(!t.set_profile_bytes(&[1, 2, 3]));
        assert!(!t.set_profile_bytes(&[0, 0, 0, 0, 255, 255, 255, 255]));
        assert_eq!(t.size, 2);
    }

    #[test]
    fn merged_adds_everything() {
        let (a, b) = ([1.0, 0.0], [0.0, 1.0]);
        let t0 = "2026-03-01T00:00:00Z".parse().ok();
        let t1 = "2026-03-04T00:00:00Z".parse().ok();
        let x = StoryState::from_item(
            1,
            &Item { vector: &a, published: t0, lang: Some("en"), terms: &[(1, 1.0)], entities: &[5], specifics: &[] },
        );
        let y = StoryState::from_item(
            2,
            &Item { vector: &b, published: t1, lang: Some("sv"), terms: &[(1, 2.0)], entities: &[5], specifics: &[] },
        );
        let m = x.merged(&y);
        assert_eq!((m.id, m.size, m.first, m.last), (1, 2, t0, t1));
        assert_eq!(m.mean_time(), "2026-03-02T12:00:00Z".parse().ok());
        assert_eq!(m.langs, vec!["en", "sv"]);
        assert_eq!(m.terms.get(&1), Some(&3.0));
        assert_eq!(m.entities.get(&5), Some(&2));
        assert_eq!(m.sum, vec![1.0, 1.0]);
    }
}
