//! Countries by name: an ISO 3166-1 code for a country name written in any of ~40 languages.
//!
//! The names come from Unicode CLDR plus a short hand list of common short forms (US, UK, UAE,
//! РФ, 阿联酋 …), generated into `data/countries.tsv` by `scripts/facts/countries.py`. A name is
//! matched on its key: lower-cased, diacritics folded (so Arabic hamza forms become a bare alef),
//! dots dropped, Arabic/Persian letter variants unified. Names of three letters or fewer must be
//! written in capitals ("US", not "us"). Beyond the exact name, [`country`] accepts the common
//! inflected forms that plain suffix stripping can undo:
//!
//! - genitives: "Iran's", "USA:s", and in sv/da/no/de a final -s ("Irans", "Sveriges");
//! - Slavic and Finnish case endings ("Ирана", "Ираном", "России", "Rosji", "Iranin"): the word
//!   less a known case ending, less its final vowels, must equal the name less its final vowels,
//!   with at least three letters left, and that stem must belong to one country only;
//! - Arabic clitics و ف ب ل ك and ال ("وإيران", "لإيران", "بالعراق", "للعراق"), Hebrew
//!   prefixes ו ה ב ל מ ש כ.

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_lang::fold;

const NAMES: &str = include_str!("../data/countries.tsv");
const ENGLISH: &str = include_str!("../data/countries-en.tsv");

/// Languages whose case endings [`country`] strips (see [`SLAVIC_ENDINGS`], [`FINNISH_ENDINGS`]).
const INFLECTING: &[&str] = &["ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "fi"];
/// Languages with an -s genitive written without an apostrophe.
const S_GENITIVE: &[&str] = &["sv", "da", "nb", "nn", "no", "de"];

/// Case endings of Russian, Ukrainian, Belarusian, Polish, Czech, Slovak, Slovene and BCS, as
/// written; they are folded (й → и, ą → a) before use.
const SLAVIC_ENDINGS: &[&str] = &[
    "а", "я", "у", "ю", "е", "и", "ы", "і", "ї", "о", "ой", "ей", "ою", "ею", "ом", "ем", "ам", "ям", "ах", "ях",
    "ами", "ями", "ии", "ию", "ией", "ие", "ия", "ьи", "ью", "ов", "ев", "ых", "их", "ую", "ого", "его", "a", "u", "y",
    "i", "e", "o", "ie", "em", "iem", "om", "ou", "ach", "ami", "ów", "ych", "ich", "ym", "im", "ego", "owi", "ii",
    "ia", "ią", "ja", "ji", "ju", "ją", "ą", "ę", "ě", "ům", "ech",
];
/// Finnish case endings (genitive, inessive, elative, allative, adessive, ablative, essive,
/// partitive, translative, illative).
const FINNISH_ENDINGS: &[&str] = &[
    "n", "ssa", "ssä", "sta", "stä", "lle", "lla", "llä", "lta", "ltä", "na", "nä", "a", "ä", "ksi", "in", "hin", "iin",
];

static ENDINGS: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
    let folded = |e: &[&str]| {
        let mut v: Vec<String> = e.iter().map(|e| fold(e)).collect();
        v.sort();
        v.dedup();
        v
    };
    [folded(SLAVIC_ENDINGS), folded(FINNISH_ENDINGS)]
});

/// Common words (folded) of a language that equal a country's name in another language, or
/// a personal name more often than the country: never a country in that language.
const FALSE_FRIENDS: &[(&str, &str)] = &[
    ("en", "island"),
    ("en", "swiss"),
    ("ar", "مالي"),
    ("fa", "مالي"),
    ("ur", "مالي"),
    ("fa", "چك"),
    ("fr", "hollande"),
    ("vi", "anh"),
    ("fi", "oman"),
    ("ru", "того"),
    ("uk", "того"),
    ("bg", "того"),
    ("es", "gana"),
    ("pt", "gana"),
    ("cs", "mali"),
    ("sk", "mali"),
    ("hr", "mali"),
    ("sr", "mali"),
    ("bs", "mali"),
    ("sl", "mali"),
];

