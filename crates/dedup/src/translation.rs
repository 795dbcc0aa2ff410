//! Translated copies: is one article a translation of another in another language?
//!
//! Independent reports of one event share its names and numbers, and a dense encoder puts them
//! as close as a translation. What a translation keeps and a rewrite does not is the *shape* of
//! the original: the same paragraphs (or sentences) in the same order, each about as long as
//! its source times one language factor, each holding the same names and numbers. A re-publisher
//! may drop whole paragraphs (usually at the end) or add a credit line; it rarely merges,
//! splits or reorders them, which is what rewriting does.
//!
//! [`Shape::of`] reads a text's units (paragraphs, or sentences when there are too few) with
//! their lengths and anchors: numbers (digits only, so "2.500", "2,500" and "2 500" agree) and
//! capitalised words not opening a sentence, by a cross-script skeleton
//! ([`parallax_lang::translit::word_skeleton`]), cut to [`SKELETON_PREFIX`] letters so inflected
//! forms agree. [`evidence`] aligns the units of two shapes monotonically (paragraphs may be
//! skipped) and reports how much of the shorter text aligns, how consistent the aligned
//! lengths are and whether sentences were kept; [`Evidence::is_translation`] decides, with the
//! aligned units' similarity from a multilingual encoder when the caller has one (same-event
//! rewrites share structure more often than one would think; the encoder tells a rendering of
//! a paragraph from a paragraph on the same facts).

use std::collections::HashSet;

use xxhash_rust::xxh3::xxh3_64;

/// Letters of a name's skeleton used as its anchor (Larijani, Лариджаном and Larijanis all give
/// "lrn").
pub const SKELETON_PREFIX: usize = 3;

/// Units shorter than this (characters) are credit lines, bylines or captions: not compared.
pub const MIN_UNIT_CHARS: usize = 25;

/// Below this many paragraphs in either text, sentences are the units.
pub const MIN_PARAGRAPHS: usize = 3;

/// A text has too little structure to call a translation with fewer units than this.
pub const MIN_UNITS: usize = 3;

/// Units read from a text at most (the alignment costs units × units): longer texts are
/// compared on their start, which is where a translation and its original agree most.
pub const MAX_UNITS: usize = 200;

/// Aligned units' length ratios may differ from the text's typical ratio by this factor (log
/// scale) and still count as the same unit.
pub const LENGTH_TOLERANCE: f32 = 0.35;

/// The decision thresholds, picked with `parallax eval copies` on our labelled set
/// (`crates/eval/stories/`, where the thresholds picked on one half of the events are also
/// checked on the other half).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// At least this share of the shorter text's units must align.
    pub min_coverage: f32,
    /// The aligned units' length ratios may spread this much at most ([`Evidence::length_spread`]).
    pub max_length_spread: f32,
    /// At least this share of the anchors both texts name must sit in aligned units.
    pub min_anchors_aligned: f32,
    /// At least this share of the aligned units' numbers must agree ([`Evidence::numbers_agree`]).
    pub min_numbers_agree: f32,
    /// With a multilingual encoder: the aligned units' mean cosine must reach this.
    pub min_unit_cosine: f32,
    /// Without one: coverage and sentence agreement must reach these instead.
    pub min_coverage_alone: f32,
    pub min_same_sentences_alone: f32,
}

/// The thresholds for `multilingual-e5-small` unit vectors (and for no encoder).
pub const THRESHOLDS: Thresholds = Thresholds {
    min_coverage: 0.6,
    max_length_spread: 0.115,
    min_anchors_aligned: 0.6,
    min_numbers_agree: 0.5,
    min_unit_cosine: 0.85,
    min_coverage_alone: 0.75,
    min_same_sentences_alone: 0.5,
};

/// One paragraph or sentence.
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    /// Byte range in the text.
    start: usize,
    end: usize,
    chars: f32,
    /// Sentences in the unit (1 for a sentence).
    sentences: usize,
    anchors: Vec<u64>,
    /// The anchors that are numbers.
    numbers: Vec<u64>,
}

/// The structure of a text that translation keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    units: Vec<Unit>,
    /// Whether the units are sentences (the text had too few paragraphs).
    sentences: bool,
}

