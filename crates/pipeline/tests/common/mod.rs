//! Shared by the pipeline's integration tests.

use std::path::PathBuf;

use parallax_embed::LexicalEmbedder;
use parallax_extract::DefaultExtractor;
use parallax_pipeline::Pipeline;
use parallax_store::SqliteStore;

/// A pipeline over an in-memory store with the lexical embedder.
#[allow(dead_code)]
pub fn lexical_pipeline() -> Pipeline<SqliteStore> {
    Pipeline::new(
        SqliteStore::in_memory().expect("store"),
        Box::new(DefaultExtractor),
        Box::new(LexicalEmbedder::default()),
        parallax_pipeline::story_config("lexical"),
    )
    .expect("pipeline")
}

/// A pipeline over an in-memory store with the multilingual encoder installed in
/// ./parallax-data; `None` (with a SKIP message) when it is not installed.
pub fn e5_pipeline() -> Option<Pipeline<SqliteStore>> {
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../parallax-data");
    if !parallax_embed::e5::E5Embedder::is_installed(&parallax_embed::e5::E5Embedder::default_dir(&model)) {
        eprintln!("SKIP: no e5 model installed (parallax model fetch)");
        return None;
    }
    let (embedder, _) = parallax_pipeline::embedder(parallax_pipeline::EmbedderChoice::E5, &model).expect("e5 loads");
    let config = parallax_pipeline::story_config(embedder.name());
    Some(
        Pipeline::new(SqliteStore::in_memory().expect("store"), Box::new(DefaultExtractor), embedder, config)
            .expect("pipeline"),
    )
}
