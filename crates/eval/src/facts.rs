//! `parallax eval facts`: entities, quote attribution and disagreements against our own
//! labelled sets (`crates/eval/facts/`, see its README).
//!
//! - Entities: `entities-itn.jsonl` labels names in ITN dev blurbs (by line number; the texts
//!   stay in `../shared`). A predicted name matches a gold one when their folded forms are
//!   equal or differ only by an inflection ending of at most three letters ("Irans"/"Iran").
//!   Reported untyped (the span) and typed (span and person/org/place).
//! - Quotes: `quotes-semeval.jsonl` (real articles of SemEval dev, by pair and side) and
//!   `quotes-own.jsonl` (our own snippets). A gold quote is found when a predicted quote
//!   overlaps it (containment, or half of the words); it is attributed right when the predicted
//!   speaker and the gold speaker share their last name. Attribution accuracy counts a missed
//!   quote as wrong. The SemEval quotes are also reported in two halves by the parity of the
//!   pair id's last digit: the even "dev half", whose misses verbose mode prints, and the odd
//!   "held-out half", whose misses are never printed, to check that rules generalise.
//!   `PARALLAX_EVAL_QUOTES=FILE` reads the SemEval labels from FILE instead (a fresh batch,
//!   measured before it joins the set).
//! - Disagreements: `disagreements.jsonl`, constructed stories with and without conflicts.
//!   Story level: a story is flagged when any disagreement is found. Conflict level: a gold
//!   conflict is found when a disagreement of the same kind has its subject.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, Result};
use parallax_lang::fold;
use serde::Deserialize;

use crate::metrics::{Prf, ratio};

const ENTITIES_ITN: &str = include_str!("../facts/entities-itn.jsonl");
const QUOTES_SEMEVAL: &str = include_str!("../facts/quotes-semeval.jsonl");
const QUOTES_OWN: &str = include_str!("../facts/quotes-own.jsonl");
const DISAGREEMENTS: &str = include_str!("../facts/disagreements.jsonl");

#[derive(Deserialize)]
struct GoldEntity {
    text: String,
    kind: String,
    #[serde(default)]
    canonical: String,
}

#[derive(Deserialize)]
struct EntityRecord {
    line: usize,
    lang: String,
    prefix: String,
    entities: Vec<GoldEntity>,
}

#[derive(Deserialize)]
struct GoldQuote {
    #[serde(default)]
    kind: String,
    quote: String,
    speaker: String,
}

#[derive(Deserialize)]
struct SemevalQuote {
    pair_id: String,
    side: u8,
    lang: String,
    #[serde(flatten)]
    quote: GoldQuote,
}

#[derive(Deserialize)]
struct OwnSnippet {
    lang: String,
    text: String,
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct Story {
    id: String,
    kind: String,
    articles: Vec<StoryArticle>,
    conflicts: Vec<GoldConflict>,
}

#[derive(Deserialize)]
struct StoryArticle {
    outlet: String,
    lang: String,
    #[serde(default)]
    date: Option<String>,
    title: String,
    text: String,
}

#[derive(Deserialize)]
struct GoldConflict {
    #[serde(rename = "type")]
    kind: String,
    subject: String,
}

fn jsonl<T: for<'de> Deserialize<'de>>(text: &str, name: &str) -> Result<Vec<T>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{name}: line {}", i + 1)))
        .collect()
}

/// Same name, allowing an inflection ending of up to three letters on either side.
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    let (short, long) = if a.chars().count() <= b.chars().count() { (&a, &b) } else { (&b, &a) };
    short == long
        || (long.starts_with(short.as_str())
            && short.chars().count() >= 3
            && long.chars().count() - short.chars().count() <= 3
            && !long[short.len()..].contains(' '))
}

