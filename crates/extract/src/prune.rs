//! Removes what no extractor reads before the page is parsed: `<script>` elements (except
//! JSON-LD, which carries metadata), `<style>` elements and comments. On modern pages these are
//! often most of the bytes, and every parser would tokenise them again; dropping them first
//! makes the parses that follow cheaper without changing the text they see.
//!
//! The scan follows the HTML tokeniser's own rule for these elements: their content ends at the
//! first case-insensitive `</script` / `</style` (and a comment at the first `-->`), whatever
//! comes between.

use std::borrow::Cow;

/// The page without scripts (JSON-LD kept), styles and comments; borrowed when it has none.
pub fn prune(page: &str) -> Cow<'_, str> {
    let b = page.as_bytes();
    let mut out = String::new();
    let (mut pos, mut copied) = (0, 0);
    while let Some(off) = memchr::memchr(b'<', &b[pos..]) {
        let start = pos + off;
        let rest = &b[start..];
        let end_marker: &[u8] = if starts_with_ci(rest, b"<script") && !is_json_ld(rest) {
            b"</script"
        } else if starts_with_ci(rest, b"<style") {
            b"</style"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else {
            pos = start + 1;
            continue;
        };
        let end = match find_ci(b, start + 4, end_marker) {
            // The end tag runs to its `>`; a comment's marker already ends with it.
            Some(e) if end_marker == b"-->" => e + 3,
            Some(e) => memchr::memchr(b'>', &b[e..]).map_or(b.len(), |g| e + g + 1),
            None => b.len(),
        };
        if out.capacity() == 0 {
            out.reserve(page.len());
        }
        out.push_str(&page[copied..start]);
        copied = end;
        pos = end;
    }
    if copied == 0 {
        return Cow::Borrowed(page);
    }
    out.push_str(&page[copied..]);
    Cow::Owned(out)
}

/// Whether the `<script …>` start tag at the head of `tag` declares JSON-LD.
fn is_json_ld(tag: &[u8]) -> bool {
    let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
    find_ci(&tag[..end], 0, b"ld+json").is_some()
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Position of the first case-insensitive `needle` (ASCII, starting with a punctuation byte)
/// in `hay` at or after `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from.min(hay.len());
    while let Some(off) = memchr::memchr(needle[0], &hay[i..]) {
        let at = i + off;
        if starts_with_ci(&hay[at..], needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_and_comments_keeps_json_ld() {
        let page = "<head><SCRIPT>var a = '<p>no</p>';</Script ><style>p{}</style>\
                    <script type=\"application/ld+json\">{\"datePublished\":\"2026-03-02\"}</script></head>\
                    <body><!-- <p>hidden</p> --><p>Text</p><script>x()</script></body>";
        assert_eq!(
            prune(page),
            "<head><script type=\"application/ld+json\">{\"datePublished\":\"2026-03-02\"}</script></head>\
             <body><p>Text</p></body>"
        );
    }

    #[test]
    fn clean_pages_are_borrowed_and_unclosed_elements_end_the_page() {
        assert!(matches!(prune("<p>a < b</p>"), Cow::Borrowed(_)));
        assert_eq!(prune("<p>kept</p><script>never closed <p>"), "<p>kept</p>");
        assert_eq!(prune("<p>kept</p><!-- open"), "<p>kept</p>");
        assert_eq!(prune("<p>é</p><style>ü</style><p>ø</p>"), "<p>é</p><p>ø</p>");
    }
}
