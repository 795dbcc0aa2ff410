//! One statement quoted in several articles, in one language or several: the Swedish
//! «Vi kommer inte att förhandla med USA» and the English “We will not negotiate with the
//! United States” are one utterance of Larijani's.
//!
//! Quotes are compared by the multilingual encoder's vectors of their words (cosine at least
//! [`SAME_UTTERANCE_COSINE`], picked with `parallax eval copies` on our labelled set), and by
//! their words themselves (nearly the same words, [`SAME_WORDS`], in any language; quotes
//! without a vector are compared only so). Two quotes of one article are never one utterance,
//! nor two quotes whose speakers are both known and differ (by last name, across scripts).
//! Groups are closed transitively.

use parallax_lang::fold;
use parallax_lang::translit::{script, word_skeleton};

/// Quotes whose vectors are at least this close (cosine) say the same thing.
pub const SAME_UTTERANCE_COSINE: f32 = 0.87;

/// Quotes sharing at least this share of their words (Jaccard of folded word sets, four words
/// or more each) are the same words.
pub const SAME_WORDS: f32 = 0.8;

/// What grouping needs of a quote.
#[derive(Debug, Clone, Copy)]
pub struct QuoteRef<'a> {
    /// The article quoting it (quotes of one article are never grouped).
    pub article: i64,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
    /// Unit vector of the quote's words; empty when none was made.
    pub vector: &'a [f32],
}

/// Whether two speakers can be the same person: unknown, written in scripts that cannot be
/// compared (Han, Arabic… against Latin), or one's last name is a word of the other's name
/// ("Larijani", "Ali Larijani"), folded or by its skeleton across scripts.
fn same_speaker(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return true };
    let comparable = |s: &str| script(s) != "other";
    if comparable(a) != comparable(b) {
        return true;
    }
    let keys = |s: &str| -> Vec<(String, String)> {
        s.split_whitespace()
            .map(|w| {
                let f = fold(w);
                let sk = word_skeleton(&f);
                (f, sk)
            })
            .collect()
    };
    let names =
        |x: &[(String, String)], w: &(String, String)| x.iter().any(|v| v.0 == w.0 || (!w.1.is_empty() && v.1 == w.1));
    let (x, y) = (keys(a), keys(b));
    x.last().is_some_and(|w| names(&y, w)) || y.last().is_some_and(|w| names(&x, w))
}

/// Quotes compared at most (pairs grow with the square): a story's later quotes stand alone.
pub const MAX_GROUPED_QUOTES: usize = 800;

/// For each quote, the index of the first quote of its utterance (itself when it stands alone).
/// Only the first [`MAX_GROUPED_QUOTES`] quotes are compared.
pub fn utterances(quotes: &[QuoteRef<'_>], threshold: f32) -> Vec<usize> {
    let all = quotes;
    let quotes = &all[..all.len().min(MAX_GROUPED_QUOTES)];
    let mut parent: Vec<usize> = (0..quotes.len()).collect();
    // The known speaker of each group (by its root): a group never gets two speakers.
    let mut speaker: Vec<Option<&str>> = quotes.iter().map(|q| q.speaker).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let words: Vec<std::collections::HashSet<String>> =
        quotes.iter().map(|q| parallax_lang::tokens(q.text).into_iter().collect()).collect();
    let same_words = |i: usize, j: usize| {
        let (a, b) = (&words[i], &words[j]);
        a.len() >= 4 && b.len() >= 4 && a.intersection(b).count() as f32 >= SAME_WORDS * a.union(b).count() as f32
    };
    for i in 0..quotes.len() {
        for j in i + 1..quotes.len() {
            let (a, b) = (&quotes[i], &quotes[j]);
            if a.article == b.article {
                continue;
            }
            let close = !a.vector.is_empty()
                && a.vector.len() == b.vector.len()
                && a.vector.iter().zip(b.vector).map(|(x, y)| x * y).sum::<f32>() >= threshold;
            if !close && !same_words(i, j) {
                continue;
            }
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj && same_speaker(speaker[ri], speaker[rj]) {
                let (keep, gone) = (ri.min(rj), ri.max(rj));
                parent[gone] = keep;
                speaker[keep] = speaker[keep].or(speaker[gone]);
            }
        }
    }
    (0..all.len()).map(|i| if i < quotes.len() { root(&mut parent, i) } else { i }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(article: i64, speaker: Option<&'static str>, vector: &'static [f32]) -> QuoteRef<'static> {
        QuoteRef { article, speaker, text: "", vector }
    }

    #[test]
    fn close_quotes_of_one_speaker_in_two_articles_are_one_utterance() {
        let quotes = [
            q(1, Some("Ali Larijani"), &[1.0, 0.0]),
            q(2, Some("Лариджани"), &[0.99, 0.141]),
            q(2, Some("Ali Larijani"), &[0.0, 1.0]),
            q(3, Some("Tomas Velder"), &[1.0, 0.0]),
            q(1, None, &[0.995, 0.0998]),
            q(4, Some("拉里贾尼"), &[1.0, 0.0]),
        ];
        let u = utterances(&quotes, 0.9);
        assert_eq!(u[1], 0, "same words, same speaker across scripts");
        assert_eq!(u[2], 2, "other words");
        assert_eq!(u[3], 3, "another speaker");
        assert_eq!(u[4], 0, "unknown speaker, close words: joins through article 2's quote");
        assert_eq!(u[5], 0, "a name in Han script is not compared with Latin ones");
    }

    #[test]
    fn many_quotes_are_compared_in_bounded_time() {
        let v = [1.0f32, 0.0];
        let quotes: Vec<QuoteRef<'_>> = (0..5000)
            .map(|i| QuoteRef { article: i, speaker: None, text: "the same four words here", vector: &v })
            .collect();
        let u = utterances(&quotes, 0.9);
        assert_eq!(u[MAX_GROUPED_QUOTES - 1], 0);
        assert_eq!(u[4999], 4999, "past the cap, a quote stands alone");
    }

    #[test]
    fn quotes_without_vectors_are_grouped_by_their_words() {
        let text = |article, text| QuoteRef { article, speaker: None, text, vector: &[] };
        let u = utterances(
            &[
                text(1, "We will rebuild the bridge before winter"),
                text(2, "We will rebuild the bridge before the winter"),
                text(3, "We will not rebuild anything"),
                text(4, ""),
            ],
            0.5,
        );
        assert_eq!(u, vec![0, 0, 2, 3]);
    }
}