pub fn run(opts: &crate::Opts) -> Result<()> {
    let mut report = serde_json::Map::new();
    match entities(&opts.data) {
        Ok(v) => {
            report.insert("entities".into(), v);
        }
        Err(e) => eprintln!("entities: skipped: {e:#}"),
    }
    report.insert("quotes".into(), quotes(&opts.data)?);
    report.insert("disagreements".into(), disagreements()?);
    match real_stories(&opts.data) {
        Ok(v) => {
            report.insert("ecb_stories".into(), v);
        }
        Err(e) => eprintln!("disagreements on ECB+ stories: skipped: {e:#}"),
    }
    std::fs::create_dir_all(&opts.out)?;
    let path = opts.out.join("facts.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn entities(data: &Path) -> Result<serde_json::Value> {
    let path = data.join("clustering/itn-dev.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {} (the labels refer to its lines)", path.display()))?
        .lines()
        .map(str::to_string)
        .collect();
    let gold: Vec<EntityRecord> = jsonl(ENTITIES_ITN, "entities-itn.jsonl")?;
    let mut per: BTreeMap<String, (Prf, Prf, usize)> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    // canonical person → (script, predicted name) of each found mention, for cross-script links.
    let mut people: BTreeMap<String, Vec<(&'static str, String)>> = BTreeMap::new();
    for rec in &gold {
        #[derive(Deserialize)]
        struct Itn {
            text: String,
        }
        let line = lines.get(rec.line).with_context(|| format!("ITN line {} missing", rec.line))?;
        let itn: Itn = serde_json::from_str(line)?;
        anyhow::ensure!(itn.text.starts_with(&rec.prefix), "ITN line {} is not the labelled text", rec.line);
        let pred = parallax_facts::entities(&itn.text, Some(&rec.lang));
        let mut used = vec![false; pred.len()];
        let (mut untyped, mut typed) = (
            Prf { pred: pred.len(), gold: rec.entities.len(), ..Default::default() },
            Prf { pred: pred.len(), gold: rec.entities.len(), ..Default::default() },
        );
        for g in &rec.entities {
            if let Some(i) = (0..pred.len()).find(|&i| !used[i] && same_name(&pred[i].name, &g.text)) {
                used[i] = true;
                untyped.tp += 1;
                if g.kind == "person" && !g.canonical.is_empty() {
                    let sc = parallax_lang::translit::script(&pred[i].name);
                    people.entry(g.canonical.clone()).or_default().push((sc, pred[i].name.clone()));
                }
                typed.tp += usize::from(pred[i].kind == g.kind);
            } else if misses.len() < 2000 {
                misses.push(format!("{} missed {:?} ({})", rec.lang, g.text, g.kind));
            }
        }
        for (i, p) in pred.iter().enumerate() {
            if !used[i] && misses.len() < 4000 {
                misses.push(format!("{} extra {:?}", rec.lang, p.name));
            }
        }
        let e = per.entry(rec.lang.clone()).or_default();
        e.0.add(untyped);
        e.1.add(typed);
        e.2 += 1;
    }
    println!("\n## Entities: ITN dev blurbs, {} labelled records (crates/eval/facts/entities-itn.jsonl)\n", gold.len());
    println!("| lang | records | gold | P | R | F1 | typed F1 |");
    println!("|---|---|---|---|---|---|---|");
    let mut all = (Prf::default(), Prf::default(), 0);
    let mut rows = serde_json::Map::new();
    for (lang, (u, t, n)) in &per {
        println!("| {lang} | {n} | {} | {:.3} | {:.3} | {:.3} | {:.3} |", u.gold, u.p(), u.r(), u.f1(), t.f1());
        rows.insert(
            lang.clone(),
            serde_json::json!({"records": n, "p": u.p(), "r": u.r(), "f1": u.f1(), "typed_f1": t.f1()}),
        );
        all.0.add(*u);
        all.1.add(*t);
        all.2 += n;
    }
    println!(
        "| **all** | {} | {} | {:.3} | {:.3} | **{:.3}** | {:.3} |",
        all.2,
        all.0.gold,
        all.0.p(),
        all.0.r(),
        all.0.f1(),
        all.1.f1()
    );
    if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
        for m in &misses {
            eprintln!("  {m}");
        }
    }
    // Cross-script: people found in Latin script and in Cyrillic or Arabic script, and whether
    // every such pair of spellings gets one skeleton (so the store makes them one entity).
    let mut cross: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for names in people.values() {
        for (_, a) in names.iter().filter(|(s, _)| *s == "latin") {
            for (sb, b) in names.iter().filter(|(s, _)| *s == "cyrillic" || *s == "arabic") {
                let e = cross.entry(sb).or_default();
                e.0 += 1;
                let (ka, kb) = (parallax_lang::translit::skeleton(a), parallax_lang::translit::skeleton(b));
                if ka.is_some() && ka == kb {
                    e.1 += 1;
                } else if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
                    eprintln!("  not linked: {a:?} / {b:?} ({ka:?} / {kb:?})");
                }
            }
        }
    }
    for (script, (pairs, linked)) in &cross {
        println!(
            "\nCross-script (Latin/{script}) person spellings linked as one entity: {linked} of {pairs} pairs ({:.3}).",
            ratio(*linked, *pairs)
        );
    }
    let (pairs, linked) = cross.values().fold((0, 0), |(p, l), (a, b)| (p + a, l + b));
    rows.insert(
        "all".into(),
        serde_json::json!({"p": all.0.p(), "r": all.0.r(), "f1": all.0.f1(), "typed_f1": all.1.f1(),
            "cross_script_pairs": pairs, "cross_script_linked": linked}),
    );
    Ok(serde_json::Value::Object(rows))
}