struct Gazetteer {
    /// Key → code; `None` when the key names two countries.
    exact: HashMap<String, Option<&'static str>>,
    /// Stem key (each word less its final vowel) → code; `None` when ambiguous.
    stems: HashMap<String, Option<&'static str>>,
    /// Stem key of a name of two or more words, each less all its final vowels.
    adjective_stems: HashMap<String, Option<&'static str>>,
    english: HashMap<&'static str, &'static str>,
    /// The longest key of Han (or kana) script, in characters.
    longest_han: usize,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut exact: HashMap<String, Option<&'static str>> = HashMap::new();
    let mut stems: HashMap<String, Option<&'static str>> = HashMap::new();
    let mut adjective_stems: HashMap<String, Option<&'static str>> = HashMap::new();
    let mut longest_han = 0;
    for (code, name) in rows(NAMES) {
        let k = key(name);
        if k.is_empty() {
            continue;
        }
        if k.chars().all(is_han) {
            longest_han = longest_han.max(k.chars().count());
        }
        insert(&mut exact, k.clone(), code);
        if let Some(s) = stem_key(&k, false) {
            insert(&mut stems, s, code);
        }
        if let Some(s) = stem_key(&k, true) {
            insert(&mut adjective_stems, s, code);
        }
    }
    let english = rows(ENGLISH).collect();
    Gazetteer { exact, stems, adjective_stems, english, longest_han }
});

fn rows(tsv: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    tsv.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t'))
}

fn insert(map: &mut HashMap<String, Option<&'static str>>, k: String, code: &'static str) {
    map.entry(k).and_modify(|c| *c = c.filter(|c| *c == code)).or_insert(Some(code));
}

/// The ISO 3166-1 alpha-2 code (or XK) of a country name in any of the gazetteer's languages,
/// including the inflected forms described in the module documentation. `lang` (an ISO 639-1
/// code) enables the language's inflections and rejects the language's function words.
pub fn country(name: &str, lang: Option<&str>) -> Option<&'static str> {
    let g = &*GAZETTEER;
    let name = name.trim().trim_start_matches("the ").trim_start_matches("The ");
    let k = key(name);
    if k.is_empty() || k.chars().count() > 60 {
        return None;
    }
    if lang.is_some_and(|l| FALSE_FRIENDS.contains(&(l, k.as_str()))) {
        return None;
    }
    let bare = ["'s", "’s", ":s"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name);
    let capitals = !bare.chars().any(char::is_lowercase);
    let short_ok = |k: &str| k.chars().count() > 3 || capitals;
    let exact = |k: &str| if short_ok(k) { g.exact.get(k).copied().flatten() } else { None };
    if let Some(c) = exact(&k) {
        return Some(c);
    }
    for suffix in ["'s", ":s"] {
        if let Some(c) = k.strip_suffix(suffix).and_then(exact) {
            return Some(c);
        }
    }
    if lang.is_some_and(|l| S_GENITIVE.contains(&l))
        && let Some(c) = k.strip_suffix('s').filter(|s| s.chars().count() >= 4).and_then(exact)
    {
        return Some(c);
    }
    if k.starts_with(is_arabic) {
        return arabic_prefixed(&k).into_iter().find_map(|k| exact(&k));
    }
    if k.starts_with(is_hebrew) {
        return hebrew_prefixed(&k).into_iter().find_map(|k| exact(&k));
    }
    // An inflected form must be written as a name, with a capital.
    if lang.is_some_and(|l| INFLECTING.contains(&l)) && name.starts_with(char::is_uppercase) {
        return inflected(&k, &ENDINGS[usize::from(lang == Some("fi"))]);
    }
    None
}

/// The English name of a country code ("IR" → "Iran").
pub fn country_name(code: &str) -> Option<&'static str> {
    GAZETTEER.english.get(code).copied()
}

