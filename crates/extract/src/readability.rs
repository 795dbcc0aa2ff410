//! A second opinion on the main text: Mozilla's Readability algorithm (the `libreadability`
//! crate, which `trafilatura` already builds on) runs on the same page where trafilatura's text
//! shows the signs of its failures ([`needed`]), and [`merge`] combines the two texts; [`title`]
//! and the byline in [`Found`] fill in the metadata. Elsewhere [`trim_tail`] does what merge
//! would most often have done, without a second parse.
//!
//! The two fail differently. Trafilatura sometimes stops early inside a long article (it keeps
//! the first part) or, on pages it cannot structure, returns the whole page as one wall of text
//! or keeps lists of teasers. Readability is stricter and misses less of long articles, but
//! drops more on pages that are not articles. The rules trust trafilatura unless the evidence
//! is clear: Readability finds more than twice the text, or Readability's text is a shorter
//! part of trafilatura's and the rest of trafilatura's is chrome-shaped (a wall of text, or
//! mostly fragments). When both found the same article, fragments only trafilatura kept go.
//! Measured by `parallax eval extraction` (see the README).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::lines::{ends_like_sentence, is_prose, weighted_words};

/// Readability's text wins when it is this many times longer.
const LONGER: f64 = 2.0;
/// Readability's text may replace trafilatura's when it is at most this share of its length…
const SHORTER: f64 = 0.8;
/// …almost all of its words occur in trafilatura's…
const CONTAINED: f64 = 0.9;
/// …and trafilatura's extra paragraphs hold a paragraph of this many words (a wall of page
/// text without structure)…
const WALL_WORDS: usize = 150;
/// …or less than this share of their words in prose paragraphs.
const EXTRA_PROSE_SHARE: f64 = 0.5;

/// What Readability found on a page.
#[derive(Debug, Default)]
pub struct Found {
    /// Main text as paragraphs separated by blank lines (empty when it found none).
    pub text: String,
    /// The headline (Readability drops a site name joined to it by a separator).
    pub title: String,
    /// The byline, when it reads like names: no digits, at most [`BYLINE_MAX_WORDS`] words.
    pub byline: Option<String>,
}

/// A byline longer than this is a sentence, not names.
const BYLINE_MAX_WORDS: usize = 8;

/// The words before a name in bylines such as "View all posts by Daniel Lemire".
static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:.*\s)?(?:by|von|par|por|di|door|av|af|przez|od|от)\s+(\p{Lu}.*)$").expect("byline regex")
});

/// The names in a byline ("Posted on 21 Sep 2020 by Adi Tzlil" → "Adi Tzlil"); `None` when what
/// is left does not read like names (digits, more than [`BYLINE_MAX_WORDS`] words).
pub(crate) fn byline_names(byline: &str) -> Option<String> {
    let b = byline.trim();
    let b = BY.captures(b).and_then(|c| c.get(1)).map_or(b, |m| m.as_str()).trim();
    let names = !b.is_empty() && !b.chars().any(char::is_numeric) && b.split_whitespace().count() <= BYLINE_MAX_WORDS;
    names.then(|| b.to_string())
}

/// Trafilatura's text shorter than this (characters) asks for Readability's opinion.
const SHORT_CHARS: usize = 600;
/// The page's `<p>` elements holding more than this many times trafilatura's text (both
/// counted without whitespace) asks for Readability's opinion.
const PAGE_TEXT_RATIO: f64 = 1.5;
/// This many fragments (paragraphs that are not prose) after trafilatura's last prose paragraph
/// ask for Readability's opinion.
const TAIL_FRAGMENTS: usize = 4;

