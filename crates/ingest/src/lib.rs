//! Sources: turn what the user points Parallax at into [`RawDoc`]s.
//!
//! Paths may be files or directories (walked recursively, in sorted order) or `-` for standard
//! input. Files are read by extension: `.html`/`.htm` (HTML), `.txt` (plain-text scrape),
//! `.jsonl` (one article object per line), each optionally gzipped (`.gz`). Every failure is an
//! [`IngestError`] that names its input, so one bad file never stops a batch.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use parallax_model::{DocFormat, Hints, RawDoc};
use serde::Deserialize;

/// Size limits that keep a hostile or mistaken input from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest single document (an HTML page, a text scrape, one JSONL record), after
    /// decompression.
    pub max_doc_bytes: usize,
    /// Largest input file (after decompression); JSONL files may hold many documents.
    pub max_file_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_doc_bytes: 16 << 20, max_file_bytes: 1 << 30 }
    }
}

/// An input that failed, with the reason.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct IngestError {
    pub origin: String,
    pub kind: ErrorKind,
}

#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    #[error("empty file")]
    Empty,
    #[error("binary content (NUL bytes), not a text or HTML document")]
    Binary,
    #[error("not valid UTF-8 (first bad byte at offset {0}); convert it to UTF-8")]
    NotUtf8(usize),
    #[error("too large: {size} bytes, the limit is {limit} bytes")]
    TooLarge { size: u64, limit: usize },
    #[error("corrupt or truncated gzip: {0}")]
    Gzip(io::Error),
    #[error("unsupported file type (expected .html, .htm, .txt, .jsonl, optionally .gz)")]
    Unsupported,
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("JSON record has neither `text` nor `html`")]
    NoContent,
}

impl IngestError {
    fn new(origin: impl Into<String>, kind: impl Into<ErrorKind>) -> Self {
        IngestError { origin: origin.into(), kind: kind.into() }
    }
}

/// Something to read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// Expands the user's paths into inputs: directories are walked recursively (sorted, hidden
/// entries skipped) and only files with a supported extension are taken from them; paths
/// named explicitly are always taken (and fail later if unsupported).
pub fn discover(paths: &[PathBuf]) -> Vec<Result<Input, IngestError>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => out.push(Err(IngestError::new(path.display().to_string(), e))),
            Ok(m) if m.is_dir() => {
                let walker = walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() && format_of(e.path()).is_some() => {
                            out.push(Ok(Input::File(e.into_path())))
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let origin = e.path().map_or(path.display().to_string(), |p| p.display().to_string());
                            out.push(Err(IngestError::new(origin, io::Error::other(e.to_string()))))
                        }
                    }
                }
            }
            Ok(_) => out.push(Ok(Input::File(path.clone()))),
        }
    }
    out
}

/// What a file holds, judged by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Doc(DocFormat),
    Jsonl,
}

/// The format of a path from its extension (ignoring a trailing `.gz`) and whether it is gzipped.
fn format_of(path: &Path) -> Option<(FileFormat, bool)> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(n) => (n.to_string(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.')?.1;
    let f = match ext {
        "html" | "htm" | "xhtml" => FileFormat::Doc(DocFormat::Html),
        "txt" | "text" => FileFormat::Doc(DocFormat::Text),
        "jsonl" | "ndjson" => FileFormat::Jsonl,
        _ => return None,
    };
    Some((f, gz))
}

/// Reads one input into documents. The outer error means the whole input failed; inner errors
/// are single bad records of a JSONL input (the rest of its records still come through).
pub fn read(input: &Input, limits: &Limits) -> Result<Vec<Result<RawDoc, IngestError>>, IngestError> {
    let origin = input.name();
    let (bytes, format) = match input {
        Input::Stdin => {
            let bytes =
                read_limited(io::stdin().lock(), limits.max_file_bytes).map_err(|k| IngestError::new(&origin, k))?;
            let bytes = maybe_gunzip(bytes, limits).map_err(|k| IngestError::new(&origin, k))?;
            let f = sniff(&bytes);
            (bytes, f)
        }
        Input::File(path) => {
            let (format, gz) = format_of(path).ok_or_else(|| IngestError::new(&origin, ErrorKind::Unsupported))?;
            let file = File::open(path).map_err(|e| IngestError::new(&origin, e))?;
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            let limit = match format {
                FileFormat::Jsonl => limits.max_file_bytes,
                FileFormat::Doc(_) => limits.max_doc_bytes,
            };
            if !gz && len > limit as u64 {
                return Err(IngestError::new(&origin, ErrorKind::TooLarge { size: len, limit }));
            }
            let bytes = if gz {
                read_limited(flate2::read::MultiGzDecoder::new(file), limit).map_err(|k| match k {
                    ErrorKind::Io(e) => ErrorKind::Gzip(e),
                    k => k,
                })
            } else {
                read_limited(file, limit)
            }
            .map_err(|k| IngestError::new(&origin, k))?;
            (bytes, format)
        }
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::new(&origin, ErrorKind::Empty));
    }
    match format {
        FileFormat::Jsonl => {
            let text = std::str::from_utf8(&bytes)
                .map_err(|e| IngestError::new(&origin, ErrorKind::NotUtf8(e.valid_up_to())))?;
            let key = input_key(input, &bytes);
            Ok(parse_jsonl(&origin, &key, text, limits))
        }
        FileFormat::Doc(format) => {
            check_doc(&bytes, format, limits).map_err(|k| IngestError::new(&origin, k))?;
            let key = input_key(input, &bytes);
            Ok(vec![Ok(RawDoc { origin, key, format, body: bytes, charset: None, hints: Hints::default() })])
        }
    }
}

