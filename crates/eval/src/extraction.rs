//! Article extraction benchmark: Parallax's [`DefaultExtractor`] against the `trafilatura` and
//! `dom_smoothie` crates, side by side on the same pages, single-threaded. With `--python PYTHON`
//! Python trafilatura (the original, default settings: fallback extractors on) is a fourth peer,
//! `trafilatura-py`: `scripts/bench/extraction_peer.py` runs in one `PYTHON` process per set, gets
//! each page in turn and its answers are scored by the same code (`scripts/bench/extraction.sh`
//! sets up a venv with the pinned version and runs it all).
//!
//! Two sets from the shared data directory (see its README):
//!
//! - `extraction/scrapinghub-aeb` (ScrapingHub article-extraction-benchmark): per page, P/R/F1
//!   over the *set* of 4-gram shingles of whitespace tokens of the extracted text against
//!   `articleBody`, averaged over pages, plus the share of pages with F1 ≥ 0.99. For comparison
//!   with published numbers we also compute the benchmark's own metric (`\w+` tokens, shingle
//!   multisets, per-page normalised counts; precision averaged over pages with output, recall
//!   over all pages, F1 of the two averages).
//! - `extraction/trafilatura-eval` (trafilatura's evaluation): every `with` snippet found in the
//!   output is a TP (else FN), every `without` snippet found is an FP (else TN), pooled over all
//!   snippets; matching is on whitespace-normalised text as trafilatura's `eval_common.py` does.
//!   Also exact-day date accuracy, normalised title accuracy and author accuracy where the
//!   ground truth has them. Authors are compared lowercased with whitespace collapsed; a system's
//!   author is correct when both are non-empty and they are equal or one contains the other (so
//!   "Heiko" for "Heiko Müller", or a list "A; B" holding the gold "A", count); no author is wrong.
//!
//! Per language: each page is labelled once from its ground truth, never from a system's output
//! ([`parallax_lang::detect`] on ScrapingHub's `articleBody`, on the trafilatura set's `with`
//! snippets joined by spaces; "und" when it cannot tell). After each set's table comes a short
//! one with a row per language with at least 10 pages (the rest pooled as "other"): the set's
//! main metric on that language's pages (ScrapingHub: the official F1; trafilatura set: pooled
//! snippet F1 and date accuracy). Labels are computed before anything is timed.
//!
//! Memory: for each in-process call the peak extra heap, i.e. the most the heap grew above its
//! level at the call's start (the returned result included), measured by the binary's counting
//! global allocator ([`crate::alloc`]); the tables give its median and max over pages ("peak MB").
//! For Python trafilatura, whose heap lives in another process, they give that process's peak RSS
//! instead. At the end the eval process's own peak RSS (VmHWM) is printed, all systems together.
//!
//! Every system gets the same decoded page ([`parallax_extract::charset::decode`]). The timed
//! span is one system's work from bytes to result: decoding is inside Parallax's `extract`, so it
//! is timed for the peers too (it is a small share either way). Python trafilatura's time is its
//! own `bare_extraction` call as the script measures it (decoding and the pipe are not in it).
//! A system that errors or panics on a page scores as empty output there; errors and panics are
//! counted separately.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use parallax_extract::{DefaultExtractor, Extractor};
use parallax_model::{DocFormat, Hints, RawDoc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::metrics::{harmonic, ratio};

/// Options of the extraction benchmark.
#[derive(Debug, Clone)]
pub struct Opts {
    /// The shared data directory (holds `extraction/`).
    pub data: PathBuf,
    /// Where `extraction.json` goes (created if missing).
    pub out: PathBuf,
    /// Use at most this many pages per set.
    pub limit: Option<usize>,
    /// A Python interpreter with trafilatura: adds Python trafilatura as a peer.
    pub python: Option<PathBuf>,
}

const SCRAPINGHUB: &str = "scrapinghub-aeb";
const TRAFILATURA_EVAL: &str = "trafilatura-eval";

/// Runs both sets with all systems, prints one table per set and writes `<out>/extraction.json`.
pub fn run(opts: &Opts) -> Result<()> {
    let root = opts.data.join("extraction");
    let sh_dir = root.join(SCRAPINGHUB);
    let te_dir = root.join(TRAFILATURA_EVAL);
    for p in [sh_dir.join("ground-truth.json"), sh_dir.join("html"), te_dir.join("evaldata.json"), te_dir.join("pages")]
    {
        if !p.exists() {
            bail!("extraction data not found: {} is missing", p.display());
        }
    }
    let python_peer = match &opts.python {
        Some(python) => {
            let version = check_python(python)?;
            eprintln!("trafilatura-py: Python trafilatura {version} run by {}", python.display());
            Some(json!({ "python": python.display().to_string(), "trafilatura": version }))
        }
        None => None,
    };
    let opts = opts.clone();
    // Deeply nested pages can recurse deep in a parser; a stack overflow cannot be caught, so
    // the (still single) worker thread gets a generous stack.
    let worker = std::thread::Builder::new()
        .name("extraction-eval".into())
        .stack_size(512 << 20)
        .spawn(move || -> Result<()> {
            let sh = run_scrapinghub(&sh_dir, &opts)?;
            let te = run_trafilatura_eval(&te_dir, &opts)?;
            let rss = crate::alloc::peak_rss_mb();
            println!();
            match rss {
                Some(mb) => println!("parallax-eval peak RSS (VmHWM, all in-process systems together): {mb:.0} MB"),
                None => println!("parallax-eval peak RSS: n/a (no /proc/self/status)"),
            }
            let mut report = json!({ SCRAPINGHUB: sh, TRAFILATURA_EVAL: te, "eval_peak_rss_mb": rss });
            if let Some(peer) = python_peer {
                merge(&mut report, json!({ "python_peer": peer }));
            }
            std::fs::create_dir_all(&opts.out).with_context(|| format!("cannot create {}", opts.out.display()))?;
            let path = opts.out.join("extraction.json");
            std::fs::write(&path, serde_json::to_string_pretty(&report)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("results written to {}", path.display());
            Ok(())
        })
        .context("cannot start the evaluation thread")?;
    match worker.join() {
        Ok(r) => r,
        Err(_) => bail!("the extraction benchmark panicked outside a guarded extraction call"),
    }
}

// ---------------------------------------------------------------------------------------------
// Systems

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum System {
    Parallax,
    Trafilatura,
    DomSmoothie,
    /// Python trafilatura, run by [`PyPeer`].
    TrafilaturaPy,
}

/// The systems run in process.
const SYSTEMS: [System; 3] = [System::Parallax, System::Trafilatura, System::DomSmoothie];

impl System {
    fn name(self) -> &'static str {
        match self {
            System::Parallax => "parallax",
            System::Trafilatura => "trafilatura-rs",
            System::DomSmoothie => "dom_smoothie",
            System::TrafilaturaPy => "trafilatura-py",
        }
    }
}

/// What a system produced for one page; empty when it failed.
#[derive(Debug, Default, Clone)]
struct Output {
    text: String,
    title: Option<String>,
    /// `YYYY-MM-DD`.
    date: Option<String>,
    author: Option<String>,
}

enum Outcome {
    Ok(Output),
    Err(String),
    Panic(String),
}

/// Runs one system on one page from bytes; this is the timed span.
fn extract_with(sys: System, name: &str, body: &[u8], url: Option<&str>) -> Result<Output, String> {
    match sys {
        System::Parallax => {
            let doc = RawDoc {
                origin: name.to_string(),
                key: name.to_string(),
                format: DocFormat::Html,
                body: body.to_vec(),
                charset: None,
                hints: Hints { url: url.map(str::to_string), ..Default::default() },
            };
            let art = DefaultExtractor.extract(&doc).map_err(|e| e.to_string())?;
            Ok(Output {
                text: art.text,
                title: art.title,
                date: art.published.map(|d| d.format("%Y-%m-%d").to_string()),
                author: art.author,
            })
        }
        System::Trafilatura => {
            let html = parallax_extract::charset::decode(body, None);
            let r = trafilatura::extract(&html, &trafilatura::Options::default()).map_err(|e| e.to_string())?;
            let md = r.metadata;
            Ok(Output {
                text: r.content_text,
                title: Some(md.title).filter(|t| !t.trim().is_empty()),
                date: md.date.map(|d| d.format("%Y-%m-%d").to_string()),
                author: Some(md.author).filter(|a| !a.trim().is_empty()),
            })
        }
        System::DomSmoothie => {
            let html = parallax_extract::charset::decode(body, None);
            let mut r = dom_smoothie::Readability::new(html.as_str(), url, None).map_err(|e| e.to_string())?;
            let a = r.parse().map_err(|e| e.to_string())?;
            Ok(Output {
                text: a.text_content.to_string(),
                title: Some(a.title).filter(|t| !t.trim().is_empty()),
                date: a.published_time.as_deref().and_then(|t| t.get(..10)).and_then(day_of),
                author: a.byline.filter(|b| !b.trim().is_empty()),
            })
        }
        System::TrafilaturaPy => Err("Python trafilatura runs in its own process".to_string()),
    }
}

/// One system's call on one page: what it gave, how long it took and how much memory it used.
struct Call {
    outcome: Outcome,
    ms: f64,
    mem: Mem,
}

/// Memory use of one call.
#[derive(Debug, Clone, Copy)]
enum Mem {
    /// In-process systems: the most the heap grew during the call, in bytes (the result it
    /// returned included), from the counting allocator ([`crate::alloc`]).
    Heap(usize),
    /// Python trafilatura: its process's peak RSS so far, in MB.
    ProcessRss(f64),
    Unknown,
}

/// Runs, times and measures one system on one page, turning errors and panics into outcomes.
fn guarded(sys: System, name: &str, body: &[u8], url: Option<&str>) -> Call {
    let heap_start = crate::alloc::window_start();
    let start = Instant::now();
    let r = catch_unwind(AssertUnwindSafe(|| extract_with(sys, name, body, url)));
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let heap = crate::alloc::window_peak(heap_start);
    let outcome = match r {
        Ok(Ok(o)) => Outcome::Ok(o),
        Ok(Err(e)) => Outcome::Err(e),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".to_string());
            Outcome::Panic(msg)
        }
    };
    Call { outcome, ms, mem: Mem::Heap(heap) }
}

