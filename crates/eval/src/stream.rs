//! `parallax-eval stream`: the story assigner alone (embedding excluded) on a synthetic stream
//! of replayed, perturbed ITN dev items: articles/s, p50/p99 latency per article, peak RSS.
//!
//! Each synthetic story takes one ITN item as its seed and moves it by its own random direction
//! (so stories made from the same seed stay apart); its articles add small noise, share the
//! seed's lexical terms and entities, and arrive over a few days. Stories average five articles;
//! the stream spans 100 days whatever its length, so a longer stream is a denser one.

use std::collections::HashSet;

use anyhow::Result;
use parallax_story::{AssignerConfig, Item, OnlineAssigner};
use serde_json::json;

use crate::clustering::{Prepared, load_itn};
use crate::metrics::bcubed;
use crate::{Opts, Table};

/// Deterministic generator (xorshift64*) with Gaussian samples.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn gauss(&mut self) -> f32 {
        let (u, v) = (self.unit().max(1e-7), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
    }
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(opts: &Opts, sizes: &[usize]) -> Result<()> {
    let docs = load_itn(&opts.data)?;
    let emb_name = opts.embedders.last().cloned().unwrap_or_else(|| "lexical".into());
    let embedder = crate::load_embedder(&emb_name, opts)?;
    let label = embedder.name().to_string();
    let prep = Prepared::new(embedder.as_ref(), &docs)?;
    let dim = prep.vectors.first().map_or(0, Vec::len);
    eprintln!("stream: seeds are {} ITN dev items ({label}, {dim} dimensions)", docs.len());

    let mut table = Table::new(&[
        "items",
        "stories (synthetic)",
        "articles/s",
        "p50 µs",
        "p99 µs",
        "max µs",
        "active stories at end",
        "B3 F1 vs synthetic",
        "peak RSS MB",
    ]);
    let mut rows = Vec::new();
    let t_start = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    for &n in sizes {
        let mut rng = Rng(0x5EED ^ n as u64);
        let n_stories = (n / 5).max(1);
        let span_secs = 100.0 * 86_400.0;
        // Story s: seed item, direction, start time.
        let stories: Vec<(usize, Vec<f32>, f64)> = (0..n_stories)
            .map(|s| {
                let seed = (rng.next() % docs.len() as u64) as usize;
                let mut dir: Vec<f32> = (0..dim).map(|_| rng.gauss()).collect();
                parallax_embed::normalize(&mut dir);
                let start = span_secs * s as f64 / n_stories as f64;
                (seed, dir, start)
            })
            .collect();
        let mut assigner = OnlineAssigner::new(AssignerConfig::for_embedder(&label));
        let mut lat = Vec::with_capacity(n);
        let (mut pred, mut gold) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut next_id = 0i64;
        let mut v = vec![0f32; dim];
        let t0 = std::time::Instant::now();
        for i in 0..n {
            // Articles of a story cluster in time around its start (up to ~3 days later).
            let s = ((i as f64 / n as f64) * n_stories as f64) as usize;
            let s = (s + (rng.next() % 7) as usize).saturating_sub(3).min(n_stories - 1);
            let (seed, dir, start) = &stories[s];
            for k in 0..dim {
                v[k] = prep.vectors[*seed][k] + 0.8 * dir[k] + 0.02 * rng.gauss();
            }
            parallax_embed::normalize(&mut v);
            let t = t_start + chrono::Duration::seconds((start + rng.unit() as f64 * 3.0 * 86_400.0) as i64);
            let item = Item {
                vector: &v,
                published: Some(t),
                lang: docs[*seed].lang.as_deref(),
                terms: &prep.terms[*seed],
                entities: &prep.entities[*seed],
                specifics: &prep.specifics[*seed],
            };
            let a = std::time::Instant::now();
            let (id, _) = assigner.assign(&item, || {
                next_id += 1;
                next_id
            });
            lat.push(a.elapsed().as_nanos() as u64);
            // A run of 1M takes most of an hour: a line every 5% of a large run.
            if n >= 100_000 && (i + 1) % (n / 20) == 0 {
                let secs = t0.elapsed().as_secs_f64();
                eprintln!(
                    "stream {n}: {} items ({}%) in {secs:.0} s, {:.0} articles/s so far",
                    i + 1,
                    (i + 1) * 100 / n,
                    (i + 1) as f64 / secs
                );
            }
            pred.push(id);
            gold.push(s);
        }
        let secs = t0.elapsed().as_secs_f64();
        lat.sort_unstable();
        let q = |p: f64| lat[((lat.len() - 1) as f64 * p) as usize] as f64 / 1e3;
        // Merged stories keep their members' old labels here, so F1 is a lower bound.
        let f1 = bcubed(&pred, &gold).2;
        let rss = peak_rss_mb();
        let found = pred.iter().collect::<HashSet<_>>().len();
        eprintln!("stream {n}: {:.0} articles/s, p99 {:.0} µs", n as f64 / secs, q(0.99));
        table.row(vec![
            n.to_string(),
            n_stories.to_string(),
            format!("{:.0}", n as f64 / secs),
            format!("{:.0}", q(0.5)),
            format!("{:.0}", q(0.99)),
            format!("{:.0}", q(1.0)),
            assigner.len().to_string(),
            format!("{f1:.3}"),
            rss.map_or("-".into(), |r| format!("{r:.0}")),
        ]);
        rows.push(json!({"items": n, "synthetic_stories": n_stories, "stories_found": found, "articles_per_s": n as f64 / secs,
            "p50_us": q(0.5), "p99_us": q(0.99), "max_us": q(1.0), "active_stories": assigner.len(), "bcubed_f1": f1, "peak_rss_mb": rss}));
    }
    println!("\nStory assignment on a synthetic stream ({label}, {dim} dimensions; embedding excluded; one thread)");
    table.print();
    crate::write_json(&opts.out, "stream.json", &json!({ "embedder": label, "rows": rows }))
}
