//! Plain-text scrapes: find the article among page-chrome lines.
//!
//! The article body is the span from the first to the last *prose* line (a sentence-like line
//! of several words); inside it, short lines that are not sentences (menu items, "Advertisement",
//! widget labels) are dropped. Above the body sit the title (a headline-like line, preferring one
//! the page repeats), the byline and the dateline. Image captions (a photo credit such as
//! `[Name/Agency]` or `Foto: …`) are moved out of the text. Nothing here is specific to one
//! site or language: the rules use line shape, punctuation and small multilingual word lists.

use std::sync::LazyLock;

use parallax_model::{Article, PageMeta};
use regex::Regex;

use crate::lines::{ends_like_sentence, is_boilerplate, is_call_to_action, is_menu, is_prose, weighted_words, words};
use crate::{dates, midnight};

/// Inside the body, a short line is kept only if it is a sentence of at least this many words.
const SHORT_SENTENCE_MIN_WORDS: usize = 4;

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|av|von|par|por|di|door|przez|af|tekijä|od|autor|yazan|bởi|oleh|автор|від|بقلم:?)\s+(\p{Lu}[^\d|•·,]{1,60}?)(?:\s*(?i:published|updated|publicerad|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|opublikowano|\d|[|•·,–—-])|$)")
        .expect("byline regex")
});

/// A line that is only an image placeholder, such as `[Bild]` or `spot_img`.
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[[^\]]{1,24}\]|(?:spot_img)+)$").expect("placeholder regex"));

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\[[^\]]{2,80}/[^\]]{2,80}\]\s*$|\b(?:photo|foto|fotó|bild|image|ảnh|фото|صورة|تصوير|kuva|zdjęcie|fotoğraf|照片|사진|credit|crédit)\s*[:：©]|©\s*\p{Lu})")
        .expect("caption regex")
});

/// Text of one extracted scrape.
pub fn extract(raw: &str) -> Article {
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let mut prose: Vec<bool> =
        lines.iter().map(|l| is_prose(l) && !CAPTION.is_match(l) && !is_boilerplate(l)).collect();
    drop_trailing_fragments(&lines, &mut prose);
    let Some(first) = prose.iter().position(|&p| p) else {
        return Article { text: String::new(), ..Default::default() };
    };
    let last = prose.iter().rposition(|&p| p).unwrap_or(first);

    let title = pick_title(&lines[..first]);
    let mut author = None;
    let mut site_name = None;
    let mut published = None;
    let mut header_date = None;
    let mut paras: Vec<&str> = Vec::new();
    let mut captions: Vec<String> = Vec::new();

    let mut after_placeholder = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let follows_placeholder = std::mem::replace(&mut after_placeholder, PLACEHOLDER.is_match(line));
        if follows_placeholder && weighted_words(line) < 30 {
            // The caption of the image above (in the header, the placeholder is page chrome).
            if i >= first {
                captions.push(line.to_string());
            }
            continue;
        }
        if let Some(c) = BYLINE.captures(line).filter(|_| words(line) <= 14) {
            if let Some(name) = c.get(1).map(|m| m.as_str().trim()) {
                let name = name.trim_end_matches(|c: char| !c.is_alphanumeric());
                author.get_or_insert_with(|| name.to_string());
                if let Some(outlet) = name.strip_suffix(" Staff").or_else(|| name.strip_suffix(" staff")) {
                    site_name.get_or_insert_with(|| outlet.to_string());
                }
            }
            if published.is_none() {
                published = dates::find_date(line, None);
            }
            continue;
        }
        if i < first || i > last {
            if header_date.is_none() && i < first && words(line) <= 12 {
                header_date = dates::find_date(line, None);
            }
            if i < first && site_name.is_none() {
                site_name = site_from_header(line);
            }
            continue;
        }
        if Some(*line) == title.as_deref() {
            continue;
        }
        if CAPTION.is_match(line) {
            captions.push(line.to_string());
            continue;
        }
        if is_call_to_action(line) {
            continue;
        }
        if prose[i] || is_short_sentence(line) {
            paras.push(line);
        } else if published.is_none() && header_date.is_none() && words(line) <= 8 {
            header_date = dates::find_date(line, None);
        }
    }
    if site_name.is_none() {
        site_name =
            lines.iter().find(|l| !l.is_empty()).filter(|l| plain_name(l, title.as_deref())).map(|l| l.to_string());
    }
    Article {
        original_url: crate::credit::find_original(raw),
        title,
        author,
        site_name,
        published: published.or(header_date).map(midnight),
        text: paras.join("\n\n"),
        page: PageMeta { captions, ..Default::default() },
        ..Default::default()
    }
}

