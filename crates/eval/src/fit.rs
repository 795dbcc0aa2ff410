//! `parallax-eval fit`: fits the story similarity model (`parallax_story::model`) on the dev
//! clustering sets and writes `crates/story/data/similarity.json`.
//!
//! Examples come from replaying each set's gold stories online in arrival order: every article
//! is compared with the gold stories so far that the assigner would retrieve (its nearest
//! centroids within the time window) plus its own gold story; the label says whether the
//! candidate is its gold story. The model is an L2-regularised logistic regression solved by
//! Newton's method (deterministic: the same data gives the same weights).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use parallax_story::model::{FEATURES, N_FEATURES};
use parallax_story::{AssignerConfig, OnlineAssigner, StoryAssigner, Weights};

use crate::Opts;
use crate::clustering::{Doc, Prepared, load_ecb, load_itn, online, shuffled};

/// One labelled comparison.
pub type Example = ([f32; N_FEATURES], bool);

/// Replays the gold stories of `docs` in order and collects the comparisons.
pub fn examples(docs: &[Doc], prep: &Prepared, embedder: &str) -> Vec<Example> {
    let mut a = OnlineAssigner::new(AssignerConfig::for_embedder(embedder));
    let mut ids: HashMap<&str, i64> = HashMap::new();
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let item = prep.item(i, d);
        let gold = ids.get(d.gold.as_str()).copied();
        let mut seen_gold = false;
        for (id, x) in a.candidates(&item) {
            seen_gold |= Some(id) == gold;
            out.push((x, Some(id) == gold));
        }
        if let (Some(g), false) = (gold, seen_gold)
            && let Some(x) = a.features_for(&item, g)
        {
            out.push((x, true));
        }
        let next = ids.len() as i64 + 1;
        let id = *ids.entry(d.gold.as_str()).or_insert(next);
        a.record(id, &item);
    }
    out
}

/// Orders each set is replayed in when the thresholds are chosen: arrival and two shuffles
/// (other seeds than the eval's order-robustness check).
const FIT_ORDERS: [Option<u64>; 3] = [None, Some(101), Some(102)];

/// The logistic model on `examples`, then the join probability and the merge link with the
/// best mean online BCubed F1 over `sets` (each in [`FIT_ORDERS`]); returns the weights and
/// that mean F1.
pub fn fit_model(examples: &[Example], sets: &[(&[Doc], &Prepared)], embedder: &str) -> (Weights, f64) {
    let mut w = logistic(examples, L2);
    let score = |join: f32, link: f32| {
        let config = AssignerConfig {
            weights: w.clone(),
            join_probability: join,
            merge_probability: join,
            merge_link: link,
            ..AssignerConfig::for_embedder(embedder)
        };
        let mut total = 0.0;
        for (docs, prep) in sets {
            let gold: Vec<&str> = docs.iter().map(|d| d.gold.as_str()).collect();
            for seed in FIT_ORDERS {
                let order = match seed {
                    Some(s) => shuffled(docs.len(), s),
                    None => (0..docs.len()).collect(),
                };
                total += crate::metrics::bcubed(&online(prep, docs, &config, &order), &gold).2;
            }
        }
        total / (sets.len() * FIT_ORDERS.len()).max(1) as f64
    };
    // Coordinate search: the join probability without merges, then the merge link, then the
    // join probability again with that link.
    let joins: Vec<f32> = (1..20).map(|i| i as f32 * 0.05).collect();
    let links: Vec<f32> = (0..=20).map(|i| 0.5 + i as f32 * 0.025).chain([2.0]).collect();
    let mut best = (f64::MIN, 0.5f32, 2.0f32);
    for &j in &joins {
        let s = score(j, 2.0);
        if s > best.0 {
            best = (s, j, 2.0);
        }
    }
    for &l in &links {
        let s = score(best.1, l);
        if s > best.0 {
            best = (s, best.1, l);
        }
    }
    for &j in &joins {
        let s = score(j, best.2);
        if s > best.0 {
            best = (s, j, best.2);
        }
    }
    w.join_probability = best.1;
    w.merge_link = best.2;
    (w, best.0)
}

