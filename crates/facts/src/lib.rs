//! Facts: the names an article mentions ([`entities`]), direct quotes and their speakers.
//!
//! Quotes are spans between matching quotation marks of any common style (“” „“ «» 「」 "" ‹›
//! ‘’) of at least [`MIN_QUOTE_WORDS`] words. The speaker is, in order: the name next to a
//! reporting verb right after the quote ("…,” Larijani said"); a name with a reporting verb
//! earlier in the same sentence ("Larijani said Trump … “…”"); the name that opens the sentence
//! ("Foreign Minister Abbas Araghchi sent a letter … “…”"); else the person mentioned last
//! before the quote, where a *person* is a multi-word name whose surname recurs on its own.

mod claims;
mod entities;
pub mod roles;

use std::sync::LazyLock;

pub use claims::{ArticleClaims, Claim, claims, disagreements, parse_number};
pub use entities::{FoundEntity, entities};

use regex::Regex;

/// Shorter quoted spans are scare quotes or titles, not statements.
pub const MIN_QUOTE_WORDS: usize = 4;

/// A direct quote with its speaker, as found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundQuote {
    pub text: String,
    pub speaker: Option<String>,
}

const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('„', '“'),
    ('„', '”'),
    ('«', '»'),
    ('»', '«'),
    ('「', '」'),
    ('『', '』'),
    ('"', '"'),
    ('‹', '›'),
    ('‘', '’'),
];

const VERBS: &str = "said|says|wrote|writes|told|added|stated|sade|säger|skrev|sagte|sagt|erklärte|schrieb|a déclaré|a dit|déclare|dijo|afirmó|declaró|disse|afirmou|ha detto|ha dichiarato|zei|schreef|powiedział|powiedziała|сказал|сказала|заявил|заявила|dedi|açıkladı";

static NAME: &str = r"\p{Lu}[\p{L}'’-]+(?:\s+(?:al-|bin\s|van\s|von\s|de\s)?\p{Lu}[\p{L}'’-]+){0,3}";

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // "…,” Castelli said", "…,” said Castelli", "… », a déclaré la maire, Irena Castelli"
    Regex::new(&format!(
        r"^[\s,.:;–—-]*(?:({NAME})\s+(?:{VERBS})|(?:{VERBS})(?:\s+[\p{{Ll}}'’-]+){{0,4}},?\s+({NAME}))"
    ))
    .expect("regex")
});
static BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({NAME})\s+(?:{VERBS})[^.!?]{{0,40}}[:,]?\s*$")).expect("regex"));
static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+").expect("regex"));
static VERB_IN_SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({NAME})\s+(?:{VERBS})\b")).expect("regex"));
static SENTENCE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+)\s+\p{Ll}").expect("regex"));

/// The last two words of a name ("Iranian Foreign Minister Abbas Araghchi" → "Abbas Araghchi").
fn short_name(name: &str) -> String {
    let w: Vec<&str> = name.split_whitespace().collect();
    w[w.len().saturating_sub(2)..].join(" ")
}

