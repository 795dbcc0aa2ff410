#!/usr/bin/env python3
"""Python trafilatura as a peer of `parallax-eval extraction --python PYTHON` (a benchmark
script, not part of the product; scripts/bench/extraction.sh sets up a venv and runs it).

Reads JSON lines {"id": ..., "html": "<decoded page>", "url": "..." or null} on stdin and
writes one JSON line per page on stdout:
{"id", "text", "title", "date" ("YYYY-MM-DD" or null), "ms", "error" (null or a message)}.
`ms` is the time of the trafilatura call alone (time.perf_counter). Extraction uses
trafilatura's defaults (balanced mode, fallback extractors on, as in its published evaluation);
`text` is the main text without comments, like the Rust crate's `content_text`. A page that
trafilatura discards gives an empty text; an exception on a page is reported in `error`.
"""
import json
import sys
import time

import trafilatura


# The dated line makes htmldate call dateparser, which compiles its locales' patterns on first use
# (about 2 s, once per process).
WARM_UP = ("<html><head><title>Warm up</title></head><body><article><p>Publicado el 22 de abril de "
           "2022</p><p>This is a short warm-up paragraph, long enough to count as an article body "
           "for every system that is measured here.</p></article></body></html>")


def extract(html, url):
    """Text, title and date of one page (empty text when trafilatura discards the page)."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return "", None, None
    return doc.text or "", doc.title or None, (doc.date or "")[:10] or None


def answer(line):
    page_id = None
    try:
        page = json.loads(line)
        page_id = page.get("id")
        start = time.perf_counter()
        try:
            text, title, date = extract(page["html"], page.get("url"))
            error = None
        except Exception as e:  # noqa: BLE001 -- any failure is this page's result
            text, title, date, error = "", None, None, f"{type(e).__name__}: {e}"
        ms = (time.perf_counter() - start) * 1000.0
    except Exception as e:  # noqa: BLE001 -- a malformed request line
        text, title, date, ms, error = "", None, None, 0.0, f"bad request: {type(e).__name__}: {e}"
    return {"id": page_id, "text": text, "title": title, "date": date, "ms": ms, "error": error}


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
