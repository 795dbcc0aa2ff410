//! Any bytes as an HTML page: extraction must not panic, and the guard must leave a page within
//! its limits untouched.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use parallax_extract::{DefaultExtractor, Extractor, limits};
use parallax_model::{DocFormat, Hints, RawDoc};

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    if let Cow::Owned(guarded) = limits::guard(&page) {
        assert!(guarded.len() <= page.len(), "the guard only drops and shortens tags");
    }
    let doc = RawDoc {
        origin: "fuzz.html".into(),
        key: "fuzz".into(),
        format: DocFormat::Html,
        body: data.to_vec(),
        charset: None,
        hints: Hints { url: Some("https://example.com/news/a".into()), ..Hints::default() },
    };
    let _ = DefaultExtractor.extract(&doc);
});
