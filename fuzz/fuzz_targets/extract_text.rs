//! Any bytes as a plain-text scrape: extraction must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{DefaultExtractor, Extractor};
use parallax_model::{DocFormat, Hints, RawDoc};

fuzz_target!(|data: &[u8]| {
    let doc = RawDoc {
        origin: "fuzz.txt".into(),
        key: "fuzz".into(),
        format: DocFormat::Text,
        body: data.to_vec(),
        charset: None,
        hints: Hints::default(),
    };
    let _ = DefaultExtractor.extract(&doc);
});
