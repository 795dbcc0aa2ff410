//! `parallax-eval similarity`: SemEval-2022 Task 8 pairs; Pearson of each system's similarity
//! with −Overall (1 = same story … 4 = unrelated).

use anyhow::{Context, Result};
use parallax_embed::dot;
use serde::Deserialize;
use serde_json::json;

use parallax_story::model::N_FEATURES;

use crate::clustering::{Doc, Prepared, load_ecb, load_itn};
use crate::fit::Example;
use crate::metrics::pearson;
use crate::tfidf::Tfidf;
use crate::{Opts, Table};

#[derive(Deserialize)]
pub struct Pair {
    lang1: String,
    lang2: String,
    title1: String,
    text1: String,
    title2: String,
    text2: String,
    #[serde(rename = "Overall")]
    pub overall: f64,
}

/// The SemEval dev pairs that have both texts.
pub fn load_pairs(opts: &Opts) -> Result<Vec<Pair>> {
    let path = opts.data.join("similarity/semeval2022-task8-dev.csv");
    let mut rdr = csv::Reader::from_path(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut pairs: Vec<Pair> = Vec::new();
    for rec in rdr.deserialize() {
        let p: Pair = rec.with_context(|| format!("bad row in {}", path.display()))?;
        if !p.text1.trim().is_empty() && !p.text2.trim().is_empty() {
            pairs.push(p);
        }
        if opts.limit.is_some_and(|l| pairs.len() >= l) {
            break;
        }
    }
    Ok(pairs)
}

/// Per pair: the story model's features of the first article against a story of the second
/// (IDF over all the set's texts; no dates in this set), and the dense cosine.
pub fn pair_features(pairs: &[Pair], e: &dyn parallax_embed::Embedder) -> Result<Vec<([f32; N_FEATURES], f32)>> {
    let docs: Vec<Doc> = pairs
        .iter()
        .flat_map(|p| {
            [(&p.title1, &p.text1, &p.lang1), (&p.title2, &p.text2, &p.lang2)].map(|(title, text, lang)| Doc {
                text: parallax_pipeline::embed_text(Some(title), text),
                lang: Some(lang.clone()),
                time: None,
                gold: String::new(),
            })
        })
        .collect();
    let prep = Prepared::new(e, &docs)?;
    let mut df = parallax_story::DocFreq::default();
    (0..docs.len()).for_each(|i| df.add(&prep.item(i, &docs[i])));
    Ok((0..pairs.len())
        .map(|i| {
            let (a, b) = (prep.item(2 * i, &docs[2 * i]), prep.item(2 * i + 1, &docs[2 * i + 1]));
            let cos = dot(a.vector, b.vector);
            (parallax_story::model::features(&a, &parallax_story::StoryState::from_item(0, &b), cos, &df), cos)
        })
        .collect())
}

/// SemEval pairs as soft-labelled examples for the story model: target (4 − Overall) / 3.
pub fn examples(pairs: &[Pair], features: &[([f32; N_FEATURES], f32)]) -> Vec<Example> {
    pairs
        .iter()
        .zip(features)
        .map(|(p, (x, _))| Example { x: *x, target: ((4.0 - p.overall) / 3.0).clamp(0.0, 1.0) as f32, weight: 1.0 })
        .collect()
}

pub fn run(opts: &Opts) -> Result<()> {
    let pairs = load_pairs(opts)?;
    eprintln!("SemEval-2022 Task 8 dev: {} pairs with text", pairs.len());
    let gold: Vec<f64> = pairs.iter().map(|p| -p.overall).collect();
    let doc = |title: &str, text: &str| parallax_pipeline::embed_text(Some(title), text);

    let mut systems: Vec<(String, Vec<f64>, f64)> = Vec::new();
    for emb_name in &opts.embedders {
        let embedder = crate::load_embedder(emb_name, opts)?;
        let label = embedder.name().to_string();
        let t0 = std::time::Instant::now();
        let feats = pair_features(&pairs, embedder.as_ref())?;
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        systems.push((format!("parallax ({label} cosine)"), feats.iter().map(|f| f64::from(f.1)).collect(), ms));

        let weights = parallax_story::model::fitted(&label);
        let fitted: Vec<f64> = feats.iter().map(|(x, _)| f64::from(weights.logit(x))).collect();
        systems.push((format!("parallax story model ({label}; fitted on these pairs too: in-sample)"), fitted, ms));

        // Held out: the model refitted with one fifth of the pairs left out, scored on that fifth.
        let (ecb, itn) = (load_ecb(&opts.data)?, load_itn(&opts.data)?);
        let cluster_examples = [
            crate::fit::examples(&ecb, &Prepared::new(embedder.as_ref(), &ecb)?, &label),
            crate::fit::examples(&itn, &Prepared::new(embedder.as_ref(), &itn)?, &label),
        ];
        let ex = examples(&pairs, &feats);
        let mut cv = vec![0f64; pairs.len()];
        for fold in 0..5 {
            let train: Vec<Example> = ex.iter().enumerate().filter(|(i, _)| i % 5 != fold).map(|(_, e)| *e).collect();
            let mut sets = cluster_examples.to_vec();
            sets.push(train);
            let w = crate::fit::logistic(&crate::fit::balanced(sets), crate::fit::L2);
            for i in (0..pairs.len()).filter(|i| i % 5 == fold) {
                cv[i] = f64::from(w.logit(&feats[i].0));
            }
        }
        systems.push((format!("parallax story model ({label}; 5-fold, each fifth held out)"), cv, f64::NAN));
    }

    let t0 = std::time::Instant::now();
    let texts: Vec<(String, &str)> = pairs
        .iter()
        .flat_map(|p| [(doc(&p.title1, &p.text1), p.lang1.as_str()), (doc(&p.title2, &p.text2), p.lang2.as_str())])
        .collect();
    let tfidf = Tfidf::fit(texts.iter().map(|(t, l)| (t.as_str(), Some(*l))));
    let peer: Vec<f64> = texts
        .chunks(2)
        .map(|c| f64::from(Tfidf::cosine(&tfidf.vector(&c[0].0, Some(c[0].1)), &tfidf.vector(&c[1].0, Some(c[1].1)))))
        .collect();
    let peer_ms = t0.elapsed().as_secs_f64() * 1e3;

    let mut table = Table::new(&["system", "Pearson", "pairs", "ms total"]);
    let mut rows = Vec::new();
    systems.push(("peer: TF-IDF cosine".to_string(), peer, peer_ms));
    for (name, scores, ms) in &systems {
        let (name, ms): (&str, f64) = (name, *ms);
        let r = pearson(scores, &gold);
        let ms_cell = if ms.is_nan() { "-".to_string() } else { format!("{ms:.0}") };
        table.row(vec![name.into(), format!("{r:.3}"), pairs.len().to_string(), ms_cell]);
        let mut per_lang = serde_json::Map::new();
        let mut langs: Vec<&str> = pairs.iter().map(|p| p.lang1.as_str()).collect();
        langs.sort();
        langs.dedup();
        for l in langs {
            let idx: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].lang1 == l).collect();
            let s: Vec<f64> = idx.iter().map(|&i| scores[i]).collect();
            let g: Vec<f64> = idx.iter().map(|&i| gold[i]).collect();
            per_lang.insert(l.to_string(), json!({"pairs": idx.len(), "pearson": pearson(&s, &g)}));
        }
        rows.push(json!({"system": name, "pearson": r, "ms": if ms.is_nan() { None } else { Some(ms) }, "per_language": per_lang}));
    }
    println!("\nSemEval-2022 Task 8 dev ({} pairs; Pearson with -Overall)", pairs.len());
    table.print();
    crate::write_json(&opts.out, "similarity.json", &json!({ "pairs": pairs.len(), "rows": rows }))
}
