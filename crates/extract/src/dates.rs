//! Table-driven multilingual date recognition for scraped news pages.
//!
//! Two entry points: [`parse_date`] for a string that is (mostly) one date or date-time (metadata
//! fields, feed dates) and [`find_date`] for the first date expression inside a line of running text
//! (bylines, datelines, glued scrapes such as `"Luận02/03/2026"` or `"2 Mar 20262 Mar 2026"`).
//!
//! Covered forms:
//! - ISO 8601 / RFC 3339 (`2026-03-02`, `2026-03-02T14:05:00+01:00`, compact `20260302` in
//!   [`parse_date`] only), year-first numeric (`2026/03/02`, `2026.03.02`, `2026. 3. 2.`);
//! - day-first numeric (`02/03/2026`, `2.3.2026`, `02-03-2026`, `2. 3. 2026`);
//! - month names, day-month-year and month-day-year (`2 Mar 2026`, `9. November 2026`,
//!   `March 2nd, 2026`, `Mar. 2, 2026`, `2 de marzo de 2026`, `1er mars 2026`, `02-Mar-2026`) and
//!   year-month-day (`2026-Mar-02`), with full names, common abbreviations (optional trailing dot)
//!   and inflected/genitive forms for en, de, fr, es, it, pt, nl, sv, da, nb, fi, pl, cs, ru, uk, tr,
//!   ar (Gregorian, Levantine and Maghrebi names) and id, matched case-insensitively;
//! - CJK (`2026年3月2日`, `2026년 3월 2일`) and Vietnamese (`2 tháng 3 năm 2026`);
//! - Arabic-Indic, Persian and full-width digits, bidi control marks.
//!
//! Only four-digit years in 1990..=2100 are accepted, and impossible dates (31 February) are rejected.
//! The calendar date is returned as written: time zones are never applied.
//!
//! Day-first rule for numeric `a/b/yyyy`: if `a > 12` it is day/month; else if `b > 12` it is
//! month/day; otherwise day/month, unless the language hint is `"us"` (or `"en-US"`), which makes it
//! month/day.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex, RegexBuilder};

const MIN_YEAR: i32 = 1990;
const MAX_YEAR: i32 = 2100;