/// Multi-word names whose last word also appears on its own: people ("Ali Larijani" … "Larijani").
fn persons(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in FULL_NAME.find_iter(text) {
        let name = short_name(m.as_str());
        let Some(last) = name.split_whitespace().last() else { continue };
        let alone = text.matches(last).count() > text.matches(name.as_str()).count();
        if alone && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The start of the sentence that contains byte `at`.
fn sentence_start(para: &str, at: usize) -> usize {
    para[..at].rfind(['.', '!', '?']).map_or(0, |i| i + 1)
}

/// Finds the quotes in `text`, an article in language `lang`.
pub fn quotes_in(text: &str, lang: Option<&str>) -> Vec<FoundQuote> {
    let _ = lang;
    quotes(text)
}

/// Finds the direct quotes in `text` (paragraphs separated by blank lines).
pub fn quotes(text: &str) -> Vec<FoundQuote> {
    let mut out = Vec::new();
    let people = persons(text);
    let mut last_name: Option<String> = None;
    let last_person = |s: &str| -> Option<(usize, String)> {
        people.iter().filter_map(|p| s.rfind(p.split_whitespace().last().unwrap_or(p)).map(|i| (i, p.clone()))).max()
    };
    for para in text.split("\n\n") {
        for (start, end, inner) in spans(para) {
            if inner.split_whitespace().count() < MIN_QUOTE_WORDS {
                continue;
            }
            let after = &para[end..];
            let before = &para[..start];
            let sentence = &before[sentence_start(before, before.len())..];
            let speaker = AFTER
                .captures(after)
                .and_then(|c| c.get(1).or(c.get(2)))
                .or_else(|| BEFORE.captures(before).and_then(|c| c.get(1)))
                .or_else(|| VERB_IN_SENTENCE.captures_iter(sentence).last().and_then(|c| c.get(1)))
                .map(|m| m.as_str().to_string())
                .filter(|s| !is_pronoun(s))
                .or_else(|| SENTENCE_START.captures(sentence).and_then(|c| c.get(1)).map(|m| short_name(m.as_str())))
                .or_else(|| last_person(before).map(|(_, p)| p))
                .or_else(|| last_name.clone());
            // One name per person: drop titles ("Mayor Irena Castelli"), expand a surname
            // ("Velder") to the full name used elsewhere in the article ("Tomas Velder").
            let speaker = speaker.map(|s| {
                let s = short_name(&s);
                match s.split_whitespace().count() {
                    1 => people.iter().find(|p| p.rsplit(' ').next() == Some(s.as_str())).cloned().unwrap_or(s),
                    _ => s,
                }
            });
            out.push(FoundQuote { text: inner.trim().trim_end_matches([',', '،', '、']).to_string(), speaker });
        }
        if let Some(p) = last_person(para)
            .map(|(_, p)| p)
            .or_else(|| FULL_NAME.find_iter(para).last().map(|m| short_name(m.as_str())))
        {
            last_name = Some(p);
        }
    }
    out
}

fn is_pronoun(s: &str) -> bool {
    matches!(s, "He" | "She" | "They" | "Han" | "Hon" | "Er" | "Sie" | "Il" | "Elle" | "Ella" | "Ele" | "Lui")
}

/// Byte ranges (open start, close end) and inner text of quoted spans.
fn spans(para: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < para.len() {
        let Some(c) = para[i..].chars().next() else { break };
        let open_end = i + c.len_utf8();
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c)
            && let Some(rel) = para[open_end..].find(close)
        {
            let inner = &para[open_end..open_end + rel];
            let end = open_end + rel + close.len_utf8();
            if !inner.is_empty() && !inner.contains('\n') {
                out.push((i, end, inner));
                i = end;
                continue;
            }
        }
        i = open_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_quotes() {
        let t = "The secretary, Ali Larijani, refuted the reports.\n\n\
            “We will not negotiate with the United States,” he wrote in a post on Monday.\n\n\
            “It is a cowardly act of terror,” Abbas Araghchi said.\n\n\
            Der Minister sagte: „Wir werden die Brücke wieder aufbauen.“\n\n\
            Le maire a déclaré : « Nous reconstruirons ce pont très vite »\n\n\
            « C'est le matin le plus sombre de notre histoire », a déclaré la maire, Irena Castelli.";
        let q = quotes(t);
        assert_eq!(q.len(), 5, "{q:?}");
        assert_eq!(q[4].speaker.as_deref(), Some("Irena Castelli"));
        assert_eq!(q[1].text, "It is a cowardly act of terror");
        assert_eq!(q[0].speaker.as_deref(), Some("Ali Larijani"));
        assert_eq!(q[0].text, "We will not negotiate with the United States");
        assert_eq!(q[1].speaker.as_deref(), Some("Abbas Araghchi"));
        assert_eq!(q[2].text, "Wir werden die Brücke wieder aufbauen.");
        assert_eq!(q[3].text, "Nous reconstruirons ce pont très vite");
    }

    #[test]
    fn speaker_from_sentence_subject_or_verb() {
        let t = "Ali Larijani spoke. Larijani said Trump had plunged the Middle East into chaos with his “delusional fantasies and now fears more American casualties”.\n\n\
            Iranian Foreign Minister Abbas Araghchi sent a letter decrying the killing as a “cowardly act of terror and more”.";
        let q = quotes(t);
        assert_eq!(q[0].speaker.as_deref(), Some("Ali Larijani"));
        assert_eq!(q[1].speaker.as_deref(), Some("Abbas Araghchi"));
    }

    #[test]
    fn short_scare_quotes_are_ignored() {
        assert!(quotes("He called it “fake news” again.").is_empty());
    }
}
