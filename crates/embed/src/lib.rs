//! Embeddings: a text becomes a unit vector; cosine similarity (a dot product) compares texts.
//!
//! [`Embedder`] is the seam. [`LexicalEmbedder`] is the dependency-free fallback: feature
//! hashing of stemmed content words (stop words removed) plus *name* features — capitalised
//! words cut to a short prefix, which survive translation ("Larijani", "Irans" ~ "Iran's") — and
//! numbers. It links same-language texts well and cross-language texts only through shared
//! names; the multilingual neural encoder replaces it when its model is installed.

pub mod e5;

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

/// An input to embed: text plus its language, when known.
#[derive(Debug, Clone, Copy)]
pub struct EmbedInput<'a> {
    pub text: &'a str,
    pub lang: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("embedding model failed: {0}")]
    Model(String),
}

/// Maps texts to L2-normalised vectors of a fixed dimension.
pub trait Embedder: Send + Sync {
    /// A short name for logs and eval tables.
    fn name(&self) -> &str;
    fn dim(&self) -> usize;
    fn embed(&self, inputs: &[EmbedInput<'_>]) -> Result<Vec<Vec<f32>>, EmbedError>;
    /// Whether texts in different languages that say the same thing get close vectors (a
    /// multilingual encoder), so short texts like quotes can be compared across languages.
    fn multilingual(&self) -> bool {
        false
    }
}

/// Dot product of two vectors (cosine for unit vectors).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales `v` to unit length (leaves a zero vector alone).
pub fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Feature-hashing embedder over words, names and numbers.
#[derive(Debug, Clone)]
pub struct LexicalEmbedder {
    dim: usize,
    /// Weight of a name feature relative to a word feature.
    pub name_weight: f32,
    /// Characters of a name kept as its feature (absorbs inflection across languages).
    pub name_prefix: usize,
}

impl Default for LexicalEmbedder {
    fn default() -> Self {
        LexicalEmbedder { dim: 4096, name_weight: 2.0, name_prefix: 5 }
    }
}

impl LexicalEmbedder {
    fn features(&self, text: &str, lang: Option<&str>) -> HashMap<u64, f32> {
        let mut counts: HashMap<u64, f32> = HashMap::new();
        let stops = lang.and_then(stop_words::lookup).unwrap_or(&[]);
        let stemmer = lang.and_then(parallax_lang::stemmer);
        for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')) {
            let raw = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if raw.is_empty() {
                continue;
            }
            if raw.chars().all(|c| c.is_ascii_digit()) {
                if raw.len() >= 2 {
                    *counts.entry(xxh3_64(format!("#{raw}").as_bytes())).or_default() += 1.0;
                }
                continue;
            }
            for tok in parallax_lang::tokens(raw) {
                if tok.chars().count() < 2 || stops.contains(&tok.as_str()) {
                    continue;
                }
                let word = match &stemmer {
                    Some(s) => s.stem(&tok).into_owned(),
                    None => tok.clone(),
                };
                *counts.entry(xxh3_64(format!("w:{word}").as_bytes())).or_default() += 1.0;
            }
            if raw.chars().next().is_some_and(char::is_uppercase) && raw.chars().count() >= 3 {
                let folded = parallax_lang::fold(raw);
                if !stops.contains(&folded.as_str()) {
                    let name: String = folded.chars().filter(|c| c.is_alphanumeric()).take(self.name_prefix).collect();
                    *counts.entry(xxh3_64(format!("n:{name}").as_bytes())).or_default() += self.name_weight;
                }
            }
        }
        counts
    }
}

impl LexicalEmbedder {
    /// The text's sparse lexical profile: (hashed feature, 1 + ln count), sorted by feature —
    /// the same words, names and numbers the dense vector hashes, uncompressed.
    pub fn terms(&self, text: &str, lang: Option<&str>) -> Vec<(u32, f32)> {
        let mut v: Vec<(u32, f32)> =
            self.features(text, lang).into_iter().map(|(h, c)| (h as u32, 1.0 + c.ln())).collect();
        v.sort_by_key(|t| t.0);
        v.dedup_by_key(|t| t.0);
        v
    }
}

impl Embedder for LexicalEmbedder {
    fn name(&self) -> &str {
        "lexical"
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn embed(&self, inputs: &[EmbedInput<'_>]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(inputs
            .iter()
            .map(|inp| {
                let mut v = vec![0f32; self.dim];
                for (h, c) in self.features(inp.text, inp.lang) {
                    let sign = if h >> 63 == 1 { -1.0 } else { 1.0 };
                    v[(h % self.dim as u64) as usize] += sign * (1.0 + c.ln());
                }
                normalize(&mut v);
                v
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(e: &LexicalEmbedder, a: (&str, &str), b: (&str, &str)) -> f32 {
        let v = e
            .embed(&[EmbedInput { text: a.0, lang: Some(a.1) }, EmbedInput { text: b.0, lang: Some(b.1) }])
            .expect("embed");
        dot(&v[0], &v[1])
    }

    #[test]
    fn same_event_across_languages_beats_unrelated() {
        let e = LexicalEmbedder::default();
        let en = (
            "Ali Larijani said Iran will not negotiate with the United States, the Wall Street Journal reported from Oman.",
            "en",
        );
        let sv = (
            "Ali Larijani sade att Iran inte kommer att förhandla med USA, rapporterade Wall Street Journal från Oman.",
            "sv",
        );
        let other = ("The central bank of Norway raised interest rates on Thursday to fight inflation in Oslo.", "en");
        let same = sim(&e, en, sv);
        let diff = sim(&e, en, other);
        assert!(same > diff + 0.2, "same {same} diff {diff}");
        let v = e.embed(&[EmbedInput { text: en.0, lang: None }]).expect("embed");
        assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-4);
    }
}