/// Whether trafilatura's text (`first`) needs Readability's second opinion on `page`. Readability
/// costs a second parse (about a third of extraction time), and on most pages [`merge`] keeps
/// trafilatura's text; these are the pages where it does not:
///
/// - the text is short ([`SHORT_CHARS`]) or one paragraph: trafilatura found little, or a wall
///   of page text;
/// - the page's `<p>` elements hold much more text ([`PAGE_TEXT_RATIO`], read by a scan): it
///   stopped early;
/// - the text ends in a run of fragments ([`TAIL_FRAGMENTS`]): it kept a list of teasers or
///   links, or took a list-like part of the page for the article.
///
/// Elsewhere [`trim_tail`] stands in for merge's fragment rule. Measured by `parallax eval
/// extraction`: Readability runs on about 30% of the pages of both sets, with the same F1 as
/// running it on all of them, in about 80% of the time.
pub fn needed(first: &str, page: &str) -> bool {
    let paras: Vec<&str> = paragraphs(first).collect();
    if paras.len() < 2 || first.chars().count() < SHORT_CHARS || tail_start(&paras) + TAIL_FRAGMENTS <= paras.len() {
        return true;
    }
    let chars = first.chars().filter(|c| !c.is_whitespace()).count();
    crate::scan::paragraph_chars(page) as f64 > PAGE_TEXT_RATIO * chars as f64
}

/// The index of the first paragraph after the last prose paragraph (`paras.len()` when the last
/// paragraph is prose, 0 when none is).
fn tail_start(paras: &[&str]) -> usize {
    paras.iter().rposition(|p| is_prose(p)).map_or(0, |i| i + 1)
}

/// Trafilatura's text without the fragments after its last prose paragraph ("Related
/// topics", teaser headlines, tags, share labels), except those that end like a sentence or
/// lead into something ("Bis morgen.", "Das Konzeptpapier finden Sie hier:"; calls to action
/// among them go later, with every other). What [`merge`] would do with Readability's text on
/// a page that [`needed`] passes over; a text with no prose paragraph is kept whole.
pub fn trim_tail(first: String) -> String {
    let paras: Vec<&str> = paragraphs(&first).collect();
    let tail = tail_start(&paras);
    if tail == 0 || tail == paras.len() {
        return first;
    }
    let keep = |p: &&&str| ends_like_sentence(p) || p.ends_with(':');
    let kept: Vec<&str> = paras[..tail].iter().chain(paras[tail..].iter().filter(keep)).copied().collect();
    kept.join("\n\n")
}

/// Runs Readability on a page.
pub fn find(page: &str, url: Option<&url::Url>) -> Found {
    match libreadability::Parser::new().parse(page, url) {
        Ok(article) => Found {
            text: crate::html::html_paragraphs(&article.content).unwrap_or_default(),
            title: article.title.trim().to_string(),
            byline: byline_names(&article.byline),
        },
        Err(_) => Found::default(),
    }
}

/// The headline: `first` (trafilatura's), or `second` (Readability's) when it is a part of the
/// first of at least two words, which is how a page title reads without its site name
/// ("Netzpolitik als US-Wahlkampfthema - Netz Für Alle" → "Netzpolitik als US-Wahlkampfthema").
pub fn title(first: Option<String>, second: &str) -> Option<String> {
    let second = second.trim();
    match first {
        None => (!second.is_empty()).then(|| second.to_string()),
        Some(f) => {
            let shorter_part = second.split_whitespace().count() >= 2
                && second.len() < f.len()
                && normalised(&f).contains(normalised(second).as_str());
            Some(if shorter_part { second.to_string() } else { f })
        }
    }
}

/// The main text from trafilatura's (`first`) and Readability's (`second`), both paragraphs
/// separated by blank lines:
///
/// - the second when it is more than [`LONGER`] times as long (trafilatura stopped early), or
///   when it is at most [`SHORTER`] of the first's length, almost all its words
///   ([`CONTAINED`]) occur in the first, and the first's extra paragraphs are chrome-shaped: a
///   wall of at least [`WALL_WORDS`] words, or less than [`EXTRA_PROSE_SHARE`] of their words in
///   prose;
/// - otherwise the first, without the fragments (paragraphs that are not prose) the second does
///   not have, when the two are mostly the same article ([`SAME_ARTICLE`] of the first's words
///   occur in the second): headings, lists and captions both keep stay; menu items, teaser
///   headlines and widget labels only trafilatura kept go.
pub fn merge(first: String, second: String) -> String {
    let (len1, len2) = (first.trim().chars().count(), second.trim().chars().count());
    if len2 == 0 {
        return first;
    }
    if len1 == 0 || len2 as f64 > LONGER * len1 as f64 {
        return second;
    }
    let pair = Pair::new(&first, &second);
    if len2 as f64 <= SHORTER * len1 as f64 && pair.second_is_the_article_part() {
        return second;
    }
    pair.first_without_lone_fragments()
}

