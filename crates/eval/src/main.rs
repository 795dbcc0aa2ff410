//! `parallax-eval`: Parallax's benchmark harness. Runs our pipeline stages and their peers side
//! by side on the shared dev data (`../shared/data`), prints tables and writes JSON results.
//!
//! - `extraction`: ScrapingHub and trafilatura eval sets; ours vs the `trafilatura` and
//!   `dom_smoothie` crates, and Python trafilatura with `--python PYTHON`.
//! - `clustering`: ECB+ dev and ITN dev, BCubed; our online assigner vs offline agglomerative
//!   peers with the best threshold picked on the test data.
//! - `similarity`: SemEval-2022 Task 8 pairs, Pearson; ours vs TF-IDF cosine.
//! - `facts`: entities, quote attribution and disagreements on our labelled sets.
//!
//! The binary's global allocator counts bytes ([`alloc::Counting`]) so the extraction benchmark
//! can report each system's peak heap per page.

mod alloc;
mod clustering;
mod copies;
mod embed;
mod extraction;
mod facts;
mod fit;
mod metrics;
mod similarity;
mod stream;
mod tfidf;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

/// Counts allocated bytes for per-call peak heap measurements (see [`alloc`]); two relaxed atomic
/// operations per allocation on top of the system allocator.
#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

#[derive(Parser)]
#[command(name = "parallax-eval", version, about = "Benchmarks Parallax against peers on the shared dev data.")]
struct Cli {
    /// The shared data directory.
    #[arg(long, global = true, env = "PARALLAX_EVAL_DATA", default_value = "../shared/data")]
    data: PathBuf,
    /// Where JSON results go.
    #[arg(long, global = true, default_value = "eval-results")]
    out: PathBuf,
    /// Use at most this many items per set (quick runs).
    #[arg(long, global = true)]
    limit: Option<usize>,
    /// Embedder for clustering and similarity: lexical, e5, or both.
    #[arg(long, global = true, default_value = "both")]
    embedder: String,
    /// Data directory holding the installed model (for e5).
    #[arg(long, global = true, env = "PARALLAX_DATA", default_value = "parallax-data")]
    data_dir: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Article extraction: P/R/F1 (also per language), dates, titles, authors, speed, memory.
    Extraction {
        /// Also run Python trafilatura with this interpreter (it must import trafilatura; see
        /// scripts/bench/extraction.sh).
        #[arg(long)]
        python: Option<PathBuf>,
    },
    /// Story clustering: BCubed on ECB+ and ITN.
    Clustering,
    /// Pair similarity: Pearson on SemEval-2022 Task 8.
    Similarity,
    /// Facts: entity P/R, quote attribution and disagreement P/R on our labelled sets.
    Facts,
    /// Translated copies: P/R of translation detection on our labelled set, with dense
    /// cosine peers.
    Copies,
    /// The multilingual encoder vs its reference engine: fidelity, speed, retrieval.
    Embed {
        /// Model directory (default: ./parallax-data/models/multilingual-e5-small).
        #[arg(long)]
        model_dir: Option<PathBuf>,
    },
    /// The story assigner alone on a synthetic stream: articles/s, p50/p99 latency, peak RSS.
    Stream {
        /// Stream lengths, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
        items: Vec<usize>,
    },
    /// Fit the story similarity model on the dev clustering sets; writes
    /// crates/story/data/similarity.json (see scripts/story/fit.sh).
    Fit,
    /// All of the above.
    All,
}

/// Options shared by every benchmark.
pub struct Opts {
    pub data: PathBuf,
    pub out: PathBuf,
    pub limit: Option<usize>,
    /// Embedders to evaluate, by name ("lexical", "e5").
    pub embedders: Vec<String>,
    pub data_dir: PathBuf,
}

/// The embedders named by `--embedder`; e5 only when its model is installed (else a note).
fn embedders(choice: &str, data_dir: &Path) -> Vec<String> {
    let e5_ok = parallax_embed::e5::E5Embedder::is_installed(&parallax_embed::e5::E5Embedder::default_dir(data_dir));
    let mut out = Vec::new();
    if choice == "lexical" || choice == "both" {
        out.push("lexical".to_string());
    }
    if choice == "e5" || choice == "both" {
        if e5_ok {
            out.push("e5".to_string());
        } else {
            eprintln!(
                "note: the e5 model is not installed in {} (parallax model fetch); skipping it",
                data_dir.display()
            );
        }
    }
    out
}

fn extraction_opts(opts: &Opts, python: Option<PathBuf>) -> extraction::Opts {
    extraction::Opts { data: opts.data.clone(), out: opts.out.clone(), limit: opts.limit, python }
}

/// Loads an embedder by name (see [`embedders`]).
pub fn load_embedder(name: &str, opts: &Opts) -> anyhow::Result<Box<dyn parallax_embed::Embedder>> {
    Ok(match name {
        "e5" => Box::new(parallax_embed::e5::E5Embedder::load(
            &parallax_embed::e5::E5Embedder::default_dir(&opts.data_dir),
            Default::default(),
        )?),
        _ => Box::new(parallax_embed::LexicalEmbedder::default()),
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    if !cli.data.is_dir() {
        eprintln!("error: data directory {} not found (pass --data or set PARALLAX_EVAL_DATA)", cli.data.display());
        return ExitCode::from(2);
    }
    let opts = Opts {
        data: cli.data,
        out: cli.out,
        limit: cli.limit,
        embedders: embedders(&cli.embedder, &cli.data_dir),
        data_dir: cli.data_dir,
    };
    let r = match cli.cmd {
        Cmd::Extraction { python } => extraction::run(&extraction_opts(&opts, python)),
        Cmd::Clustering => clustering::run(&opts),
        Cmd::Embed { model_dir } => {
            embed::run(&opts, &model_dir.unwrap_or_else(|| parallax_embed::e5::E5Embedder::default_dir(&opts.data_dir)))
        }
        Cmd::Similarity => similarity::run(&opts),
        Cmd::Facts => facts::run(&opts),
        Cmd::Copies => copies::run(&opts),
        Cmd::Fit => fit::run(&opts),
        Cmd::Stream { items } => stream::run(&opts, &items),
        Cmd::All => extraction::run(&extraction_opts(&opts, None))
            .and_then(|_| clustering::run(&opts))
            .and_then(|_| similarity::run(&opts))
            .and_then(|_| facts::run(&opts))
            .and_then(|_| copies::run(&opts)),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Writes `value` as pretty JSON to `dir/name`.
pub fn write_json(dir: &Path, name: &str, value: &serde_json::Value) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value)?)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("results written to {}", path.display());
    Ok(())
}

/// A plain-text table with right-aligned numeric columns.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table { header: header.iter().map(|s| s.to_string()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self) {
        let cols = self.header.len();
        let width: Vec<usize> = (0..cols)
            .map(|c| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |r: &Vec<String>| {
            let cells: Vec<String> = (0..cols)
                .map(|c| {
                    let s = r.get(c).map_or("", String::as_str);
                    if c == 0 { format!("{s:<w$}", w = width[c]) } else { format!("{s:>w$}", w = width[c]) }
                })
                .collect();
            println!("  {}", cells.join("  "));
        };
        line(&self.header);
        println!("  {}", width.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        self.rows.iter().for_each(line);
    }
}
