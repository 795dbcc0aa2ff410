//! Facts in articles: the names they mention ([`entities`]), who said what ([`quotes`]), and
//! the claims on which a story's sources can disagree ([`claims`], [`disagreements`]).
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
pub mod translit;
mod uncased;

pub use claims::{ArticleClaims, Claim, claims, disagreements, parse_number};
pub use entities::{FoundEntity, entities};
pub use quotes::{FoundQuote, MIN_QUOTE_WORDS, quotes, quotes_with};