/// One call per system on a tiny page so one-time set-up (models, lazy statics) is not timed.
fn warm_up() {
    let page = b"<html><head><title>Warm up</title></head><body><article><p>This is a short \
                 warm-up paragraph, long enough to count as an article body for every system \
                 that is measured here.</p></article></body></html>";
    for sys in SYSTEMS {
        let _ = guarded(sys, "warm-up", page, Some("https://example.com/warm-up"));
    }
}

/// The systems of one set's run: the in-process ones, and Python trafilatura when asked for.
struct Runner {
    python: Option<PyPeer>,
}

impl Runner {
    fn start(opts: &Opts) -> Result<Self> {
        Ok(Runner { python: opts.python.as_deref().map(PyPeer::start).transpose()? })
    }

    fn systems(&self) -> Vec<System> {
        SYSTEMS.into_iter().chain(self.python.as_ref().map(|_| System::TrafilaturaPy)).collect()
    }

    /// Runs one system on one page.
    fn run(&mut self, sys: System, name: &str, body: &[u8], url: Option<&str>) -> Result<Call> {
        match (sys, &mut self.python) {
            (System::TrafilaturaPy, Some(py)) => py.ask(name, body, url),
            _ => Ok(guarded(sys, name, body, url)),
        }
    }
}

/// `scripts/bench/extraction_peer.py`, which runs Python trafilatura.
fn peer_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench/extraction_peer.py")
}

/// Checks that `python` runs and imports trafilatura, and that the peer script is there; returns
/// trafilatura's version.
fn check_python(python: &Path) -> Result<String> {
    let script = peer_script();
    if !script.is_file() {
        bail!("the Python peer script {} is missing", script.display());
    }
    let out = Command::new(python)
        .args(["-c", "import trafilatura; print(trafilatura.__version__)"])
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run the Python interpreter {}", python.display()))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        bail!(
            "{} cannot import trafilatura ({}); scripts/bench/extraction.sh sets up a venv with it",
            python.display(),
            truncate(stderr.trim().lines().last().unwrap_or("no message"), 200)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Python trafilatura in one process running [`peer_script`]: one JSON line per page in, one out.
/// Pages go one at a time, so Python never runs while a Rust system is timed; the script reads a
/// whole line before it answers, so a large page cannot deadlock the pipes.
struct PyPeer {
    python: PathBuf,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The peer's answer for one page (see `scripts/bench/extraction_peer.py`).
#[derive(Debug, Deserialize)]
struct PeerAnswer {
    id: Option<String>,
    #[serde(default)]
    text: String,
    title: Option<String>,
    date: Option<String>,
    /// Optional: older versions of the script did not send it.
    #[serde(default)]
    author: Option<String>,
    ms: f64,
    /// The Python process's peak RSS so far (optional, as `author`).
    #[serde(default)]
    peak_rss_mb: Option<f64>,
    error: Option<String>,
}

impl PyPeer {
    fn start(python: &Path) -> Result<Self> {
        let mut child = Command::new(python)
            .arg(peer_script())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {} {}", python.display(), peer_script().display()))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            bail!("no pipes to the Python peer");
        };
        let mut peer = PyPeer { python: python.to_path_buf(), child, stdin, stdout: BufReader::new(stdout) };
        // The script warms up before it reads its first page: wait for that, so it does not run
        // alongside the first timed Rust systems.
        peer.ask("warm-up", b"<html></html>", None)?;
        Ok(peer)
    }

    /// Sends one page (decoded as every system gets it) and waits for the answer.
    fn ask(&mut self, id: &str, body: &[u8], url: Option<&str>) -> Result<Call> {
        let html = parallax_extract::charset::decode(body, None);
        let mut request = serde_json::to_vec(&json!({ "id": id, "url": url, "html": html }))?;
        request.push(b'\n');
        let lost = || format!("the Python peer ({}) stopped at page {id}", self.python.display());
        self.stdin.write_all(&request).and_then(|()| self.stdin.flush()).with_context(lost)?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line).with_context(lost)? == 0 {
            bail!("{}: it exited", lost());
        }
        parse_answer(&line, id)
    }
}