/// Rejects binary content, and non-UTF-8 plain text (HTML may declare another charset).
fn check_doc(bytes: &[u8], format: DocFormat, limits: &Limits) -> Result<(), ErrorKind> {
    if bytes.len() > limits.max_doc_bytes {
        return Err(ErrorKind::TooLarge { size: bytes.len() as u64, limit: limits.max_doc_bytes });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) && !looks_utf16(head) {
        return Err(ErrorKind::Binary);
    }
    if format == DocFormat::Text
        && let Err(e) = std::str::from_utf8(bytes)
    {
        return Err(ErrorKind::NotUtf8(e.valid_up_to()));
    }
    Ok(())
}

fn looks_utf16(head: &[u8]) -> bool {
    head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF])
}

fn read_limited(r: impl Read, limit: usize) -> Result<Vec<u8>, ErrorKind> {
    let mut buf = Vec::new();
    let n = r.take(limit as u64 + 1).read_to_end(&mut buf)?;
    if n > limit {
        return Err(ErrorKind::TooLarge { size: n as u64, limit });
    }
    Ok(buf)
}

fn maybe_gunzip(bytes: Vec<u8>, limits: &Limits) -> Result<Vec<u8>, ErrorKind> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        read_limited(flate2::read::MultiGzDecoder::new(&bytes[..]), limits.max_file_bytes).map_err(|k| match k {
            ErrorKind::Io(e) => ErrorKind::Gzip(e),
            k => k,
        })
    } else {
        Ok(bytes)
    }
}

/// Guesses the format of standard input from its first non-blank bytes.
fn sniff(bytes: &[u8]) -> FileFormat {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    let head = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 1024)]).to_ascii_lowercase();
    if head.starts_with('{') {
        FileFormat::Jsonl
    } else if head.starts_with('<')
        && (head.contains("<html") || head.contains("<!doctype") || head.contains("<body") || head.contains("<p"))
    {
        FileFormat::Doc(DocFormat::Html)
    } else {
        FileFormat::Doc(DocFormat::Text)
    }
}

/// One line of a JSONL input. Only `text` or `html` is required.
#[derive(Debug, Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    url: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

