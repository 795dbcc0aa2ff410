#!/usr/bin/env python3
"""Python trafilatura as a peer of `parallax-eval extraction --python PYTHON` (a benchmark
script, not part of the product; scripts/bench/extraction.sh sets up a venv and runs it).

Reads JSON lines {"id": ..., "html": "<decoded page>", "url": "..." or null} on stdin and
writes one JSON line per page on stdout:
{"id", "text", "title", "date" ("YYYY-MM-DD" or null), "author", "ms", "peak_rss_mb", "error"
(null or a message)}. `ms` is the time of the trafilatura call alone (time.perf_counter);
`peak_rss_mb` is this process's peak resident set so far (getrusage ru_maxrss; null where the
`resource` module is missing). Extraction uses trafilatura's defaults (balanced mode, fallback
extractors on, as in its published evaluation); `text` is the main text without comments, like
the Rust crate's `content_text`. A page that trafilatura discards gives an empty text; an
exception on a page is reported in `error`.
"""
import json
import sys
import time

try:
    import resource
except ImportError:  # not Unix
    resource = None

import trafilatura


# The dated line makes htmldate call dateparser, which compiles its locales' patterns on first use
# (about 2 s, once per process).
WARM_UP = ("<html><head><title>Warm up</title></head><body><article><p>Publicado el 22 de abril de "
           "2022</p><p>This is a short warm-up paragraph, long enough to count as an article body "
           "for every system that is measured here.</p></article></body></html>")


def extract(html, url):
    """Text, title, date and author of one page (empty text when trafilatura discards it)."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return "", None, None, None
    return doc.text or "", doc.title or None, (doc.date or "")[:10] or None, doc.author or None


def peak_rss_mb():
    """This process's peak resident set so far in MB (ru_maxrss is in KiB on Linux)."""
    if resource is None:
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024.0 * 1024.0) if sys.platform == "darwin" else kb / 1024.0


def answer(line):
    page_id = None
    try:
        page = json.loads(line)
        page_id = page.get("id")
        start = time.perf_counter()
        try:
            text, title, date, author = extract(page["html"], page.get("url"))
            error = None
        except Exception as e:  # noqa: BLE001 -- any failure is this page's result
            text, title, date, author, error = "", None, None, None, f"{type(e).__name__}: {e}"
        ms = (time.perf_counter() - start) * 1000.0
    except Exception as e:  # noqa: BLE001 -- a malformed request line
        text, title, date, author, ms = "", None, None, None, 0.0
        error = f"bad request: {type(e).__name__}: {e}"
    return {"id": page_id, "text": text, "title": title, "date": date, "author": author, "ms": ms,
            "peak_rss_mb": peak_rss_mb(), "error": error}


def main():
    out = sys.stdout.buffer
    # Anything a library prints must not corrupt the answers.
    sys.stdout = sys.stderr
    # One untimed call so one-time set-up (lazy imports, compiled patterns) is not timed.
    answer(json.dumps({"id": "warm-up", "url": "https://example.com/warm-up", "html": WARM_UP}))
    for line in sys.stdin.buffer:
        if line.strip():
            reply = json.dumps(answer(line), ensure_ascii=False) + "\n"
            out.write(reply.encode("utf-8", "replace"))
            out.flush()


if __name__ == "__main__":
    main()
