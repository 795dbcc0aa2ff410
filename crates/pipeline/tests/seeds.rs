//! The seed scrapes (../shared/examples/seeds) must form one story in two languages.
//! Skips with a message when ../shared is absent.

mod common;

use std::path::PathBuf;

use parallax_embed::{EmbedInput, Embedder, LexicalEmbedder};
use parallax_extract::{DefaultExtractor, Extractor};
use parallax_pipeline::embed_text;
use parallax_store::{Store, StoryFilter};

fn seeds_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples/seeds");
    if d.is_dir() {
        Some(d)
    } else {
        eprintln!("SKIP: {} not found (../shared is absent)", d.display());
        None
    }
}

#[test]
fn seeds_form_one_bilingual_story() {
    let Some(dir) = seeds_dir() else { return };
    let mut p = common::lexical_pipeline();
    let summary = p.ingest(std::slice::from_ref(&dir), |_| {});
    assert_eq!(summary.failed, 0);
    assert_eq!(summary.ingested, 2);
    let stories = p.store.stories(&StoryFilter::default()).expect("stories");
    if stories.len() != 1 {
        // Diagnose: the similarity the assigner saw.
        let docs = parallax_ingest::discover(&[dir]);
        let arts: Vec<_> = docs
            .into_iter()
            .flat_map(|i| parallax_ingest::read(&i.expect("input"), &Default::default()).expect("read"))
            .map(|d| DefaultExtractor.extract(&d.expect("doc")).expect("article"))
            .collect();
        let texts: Vec<String> = arts.iter().map(|a| embed_text(a.title.as_deref(), &a.text)).collect();
        let v = LexicalEmbedder::default()
            .embed(&[
                EmbedInput { text: &texts[0], lang: arts[0].lang.as_deref() },
                EmbedInput { text: &texts[1], lang: arts[1].lang.as_deref() },
            ])
            .expect("embed");
        panic!("{} stories; seed similarity {}", stories.len(), parallax_embed::dot(&v[0], &v[1]));
    }
    assert_eq!(stories[0].languages, ["en", "sv"]);
    let detail = p.store.story(stories[0].id).expect("story").expect("exists");
    for a in &detail.articles {
        assert_eq!(a.article.published.map(|d| d.date_naive().to_string()).as_deref(), Some("2026-03-02"));
    }
    let sv = detail.articles.iter().find(|a| a.article.lang.as_deref() == Some("sv")).expect("sv article");
    assert!(sv.article.original_url.as_deref().is_some_and(|u| u.contains("congluan.vn")));
    assert!(
        detail.quotes.iter().any(|q| q.text.contains("We will not negotiate with the United States")
            && q.speaker.as_deref().is_some_and(|s| s.contains("Larijani"))),
        "{:?}",
        detail.quotes
    );
}

#[test]
fn auto_embedder_falls_back_to_lexical_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (e, note) = parallax_pipeline::embedder(parallax_pipeline::EmbedderChoice::Auto, dir.path()).expect("embedder");
    assert_eq!(e.name(), "lexical");
    assert!(note.is_some_and(|n| n.contains("model fetch")));
    assert!(parallax_pipeline::embedder(parallax_pipeline::EmbedderChoice::E5, dir.path()).is_err());
}

#[test]
fn seeds_form_one_story_with_the_encoder() {
    let Some(dir) = seeds_dir() else { return };
    let Some(mut p) = common::e5_pipeline() else { return };
    let summary = p.ingest(std::slice::from_ref(&dir), |_| {});
    assert_eq!(summary.ingested, 2);
    let stories = p.store.stories(&StoryFilter::default()).expect("stories");
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0].languages, ["en", "sv"]);

    // A verbatim re-post of each seed, under another name, is a copy, not a member.
    let repost = std::env::temp_dir().join(format!("parallax-seeds-repost-{}", std::process::id()));
    std::fs::create_dir_all(&repost).expect("temp dir");
    for e in std::fs::read_dir(&dir).expect("seeds").flatten() {
        std::fs::copy(e.path(), repost.join(format!("repost-{}", e.file_name().to_string_lossy()))).expect("copy");
    }
    let again = p.ingest(std::slice::from_ref(&repost), |_| {});
    let _ = std::fs::remove_dir_all(&repost);
    assert_eq!((again.copies, again.ingested, again.failed), (2, 0, 0), "{again:?}");
    let stories = p.store.stories(&StoryFilter::default()).expect("stories");
    assert_eq!((stories.len(), stories[0].article_count, stories[0].copy_count), (1, 2, 2), "{stories:?}");
}