/// The identity of an input: its canonical path, or for stdin a digest-free marker (stdin
/// documents are then told apart by content alone).
fn input_key(input: &Input, _bytes: &[u8]) -> String {
    match input {
        Input::File(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display().to_string(),
        Input::Stdin => "stdin".to_string(),
    }
}

fn parse_jsonl(origin: &str, key: &str, text: &str, limits: &Limits) -> Vec<Result<RawDoc, IngestError>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let rec_origin = format!("{origin}:{}", i + 1);
        let rec_key = format!("{key}:{}", i + 1);
        if line.len() > limits.max_doc_bytes {
            out.push(Err(IngestError::new(
                rec_origin,
                ErrorKind::TooLarge { size: line.len() as u64, limit: limits.max_doc_bytes },
            )));
            continue;
        }
        let rec: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(IngestError::new(rec_origin, ErrorKind::Json(e.to_string()))));
                continue;
            }
        };
        let (format, body) = match (rec.html, rec.text) {
            (Some(h), _) if !h.trim().is_empty() => (DocFormat::Html, h),
            (_, Some(t)) if !t.trim().is_empty() => (DocFormat::Text, t),
            _ => {
                out.push(Err(IngestError::new(rec_origin, ErrorKind::NoContent)));
                continue;
            }
        };
        let external_id = rec.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        let hints = Hints {
            external_id: external_id.clone(),
            url: rec.url.clone(),
            title: rec.title,
            published: rec.published,
            source: rec.source,
            lang: rec.lang,
        };
        // A record's id or URL identifies it better than its line number.
        let rec_key = match (&external_id, &rec.url) {
            (Some(id), _) => format!("{key}#id={id}"),
            (None, Some(u)) => format!("url={u}"),
            _ => rec_key,
        };
        out.push(Ok(RawDoc {
            origin: rec_origin,
            key: rec_key,
            format,
            body: body.into_bytes(),
            charset: None,
            hints,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }

    fn read_one(p: &Path) -> Result<Vec<Result<RawDoc, IngestError>>, IngestError> {
        read(&Input::File(p.to_path_buf()), &Limits::default())
    }

    #[test]
    fn discovers_supported_files_recursively_in_order() {
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(d.path().join("sub")).expect("mkdir");
        write(d.path(), "b.txt", b"b");
        write(d.path(), "a.html", b"a");
        write(d.path(), "sub/c.jsonl.gz", b"c");
        write(d.path(), "notes.md", b"skip");
        write(d.path(), ".hidden.txt", b"skip");
        let found: Vec<_> = discover(&[d.path().to_path_buf()]).into_iter().map(|r| r.expect("ok").name()).collect();
        let names: Vec<_> = found
            .iter()
            .map(|n| Path::new(n).file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default())
            .collect();
        assert_eq!(names, ["a.html", "b.txt", "c.jsonl.gz"]);
    }

    #[test]
    fn bad_inputs_get_named_errors() {
        let d = tempfile::tempdir().expect("tempdir");
        let cases: Vec<(PathBuf, &str)> = vec![
            (write(d.path(), "empty.txt", b""), "empty file"),
            (write(d.path(), "bin.html", b"\x7fELF\x00\x00\x01"), "binary"),
            (write(d.path(), "latin.txt", b"caf\xe9 au lait"), "not valid UTF-8"),
            (write(d.path(), "trunc.txt.gz", &gz(b"hello world, this is a test")[..12]), "gzip"),
            (write(d.path(), "x.pdf", b"%PDF"), "unsupported"),
        ];
        for (p, want) in cases {
            let err = read_one(&p).expect_err("should fail");
            let msg = err.to_string();
            assert!(msg.contains(&p.display().to_string()), "{msg}");
            assert!(msg.contains(want), "{msg} should contain {want}");
        }
    }

    #[test]
    fn too_large_file_is_rejected_without_reading_it_all() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = write(d.path(), "big.txt", &vec![b'a'; 2048]);
        let limits = Limits { max_doc_bytes: 1024, max_file_bytes: 4096 };
        let err = read(&Input::File(p), &limits).expect_err("too large");
        assert!(err.to_string().contains("too large"));
    }

    #[test]
    fn gzip_and_jsonl_records() {
        let d = tempfile::tempdir().expect("tempdir");
        let jsonl = "{\"id\": 7, \"url\": \"https://x.example/a\", \"text\": \"Hello\", \"lang\": \"en\"}\nnot json\n\n{\"title\": \"no body\"}\n{\"id\": \"k\", \"html\": \"<p>Hi</p>\"}\n";
        let p = write(d.path(), "a.jsonl.gz", &gz(jsonl.as_bytes()));
        let docs = read_one(&p).expect("readable");
        assert_eq!(docs.len(), 4);
        let first = docs[0].as_ref().expect("record 1");
        assert_eq!(first.hints.external_id.as_deref(), Some("7"));
        assert_eq!(first.format, DocFormat::Text);
        assert!(docs[1].as_ref().expect_err("bad json").to_string().contains("a.jsonl.gz:2"));
        assert!(docs[2].as_ref().expect_err("no body").to_string().contains("neither"));
        assert_eq!(docs[3].as_ref().expect("html").format, DocFormat::Html);
    }

    #[test]
    fn sniffs_stdin_formats() {
        assert_eq!(sniff(b"  {\"text\": 1}"), FileFormat::Jsonl);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), FileFormat::Doc(DocFormat::Html));
        assert_eq!(sniff(b"Plain words"), FileFormat::Doc(DocFormat::Text));
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).expect("gzip");
        e.finish().expect("gzip")
    }
}
