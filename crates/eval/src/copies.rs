//! `parallax eval copies`: translated copies against our labelled set
//! (`crates/eval/stories/translations.jsonl`, see its README): invented events, each told by an
//! original article, translations of it (some abridged or with a credit line) and independent
//! reports in other languages, some of them close rewrites of the same facts.
//!
//! Every pair of articles of one event in two languages is a question: is one a translation of
//! the other? Pairs of two translations of the same original are left out (siblings: the
//! pipeline compares a new article with originals only). Peers in the same run: dense cosine
//! of the encoder (and of the lexical embedder) with the best threshold picked on this set (an
//! optimistic peer).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use parallax_dedup::translation::{Evidence, Shape, THRESHOLDS, Thresholds, evidence};
use parallax_embed::EmbedInput;
use serde::Deserialize;
use serde_json::json;

use crate::metrics::Prf;
use crate::{Opts, Table};

const TRANSLATIONS: &str = include_str!("../stories/translations.jsonl");

#[derive(Deserialize)]
pub struct Record {
    pub group: String,
    pub id: String,
    pub lang: String,
    #[serde(default)]
    pub title: String,
    pub text: String,
    pub kind: String,
    #[serde(default)]
    pub translation_of: Option<String>,
    #[serde(default)]
    pub abridged: bool,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
pub struct GoldQuote {
    pub text: String,
    /// The same statement (in any language) has the same utterance id.
    pub utterance: String,
}

pub fn records() -> Result<Vec<Record>> {
    TRANSLATIONS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("translations.jsonl:{}", i + 1)))
        .collect()
}

/// A question: articles `a` and `b` (indices), and whether one translates the other.
struct Pair {
    a: usize,
    b: usize,
    gold: bool,
}

fn pairs(recs: &[Record]) -> Vec<Pair> {
    let mut out = Vec::new();
    for (a, x) in recs.iter().enumerate() {
        for (b, y) in recs.iter().enumerate().skip(a + 1) {
            if x.group != y.group || x.lang == y.lang {
                continue;
            }
            if x.kind == "translation" && y.kind == "translation" {
                continue;
            }
            let gold = y.translation_of.as_deref() == Some(&x.id) || x.translation_of.as_deref() == Some(&y.id);
            out.push(Pair { a, b, gold });
        }
    }
    out
}

/// The threshold on `score` with the best F1 (the optimistic peer), and its P/R/F1.
fn best_threshold(scores: &[f32], gold: &[bool]) -> (f32, (f64, f64, f64)) {
    let mut cuts: Vec<f32> = scores.to_vec();
    cuts.sort_by(f32::total_cmp);
    cuts.dedup();
    let mut best = (f32::NAN, (0.0, 0.0, 0.0));
    for &t in &cuts {
        let (p, r, f) = Prf::of_answers(scores.iter().zip(gold).map(|(s, g)| (*s >= t, *g))).prf();
        if f > best.1.2 {
            best = (t, (p, r, f));
        }
    }
    best
}

/// Grid of thresholds searched for the held-out check.
const COVERAGES: [f32; 6] = [0.6, 0.67, 0.75, 0.8, 0.85, 0.9];
const SPREADS: [f32; 6] = [0.08, 0.09, 0.1, 0.115, 0.13, 0.15];
const UNIT_COSINES: [f32; 6] = [0.82, 0.83, 0.84, 0.85, 0.86, 0.87];
const SAME_SENTENCES: [f32; 4] = [0.0, 0.5, 0.6, 0.7];
const NUMBERS_AGREE: [f32; 4] = [0.0, 0.4, 0.5, 0.6];

/// Every threshold set of the grid (the encoder's or the structure-only rule's).
fn grid(with_encoder: bool) -> Vec<Thresholds> {
    let mut out = Vec::new();
    for &c in &COVERAGES {
        for &s in &SPREADS {
            for &n in &NUMBERS_AGREE {
                let base = Thresholds { min_coverage: c, max_length_spread: s, min_numbers_agree: n, ..THRESHOLDS };
                if with_encoder {
                    out.extend(UNIT_COSINES.iter().map(|&u| Thresholds { min_unit_cosine: u, ..base }));
                } else {
                    out.extend(SAME_SENTENCES.iter().map(|&ss| Thresholds {
                        min_coverage_alone: c,
                        min_same_sentences_alone: ss,
                        ..base
                    }));
                }
            }
        }
    }
    out
}