impl Drop for PyPeer {
    fn drop(&mut self) {
        // Every answer has been read (or the run failed): nothing is lost.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer line of the Python peer for page `id`.
fn parse_answer(line: &str, id: &str) -> Result<Call> {
    let a: PeerAnswer = serde_json::from_str(line)
        .with_context(|| format!("bad answer from the Python peer: {}", truncate(line, 200)))?;
    if a.id.as_deref() != Some(id) {
        bail!("the Python peer answered for {:?} instead of {id}", a.id);
    }
    let outcome = match a.error {
        Some(e) => Outcome::Err(e),
        None => Outcome::Ok(Output {
            text: a.text,
            title: a.title.filter(|t| !t.trim().is_empty()),
            date: a.date.as_deref().and_then(day_of),
            author: a.author.filter(|t| !t.trim().is_empty()),
        }),
    };
    let mem = a.peak_rss_mb.map_or(Mem::Unknown, Mem::ProcessRss);
    Ok(Call { outcome, ms: a.ms, mem })
}

/// Per system and set: timings, memory and failure counts.
#[derive(Default)]
struct Runs {
    ms: Vec<f64>,
    /// Per page peak extra heap in bytes (in-process systems).
    heap: Vec<usize>,
    /// The largest process peak RSS reported, in MB (Python trafilatura).
    process_rss_mb: Option<f64>,
    errors: usize,
    panics: usize,
    /// Pages where the system returned (without error) an empty text.
    empty: usize,
    /// First few failures, for the report.
    failures: Vec<String>,
}

impl Runs {
    fn record(&mut self, sys: System, page: &str, call: Call) -> Output {
        self.ms.push(call.ms);
        match call.mem {
            Mem::Heap(bytes) => self.heap.push(bytes),
            Mem::ProcessRss(mb) => self.process_rss_mb = Some(self.process_rss_mb.map_or(mb, |m| m.max(mb))),
            Mem::Unknown => {}
        }
        let note = |kind: &str, msg: &str| format!("{page}: {kind}: {}", truncate(msg, 160));
        match call.outcome {
            Outcome::Ok(o) => {
                if o.text.trim().is_empty() {
                    self.empty += 1;
                }
                o
            }
            Outcome::Err(e) => {
                self.errors += 1;
                if self.failures.len() < 10 {
                    self.failures.push(note("error", &e));
                }
                Output::default()
            }
            Outcome::Panic(p) => {
                self.panics += 1;
                eprintln!("  {} panicked on {page}: {}", sys.name(), truncate(&p, 200));
                if self.failures.len() < 10 {
                    self.failures.push(note("panic", &p));
                }
                Output::default()
            }
        }
    }

    fn json(&self) -> Value {
        json!({
            "pages": self.ms.len(),
            "errors": self.errors,
            "panics": self.panics,
            "empty_outputs": self.empty,
            "ms_median": percentile(&self.ms, 0.5),
            "ms_p99": percentile(&self.ms, 0.99),
            "ms_mean": mean(&self.ms),
            "ms_total": self.ms.iter().sum::<f64>(),
            "peak_heap_mb_median": self.heap_mb(0.5),
            "peak_heap_mb_max": self.heap_mb(1.0),
            "process_peak_rss_mb": self.process_rss_mb,
            "first_failures": self.failures,
        })
    }

    /// A percentile (`q` in 0..=1) of the per-page peak heap in MB; `None` without measurements.
    fn heap_mb(&self, q: f64) -> Option<f64> {
        let mb: Vec<f64> = self.heap.iter().map(|&b| b as f64 / MB).collect();
        (!mb.is_empty()).then(|| percentile(&mb, q))
    }

    /// The "peak MB (median/max)" cell: the per-page peak heap, else the peer process's peak RSS.
    fn mem_cell(&self) -> String {
        match (self.heap_mb(0.5), self.heap_mb(1.0), self.process_rss_mb) {
            (Some(median), Some(max), _) => format!("{median:.1} / {max:.1}"),
            (_, _, Some(rss)) => format!("RSS {rss:.0}"),
            _ => "n/a".to_string(),
        }
    }
}

const MB: f64 = 1024.0 * 1024.0;

/// The note under a main table explaining its memory column.
const MEM_NOTE: &str = "  peak MB: most heap one extraction call allocated above its start, median / max over pages; \
                        RSS: the Python process's peak resident set";

fn truncate(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

// ---------------------------------------------------------------------------------------------
// Data

fn read_gz(path: &Path) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_end(&mut out)
        .with_context(|| format!("cannot decompress {}", path.display()))?;
    Ok(out)
}

fn read_json(path: &Path) -> Result<Value> {
    let s = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&s).with_context(|| format!("cannot parse {}", path.display()))
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn str_list(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn progress(set: &str, done: usize, total: usize, started: Instant) {
    if done.is_multiple_of(100) || done == total {
        eprintln!("{set}: {done}/{total} pages ({:.0} s)", started.elapsed().as_secs_f64());
    }
}

// ---------------------------------------------------------------------------------------------
// ScrapingHub article-extraction-benchmark

#[derive(Default)]
struct ShScores {
    runs: Runs,
    /// Per page (P, R, F1) on whitespace-token shingle sets.
    prf: Vec<(f64, f64, f64)>,
    /// Per page normalised (tp, fp, fn) on the benchmark's own metric.
    official: Vec<(f64, f64, f64)>,
}

/// The object in a ground-truth file, its keys sorted (the first `limit`), and how many it has.
fn sorted_keys<'a>(
    v: &'a Value,
    path: &Path,
    limit: Option<usize>,
) -> Result<(&'a serde_json::Map<String, Value>, Vec<&'a String>, usize)> {
    let Some(obj) = v.as_object() else { bail!("{}: expected a JSON object", path.display()) };
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    let available = keys.len();
    if let Some(n) = limit {
        keys.truncate(n);
    }
    Ok((obj, keys, available))
}

fn run_scrapinghub(dir: &Path, opts: &Opts) -> Result<Value> {
    let gt = read_json(&dir.join("ground-truth.json"))?;
    let (gt, ids, total_available) = sorted_keys(&gt, &dir.join("ground-truth.json"), opts.limit)?;
    let total = ids.len();
    // Labelled before anything is timed (this also loads lingua's lazily loaded models).
    let labels: Vec<String> =
        ids.iter().map(|id| lang_label(&str_field(&gt[id.as_str()], "articleBody").unwrap_or_default())).collect();
    warm_up();
    let mut runner = Runner::start(opts)?;
    let lineup = runner.systems();
    let mut scores: Vec<ShScores> = lineup.iter().map(|_| ShScores::default()).collect();
    let mut missing = Vec::new();
    let mut per_page = Vec::new();
    // The language of each scored page, in the order of the per-page scores.
    let mut langs = Vec::new();
    let started = Instant::now();
    for (i, id) in ids.iter().enumerate() {
        let item = &gt[id.as_str()];
        let truth = str_field(item, "articleBody").unwrap_or_default();
        let url = str_field(item, "url").as_deref().and_then(page_url);
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let body = match read_gz(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("  skipping {id}: {e:#}");
                missing.push(id.to_string());
                continue;
            }
        };
        let name = format!("{id}.html.gz");
        langs.push(labels[i].clone());
        let mut page = serde_json::Map::new();
        page.insert("id".into(), json!(id));
        page.insert("lang".into(), json!(labels[i]));
        for (sys, sc) in lineup.iter().zip(scores.iter_mut()) {
            let call = runner.run(*sys, &name, &body, url.as_deref())?;
            let (ms, heap_kb) = (call.ms, heap_kb(call.mem));
            let out = sc.runs.record(*sys, id, call);
            let (p, r, f) = shingle_prf(&truth, &out.text);
            sc.prf.push((p, r, f));
            sc.official.push(official_tp_fp_fn(&truth, &out.text));
            page.insert(sys.name().into(), json!({ "f1": round4(f), "ms": round4(ms), "heap_kb": heap_kb }));
        }
        per_page.push(Value::Object(page));
        progress("scrapinghub", i + 1, total, started);
    }
    let pages = total - missing.len();

    println!();
    println!(
        "Extraction — ScrapingHub article-extraction-benchmark ({}): {pages} pages{}",
        dir.display(),
        if pages < total_available { format!(" of {total_available}") } else { String::new() }
    );
    println!("  shingles: sets of 4-grams of whitespace tokens, P/R/F1 averaged per page");
    println!("  official: the benchmark's evaluate.py (\\w+ tokens, multisets, F1 of mean P and mean R)");
    let mut table = TextTable::new(&[
        "system",
        "P",
        "R",
        "F1",
        "F1>=0.99",
        "official P",
        "official R",
        "official F1",
        "median ms",
        "p99 ms",
        "peak MB (median/max)",
        "errors",
        "panics",
        "empty",
    ]);
    let mut systems = serde_json::Map::new();
    for (sys, sc) in lineup.iter().zip(&scores) {
        let n = sc.prf.len().max(1) as f64;
        let p = sc.prf.iter().map(|x| x.0).sum::<f64>() / n;
        let r = sc.prf.iter().map(|x| x.1).sum::<f64>() / n;
        let f = sc.prf.iter().map(|x| x.2).sum::<f64>() / n;
        let perfect = sc.prf.iter().filter(|x| x.2 >= 0.99).count() as f64 / n;
        let (op, or, of) = official_metrics(&sc.official);
        table.row(vec![
            sys.name().to_string(),
            f3(p),
            f3(r),
            f3(f),
            f3(perfect),
            f3(op),
            f3(or),
            f3(of),
            f1(percentile(&sc.runs.ms, 0.5)),
            f1(percentile(&sc.runs.ms, 0.99)),
            sc.runs.mem_cell(),
            sc.runs.errors.to_string(),
            sc.runs.panics.to_string(),
            sc.runs.empty.to_string(),
        ]);
        let mut v = json!({
            "precision": p,
            "recall": r,
            "f1": f,
            "share_f1_ge_0_99": perfect,
            "official": { "precision": op, "recall": or, "f1": of },
        });
        merge(&mut v, sc.runs.json());
        systems.insert(sys.name().into(), v);
    }
    table.print();
    println!("{MEM_NOTE}");
    print_failures(lineup.iter().zip(scores.iter().map(|s| &s.runs)));

    // Per language: the official metric on each language's pages.
    let groups = language_groups(&langs, MIN_LANG_PAGES);
    println!();
    println!("  per language (detected on articleBody; under {MIN_LANG_PAGES} pages pooled as \"other\"): official F1");
    let header: Vec<&str> = ["language", "pages"].into_iter().chain(lineup.iter().map(|s| s.name())).collect();
    let mut table = TextTable::new(&header);
    let mut per_language = Vec::new();
    for g in &groups {
        let mut row = vec![g.name.clone(), g.pages.len().to_string()];
        let mut systems = serde_json::Map::new();
        for (sys, sc) in lineup.iter().zip(&scores) {
            let pages: Vec<(f64, f64, f64)> = g.pages.iter().map(|&i| sc.official[i]).collect();
            let (op, or, of) = official_metrics(&pages);
            row.push(f3(of));
            systems.insert(sys.name().into(), json!({ "official": { "precision": op, "recall": or, "f1": of } }));
        }
        table.row(row);
        per_language.push(g.json(systems));
    }
    table.print();
    Ok(json!({
        "data": dir.display().to_string(),
        "pages": pages,
        "pages_available": total_available,
        "missing_pages": missing,
        "per_language": per_language,
        "metric": "per-page P/R/F1 over sets of 4-gram shingles of whitespace tokens, averaged; \
                   official: ScrapingHub evaluate.py",
        "systems": systems,
        "per_page": per_page,
    }))
}

/// The shingles of a text: 4-grams of whitespace tokens, or all tokens as one shingle when there
/// are fewer than four; none for an empty text.
fn shingles(text: &str) -> HashSet<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.is_empty() {
        return HashSet::new();
    }
    if tokens.len() < 4 {
        return HashSet::from([tokens.join(" ")]);
    }
    tokens.windows(4).map(|w| w.join(" ")).collect()
}

