//! Language: identification, tokenising, folding and stemming.
//!
//! Language ID: `whatlang` (trigrams, about a tenth of a millisecond) answers for samples of at
//! least [`FAST_MIN_CHARS`] characters in Latin, Greek, Arabic or CJK scripts when it is
//! confident; everything else (short texts, Cyrillic, where Russian, Ukrainian and Bulgarian
//! are close) goes to `lingua` restricted to the languages Parallax supports ([`SUPPORTED`]),
//! about 1.5 ms per article. Both detectors are built once per process. Tokens are Unicode words, lower-cased and folded
//! (diacritics removed); runs of CJK characters become character bigrams; stemming uses
//! Snowball stemmers where one exists for the language. [`translit`] gives a name one
//! spelling across Latin, Cyrillic and Greek scripts.

pub mod translit;

use std::sync::OnceLock;

use lingua::{IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder};
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// ISO 639-1 codes of the languages the detector knows (those compiled into `lingua`).
pub const SUPPORTED: &[&str] = &[
    "ar", "bg", "bn", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hi", "hr", "hu", "id", "it", "ja",
    "ko", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sr", "sv", "th", "tr", "uk", "ur", "vi", "zh",
];

/// Text longer than this is cut (at a char boundary) before detection: the start of an article
/// identifies its language as well as the whole, at a fraction of the cost.
const DETECT_PREFIX_BYTES: usize = 400;

fn detector() -> &'static LanguageDetector {
    static D: OnceLock<LanguageDetector> = OnceLock::new();
    D.get_or_init(|| LanguageDetectorBuilder::from_all_languages().build())
}

/// Samples shorter than this (in characters) always go to `lingua`: on one-sentence blurbs
/// `whatlang` confuses close languages.
pub const FAST_MIN_CHARS: usize = 200;

/// Detects the language of `text`; `None` when it is too short or ambiguous.
pub fn detect(text: &str) -> Option<&'static str> {
    let sample = &text[..text.floor_char_boundary(DETECT_PREFIX_BYTES)];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    if let Some(code) = fast_detect(sample) {
        return Some(code);
    }
    let lang = detector().detect_language_of(sample)?;
    Some(code(lang))
}

/// `whatlang`'s answer when the sample is long enough, not Cyrillic, and the answer reliable
/// and among [`SUPPORTED`].
fn fast_detect(sample: &str) -> Option<&'static str> {
    static FAST: OnceLock<whatlang::Detector> = OnceLock::new();
    if sample.chars().count() < FAST_MIN_CHARS {
        return None;
    }
    let fast = FAST.get_or_init(|| {
        let allowed = whatlang::Lang::all().iter().copied().filter(|l| whatlang_code(*l).is_some()).collect();
        whatlang::Detector::with_allowlist(allowed)
    });
    let info = fast.detect(sample).filter(|i| i.is_reliable() && i.script() != whatlang::Script::Cyrillic)?;
    whatlang_code(info.lang())
}

/// The ISO 639-1 code in [`SUPPORTED`] of a `whatlang` language.
fn whatlang_code(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    let code = match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Hrv => "hr",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Tur => "tr",
        Ara => "ar",
        Pes => "fa",
        Heb => "he",
        Urd => "ur",
        Hin => "hi",
        Ben => "bn",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Ind => "id",
        Tha => "th",
        _ => return None,
    };
    SUPPORTED.contains(&code).then_some(code)
}

/// Normalises a declared language tag (`en-US`, `sv_SE`, `SV`, `nob`) to an ISO 639-1 code.
pub fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let mapped = match primary.as_str() {
        "no" | "nn" | "nob" => "nb",
        "iw" => "he",
        "in" => "id",
        p if p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()) => p,
        _ => return None,
    };
    Some(mapped.to_string())
}

fn code(lang: Language) -> &'static str {
    // IsoCode639_1's Display gives the lower-case code; map through a static table to avoid
    // allocating per call.
    let iso = lang.iso_code_639_1();
    SUPPORTED.iter().copied().find(|c| iso_eq(&iso, c)).unwrap_or("und")
}

fn iso_eq(iso: &IsoCode639_1, code: &str) -> bool {
    iso.to_string() == code
}