/// Judges every pair with thresholds picked (best F1, grid above) on the events of the other
/// half (odd/even event number), so no pair is judged by thresholds fitted on its own event.
fn held_out(recs: &[Record], qs: &[Pair], ev: &[Evidence], cos: Option<&[f32]>) -> (f64, f64, f64) {
    let half = |q: &Pair| recs[q.a].group.trim_start_matches('g').parse::<usize>().unwrap_or(0) % 2;
    let judge = |t: &Thresholds, k: usize| ev[k].is_translation(cos.map(|c| c[k]), t);
    let mut pred = vec![false; qs.len()];
    for h in [0, 1] {
        let train: Vec<usize> = (0..qs.len()).filter(|&k| half(&qs[k]) != h).collect();
        let f1 = |t: &Thresholds| Prf::of_answers(train.iter().map(|&k| (judge(t, k), qs[k].gold))).f1();
        let best = grid(cos.is_some()).into_iter().fold(None::<(Thresholds, f64)>, |b, t| {
            let f = f1(&t);
            match b {
                Some((_, bf)) if bf >= f => b,
                _ => Some((t, f)),
            }
        });
        if let Some((t, _)) = best {
            for k in (0..qs.len()).filter(|&k| half(&qs[k]) == h) {
                pred[k] = judge(&t, k);
            }
        }
    }
    Prf::of_answers(pred.into_iter().zip(qs.iter().map(|q| q.gold))).prf()
}

