//! Facts in articles: the names they mention ([`entities`]), who said what ([`quotes`]), and
//! the claims on which a story's sources can disagree ([`claims`], [`disagreements`]), and
//! which quotes of a story are one statement in several languages ([`utterances`]).
//!
//! Everything here is rule-based and multilingual: capitalised runs and a title table
//! ([`roles`]) for names, quotation marks and reporting verbs for quotes, and tables of
//! quantities and number words for counts. `parallax eval facts` measures each part on our
//! labelled sets.

mod claims;
mod dates;
mod entities;
mod gazetteer;
mod quotes;
pub mod roles;
mod uncased;
pub mod utterances;

/// Facts are looked for in the first this many bytes of a text: news articles are far shorter,
/// and it bounds the time a huge or hostile input can take (name matching grows with names ×
/// text).
pub const MAX_TEXT_BYTES: usize = 200_000;

/// `text` cut to [`MAX_TEXT_BYTES`] at a character boundary.
pub(crate) fn capped(text: &str) -> &str {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    &text[..floor_char_boundary(text, MAX_TEXT_BYTES)]
}

/// The char boundary of `s` at or before byte `i`.
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub use claims::{ArticleClaims, Claim, claims, disagreements, parse_number};
pub use entities::{FoundEntity, entities};
pub use quotes::{FoundQuote, MIN_QUOTE_WORDS, quotes, quotes_with};