/// How well two texts align unit by unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Units of the shorter text (after dropping short ones).
    pub units: usize,
    /// Units aligned to a unit of the other text of consistent length and anchors.
    pub aligned: usize,
    /// `aligned / units`.
    pub coverage: f32,
    /// Anchors both texts name.
    pub shared_anchors: usize,
    /// Share of the shared anchors that sit in aligned unit pairs (1 when there are none).
    pub anchors_aligned: f32,
    /// Mean distance (log scale) of the aligned pairs' length ratios from the typical one.
    pub length_spread: f32,
    /// Share of the aligned pairs with as many sentences on both sides (translation keeps
    /// sentences; rewriting merges and splits them).
    pub same_sentences: f32,
    /// Over the aligned pairs, the share of the numbers either side gives that both give (1
    /// without numbers): a translation keeps every number, an adapted copy changes some.
    pub numbers_agree: f32,
    /// The aligned units (index in the first shape, index in the second), in order.
    pub pairs: Vec<(usize, usize)>,
}

impl Evidence {
    /// Whether the structure allows a translation: enough units, most of them aligned, of
    /// consistent lengths, holding the shared names and the same numbers. A translation needs this
    /// and [`Evidence::is_translation`]'s last check.
    pub fn structure_fits(&self, t: &Thresholds) -> bool {
        self.units >= MIN_UNITS
            && self.coverage >= t.min_coverage
            && self.length_spread <= t.max_length_spread
            && self.anchors_aligned >= t.min_anchors_aligned
            && self.numbers_agree >= t.min_numbers_agree
    }

    /// Whether one text translates the other. `unit_cosine` is the mean cosine of the aligned
    /// units' vectors from a multilingual encoder (see [`Evidence::pairs`]), when there is
    /// one; without it, more of the text must align and keep its sentences.
    pub fn is_translation(&self, unit_cosine: Option<f32>, t: &Thresholds) -> bool {
        self.structure_fits(t)
            && match unit_cosine {
                Some(c) => c >= t.min_unit_cosine,
                None => self.coverage >= t.min_coverage_alone && self.same_sentences >= t.min_same_sentences_alone,
            }
    }
}

impl Shape {
    /// Reads a text's units and anchors.
    pub fn of(text: &str) -> Shape {
        let long = |p: &&str| p.chars().count() >= MIN_UNIT_CHARS;
        let paragraphs: Vec<&str> = text.split("\n\n").map(str::trim).filter(long).collect();
        let (pieces, sentences) = if paragraphs.len() >= MIN_PARAGRAPHS {
            (paragraphs, false)
        } else {
            (split_sentences(text).into_iter().filter(long).collect(), true)
        };
        let units = pieces
            .into_iter()
            .take(MAX_UNITS)
            .map(|p| {
                let (anchors, numbers) = anchors(p);
                // Every piece is a slice of `text`.
                let start = p.as_ptr() as usize - text.as_ptr() as usize;
                Unit {
                    start,
                    end: start + p.len(),
                    chars: p.chars().count() as f32,
                    sentences: split_sentences(p).len().max(1),
                    anchors,
                    numbers,
                }
            })
            .collect();
        Shape { units, sentences }
    }

    /// The text of unit `i` of `text` (the text this shape was read from).
    pub fn unit<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.units.get(i).and_then(|u| text.get(u.start..u.end)).unwrap_or("")
    }

    pub fn units(&self) -> usize {
        self.units.len()
    }
}

/// Sentences: ends at `.`, `!`, `?` followed by white space, and at CJK full stops.
fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' | '\n' => chars.peek().is_none_or(|&(_, n)| n.is_whitespace()),
            _ => false,
        };
        if end {
            let e = i + c.len_utf8();
            let s = text[start..e].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = e;
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// A digit in any of the usual scripts as its ASCII value (Arabic-Indic, Persian, full-width).
fn digit(c: char) -> Option<char> {
    let d = match c as u32 {
        0x30..=0x39 => c as u32 - 0x30,
        0x660..=0x669 => c as u32 - 0x660,
        0x6F0..=0x6F9 => c as u32 - 0x6F0,
        0xFF10..=0xFF19 => c as u32 - 0xFF10,
        _ => return None,
    };
    char::from_digit(d, 10)
}

fn number_anchor(digits: &str) -> u64 {
    xxh3_64(format!("#{digits}").as_bytes())
}

/// A separator inside a number ("2.500", "2,5", "2 500", "2'500").
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | ' ' | '\u{a0}' | '\u{202f}' | '٬' | '٫')
}