pub fn run(opts: &Opts) -> Result<()> {
    let recs = records()?;
    let qs = pairs(&recs);
    let gold: Vec<bool> = qs.iter().map(|q| q.gold).collect();
    let langs: std::collections::BTreeSet<&str> = recs.iter().map(|r| r.lang.as_str()).collect();
    let groups: std::collections::BTreeSet<&str> = recs.iter().map(|r| r.group.as_str()).collect();
    println!(
        "\n## Translated copies: {} articles, {} events, {} languages; {} cross-language pairs of one event, {} of them translations",
        recs.len(),
        groups.len(),
        langs.len(),
        qs.len(),
        gold.iter().filter(|g| **g).count()
    );
    let mut table = Table::new(&["system", "P", "R", "F1", "µs/pair"]);
    let mut rows = Vec::new();
    let mut row = |table: &mut Table, sys: String, (p, r, f): (f64, f64, f64), us: Option<f64>| {
        let us_cell = us.map_or("-".to_string(), |u| format!("{u:.0}"));
        table.row(vec![sys.clone(), format!("{p:.3}"), format!("{r:.3}"), format!("{f:.3}"), us_cell]);
        rows.push(json!({"system": sys, "precision": p, "recall": r, "f1": f, "us_per_pair": us}));
    };

    let t0 = std::time::Instant::now();
    let shapes: Vec<Shape> = recs.iter().map(|r| Shape::of(&r.text)).collect();
    let ev: Vec<Evidence> = qs.iter().map(|q| evidence(&shapes[q.a], &shapes[q.b])).collect();
    let us = t0.elapsed().as_secs_f64() * 1e6 / qs.len().max(1) as f64;
    let alone: Vec<bool> = ev.iter().map(|e| e.is_translation(None, &THRESHOLDS)).collect();
    let score = |pred: &[bool]| Prf::of_answers(pred.iter().copied().zip(gold.iter().copied())).prf();
    row(&mut table, "parallax: unit alignment, no encoder".into(), score(&alone), Some(us));
    row(
        &mut table,
        "  same, thresholds picked on the other half of the events".into(),
        held_out(&recs, &qs, &ev, None),
        None,
    );

    // With the encoder: the aligned units' mean cosine.
    let mut ours = alone.clone();
    let mut unit_cos: Vec<f32> = vec![f32::NAN; qs.len()];
    // Kept for the quotes below.
    let mut encoder: Option<Box<dyn parallax_embed::Embedder>> = None;
    for name in &opts.embedders {
        let embedder = crate::load_embedder(name, opts)?;
        if embedder.multilingual() {
            let t0 = std::time::Instant::now();
            let mut unit_vecs: Vec<Vec<Vec<f32>>> = Vec::new();
            for (r, sh) in recs.iter().zip(&shapes) {
                let inputs: Vec<EmbedInput> =
                    (0..sh.units()).map(|i| EmbedInput { text: sh.unit(&r.text, i), lang: Some(&r.lang) }).collect();
                unit_vecs.push(embedder.embed(&inputs)?);
            }
            let units: usize = shapes.iter().map(Shape::units).sum();
            let ms_unit = t0.elapsed().as_secs_f64() * 1e3 / units.max(1) as f64;
            for (k, (q, e)) in qs.iter().zip(&ev).enumerate() {
                let c: Vec<f32> =
                    e.pairs.iter().map(|&(i, j)| parallax_embed::dot(&unit_vecs[q.a][i], &unit_vecs[q.b][j])).collect();
                unit_cos[k] = if c.is_empty() { 0.0 } else { c.iter().sum::<f32>() / c.len() as f32 };
            }
            ours = ev.iter().zip(&unit_cos).map(|(e, c)| e.is_translation(Some(*c), &THRESHOLDS)).collect();
            row(
                &mut table,
                format!("parallax: unit alignment + {} unit similarity ({ms_unit:.1} ms/unit)", embedder.name()),
                score(&ours),
                None,
            );
            row(
                &mut table,
                "  same, thresholds picked on the other half of the events".into(),
                held_out(&recs, &qs, &ev, Some(&unit_cos)),
                None,
            );
        }
        let texts: Vec<String> = recs.iter().map(|r| parallax_pipeline::embed_text(Some(&r.title), &r.text)).collect();
        let inputs: Vec<EmbedInput> =
            texts.iter().zip(&recs).map(|(t, r)| EmbedInput { text: t, lang: Some(&r.lang) }).collect();
        let vectors = embedder.embed(&inputs)?;
        let scores: Vec<f32> = qs.iter().map(|q| parallax_embed::dot(&vectors[q.a], &vectors[q.b])).collect();
        let (t, prf1) = best_threshold(&scores, &gold);
        row(&mut table, format!("peer: {} article cosine (oracle threshold {t:.3})", embedder.name()), prf1, None);
        if embedder.multilingual() {
            encoder = Some(embedder);
        }
    }
    table.print();

    // By kind of pair: which ones the best row gets wrong.
    let kind = |q: &Pair| {
        let (x, y) = (&recs[q.a], &recs[q.b]);
        let mut k = [x.kind.as_str(), y.kind.as_str()];
        k.sort();
        let abridged = if x.abridged || y.abridged { " (abridged)" } else { "" };
        format!("{} – {}{abridged}", k[0], k[1])
    };
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (q, p) in qs.iter().zip(&ours) {
        let e = by_kind.entry(kind(q)).or_default();
        e.0 += 1;
        e.1 += usize::from(*p);
    }
    let mut kt = Table::new(&["pair kind", "pairs", "called translation"]);
    for (k, (n, t)) in &by_kind {
        kt.row(vec![k.clone(), n.to_string(), t.to_string()]);
    }
    println!();
    kt.print();

    let utterances = match &encoder {
        Some(e) => utterance_report(&recs, e.as_ref())?,
        None => {
            println!(
                "\n(quotes across languages: skipped, no multilingual encoder in this run: --embedder e5 or both, with the model installed)"
            );
            serde_json::Value::Null
        }
    };

    let verbose = std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some();
    let detail: Vec<serde_json::Value> = qs
        .iter()
        .zip(&ev)
        .enumerate()
        .map(|(k, (q, e))| {
            if verbose && ours[k] != q.gold {
                println!(
                    "  {} ({}) vs {} ({}): gold {}, unit cosine {:.3}, {:?}",
                    recs[q.a].id, recs[q.a].lang, recs[q.b].id, recs[q.b].lang, q.gold, unit_cos[k], e
                );
            }
            json!({"a": recs[q.a].id, "b": recs[q.b].id, "gold": q.gold, "kind": kind(q), "called": ours[k],
                   "units": e.units, "aligned": e.aligned, "coverage": e.coverage, "shared_anchors": e.shared_anchors,
                   "anchors_aligned": e.anchors_aligned, "length_spread": e.length_spread.min(9.0),
                   "same_sentences": e.same_sentences, "numbers_agree": e.numbers_agree, "unit_cosine": unit_cos[k]})
        })
        .collect();
    crate::write_json(
        &opts.out,
        "copies.json",
        &json!({"pairs": qs.len(), "translations": gold.iter().filter(|g| **g).count(), "rows": rows,
                "by_kind": by_kind, "utterances": utterances, "pairs_detail": detail}),
    )
}

