//! Every text of the shared dev data goes through names, quotes and claims without a panic
//! (byte offsets in many scripts are easy to get wrong). Skips when `../shared` is absent.

use std::path::PathBuf;

fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIP: {} not found", p.display());
        None
    }
}

fn run(text: &str, lang: Option<&str>) {
    let found = parallax_facts::entities(text, lang);
    let _ = parallax_facts::quotes_with(text, lang, &found);
    let _ = parallax_facts::claims(text, lang, &found, chrono::NaiveDate::from_ymd_opt(2026, 3, 4));
}

#[test]
fn dev_texts_never_panic() {
    if let Some(p) = shared("similarity/semeval2022-task8-dev.csv") {
        let mut rdr = csv::Reader::from_path(&p).expect("csv");
        let headers = rdr.headers().expect("headers").clone();
        let col = |n: &str| headers.iter().position(|h| h == n).expect("column");
        let (l1, l2, t1, t2) = (col("lang1"), col("lang2"), col("text1"), col("text2"));
        for rec in rdr.records().take(400) {
            let rec = rec.expect("record");
            run(rec.get(t1).unwrap_or_default(), rec.get(l1));
            run(rec.get(t2).unwrap_or_default(), rec.get(l2));
        }
    }
    if let Some(p) = shared("clustering/itn-dev.jsonl") {
        for line in std::fs::read_to_string(p).expect("read").lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            run(v["text"].as_str().unwrap_or_default(), v["lang"].as_str());
        }
    }
}

/// A long article full of names, numbers and quotes: the work stays linear (this took minutes
/// when a count's candidates were checked before their distance).
#[test]
fn a_long_text_goes_through() {
    let para = |i: usize| {
        format!(
            "“We will rebuild the bridge {i} soon,” Anna Berg said on Monday. Transport Minister Tomas Velder said \
             14 people died and 1,800 were evacuated in Valley{} on 3 March.",
            i % 300
        )
    };
    let text: Vec<String> = (0..3000).map(para).collect();
    let text = text.join("\n\n");
    assert!(text.len() > parallax_facts::MAX_TEXT_BYTES);
    run(&text, Some("en"));
    let found = parallax_facts::entities(&text, Some("en"));
    assert!(found.iter().any(|e| e.name == "Tomas Velder"));
}