/// Per-page precision, recall and F1 of `pred` against `truth` on shingle sets. Two empty texts
/// agree perfectly; an empty side otherwise scores 0.
fn shingle_prf(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    if t.is_empty() && p.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    if t.is_empty() || p.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let tp = t.intersection(&p).count() as f64;
    let precision = tp / p.len() as f64;
    let recall = tp / t.len() as f64;
    (precision, recall, harmonic(precision, recall))
}

/// `\w+` tokens as Python's `re` finds them (letters, digits, underscore).
fn word_tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect()
}

/// The benchmark's own per-page counts: multisets of 4-gram shingles of `\w+` tokens (one shorter
/// shingle for short texts), (tp, fp, fn) normalised to sum to 1.
fn official_tp_fp_fn(truth: &str, pred: &str) -> (f64, f64, f64) {
    fn counts(text: &str) -> HashMap<Vec<&str>, usize> {
        let tokens = word_tokens(text);
        let mut m = HashMap::new();
        for i in 0..tokens.len().saturating_sub(4) + 1 {
            let s = &tokens[i..(i + 4).min(tokens.len())];
            if !s.is_empty() {
                *m.entry(s.to_vec()).or_insert(0) += 1;
            }
        }
        m
    }
    let t = counts(truth);
    let p = counts(pred);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let tc = t.get(key).copied().unwrap_or(0) as f64;
        let pc = p.get(key).copied().unwrap_or(0) as f64;
        tp += tc.min(pc);
        fp += (pc - tc).max(0.0);
        fn_ += (tc - pc).max(0.0);
    }
    let s = tp + fp + fn_;
    if s > 0.0 { (tp / s, fp / s, fn_ / s) } else { (0.0, 0.0, 0.0) }
}