/// (gold quotes, found, attributed right) per language.
type QuoteCounts = BTreeMap<String, (usize, usize, usize)>;

pub(crate) fn overlaps(pred: &str, gold: &str) -> bool {
    let (p, g) = (fold(pred), fold(gold));
    let (p, g) = (p.trim_end_matches(['.', ',', '!', '?']), g.trim_end_matches(['.', ',', '!', '?']));
    if p.is_empty() || g.is_empty() {
        return false;
    }
    if p.contains(g) || g.contains(p) && p.chars().count() * 2 >= g.chars().count() {
        return true;
    }
    let pw: std::collections::HashSet<&str> = p.split_whitespace().collect();
    let gw: std::collections::HashSet<&str> = g.split_whitespace().collect();
    let inter = pw.intersection(&gw).count();
    inter * 2 >= gw.len().max(pw.len()) && inter >= 3
}

fn same_speaker(pred: Option<&str>, gold: &str) -> bool {
    let Some(pred) = pred else { return false };
    let last = |s: &str| fold(s).split_whitespace().last().map(str::to_string).unwrap_or_default();
    let (p, g) = (last(pred), last(gold));
    !p.is_empty()
        && (p == g || same_name(&p, &g) || fold(pred).contains(&fold(gold)) || fold(gold).contains(&fold(pred)))
}

fn score_quotes(
    text: &str,
    lang: &str,
    gold: &[&GoldQuote],
    counts: &mut QuoteCounts,
    wrong: &mut Vec<String>,
) -> usize {
    let pred = parallax_facts::quotes(text, Some(lang));
    let e = counts.entry(lang.to_string()).or_default();
    let mut matched = 0;
    for g in gold {
        e.0 += 1;
        if let Some(p) = pred.iter().find(|p| overlaps(&p.text, &g.quote)) {
            e.1 += 1;
            matched += 1;
            if same_speaker(p.speaker.as_deref(), &g.speaker) {
                e.2 += 1;
            } else if wrong.len() < 400 {
                wrong.push(format!("{lang} {:?} → {:?}, want {:?}", trunc(&g.quote), p.speaker, g.speaker));
            }
        } else if wrong.len() < 400 {
            wrong.push(format!("{lang} {} not found: {:?} ({})", g.kind, trunc(&g.quote), g.speaker));
        }
    }
    pred.len().saturating_sub(matched)
}

fn trunc(s: &str) -> String {
    s.chars().take(50).collect()
}

