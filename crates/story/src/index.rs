//! Candidate retrieval: the stories nearest to an article by dense cosine.
//!
//! [`CandidateIndex`] is the seam for an approximate index over larger windows; [`ExactIndex`]
//! keeps the unit centroids of the active stories in one contiguous matrix and scans it
//! (20k stories × 384 dimensions in a few milliseconds on one core).

use parallax_model::StoryId;

/// Nearest stories by cosine of unit vectors.
pub trait CandidateIndex: Send {
    /// Adds or replaces the vector of story `id` (a unit vector).
    fn upsert(&mut self, id: StoryId, unit: &[f32]);
    fn remove(&mut self, id: StoryId);
    /// Up to `k` stories with the highest cosine with `query` among those `keep` accepts, best first.
    fn search(&self, query: &[f32], k: usize, keep: &dyn Fn(StoryId) -> bool) -> Vec<(StoryId, f32)>;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Brute-force scan over a contiguous matrix.
#[derive(Debug, Default)]
pub struct ExactIndex {
    dim: usize,
    data: Vec<f32>,
    ids: Vec<StoryId>,
    slot: std::collections::HashMap<StoryId, usize>,
}

impl ExactIndex {
    pub fn new() -> Self {
        Self::default()
    }
}

impl CandidateIndex for ExactIndex {
    fn upsert(&mut self, id: StoryId, unit: &[f32]) {
        if self.ids.is_empty() {
            self.dim = unit.len();
        }
        if unit.len() != self.dim {
            return;
        }
        match self.slot.get(&id) {
            Some(&i) => self.data[i * self.dim..(i + 1) * self.dim].copy_from_slice(unit),
            None => {
                self.slot.insert(id, self.ids.len());
                self.ids.push(id);
                self.data.extend_from_slice(unit);
            }
        }
    }

    fn remove(&mut self, id: StoryId) {
        let Some(i) = self.slot.remove(&id) else { return };
        let last = self.ids.len() - 1;
        if i != last {
            let moved = self.ids[last];
            self.ids[i] = moved;
            let (head, tail) = self.data.split_at_mut(last * self.dim);
            head[i * self.dim..(i + 1) * self.dim].copy_from_slice(&tail[..self.dim]);
            self.slot.insert(moved, i);
        }
        self.ids.pop();
        self.data.truncate(last * self.dim);
    }

    fn search(&self, query: &[f32], k: usize, keep: &dyn Fn(StoryId) -> bool) -> Vec<(StoryId, f32)> {
        if query.len() != self.dim || k == 0 {
            return Vec::new();
        }
        let mut best: Vec<(StoryId, f32)> = Vec::with_capacity(k + 1);
        for (row, &id) in self.data.chunks_exact(self.dim).zip(&self.ids) {
            let s = dot8(row, query);
            if best.len() == k && s <= best[k - 1].1 {
                continue;
            }
            if !keep(id) {
                continue;
            }
            let pos = best.partition_point(|b| b.1 >= s);
            best.insert(pos, (id, s));
            best.truncate(k);
        }
        best
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Dot product in eight lanes (vectorises without `-ffast-math`).
fn dot8(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nearest_and_forgets_removed() {
        let mut ix = ExactIndex::new();
        ix.upsert(1, &[1.0, 0.0]);
        ix.upsert(2, &[0.0, 1.0]);
        ix.upsert(3, &[0.6, 0.8]);
        let all = |_: StoryId| true;
        assert_eq!(ix.search(&[1.0, 0.0], 2, &all).iter().map(|c| c.0).collect::<Vec<_>>(), vec![1, 3]);
        ix.remove(1);
        assert_eq!(ix.len(), 2);
        assert_eq!(ix.search(&[1.0, 0.0], 1, &all)[0].0, 3);
        ix.upsert(3, &[0.0, -1.0]);
        assert_eq!(ix.search(&[1.0, 0.0], 1, &|id| id != 2)[0].0, 3);
        assert!(ix.search(&[1.0, 0.0, 0.0], 1, &all).is_empty());
    }

    #[test]
    fn dot8_matches_plain_dot() {
        let a: Vec<f32> = (0..19).map(|i| i as f32 * 0.1).collect();
        let b: Vec<f32> = (0..19).map(|i| 1.0 - i as f32 * 0.05).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot8(&a, &b) - plain).abs() < 1e-4);
    }
}