/// Month names per language, January first. Variants are separated by `|`, lowercase, without a
/// trailing dot (an optional dot is always accepted after a name). A space inside a name matches
/// any run of whitespace. The same spelling must never name two different months.
const MONTH_NAMES: &[(&str, [&str; 12])] = &[
    (
        "en",
        [
            "january|jan",
            "february|feb",
            "march|mar",
            "april|apr",
            "may",
            "june|jun",
            "july|jul",
            "august|aug",
            "september|sept|sep",
            "october|oct",
            "november|nov",
            "december|dec",
        ],
    ),
    (
        "de",
        [
            "januar|jänner|jaenner|jan",
            "februar|feber|feb",
            "märz|maerz|mär|mrz",
            "april|apr",
            "mai",
            "juni|jun",
            "juli|jul",
            "august|aug",
            "september|sept|sep",
            "oktober|okt",
            "november|nov",
            "dezember|dez",
        ],
    ),
    (
        "fr",
        [
            "janvier|janv",
            "février|fevrier|févr|fevr|fév|fev",
            "mars",
            "avril|avr",
            "mai",
            "juin",
            "juillet|juil",
            "août|aout",
            "septembre|sept",
            "octobre|oct",
            "novembre|nov",
            "décembre|decembre|déc",
        ],
    ),
    (
        "es",
        [
            "enero|ene",
            "febrero|feb",
            "marzo|mar",
            "abril|abr",
            "mayo|may",
            "junio|jun",
            "julio|jul",
            "agosto|ago",
            "septiembre|setiembre|sept|sep|set",
            "octubre|oct",
            "noviembre|nov",
            "diciembre|dic",
        ],
    ),
    (
        "it",
        [
            "gennaio|gen",
            "febbraio|feb",
            "marzo|mar",
            "aprile|apr",
            "maggio|mag",
            "giugno|giu",
            "luglio|lug",
            "agosto|ago",
            "settembre|set",
            "ottobre|ott",
            "novembre|nov",
            "dicembre|dic",
        ],
    ),
    (
        "pt",
        [
            "janeiro|jan",
            "fevereiro|fev",
            "março|marco|mar",
            "abril|abr",
            "maio|mai",
            "junho|jun",
            "julho|jul",
            "agosto|ago",
            "setembro|set",
            "outubro|out",
            "novembro|nov",
            "dezembro|dez",
        ],
    ),
    (
        "nl",
        [
            "januari|jan",
            "februari|feb",
            "maart|mrt|mar",
            "april|apr",
            "mei",
            "juni|jun",
            "juli|jul",
            "augustus|aug",
            "september|sept|sep",
            "oktober|okt",
            "november|nov",
            "december|dec",
        ],
    ),
    (
        "sv",
        [
            "januari|jan",
            "februari|feb",
            "mars|mar",
            "april|apr",
            "maj",
            "juni|jun",
            "juli|jul",
            "augusti|aug",
            "september|sept|sep",
            "oktober|okt",
            "november|nov",
            "december|dec",
        ],
    ),
    (
        "da",
        [
            "januar|jan",
            "februar|feb",
            "marts|mar",
            "april|apr",
            "maj",
            "juni|jun",
            "juli|jul",
            "august|aug",
            "september|sep",
            "oktober|okt",
            "november|nov",
            "december|dec",
        ],
    ),
    (
        "nb",
        [
            "januar|jan",
            "februar|feb",
            "mars|mar",
            "april|apr",
            "mai",
            "juni|jun",
            "juli|jul",
            "august|aug",
            "september|sep",
            "oktober|okt",
            "november|nov",
            "desember|des",
        ],
    ),
    (
        "fi",
        [
            "tammikuuta|tammikuun|tammikuu|tammik",
            "helmikuuta|helmikuun|helmikuu|helmik",
            "maaliskuuta|maaliskuun|maaliskuu|maalisk",
            "huhtikuuta|huhtikuun|huhtikuu|huhtik",
            "toukokuuta|toukokuun|toukokuu|toukok",
            "kesäkuuta|kesäkuun|kesäkuu|kesäk|kesakuuta|kesakuu",
            "heinäkuuta|heinäkuun|heinäkuu|heinäk|heinakuuta|heinakuu",
            "elokuuta|elokuun|elokuu|elok",
            "syyskuuta|syyskuun|syyskuu|syysk",
            "lokakuuta|lokakuun|lokakuu|lokak",
            "marraskuuta|marraskuun|marraskuu|marrask",
            "joulukuuta|joulukuun|joulukuu|jouluk",
        ],
    ),
    (
        "pl",
        [
            "stycznia|styczeń|styczen|sty",
            "lutego|luty|lut",
            "marca|marzec|mar",
            "kwietnia|kwiecień|kwiecien|kwi",
            "maja|maj",
            "czerwca|czerwiec|cze",
            "lipca|lipiec|lip",
            "sierpnia|sierpień|sierpien|sie",
            "września|wrzesnia|wrzesień|wrzesien|wrz",
            "października|pazdziernika|październik|pazdziernik|paź|paz",
            "listopada|listopad|lis",
            "grudnia|grudzień|grudzien|gru",
        ],
    ),
    (
        "cs",
        [
            "ledna|leden",
            "února|unora|únor|unor",
            "března|brezna|březen|brezen",
            "dubna|duben",
            "května|kvetna|květen|kveten",
            "června|cervna|červen|cerven",
            "července|cervence|červenec|cervenec",
            "srpna|srpen",
            "září|zari",
            "října|rijna|říjen|rijen",
            "listopadu|listopad",
            "prosince|prosinec",
        ],
    ),
    (
        "ru",
        [
            "января|январь|янв",
            "февраля|февраль|февр|фев",
            "марта|март|мар",
            "апреля|апрель|апр",
            "мая|май",
            "июня|июнь|июн",
            "июля|июль|июл",
            "августа|август|авг",
            "сентября|сентябрь|сент|сен",
            "октября|октябрь|окт",
            "ноября|ноябрь|нояб|ноя",
            "декабря|декабрь|дек",
        ],
    ),
    (
        "uk",
        [
            "січня|січень|січ",
            "лютого|лютий|лют",
            "березня|березень|бер",
            "квітня|квітень|квіт|кві",
            "травня|травень|трав|тра",
            "червня|червень|черв|чер",
            "липня|липень|лип",
            "серпня|серпень|серп|сер",
            "вересня|вересень|вер",
            "жовтня|жовтень|жовт|жов",
            "листопада|листопад|лист|лис",
            "грудня|грудень|груд|гру",
        ],
    ),
    (
        "tr",
        [
            "ocak|oca",
            "şubat|subat|şub",
            "mart|mar",
            "nisan|nis",
            "mayıs|mayis|may",
            "haziran|haz",
            "temmuz|tem",
            "ağustos|agustos|ağu|agu",
            "eylül|eylul|eyl",
            "ekim|eki",
            "kasım|kasim|kas",
            "aralık|aralik|ara",
        ],
    ),
    (
        "ar",
        [
            "يناير|كانون الثاني|كانون ثاني|جانفي",
            "فبراير|شباط|فيفري",
            "مارس|آذار|اذار",
            "أبريل|ابريل|إبريل|نيسان|أفريل|افريل",
            "مايو|أيار|ايار|ماي",
            "يونيو|يونيه|حزيران|جوان",
            "يوليو|يوليه|تموز|جويلية",
            "أغسطس|اغسطس|آب|أوت|اوت",
            "سبتمبر|أيلول|ايلول",
            "أكتوبر|اكتوبر|تشرين الأول|تشرين الاول|تشرين أول|تشرين اول",
            "نوفمبر|تشرين الثاني|تشرين ثاني",
            "ديسمبر|كانون الأول|كانون الاول|كانون أول|كانون اول",
        ],
    ),
    (
        "id",
        [
            "januari|jan",
            "februari|pebruari|feb",
            "maret|mar",
            "april|apr",
            "mei",
            "juni|jun",
            "juli|jul",
            "agustus|agu|agt|ags",
            "september|sept|sep",
            "oktober|okt",
            "november|nopember|nov|nop",
            "desember|des",
        ],
    ),
];