/// Mean precision over pages with output, mean recall over pages with truth, F1 of the two.
fn official_metrics(pages: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let prec: Vec<f64> = pages
        .iter()
        .filter(|(tp, fp, _)| tp + fp > 0.0)
        .map(|&(tp, fp, fn_)| if fp == 0.0 && fn_ == 0.0 { 1.0 } else { tp / (tp + fp) })
        .collect();
    let rec: Vec<f64> = pages
        .iter()
        .filter(|(tp, _, fn_)| tp + fn_ > 0.0)
        .map(|&(tp, fp, fn_)| if fp == 0.0 && fn_ == 0.0 { 1.0 } else { tp / (tp + fn_) })
        .collect();
    let (p, r) = (mean(&prec), mean(&rec));
    (p, r, harmonic(p, r))
}

// ---------------------------------------------------------------------------------------------
// trafilatura evaluation set

#[derive(Default)]
struct TeScores {
    runs: Runs,
    counts: SnippetCounts,
    dated: usize,
    date_ok: usize,
    titled: usize,
    title_ok: usize,
    authored: usize,
    author_ok: usize,
    /// Per scored page: snippet counts and, where the page has a gold date, whether it was right.
    pages: Vec<(SnippetCounts, Option<bool>)>,
}

/// Confusion counts over snippets.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct SnippetCounts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl SnippetCounts {
    fn add(&mut self, o: SnippetCounts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
    }

    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }
}

/// Whitespace-normalised text: runs of whitespace become one space, ends trimmed.
fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores one page's output against its `with` and `without` snippets (substring matching on
/// whitespace-normalised text, as trafilatura's `eval_common.count_item`).
fn score_snippets(output: &str, with: &[String], without: &[String]) -> SnippetCounts {
    let out = norm_ws(output);
    let found = |s: &String| out.contains(norm_ws(s).as_str());
    let tp = with.iter().filter(|s| found(s)).count();
    let fp = without.iter().filter(|s| found(s)).count();
    SnippetCounts { tp, fp, fn_: with.len() - tp, tn: without.len() - fp }
}

