//! `parallax-eval clustering`: online story assignment against offline peers on ECB+ dev and
//! ITN dev, scored by BCubed.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;

use anyhow::{Context, Result};
use parallax_embed::{EmbedInput, Embedder};
use parallax_story::{CentroidAssigner, CentroidConfig, Item, StoryAssigner};
use serde::Deserialize;
use serde_json::json;

use crate::metrics::{average_linkage, bcubed, cut};
use crate::tfidf::Tfidf;
use crate::{Opts, Table};

/// One item to cluster.
pub struct Doc {
    pub text: String,
    pub lang: Option<String>,
    pub time: Option<chrono::DateTime<chrono::Utc>>,
    pub gold: String,
}

#[derive(Deserialize)]
struct EcbLine {
    story_id: String,
    text: String,
    lang: Option<String>,
}

#[derive(Deserialize)]
struct ItnLine {
    timestamp: Option<f64>,
    lang: Option<String>,
    text: String,
    episode_id: String,
    #[serde(default)]
    is_duplicate: bool,
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), i + 1))?);
    }
    Ok(out)
}

pub fn load_ecb(data: &Path) -> Result<Vec<Doc>> {
    Ok(read_lines::<EcbLine>(&data.join("clustering/ecbplus-dev.jsonl"))?
        .into_iter()
        .map(|l| Doc { text: l.text, lang: l.lang.or(Some("en".into())), time: None, gold: l.story_id })
        .collect())
}

pub fn load_itn(data: &Path) -> Result<Vec<Doc>> {
    let mut docs: Vec<Doc> = read_lines::<ItnLine>(&data.join("clustering/itn-dev.jsonl"))?
        .into_iter()
        .filter(|l| !l.is_duplicate)
        .map(|l| Doc {
            text: l.text,
            lang: l.lang,
            time: l.timestamp.and_then(|t| chrono::DateTime::from_timestamp(t as i64, 0)),
            gold: l.episode_id,
        })
        .collect();
    docs.sort_by_key(|d| d.time);
    Ok(docs)
}

/// Online single pass with the production assigner.
pub fn online(vectors: &[Vec<f32>], docs: &[Doc], config: CentroidConfig) -> Vec<i64> {
    let mut a = CentroidAssigner::new(config);
    let mut next = 0;
    vectors
        .iter()
        .zip(docs)
        .map(|(v, d)| {
            let item = Item { vector: v, published: d.time, lang: d.lang.as_deref() };
            let id = match a.choose(&item) {
                Some((id, _)) => id,
                None => {
                    next += 1;
                    next
                }
            };
            a.record(id, &item);
            id
        })
        .collect()
}

/// The symmetric n×n matrix (row-major) of `sim` over all pairs of `items`.
fn sim_matrix<T>(items: &[T], sim: impl Fn(&T, &T) -> f32) -> Vec<f32> {
    let n = items.len();
    let mut s = vec![0f32; n * n];
    for i in 0..n {
        for j in i..n {
            let v = sim(&items[i], &items[j]);
            s[i * n + j] = v;
            s[j * n + i] = v;
        }
    }
    s
}

/// Best BCubed F1 over thresholds of an agglomerative clustering (an optimistic peer: the
/// threshold is chosen on the test data itself).
fn best_cut(sim: &[f32], gold: &[&str]) -> (f32, (f64, f64, f64), usize) {
    let n = gold.len();
    let merges = average_linkage(sim, n);
    let mut best = (0.0, (0.0, 0.0, 0.0), 0);
    for step in 0..=60 {
        let t = step as f32 * 0.015;
        let labels = cut(&merges, n, t);
        let score = bcubed(&labels, gold);
        if score.2 > best.1.2 {
            best = (t, score, labels.iter().collect::<HashSet<_>>().len());
        }
    }
    best
}

pub fn embed_all(e: &dyn Embedder, docs: &[Doc]) -> Result<Vec<Vec<f32>>> {
    let inputs: Vec<EmbedInput> = docs.iter().map(|d| EmbedInput { text: &d.text, lang: d.lang.as_deref() }).collect();
    Ok(e.embed(&inputs)?)
}