/// Every month spelling (lowercase, single spaces) to its month number.
static MONTH_INDEX: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (_, months) in MONTH_NAMES {
        for (number, variants) in (1u32..).zip(months) {
            for name in variants.split('|') {
                map.insert(name, number);
            }
        }
    }
    map
});

/// Regex alternation of all month spellings, longest first.
static MONTH_ALT: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTH_INDEX.keys().copied().collect();
    names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    names.iter().map(|n| regex::escape(n).replace(' ', r"\s+")).collect::<Vec<_>>().join("|")
});

/// The kinds of date expression, in tie-break priority order (same start position).
#[derive(Clone, Copy)]
enum Kind {
    /// `2026-03-02`, `2026/3/2`, `2026. 3. 2.`
    YmdNumeric,
    /// `2026年3月2日`, `2026년 3월 2일`
    Cjk,
    /// `2 Mar 2026`, `9. November 2026`, `2 de marzo de 2026`
    DmyNamed,
    /// `March 2, 2026`, `Mar. 2nd 2026`, `March 2–5, 2026` (first day of a range)
    MdyNamed,
    /// `2 tháng 3 năm 2026`
    Vietnamese,
    /// `02/03/2026`, `2.3.2026`
    DmyNumeric,
    /// `2026-Mar-02`
    YmdNamed,
}

fn compile(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .expect("date pattern must compile")
}

