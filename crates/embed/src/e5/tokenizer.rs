//! SentencePiece unigram tokenisation (XLM-R vocabulary) from the model file's vocabulary and
//! normalisation map: normalise characters, collapse whitespace, add the `▁` word markers,
//! then pick the segmentation with the highest total piece score (Viterbi). Characters no
//! piece covers become `<unk>`; consecutive unknowns are fused into one, as SentencePiece does.

use std::collections::HashMap;

use super::model::Vocab;

const WORD_MARK: char = '\u{2581}';
/// SentencePiece scores unknown characters this far below the lowest piece score.
const UNK_PENALTY: f32 = 10.0;

pub struct Tokenizer {
    pieces: HashMap<String, (u32, f32)>,
    max_piece_chars: usize,
    unk_score: f32,
    norm: HashMap<char, Vec<char>>,
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
}

impl Tokenizer {
    pub fn new(v: &Vocab) -> Self {
        let special = |i: usize, p: &str| {
            i as u32 == v.bos || i as u32 == v.eos || i as u32 == v.pad || i as u32 == v.unk || p == "<mask>"
        };
        let mut pieces = HashMap::with_capacity(v.pieces.len());
        let mut min_score = f32::INFINITY;
        let mut max_piece_chars = 1;
        for (i, (p, &s)) in v.pieces.iter().zip(&v.scores).enumerate() {
            if special(i, p) || p.is_empty() {
                continue;
            }
            min_score = min_score.min(s);
            max_piece_chars = max_piece_chars.max(p.chars().count());
            pieces.entry(p.clone()).or_insert((i as u32, s));
        }
        Tokenizer {
            pieces,
            max_piece_chars,
            unk_score: min_score - UNK_PENALTY,
            norm: v.norm.clone(),
            bos: v.bos,
            eos: v.eos,
            pad: v.pad,
            unk: v.unk,
        }
    }

    /// Normalised text with word markers: `"Hello  world"` → `"▁Hello▁world"`.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut pending_space = true; // the dummy prefix
        let mut push = |c: char, out: &mut String| {
            if c.is_whitespace() || c == WORD_MARK {
                pending_space = !out.is_empty() || pending_space;
            } else {
                if pending_space {
                    out.push(WORD_MARK);
                    pending_space = false;
                }
                out.push(c);
            }
        };
        for c in text.chars() {
            match self.norm.get(&c) {
                Some(rep) => rep.iter().for_each(|&r| push(r, &mut out)),
                None => push(c, &mut out),
            }
        }
        out
    }

    /// Token ids of `text` without special tokens.
    pub fn encode_pieces(&self, text: &str) -> Vec<u32> {
        let norm = self.normalize(text);
        let chars: Vec<(usize, char)> = norm.char_indices().collect();
        let n = chars.len();
        let byte_at = |i: usize| if i < n { chars[i].0 } else { norm.len() };
        // best[i] = (score, start, id) of the best segmentation ending at char i.
        let mut best: Vec<(f32, usize, u32)> = vec![(f32::NEG_INFINITY, 0, 0); n + 1];
        best[0].0 = 0.0;
        for start in 0..n {
            let base = best[start].0;
            if base == f32::NEG_INFINITY {
                continue;
            }
            let mut matched = false;
            for len in 1..=self.max_piece_chars.min(n - start) {
                let end = start + len;
                if let Some(&(id, score)) = self.pieces.get(&norm[byte_at(start)..byte_at(end)]) {
                    matched |= len == 1;
                    if base + score > best[end].0 {
                        best[end] = (base + score, start, id);
                    }
                }
            }
            if !matched && base + self.unk_score > best[start + 1].0 {
                best[start + 1] = (base + self.unk_score, start, self.unk);
            }
        }
        let mut ids = Vec::new();
        let mut i = n;
        while i > 0 {
            let (_, start, id) = best[i];
            ids.push(id);
            i = start;
        }
        ids.reverse();
        ids.dedup_by(|a, b| *a == self.unk && *b == self.unk);
        ids
    }

    /// `<s>` + pieces + `</s>`, cut to at most `max_len` ids (the end marker kept).
    pub fn encode(&self, text: &str, max_len: usize) -> Vec<u32> {
        let mut ids = Vec::with_capacity(max_len.min(512));
        ids.push(self.bos);
        let pieces = self.encode_pieces(text);
        let room = max_len.saturating_sub(2);
        ids.extend(pieces.into_iter().take(room));
        ids.push(self.eos);
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab {
        let pieces =
            ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁he", "llo", "▁hello", "▁wor", "ld", "▁world", "h", "e", "l", "o"];
        let scores = [0.0, 0.0, 0.0, 0.0, -2.0, -3.0, -3.0, -4.0, -3.0, -3.0, -4.5, -6.0, -6.0, -6.0, -6.0];
        Vocab {
            pieces: pieces.iter().map(|s| s.to_string()).collect(),
            scores: scores.to_vec(),
            bos: 0,
            eos: 2,
            pad: 1,
            unk: 3,
            norm: [('Ｈ', vec!['h']), ('\u{200b}', vec![])].into_iter().collect(),
        }
    }

    #[test]
    fn viterbi_prefers_higher_total_score() {
        let t = Tokenizer::new(&vocab());
        assert_eq!(t.normalize("  hello   world "), "▁hello▁world");
        // "▁hello" (-4) beats "▁he"+"llo" (-6); "▁world" (-4.5) beats "▁wor"+"ld" (-6).
        assert_eq!(t.encode_pieces("hello world"), [7, 10]);
        assert_eq!(t.encode("Ｈello\u{200b} world", 512), [0, 7, 10, 2]);
    }

    #[test]
    fn unknowns_fuse_and_truncation_keeps_eos() {
        let t = Tokenizer::new(&vocab());
        assert_eq!(t.encode_pieces("hello ßß"), [7, 4, 3]);
        assert_eq!(t.encode("hello world hello", 3), [0, 7, 2]);
    }
}