/// Share of the first text's words the second must have for the two to be one article.
const SAME_ARTICLE: f64 = 0.5;
/// Share of a paragraph's 4-word shingles that must occur in the other text for it to be there.
const IN_SECOND: f64 = 0.5;

/// Two texts, tokenised once for the rules of [`merge`].
struct Pair<'a> {
    first: &'a str,
    words1: HashSet<String>,
    words2: HashSet<String>,
    /// The second's normalised text between spaces, for whole-word substring tests.
    second_padded: String,
}

impl<'a> Pair<'a> {
    fn new(first: &'a str, second: &str) -> Self {
        let second_tokens: Vec<String> = tokens(second).collect();
        Pair {
            first,
            words1: tokens(first).collect(),
            second_padded: format!(" {} ", second_tokens.join(" ")),
            words2: second_tokens.into_iter().collect(),
        }
    }

    /// Whether paragraph `p` (normalised) occurs word for word in the second text.
    fn second_has(&self, p_norm: &str) -> bool {
        self.second_padded.contains(format!(" {p_norm} ").as_str())
    }

    /// The second's words are (almost) all in the first, and the rest of the first is chrome.
    fn second_is_the_article_part(&self) -> bool {
        let shared = self.words2.iter().filter(|w| self.words1.contains(*w)).count();
        if (shared as f64) < CONTAINED * self.words2.len() as f64 {
            return false;
        }
        let extra: Vec<&str> = paragraphs(self.first).filter(|p| !self.second_has(&normalised(p))).collect();
        let extra_words: usize = extra.iter().map(|p| weighted_words(p)).sum();
        let prose_words: usize = extra.iter().filter(|p| is_prose(p)).map(|p| weighted_words(p)).sum();
        let wall = extra.iter().any(|p| weighted_words(p) >= WALL_WORDS);
        extra_words > 0 && (wall || (prose_words as f64) < EXTRA_PROSE_SHARE * extra_words as f64)
    }

    /// The first text without the fragments the second does not have (see [`merge`]).
    fn first_without_lone_fragments(&self) -> String {
        let shared = self.words1.iter().filter(|w| self.words2.contains(*w)).count();
        if self.words2.is_empty() || (shared as f64) < SAME_ARTICLE * self.words1.len() as f64 {
            return self.first.to_string();
        }
        let second_shingles = shingles(self.second_padded.trim());
        let in_second = |p: &str| {
            let norm = normalised(p);
            self.second_has(&norm) || {
                let own = shingles(&norm);
                let found = own.iter().filter(|s| second_shingles.contains(*s)).count();
                found as f64 > IN_SECOND * own.len() as f64
            }
        };
        paragraphs(self.first).filter(|p| is_prose(p) || in_second(p)).collect::<Vec<_>>().join("\n\n")
    }
}

/// Hashes of the 4-word shingles of a normalised text (one for a shorter text).
fn shingles(norm: &str) -> HashSet<u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    words
        .windows(4.min(words.len()).max(1))
        .map(|w| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// Lower-cased alphanumeric runs.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase)
}

