//! Facts: direct quotes and their speakers.
//!
//! Quotes are spans between matching quotation marks of any common style (“” „“ «» 「」 "" ‹›
//! ‘’) of at least [`MIN_QUOTE_WORDS`] words. The speaker is the capitalised name next to a
//! reporting verb in the same paragraph ("…,” Larijani said"), else the last full name
//! mentioned before the quote.

use std::sync::LazyLock;

use regex::Regex;

/// Shorter quoted spans are scare quotes or titles, not statements.
pub const MIN_QUOTE_WORDS: usize = 4;

/// A direct quote with its speaker, as found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundQuote {
    pub text: String,
    pub speaker: Option<String>,
}

const PAIRS: &[(char, char)] =
    &[('“', '”'), ('„', '“'), ('„', '”'), ('«', '»'), ('»', '«'), ('「', '」'), ('『', '』'), ('"', '"'), ('‹', '›'), ('‘', '’')];

const VERBS: &str = "said|says|wrote|writes|told|added|stated|sade|säger|skrev|sagte|sagt|erklärte|schrieb|a déclaré|a dit|déclare|dijo|afirmó|declaró|disse|afirmou|ha detto|ha dichiarato|zei|schreef|powiedział|powiedziała|сказал|сказала|заявил|заявила|dedi|açıkladı";

static NAME: &str = r"\p{Lu}[\p{L}'’-]+(?:\s+(?:al-|bin\s|van\s|von\s|de\s)?\p{Lu}[\p{L}'’-]+){0,3}";

static AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[\s,.:;–—-]*(?:({NAME})\s+(?:{VERBS})|(?:{VERBS})\s+({NAME}))")).expect("regex"));
static BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({NAME})\s+(?:{VERBS})[^.!?]{{0,40}}[:,]?\s*$")).expect("regex"));
static FULL_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+").expect("regex"));

/// Finds the direct quotes in `text` (paragraphs separated by blank lines).
pub fn quotes(text: &str) -> Vec<FoundQuote> {
    let mut out = Vec::new();
    let mut last_name: Option<String> = None;
    for para in text.split("\n\n") {
        for (start, end, inner) in spans(para) {
            if inner.split_whitespace().count() < MIN_QUOTE_WORDS {
                continue;
            }
            let after = &para[end..];
            let before = &para[..start];
            let speaker = AFTER
                .captures(after)
                .and_then(|c| c.get(1).or(c.get(2)))
                .or_else(|| BEFORE.captures(before).and_then(|c| c.get(1)))
                .map(|m| m.as_str().to_string())
                .filter(|s| !is_pronoun(s))
                .or_else(|| FULL_NAME.find_iter(before).last().map(|m| m.as_str().to_string()))
                .or_else(|| last_name.clone());
            out.push(FoundQuote { text: inner.trim().to_string(), speaker });
        }
        if let Some(m) = FULL_NAME.find_iter(para).last() {
            last_name = Some(m.as_str().to_string());
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
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            if let Some(rel) = para[open_end..].find(close) {
                let inner = &para[open_end..open_end + rel];
                let end = open_end + rel + close.len_utf8();
                if !inner.is_empty() && !inner.contains('\n') {
                    out.push((i, end, inner));
                    i = end;
                    continue;
                }
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
            Le maire a déclaré : « Nous reconstruirons ce pont très vite »";
        let q = quotes(t);
        assert_eq!(q.len(), 4, "{q:?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Ali Larijani"));
        assert_eq!(q[0].text, "We will not negotiate with the United States,");
        assert_eq!(q[1].speaker.as_deref(), Some("Abbas Araghchi"));
        assert_eq!(q[2].text, "Wir werden die Brücke wieder aufbauen.");
        assert_eq!(q[3].text, "Nous reconstruirons ce pont très vite");
    }

    #[test]
    fn short_scare_quotes_are_ignored() {
        assert!(quotes("He called it “fake news” again.").is_empty());
    }
}
