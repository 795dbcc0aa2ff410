//! Cheap reads of a (pruned) page's markup without a parse: the text of the elements of one
//! name, found by scanning for their start and end tags. Used where a parse would cost more
//! than the answer is worth: how much paragraph text the page holds ([`paragraph_chars`]), its
//! headings ([`element_texts`]), its byline ([`byline`]), and the visible words of a stretch of
//! markup ([`visible_words`], for datelines). Markup that does not close an element ends it at
//! the next start tag of the same name (as `<p>` does in HTML), so a broken page cannot make a
//! scan quadratic.

use std::sync::LazyLock;

use memchr::memchr_iter;
use regex::Regex;

/// Offsets of the `<` of every tag named `name` (start tags, or end tags when `end`), ASCII
/// case-insensitive: `<p>`, `<P class=x>`, `</p >` match `p`; `<pre>` does not.
fn tags<'a>(page: &'a str, name: &'a str, end: bool) -> impl Iterator<Item = usize> + 'a {
    let bytes = page.as_bytes();
    memchr_iter(b'<', bytes).filter(move |&lt| {
        let mut i = lt + 1;
        if end {
            if bytes.get(i) != Some(&b'/') {
                return false;
            }
            i += 1;
        }
        let Some(tag) = bytes.get(i..i + name.len()) else { return false };
        tag.eq_ignore_ascii_case(name.as_bytes())
            && bytes.get(i + name.len()).is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
    })
}

/// The byte ranges of the contents of every element named `name`: from after its start tag to
/// its end tag, or to the next start tag of that name, or to the end of the page.
fn contents<'a>(page: &'a str, name: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut starts = tags(page, name, false).peekable();
    let mut ends = tags(page, name, true).peekable();
    std::iter::from_fn(move || {
        let lt = starts.next()?;
        let body = page[lt..].find('>').map_or(page.len(), |gt| lt + gt + 1);
        while ends.next_if(|&e| e < body).is_some() {}
        let next_start = starts.peek().copied().unwrap_or(page.len());
        let end = ends.peek().copied().filter(|&e| e < next_start).unwrap_or(next_start);
        Some((body, end.max(body)))
    })
}