/// Thresholds on the quote vectors' cosine reported (the product uses
/// [`parallax_facts::utterances::SAME_UTTERANCE_COSINE`]).
const UTTERANCE_COSINES: [f32; 7] = [0.8, 0.83, 0.85, 0.87, 0.88, 0.9, 0.92];

/// A quote our finder found that matches a gold quote.
struct FoundQuote<'a> {
    event: &'a str,
    /// Index of the article in the records.
    article: usize,
    speaker: Option<String>,
    /// The gold quote's utterance id.
    utterance: &'a str,
    text: String,
    vector: Vec<f32>,
}

/// Quotes of one statement across articles: our quote finder runs on every article, each
/// found quote that matches a gold quote takes its utterance id, and every pair of such
/// quotes from two articles of one event is a question (one statement or not), answered by
/// [`parallax_facts::utterances`] on the encoder's vectors of the quotes.
fn utterance_report(recs: &[Record], embedder: &dyn parallax_embed::Embedder) -> Result<serde_json::Value> {
    let mut found: Vec<FoundQuote<'_>> = Vec::new();
    let mut gold_total = 0;
    for (k, r) in recs.iter().enumerate() {
        gold_total += r.quotes.len();
        let qs = parallax_facts::quotes(&r.text, Some(&r.lang));
        let inputs: Vec<EmbedInput> = qs.iter().map(|q| EmbedInput { text: &q.text, lang: Some(&r.lang) }).collect();
        let vectors = embedder.embed(&inputs)?;
        for (q, v) in qs.into_iter().zip(vectors) {
            if let Some(g) = r.quotes.iter().find(|g| crate::facts::overlaps(&q.text, &g.text)) {
                found.push(FoundQuote {
                    event: &r.group,
                    article: k,
                    speaker: q.speaker,
                    utterance: &g.utterance,
                    text: q.text,
                    vector: v,
                });
            }
        }
    }
    let cross_lang = |i: usize, j: usize| recs[found[i].article].lang != recs[found[j].article].lang;
    let mut questions: Vec<(usize, usize)> = Vec::new();
    for i in 0..found.len() {
        for j in i + 1..found.len() {
            if found[i].event == found[j].event && found[i].article != found[j].article {
                questions.push((i, j));
            }
        }
    }
    let positives = questions.iter().filter(|&&(i, j)| found[i].utterance == found[j].utterance).count();
    println!(
        "\n## Quotes across languages: {} gold quotes, {} found and matched; {} pairs from two articles of one event, {} of them one statement ({} across languages)",
        gold_total,
        found.len(),
        questions.len(),
        positives,
        questions.iter().filter(|&&(i, j)| found[i].utterance == found[j].utterance && cross_lang(i, j)).count()
    );
    let mut table = Table::new(&["cosine threshold", "P", "R", "F1", "P cross-lang", "R cross-lang"]);
    let mut rows = Vec::new();
    for t in UTTERANCE_COSINES {
        // Grouped per event, as a story's quotes are.
        let mut group_of = vec![0usize; found.len()];
        let events: std::collections::BTreeSet<&str> = found.iter().map(|f| f.event).collect();
        for ev in events {
            let idx: Vec<usize> = (0..found.len()).filter(|&i| found[i].event == ev).collect();
            let refs: Vec<parallax_facts::utterances::QuoteRef<'_>> = idx
                .iter()
                .map(|&i| parallax_facts::utterances::QuoteRef {
                    article: found[i].article as i64,
                    speaker: found[i].speaker.as_deref(),
                    text: &found[i].text,
                    vector: &found[i].vector,
                })
                .collect();
            for (n, g) in parallax_facts::utterances::utterances(&refs, t).into_iter().enumerate() {
                group_of[idx[n]] = idx[g];
            }
        }
        let judge = |only_cross: bool| {
            Prf::of_answers(
                questions
                    .iter()
                    .filter(|&&(i, j)| !only_cross || cross_lang(i, j))
                    .map(|&(i, j)| (group_of[i] == group_of[j], found[i].utterance == found[j].utterance)),
            )
            .prf()
        };
        let (all, cross) = (judge(false), judge(true));
        let mark = if t == parallax_facts::utterances::SAME_UTTERANCE_COSINE { " (used)" } else { "" };
        table.row(vec![
            format!("{t:.2}{mark}"),
            format!("{:.3}", all.0),
            format!("{:.3}", all.1),
            format!("{:.3}", all.2),
            format!("{:.3}", cross.0),
            format!("{:.3}", cross.1),
        ]);
        rows.push(json!({"threshold": t, "precision": all.0, "recall": all.1, "f1": all.2,
                         "precision_cross_lang": cross.0, "recall_cross_lang": cross.1}));
    }
    table.print();
    if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
        // One statement, not grouped at the threshold used: their cosine and speakers.
        for &(i, j) in &questions {
            let (a, b) = (&found[i], &found[j]);
            let cos = parallax_embed::dot(&a.vector, &b.vector);
            if a.utterance == b.utterance && cos < parallax_facts::utterances::SAME_UTTERANCE_COSINE {
                println!("  missed ({cos:.3}) {:?}: {:?} / {:?}: {:?}", a.speaker, a.text, b.speaker, b.text);
            }
        }
    }
    Ok(
        json!({"gold_quotes": gold_total, "found": found.len(), "pairs": questions.len(), "positives": positives, "rows": rows}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labelled_set_reads_and_holds_together() {
        let recs = records().expect("translations.jsonl parses");
        for r in &recs {
            if let Some(o) = &r.translation_of {
                let orig = recs.iter().find(|x| &x.id == o).expect("translation_of names an article");
                assert_eq!((orig.group.as_str(), orig.kind.as_str()), (r.group.as_str(), "original"), "{}", r.id);
                assert_ne!(orig.lang, r.lang, "{}", r.id);
            }
            for q in &r.quotes {
                assert!(r.text.contains(&q.text), "{}: quote not in the text", r.id);
            }
        }
        let qs = pairs(&recs);
        assert!(qs.iter().filter(|q| q.gold).count() >= 30 && qs.iter().filter(|q| !q.gold).count() >= 30);
    }

    #[test]
    fn a_translation_of_the_set_is_found_and_an_independent_report_is_not() {
        let recs = records().expect("set");
        let by_id = |id: &str| recs.iter().find(|r| r.id == id).expect("id");
        let (orig, tr) = (by_id("g04-a"), by_id("g04-b"));
        let e = evidence(&Shape::of(&orig.text), &Shape::of(&tr.text));
        assert!(e.is_translation(None, &THRESHOLDS), "{e:?}");
        let ind = recs.iter().find(|r| r.group == "g04" && r.kind == "independent").expect("independent");
        let e = evidence(&Shape::of(&orig.text), &Shape::of(&ind.text));
        assert!(!e.is_translation(None, &THRESHOLDS), "{e:?}");
    }
}