pub fn run(opts: &Opts) -> Result<()> {
    let mut results = serde_json::Map::new();
    for (name, docs) in [("ECB+ dev", load_ecb(&opts.data)?), ("ITN dev", load_itn(&opts.data)?)] {
        let docs: Vec<Doc> = match opts.limit {
            Some(l) => docs.into_iter().take(l).collect(),
            None => docs,
        };
        let gold: Vec<&str> = docs.iter().map(|d| d.gold.as_str()).collect();
        let n_gold = gold.iter().collect::<HashSet<_>>().len();
        let langs = docs.iter().filter_map(|d| d.lang.as_deref()).collect::<HashSet<_>>().len();
        eprintln!("{name}: {} items, {n_gold} gold stories, {langs} languages", docs.len());
        let mut table =
            Table::new(&["system", "threshold (same/cross)", "B3 P", "B3 R", "B3 F1", "stories", "gold", "ms total"]);
        let mut rows = Vec::new();

        for emb_name in &opts.embedders {
            let embedder = crate::load_embedder(emb_name, opts)?;
            let label = embedder.name().to_string();
            let t0 = std::time::Instant::now();
            let vectors = embed_all(embedder.as_ref(), &docs)?;
            let embed_ms = t0.elapsed().as_secs_f64() * 1e3;

            let config = parallax_pipeline::story_config(&label);
            let t0 = std::time::Instant::now();
            let labels = online(&vectors, &docs, config);
            let ms = t0.elapsed().as_secs_f64() * 1e3 + embed_ms;
            let (p, r, f) = bcubed(&labels, &gold);
            let found = labels.iter().collect::<HashSet<_>>().len();
            rows.push((
                format!("parallax online ({label}, default thresholds)"),
                format!("{:.3}/{:.3}", config.threshold, config.cross_lingual_threshold),
                p,
                r,
                f,
                found,
                ms,
            ));

            // Informational: the same online pass with thresholds picked on this data (coordinate
            // search: the same-language threshold first, then the cross-lingual one).
            let mut best = (0.0f32, (0.0, 0.0, 0.0), 0usize);
            let mut best_cross = config.cross_lingual_threshold;
            let try_config = |t: f32, c: f32, best: &mut (f32, (f64, f64, f64), usize), best_cross: &mut f32| {
                let l = online(&vectors, &docs, CentroidConfig { threshold: t, cross_lingual_threshold: c, ..config });
                let s = bcubed(&l, &gold);
                if s.2 > best.1.2 {
                    *best = (t, s, l.iter().collect::<HashSet<_>>().len());
                    *best_cross = c;
                }
            };
            for step in 1..=39 {
                let t = step as f32 * 0.025;
                try_config(t, t.min(best_cross), &mut best, &mut best_cross);
            }
            let t = best.0;
            for cstep in 1..=(t / 0.0125).round() as usize {
                try_config(t, cstep as f32 * 0.0125, &mut best, &mut best_cross);
            }
            eprintln!(
                "{name} / {label}: oracle thresholds: same-language {:.3}, cross-lingual {best_cross:.4}",
                best.0
            );
            rows.push((
                format!("parallax online ({label}, oracle thresholds)"),
                format!("{:.3}/{best_cross:.3}", best.0),
                best.1.0,
                best.1.1,
                best.1.2,
                best.2,
                f64::NAN,
            ));

            let t0 = std::time::Instant::now();
            let (t, (p, r, f), found) = best_cut(&sim_matrix(&vectors, |a, b| parallax_embed::dot(a, b)), &gold);
            let ms = t0.elapsed().as_secs_f64() * 1e3 + embed_ms;
            rows.push((
                format!("peer: agglomerative on {label} embeddings (oracle threshold)"),
                format!("{t:.3}"),
                p,
                r,
                f,
                found,
                ms,
            ));
        }

        let t0 = std::time::Instant::now();
        let tfidf = Tfidf::fit(docs.iter().map(|d| (d.text.as_str(), d.lang.as_deref())));
        let tv: Vec<_> = docs.iter().map(|d| tfidf.vector(&d.text, d.lang.as_deref())).collect();
        let sim = sim_matrix(&tv, Tfidf::cosine);
        let (t, (p, r, f), found) = best_cut(&sim, &gold);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        rows.push(("peer: TF-IDF + agglomerative (oracle threshold)".into(), format!("{t:.3}"), p, r, f, found, ms));

        let mut jrows = Vec::new();
        for (sys, t, p, r, f, found, ms) in &rows {
            table.row(vec![
                sys.clone(),
                t.clone(),
                format!("{p:.3}"),
                format!("{r:.3}"),
                format!("{f:.3}"),
                found.to_string(),
                n_gold.to_string(),
                if ms.is_nan() { "-".into() } else { format!("{ms:.0}") },
            ]);
            jrows.push(json!({"system": sys, "threshold": t, "precision": p, "recall": r, "f1": f, "stories": found, "gold_stories": n_gold, "ms": if ms.is_nan() { None } else { Some(*ms) }}));
        }
        println!("\n{name} ({} items, {n_gold} gold stories, {langs} languages)", docs.len());
        table.print();
        results.insert(name.to_string(), json!({ "items": docs.len(), "rows": jrows }));
    }
    crate::write_json(&opts.out, "clustering.json", &serde_json::Value::Object(results))
}

/// Languages of items per gold story, for reports.
#[allow(dead_code)]
pub fn langs_per_story(docs: &[Doc]) -> HashMap<&str, HashSet<&str>> {
    let mut m: HashMap<&str, HashSet<&str>> = HashMap::new();
    for d in docs {
        m.entry(&d.gold).or_default().insert(d.lang.as_deref().unwrap_or("?"));
    }
    m
}
