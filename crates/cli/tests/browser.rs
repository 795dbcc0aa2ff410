//! The story desk in a real browser: ingests the seeds and hostile articles, serves them on
//! loopback and runs the Playwright script `tests/browser/desk.mjs` in Debian's Chromium.
//! Screenshots land in `target/browser-artifacts/`. Skips with a message when node, the
//! npm packages (`npm ci --prefix tests/browser`), Chromium or `../shared` are missing, except
//! under CI (`CI` set), where `.ci/run` installs them and a missing piece is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn skip_or_fail(why: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) && std::env::var_os("PARALLAX_ALLOW_SKIP").is_none() {
        panic!("browser test prerequisites missing under CI: {why}");
    }
    eprintln!("SKIP: browser test: {why}");
}

fn parallax(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.arg("--data-dir").arg(data);
    c
}

#[test]
fn story_desk_in_a_real_browser() {
    let root = root();
    let seeds = root.join("../shared/examples/seeds");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !seeds.is_dir() {
        eprintln!("SKIP: browser test: ../shared/examples/seeds is absent");
        return;
    }
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        return skip_or_fail("node is not installed");
    }
    if !root.join("tests/browser/node_modules/playwright-core").is_dir() {
        return skip_or_fail("playwright-core is not installed (npm ci --prefix tests/browser)");
    }
    if !Path::new(&chromium).exists() {
        return skip_or_fail(&format!("{chromium} not found (apt-get install chromium)"));
    }

    let d = tempfile::tempdir().expect("tempdir");
    let data = d.path().join("data");
    let hostile = d.path().join("hostile");
    std::fs::create_dir(&hostile).expect("mkdir");
    std::fs::write(
        hostile.join("quillmouth.html"),
        r#"<html><head><title>Quillmouth harbour <img src=x onerror="window.__pwned=1"> vote</title>
        <meta property="og:url" content="javascript:window.__pwned=2"></head><body><article>
        <h1>Quillmouth harbour council &lt;script&gt;window.__pwned=3&lt;/script&gt; votes on the new pier</h1>
        <p>The Quillmouth harbour council voted on Tuesday to build a new pier, the council said in a statement.
        <a href="javascript:window.__pwned=4">Read more</a> <img src=x onerror="window.__pwned=5"></p>
        <script>window.__pwned=6</script>
        <p>Fishermen in Quillmouth had asked for a longer pier for years, and work is to start in the spring.</p>
        </article></body></html>"#,
    )
    .expect("write");
    let rec = serde_json::json!({
        "id": "hostile-2", "url": "javascript:window.__pwned=7", "lang": "en",
        "title": "<script>window.__pwned=8</script> Quillmouth ferry timetable changes",
        "text": "The Quillmouth ferry <img src=x onerror=\"window.__pwned=9\"> will run twice a day from May, the operator said.\n\n\
                 <script>window.__pwned=10</script> Islanders said the new timetable would make commuting easier."
    });
    std::fs::write(hostile.join("ferry.jsonl"), rec.to_string()).expect("write");
    let out = parallax(&data)
        .args(["ingest", "--embedder", "lexical"])
        .arg(&seeds)
        .arg(&hostile)
        .output()
        .expect("run ingest");
    assert!(out.status.success(), "ingest failed: {}", String::from_utf8_lossy(&out.stderr));

    let token = "browser-test-token";
    let (mut server, addr) = common::spawn_server(
        parallax(&data).args(["serve", "--addr", "127.0.0.1:0", "--embedder", "lexical"]).env("PARALLAX_TOKEN", token),
    );
    let base = format!("http://{addr}");

    let out_dir = std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| root.join("target"));
    let artifacts = out_dir.join("browser-artifacts");
    let mut node = Command::new("node")
        .arg(root.join("tests/browser/desk.mjs"))
        .env("BASE", &base)
        .env("TOKEN", token)
        .env("OUT", &artifacts)
        .env("CHROMIUM", &chromium)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn node");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(s) = node.try_wait().expect("wait node") {
            break Some(s);
        }
        if Instant::now() > deadline {
            let _ = node.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = node.wait_with_output().expect("node output");
    let _ = server.kill();
    let _ = server.wait();
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    eprintln!("{log}screenshots: {}", artifacts.display());
    assert!(status.is_some(), "browser test timed out after 180 s:\n{log}");
    assert!(status.is_some_and(|s| s.success()), "browser test failed:\n{log}");
    for shot in ["list.png", "story.png", "search-sv.png", "search-en.png", "hostile.png", "live.png"] {
        assert!(artifacts.join(shot).is_file(), "screenshot {shot} missing");
    }
}
