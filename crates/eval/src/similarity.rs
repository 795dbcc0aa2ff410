//! `parallax-eval similarity`: SemEval-2022 Task 8 pairs; Pearson of each system's similarity
//! with −Overall (1 = same story … 4 = unrelated).

use anyhow::{Context, Result};
use parallax_embed::{EmbedInput, dot};
use serde::Deserialize;
use serde_json::json;

use crate::metrics::pearson;
use crate::tfidf::Tfidf;
use crate::{Opts, Table};

#[derive(Deserialize)]
struct Pair {
    lang1: String,
    lang2: String,
    title1: String,
    text1: String,
    title2: String,
    text2: String,
    #[serde(rename = "Overall")]
    overall: f64,
}

/// An article's lexical terms and hashed entity keys.
type Side = (Vec<(u32, f32)>, Vec<u64>);

pub fn run(opts: &Opts) -> Result<()> {
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
    eprintln!("SemEval-2022 Task 8 dev: {} pairs with text", pairs.len());
    let gold: Vec<f64> = pairs.iter().map(|p| -p.overall).collect();
    let doc = |title: &str, text: &str| parallax_pipeline::embed_text(Some(title), text);

    let mut systems: Vec<(String, Vec<f64>, f64)> = Vec::new();
    for emb_name in &opts.embedders {
        let embedder = crate::load_embedder(emb_name, opts)?;
        let t0 = std::time::Instant::now();
        let mut scores = Vec::new();
        let mut vectors = Vec::new();
        for p in &pairs {
            let (a, b) = (doc(&p.title1, &p.text1), doc(&p.title2, &p.text2));
            let v = embedder.embed(&[
                EmbedInput { text: &a, lang: Some(&p.lang1) },
                EmbedInput { text: &b, lang: Some(&p.lang2) },
            ])?;
            scores.push(f64::from(dot(&v[0], &v[1])));
            vectors.push(v);
        }
        let cos_ms = t0.elapsed().as_secs_f64() * 1e3;
        systems.push((format!("parallax ({} cosine)", embedder.name()), scores, cos_ms));

        // The story model's log-odds that the second article belongs to a story of the first:
        // dense, lexical (IDF over all the set's texts), entities; no dates in this set.
        let t0 = std::time::Instant::now();
        let lexical = parallax_embed::LexicalEmbedder::default();
        let side = |title: &str, text: &str, lang: &str| -> Side {
            let full = doc(title, text);
            let terms = lexical.terms(&full, Some(lang));
            let ents: Vec<u64> = parallax_facts::entities(&full, Some(lang))
                .iter()
                .map(|e| parallax_story::entity_hash(&e.key))
                .collect();
            (terms, ents)
        };
        let sides: Vec<_> =
            pairs.iter().map(|p| (side(&p.title1, &p.text1, &p.lang1), side(&p.title2, &p.text2, &p.lang2))).collect();
        let mut df = parallax_story::DocFreq::default();
        for (a, b) in &sides {
            df.add(&a.0);
            df.add(&b.0);
        }
        let weights = parallax_story::model::fitted(embedder.name());
        let model_scores: Vec<f64> = pairs
            .iter()
            .zip(&sides)
            .zip(&vectors)
            .map(|((p, (a, b)), v)| {
                fn item<'a>(s: &'a Side, vector: &'a [f32], lang: &'a str) -> parallax_story::Item<'a> {
                    parallax_story::Item { vector, published: None, lang: Some(lang), terms: &s.0, entities: &s.1 }
                }
                let ia = item(a, &v[0], &p.lang1);
                let story = parallax_story::StoryState::from_item(0, &item(b, &v[1], &p.lang2));
                let x = parallax_story::model::features(&ia, &story, dot(&v[0], &v[1]), &df);
                f64::from(weights.logit(&x))
            })
            .collect();
        systems.push((
            format!("parallax story model ({}, fitted on ECB+/ITN)", embedder.name()),
            model_scores,
            cos_ms + t0.elapsed().as_secs_f64() * 1e3,
        ));
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
        table.row(vec![name.into(), format!("{r:.3}"), pairs.len().to_string(), format!("{ms:.0}")]);
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
        rows.push(json!({"system": name, "pearson": r, "ms": ms, "per_language": per_lang}));
    }
    println!("\nSemEval-2022 Task 8 dev ({} pairs; Pearson with -Overall)", pairs.len());
    table.print();
    crate::write_json(&opts.out, "similarity.json", &json!({ "pairs": pairs.len(), "rows": rows }))
}
