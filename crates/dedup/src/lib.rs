//! Duplicates: exact copies (hash of the normalised text), near-duplicates (64-bit SimHash
//! over word 3-shingles, compared by Hamming distance) and translated copies ([`translation`]:
//! the same paragraphs in the same order, of consistent lengths, with the same names and
//! numbers).
//!
//! Normalisation folds case and diacritics and drops punctuation and whitespace differences, so
//! a re-post with different quotes or spacing is still an exact copy.

pub mod translation;

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// Hex digest of the normalised text: equal for texts that differ only in case, diacritics,
/// punctuation or whitespace.
pub fn content_hash(text: &str) -> String {
    let norm = parallax_lang::tokens(text).join(" ");
    format!("{:032x}", xxh3_128(norm.as_bytes()))
}

/// Hex digest of arbitrary key parts (e.g. origin and content hash), for idempotent ingest.
pub fn key_hash(parts: &[&str]) -> String {
    format!("{:032x}", xxh3_128(parts.join("\u{1f}").as_bytes()))
}

/// 64-bit SimHash of word 3-shingles.
pub fn simhash(text: &str) -> u64 {
    let toks = parallax_lang::tokens(text);
    let mut acc = [0i32; 64];
    let mut add = |h: u64| {
        for (bit, a) in acc.iter_mut().enumerate() {
            *a += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    };
    if toks.len() < 3 {
        toks.iter().for_each(|t| add(xxh3_64(t.as_bytes())));
    } else {
        for w in toks.windows(3) {
            add(xxh3_64(w.join(" ").as_bytes()));
        }
    }
    acc.iter().enumerate().fold(0u64, |h, (bit, &a)| if a > 0 { h | 1 << bit } else { h })
}

/// Number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Two SimHashes this close (out of 64 bits) are near-duplicates.
pub const NEAR_DUP_MAX_HAMMING: u32 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "The harbour bridge reopened to traffic on Monday after eight months of repairs, officials said. \
        Drivers had faced long detours through the old town while the bridge was closed for works.";

    #[test]
    fn exact_hash_ignores_case_punctuation_space() {
        let b = "the HARBOUR bridge reopened to traffic on monday after eight months of repairs officials said\n\n\
            Drivers had faced long detours through the old town   while the bridge was closed for works";
        assert_eq!(content_hash(A), content_hash(b));
        assert_ne!(content_hash(A), content_hash("Something else entirely."));
    }

    const LONG: &str = "The harbour bridge reopened to traffic on Monday after eight months of repairs, officials said. \
        Drivers had faced long detours through the old town while the bridge was closed for works. The city council \
        said the project finished two weeks ahead of schedule and slightly under budget, thanks to mild weather over \
        the winter and an extra night shift that the contractor added in the spring. Local shop owners welcomed the \
        news, saying that the closure had cut the number of visitors to the market square by almost a third. The \
        mayor thanked residents for their patience and promised that the next phase, the repair of the northern \
        quay, would be planned with fewer disruptions to traffic and to the ferry service.";

    #[test]
    fn simhash_near_duplicates() {
        let edited = LONG.replace("eight months", "nine months");
        assert!(hamming(simhash(LONG), simhash(&edited)) <= NEAR_DUP_MAX_HAMMING);
        let other = "The central bank raised its key interest rate by half a point on Thursday, citing inflation.";
        assert!(hamming(simhash(LONG), simhash(other)) > NEAR_DUP_MAX_HAMMING);
    }
}