/// Lower-cases and strips diacritics (é → e, å → a, ı stays).
pub fn fold(s: &str) -> String {
    s.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Splits text into folded word tokens; CJK runs become overlapping character bigrams.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        if run.len() == 1 {
            out.push(run.iter().collect());
        }
        for pair in run.windows(2) {
            out.push(pair.iter().collect());
        }
        run.clear();
    };
    for w in text.unicode_words() {
        if w.chars().all(is_cjk) {
            run.extend(w.chars());
        } else {
            flush(&mut run, &mut out);
            out.push(fold(w));
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The value of a decimal digit of any of the common scripts (ASCII, Arabic-Indic, Persian,
/// Devanagari, Bengali, Thai, full-width).
fn digit(c: char) -> Option<u8> {
    let zero = match c as u32 {
        0x30..=0x39 => 0x30,
        0x660..=0x669 => 0x660,
        0x6F0..=0x6F9 => 0x6F0,
        0x966..=0x96F => 0x966,
        0x9E6..=0x9EF => 0x9E6,
        0xE50..=0xE59 => 0xE50,
        0xFF10..=0xFF19 => 0xFF10,
        _ => return None,
    };
    u8::try_from(c as u32 - zero).ok()
}

/// The numbers written in digits in `text`, in ASCII digits without leading zeros, in order.
/// Groups of three digits after a separator (`,` `.` `'`, a space or a thin/no-break space)
/// join a first group of one to three digits ("1,250,000", "1.250.000" and "1 250 000" read
/// the same); another digit run after `.` or `,` is a decimal part, written with `.` ("2,5" and
/// "2.5" read the same). Digits inside a word ("G20", "4x4") are not numbers.
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let ascii = |cs: &[char]| -> String { cs.iter().filter_map(|c| digit(*c)).map(|d| char::from(b'0' + d)).collect() };
    let run = |i: usize| chars[i..].iter().take_while(|c| digit(**c).is_some()).count();
    let alnum_at = |j: usize| chars.get(j).is_some_and(|c| c.is_alphanumeric());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let first = run(i);
        let mut int = ascii(&chars[i..i + first]);
        let mut frac = String::new();
        i += first;
        let groupable = first <= 3;
        if alnum_at(i) {
            // "4x4", "3D": part of a word.
            while alnum_at(i) {
                i += 1;
            }
            continue;
        }
        while let Some(&sep) = chars.get(i) {
            if !matches!(sep, ',' | '.' | '\'' | ' ' | '\u{a0}' | '\u{202f}')
                || digit(*chars.get(i + 1).unwrap_or(&' ')).is_none()
            {
                break;
            }
            let n = run(i + 1);
            if alnum_at(i + 1 + n) {
                break;
            }
            let digits = ascii(&chars[i + 1..i + 1 + n]);
            if n == 3 && groupable {
                int.push_str(&digits);
            } else if frac.is_empty() && matches!(sep, ',' | '.') {
                frac = digits;
                i += 1 + n;
                break;
            } else {
                break;
            }
            i += 1 + n;
        }
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        out.push(if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") });
    }
    out
}

/// A Snowball stemmer for the language, if there is one.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let alg = match lang {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(alg))
}

/// Tokens of `text`, stemmed when a stemmer exists for `lang`.
pub fn stemmed_tokens(text: &str, lang: Option<&str>) -> Vec<String> {
    let toks = tokens(text);
    match lang.and_then(stemmer) {
        Some(s) => toks.into_iter().map(|t| s.stem(&t).into_owned()).collect(),
        None => toks,
    }
}

/// Languages with a Snowball stemmer (see [`stemmer`]).
pub const STEMMED: &[&str] =
    &["ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "nb", "pt", "ro", "ru", "es", "sv", "tr"];

/// The terms a search index stores for an article: each token folded, and also stemmed when
/// the article's language has a stemmer. Space-separated, ready for a full-text index.
pub fn index_terms(text: &str, lang: Option<&str>) -> String {
    let stem = lang.and_then(stemmer);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for t in tokens(text) {
        let t = t.replace(['\'', '’'], "");
        if t.is_empty() {
            continue;
        }
        if let Some(s) = &stem {
            let st = s.stem(&t);
            if st != t {
                out.push_str(&st);
                out.push(' ');
            }
        }
        out.push_str(&t);
        out.push(' ');
    }
    out
}

/// For each word of a search query, the terms that match it in an index built by
/// [`index_terms`]: the folded word and its stem in every stemmed language, because a short
/// query's language cannot be told reliably.
pub fn query_terms(query: &str) -> Vec<Vec<String>> {
    let stemmers: Vec<Stemmer> = STEMMED.iter().filter_map(|l| stemmer(l)).collect();
    tokens(query)
        .into_iter()
        .map(|t| t.replace(['\'', '’'], ""))
        .filter(|t| !t.is_empty())
        .map(|t| {
            let mut alts = vec![t.clone()];
            for s in &stemmers {
                let st = s.stem(&t).into_owned();
                if !alts.contains(&st) {
                    alts.push(st);
                }
            }
            alts
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_same_across_conventions() {
        assert_eq!(numbers("1,250,000 and 1.250.000 and 1 250 000"), ["1250000", "1250000", "1250000"]);
        assert_eq!(numbers("2,5 or 2.5 km, in 2013, 23 pirates"), ["2.5", "2.5", "2013", "23"]);
        assert_eq!(numbers("G20 met on 05/03; 4x4 cars"), ["5", "3"]);
        assert_eq!(numbers("٢٣ قتيلا و ۱۴"), ["23", "14"]);
        assert_eq!(numbers("2013 230 rooms"), ["2013", "230"]);
        assert!(numbers("no digits here").is_empty());
    }

    #[test]
    fn detects_news_languages() {
        let cases = [
            ("en", "The secretary of the council has refuted media reports about new talks."),
            ("sv", "Irans högsta nationella säkerhetsråds sekreterare avfärdade rapporterna."),
            ("vi", "Iran bác tin sẽ đàm phán với Mỹ sau các cuộc tấn công."),
            ("ru", "Министр иностранных дел направил письмо генеральному секретарю ООН."),
            ("ar", "قال المتحدث باسم الحكومة إن المفاوضات لن تستأنف في الوقت الحالي."),
            ("zh", "伊朗否认将与美国恢复谈判的报道。"),
            ("tr", "Dışişleri bakanı, görüşmelerin yeniden başlayacağı iddialarını reddetti."),
            ("uk", "Міністр закордонних справ заявив, що переговори не відновляться."),
            ("fa", "وزیر امور خارجه گفت که مذاکرات با آمریکا از سر گرفته نخواهد شد."),
        ];
        for (want, text) in cases {
            assert_eq!(detect(text), Some(want), "{text}");
        }
        assert_eq!(detect("12 34"), None);
    }

    #[test]
    fn long_samples_take_the_fast_path_with_the_same_answer() {
        let cases = [
            (
                "en",
                "The council approved the new budget on Monday after a long debate about schools, roads and the harbour. Opposition members said the plan cut too deep into services that families rely on every day, and asked for a new vote.",
            ),
            (
                "de",
                "Der Stadtrat hat am Montag nach einer langen Debatte über Schulen, Straßen und den Hafen den neuen Haushalt beschlossen. Die Opposition sagte, der Plan kürze zu viel bei Leistungen für Familien und verlangte eine neue Abstimmung.",
            ),
            (
                "sv",
                "Kommunfullmäktige antog på måndagen den nya budgeten efter en lång debatt om skolor, vägar och hamnen. Oppositionen sade att planen skär för djupt i tjänster som familjer är beroende av varje dag och krävde en ny omröstning.",
            ),
        ];
        for (lang, text) in cases {
            assert_eq!(fast_detect(text), Some(lang), "{text}");
            assert_eq!(detect(text), Some(lang));
        }
        // Cyrillic and short samples go to lingua.
        assert_eq!(
            fast_detect(
                "Совет утвердил новый бюджет в понедельник после долгих дебатов о школах, дорогах и порте. Оппозиция заявила, что план слишком сильно сокращает услуги, на которые семьи полагаются каждый день."
            ),
            None
        );
        assert_eq!(fast_detect("Short text in English."), None);
    }

    #[test]
    fn supported_matches_compiled_languages() {
        assert_eq!(Language::all().len(), SUPPORTED.len());
        for l in Language::all() {
            assert_ne!(code(l), "und", "{l:?} missing from SUPPORTED");
        }
    }

    #[test]
    fn tags_normalise() {
        assert_eq!(normalize_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_tag("SV_se").as_deref(), Some("sv"));
        assert_eq!(normalize_tag("no").as_deref(), Some("nb"));
        assert_eq!(normalize_tag("x"), None);
    }

    #[test]
    fn tokens_fold_and_split_cjk() {
        assert_eq!(tokens("Genève, İstanbul's CAFÉ"), ["geneve", "istanbul's", "cafe"]);
        assert_eq!(tokens("伊朗否认"), ["伊朗", "朗否", "否认"]);
        assert_eq!(stemmed_tokens("negotiations", Some("en")), ["negoti"]);
    }

    #[test]
    fn query_terms_meet_index_terms_across_languages() {
        let sv = index_terms("Förhandlingarna med USA avbröts", Some("sv"));
        let en = index_terms("Iran's negotiations were halted", Some("en"));
        let hits =
            |idx: &str, q: &str| query_terms(q).iter().all(|alts| alts.iter().any(|a| idx.split(' ').any(|t| t == a)));
        assert!(hits(&sv, "förhandlingar"));
        assert!(hits(&en, "negotiation"));
        assert!(hits(&en, "irans"));
        assert!(!hits(&en, "förhandlingar"));
    }
}