fn print_quotes(title: &str, counts: &QuoteCounts) -> serde_json::Value {
    println!("\n## Quotes: {title}\n");
    println!("| lang | gold | found | attributed right | attribution accuracy | of found |");
    println!("|---|---|---|---|---|---|");
    let mut all = (0, 0, 0);
    let mut rows = serde_json::Map::new();
    for (lang, (g, f, r)) in counts {
        println!("| {lang} | {g} | {f} | {r} | {:.3} | {:.3} |", ratio(*r, *g), ratio(*r, *f));
        rows.insert(lang.clone(), serde_json::json!({"gold": g, "found": f, "right": r, "accuracy": ratio(*r, *g)}));
        all = (all.0 + g, all.1 + f, all.2 + r);
    }
    println!(
        "| **all** | {} | {} | {} | **{:.3}** | {:.3} |",
        all.0,
        all.1,
        all.2,
        ratio(all.2, all.0),
        ratio(all.2, all.1)
    );
    rows.insert(
        "all".into(),
        serde_json::json!({"gold": all.0, "found": all.1, "right": all.2, "accuracy": ratio(all.2, all.0)}),
    );
    serde_json::Value::Object(rows)
}

/// Whether a SemEval pair belongs to the dev half: its id ends in an even digit.
fn dev_half(pair_id: &str) -> bool {
    pair_id.chars().last().and_then(|c| c.to_digit(10)).is_some_and(|d| d % 2 == 0)
}

fn quotes(data: &Path) -> Result<serde_json::Value> {
    let mut out = serde_json::Map::new();
    let mut wrong = Vec::new();
    // SemEval articles.
    let path = data.join("similarity/semeval2022-task8-dev.csv");
    match csv::Reader::from_path(&path) {
        Ok(mut rdr) => {
            // A batch not yet merged into the compiled-in set (fresh labels, to measure rules
            // on quotes nobody has looked at) can be given instead.
            let (gold, labels): (Vec<SemevalQuote>, String) = match std::env::var_os("PARALLAX_EVAL_QUOTES") {
                Some(file) => {
                    let name = Path::new(&file).display().to_string();
                    let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {name}"))?;
                    (jsonl(&text, &name)?, name)
                }
                None => (jsonl(QUOTES_SEMEVAL, "quotes-semeval.jsonl")?, "quotes-semeval.jsonl".to_string()),
            };
            let mut texts: HashMap<(String, u8), String> = HashMap::new();
            let headers = rdr.headers()?.clone();
            let col = |n: &str| headers.iter().position(|h| h == n);
            let (Some(id), Some(t1), Some(t2)) = (col("pair_id"), col("text1"), col("text2")) else {
                anyhow::bail!("{}: missing columns", path.display());
            };
            for rec in rdr.records() {
                let rec = rec?;
                let pid = rec.get(id).unwrap_or_default().to_string();
                texts.insert((pid.clone(), 1), rec.get(t1).unwrap_or_default().to_string());
                texts.insert((pid, 2), rec.get(t2).unwrap_or_default().to_string());
            }
            let mut by_text: BTreeMap<(String, u8), Vec<&SemevalQuote>> = BTreeMap::new();
            for q in &gold {
                by_text.entry((q.pair_id.clone(), q.side)).or_default().push(q);
            }
            // Split by the parity of the pair id's last digit: even pairs are the "dev half" whose
            // misses may be read while working, odd pairs the "held-out half" whose misses are
            // never printed (only its numbers), to check that changes generalise.
            let (mut counts, mut dev, mut held) = (QuoteCounts::new(), QuoteCounts::new(), QuoteCounts::new());
            let mut held_wrong = Vec::new();
            for ((pid, side), qs) in &by_text {
                let text = texts.get(&(pid.clone(), *side)).with_context(|| format!("SemEval pair {pid} missing"))?;
                let golds: Vec<&GoldQuote> = qs.iter().map(|q| &q.quote).collect();
                let half = if dev_half(pid) { &mut dev } else { &mut held };
                let w = if dev_half(pid) { &mut wrong } else { &mut held_wrong };
                score_quotes(text, &qs[0].lang, &golds, half, w);
                score_quotes(text, &qs[0].lang, &golds, &mut counts, &mut Vec::new());
            }
            let mut v =
                print_quotes(&format!("SemEval-2022 dev articles, {} labelled quotes ({labels})", gold.len()), &counts);
            let d = print_quotes("SemEval dev half (even pair id; misses printed in verbose mode)", &dev);
            let h = print_quotes("SemEval held-out half (odd pair id; misses never printed)", &held);
            if let serde_json::Value::Object(m) = &mut v {
                m.insert("dev_half".into(), d);
                m.insert("held_out_half".into(), h);
            }
            out.insert("semeval".into(), v);
        }
        Err(e) => eprintln!("quotes on SemEval articles: skipped: cannot open {}: {e}", path.display()),
    }
    // Own snippets: gold is exhaustive for named speakers, so unmatched predictions are counted.
    let own: Vec<OwnSnippet> = jsonl(QUOTES_OWN, "quotes-own.jsonl")?;
    let mut counts = QuoteCounts::new();
    let mut extra = 0;
    for s in &own {
        let golds: Vec<&GoldQuote> = s.quotes.iter().collect();
        extra += score_quotes(&s.text, &s.lang, &golds, &mut counts, &mut wrong);
    }
    let n: usize = own.iter().map(|s| s.quotes.len()).sum();
    let mut v = print_quotes(&format!("own snippets in 12 languages, {n} labelled quotes (quotes-own.jsonl)"), &counts);
    println!(
        "\nPredicted quotes with no gold quote in the own snippets: {extra} (some are unnamed speakers' quotes, unlabelled by design)"
    );
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("unmatched_predictions".into(), extra.into());
    }
    out.insert("own".into(), v);
    if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
        for w in &wrong {
            eprintln!("  {w}");
        }
    }
    Ok(serde_json::Value::Object(out))
}