/// The longest country name in Han script (or Japanese kana) that `text` starts with: its length
/// in bytes and its code.
pub(crate) fn han_prefix(text: &str) -> Option<(usize, &'static str)> {
    let g = &*GAZETTEER;
    let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).take(g.longest_han).collect();
    ends.iter().skip(1).rev().find_map(|&end| {
        let s = &text[..end];
        match g.exact.get(&key(s)) {
            Some(Some(code)) if s.chars().all(is_han) => Some((end, *code)),
            _ => None,
        }
    })
}

/// Whether `s` is a country's name as it stands (no clitics, no inflection).
pub(crate) fn is_name(s: &str) -> bool {
    matches!(GAZETTEER.exact.get(&key(s)), Some(Some(_)))
}

/// The matching key of a name.
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold(s).chars() {
        match c {
            '.' | '\u{640}' => {}
            '’' | 'ʼ' | '`' | '‘' => out.push('\''),
            '״' => out.push('"'),
            'ى' | 'ی' => out.push('ي'),
            'ک' => out.push('ك'),
            '\u{200c}' | '\u{200d}' | '\u{a0}' => out.push(' '),
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
        || c == '・'
        || c == '（'
        || c == '）'
}

pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

fn is_hebrew(c: char) -> bool {
    matches!(c as u32, 0x05D0..=0x05EA)
}

fn is_vowel(c: char) -> bool {
    "aeiouyаеиоуыэюяіїєь".contains(c)
}

fn is_slavic_or_latin(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x0530 && !matches!(c as u32, 0x0370..=0x03FF)
}

/// A key's stems: each word less its final vowel (`all` false) or all its final vowels, if
/// every stem keeps three letters or more and the name is Latin or Cyrillic.
fn stem_key(k: &str, all: bool) -> Option<String> {
    if !k.chars().all(|c| c == ' ' || c == '-' || is_slavic_or_latin(c)) {
        return None;
    }
    let words: Vec<&str> = k.split(' ').collect();
    if words.len() > 4 || k.chars().filter(|c| *c != ' ').count() < 4 || (all && words.len() < 2) {
        return None;
    }
    let stems: Vec<&str> =
        words.iter().map(|w| if all { w.trim_end_matches(is_vowel) } else { strip_vowel(w) }).collect();
    stems.iter().all(|s| s.chars().count() >= 3).then(|| stems.join(" "))
}

fn strip_vowel(w: &str) -> &str {
    w.strip_suffix(is_vowel).unwrap_or(w)
}

/// A Slavic or Finnish case form. Each word less a case ending (or none), and then perhaps less
/// a final vowel, is a candidate stem; candidates are tried from the least removed, first against
/// names less their final vowel, then (for names of two or more words, whose adjectives inflect
/// as "Северная Корея" → "Северной Кореи") against names less all their final vowels.
fn inflected(k: &str, endings: &[String]) -> Option<&'static str> {
    let words: Vec<&str> = k.split(' ').collect();
    if words.len() > 4 || !k.chars().all(|c| c == ' ' || c == '-' || is_slavic_or_latin(c)) {
        return None;
    }
    // (stem, letters removed) per word, for stage 1; all final vowels stripped for stage 2.
    let options: Vec<Vec<(&str, usize)>> = words
        .iter()
        .map(|w| {
            let n = w.chars().count();
            let mut stems: Vec<(&str, usize)> = std::iter::once("")
                .chain(endings.iter().map(String::as_str))
                .filter_map(|e| w.strip_suffix(e))
                .flat_map(|s| [s, strip_vowel(s)])
                .filter(|s| s.chars().count() >= 3)
                .map(|s| (s, n - s.chars().count()))
                .collect();
            stems.sort_unstable_by_key(|&(s, r)| (r, s));
            stems.dedup();
            stems
        })
        .collect();
    let mut combos: Vec<(String, usize)> = vec![(String::new(), 0)];
    for opts in &options {
        combos = combos
            .iter()
            .flat_map(|(c, r)| {
                opts.iter().map(move |(s, rs)| (if c.is_empty() { s.to_string() } else { format!("{c} {s}") }, r + rs))
            })
            .collect();
    }
    combos.sort_by_key(|(_, r)| *r);
    let g = &*GAZETTEER;
    let first = |map: &HashMap<String, Option<&'static str>>, combos: &[(String, usize)]| {
        let (level, code) = combos.iter().find_map(|(c, r)| map.get(c).map(|code| (*r, *code)))?;
        let clash = combos.iter().filter(|(_, r)| *r == level).any(|(c, _)| map.get(c).is_some_and(|o| *o != code));
        if clash { None } else { code }
    };
    if let Some(code) = first(&g.stems, &combos) {
        return Some(code);
    }
    if words.len() < 2 {
        return None;
    }
    let mut all: Vec<(String, usize)> = combos
        .iter()
        .map(|(c, _)| (c.split(' ').map(|w| w.trim_end_matches(is_vowel)).collect::<Vec<_>>().join(" "), 0))
        .filter(|(c, _)| c.split(' ').all(|w| w.chars().count() >= 3))
        .collect();
    all.sort();
    all.dedup();
    first(&g.adjective_stems, &all)
}