/// A date's day as `YYYY-MM-DD` from a string starting `Y-M-D` (one- or two-digit month and day
/// are accepted and zero-padded); `None` if it does not start like that.
fn day_of(s: &str) -> Option<String> {
    let head: String = s.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
    let mut parts = head.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The absolute http(s) URL in a ground-truth key or field, if any (skipping a marker prefix).
fn page_url(key: &str) -> Option<String> {
    let start = key.find("http://").into_iter().chain(key.find("https://")).min()?;
    let url = key[start..].trim();
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    (!rest.is_empty() && !url.contains(char::is_whitespace)).then(|| url.to_string())
}

/// Title for comparison: lowercase, whitespace collapsed.
fn norm_title(s: &str) -> String {
    norm_ws(&s.to_lowercase())
}

/// Author for comparison: lowercase, whitespace collapsed (as titles).
fn norm_author(s: &str) -> String {
    norm_ws(&s.to_lowercase())
}

/// Whether a system's author `pred` matches the normalised gold author `gold`: both non-empty
/// after [`norm_author`] and equal, or one contains the other ("Heiko" for "Heiko Müller", or a
/// list "a; b" holding the gold "a").
fn author_matches(gold: &str, pred: &str) -> bool {
    let pred = norm_author(pred);
    !gold.is_empty() && !pred.is_empty() && (gold.contains(pred.as_str()) || pred.contains(gold))
}

fn run_trafilatura_eval(dir: &Path, opts: &Opts) -> Result<Value> {
    let data = read_json(&dir.join("evaldata.json"))?;
    let (data, urls, total_available) = sorted_keys(&data, &dir.join("evaldata.json"), opts.limit)?;
    let total = urls.len();
    // Labelled before anything is timed (this also loads lingua's lazily loaded models).
    let labels: Vec<String> =
        urls.iter().map(|url| lang_label(&str_list(&data[url.as_str()], "with").join(" "))).collect();
    warm_up();
    let mut runner = Runner::start(opts)?;
    let lineup = runner.systems();
    let mut scores: Vec<TeScores> = lineup.iter().map(|_| TeScores::default()).collect();
    let mut missing = Vec::new();
    let mut per_page = Vec::new();
    // The language of each scored page, in the order of the per-page scores.
    let mut langs = Vec::new();
    let (mut dated_pages, mut titled_pages, mut authored_pages) = (0, 0, 0);
    let started = Instant::now();
    for (i, url) in urls.iter().enumerate() {
        let item = &data[url.as_str()];
        let Some(file) = str_field(item, "file") else {
            eprintln!("  skipping {url}: no \"file\"");
            missing.push(url.to_string());
            continue;
        };
        let path = dir.join("pages").join(format!("{file}.gz"));
        let body = match read_gz(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("  skipping {file}: {e:#}");
                missing.push(file);
                continue;
            }
        };
        // Keys are URLs, some with a marker prefix ("hard::<file>", "xhttps://…"); only a real
        // absolute URL is passed on (dom_smoothie rejects anything else).
        let page_url = page_url(url);
        let with = str_list(item, "with");
        let without = str_list(item, "without");
        let gold_date = str_field(item, "date").as_deref().and_then(day_of);
        let gold_title = str_field(item, "title").map(|t| norm_title(&t)).filter(|t| !t.is_empty());
        let gold_author = str_field(item, "author").map(|a| norm_author(&a)).filter(|a| !a.is_empty());
        dated_pages += usize::from(gold_date.is_some());
        titled_pages += usize::from(gold_title.is_some());
        authored_pages += usize::from(gold_author.is_some());
        langs.push(labels[i].clone());
        let mut page = serde_json::Map::new();
        page.insert("file".into(), json!(file));
        page.insert("lang".into(), json!(labels[i]));
        for (sys, sc) in lineup.iter().zip(scores.iter_mut()) {
            let call = runner.run(*sys, &file, &body, page_url.as_deref())?;
            let (ms, heap_kb) = (call.ms, heap_kb(call.mem));
            let out = sc.runs.record(*sys, &file, call);
            let c = score_snippets(&out.text, &with, &without);
            sc.counts.add(c);
            let date_ok = gold_date.as_ref().map(|g| out.date.as_ref() == Some(g));
            if let Some(ok) = date_ok {
                sc.dated += 1;
                sc.date_ok += usize::from(ok);
            }
            sc.pages.push((c, date_ok));
            let title_ok = gold_title.as_ref().map(|g| out.title.as_deref().map(norm_title).as_ref() == Some(g));
            if let Some(ok) = title_ok {
                sc.titled += 1;
                sc.title_ok += usize::from(ok);
            }
            let author_ok = gold_author.as_deref().map(|g| out.author.as_deref().is_some_and(|a| author_matches(g, a)));
            if let Some(ok) = author_ok {
                sc.authored += 1;
                sc.author_ok += usize::from(ok);
            }
            page.insert(
                sys.name().into(),
                json!({
                    "tp": c.tp, "fp": c.fp, "fn": c.fn_, "tn": c.tn,
                    "date_ok": date_ok, "title_ok": title_ok, "author_ok": author_ok,
                    "ms": round4(ms), "heap_kb": heap_kb,
                }),
            );
        }
        per_page.push(Value::Object(page));
        progress("trafilatura-eval", i + 1, total, started);
    }
    let pages = total - missing.len();

    println!();
    println!(
        "Extraction — trafilatura evaluation set ({}): {pages} pages{}, {dated_pages} with a date, \
         {titled_pages} with a title, {authored_pages} with an author",
        dir.display(),
        if pages < total_available { format!(" of {total_available}") } else { String::new() }
    );
    println!("  snippets: with/without substrings on whitespace-normalised text, pooled over all snippets");
    let mut table = TextTable::new(&[
        "system",
        "P",
        "R",
        "F1",
        "acc",
        "date acc",
        "title acc",
        "author acc",
        "median ms",
        "p99 ms",
        "peak MB (median/max)",
        "errors",
        "panics",
        "empty",
    ]);
    let mut systems = serde_json::Map::new();
    for (sys, sc) in lineup.iter().zip(&scores) {
        let c = sc.counts;
        let date_acc = ratio(sc.date_ok, sc.dated);
        let title_acc = ratio(sc.title_ok, sc.titled);
        let author_acc = ratio(sc.author_ok, sc.authored);
        table.row(vec![
            sys.name().to_string(),
            f3(c.precision()),
            f3(c.recall()),
            f3(c.f1()),
            f3(c.accuracy()),
            format!("{} (n={})", f3(date_acc), sc.dated),
            format!("{} (n={})", f3(title_acc), sc.titled),
            format!("{} (n={})", f3(author_acc), sc.authored),
            f1(percentile(&sc.runs.ms, 0.5)),
            f1(percentile(&sc.runs.ms, 0.99)),
            sc.runs.mem_cell(),
            sc.runs.errors.to_string(),
            sc.runs.panics.to_string(),
            sc.runs.empty.to_string(),
        ]);
        let mut v = json!({
            "precision": c.precision(),
            "recall": c.recall(),
            "f1": c.f1(),
            "accuracy": c.accuracy(),
            "tp": c.tp, "fp": c.fp, "fn": c.fn_, "tn": c.tn,
            "date_accuracy": date_acc,
            "dated_pages": sc.dated,
            "dates_correct": sc.date_ok,
            "title_accuracy": title_acc,
            "titled_pages": sc.titled,
            "titles_correct": sc.title_ok,
            "author_accuracy": author_acc,
            "authored_pages": sc.authored,
            "authors_correct": sc.author_ok,
        });
        merge(&mut v, sc.runs.json());
        systems.insert(sys.name().into(), v);
    }
    table.print();
    println!("{MEM_NOTE}");
    println!("  author: lowercase, whitespace collapsed; equal, or one contains the other");
    print_failures(lineup.iter().zip(scores.iter().map(|s| &s.runs)));

    // Per language: pooled snippet F1 and date accuracy on each language's pages.
    let groups = language_groups(&langs, MIN_LANG_PAGES);
    println!();
    println!(
        "  per language (detected on the `with` snippets; under {MIN_LANG_PAGES} pages pooled as \"other\"): \
         snippet F1 / date acc"
    );
    let header: Vec<&str> = ["language", "pages", "dated"].into_iter().chain(lineup.iter().map(|s| s.name())).collect();
    let mut table = TextTable::new(&header);
    let mut per_language = Vec::new();
    for g in &groups {
        let dated = g.pages.iter().filter(|&&i| scores.first().is_some_and(|sc| sc.pages[i].1.is_some())).count();
        let mut row = vec![g.name.clone(), g.pages.len().to_string(), dated.to_string()];
        let mut systems = serde_json::Map::new();
        for (sys, sc) in lineup.iter().zip(&scores) {
            let mut c = SnippetCounts::default();
            let (mut dated, mut date_ok) = (0, 0);
            for &i in &g.pages {
                let (pc, ok) = sc.pages[i];
                c.add(pc);
                if let Some(ok) = ok {
                    dated += 1;
                    date_ok += usize::from(ok);
                }
            }
            let date_acc = ratio(date_ok, dated);
            row.push(format!("{} / {}", f3(c.f1()), if dated > 0 { f3(date_acc) } else { "-".to_string() }));
            systems.insert(
                sys.name().into(),
                json!({
                    "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                    "date_accuracy": date_acc, "dated_pages": dated, "dates_correct": date_ok,
                }),
            );
        }
        table.row(row);
        per_language.push(g.json(systems));
    }
    table.print();
    Ok(json!({
        "data": dir.display().to_string(),
        "pages": pages,
        "pages_available": total_available,
        "dated_pages": dated_pages,
        "titled_pages": titled_pages,
        "authored_pages": authored_pages,
        "per_language": per_language,
        "missing_pages": missing,
        "metric": "trafilatura eval: with/without snippets, whitespace-normalised substring match, pooled",
        "systems": systems,
        "per_page": per_page,
    }))
}

// ---------------------------------------------------------------------------------------------
// Per language

/// Languages with fewer pages than this in a set are pooled as "other" in the per-language tables.
const MIN_LANG_PAGES: usize = 10;

/// A page's language label from its ground-truth text: [`parallax_lang::detect`]'s ISO 639-1
/// code, or "und" when it cannot tell.
fn lang_label(truth: &str) -> String {
    parallax_lang::detect(truth).unwrap_or("und").to_string()
}