fn disagreements() -> Result<serde_json::Value> {
    let stories: Vec<Story> = jsonl(DISAGREEMENTS, "disagreements.jsonl")?;
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut flagged_extra = 0;
    let mut notes = Vec::new();
    for s in &stories {
        let arts: Vec<parallax_facts::ArticleClaims> = s
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let text = format!("{}\n\n{}", a.title, a.text);
                let found = parallax_facts::entities(&text, Some(&a.lang));
                parallax_facts::ArticleClaims {
                    article_id: i as i64,
                    outlet: a.outlet.clone(),
                    claims: parallax_facts::claims(
                        &text,
                        Some(&a.lang),
                        &found,
                        a.date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                    ),
                }
            })
            .collect();
        let d = parallax_facts::disagreements(&arts);
        let flagged = !d.is_empty();
        match (s.kind == "conflict", flagged) {
            (true, true) => tp += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
            (false, false) => tn += 1,
        }
        let mut matched = vec![false; d.len()];
        for g in &s.conflicts {
            let e = by_kind.entry(g.kind.clone()).or_default();
            e.0 += 1;
            let hit = d.iter().position(|x| {
                x.kind == g.kind
                    && (g.kind == "date"
                        || same_speaker(Some(&x.subject), &g.subject)
                        || parallax_lang::translit::skeleton(&x.subject)
                            .is_some_and(|s| Some(s) == parallax_lang::translit::skeleton(&g.subject))
                        || fold(&g.subject).contains(&fold(&x.subject))
                        || fold(&x.subject).split(' ').next().is_some_and(|w| fold(&g.subject).contains(w)))
            });
            if let Some(i) = hit {
                e.1 += 1;
                matched[i] = true;
            } else {
                notes.push(format!("{}: missed {} conflict on {:?}", s.id, g.kind, g.subject));
            }
        }
        for (i, x) in d.iter().enumerate() {
            if !matched[i] {
                flagged_extra += 1;
                let sides: Vec<String> = x.sides.iter().map(|s| format!("{} {:?}", s.value, s.written)).collect();
                notes.push(format!(
                    "{} ({}): extra {} on {:?}: {}",
                    s.id,
                    s.kind,
                    x.kind,
                    x.subject,
                    sides.join(" vs ")
                ));
            }
        }
    }
    let conflicts = tp + fn_;
    let consistent = fp + tn;
    println!("\n## Disagreements: {} constructed stories (disagreements.jsonl)\n", stories.len());
    println!("| stories | count | flagged | rate |");
    println!("|---|---|---|---|");
    println!("| with a true conflict | {conflicts} | {tp} | recall {:.3} |", ratio(tp, conflicts));
    println!("| consistent | {consistent} | {fp} | **not flagged {:.3}** |", ratio(tn, consistent));
    println!("\nStory-level precision {:.3}, recall {:.3}.", ratio(tp, tp + fp), ratio(tp, conflicts));
    println!("\n| conflict kind | gold | found (kind and subject) |");
    println!("|---|---|---|");
    for (k, (g, f)) in &by_kind {
        println!("| {k} | {g} | {f} ({:.3}) |", ratio(*f, *g));
    }
    println!("\nDisagreements flagged that match no gold conflict: {flagged_extra}");
    if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
        for n in &notes {
            eprintln!("  {n}");
        }
    }
    let kinds: serde_json::Map<String, serde_json::Value> = by_kind
        .iter()
        .map(|(k, (g, f))| (k.clone(), serde_json::json!({"gold": g, "found": f, "recall": ratio(*f, *g)})))
        .collect();
    Ok(serde_json::json!({
        "stories": stories.len(),
        "conflict_stories": conflicts, "flagged_conflict_stories": tp,
        "consistent_stories": consistent, "flagged_consistent_stories": fp,
        "story_precision": ratio(tp, tp + fp), "story_recall": ratio(tp, conflicts),
        "consistent_not_flagged": ratio(tn, consistent),
        "by_kind": kinds, "unmatched_flags": flagged_extra,
    }))
}

