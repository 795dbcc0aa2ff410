//! `parallax-eval clustering`: online story assignment against offline peers on ECB+ dev and
//! ITN dev, scored by BCubed.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;

use anyhow::{Context, Result};
use parallax_embed::{EmbedInput, Embedder};
use parallax_story::{AssignerConfig, Item, OnlineAssigner};
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

/// What the assigner needs of each document: vectors, lexical terms, entity keys.
pub struct Prepared {
    pub vectors: Vec<Vec<f32>>,
    pub terms: Vec<Vec<(u32, f32)>>,
    pub entities: Vec<Vec<u64>>,
    pub specifics: Vec<Vec<u64>>,
}

impl Prepared {
    pub fn new(e: &dyn Embedder, docs: &[Doc]) -> Result<Self> {
        let lexical = parallax_embed::LexicalEmbedder::default();
        let found: Vec<Vec<parallax_facts::FoundEntity>> =
            docs.iter().map(|d| parallax_facts::entities(&d.text, d.lang.as_deref())).collect();
        Ok(Prepared {
            vectors: embed_all(e, docs)?,
            terms: docs.iter().map(|d| lexical.terms(&d.text, d.lang.as_deref())).collect(),
            entities: found.iter().map(|f| f.iter().map(|x| parallax_story::entity_hash(&x.key)).collect()).collect(),
            specifics: docs
                .iter()
                .zip(&found)
                .map(|(d, f)| parallax_story::specifics(&d.text, f.iter().map(|x| x.key.as_str())))
                .collect(),
        })
    }

    pub fn item<'a>(&'a self, i: usize, d: &'a Doc) -> Item<'a> {
        Item {
            vector: &self.vectors[i],
            published: d.time,
            lang: d.lang.as_deref(),
            terms: &self.terms[i],
            entities: &self.entities[i],
            specifics: &self.specifics[i],
        }
    }
}

/// Online single pass with the production assigner, documents in the order of `order`;
/// labels by document index.
pub fn online(prep: &Prepared, docs: &[Doc], config: &AssignerConfig, order: &[usize]) -> Vec<i64> {
    let mut a = OnlineAssigner::new(config.clone());
    let mut next = 0;
    let mut label = vec![0i64; docs.len()];
    // Merged stories point at the story they went into.
    let mut redirect: HashMap<i64, i64> = HashMap::new();
    for &i in order {
        let item = prep.item(i, &docs[i]);
        let (id, merged) = a.assign(&item, || {
            next += 1;
            next
        });
        for m in merged {
            redirect.insert(m, id);
        }
        label[i] = id;
    }
    let live = |mut id: i64| {
        while let Some(&to) = redirect.get(&id) {
            id = to;
        }
        id
    };
    label.into_iter().map(live).collect()
}

/// A permutation of `0..n` from a seed (xorshift; the same seed gives the same order).
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
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

/// Embeds every document, through a cache under `target/eval-cache` keyed by the embedder and
/// the texts (the encoder takes ~15 s a set on two cores; the model fit and the shuffles reuse it).
pub fn embed_all(e: &dyn Embedder, docs: &[Doc]) -> Result<Vec<Vec<f32>>> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(e.name().as_bytes());
    for d in docs {
        h.update(d.text.as_bytes());
        h.update(d.lang.as_deref().unwrap_or("").as_bytes());
        h.update(&[0]);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/eval-cache");
    let path = dir.join(format!("{}-{:016x}.f32", e.name(), h.digest()));
    let dim = e.dim();
    if let Ok(bytes) = std::fs::read(&path)
        && bytes.len() == docs.len() * dim * 4
    {
        let floats: Vec<f32> = bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        return Ok(floats.chunks(dim).map(<[f32]>::to_vec).collect());
    }
    let inputs: Vec<EmbedInput> = docs.iter().map(|d| EmbedInput { text: &d.text, lang: d.lang.as_deref() }).collect();
    let vectors = e.embed(&inputs)?;
    let bytes: Vec<u8> = vectors.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
    if std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes)).is_err() {
        eprintln!("note: cannot write the embedding cache {}", path.display());
    }
    Ok(vectors)
}

/// Orders shuffled for the order-robustness check.
pub const SHUFFLE_SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