/// Numbers (two digits or more, separators dropped) and name skeletons, hashed, in order; and
/// the numbers alone.
fn anchors(unit: &str) -> (Vec<u64>, Vec<u64>) {
    let mut out = Vec::new();
    let mut numbers = Vec::new();
    let mut number = String::new();
    let mut sentence_start = true;
    let mut rest = unit;
    while let Some(c) = rest.chars().next() {
        if let Some(d) = digit(c) {
            number.push(d);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let continues = is_number_separator(c)
            && !number.is_empty()
            && rest[c.len_utf8()..].chars().next().and_then(digit).is_some();
        if continues {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if number.len() >= 2 {
            out.push(number_anchor(&number));
            numbers.push(number_anchor(&number));
        }
        number.clear();
        if c.is_alphabetic() {
            // Letters only: digits inside a run ("共有1284例", "G7") are numbers.
            let end = rest.find(|c: char| !(c.is_alphabetic() || c == '-')).unwrap_or(rest.len());
            let word = &rest[..end];
            if c.is_uppercase() && !sentence_start {
                let sk: String = parallax_lang::translit::word_skeleton(word).chars().take(SKELETON_PREFIX).collect();
                if sk.chars().count() >= 3 {
                    out.push(xxh3_64(sk.as_bytes()));
                }
            }
            sentence_start = false;
            rest = &rest[end..];
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '„' | '«' | '»' | '—' | '–' | '\n' | '。') {
            sentence_start = true;
        }
        rest = &rest[c.len_utf8()..];
    }
    if number.len() >= 2 {
        out.push(number_anchor(&number));
        numbers.push(number_anchor(&number));
    }
    (out, numbers)
}

/// How well `a` and `b` align unit by unit (symmetric up to floating point).
pub fn evidence(a: &Shape, b: &Shape) -> Evidence {
    // A text read as sentences against one read as paragraphs: read both as sentences would
    // need the texts again; such pairs differ in structure anyway.
    let (n, m) = (a.units.len(), b.units.len());
    let units = n.min(m);
    let none = Evidence {
        units,
        aligned: 0,
        coverage: 0.0,
        shared_anchors: 0,
        anchors_aligned: 0.0,
        length_spread: f32::INFINITY,
        same_sentences: 0.0,
        numbers_agree: 0.0,
        pairs: Vec::new(),
    };
    if units == 0 || a.sentences != b.sentences {
        return none;
    }
    let set = |s: &Shape| s.units.iter().flat_map(|u| u.anchors.iter().copied()).collect::<HashSet<u64>>();
    let shared: HashSet<u64> = set(a).intersection(&set(b)).copied().collect();
    let keep = |u: &Unit| u.anchors.iter().copied().filter(|x| shared.contains(x)).collect::<HashSet<u64>>();
    let (ka, kb): (Vec<HashSet<u64>>, Vec<HashSet<u64>>) =
        (a.units.iter().map(keep).collect(), b.units.iter().map(keep).collect());

    // The typical length ratio: the median over the units in the same position.
    let mut ratios: Vec<f32> = (0..units).map(|i| (b.units[i].chars / a.units[i].chars).ln()).collect();
    ratios.sort_by(f32::total_cmp);
    let r = ratios[ratios.len() / 2];

    // Two units correspond when their lengths agree with the typical ratio and their shared
    // anchors (if any) mostly agree.
    let score = |i: usize, j: usize| -> f32 {
        let dev = ((b.units[j].chars / a.units[i].chars).ln() - r).abs();
        let len = (1.0 - dev / LENGTH_TOLERANCE).max(0.0);
        if len == 0.0 {
            return 0.0;
        }
        let (x, y) = (&ka[i], &kb[j]);
        let union = x.union(y).count();
        let anchors = if union == 0 { 0.5 } else { x.intersection(y).count() as f32 / union as f32 };
        if anchors < 0.34 { 0.0 } else { 0.5 + 0.25 * len + 0.25 * anchors }
    };
    // Monotone alignment with free skips (a re-publisher drops paragraphs, never reorders).
    let mut best = vec![vec![0.0f32; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let s = score(i - 1, j - 1);
            let diag = if s > 0.0 { best[i - 1][j - 1] + s } else { 0.0 };
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(diag);
        }
    }
    let (mut i, mut j, mut pairs) = (n, m, Vec::new());
    while i > 0 && j > 0 {
        if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else if best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        }
    }
    pairs.reverse();
    let in_pairs: usize = pairs.iter().map(|&(i, j)| ka[i].intersection(&kb[j]).count()).sum();
    let dev = |&(i, j): &(usize, usize)| ((b.units[j].chars / a.units[i].chars).ln() - r).abs();
    let (mut both, mut either) = (0usize, 0usize);
    for &(i, j) in &pairs {
        let x: HashSet<u64> = a.units[i].numbers.iter().copied().collect();
        let y: HashSet<u64> = b.units[j].numbers.iter().copied().collect();
        both += x.intersection(&y).count();
        either += x.union(&y).count();
    }
    let numbers_agree = if either == 0 { 1.0 } else { both as f32 / either as f32 };
    let same = pairs.iter().filter(|&&(i, j)| a.units[i].sentences == b.units[j].sentences).count();
    let same_sentences = if pairs.is_empty() { 0.0 } else { same as f32 / pairs.len() as f32 };
    let length_spread =
        if pairs.is_empty() { f32::INFINITY } else { pairs.iter().map(dev).sum::<f32>() / pairs.len() as f32 };
    let anchors_aligned = if shared.is_empty() { 1.0 } else { (in_pairs as f32 / shared.len() as f32).min(1.0) };
    Evidence {
        units,
        aligned: pairs.len(),
        coverage: pairs.len() as f32 / units as f32,
        shared_anchors: shared.len(),
        anchors_aligned,
        length_spread,
        same_sentences,
        numbers_agree,
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "The harbour bridge in Veldhaven reopened on Monday after 14 months of repairs costing 2,500,000 euros, the city said.\n\n\
        Mayor Irena Castelli told reporters that traffic would return to normal by Friday. \"We have waited long enough,\" she said.\n\n\
        The works, led by the contractor Brightwell, replaced 320 metres of steel cables and the whole road surface.\n\n\
        Shop owners on the Market Square said the closure had cut their takings by a third during the winter months.";
    const SV: &str = "Hamnbron i Veldhaven öppnade igen på måndagen efter 14 månaders reparationer som kostade 2 500 000 euro, meddelade staden.\n\n\
        Borgmästaren Irena Castelli sade till reportrar att trafiken skulle vara normal igen till fredag. ”Vi har väntat länge nog”, sade hon.\n\n\
        Arbetena, som leddes av entreprenören Brightwell, bytte ut 320 meter stålkablar och hela vägbanan.\n\n\
        Butiksägare vid Market Square sade att stängningen hade minskat deras intäkter med en tredjedel under vintermånaderna.\n\n\
        Källa: Harbour Tribune";
    const REWRITE: &str = "Veldhaven's bridge is open again. After 14 months and 2.5 million euros of repairs, cars crossed the harbour on Monday morning, and Mayor Irena Castelli promised normal traffic by Friday.\n\n\
        Brightwell, the contractor, replaced 320 metres of cables.\n\n\
        For the traders of the Market Square, who say they lost a third of their winter takings, the reopening comes late: several shops closed for good in January, and the chamber of commerce has asked the city for compensation, a request the council will discuss next month.";

    #[test]
    fn a_translation_aligns_and_a_rewrite_does_not() {
        let (en, sv, rw) = (Shape::of(EN), Shape::of(SV), Shape::of(REWRITE));
        let t = evidence(&en, &sv);
        assert!(t.is_translation(None, &THRESHOLDS), "{t:?}");
        assert!(t.is_translation(Some(0.9), &THRESHOLDS), "{t:?}");
        assert!(!t.is_translation(Some(0.8), &THRESHOLDS), "paragraphs that say other things: {t:?}");
        let r = evidence(&en, &rw);
        assert!(!r.is_translation(None, &THRESHOLDS), "{r:?}");
        assert!(!r.is_translation(Some(0.99), &THRESHOLDS), "{r:?}");
    }

    #[test]
    fn an_abridged_translation_still_aligns() {
        let abridged: Vec<&str> = SV.split("\n\n").take(3).collect();
        let e = evidence(&Shape::of(EN), &Shape::of(&abridged.join("\n\n")));
        assert!(e.is_translation(None, &THRESHOLDS), "{e:?}");
        assert_eq!(e.pairs, vec![(0, 0), (1, 1), (2, 2)]);
    }

    #[test]
    fn anchors_agree_across_scripts_and_number_formats() {
        assert_eq!(anchors("Sie trafen Larijani, 2.500 kamen"), anchors("Они встретили Лариджани, 2 500 пришли"));
        assert_eq!(anchors("١٤ شخصا"), anchors("14 people"));
        assert_eq!(anchors("١٤ شخصا").1.len(), 1);
        assert_eq!(anchors("with Larijanis"), anchors("с Лариджаном"), "inflected forms");
        assert_eq!(anchors("截至目前共有1284例").1, anchors("so far 1,284 cases").1, "a number inside a Han run");
        assert!(anchors("Opening words").0.is_empty(), "a sentence's first word is not a name");
    }

    #[test]
    fn a_huge_text_is_read_in_bounded_units() {
        let big = "A paragraph about Veldhaven with 12 numbers and Castelli in it.\n\n".repeat(50_000);
        let s = Shape::of(&big);
        assert_eq!(s.units(), MAX_UNITS);
        assert!(evidence(&s, &s).coverage > 0.99);
    }

    #[test]
    fn short_texts_are_never_called_translations() {
        let e = evidence(&Shape::of("One short line about Veldhaven."), &Shape::of("En kort rad om Veldhaven."));
        assert!(!e.is_translation(Some(1.0), &THRESHOLDS), "{e:?}");
    }
}