/// The tokens joined by single spaces, so paragraphs compare whatever their punctuation and
/// line breaks.
fn normalised(text: &str) -> String {
    tokens(text).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "The council approved the new budget on Monday after a long debate about schools.\n\n\
        Opposition members said the plan cut too deep into services that families rely on every day.";

    #[test]
    fn fragments_only_the_first_has_go() {
        let first = format!("{ARTICLE}\n\nSubheading both keep\n\nTop stories\n\nMore news");
        let second = format!("{ARTICLE}\n\nSubheading both keep");
        assert_eq!(merged(&first, &second), second);
        // Prose only the first has stays; so does everything when the texts differ.
        let prose = format!("{ARTICLE}\n\nThe mayor said the vote showed that the city could still agree.");
        assert_eq!(merged(&prose, ARTICLE), prose);
        assert_eq!(merged(&first, "Something else entirely"), first);
        assert_eq!(merged(&first, ""), first);
    }

    #[test]
    fn bylines_give_names() {
        assert_eq!(byline_names("View all posts by Daniel Lemire").as_deref(), Some("Daniel Lemire"));
        assert_eq!(byline_names("Posted on September 21, 2020 by Adi Tzlil").as_deref(), Some("Adi Tzlil"));
        assert_eq!(byline_names(" Jil Schuller ").as_deref(), Some("Jil Schuller"));
        assert_eq!(byline_names("Veröffentlicht am 3. Mai 2021"), None);
        assert_eq!(byline_names(""), None);
    }

    #[test]
    fn titles_lose_their_site_name() {
        let t = |f: &str, s: &str| title(Some(f.to_string()), s);
        assert_eq!(
            t("Netzpolitik als US-Wahlkampfthema - Netz Für Alle", "Netzpolitik als US-Wahlkampfthema").as_deref(),
            Some("Netzpolitik als US-Wahlkampfthema")
        );
        assert_eq!(t("Bridge reopens", "Bridge").as_deref(), Some("Bridge reopens"));
        assert_eq!(t("Bridge reopens", "Other headline").as_deref(), Some("Bridge reopens"));
        assert_eq!(title(None, " Bridge reopens ").as_deref(), Some("Bridge reopens"));
        assert_eq!(title(None, ""), None);
    }

    #[test]
    fn readability_is_asked_only_where_it_may_help() {
        let long = format!("{ARTICLE}\n\n{ARTICLE}\n\n{ARTICLE}\n\n{ARTICLE}");
        let page = |text: &str| format!("<p>{}</p>", text.replace("\n\n", "</p><p>"));
        assert!(!needed(&long, &page(&long)));
        // Short, one paragraph, or much less than the page's paragraphs hold.
        assert!(needed(ARTICLE, &page(ARTICLE)));
        let wall = long.replace("\n\n", " ");
        assert!(needed(&wall, &page(&wall)));
        assert!(needed(&long, &page(&format!("{long}\n\n{long}"))));
        // A run of four fragments after the last prose paragraph: a teaser list.
        let teasers = format!("{long}\n\nTop stories\n\nWeather today\n\nMore news\n\nJobs");
        assert!(needed(&teasers, &page(&teasers)));
        let three = format!("{long}\n\nTop stories\n\nWeather today\n\nMore news");
        assert!(!needed(&three, &page(&three)));
    }

    #[test]
    fn the_tail_loses_its_fragments() {
        let t = |s: &str| trim_tail(s.to_string());
        assert_eq!(t(&format!("{ARTICLE}\n\nTop stories\n\nWeather today")), ARTICLE);
        // Sentences and lead-ins stay, and so does everything before the last prose paragraph.
        let kept = format!("Subheading\n\n{ARTICLE}\n\nBis morgen.\n\nDas Konzeptpapier finden Sie hier:");
        assert_eq!(t(&format!("{kept}\n\nTags")), kept);
        // No prose at all: nothing to tell the article from the chrome by.
        assert_eq!(t("Home\n\nNews"), "Home\n\nNews");
    }

    fn merged(first: &str, second: &str) -> String {
        merge(first.to_string(), second.to_string())
    }

    #[test]
    fn a_much_longer_second_text_wins() {
        let long = format!("{ARTICLE}\n\n{ARTICLE}\n\n{ARTICLE}");
        assert_eq!(merged(ARTICLE, &long), long);
        assert_eq!(merged("", ARTICLE), ARTICLE);
        assert_eq!(merged(ARTICLE, ""), ARTICLE);
    }

    #[test]
    fn a_shorter_part_wins_only_over_chrome() {
        let teasers =
            format!("{ARTICLE}\n\nSign up\n\nTop stories\n\nWeather today\n\nMore news\n\nContact us\n\nJobs");
        assert_eq!(merged(&teasers, ARTICLE), ARTICLE);
        let wall = format!("{ARTICLE}\n\n{}", "menu item ".repeat(160));
        assert_eq!(merged(&wall, ARTICLE), ARTICLE);
        // The first text is longer because it has more of the article: keep it.
        let more =
            format!("{ARTICLE}\n\nThe mayor said the vote showed that the city could still agree on hard choices.");
        let first_only = ARTICLE.split("\n\n").next().unwrap_or_default();
        assert_eq!(merged(&more, first_only), more);
    }
}