/// The text of a stretch of markup: tags dropped (each as a space), whitespace collapsed,
/// character references decoded.
fn text_of(markup: &str) -> String {
    let decoded = crate::html::decode_entities(&visible_words(markup, usize::MAX, usize::MAX));
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible words of `markup`, each followed by a space: tags (`<…>`) separate words and are
/// dropped, a `<` never closed is text. Stops before the word that would start after `max_bytes`
/// of output or after `max_words` words, so a long stretch of markup is read only as far as
/// needed.
pub(crate) fn visible_words(markup: &str, max_bytes: usize, max_words: usize) -> String {
    let mut out = String::with_capacity(max_bytes.min(markup.len()) + 16);
    let mut words = 0;
    let mut rest = markup;
    loop {
        // The text up to the next tag, and what follows the tag; a `<` never closed is text.
        let (text, next) = match rest.find('<') {
            Some(lt) => match rest[lt..].find('>') {
                Some(gt) => (&rest[..lt], Some(&rest[lt + gt + 1..])),
                None => (rest, None),
            },
            None => (rest, None),
        };
        for word in text.split_whitespace() {
            if out.len() >= max_bytes || words >= max_words {
                return out;
            }
            out.push_str(word);
            out.push(' ');
            words += 1;
        }
        match next {
            Some(n) => rest = n,
            None => return out,
        }
    }
}

/// The texts of the elements named `name` (e.g. `h1`), in page order, empty ones left out.
pub(crate) fn element_texts(page: &str, name: &str) -> Vec<String> {
    contents(page, name).map(|(s, e)| text_of(&page[s..e])).filter(|t| !t.is_empty()).collect()
}

/// How many characters of text (whitespace not counted) the page's `<p>` elements hold.
pub(crate) fn paragraph_chars(page: &str) -> usize {
    contents(page, "p")
        .map(|(s, e)| {
            let mut in_tag = false;
            page[s..e]
                .chars()
                .filter(|&c| match c {
                    '<' => {
                        in_tag = true;
                        false
                    }
                    '>' if in_tag => {
                        in_tag = false;
                        false
                    }
                    _ => !in_tag && !c.is_whitespace(),
                })
                .count()
        })
        .sum()
}

/// A start tag that marks its element as the byline the way Readability looks for one:
/// `rel="author"`, `itemprop="author"`, or a class or id naming a byline or an author.
static BYLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<([a-z][a-z0-9]*)(?-u:\s)[^>]*(?-u:\b)(?:rel\s*=\s*["']?author|itemprop\s*=\s*["']author|(?:class|id)\s*=\s*["'][^"'>]*(?:byline|author|writtenby))[^>]*>"#)
        .expect("byline tag regex")
});
/// A byline is shorter than this (characters), as Readability has it.
const BYLINE_MAX_CHARS: usize = 100;

/// How many marked elements are tried, and how far (bytes) the end tag of one is looked for:
/// a page of unclosed marked elements costs a bounded scan.
const BYLINE_CANDIDATES: usize = 20;
const BYLINE_MARKUP_BYTES: usize = 4096;

/// The text of the first element marked as a byline ([`BYLINE_TAG`]) that has text of fewer
/// than [`BYLINE_MAX_CHARS`] characters.
pub(crate) fn byline(page: &str) -> Option<String> {
    BYLINE_TAG.captures_iter(page).take(BYLINE_CANDIDATES).find_map(|c| {
        let whole = c.get(0)?;
        let name = c.get(1)?.as_str();
        let rest = &page[whole.end()..];
        let rest = &rest[..rest.floor_char_boundary(BYLINE_MARKUP_BYTES)];
        let end = tags(rest, name, true).next()?;
        let text = text_of(&rest[..end]);
        (!text.is_empty() && text.chars().count() < BYLINE_MAX_CHARS).then_some(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read() {
        let page = "<body><H1 class=t>Bridge <b>reopens</b> &amp; more</H1><h10>x</h10><h2>Sub</h2><h1></h1>";
        assert_eq!(element_texts(page, "h1"), vec!["Bridge reopens & more"]);
        assert_eq!(element_texts(page, "h2"), vec!["Sub"]);
    }

    #[test]
    fn paragraph_text_is_counted() {
        assert_eq!(paragraph_chars("<p>ab c</p><pre>zzz</pre><P class='x'>d<a href=y>e</a></P>"), 5);
        // An unclosed paragraph ends at the next one; the last runs to the end of the page.
        assert_eq!(paragraph_chars("<p>ab<p>cd</div>ef"), 6);
        assert_eq!(paragraph_chars("no paragraphs <pre>here</pre>"), 0);
        assert_eq!(paragraph_chars("<p"), 0);
    }

    #[test]
    fn bylines_are_found() {
        let page = r#"<div class="post-meta"><span class="author-name">Von <a href="/a">Jil Schuller</a></span></div>"#;
        assert_eq!(byline(page).as_deref(), Some("Von Jil Schuller"));
        assert_eq!(byline(r#"<a rel="author" href="/x">Adi Tzlil</a>"#).as_deref(), Some("Adi Tzlil"));
        // An empty or overlong element is skipped for the next one.
        let long = format!(r#"<div class="author-box">{}</div><p id="byline">By Ann Lee</p>"#, "bio ".repeat(40));
        assert_eq!(byline(&long).as_deref(), Some("By Ann Lee"));
        assert_eq!(byline("<p class='authority'></p>"), None);
        assert_eq!(byline("<p>No byline here</p>"), None);
        // Unclosed marked elements: none is a byline, and the scan stays bounded.
        assert_eq!(byline(&"<p class=author>x ".repeat(50_000)), None);
    }

    #[test]
    fn visible_words_skip_markup() {
        assert_eq!(
            visible_words("<h1>Bridge</h1><p>3 <b>Feb</b>ruary  2020</p>", 100, 100),
            "Bridge 3 Feb ruary 2020 "
        );
        assert_eq!(visible_words("a < b <i>c", 100, 100), "a c ");
        assert_eq!(visible_words("a < b", 100, 100), "a < b ");
        assert_eq!(visible_words("one <br>two three", 100, 2), "one two ");
        assert_eq!(visible_words("one two three", 5, 100), "one two ");
    }

    #[test]
    fn unclosed_paragraphs_cost_one_pass() {
        let page = "<p>x ".repeat(200_000);
        assert_eq!(paragraph_chars(&page), 200_000);
    }
}