pub fn run(opts: &Opts) -> Result<()> {
    let mut results = serde_json::Map::new();
    let sets = [("ECB+ dev", load_ecb(&opts.data)?), ("ITN dev", load_itn(&opts.data)?)];
    let sets: Vec<(&str, Vec<Doc>)> = sets
        .into_iter()
        .map(|(name, docs)| {
            (
                name,
                match opts.limit {
                    Some(l) => docs.into_iter().take(l).collect(),
                    None => docs,
                },
            )
        })
        .collect();
    for emb_name in &opts.embedders {
        let embedder = crate::load_embedder(emb_name, opts)?;
        let label = embedder.name().to_string();
        let mut prepared = Vec::new();
        for (_, docs) in &sets {
            let t0 = std::time::Instant::now();
            let prep = Prepared::new(embedder.as_ref(), docs)?;
            prepared.push((prep, t0.elapsed().as_secs_f64() * 1e3));
        }
        // Held-out weights: each set is also clustered with a model fitted on the other set only.
        let examples: Vec<Vec<crate::fit::Example>> =
            sets.iter().zip(&prepared).map(|((_, docs), (prep, _))| crate::fit::examples(docs, prep, &label)).collect();

        for (si, ((name, docs), (prep, prep_ms))) in sets.iter().zip(&prepared).enumerate() {
            let gold: Vec<&str> = docs.iter().map(|d| d.gold.as_str()).collect();
            let n_gold = gold.iter().collect::<HashSet<_>>().len();
            let langs = docs.iter().filter_map(|d| d.lang.as_deref()).collect::<HashSet<_>>().len();
            eprintln!("{name} / {label}: {} items, {n_gold} gold stories, {langs} languages", docs.len());
            let mut table =
                Table::new(&["system", "B3 P", "B3 R", "B3 F1", "stories", "gold", "ms cluster", "ms prepare"]);
            let mut rows: Vec<(String, f64, f64, f64, usize, f64, f64)> = Vec::new();
            let arrival: Vec<usize> = (0..docs.len()).collect();

            let config = AssignerConfig::for_embedder(&label);
            let t0 = std::time::Instant::now();
            let labels = online(prep, docs, &config, &arrival);
            let ms = t0.elapsed().as_secs_f64() * 1e3;
            let (p, r, f) = bcubed(&labels, &gold);
            let found = labels.iter().collect::<HashSet<_>>().len();
            rows.push((
                format!("parallax online ({label}, fitted model, arrival order)"),
                p,
                r,
                f,
                found,
                ms,
                *prep_ms,
            ));

            let mut f1s = Vec::new();
            for seed in SHUFFLE_SEEDS {
                let l = online(prep, docs, &config, &shuffled(docs.len(), seed));
                f1s.push(bcubed(&l, &gold).2);
            }
            let (lo, hi) = f1s.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &f| (lo.min(f), hi.max(f)));
            eprintln!(
                "{name} / {label}: 5 shuffled orders: F1 {lo:.3}..{hi:.3} (range {:.1} points)",
                (hi - lo) * 100.0
            );

            // Held out: the model refitted on the other set only (minutes; PARALLAX_EVAL_QUICK=1 skips it).
            if std::env::var_os("PARALLAX_EVAL_QUICK").is_none() {
                let other: Vec<crate::fit::Example> = examples
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != si)
                    .flat_map(|(_, e)| e.iter().copied())
                    .collect();
                let other_sets: Vec<(&[Doc], &Prepared)> = sets
                    .iter()
                    .zip(&prepared)
                    .enumerate()
                    .filter(|(i, _)| *i != si)
                    .map(|(_, ((_, d), (p, _)))| (d.as_slice(), p))
                    .collect();
                let (weights, _) = crate::fit::fit_model(&other, &other_sets, None, None);
                let held_out = AssignerConfig::with_weights(weights);
                let labels = online(prep, docs, &held_out, &arrival);
                let (p, r, f) = bcubed(&labels, &gold);
                let found = labels.iter().collect::<HashSet<_>>().len();
                rows.push((
                    format!("parallax online ({label}, model fitted on the other set only)"),
                    p,
                    r,
                    f,
                    found,
                    f64::NAN,
                    f64::NAN,
                ));
            }

            let t0 = std::time::Instant::now();
            let (t, (p, r, f), found) = best_cut(&sim_matrix(&prep.vectors, |a, b| parallax_embed::dot(a, b)), &gold);
            let ms = t0.elapsed().as_secs_f64() * 1e3;
            rows.push((
                format!("peer: agglomerative on {label} embeddings (oracle threshold {t:.3})"),
                p,
                r,
                f,
                found,
                ms,
                *prep_ms,
            ));

            if opts.embedders.first() == Some(emb_name) {
                let t0 = std::time::Instant::now();
                let tfidf = Tfidf::fit(docs.iter().map(|d| (d.text.as_str(), d.lang.as_deref())));
                let tv: Vec<_> = docs.iter().map(|d| tfidf.vector(&d.text, d.lang.as_deref())).collect();
                let (t, (p, r, f), found) = best_cut(&sim_matrix(&tv, Tfidf::cosine), &gold);
                let ms = t0.elapsed().as_secs_f64() * 1e3;
                rows.push((format!("peer: TF-IDF + agglomerative (oracle threshold {t:.3})"), p, r, f, found, ms, 0.0));
            }

            let mut jrows = Vec::new();
            let ms_cell = |ms: f64| if ms.is_nan() { "-".to_string() } else { format!("{ms:.0}") };
            for (sys, p, r, f, found, ms, pms) in &rows {
                table.row(vec![
                    sys.clone(),
                    format!("{p:.3}"),
                    format!("{r:.3}"),
                    format!("{f:.3}"),
                    found.to_string(),
                    n_gold.to_string(),
                    ms_cell(*ms),
                    ms_cell(*pms),
                ]);
                jrows.push(json!({"system": sys, "precision": p, "recall": r, "f1": f, "stories": found, "gold_stories": n_gold,
                    "ms_cluster": if ms.is_nan() { None } else { Some(*ms) }}));
            }
            println!("\n{name} ({} items, {n_gold} gold stories, {langs} languages; {label})", docs.len());
            table.print();
            // The mean over the shuffles is the steadier figure to compare changes by: refits and
            // small changes move the arrival-order F1 and the range by a point or two on their own.
            let mean = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
            println!(
                "  arrival order shuffled with 5 seeds: online F1 {lo:.3} .. {hi:.3} (range {:.1} points), mean {mean:.3}",
                (hi - lo) * 100.0
            );
            results.insert(
                format!("{name} / {label}"),
                json!({ "items": docs.len(), "rows": jrows, "shuffled_f1": f1s, "shuffled_range": hi - lo,
                    "shuffled_mean": mean }),
            );
        }
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