/// Prose after the article (comment prompts, teasers) comes as small groups of lines cut off
/// from the body by page chrome. From the end, drops prose groups of fewer than
/// [`TRAILING_MIN_WORDS`] words that sit behind a gap of two or more non-prose lines.
fn drop_trailing_fragments(lines: &[&str], prose: &mut [bool]) {
    loop {
        let Some(last) = prose.iter().rposition(|&p| p) else { return };
        // Walk back over the last group: prose lines with at most one non-prose line between.
        let mut start = last;
        let mut words_in_group = weighted_words(lines[last]);
        let mut gap = 0;
        let mut i = last;
        while i > 0 {
            i -= 1;
            if lines[i].is_empty() {
                continue;
            }
            if prose[i] {
                if gap >= 2 {
                    break;
                }
                gap = 0;
                start = i;
                words_in_group += weighted_words(lines[i]);
            } else {
                gap += 1;
            }
        }
        let has_body_before = prose[..start].iter().any(|&p| p);
        if !has_body_before || gap < 2 || words_in_group >= TRAILING_MIN_WORDS {
            return;
        }
        prose[start..=last].iter_mut().for_each(|p| *p = false);
    }
}

/// A trailing prose group this long is part of the article even when chrome precedes it.
const TRAILING_MIN_WORDS: usize = 25;

fn is_short_sentence(line: &str) -> bool {
    weighted_words(line) >= SHORT_SENTENCE_MIN_WORDS && ends_like_sentence(line)
}

/// Chooses the headline among the lines above the body: a line the page repeats, else the last
/// headline-shaped line (3–30 words, not a date, byline or credit).
fn pick_title(header: &[&str]) -> Option<String> {
    let candidate = |l: &&str| {
        let w = weighted_words(l);
        (3..=30).contains(&w)
            && !BYLINE.is_match(l)
            && !is_menu(l)
            && !CAPTION.is_match(l)
            && !PLACEHOLDER.is_match(l)
            && site_from_header(l).is_none()
            && dates::find_date(l, None).is_none()
            && !l.contains("://")
            && !label_line(l)
    };
    let repeated = header.iter().filter(|l| candidate(l)).find(|l| header.iter().filter(|m| m == l).count() > 1);
    // Otherwise the longest candidate; on ties the lowest (closest to the body).
    let longest = || header.iter().filter(|l| candidate(l)).rev().max_by_key(|l| weighted_words(l));
    repeated.or_else(longest).map(|l| l.to_string())
}

/// `Label: short value` lines such as `Lesezeit: 3 Min.` or `Teilen: Facebook`.
fn label_line(l: &str) -> bool {
    l.split_once(':')
        .is_some_and(|(label, value)| label.split_whitespace().count() <= 2 && value.split_whitespace().count() <= 4)
}

/// A first line that reads like an outlet's name: 1–4 words, no digits or punctuation.
fn plain_name(l: &str, title: Option<&str>) -> bool {
    (1..=4).contains(&words(l))
        && Some(l) != title
        && l.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
        && !PLACEHOLDER.is_match(l)
}

/// A site name from a header line shaped like `example.com - tagline` or `Example News | tagline`.
fn site_from_header(line: &str) -> Option<String> {
    let (name, _) = line.split_once(" - ").or_else(|| line.split_once(" | "))?;
    let name = name.trim();
    let looks_like_domain = name.contains('.') && !name.contains(' ');
    looks_like_domain.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRAPE: &str = "Monday, March 2, 2026\nspot_img\n\nTop 5 This Week\n\nRelated Posts\n\n\
Harbour bridge reopens after repairs\n\nNews\n\nHarbour bridge reopens after repairs\n\n\
The city council said the works finished two weeks ahead of schedule on Friday.\n\n\
Cars cross the bridge on Monday morning [Jane Doe/Example Agency]\n\n\
By Example News StaffPublished On 2 Mar 20262 Mar 2026\n\nSave\n\n\
The harbour bridge in the town reopened to traffic on Monday after eight months of repairs, officials said.\n\n\
Advertisement\n\n“We are proud of the crews,” the mayor said.\n\n\
Drivers had faced long detours through the old town while the bridge was closed for the repair works.\n\n\
LEAVE A REPLY\n\nPlease enter your comment!\n\nPopular Articles";

    #[test]
    fn keeps_article_drops_chrome() {
        let a = extract(SCRAPE);
        assert_eq!(a.title.as_deref(), Some("Harbour bridge reopens after repairs"));
        assert_eq!(a.author.as_deref(), Some("Example News Staff"));
        assert_eq!(a.site_name.as_deref(), Some("Example News"));
        for gone in
            ["spot_img", "Top 5", "Related Posts", "Save", "Advertisement", "LEAVE A REPLY", "Popular", "[Jane Doe"]
        {
            assert!(!a.text.contains(gone), "{gone} left in:\n{}", a.text);
        }
        assert!(a.text.starts_with("The city council said"));
        assert!(a.text.contains("“We are proud of the crews,” the mayor said."));
        assert!(a.text.ends_with("repair works."));
        assert_eq!(a.page.captions, ["Cars cross the bridge on Monday morning [Jane Doe/Example Agency]"]);
    }

    #[test]
    fn no_prose_gives_empty_text() {
        assert!(extract("Home\nMenu\nLogin").text.is_empty());
    }

    #[test]
    fn site_from_domain_header() {
        let a = extract(
            "news.example - the best news\n\nA short headline for the story\n\nThis is the first sentence of a longer article about something.",
        );
        assert_eq!(a.site_name.as_deref(), Some("news.example"));
        assert_eq!(a.title.as_deref(), Some("A short headline for the story"));
    }
}