/// One row of a per-language table.
#[derive(Debug, PartialEq)]
struct LangGroup {
    /// A language label, or "other".
    name: String,
    /// The labels pooled into "other" (sorted); empty for a single language.
    pooled: Vec<String>,
    /// Indices of its pages in the labels given to [`language_groups`].
    pages: Vec<usize>,
}

impl LangGroup {
    fn json(&self, systems: serde_json::Map<String, Value>) -> Value {
        let mut v = json!({ "language": self.name, "pages": self.pages.len(), "systems": systems });
        if !self.pooled.is_empty() {
            merge(&mut v, json!({ "pooled": self.pooled }));
        }
        v
    }
}

/// Groups pages by language label: one group per label with at least `min_pages` pages, most
/// pages first (ties by label), then one "other" group pooling the rest, if any.
fn language_groups(labels: &[String], min_pages: usize) -> Vec<LangGroup> {
    let mut by_label: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        by_label.entry(l.as_str()).or_default().push(i);
    }
    let mut groups: Vec<LangGroup> = Vec::new();
    let mut other = LangGroup { name: "other".to_string(), pooled: Vec::new(), pages: Vec::new() };
    for (label, pages) in by_label {
        if pages.len() >= min_pages {
            groups.push(LangGroup { name: label.to_string(), pooled: Vec::new(), pages });
        } else {
            other.pooled.push(label.to_string());
            other.pages.extend(pages);
        }
    }
    groups.sort_by(|a, b| b.pages.len().cmp(&a.pages.len()).then_with(|| a.name.cmp(&b.name)));
    if !other.pages.is_empty() {
        other.pooled.sort();
        other.pages.sort_unstable();
        groups.push(other);
    }
    groups
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// A call's peak heap in KiB for the per-page JSON (`None` for the Python peer).
fn heap_kb(mem: Mem) -> Option<f64> {
    match mem {
        Mem::Heap(bytes) => Some((bytes as f64 / 1024.0).round()),
        _ => None,
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 }
}

