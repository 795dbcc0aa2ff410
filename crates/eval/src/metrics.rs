//! Scores: BCubed for clusterings, Pearson for similarities, and an agglomerative clustering
//! (average linkage) used as the offline peer.

use std::collections::HashMap;

/// BCubed precision, recall and F1 of `pred` against `gold` (labels per item).
pub fn bcubed<P: Eq + std::hash::Hash, G: Eq + std::hash::Hash>(pred: &[P], gold: &[G]) -> (f64, f64, f64) {
    let n = pred.len();
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let mut pc: HashMap<&P, usize> = HashMap::new();
    let mut gc: HashMap<&G, usize> = HashMap::new();
    let mut both: HashMap<(&P, &G), usize> = HashMap::new();
    for (p, g) in pred.iter().zip(gold) {
        *pc.entry(p).or_default() += 1;
        *gc.entry(g).or_default() += 1;
        *both.entry((p, g)).or_default() += 1;
    }
    let (mut prec, mut rec) = (0.0, 0.0);
    for (p, g) in pred.iter().zip(gold) {
        let b = both[&(p, g)] as f64;
        prec += b / pc[p] as f64;
        rec += b / gc[g] as f64;
    }
    let (prec, rec) = (prec / n as f64, rec / n as f64);
    let f = if prec + rec > 0.0 { 2.0 * prec * rec / (prec + rec) } else { 0.0 };
    (prec, rec, f)
}

/// Pearson correlation.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 { 0.0 } else { sxy / (sxx * syy).sqrt() }
}

/// Average-linkage agglomerative clustering over a similarity matrix (row-major n×n), by the
/// nearest-neighbour-chain algorithm: O(n²). Returns the merges (a, b, similarity) sorted by
/// decreasing similarity, where a and b are item indices representing the two clusters.
pub fn average_linkage(sim: &[f32], n: usize) -> Vec<(usize, usize, f32)> {
    let mut s: Vec<f32> = sim.to_vec();
    let mut size = vec![1usize; n];
    let mut active = vec![true; n];
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty()
            && let Some(first) = (0..n).find(|&i| active[i])
        {
            chain.push(first);
        }
        let Some(&a) = chain.last() else { break };
        let prev = if chain.len() >= 2 { Some(chain[chain.len() - 2]) } else { None };
        // Most similar active neighbour of a; prefer prev on ties so the chain terminates.
        let mut best = prev;
        let mut best_sim = prev.map_or(f32::NEG_INFINITY, |p| s[a * n + p]);
        for j in 0..n {
            if j != a && active[j] && s[a * n + j] > best_sim {
                best_sim = s[a * n + j];
                best = Some(j);
            }
        }
        let Some(b) = best else { break };
        if Some(b) == prev {
            chain.pop();
            chain.pop();
            merges.push((a, b, best_sim));
            // Merge b into a (Lance–Williams for average linkage).
            let (na, nb) = (size[a] as f32, size[b] as f32);
            for k in 0..n {
                if active[k] && k != a && k != b {
                    let v = (na * s[a * n + k] + nb * s[b * n + k]) / (na + nb);
                    s[a * n + k] = v;
                    s[k * n + a] = v;
                }
            }
            size[a] += size[b];
            active[b] = false;
            remaining -= 1;
        } else {
            chain.push(b);
        }
    }
    merges.sort_by(|x, y| y.2.total_cmp(&x.2));
    merges
}

/// Cluster labels after applying every merge with similarity ≥ `threshold`.
pub fn cut(merges: &[(usize, usize, f32)], n: usize, threshold: f32) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b, s) in merges {
        if s < threshold {
            break;
        }
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[rb] = ra;
        }
    }
    (0..n).map(|i| find(&mut parent, i)).collect()
}

/// `num / den`, 0 when `den` is 0.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 { 0.0 } else { num as f64 / den as f64 }
}

/// The harmonic mean of precision and recall (F1), 0 when both are 0.
pub fn harmonic(p: f64, r: f64) -> f64 {
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

/// Precision/recall counts.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Prf {
    /// Counts over (predicted, gold) yes/no answers.
    pub fn of_answers(answers: impl Iterator<Item = (bool, bool)>) -> Prf {
        answers.fold(Prf::default(), |c, (p, g)| Prf {
            tp: c.tp + usize::from(p && g),
            pred: c.pred + usize::from(p),
            gold: c.gold + usize::from(g),
        })
    }
    pub fn p(&self) -> f64 {
        ratio(self.tp, self.pred)
    }
    pub fn r(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    pub fn f1(&self) -> f64 {
        harmonic(self.p(), self.r())
    }
    /// (P, R, F1).
    pub fn prf(&self) -> (f64, f64, f64) {
        (self.p(), self.r(), self.f1())
    }
    pub fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_perfect_and_lumped() {
        assert_eq!(bcubed(&[1, 1, 2], &["a", "a", "b"]), (1.0, 1.0, 1.0));
        let (p, r, _) = bcubed(&[1, 1, 1], &["a", "a", "b"]);
        assert!((p - 5.0 / 9.0).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
    }

    #[test]
    fn pearson_signs() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-9);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-9);
    }

    #[test]
    fn agglomerative_two_groups() {
        // items 0,1 similar; 2,3 similar; groups dissimilar.
        let sim = [1.0, 0.9, 0.1, 0.0, 0.9, 1.0, 0.0, 0.1, 0.1, 0.0, 1.0, 0.8, 0.0, 0.1, 0.8, 1.0];
        let m = average_linkage(&sim, 4);
        assert_eq!(m.len(), 3);
        let labels = cut(&m, 4, 0.5);
        assert_eq!(labels[0], labels[1]);
        assert_eq!(labels[2], labels[3]);
        assert_ne!(labels[0], labels[2]);
        assert_eq!(cut(&m, 4, 0.0).iter().collect::<std::collections::HashSet<_>>().len(), 1);
    }
}
