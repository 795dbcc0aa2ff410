//! A translation of a story member is recorded as a copy of it (`translation`), whichever of
//! the two arrives first. Uses the example corpus's English article and its Swedish
//! translation (examples/corpus/README.md).

mod common;

use std::path::PathBuf;

use parallax_model::CopyKind;
use parallax_pipeline::Pipeline;
use parallax_store::{SqliteStore, Store, StoryFilter};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus").join(name)
}

/// (language, copy of whom, copy kind) of every stored article, by language.
fn stored(p: &Pipeline<SqliteStore>) -> Vec<(String, Option<String>, Option<CopyKind>)> {
    let arts = p.store.articles(None).expect("articles");
    let lang_of = |id: i64| arts.iter().find(|a| a.id == id).and_then(|a| a.lang.clone());
    let mut out: Vec<_> =
        arts.iter().map(|a| (a.lang.clone().unwrap_or_default(), a.copy_of.and_then(lang_of), a.copy_kind)).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn a_translation_arriving_after_its_original_is_a_copy() {
    let mut p = common::lexical_pipeline();
    let summary = p.ingest(&[corpus("bridge-en-tribune.html"), corpus("bridge-sv-kustposten.txt")], |_| {});
    assert_eq!((summary.ingested, summary.copies, summary.failed), (1, 1, 0), "{summary:?}");
    assert_eq!(stored(&p), [("en".into(), None, None), ("sv".into(), Some("en".into()), Some(CopyKind::Translation))]);
}

#[test]
fn a_translation_stored_before_its_original_becomes_its_copy() {
    let mut p = common::lexical_pipeline();
    let summary = p.ingest(&[corpus("bridge-sv-kustposten.txt"), corpus("bridge-en-tribune.html")], |_| {});
    assert_eq!((summary.ingested, summary.failed), (2, 0), "{summary:?}");
    assert_eq!(stored(&p), [("en".into(), None, None), ("sv".into(), Some("en".into()), Some(CopyKind::Translation))]);
    let stories = p.store.stories(&StoryFilter::default()).expect("stories");
    assert_eq!((stories.len(), stories[0].article_count, stories[0].copy_count), (1, 1, 1));
}

#[test]
fn an_independent_report_in_another_language_is_a_member() {
    let mut p = common::lexical_pipeline();
    let summary = p.ingest(&[corpus("bridge-en-tribune.html"), corpus("bridge-fr-quotidien.html")], |_| {});
    assert_eq!((summary.ingested, summary.copies), (2, 0), "{summary:?}");
}

#[test]
fn the_encoder_confirms_the_translation() {
    let Some(mut p) = common::e5_pipeline() else { return };
    let inputs =
        [corpus("bridge-en-tribune.html"), corpus("bridge-fr-quotidien.html"), corpus("bridge-sv-kustposten.txt")];
    let summary = p.ingest(&inputs, |_| {});
    assert_eq!((summary.ingested, summary.copies, summary.failed), (2, 1, 0), "{summary:?}");
    let sv = stored(&p).into_iter().find(|a| a.0 == "sv").expect("sv stored");
    assert_eq!(sv, ("sv".into(), Some("en".into()), Some(CopyKind::Translation)));
}