/// Nearest-rank percentile (`q` in 0..=1); the median averages the two middle values.
fn percentile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if q == 0.5 && n.is_multiple_of(2) {
        return (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    v[rank - 1]
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

fn f1(x: f64) -> String {
    format!("{x:.1}")
}

/// Adds the fields of object `extra` to object `v`.
fn merge(v: &mut Value, extra: Value) {
    if let (Value::Object(a), Value::Object(b)) = (v, extra) {
        a.extend(b);
    }
}

fn print_failures<'a>(runs: impl Iterator<Item = (&'a System, &'a Runs)>) {
    for (sys, r) in runs {
        if !r.failures.is_empty() {
            println!("  {} failures ({} errors, {} panics), first ones:", sys.name(), r.errors, r.panics);
            for f in &r.failures {
                println!("    {f}");
            }
        }
    }
}

/// A plain-text table: first column left-aligned, the rest right-aligned.
struct TextTable {
    rows: Vec<Vec<String>>,
}

impl TextTable {
    fn new(header: &[&str]) -> Self {
        TextTable { rows: vec![header.iter().map(|s| s.to_string()).collect()] }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn print(&self) {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width: Vec<usize> = (0..cols)
            .map(|c| self.rows.iter().map(|r| r.get(c).map_or(0, |s| s.chars().count())).max().unwrap_or(0))
            .collect();
        for (i, r) in self.rows.iter().enumerate() {
            let cells: Vec<String> = width
                .iter()
                .enumerate()
                .map(|(c, &w)| {
                    let s = r.get(c).map_or("", String::as_str);
                    if c == 0 { format!("{s:<w$}") } else { format!("{s:>w$}") }
                })
                .collect();
            println!("  {}", cells.join("  "));
            if i == 0 {
                println!("  {}", width.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn shingles_of_short_and_long_texts() {
        assert!(shingles("  \n ").is_empty());
        assert_eq!(shingles("a b"), HashSet::from(["a b".to_string()]));
        assert_eq!(shingles("a  b\nc d e"), HashSet::from(["a b c d".to_string(), "b c d e".to_string()]));
    }

    #[test]
    fn shingle_scores() {
        // Identical texts, whitespace aside.
        assert_eq!(shingle_prf("one two three four five", "one  two\nthree four five"), (1.0, 1.0, 1.0));
        // Output has the 2 true shingles plus 2 extra: P = 2/4, R = 1.
        let (p, r, f) = shingle_prf("a b c d e", "a b c d e f g");
        assert!(close(p, 0.5) && close(r, 1.0) && close(f, 2.0 / 3.0), "{p} {r} {f}");
        // Output has 1 of 3 true shingles and nothing else: P = 1, R = 1/3.
        let (p, r, f) = shingle_prf("a b c d e f", "a b c d");
        assert!(close(p, 1.0) && close(r, 1.0 / 3.0) && close(f, 0.5), "{p} {r} {f}");
        // Empty output.
        assert_eq!(shingle_prf("a b c d", ""), (0.0, 0.0, 0.0));
        assert_eq!(shingle_prf("", ""), (1.0, 1.0, 1.0));
        // Short texts are one shingle.
        assert_eq!(shingle_prf("hello world", "hello world"), (1.0, 1.0, 1.0));
        assert_eq!(shingle_prf("hello world", "hello"), (0.0, 0.0, 0.0));
    }

    #[test]
    fn official_metric_matches_benchmark_script() {
        // \w+ tokens ignore punctuation: "a, b. c d" == "a b c d".
        let (tp, fp, fn_) = official_tp_fp_fn("a, b. c d", "a b c d");
        assert!(close(tp, 1.0) && fp == 0.0 && fn_ == 0.0);
        // Multisets: the output repeats the text, so its shingles are abcd bcde cdea deab eabc
        // abcd bcde against the truth's abcd bcde → tp 2, fp 5, fn 0, normalised.
        let (tp, fp, fn_) = official_tp_fp_fn("a b c d e", "a b c d e a b c d e");
        assert!(close(tp, 2.0 / 7.0) && close(fp, 5.0 / 7.0) && fn_ == 0.0, "{tp} {fp} {fn_}");
        // Empty output contributes to recall only.
        let pages = [official_tp_fp_fn("a b c d", "a b c d"), official_tp_fp_fn("a b c d", "")];
        let (p, r, f) = official_metrics(&pages);
        assert!(close(p, 1.0) && close(r, 0.5) && close(f, 2.0 / 3.0), "{p} {r} {f}");
        assert_eq!(word_tokens("Straße_1 über-all, 東京"), vec!["Straße_1", "über", "all", "東京"]);
    }

    #[test]
    fn snippet_scoring() {
        let with = vec!["Die GEMA dreht".to_string(), "am Zeiger!".to_string(), "nicht da".to_string()];
        let without = vec!["Impressum".to_string(), "31. Mai".to_string()];
        let out = "Die  GEMA\ndreht völlig am Zeiger!\n\nImpressum";
        let c = score_snippets(out, &with, &without);
        assert_eq!(c, SnippetCounts { tp: 2, fp: 1, fn_: 1, tn: 1 });
        let empty = score_snippets("", &with, &without);
        assert_eq!(empty, SnippetCounts { tp: 0, fp: 0, fn_: 3, tn: 2 });
        let mut all = c;
        all.add(empty);
        assert!(close(all.precision(), 2.0 / 3.0));
        assert!(close(all.recall(), 2.0 / 6.0));
        assert!(close(all.f1(), 4.0 / 9.0));
        assert!(close(all.accuracy(), 5.0 / 10.0));
    }

    #[test]
    fn dates_and_titles() {
        assert_eq!(day_of("2019-08-02").as_deref(), Some("2019-08-02"));
        assert_eq!(day_of("2019-08-02T10:00:00+02:00").as_deref(), Some("2019-08-02"));
        assert_eq!(day_of("2022-11-1").as_deref(), Some("2022-11-01"));
        assert_eq!(day_of("02.08.2019"), None);
        assert_eq!(day_of("2019-13-02"), None);
        assert_eq!(day_of(""), None);
        assert_eq!(page_url("https://a.example/x").as_deref(), Some("https://a.example/x"));
        assert_eq!(page_url("xhttps://a.example/x").as_deref(), Some("https://a.example/x"));
        assert_eq!(page_url("hard::a.example-x.html"), None);
        assert_eq!(norm_title("  JSON parsing:\n simdjson  "), "json parsing: simdjson");
    }

    #[test]
    fn python_peer_answers() {
        // Without the optional author and peak RSS (older script).
        let line = r#"{"id": "a.html", "text": "Body", "title": " ", "date": "2021-03-04", "ms": 8.5, "error": null}"#;
        let call = parse_answer(line, "a.html").expect("valid answer");
        assert!(matches!(call.mem, Mem::Unknown));
        let Outcome::Ok(out) = call.outcome else { panic!("expected an output") };
        assert_eq!(
            (out.text.as_str(), out.title, out.date.as_deref(), out.author, call.ms),
            ("Body", None, Some("2021-03-04"), None, 8.5)
        );
        let line = r#"{"id": "a", "text": "B", "title": "T", "date": null, "author": "Jo Doe", "ms": 2.0,
                       "peak_rss_mb": 95.5, "error": null}"#;
        let call = parse_answer(line, "a").expect("valid answer");
        assert!(matches!(call.mem, Mem::ProcessRss(mb) if mb == 95.5));
        let Outcome::Ok(out) = call.outcome else { panic!("expected an output") };
        assert_eq!(out.author.as_deref(), Some("Jo Doe"));
        let line = r#"{"id": "b", "text": "", "title": null, "date": null, "ms": 1.0, "error": "ValueError: x"}"#;
        assert!(matches!(parse_answer(line, "b"), Ok(Call { outcome: Outcome::Err(e), .. }) if e == "ValueError: x"));
        // Answers for another page, without a time, or not JSON are protocol errors.
        assert!(parse_answer(line, "c").is_err());
        assert!(parse_answer(r#"{"id": "b", "text": ""}"#, "b").is_err());
        assert!(parse_answer("Traceback (most recent call last):", "b").is_err());
    }

    #[test]
    fn authors() {
        assert_eq!(norm_author("  Daniel\n LEMIRE "), "daniel lemire");
        let gold = norm_author("Benjamin Fischer und Marcus Theurer");
        assert!(author_matches(&gold, "benjamin  fischer und marcus theurer"));
        // One contains the other, either way round.
        assert!(author_matches(&gold, "Benjamin Fischer"));
        assert!(author_matches("heiko", "Von Heiko; Redaktion"));
        assert!(!author_matches("heiko", "Robert"));
        // Empty on either side never matches.
        assert!(!author_matches("heiko", " \n"));
        assert!(!author_matches("", "Heiko"));
    }

    #[test]
    fn language_grouping() {
        let labels: Vec<String> =
            ["de", "en", "de", "und", "fr", "de", "en", "en", "fr"].iter().map(|s| s.to_string()).collect();
        let groups = language_groups(&labels, 2);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        // Most pages first, ties by label, singletons pooled last.
        assert_eq!(names, ["de", "en", "fr", "other"]);
        assert_eq!(groups[0].pages, [0, 2, 5]);
        assert_eq!(groups[2].pages, [4, 8]);
        assert_eq!(groups[3], LangGroup { name: "other".into(), pooled: vec!["und".into()], pages: vec![3] });
        assert!(groups[0].pooled.is_empty());
        // Every page lands in exactly one group.
        let mut all: Vec<usize> = groups.iter().flat_map(|g| g.pages.iter().copied()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..labels.len()).collect::<Vec<_>>());
        // Nothing to pool: no "other"; nothing large enough: only "other".
        assert_eq!(language_groups(&labels, 1).len(), 4);
        let pooled = language_groups(&labels, 10);
        assert_eq!((pooled.len(), pooled[0].pooled.len()), (1, 4));
        assert!(language_groups(&[], 10).is_empty());
        let v = groups[3].json(serde_json::Map::new());
        assert_eq!((v["language"].as_str(), v["pages"].as_u64()), (Some("other"), Some(1)));
        assert_eq!(v["pooled"], json!(["und"]));
        assert_eq!(lang_label(""), "und");
    }

    #[test]
    fn memory_cells() {
        let mut r = Runs::default();
        assert_eq!(r.mem_cell(), "n/a");
        for mb in [1, 3, 2] {
            r.heap.push(mb << 20);
        }
        assert_eq!((r.heap_mb(0.5), r.heap_mb(1.0)), (Some(2.0), Some(3.0)));
        assert_eq!(r.mem_cell(), "2.0 / 3.0");
        let mut py = Runs::default();
        for mb in [80.0, 120.0, 100.0] {
            let call = Call { outcome: Outcome::Ok(Output::default()), ms: 1.0, mem: Mem::ProcessRss(mb) };
            py.record(System::TrafilaturaPy, "p", call);
        }
        assert_eq!(py.mem_cell(), "RSS 120");
        assert_eq!(heap_kb(Mem::Heap(2048)), Some(2.0));
        assert_eq!(heap_kb(Mem::ProcessRss(1.0)), None);
    }

    #[test]
    fn percentiles() {
        let xs = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(percentile(&xs, 0.5), 3.0);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(percentile(&xs, 0.99), 5.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
        let many: Vec<f64> = (1..=200).map(f64::from).collect();
        assert_eq!(percentile(&many, 0.99), 198.0);
    }

    #[test]
    fn missing_data_is_named() {
        let opts = Opts {
            data: PathBuf::from("/nonexistent/parallax-data"),
            out: PathBuf::from("/tmp"),
            limit: None,
            python: None,
        };
        let e = run(&opts).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("/nonexistent/parallax-data/extraction/"), "{e}");
    }
}
