//! End-to-end tests of the `parallax` binary: bad inputs, idempotency, crash safety, extract
//! output, the seeds, and the web UI's escaping.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
}

fn run(data: &Path, args: &[&str]) -> Output {
    bin().arg("--data-dir").arg(data).args(args).output().expect("run parallax")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn article(i: usize, topic: &str) -> String {
    format!(
        "Headline number {i} about {topic}\n\nBy Test Writer\n\n\
         The council of the town of Exampleton met on Monday to discuss the {topic}, the mayor said in a statement. \
         Residents had asked for a decision on the {topic} for many months, and item {i} was finally on the agenda.\n\n\
         The vote is expected next week after a public hearing, officials added."
    )
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

#[test]
fn bad_inputs_are_named_and_the_rest_is_ingested() {
    let d = tempfile::tempdir().expect("tempdir");
    let inp = d.path().join("in");
    std::fs::create_dir(&inp).expect("mkdir");
    std::fs::write(inp.join("good.txt"), article(1, "harbour bridge")).expect("write");
    std::fs::write(inp.join("empty.txt"), "").expect("write");
    std::fs::write(inp.join("binary.html"), [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3]).expect("write");
    std::fs::write(inp.join("latin1.txt"), b"Caf\xe9 cr\xe8me, une histoire du march\xe9.").expect("write");
    std::fs::write(inp.join("trunc.txt.gz"), &gz(article(2, "ferry").as_bytes())[..20]).expect("write");
    std::fs::write(inp.join("huge.txt"), vec![b'a'; 50 << 20]).expect("write");
    let data = d.path().join("data");
    let out = run(&data, &["ingest", inp.to_str().expect("utf8 path")]);
    assert_eq!(out.status.code(), Some(1), "partial failure exits 1");
    let err = String::from_utf8_lossy(&out.stderr);
    for name in ["empty.txt", "binary.html", "latin1.txt", "trunc.txt.gz", "huge.txt"] {
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:") && l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "one error line for {name} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let arts = json(&run(&data, &["articles", "--json"]));
    assert_eq!(arts.as_array().map(Vec::len), Some(1));
    // Usage errors exit 2.
    assert_eq!(run(&data, &["stories", "--since", "yesterday-ish"]).status.code(), Some(2));
    assert_eq!(bin().arg("frobnicate").output().expect("run").status.code(), Some(2));
}

#[test]
fn reingest_is_idempotent_and_jsonl_ids_are_kept() {
    let d = tempfile::tempdir().expect("tempdir");
    let f = d.path().join("feed.jsonl");
    let lines: Vec<String> = (0..3)
        .map(|i| serde_json::json!({"id": format!("ext-{i}"), "title": format!("Story {i}"), "text": article(i, "library"), "lang": "en", "published": "2026-11-09"}).to_string())
        .collect();
    std::fs::write(&f, lines.join("\n")).expect("write");
    let data = d.path().join("data");
    let p = f.to_str().expect("utf8");
    assert!(run(&data, &["ingest", p]).status.success());
    let second = run(&data, &["ingest", "--json", p]);
    assert!(second.status.success());
    assert_eq!(json(&second)["already_stored"], 3);
    let arts = json(&run(&data, &["articles", "--json"]));
    let arts = arts.as_array().expect("array");
    assert_eq!(arts.len(), 3);
    assert_eq!(arts[0]["external_id"], "ext-0");
    assert_eq!(arts[0]["published"], "2026-11-09T00:00:00Z");
}

#[test]
fn killed_ingest_loses_and_duplicates_nothing() {
    let d = tempfile::tempdir().expect("tempdir");
    let inp = d.path().join("in");
    std::fs::create_dir(&inp).expect("mkdir");
    let n = 1500;
    let topics = ["bridge", "library", "ferry", "election", "harvest", "museum"];
    for i in 0..n {
        std::fs::write(inp.join(format!("a{i:04}.txt")), article(i, topics[i % topics.len()])).expect("write");
    }
    let data = d.path().join("data");
    let mut child = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["ingest", inp.to_str().expect("utf8")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once some articles are in.
    let start = Instant::now();
    let db = data.join("parallax.db");
    while start.elapsed() < Duration::from_secs(20) {
        if std::fs::metadata(data.join("parallax.db-wal")).map(|m| m.len() > 64 * 1024).unwrap_or(false) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(db.exists());
    let again = run(&data, &["ingest", "--json", inp.to_str().expect("utf8")]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let arts = json(&run(&data, &["articles", "--json"]));
    let arts = arts.as_array().expect("array");
    assert_eq!(arts.len(), n, "every input stored exactly once");
    let mut keys: Vec<&str> = arts.iter().filter_map(|a| a["title"].as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "no input stored twice");
    let stories = json(&run(&data, &["stories", "--json", "--limit", "0"]));
    let counted: u64 = stories
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["article_count"].as_u64().unwrap_or(0) + s["copy_count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted as usize, n, "story counts match the articles");
}

#[test]
fn extract_prints_one_object_per_input_in_order() {
    let d = tempfile::tempdir().expect("tempdir");
    let a = d.path().join("b.txt");
    let b = d.path().join("a.html");
    let c = d.path().join("c.txt");
    std::fs::write(&a, article(1, "ferry")).expect("write");
    std::fs::write(
        &b,
        "<html lang=\"de\"><head><title>Neue Fähre</title><meta property=\"article:published_time\" content=\"2026-11-05T10:00:00Z\"></head>\
         <body><article><h1>Neue Fähre</h1><p>Die neue Fähre zwischen den beiden Häfen hat am Donnerstag ihren Betrieb aufgenommen, teilte die Reederei mit.</p>\
         <p>Sie bietet Platz für 400 Passagiere und 60 Autos und fährt bis zu zwölf Mal am Tag.</p></article></body></html>",
    )
    .expect("write");
    std::fs::write(&c, "").expect("write");
    let out = bin().args(["extract", "--jsonl"]).arg(&a).arg(&b).arg(&c).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let objs: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(objs.len(), 3);
    assert!(objs[0]["path"].as_str().is_some_and(|p| p.ends_with("b.txt")));
    assert_eq!(objs[0]["title"], "Headline number 1 about ferry");
    assert_eq!(objs[1]["lang"], "de");
    assert_eq!(objs[1]["published"], "2026-11-05T00:00:00Z");
    assert!(objs[1]["text"].as_str().is_some_and(|t| t.contains("400 Passagiere")));
    assert!(objs[2]["error"].as_str().is_some_and(|e| e.contains("empty")));
}

#[test]
fn page_metadata_survives_ingest() {
    let d = tempfile::tempdir().expect("tempdir");
    let inp = d.path().join("in");
    std::fs::create_dir(&inp).expect("mkdir");
    std::fs::write(
        inp.join("page.html"),
        "<html lang=\"de\"><head><title>Neue Fähre</title>\
         <meta property=\"article:published_time\" content=\"2026-11-05T10:00:00Z\">\
         <meta property=\"article:modified_time\" content=\"2026-11-07T16:00:00Z\">\
         <meta property=\"og:image\" content=\"https://img.example/faehre.jpg\">\
         <link rel=\"canonical\" href=\"https://kurier.example/faehre\"></head>\
         <body><article><h1>Neue Fähre</h1><p>Die neue Fähre zwischen den beiden Häfen hat am Donnerstag ihren Betrieb aufgenommen, teilte die Reederei mit.</p>\
         <p>Sie bietet Platz für 400 Passagiere und 60 Autos und fährt bis zu zwölf Mal am Tag.</p></article></body></html>",
    )
    .expect("write");
    std::fs::write(
        inp.join("scrape.txt"),
        "Monday, March 2, 2026\nspot_img\n\nHarbour bridge reopens after repairs\n\n\
         The city council said the works finished two weeks ahead of schedule on Friday.\n\n\
         Cars cross the bridge on Monday morning [Jane Doe/Example Agency]\n\n\
         The harbour bridge in the town reopened to traffic on Monday after eight months of repairs, officials said.\n\n\
         Drivers had faced long detours through the old town while the bridge was closed for the repair works.",
    )
    .expect("write");
    let fields = ["modified", "canonical_url", "declared_lang", "image", "captions"];
    let out = bin().args(["extract", "--jsonl"]).arg(&inp).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let extracted: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(extracted.len(), 2);
    for f in fields {
        assert!(extracted.iter().any(|e| !e[f].is_null()), "no input has {f}: {extracted:?}");
    }
    let data = d.path().join("data");
    assert!(run(&data, &["ingest", inp.to_str().expect("utf8")]).status.success());
    let arts = json(&run(&data, &["articles", "--json"]));
    let arts = arts.as_array().expect("array");
    assert_eq!(arts.len(), 2);
    for e in &extracted {
        let a = arts.iter().find(|a| a["origin"] == e["path"]).unwrap_or_else(|| panic!("{} stored", e["path"]));
        let story = json(&run(&data, &["story", &a["story_id"].to_string(), "--json"]));
        let in_story = story["articles"].as_array().expect("articles").iter().find(|s| s["id"] == a["id"]).cloned();
        let in_story = in_story.expect("article in its story");
        for f in fields {
            // What extraction found is what is stored, and what it did not find stays out.
            assert_eq!(a[f], e[f], "{f} of {}", e["path"]);
            assert_eq!(in_story[f], e[f], "{f} of {} in its story", e["path"]);
            assert_eq!(a.get(f).is_some(), !e[f].is_null(), "{f} of {}", e["path"]);
        }
    }
}

fn seeds() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples/seeds");
    d.is_dir().then_some(d).or_else(|| {
        eprintln!("SKIP: ../shared/examples/seeds not found");
        None
    })
}

/// A data directory with the seeds ingested (`None`, with a message, without ../shared).
fn seeds_ingested() -> Option<(tempfile::TempDir, PathBuf)> {
    let dir = seeds()?;
    let d = tempfile::tempdir().expect("tempdir");
    let data = d.path().join("data");
    assert!(run(&data, &["ingest", dir.to_str().expect("utf8")]).status.success());
    Some((d, data))
}

#[test]
fn seeds_form_one_story_via_cli() {
    let Some((_d, data)) = seeds_ingested() else { return };
    let stories = json(&run(&data, &["stories", "--json"]));
    let stories = stories.as_array().expect("array");
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0]["languages"], serde_json::json!(["en", "sv"]));
}

#[test]
fn seeds_facts_via_cli() {
    let Some((_d, data)) = seeds_ingested() else { return };
    let story = json(&run(&data, &["story", "1", "--json"]));
    let ents = story["entities"].as_array().expect("entities");
    let named = |n: &str| {
        ents.iter().find(|e| e["name"] == n || e["aliases"].as_array().is_some_and(|a| a.iter().any(|x| x == n)))
    };
    for want in ["Ali Larijani", "Iran", "United States", "Oman", "Wall Street Journal", "Ali Khamenei"] {
        assert!(named(want).is_some(), "{want} missing from {ents:?}");
    }
    // One entity for Larijani in both languages.
    assert_eq!(named("Ali Larijani").expect("Larijani")["articles"], 2);
    let quotes = story["quotes"].as_array().expect("quotes");
    let q = quotes.iter().find(|q| q["text"] == "We will not negotiate with the United States").expect("quote");
    assert_eq!(q["speaker"], "Ali Larijani");
    // The Swedish copy calls him president; both call him secretary.
    let dis = story["disagreements"].as_array().expect("disagreements");
    let title =
        dis.iter().find(|d| d["kind"] == "title" && d["subject"] == "Ali Larijani").expect("title disagreement");
    let side = |v: &str| title["sides"].as_array().and_then(|s| s.iter().find(|x| x["value"] == v)).cloned();
    assert_eq!(side("secretary").expect("secretary")["outlets"], serde_json::json!(["Al Jazeera", "Vietnam.vn"]));
    assert_eq!(side("president").expect("president")["outlets"], serde_json::json!(["Vietnam.vn"]));
}

/// Starts `parallax serve` on a free loopback port; returns the process and its address.
fn serve(data: &Path) -> (std::process::Child, String) {
    common::spawn_server(bin().arg("--data-dir").arg(data).args(["serve", "--addr", "127.0.0.1:0"]))
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read");
    let code = resp.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, resp)
}

#[test]
fn web_ui_lists_stories_and_escapes_article_html() {
    let d = tempfile::tempdir().expect("tempdir");
    let data = d.path().join("data");
    let f = d.path().join("hostile.jsonl");
    let rec = serde_json::json!({
        "id": "x1", "url": "javascript:alert(1)", "lang": "en",
        "title": "<script>alert('t')</script> Harbour news",
        "text": "The harbour <img src=x onerror=alert(1)> reopened on Monday after repairs, officials said in a statement to the press.\n\n<script>alert('x')</script> More text follows here about the harbour works and the ferries."
    });
    std::fs::write(&f, rec.to_string()).expect("write");
    assert!(run(&data, &["ingest", f.to_str().expect("utf8")]).status.success());
    let (mut child, addr) = serve(&data);
    let (code, list) = http_get(&addr, "/");
    let (scode, story) = http_get(&addr, "/story/1");
    let (jcode, api) = http_get(&addr, "/api/stories");
    let (ncode, _) = http_get(&addr, "/story/999");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!((code, scode, jcode, ncode), (200, 200, 200, 404));
    assert!(list.contains("Harbour news"));
    for page in [&list, &story] {
        assert!(!page.contains("<script>alert"), "unescaped script");
        assert!(!page.contains("<img src=x"), "unescaped img");
        assert!(!page.contains("href=\"javascript:"), "javascript: link");
    }
    assert!(
        story.contains("&lt;script&gt;alert('x')&lt;/script&gt;") || story.contains("&lt;script&gt;alert(&#39;x&#39;)")
    );
    assert!(api.contains("\"article_count\":1"));
}

#[test]
fn watch_ingests_files_as_they_arrive_and_the_server_announces_them() {
    let d = tempfile::tempdir().expect("tempdir");
    let data = d.path().join("data");
    let inbox = d.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    std::fs::write(inbox.join("one.txt"), article(1, "harbour bridge")).expect("write");
    let mut watch = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["watch", "--interval", "0.2", "--embedder", "lexical"])
        .arg(&inbox)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn watch");
    let count = || json(&run(&data, &["articles", "--json"])).as_array().map_or(0, Vec::len);
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while count() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        count()
    };
    let first = wait_for(1);
    // A server on the same data directory announces articles that the watcher stores.
    let (mut server, addr) = serve(&data);
    let mut events = TcpStream::connect(&addr).expect("connect");
    events.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(events, "GET /api/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(inbox.join("two.txt"), article(2, "ferry timetable")).expect("write");
    let second = wait_for(2);
    let mut got = String::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(20);
    while !got.contains("event: articles") && Instant::now() < deadline {
        match events.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    let _ = watch.kill();
    let _ = watch.wait();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!((first, second), (1, 2), "watch ingests the first file, then the one added later");
    assert!(got.contains("event: articles") && got.contains("\"latest\":2"), "SSE event: {got}");
}

#[test]
fn a_merged_story_id_shows_the_live_story() {
    use parallax_store::{NewArticle, Placement, SqliteStore, Store, StoryStateRow};
    let d = tempfile::tempdir().expect("tempdir");
    let data = d.path().join("data");
    let (live, old) = {
        let mut s = SqliteStore::open_dir(&data).expect("store");
        let mut put = |title: &str, lang: &str, key: &str, placement| {
            let a = parallax_model::Article {
                origin: key.into(),
                title: Some(title.into()),
                lang: Some(lang.into()),
                url: Some(format!("https://{lang}.example/{key}")),
                text: format!("{title}. Body."),
                ..Default::default()
            };
            let new = NewArticle {
                article: &a,
                doc_key: key,
                content_hash: key,
                simhash: 0,
                embedding: &[1.0, 0.0],
                placement,
                quotes: &[],
                entities: &[],
                claims: &[],
                search_terms: "",
            };
            s.insert(&new).expect("insert").expect("new")
        };
        let st = |v: f32| StoryStateRow {
            id: 0,
            sum: vec![v, 0.0],
            first: None,
            last: None,
            langs: vec![],
            profile: vec![],
        };
        let (_, live) = put("Harbour reopens", "en", "k1", Placement::NewStory { state: st(1.0) });
        let (o, old) = put("Hamnen öppnar igen", "sv", "k2", Placement::NewStory { state: st(1.0) });
        put("Hamnen öppnar igen", "sv", "k3", Placement::CopyOf { original: o, kind: parallax_model::CopyKind::Near });
        let (live, old) = (live.expect("story"), old.expect("story"));
        s.merge_stories(old, live, &st(2.0)).expect("merge");
        (live, old)
    };
    let out = run(&data, &["story", &old.to_string()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("story {old} was merged into {live}")), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(&format!("Story {live} ")), "{text}");
    assert!(text.contains("(near-duplicate of 2)") && text.contains("headline [sv]: Hamnen öppnar igen"), "{text}");
    let j = json(&run(&data, &["story", &old.to_string(), "--json"]));
    assert_eq!(
        (j["id"].as_i64(), j["article_count"].as_i64(), j["copy_count"].as_i64()),
        (Some(live), Some(2), Some(1))
    );
    let arts = json(&run(&data, &["articles", "--story", &old.to_string(), "--json"]));
    let kinds: Vec<&serde_json::Value> = arts.as_array().expect("array").iter().map(|a| &a["copy_kind"]).collect();
    assert_eq!(kinds, [&serde_json::Value::Null, &serde_json::Value::Null, &serde_json::json!("near")]);
    let sv = json(&run(&data, &["stories", "--lang", "sv", "--json"]));
    assert_eq!(sv[0]["headline"], "Hamnen öppnar igen");
    assert_eq!(run(&data, &["story", "99"]).status.code(), Some(1));
}
