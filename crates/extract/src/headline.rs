//! The headline without the site name: "Netzpolitik wird zum großen US-Wahlkampfthema - Netz
//! Für Alle" → "Netzpolitik wird zum großen US-Wahlkampfthema". Readability's rule for a page
//! title (Mozilla's `_getArticleTitle`), applied to the title trafilatura found, with the page's
//! headings read by a scan ([`crate::scan`]) instead of a parse:
//!
//! - a title with separators (` | `, ` - `, ` – `, ` — `, ` / `, ` > `, ` » `) loses its last
//!   part, or its first part when fewer than three words would be left;
//! - a title with `: ` that is no `<h1>`/`<h2>` of the page keeps what follows the last colon
//!   (the first when that leaves fewer than three words), unless more than five words precede
//!   the first colon;
//! - the result is kept only when it has more than four words, or when exactly one separated
//!   part of a title with hierarchical separators (` / `, ` > `, ` » `) was dropped.
//!
//! The cleaned title replaces trafilatura's only when it is a shorter part of it, so a title
//! that had no site name is never touched.

use std::sync::LazyLock;

use regex::Regex;

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" [|\-–—\\/>»] ").expect("separator regex"));
static HIERARCHY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" [\\/>»] ").expect("hierarchy regex"));
static ANY_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[|\-–—\\/>»]+").expect("any separator regex"));
/// A separator character, for cutting at the last or first one.
const SEPARATOR_CHARS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The title cleaned as Readability cleans a `<title>`; `headings` are the page's `<h1>` and
/// `<h2>` texts (whitespace collapsed).
fn readability_clean(orig: &str, headings: &[String]) -> String {
    let orig = orig.trim();
    let mut cur = orig.to_string();
    let mut hierarchical = false;
    if SEPARATOR.is_match(orig) {
        hierarchical = HIERARCHY.is_match(orig);
        // Everything before the last separator that is followed by a space.
        cur = last_separator(orig).map_or(orig, |i| &orig[..i]).to_string();
        if word_count(&cur) < 3 {
            // Everything after the first separator.
            cur = orig
                .char_indices()
                .find(|(_, c)| SEPARATOR_CHARS.contains(c))
                .map_or(orig, |(i, c)| &orig[i + c.len_utf8()..])
                .to_string();
        }
    } else if orig.contains(": ") {
        let collapsed = orig.split_whitespace().collect::<Vec<_>>().join(" ");
        if !headings.contains(&collapsed) {
            cur = orig.rfind(':').map_or(orig, |i| &orig[i + 1..]).to_string();
            if word_count(&cur) < 3 {
                cur = orig.find(':').map_or(orig, |i| &orig[i + 1..]).to_string();
            } else if orig.find(':').is_some_and(|i| word_count(&orig[..i]) > 5) {
                cur = orig.to_string();
            }
        }
    }
    let cur = cur.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = word_count(&cur);
    let without_separators = word_count(&ANY_SEPARATOR.replace_all(orig, ""));
    if words <= 4 && (!hierarchical || words + 1 != without_separators) { orig.to_string() } else { cur }
}

/// The byte offset of the last separator character that is followed by a space.
fn last_separator(s: &str) -> Option<usize> {
    s.char_indices()
        .rev()
        .find(|&(i, c)| SEPARATOR_CHARS.contains(&c) && s[i + c.len_utf8()..].starts_with(' '))
        .map(|(i, _)| i)
}

/// The headline: `title` without its site name when Readability's rule finds a shorter part of
/// it of at least two words; `page` is the (pruned) page, read for its headings only when the
/// title has a colon.
pub fn clean(title: Option<String>, page: &str) -> Option<String> {
    let title = title?;
    let headings = if title.contains(": ") {
        let mut h = crate::scan::element_texts(page, "h1");
        h.extend(crate::scan::element_texts(page, "h2"));
        h
    } else {
        Vec::new()
    };
    let cleaned = readability_clean(&title, &headings);
    crate::readability::title(Some(title), &cleaned).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str) -> String {
        clean(Some(t.to_string()), "").unwrap_or_default()
    }

    #[test]
    fn site_names_go() {
        assert_eq!(
            c("Netzpolitik wird zum großen US-Wahlkampfthema - Netz Für Alle"),
            "Netzpolitik wird zum großen US-Wahlkampfthema"
        );
        // Readability's rule: four words or fewer left keep the whole title.
        assert_eq!(
            c("Netzpolitik als US-Wahlkampfthema - Netz Für Alle"),
            "Netzpolitik als US-Wahlkampfthema - Netz Für Alle"
        );
        assert_eq!(c("A Five Word Long Article Title | Site Name"), "A Five Word Long Article Title");
        // The site name first: what follows the first separator.
        assert_eq!(c("Nalas Löwenseiten » Lexikon"), "Nalas Löwenseiten » Lexikon");
        assert_eq!(
            c("NWO – PSYOP UNITEDWESTRIKE Radio-Marathon über alles"),
            "PSYOP UNITEDWESTRIKE Radio-Marathon über alles"
        );
        assert_eq!(c("Kurier | Brücke in Valmora am Montag eingestürzt"), "Brücke in Valmora am Montag eingestürzt");
    }

    #[test]
    fn short_or_plain_titles_stay() {
        // Four words or fewer left: the whole title stays.
        assert_eq!(c("Bridge reopens - Kurier"), "Bridge reopens - Kurier");
        assert_eq!(c("Bridge reopens after two years of repairs"), "Bridge reopens after two years of repairs");
        // A hyphen inside a word is no separator.
        assert_eq!(c("US-Wahl: Trump-Lager jubelt nach dem Sieg"), "Trump-Lager jubelt nach dem Sieg");
    }

    #[test]
    fn a_colon_title_that_is_a_heading_stays() {
        let page = "<h1>US-Wahl: Trump-Lager jubelt nach dem Sieg</h1>";
        let t = clean(Some("US-Wahl: Trump-Lager jubelt nach dem Sieg".into()), page);
        assert_eq!(t.as_deref(), Some("US-Wahl: Trump-Lager jubelt nach dem Sieg"));
        // More than five words before the colon: a sentence, kept whole.
        assert_eq!(
            c("Browns player on Mason Rudolph's role in fight: He asked for it"),
            "Browns player on Mason Rudolph's role in fight: He asked for it"
        );
        assert_eq!(clean(None, page), None);
    }
}