static PATTERNS: LazyLock<Vec<(Kind, Regex)>> = LazyLock::new(|| {
    let m = MONTH_ALT.as_str();
    let ordinal = r"(?:st|nd|rd|th|er|re|ème|eme|e|º|ª|°)?";
    vec![
        (Kind::YmdNumeric, compile(r"([0-9]{4})(\.\s?|/|-)([0-9]{1,2})(\.\s?|/|-)([0-9]{1,2})")),
        (Kind::Cjk, compile(r"([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*([日일号號])?")),
        (
            Kind::DmyNamed,
            compile(
                &[
                    format!(r"([0-9]{{1,2}}){ordinal}\.?[\s\-/]*(?:(?:de|del|of)\s+)?"),
                    format!(r"({m})\.?(?:\s*/\s*(?:{m})\.?)?"),
                    r"[\s\-/,.،]*(?:(?:de|del)\s+)?([0-9]{4})".to_owned(),
                ]
                .concat(),
            ),
        ),
        (
            Kind::MdyNamed,
            compile(
                &[
                    format!(r"({m})\.?[\s\-]*"),
                    r"([0-9]{1,2})(?:st|nd|rd|th)?\.?(?:\s*[-–]\s*[0-9]{1,2})?(?:\s*[,\-]\s*|\s+)([0-9]{4})".to_owned(),
                ]
                .concat(),
            ),
        ),
        (
            Kind::Vietnamese,
            compile(r"([0-9]{1,2})\s*th(?:á|a\x{301}|a)ng\s*([0-9]{1,2})\s*(?:,|/|n(?:ă|a\x{306}|a)m)?\s*([0-9]{4})"),
        ),
        (Kind::DmyNumeric, compile(r"([0-9]{1,2})(\.\s?|/|-)([0-9]{1,2})(\.\s?|/|-)([0-9]{4})")),
        (Kind::YmdNamed, compile(&format!(r"([0-9]{{4}})([\-/])({m})\.?([\-/])([0-9]{{1,2}})"))),
    ]
});

/// `YYYYMMDD`, optionally with a compact or extended time and zone (only for [`parse_date`]).
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"^([0-9]{4})([0-9]{2})([0-9]{2})",
        r"(?:[t ]?[0-9]{2}:?[0-9]{2}(?::?[0-9]{2})?(?:[.,][0-9]+)?)?",
        r"(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?$",
    ))
});

/// Parses a string that is (mostly) one date or date-time: ISO 8601 / RFC 3339 ("2026-03-02",
/// "2026-03-02T14:05:00+01:00", "20260302"), RFC 2822 ("Mon, 02 Mar 2026 10:00:00 GMT"), numeric
/// ("02/03/2026", "2.3.2026", "02-03-2026", "2026/03/02"), or with month names in any supported
/// language. Returns the calendar date as written (no timezone shifting).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(c) = COMPACT.captures(s) {
        return make_date(year(&c, 1)?, num(&c, 2)?, num(&c, 3)?);
    }
    find_date(s, None)
}

/// Finds the first date expression inside a line of running text (e.g. "By Al Jazeera
/// StaffPublished On 2 Mar 20262 Mar 2026" -> 2026-03-02; "Công LuậnCông Luận02/03/2026" ->
/// 2026-03-02; "Monday, March 2, 2026"; "le 9 novembre 2026 à 14h32"; "2026年3月2日"). `lang` is an
/// ISO 639-1 hint; it only matters for ambiguous numeric dates, which are day-first unless it is
/// `"us"` / `"en-US"` (see the module docs).
pub fn find_date(line: &str, lang: Option<&str>) -> Option<NaiveDate> {
    let text = normalize(line);
    let text = text.as_ref();
    if !has_four_digits(text) {
        return None;
    }
    let us = lang.is_some_and(|l| ["us", "en-us", "en_us"].iter().any(|u| l.trim().eq_ignore_ascii_case(u)));
    let mut best: Option<(usize, NaiveDate)> = None;
    for (kind, re) in PATTERNS.iter() {
        let limit = best.map_or(usize::MAX, |(start, _)| start);
        if let Some(found) = first_valid(re, text, limit, |c, start, end| evaluate(*kind, c, text, start, end, us)) {
            best = Some(found);
        }
    }
    best.map(|(_, date)| date)
}

/// Replaces non-ASCII digits with ASCII ones, bidi/zero-width marks with spaces and `İ` with `I`.
/// Borrows when nothing needs replacing.
fn normalize(s: &str) -> Cow<'_, str> {
    fn map(c: char) -> Option<char> {
        let digit = |base: char| char::from_digit(u32::from(c) - u32::from(base), 10);
        match c {
            '\u{0660}'..='\u{0669}' => digit('\u{0660}'),
            '\u{06F0}'..='\u{06F9}' => digit('\u{06F0}'),
            '\u{FF10}'..='\u{FF19}' => digit('\u{FF10}'),
            '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(' '),
            'İ' => Some('I'),
            _ => None,
        }
    }
    if s.is_ascii() || !s.chars().any(|c| map(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| map(c).unwrap_or(c)).collect())
}

fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// The first match of `re` starting before `limit` that `check` accepts, as (start, date).
fn first_valid(
    re: &Regex,
    text: &str,
    limit: usize,
    mut check: impl FnMut(&Captures<'_>, usize, usize) -> Option<NaiveDate>,
) -> Option<(usize, NaiveDate)> {
    let mut pos = 0;
    while pos < text.len() {
        let caps = re.captures_at(text, pos)?;
        let whole = caps.get(0)?;
        if whole.start() >= limit {
            return None;
        }
        if let Some(date) = check(&caps, whole.start(), whole.end()) {
            return Some((whole.start(), date));
        }
        pos = whole.start() + text.get(whole.start()..)?.chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn evaluate(kind: Kind, c: &Captures<'_>, text: &str, start: usize, end: usize, us: bool) -> Option<NaiveDate> {
    match kind {
        Kind::YmdNumeric => {
            if !same_sep(c, 2, 4) || !left_ok(text, start) || !day_end_ok(text, end) {
                return None;
            }
            make_date(year(c, 1)?, num(c, 3)?, num(c, 5)?)
        }
        Kind::Cjk => {
            let marked = c.get(4).is_some();
            if !left_ok(text, start) || (!marked && !day_end_ok(text, end)) {
                return None;
            }
            make_date(year(c, 1)?, num(c, 2)?, num(c, 3)?)
        }
        Kind::DmyNamed => {
            if !left_ok(text, start) || !year_end_ok(text, end) {
                return None;
            }
            make_date(year(c, 3)?, month(c, 2)?, num(c, 1)?)
        }
        Kind::MdyNamed => {
            let name = c.get(1)?.as_str();
            if !month_left_ok(text, start, name) || !year_end_ok(text, end) {
                return None;
            }
            make_date(year(c, 3)?, month(c, 1)?, num(c, 2)?)
        }
        Kind::Vietnamese => {
            if !left_ok(text, start) || !year_end_ok(text, end) {
                return None;
            }
            make_date(year(c, 3)?, num(c, 2)?, num(c, 1)?)
        }
        Kind::DmyNumeric => {
            if !same_sep(c, 2, 4) || !left_ok(text, start) || !year_end_ok(text, end) || follows_number(text, start) {
                return None;
            }
            let (a, b) = (num(c, 1)?, num(c, 3)?);
            let (day, month) = if a > 12 || (b <= 12 && !us) { (a, b) } else { (b, a) };
            make_date(year(c, 5)?, month, day)
        }
        Kind::YmdNamed => {
            if c.get(2)?.as_str() != c.get(4)?.as_str() || !left_ok(text, start) || !day_end_ok(text, end) {
                return None;
            }
            make_date(year(c, 1)?, month(c, 3)?, num(c, 5)?)
        }
    }
}

fn make_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn num(c: &Captures<'_>, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn year(c: &Captures<'_>, i: usize) -> Option<i32> {
    parse_year(c.get(i)?.as_str())
}

fn parse_year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(y)
}

/// Month number of a matched month name (case, trailing dot and inner whitespace normalized).
fn month(c: &Captures<'_>, i: usize) -> Option<u32> {
    let raw = c.get(i)?.as_str().trim_end_matches('.');
    let mut key = raw.to_lowercase();
    if key.contains(char::is_whitespace) {
        key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    MONTH_INDEX.get(key.as_str()).copied()
}

/// Both numeric separators are the same (ignoring a space after a dot).
fn same_sep(c: &Captures<'_>, a: usize, b: usize) -> bool {
    match (c.get(a), c.get(b)) {
        (Some(x), Some(y)) => x.as_str().trim_end() == y.as_str().trim_end(),
        _ => false,
    }
}

fn digits_before(text: &str, i: usize) -> usize {
    text.as_bytes().get(..i).map_or(0, |b| b.iter().rev().take_while(|b| b.is_ascii_digit()).count())
}

fn digits_after(text: &str, i: usize) -> usize {
    text.as_bytes().get(i..).map_or(0, |b| b.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The match does not start inside a number, except right after a glued four-digit year
/// (`"2 Mar 20262 Mar 2026"`, `"202602/03/2026"`).
fn left_ok(text: &str, start: usize) -> bool {
    match digits_before(text, start) {
        0 => true,
        4 => text.get(start - 4..start).and_then(parse_year).is_some(),
        _ => false,
    }
}

/// A trailing year is not the start of a longer number; one or two glued digits (the day of a
/// following date, or an hour) are tolerated.
fn year_end_ok(text: &str, end: usize) -> bool {
    digits_after(text, end) <= 2
}

/// A trailing day is not followed by more digits, except a glued time (`"2026-03-0214:05"`).
fn day_end_ok(text: &str, end: usize) -> bool {
    match digits_after(text, end) {
        0 => true,
        n @ 1..=2 => text.as_bytes().get(end + n) == Some(&b':'),
        _ => false,
    }
}

/// `"1.2.3.2026"`, `"10:2.3.2026"`: the numeric date continues a dotted/colon number.
fn follows_number(text: &str, start: usize) -> bool {
    let before = text.as_bytes().get(..start).unwrap_or_default();
    matches!(before, [.., d, b'.' | b':'] if d.is_ascii_digit())
}

/// A month name preceded by a letter is accepted only at a lower-to-upper case glue
/// (`"AuthorMarch 2, 2026"`), not inside a word (`"Omar 2, 2026"`).
fn month_left_ok(text: &str, start: usize, name: &str) -> bool {
    match text.get(..start).and_then(|t| t.chars().next_back()) {
        Some(p) if p.is_alphabetic() => p.is_lowercase() && name.chars().next().is_some_and(char::is_uppercase),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn find_date_table() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            // English and glued scrapes
            ("By Al Jazeera StaffPublished On 2 Mar 20262 Mar 2026", None, Some("2026-03-02")),
            ("Monday, March 2, 2026", Some("en"), Some("2026-03-02")),
            ("Mar. 2, 2026", None, Some("2026-03-02")),
            ("March 2–5, 2026", None, Some("2026-03-02")),
            ("Updated March 2nd, 2026 at 10:30 a.m.", None, Some("2026-03-02")),
            ("Sunday 1st March 2026", None, Some("2026-03-01")),
            ("on the 1st of March 2026", None, Some("2026-03-01")),
            ("Published: Sept. 15, 2026 12:00 PM ET", None, Some("2026-09-15")),
            ("Mon, 02 Mar 2026 10:00:00 GMT", None, Some("2026-03-02")),
            ("02-Mar-2026", None, Some("2026-03-02")),
            ("Filed 2026-Mar-02", None, Some("2026-03-02")),
            ("Tue Mar 03 2026 10:00:00 GMT+0100", None, Some("2026-03-03")),
            ("AuthorMarch 2, 2026", None, Some("2026-03-02")),
            ("DECEMBER 24, 2026", None, Some("2026-12-24")),
            ("Posted 2026-03-02T14:05:00+01:00", None, Some("2026-03-02")),
            ("path /2026/03/02/story", None, Some("2026-03-02")),
            ("3/4/2026", None, Some("2026-04-03")),
            ("3/4/2026", Some("en"), Some("2026-04-03")),
            ("3/4/2026", Some("us"), Some("2026-03-04")),
            ("3/4/2026", Some("en-US"), Some("2026-03-04")),
            ("12/25/2026", None, Some("2026-12-25")),
            ("25/12/2026", Some("us"), Some("2026-12-25")),
            ("Updated 10:30, 2 March 2026", None, Some("2026-03-02")),
            ("2026-03-0214:05", None, Some("2026-03-02")),
            ("Tin202602/03/2026", None, Some("2026-03-02")),
            // German
            ("9. November 2026", Some("de"), Some("2026-11-09")),
            ("Berlin, 2. März 2026, 14:05 Uhr", Some("de"), Some("2026-03-02")),
            ("2. MÄRZ 2026", None, Some("2026-03-02")),
            ("1. Jänner 2026", None, Some("2026-01-01")),
            ("Stand: 02.03.2026 | 14:05", None, Some("2026-03-02")),
            ("24. Dez. 2026", None, Some("2026-12-24")),
            // French
            ("le 9 novembre 2026 à 14h32", Some("fr"), Some("2026-11-09")),
            ("Publié le 1er mars 2026", None, Some("2026-03-01")),
            ("2 févr. 2026", None, Some("2026-02-02")),
            ("15 août 2026", None, Some("2026-08-15")),
            // Spanish, Italian, Portuguese
            ("lunes, 2 de marzo de 2026", Some("es"), Some("2026-03-02")),
            ("15 sept. 2026", None, Some("2026-09-15")),
            ("Roma, 2 marzo 2026", Some("it"), Some("2026-03-02")),
            ("15 ago 2026 - 10:00", None, Some("2026-08-15")),
            ("2 de março de 2026", Some("pt"), Some("2026-03-02")),
            ("1º de janeiro de 2026", None, Some("2026-01-01")),
            ("10 out 2026", None, Some("2026-10-10")),
            // Dutch, Scandinavian
            ("2 maart 2026", Some("nl"), Some("2026-03-02")),
            ("2 mrt. 2026", None, Some("2026-03-02")),
            ("17 mei 2026", None, Some("2026-05-17")),
            ("Publicerad 17 maj 2026 kl. 10.30", Some("sv"), Some("2026-05-17")),
            ("2 mars 2026", Some("sv"), Some("2026-03-02")),
            ("2. marts 2026", Some("da"), Some("2026-03-02")),
            ("24. desember 2026", Some("nb"), Some("2026-12-24")),
            // Finnish
            ("2. maaliskuuta 2026", Some("fi"), Some("2026-03-02")),
            ("Julkaistu 2.3.2026 klo 10.30", Some("fi"), Some("2026-03-02")),
            ("24. joulukuuta 2026", None, Some("2026-12-24")),
            ("15. kesäkuuta 2026", None, Some("2026-06-15")),
            // Polish, Czech
            ("2 marca 2026 r.", Some("pl"), Some("2026-03-02")),
            ("15 października 2026", None, Some("2026-10-15")),
            ("1 września 2026", None, Some("2026-09-01")),
            ("2. března 2026", Some("cs"), Some("2026-03-02")),
            ("5. července 2026", None, Some("2026-07-05")),
            ("10. června 2026", None, Some("2026-06-10")),
            ("2. 3. 2026", None, Some("2026-03-02")),
            // Russian, Ukrainian
            ("2 марта 2026 г.", Some("ru"), Some("2026-03-02")),
            ("31 декабря 2026", None, Some("2026-12-31")),
            ("15 МАЯ 2026", None, Some("2026-05-15")),
            ("2 березня 2026", Some("uk"), Some("2026-03-02")),
            ("24 серпня 2026", None, Some("2026-08-24")),
            // Turkish
            ("2 Mart 2026", Some("tr"), Some("2026-03-02")),
            ("29 Ekim 2026 Perşembe", None, Some("2026-10-29")),
            ("19 MAYIS 2026", None, Some("2026-05-19")),
            ("30 Ağustos 2026", None, Some("2026-08-30")),
            ("1 EKİM 2026", None, Some("2026-10-01")),
            // Arabic
            ("2 مارس 2026", Some("ar"), Some("2026-03-02")),
            ("٢ مارس ٢٠٢٦", None, Some("2026-03-02")),
            ("15 آذار 2026", None, Some("2026-03-15")),
            ("10 تشرين الأول 2026", None, Some("2026-10-10")),
            ("2 مارس/آذار 2026", None, Some("2026-03-02")),
            ("\u{200F}2\u{200F} مارس\u{200F} 2026", None, Some("2026-03-02")),
            ("۱۵ مارس ۲۰۲۶", None, Some("2026-03-15")),
            // Chinese, Japanese, Korean
            ("2026年3月2日", Some("zh"), Some("2026-03-02")),
            ("发布时间：2026年03月02日 14:05", None, Some("2026-03-02")),
            ("２０２６年３月２日", None, Some("2026-03-02")),
            ("2026年3月2日(月)", Some("ja"), Some("2026-03-02")),
            ("2026년 3월 2일", Some("ko"), Some("2026-03-02")),
            ("입력 2026. 3. 2. 오후 2:05", None, Some("2026-03-02")),
            // Vietnamese
            ("2 tháng 3 năm 2026", Some("vi"), Some("2026-03-02")),
            ("ngày 02/03/2026", Some("vi"), Some("2026-03-02")),
            ("Thứ hai, ngày 2 tháng 3, 2026", None, Some("2026-03-02")),
            ("Công LuậnCông Luận02/03/2026", Some("vi"), Some("2026-03-02")),
            ("2 tha\u{301}ng 3 na\u{306}m 2026", None, Some("2026-03-02")),
            // Indonesian
            ("2 Maret 2026", Some("id"), Some("2026-03-02")),
            ("Senin, 17 Agustus 2026 10:00 WIB", None, Some("2026-08-17")),
            ("25 Desember 2026", None, Some("2026-12-25")),
            // First expression wins
            ("2 Mar 2026, updated 5 Mar 2026", None, Some("2026-03-02")),
            ("Updated 05/03/2026; first published March 2, 2026", None, Some("2026-03-05")),
            // Negatives
            ("Top 5 This Week", None, None),
            ("list of 3 items", None, None),
            ("1234567", None, None),
            ("+46 8 123 45 67", None, None),
            ("12/45/2026", None, None),
            ("31 February 2026", None, None),
            ("31.02.2026", None, None),
            ("3.14", None, None),
            ("10:30", None, None),
            ("version 1.2.3.2026", None, None),
            ("March 2026", None, None),
            ("Omar 2, 2026", None, None),
            ("2 Mar 1850", None, None),
            ("2 Mar 20261234", None, None),
            ("2026-13-01", None, None),
            ("12/13/14", None, None),
            ("20260302", None, None),
            ("", None, None),
        ];
        let mut failures = Vec::new();
        for &(input, lang, expected) in cases {
            let got = find_date(input, lang);
            if got != expected.map(ymd) {
                failures.push(format!("{input:?} ({lang:?}): got {got:?}, expected {expected:?}"));
            }
        }
        assert!(cases.len() >= 60);
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn parse_date_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2026-03-02", Some("2026-03-02")),
            ("2026-03-02T14:05:00+01:00", Some("2026-03-02")),
            ("2026-03-02T23:30:00.000-05:00", Some("2026-03-02")),
            ("2026-03-02 14:05:00", Some("2026-03-02")),
            ("20260302", Some("2026-03-02")),
            ("20260302T140500Z", Some("2026-03-02")),
            ("Mon, 02 Mar 2026 10:00:00 GMT", Some("2026-03-02")),
            ("Mon, 2 Mar 2026 10:00:00 +0100", Some("2026-03-02")),
            ("02/03/2026", Some("2026-03-02")),
            ("2.3.2026", Some("2026-03-02")),
            ("02-03-2026", Some("2026-03-02")),
            ("2026/03/02", Some("2026-03-02")),
            ("  March 2, 2026  ", Some("2026-03-02")),
            ("2 березня 2026", Some("2026-03-02")),
            ("not a date", None),
            ("", None),
            ("2026-02-30", None),
            ("20261302", None),
            ("99999999", None),
        ];
        for &(input, expected) in cases {
            assert_eq!(parse_date(input), expected.map(ymd), "{input:?}");
        }
    }

    #[test]
    fn month_spellings_are_unambiguous() {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for (lang, months) in MONTH_NAMES {
            for (number, variants) in (1u32..).zip(months) {
                for name in variants.split('|') {
                    assert_eq!(name, name.to_lowercase(), "{lang}: {name} must be lowercase");
                    let previous = *seen.entry(name).or_insert(number);
                    assert_eq!(previous, number, "{lang}: {name} names two months");
                }
            }
        }
    }
}
