//! A plain TF-IDF vectoriser (stemmed tokens, smooth IDF, L2-normalised sparse vectors): the
//! simple offline baseline the eval compares against.

use std::collections::HashMap;

pub struct Tfidf {
    idf: HashMap<String, f32>,
}

pub type Sparse = Vec<(u64, f32)>;

impl Tfidf {
    pub fn fit<'a>(docs: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Self {
        let mut df: HashMap<String, f32> = HashMap::new();
        let mut n = 0f32;
        for (text, lang) in docs {
            n += 1.0;
            let mut toks = parallax_lang::stemmed_tokens(text, lang);
            toks.sort();
            toks.dedup();
            for t in toks {
                *df.entry(t).or_default() += 1.0;
            }
        }
        let idf = df.into_iter().map(|(t, d)| (t, ((1.0 + n) / (1.0 + d)).ln() + 1.0)).collect();
        Tfidf { idf }
    }

    pub fn vector(&self, text: &str, lang: Option<&str>) -> Sparse {
        let mut tf: HashMap<String, f32> = HashMap::new();
        for t in parallax_lang::stemmed_tokens(text, lang) {
            *tf.entry(t).or_default() += 1.0;
        }
        let mut v: Sparse = tf
            .into_iter()
            .map(|(t, c)| {
                let w = self.idf.get(&t).copied().unwrap_or(1.0) * c;
                (xxhash_rust::xxh3::xxh3_64(t.as_bytes()), w)
            })
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v.sort_by_key(|(k, _)| *k);
        v
    }

    /// Cosine of two normalised sparse vectors (sorted by key).
    pub fn cosine(a: &Sparse, b: &Sparse) -> f32 {
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }
}