/// L2-regularised logistic regression by Newton's method.
pub fn logistic(examples: &[Example], l2: f64) -> Weights {
    let n = N_FEATURES + 1;
    let mut w = vec![0f64; n];
    for _ in 0..50 {
        let mut grad = vec![0f64; n];
        let mut hess = vec![0f64; n * n];
        for (x, y) in examples {
            let xs: Vec<f64> = x.iter().map(|&v| f64::from(v)).chain([1.0]).collect();
            let z: f64 = xs.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let r = p - f64::from(u8::from(*y));
            let s = (p * (1.0 - p)).max(1e-9);
            for i in 0..n {
                grad[i] += r * xs[i];
                for j in 0..n {
                    hess[i * n + j] += s * xs[i] * xs[j];
                }
            }
        }
        for i in 0..N_FEATURES {
            grad[i] += l2 * w[i];
            hess[i * n + i] += l2;
        }
        hess[n * n - 1] += 1e-6;
        let step = solve(hess, grad, n);
        let mut change = 0f64;
        for i in 0..n {
            w[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-7 {
            break;
        }
    }
    Weights {
        features: FEATURES.iter().map(|s| s.to_string()).collect(),
        weights: w[..N_FEATURES].iter().map(|&v| v as f32).collect(),
        bias: w[N_FEATURES] as f32,
        join_probability: 0.5,
        merge_link: 2.0,
        fitted_on: String::new(),
    }
}

/// Solves `a x = b` (n×n, row-major) by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>, n: usize) -> Vec<f64> {
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs())).unwrap_or(col);
        if a[piv * n + col].abs() < 1e-12 {
            continue;
        }
        for k in 0..n {
            a.swap(col * n + k, piv * n + k);
        }
        b.swap(col, piv);
        for row in 0..n {
            if row != col {
                let f = a[row * n + col] / a[col * n + col];
                for k in col..n {
                    a[row * n + k] -= f * a[col * n + k];
                }
                b[row] -= f * b[col];
            }
        }
    }
    (0..n).map(|i| if a[i * n + i].abs() < 1e-12 { 0.0 } else { b[i] / a[i * n + i] }).collect()
}

/// Regularisation strength used by `fit` (per example set, not per example).
pub const L2: f64 = 1.0;

pub fn run(opts: &Opts) -> Result<()> {
    let sets = [("ECB+ dev", load_ecb(&opts.data)?), ("ITN dev", load_itn(&opts.data)?)];
    let mut all: HashMap<String, Weights> = HashMap::new();
    for emb_name in &opts.embedders {
        let embedder = crate::load_embedder(emb_name, opts)?;
        let label = embedder.name().to_string();
        let mut ex = Vec::new();
        let mut prepared = Vec::new();
        for (name, docs) in &sets {
            let prep = Prepared::new(embedder.as_ref(), docs)?;
            let e = examples(docs, &prep, &label);
            eprintln!("{name} / {label}: {} comparisons, {} positive", e.len(), e.iter().filter(|x| x.1).count());
            ex.extend(e);
            prepared.push(prep);
        }
        let set_refs: Vec<(&[Doc], &Prepared)> =
            sets.iter().zip(&prepared).map(|((_, d), p)| (d.as_slice(), p)).collect();
        let (mut w, mean) = fit_model(&ex, &set_refs, &label);
        w.fitted_on = format!(
            "parallax-eval fit --embedder {emb_name}: ECB+ dev + ITN dev gold replays, {} comparisons, logistic regression (L2 {L2}); join probability {:.3}, merge link {:.3} (mean online F1 {:.3})",
            ex.len(),
            w.join_probability,
            w.merge_link,
            mean
        );
        eprintln!("{label}:");
        for (f, v) in FEATURES.iter().zip(&w.weights) {
            eprintln!("  {f:>20} {v:>8.3}");
        }
        eprintln!("  {:>20} {:>8.3}", "bias", w.bias);
        eprintln!("  {:>20} {:>8.3}", "join probability", w.join_probability);
        eprintln!("  {:>20} {:>8.3}", "merge link", w.merge_link);
        all.insert(label, w);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story/data/similarity.json");
    let mut existing: HashMap<String, Weights> =
        std::fs::read_to_string(&path).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    existing.extend(all);
    let mut sorted: Vec<(&String, &Weights)> = existing.iter().collect();
    sorted.sort_by_key(|(k, _)| k.as_str());
    let obj: serde_json::Map<String, serde_json::Value> =
        sorted.into_iter().map(|(k, w)| (k.clone(), serde_json::to_value(w).unwrap_or_default())).collect();
    std::fs::write(&path, serde_json::to_string_pretty(&obj)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("weights written to {} (rebuild to use them)", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_separates_a_separable_feature() {
        let mut ex = Vec::new();
        for i in 0..100 {
            let mut x = [0f32; N_FEATURES];
            x[0] = i as f32 / 100.0;
            ex.push((x, i >= 50));
        }
        let w = logistic(&ex, 0.01);
        let at = |v: f32| {
            let mut x = [0f32; N_FEATURES];
            x[0] = v;
            w.probability(&x)
        };
        assert!(at(0.2) < 0.5 && at(0.8) > 0.5, "{} {}", at(0.2), at(0.8));
    }
}