/// Disagreements flagged on real same-event stories (ECB+ dev, grouped by their gold story):
/// no gold says which are true, so this reports how often and of what kind, with examples to
/// read. Real stories do disagree (tolls revised over a day, titles written loosely).
fn real_stories(data: &Path) -> Result<serde_json::Value> {
    #[derive(Deserialize)]
    struct Doc {
        story_id: String,
        text: String,
    }
    let path = data.join("clustering/ecbplus-dev.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut stories: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let d: Doc = serde_json::from_str(line)?;
        stories.entry(d.story_id).or_default().push(d.text);
    }
    let (mut n, mut flagged) = (0, 0);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    for (id, docs) in &stories {
        if docs.len() < 2 {
            continue;
        }
        n += 1;
        let arts: Vec<parallax_facts::ArticleClaims> = docs
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let found = parallax_facts::entities(t, Some("en"));
                parallax_facts::ArticleClaims {
                    article_id: i as i64,
                    outlet: format!("doc{i}"),
                    claims: parallax_facts::claims(t, Some("en"), &found, None),
                }
            })
            .collect();
        let d = parallax_facts::disagreements(&arts);
        if !d.is_empty() {
            flagged += 1;
        }
        for x in &d {
            *kinds.entry(x.kind.clone()).or_default() += 1;
            if examples.len() < 12 {
                let sides: Vec<String> = x.sides.iter().map(|s| format!("{} {:?}", s.value, s.written)).collect();
                examples.push(format!("{id}: {} on {:?}: {}", x.kind, x.subject, sides.join(" vs ")));
            }
        }
    }
    println!("\n## Disagreements on real stories: ECB+ dev, {n} gold stories with 2+ articles (English)\n");
    println!("Stories with a disagreement: {flagged} ({:.3}); by kind: {kinds:?}.", ratio(flagged, n));
    if std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
        for e in &examples {
            eprintln!("  {e}");
        }
    }
    Ok(serde_json::json!({"stories": n, "flagged": flagged, "by_kind": kinds}))
}