/// Keys of an Arabic-script word with its clitic prefixes removed: و/ف, then ب/ل/ك, then the
/// article's alef lost after ل ("للعراق" → "العراق").
fn arabic_prefixed(k: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |s: String| {
        if s.chars().count() >= 3 && !out.contains(&s) {
            out.push(s);
        }
    };
    let conj = [Some(k), k.strip_prefix('و'), k.strip_prefix('ف')];
    for rest in conj.into_iter().flatten() {
        push(rest.to_string());
        for p in ['ب', 'ل', 'ك'] {
            if let Some(r) = rest.strip_prefix(p) {
                push(r.to_string());
                if p == 'ل' && r.starts_with('ل') {
                    push(format!("ا{r}"));
                }
            }
        }
    }
    out
}

/// Keys of a Hebrew word with up to two one-letter prefixes removed.
fn hebrew_prefixed(k: &str) -> Vec<String> {
    const PREFIXES: &[char] = &['ו', 'ה', 'ב', 'ל', 'מ', 'ש', 'כ'];
    let mut out = vec![k.to_string()];
    if let Some(r) = k.strip_prefix(PREFIXES) {
        out.push(r.to_string());
        if let Some(r) = r.strip_prefix(PREFIXES) {
            out.push(r.to_string());
        }
    }
    out.retain(|s| s.chars().count() >= 3);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_in_many_languages() {
        assert_eq!(country("Iran", Some("en")), Some("IR"));
        assert_eq!(country("United States", None), Some("US"));
        assert_eq!(country("the Netherlands", Some("en")), Some("NL"));
        assert_eq!(country("Holland", Some("en")), Some("NL"));
        assert_eq!(country("Côte d’Ivoire", None), Some("CI"));
        assert_eq!(country("cote d'ivoire", None), Some("CI"));
        assert_eq!(country("Tyskland", Some("sv")), Some("DE"));
        assert_eq!(country("Россия", Some("ru")), Some("RU"));
        assert_eq!(country("РФ", Some("ru")), Some("RU"));
        assert_eq!(country("США", Some("ru")), Some("US"));
        assert_eq!(country("إيران", Some("ar")), Some("IR"));
        assert_eq!(country("ایران", Some("fa")), Some("IR"));
        assert_eq!(country("美国", Some("zh")), Some("US"));
        assert_eq!(country("美國", Some("zh")), Some("US"));
        assert_eq!(country("中国", Some("zh")), Some("CN"));
        assert_eq!(country("Chad", Some("en")), Some("TD"));
        assert_eq!(country("Kosovo", Some("en")), Some("XK"));
    }

    #[test]
    fn abbreviations_only_in_capitals() {
        assert_eq!(country("US", Some("en")), Some("US"));
        assert_eq!(country("U.S.", Some("en")), Some("US"));
        assert_eq!(country("UK", Some("en")), Some("GB"));
        assert_eq!(country("UAE", Some("en")), Some("AE"));
        assert_eq!(country("us", Some("en")), None);
        assert_eq!(country("Us", Some("en")), None);
    }

    #[test]
    fn genitives() {
        assert_eq!(country("Irans", Some("sv")), Some("IR"));
        assert_eq!(country("USA:s", Some("sv")), Some("US"));
        assert_eq!(country("Sveriges", Some("sv")), Some("SE"));
        assert_eq!(country("Norges", Some("nb")), Some("NO"));
        assert_eq!(country("Iran’s", Some("en")), Some("IR"));
        // No bare -s genitive in English.
        assert_eq!(country("Irans", Some("en")), None);
    }

    #[test]
    fn slavic_case_forms() {
        for form in ["Ирана", "Ираном", "Иране", "Ирану"] {
            assert_eq!(country(form, Some("ru")), Some("IR"), "{form}");
        }
        for form in ["России", "Россию", "Россией"] {
            assert_eq!(country(form, Some("ru")), Some("RU"), "{form}");
        }
        assert_eq!(country("Украины", Some("ru")), Some("UA"));
        assert_eq!(country("Китая", Some("ru")), Some("CN"));
        assert_eq!(country("Северной Кореи", Some("ru")), Some("KP"));
        assert_eq!(country("Rosji", Some("pl")), Some("RU"));
        assert_eq!(country("Iranu", Some("pl")), Some("IR"));
        assert_eq!(country("Stanów Zjednoczonych", Some("pl")), Some("US"));
        assert_eq!(country("Кубы", Some("ru")), Some("CU"));
        // The least stripped reading wins: Нигерия, not Нигер.
        assert_eq!(country("Нигерии", Some("ru")), Some("NG"));
        assert_eq!(country("Нигера", Some("ru")), Some("NE"));
        assert_eq!(country("Venäjän", Some("fi")), Some("RU"));
        assert_eq!(country("Ruotsissa", Some("fi")), Some("SE"));
        // Case forms must be capitalised; a man called Герман is not Germany.
        assert_eq!(country("самой", Some("ru")), None);
        assert_eq!(country("Германа", Some("ru")), None);
    }

    #[test]
    fn arabic_and_hebrew_prefixes() {
        assert_eq!(country("وإيران", Some("ar")), Some("IR"));
        assert_eq!(country("لإيران", Some("ar")), Some("IR"));
        assert_eq!(country("بالعراق", Some("ar")), Some("IQ"));
        assert_eq!(country("للعراق", Some("ar")), Some("IQ"));
        assert_eq!(country("والسعودية", Some("ar")), Some("SA"));
        assert_eq!(country("الولايات المتحدة", Some("ar")), Some("US"));
        assert_eq!(country("בישראל", Some("he")), Some("IL"));
    }

    #[test]
    fn non_countries() {
        assert_eq!(country("May", Some("en")), None);
        assert_eq!(country("Iranian", Some("en")), None);
        assert_eq!(country("Iranians", Some("en")), None);
        assert_eq!(country("Island", Some("en")), None);
        assert_eq!(country("Мира", Some("ru")), None);
        assert_eq!(country("Кубок", Some("ru")), None);
        assert_eq!(country("Иранский", Some("ru")), None);
        assert_eq!(country("الإيراني", Some("ar")), None);
        assert_eq!(country("Kongo", Some("de")), None);
        assert_eq!(country("مالي", Some("ar")), None);
        assert_eq!(country("مالی", Some("fa")), None);
        assert_eq!(country("Swiss", Some("en")), None);
        assert_eq!(country("", None), None);
    }

    #[test]
    fn english_names_and_han_scanning() {
        assert_eq!(country_name("IR"), Some("Iran"));
        assert_eq!(country_name("CD"), Some("DR Congo"));
        assert_eq!(country_name("ZZ"), None);
        assert_eq!(han_prefix("伊朗外长表示"), Some(("伊朗".len(), "IR")));
        assert_eq!(han_prefix("中国香港特别行政区"), Some(("中国香港特别行政区".len(), "HK")));
        assert_eq!(han_prefix("外长"), None);
        assert_eq!(han_prefix("ドイツの協力"), Some(("ドイツ".len(), "DE")));
    }
}
