//! Names: the people, organisations and places an article mentions, found by capitalisation.
//!
//! A first, rule-based version. A name is a run of capitalised words (with name particles such
//! as "al-", "bin", "von", "de") or an acronym. A single capitalised word that opens a sentence
//! counts only if it is also capitalised elsewhere mid-sentence; function words (the stop words
//! of the article's language and of English), month and weekday names never count alone. In
//! German, where every noun is capitalised, a single word counts only if it recurs and never
//! follows an article. Each name gets a key (lower-cased, diacritics folded) so that the same
//! spelling in two languages ("Ali Larijani" in English and Swedish) is one entity.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use parallax_lang::fold;
use regex::Regex;

use crate::{gazetteer, roles, uncased};

/// A name found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundEntity {
    /// The name as written (its most frequent form in the article).
    pub name: String,
    /// Lower-cased, diacritics folded: the identity of the entity across articles.
    pub key: String,
    /// `person`, `org`, `place`, or `name` when unknown.
    pub kind: &'static str,
    pub mentions: usize,
    /// The kind rests on evidence in the text (a title, an honorific, the surname used alone,
    /// an organisation word), not only on the shape of the name.
    pub sure: bool,
    /// The name to show for the entity in any language, when one is known (a country's
    /// English name).
    pub canonical: Option<String>,
}

static RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’-]*)(?:[ \t]+(?:(?:al|el|bin|ibn|van|von|der|de|da|di|du|del|della|delle|dei|degli|des|do|dos|das|la|le|of)[ \t-]+)?(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’-]*))*",
    )
    .expect("regex")
});

#[rustfmt::skip]
const CALENDAR: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "januar", "februar",
    "marz", "juni", "juli", "oktober", "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
    "samstag", "sonntag",
];

/// A single capital with a period: an initial ("Carolyn R. Bertozzi").
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}

/// Endings of nationality nouns that stand before names in French, Spanish and the like.
const DEMONYM_ENDINGS: &[&str] = &[
    "ais", "aise", "ain", "aine", "ois", "oise", "ien", "ienne", "ano", "ana", "ese", "esa", "sse", "ian", "ien",
    "ano", "eno", "ena", "ski", "ska", "sky",
];

/// Capitalised words that name no person, organisation or place.
const MISC: &[&str] = &[
    "nobel",
    "nobels",
    "oscar",
    "oscars",
    "covid",
    "covid-19",
    "halloween",
    "christmas",
    "easter",
    "ramadan",
    "hanukkah",
    "diwali",
    "grammy",
    "grammys",
    "emmy",
    "emmys",
];

/// Word starts that make a name an award ("Nobelpriset", "Nobelivs'ka", "Preis").
const AWARD_STEMS: &[&str] =
    &["nobel", "нобел", "prize", "preis", "premio", "premi", "prix", "nagrod", "премия", "премии"];

/// German words that count a noun after them besides the number words of
/// [`claims`](crate::claims) ("zwei" … "dreißig").
const COUNTING_DE: &[&str] = &["hundert", "tausend", "mehreren", "einigen", "wenigen", "vielen"];

/// Whether a word is a number (digits, "0,7", "1.200") or a German number or counting word.
fn german_number(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    // The table spells ß as ss ("dreissig").
    let f = fold(w).replace('ß', "ss");
    (w.starts_with(|c: char| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
        || crate::claims::number_word(&f, Some("de")).is_some()
        || COUNTING_DE.contains(&f.as_str())
}

/// Whether the text before byte `at` ends a sentence or is a determiner ("le ", "l'", "the ").
fn after_determiner_or_start(text: &str, at: usize) -> bool {
    let before = &text[..at];
    if before.ends_with(['\'', '’']) {
        return true;
    }
    let prev = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    prev.is_empty() || prev.ends_with(['.', '!', '?']) || DETERMINERS.contains(&fold(prev).as_str())
}

/// Lower-case words that may join the parts of a name ("Coreia do Sul", "Bank of England").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "del", "della", "delle", "dei", "degli",
    "des", "do", "dos", "das", "la", "le", "of",
];

/// Words of a title that follow "Secretary of": not part of the name after them.
#[rustfmt::skip]
const PORTFOLIOS: &[&str] = &[
    "defense", "defence", "state", "transport", "transportation", "justice", "health", "finance", "interior",
    "energy", "commerce", "labor", "labour", "agriculture", "education", "treasury", "homeland", "security",
    "foreign", "affairs", "veterans", "war",
];

/// Words of address and honorifics before a name ("Seyed Ali Khamenei", "Dr. Ana Lobo").
#[rustfmt::skip]
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "herr", "frau", "monsieur",
    "madame", "mme", "senor", "senora", "sr", "sra", "don", "dona", "signor", "signora", "sig", "seyed", "sayyid",
    "sayed", "syed", "ayatollah", "ayatolla", "sheikh", "sheik", "hojatoleslam", "imam", "rabbi", "pope",
    "gospodin",
];

/// Whether the text right before byte `at` is "of " (or "for ").
fn follows_of(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.ends_with(" of") || before.ends_with(" for")
}

/// German articles, demonstratives, possessives and "kein": a capitalised word after one is a
/// common noun ("diese Arbeit", "seine Ausgaben").
#[rustfmt::skip]
const DETERMINERS_DE: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "eines", "einer", "dieser", "diese",
    "dieses", "diesem", "diesen", "jeder", "jede", "jedes", "jedem", "jeden", "kein", "keine", "keinen", "keinem",
    "keiner", "mein", "meine", "meinen", "meinem", "sein", "seine", "seinen", "seinem", "seiner", "unser", "unsere",
    "unseren", "unserem", "welche", "welcher", "solche",
];

/// Whether a German word is an inflected adjective ("schwierige", "neuen") or an intensifier
/// ("sehr") that may stand between an article and its noun.
fn german_adjective(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
        && (["sehr", "ganz", "besonders", "so", "noch"].contains(&w)
            || (w.chars().count() >= 4 && ["e", "en", "er", "es", "em"].iter().any(|e| w.ends_with(e))))
}

/// Whether a word is a title, also as the last part of a compound ("DGB-Chef").
fn is_title(w: &str) -> bool {
    roles::is_title_word(w) || w.rsplit_once('-').is_some_and(|(a, t)| !a.is_empty() && roles::is_title_word(t))
}

/// Turkish title abbreviations written before a name ("Av. Ayşe Tan", "Doç. Dr. …"), folded.
const TR_TITLE_ABBREVIATIONS: &[&str] = &["av", "dr", "prof", "doc", "op", "uzm", "yrd", "ogr", "gor", "ars", "muh"];

/// Splits a run of name words at `words[k]`, a word that joins no name: the words before it
/// go to `found` as a run of their own (`head_initial`: whether that run opens a sentence), and
/// `words` goes on with the words after it, `start` moved to the first of them. `false` when
/// nothing follows.
fn split_run<'a>(
    text: &str,
    words: &mut Vec<&'a str>,
    k: usize,
    start: &mut usize,
    head_initial: bool,
    found: &mut Vec<(bool, Vec<&'a str>)>,
) -> bool {
    let tail = words.split_off(k + 1);
    words.pop();
    if !words.is_empty() {
        found.push((head_initial, std::mem::take(words)));
    }
    let Some(first) = tail.first() else { return false };
    *start = text[*start..].find(first).map_or(*start, |i| *start + i);
    *words = tail;
    true
}

/// A capitalised Turkish word with a possessive and ablative ending glued on, not after an
/// apostrophe ("Avukatlarından", "Milletvekillerinden", "Üyelerinden"): a role ("one of the
/// lawyers of"), not a part of a name.
fn tr_case_ended(w: &str) -> bool {
    let f = roles::norm(w);
    !w.contains(['\'', '’'])
        && f.chars().count() >= 8
        && ["larindan", "lerinden", "indan", "inden", "undan", "unden"].iter().any(|e| f.ends_with(e))
}

/// Articles that may be capitalised inside a name's run but are not part of the name.
#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo", "gli", "o", "os",
    "as", "het", "de", "den", "det", "ett", "en",
];

/// Whether a word is an article that may open a name's run ("The", "Le", "Die").
pub(crate) fn is_determiner(word: &str) -> bool {
    DETERMINERS.contains(&fold(word).as_str())
}

fn is_function_word(word: &str, stops: &HashSet<&'static str>) -> bool {
    let f = fold(word.trim_end_matches(['.', '\'', '’']));
    stops.contains(f.as_str()) || CALENDAR.contains(&f.as_str())
}

pub(crate) fn is_acronym(w: &str) -> bool {
    let n = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&n) && w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

/// Whether byte `at` of `text` opens a sentence (start, or after `.!?:` or a line break, with
/// only spaces, quotes or brackets between).
fn sentence_initial(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '“' | '„' | '«' | '(' | '[' | '‘' | '»' | '-' | '–' | '—' => continue,
            '.' | '!' | '?' | ':' | '\n' | '•' => return true,
            _ => return false,
        }
    }
    true
}

/// The names in `text`, most mentioned first.
pub fn entities(text: &str, lang: Option<&str>) -> Vec<FoundEntity> {
    let text = crate::capped(text);
    let mut out = cased(text, lang);
    if let Some(l) = lang.filter(|l| matches!(*l, "zh" | "ja" | "ar" | "fa" | "ur")) {
        for (name, kind) in uncased::names(text, l) {
            let country = gazetteer::country(&name, lang);
            let key = match country {
                Some(code) => format!("country:{}", code.to_lowercase()),
                None => fold(&name),
            };
            if out.iter().any(|e| e.key == key) {
                continue;
            }
            let mentions = text.matches(name.as_str()).count().max(1);
            out.push(FoundEntity {
                canonical: country.and_then(gazetteer::country_name).map(str::to_string),
                name,
                key,
                kind: if country.is_some() { "place" } else { kind },
                mentions,
                sure: kind != "name",
            });
        }
        out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    }
    out
}

/// Whether a single capitalised word is a nationality adjective of a known country
/// ("Iranian", "Omani", "American", "Ukrainian").
fn is_demonym(w: &str, lang: Option<&str>) -> bool {
    if !matches!(lang, None | Some("en")) {
        return false;
    }
    for suffix in ["ian", "ean", "an", "ese", "ish", "i", "n"] {
        if let Some(stem) = w.strip_suffix(suffix)
            && stem.chars().count() >= 3
            && ["", "e", "a", "y", "ia"]
                .iter()
                .any(|end| gazetteer::country(&format!("{stem}{end}"), Some("en")).is_some())
        {
            return true;
        }
    }
    false
}

/// Names found by capitalisation.
fn cased(text: &str, lang: Option<&str>) -> Vec<FoundEntity> {
    let mut stops: HashSet<&'static str> = HashSet::new();
    for l in ["en"].into_iter().chain(lang) {
        stops.extend(stop_words::lookup(l).unwrap_or(&[]).iter().copied());
    }
    let german = lang == Some("de");
    // (start, words) of every run, with leading function words dropped.
    let mut found: Vec<(bool, Vec<&str>)> = Vec::new();
    // Names that follow a title or an honorific: people.
    let mut titled_names: HashSet<String> = HashSet::new();
    for m in RUN.find_iter(text) {
        // A possessive ends a name: "Iran's Supreme National Security Council" is two.
        let mut segments: Vec<(usize, Vec<&str>)> = vec![(m.start(), Vec::new())];
        let mut offset = m.start();
        for w in m.as_str().split_whitespace() {
            let at = text[offset..].find(w).map_or(offset, |i| offset + i);
            offset = at + w.len();
            if let Some(last) = segments.last_mut() {
                if last.1.is_empty() {
                    last.0 = at;
                }
                last.1.push(w);
            }
            if w.ends_with("'s") || w.ends_with("’s") {
                segments.push((offset, Vec::new()));
            }
        }
        for (seg_start, mut words) in segments {
            let mut start = seg_start;
            let initial = sentence_initial(text, seg_start);
            // Leading articles anywhere ("The Wall Street Journal"), and a leading function word
            // that is only capitalised because it opens a sentence ("In Velden", "Det var").
            while words.len() > 1
                && let Some(first) = words.first()
                && !is_acronym(first)
                && (DETERMINERS.contains(&fold(first).as_str())
                    || (initial && start == seg_start && is_function_word(first, &stops)))
            {
                start += first.len() + 1;
                words.remove(0);
            }
            let mut words: Vec<&str> = words
                .into_iter()
                .map(|w| if is_initial(w) { w } else { w.trim_end_matches(['.', '\'', '’', '-']) })
                .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
                .map(strip_suffix_after_apostrophe)
                .filter(|w| !w.is_empty())
                .collect();
            // An initial at either end is not part of a name ("… by J." at a sentence end).
            while words.last().is_some_and(|w| is_initial(w)) {
                words.pop();
            }
            // Turkish: a title abbreviation ("Av.", "Dr.", "Prof.") ends no name, and a role
            // with a case ending of its own, not after an apostrophe ("Hatay Barosu
            // Avukatlarından Av. …", "one of the bar's lawyers"), joins the organisation before
            // it to the person after it: two names, the role in neither.
            let mut after_role = false;
            if lang == Some("tr") {
                while words.last().is_some_and(|w| TR_TITLE_ABBREVIATIONS.contains(&fold(w).as_str())) {
                    words.pop();
                }
                // "Çin Büyükelçisi de Irak …": Turkish "de"/"da" ("too") joins no name.
                if let Some(k) = words.iter().position(|w| ["de", "da"].contains(w)) {
                    let head_initial = initial && start <= seg_start;
                    if !split_run(text, &mut words, k, &mut start, head_initial, &mut found) {
                        continue;
                    }
                }
                if let Some(k) = words.iter().position(|w| tr_case_ended(w)) {
                    let head_initial = initial && start <= seg_start;
                    if !split_run(text, &mut words, k, &mut start, head_initial, &mut found) {
                        continue;
                    }
                    after_role = true;
                }
            }
            // A demonym before a name: "le Danois Morten Meldal", "l'Américain John Clauser".
            if words.len() >= 3
                && after_determiner_or_start(text, start)
                && DEMONYM_ENDINGS.iter().any(|e| fold(words[0]).ends_with(e))
            {
                start += words[0].len() + 1;
                words.remove(0);
            }
            // Awards, holidays and the like are not people, organisations or places.
            if words
                .iter()
                .any(|w| MISC.contains(&fold(w).as_str()) || AWARD_STEMS.iter().any(|a| fold(w).starts_with(a)))
            {
                continue;
            }
            // A title is not part of the name: "US President Donald Trump" → "Donald Trump",
            // "Defense Pete Hegseth" (after "Secretary of") → "Pete Hegseth"; an acronym
            // before the title stays a name of its own ("US").
            let mut titled = false;
            if let Some(t) = words.iter().rposition(|w| is_title(w))
                && t + 1 < words.len()
            {
                if t == 1 && is_acronym(words[0]) {
                    found.push((initial && start <= seg_start, vec![words[0]]));
                }
                start = text[start..].find(words[t + 1]).map_or(start, |i| start + i);
                words.drain(..=t);
                titled = true;
                // "President of France": what follows a title and "of" is no person.
                if words.first().is_some_and(|w| PARTICLES.contains(&fold(w).as_str())) {
                    titled = false;
                    while words.first().is_some_and(|w| PARTICLES.contains(&fold(w).as_str())) {
                        words.remove(0);
                    }
                }
            }
            while words.len() > 1 && PORTFOLIOS.contains(&fold(words[0]).as_str()) && follows_of(text, start) {
                start += words[0].len() + 1;
                words.remove(0);
            }
            while words.len() > 1 && HONORIFICS.contains(&fold(words[0].trim_end_matches('.')).as_str()) {
                start += words[0].len() + 1;
                words.remove(0);
                titled = true;
            }
            if words.is_empty() || words.iter().all(|w| is_title(w) || PORTFOLIOS.contains(&fold(w).as_str())) {
                continue;
            }
            if titled || (after_role && words.len() >= 2) {
                titled_names.insert(words.join(" "));
            }
            let initial = start <= seg_start && sentence_initial(text, seg_start);
            found.push((initial, words));
        }
    }
    // A capitalised word before a person's name that also stands alone elsewhere is not part
    // of the name: "Президент Тарвании Аркадий Ломтев" (… "территорию Тарвании").
    let alone: HashSet<String> = found.iter().filter(|(_, w)| w.len() == 1).map(|(_, w)| w[0].to_string()).collect();
    let mut split: Vec<(bool, Vec<&str>)> = Vec::new();
    for (initial, words) in &mut found {
        let stands_alone = |w: &str| {
            alone.contains(w)
                || (w.chars().count() >= 6 && {
                    let stem: String = w.chars().take(w.chars().count() - 2).collect();
                    alone.iter().any(|a| a.starts_with(&stem) && a.chars().count() <= stem.chars().count() + 3)
                })
        };
        while words.len() >= 3 && stands_alone(words[0]) {
            split.push((*initial, vec![words.remove(0)]));
            *initial = false;
        }
    }
    found.extend(split);
    // Single words capitalised somewhere mid-sentence.
    // and last words of multi-word names (a surname opening a sentence).
    let mid: HashSet<String> = found
        .iter()
        .filter(|(i, w)| (!i && w.len() == 1) || w.len() > 1)
        .filter_map(|(_, w)| w.last().map(|l| l.to_string()))
        .collect();
    let after_determiner = |w: &str| -> bool {
        german
            && text.match_indices(w).any(|(i, _)| {
                // An article right before, or with adjectives between ("eine sehr schwierige Arbeit").
                let before: Vec<&str> = text[..i].split_whitespace().rev().take(4).collect();
                // A number counts what follows ("80 Prozent", "sieben Millionen"): a noun, no name.
                let det = |p: &str| DETERMINERS_DE.contains(&p.to_lowercase().as_str()) || german_number(p);
                let adjs = before.iter().take_while(|p| !det(p) && german_adjective(p)).count();
                before.get(adjs).is_some_and(|p| det(p))
            })
    };
    // Last words of two- or three-word names that are not countries themselves.
    let surnames: HashSet<&str> = found
        .iter()
        .filter(|(_, w)| (2..=3).contains(&w.len()) && gazetteer::country(&w.join(" "), lang).is_none())
        .filter_map(|(_, w)| w.last().copied())
        .collect();
    let mut by_key: HashMap<String, (HashMap<String, usize>, usize, usize)> = HashMap::new();
    for (initial, words) in &found {
        let name = words.join(" ");
        // A country is one entity in every language and spelling ("USA", "United States"),
        // unless the word is the surname of a person named in full ("Rosiland Jordan" … "Jordan").
        let surname = words.len() == 1 && surnames.contains(words[0]);
        let country = gazetteer::country(&name, lang).filter(|_| !surname);
        if words.len() == 1 {
            let w = words[0];
            let f = fold(w);
            let keep = is_acronym(w)
                || country.is_some()
                || (!DETERMINERS.contains(&f.as_str())
                    && !CALENDAR.contains(&f.as_str())
                    && !is_function_word(w, &stops)
                    && (!initial || mid.contains(w))
                    && w.chars().count() >= 2);
            if !keep || (country.is_none() && is_demonym(w, lang)) {
                continue;
            }
        }
        let key = match country {
            Some(code) => format!("country:{}", code.to_lowercase()),
            None => fold(&name),
        };
        let e = by_key.entry(key).or_insert_with(|| (HashMap::new(), 0, words.len()));
        *e.0.entry(name).or_insert(0) += 1;
        e.1 += 1;
    }
    let mut out: Vec<FoundEntity> = by_key
        .into_iter()
        .filter(|(_, (forms, n, words))| {
            *words > 1 || {
                let w = forms.keys().next().map(String::as_str).unwrap_or("");
                !german || is_acronym(w) || (*n >= 2 && !after_determiner(w))
            }
        })
        .map(|(key, (forms, mentions, _))| {
            let name =
                forms.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|f| f.0).unwrap_or_default();
            FoundEntity { name, key, kind: "name", mentions, sure: false, canonical: None }
        })
        .collect();
    // People: multi-word names whose last word also appears alone ("Ali Larijani" … "Larijani"),
    // and names after a title.
    let titled: HashSet<String> = titled_names.iter().map(|n| fold(n)).collect();
    let singles: HashMap<String, usize> =
        out.iter().filter(|e| !e.key.contains(' ')).map(|e| (e.key.clone(), e.mentions)).collect();
    for e in &mut out {
        let recurs = e
            .key
            .rsplit(' ')
            .next()
            .is_some_and(|last| e.key.contains(' ') && singles.keys().any(|s| crate::claims::inflected(s, last)));
        // An organisation's name ending in a place ("Ankara Üniversitesi … Hatay") is no person.
        let org = e.name.split_whitespace().any(is_org_word);
        if (recurs && !org) || titled.contains(&e.key) {
            e.kind = "person";
            e.sure = true;
        }
    }
    // A surname alone is a mention of the person.
    let people: Vec<(String, String)> = out
        .iter()
        .filter(|e| e.kind == "person")
        .filter_map(|e| e.key.rsplit(' ').next().map(|l| (l.to_string(), e.key.clone())))
        .collect();
    let mut extra: HashMap<String, usize> = HashMap::new();
    out.retain(|e| match people.iter().find(|(last, _)| crate::claims::inflected(&e.key, last)) {
        Some((_, full)) => {
            *extra.entry(full.clone()).or_insert(0) += e.mentions;
            false
        }
        None => true,
    });
    for e in &mut out {
        e.mentions += extra.get(&e.key).copied().unwrap_or(0);
    }
    for e in &mut out {
        if let Some(code) = e.key.strip_prefix("country:") {
            e.kind = "place";
            e.sure = true;
            e.canonical = gazetteer::country_name(&code.to_uppercase()).map(str::to_string);
        } else if e.kind == "name" {
            e.kind = kind_of(text, &e.name);
            e.sure = e.kind == "org";
        }
    }
    out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    out
}

/// "Başbuğ'un" → "Başbuğ" (a Turkish case ending after an apostrophe).
fn strip_suffix_after_apostrophe(w: &str) -> &str {
    match w.find(['\'', '’']) {
        Some(i) if i > 0 => {
            let rest = &w[i..];
            let tail = rest.trim_start_matches(['\'', '’']);
            if !tail.is_empty() && tail.chars().count() <= 4 && tail.chars().all(char::is_lowercase) {
                &w[..i]
            } else {
                w
            }
        }
        _ => w,
    }
}

/// Words that make a name an organisation's (folded).
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "council", "ministry", "department", "party", "bank", "university", "college", "institute", "agency", "court",
    "command", "company", "corporation", "corp", "inc", "ltd", "llc", "group", "association", "organisation",
    "organization", "foundation", "federation", "union", "league", "club", "committee", "commission", "parliament",
    "congress", "senate", "assembly", "army", "navy", "police", "forces", "service", "office", "board", "authority",
    "news", "times", "post", "journal", "press", "herald", "tribune", "gazette", "television", "tv", "radio",
    "network", "airlines", "airways", "motors", "fund", "church", "school", "hospital", "museum", "fc", "brigade",
    "movement", "alliance", "coalition", "government", "administration", "reserve", "exchange", "media", "nations",
    "rat", "ministerium", "partei", "universitat", "hochschule", "institut", "gericht", "bundestag", "bundesrat",
    "regierung", "verband", "stiftung", "gesellschaft", "ag", "gmbh", "konzern", "kommission", "polizei",
    "bundeswehr", "zeitung", "verein", "kirche", "klinik", "krankenhaus", "amt", "conseil", "ministere", "parti",
    "banque", "universite", "cour", "tribunal", "assemblee", "senat", "gouvernement", "societe", "groupe",
    "compagnie", "armee", "eglise", "hopital", "ecole", "fondation", "consejo", "ministerio", "partido", "banco",
    "universidad", "instituto", "congreso", "senado", "gobierno", "comision", "asociacion", "federacion",
    "sociedad", "grupo", "compania", "empresa", "policia", "ejercito", "diario", "iglesia", "fundacion",
    "consiglio", "ministero", "partito", "banca", "universita", "istituto", "tribunale", "senato", "governo",
    "commissione", "associazione", "federazione", "societa", "gruppo", "polizia", "esercito", "giornale", "chiesa",
    "ospedale", "fondazione", "conselho", "universidade", "congresso", "comissao", "associacao", "federacao",
    "companhia", "exercito", "jornal", "igreja", "fundacao", "raad", "ministerie", "partij", "universiteit",
    "rechtbank", "regering", "kabinet", "vereniging", "stichting", "politie", "leger", "radet", "departement",
    "partiet", "banken", "universitet", "domstol", "regeringen", "riksdag", "riksdagen", "forbund", "stiftelse",
    "polisen", "совет", "министерство", "партия", "банк", "университет", "институт", "суд", "правительство",
    "комиссия", "ассоциация", "федерация", "компания", "полиция", "армия", "парламент", "дума", "фонд", "служба",
    "агентство", "мид", "rada", "ministerstwo", "partia", "uniwersytet", "instytut", "sad", "rzad", "sejm",
    "komisja", "stowarzyszenie", "fundacja", "policja", "meclis", "meclisi", "bakanligi", "partisi", "bankasi",
    "universitesi", "mahkemesi", "hukumet", "komisyonu", "dernegi", "vakfi", "sirketi", "kurumu", "baskanligi",
    "odasi", "federasyonu", "holding",
];

/// Prepositions that put a place after them ("in Velden", "à Valmora", "в Москве").
#[rustfmt::skip]
const LOCATIVE: &[&str] = &[
    "in", "from", "near", "to", "across", "im", "aus", "nach", "bei", "a", "à", "en", "au", "aux", "de", "desde",
    "em", "no", "na", "nel", "nella", "da", "i", "fran", "till", "uit", "naar", "в", "во", "из", "под", "w", "we",
    "z", "ze", "do",
];

/// The kind of a name that is not a known person: `org` when a word says so, `place` for a
/// country or a single word that follows a locative preposition, `person` for a two- or
/// three-word title-case name with neither, else `name`.
/// Whether a word makes a name an organisation's ("Ministry", "Partei", "Universidade").
pub(crate) fn is_org_word(word: &str) -> bool {
    ORG_WORDS.contains(&crate::roles::norm(word).as_str())
}

fn kind_of(text: &str, name: &str) -> &'static str {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.iter().any(|w| ORG_WORDS.contains(&crate::roles::norm(w).as_str()))
        || (words.len() == 1 && is_acronym(name))
    {
        return "org";
    }
    let located = text.match_indices(name).any(|(i, _)| {
        let prev = text[..i].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        LOCATIVE.contains(&prev.to_lowercase().as_str())
    });
    if located {
        return "place";
    }
    let title_case = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase)
            && w.split('-').all(|part| part.chars().skip(1).all(|c| !c.is_uppercase()))
    };
    // Names are not written in lower case: "New Year" (… "the new plan") is no person.
    let lower_elsewhere = |w: &str| {
        let l = w.to_lowercase();
        text.match_indices(l.as_str()).any(|(i, _)| {
            let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = text[i + l.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    };
    if (2..=3).contains(&words.len())
        && words.iter().all(|w| title_case(w))
        && !words.iter().any(|w| lower_elsewhere(w))
        && gazetteer::country(words[words.len() - 1], None).is_none()
    {
        return "person";
    }
    "name"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, lang: &str) -> Vec<String> {
        entities(text, Some(lang)).into_iter().map(|e| e.key).collect()
    }

    #[test]
    fn finds_names_and_people() {
        let t = "The secretary of Iran's Supreme National Security Council, Ali Larijani, said on Monday \
                 that Iran will not negotiate with the United States. Larijani wrote to The Wall Street Journal. \
                 The UN said Oman mediated.";
        let e = entities(t, Some("en"));
        let ali = e.iter().find(|e| e.key == "ali larijani").expect("Larijani");
        assert_eq!((ali.kind, ali.mentions), ("person", 2));
        let k: Vec<&str> = e.iter().map(|e| e.key.as_str()).collect();
        for want in
            ["country:ir", "country:us", "wall street journal", "un", "oman", "supreme national security council"]
                .map(|k| if k == "oman" { "country:om" } else { k })
        {
            assert!(k.contains(&want), "{want} missing from {k:?}");
        }
        for not in ["the", "monday", "larijani", "the secretary"] {
            assert!(!k.contains(&not), "{not} in {k:?}");
        }
    }

    #[test]
    fn same_key_across_languages() {
        let sv = keys("Irans president Ali Larijani sade att Iran inte förhandlar med USA.", "sv");
        assert!(sv.contains(&"ali larijani".to_string()), "{sv:?}");
        let en = entities("Iran will not negotiate with the United States.", Some("en"));
        let us = en.iter().find(|e| e.key == "country:us").expect("United States");
        assert_eq!((us.kind, us.canonical.as_deref()), ("place", Some("United States")));
        // USA, Иран, إيران: the same countries.
        assert!(sv.contains(&"country:us".to_string()) && sv.contains(&"country:ir".to_string()), "{sv:?}");
        assert!(keys("Иран отверг переговоры.", "ru").contains(&"country:ir".to_string()));
        assert!(keys("رفضت إيران المفاوضات مع الولايات المتحدة.", "ar").contains(&"country:ir".to_string()));
    }

    #[test]
    fn german_nouns_are_not_names() {
        let k = keys(
            "Die Brücke in Velden ist eingestürzt. Die Brücke war alt. Bürgermeisterin Irena Castelli sagte, \
             Velden trauere.",
            "de",
        );
        assert!(!k.contains(&"brucke".to_string()), "{k:?}");
        assert!(k.contains(&"velden".to_string()), "{k:?}");
    }

    #[test]
    fn german_nouns_after_adjectives_and_demonstratives_are_not_names() {
        let k = keys(
            "Torsten Ulm füttert die Pferde. Für diese Arbeit braucht man Geduld. Arbeit gibt es genug. \
             Es ist eine sehr mühsame Arbeit, sagte Ulm.",
            "de",
        );
        assert!(!k.contains(&"arbeit".to_string()), "{k:?}");
        assert!(k.contains(&"torsten ulm".to_string()), "{k:?}");
    }

    #[test]
    fn stop_words_are_never_names_alone() {
        let k = keys("Toplantıda konuştu;Her gün yeni bir sorun çıkıyor. Yarın Her hafta olduğu gibi devam.", "tr");
        assert!(!k.contains(&"her".to_string()), "{k:?}");
    }

    #[test]
    fn a_title_compound_is_a_title() {
        let e = entities("VDX-Chef Lorenz Habicht sagte, die Lage sei ernst.", Some("de"));
        let p = e.iter().find(|e| e.key == "lorenz habicht").expect("Habicht");
        assert_eq!(p.kind, "person");
    }

    #[test]
    fn an_organisation_ending_in_a_place_is_no_person() {
        let e = entities(
            "Die Feier fand an der Velmar Universität Nordhain statt. Nordhain ist eine kleine Stadt.",
            Some("de"),
        );
        assert!(e.iter().all(|e| e.kind != "person"), "{e:?}");
    }

    #[test]
    fn turkish_roles_and_title_abbreviations_are_not_names() {
        let t = "Mert Kaya stajını İzmir Barosu Avukatlarından Av. Ayşe Tan'ın yanında tamamladı. \
                 Kaya çok mutlu. Tan da törene katıldı.";
        let k = keys(t, "tr");
        assert!(k.iter().all(|k| !k.contains("avukatlarindan") && !k.ends_with(" av")), "{k:?}");
        assert!(k.iter().any(|k| k.ends_with("izmir barosu")), "{k:?}");
        assert!(k.contains(&"ayse tan".to_string()), "{k:?}");
        let k = keys("Japonya Büyükelçisi de Kore ziyaretini anlattı. Kore hükümeti yanıt vermedi.", "tr");
        assert!(k.iter().all(|k| !k.contains(" de ")), "{k:?}");
    }

    #[test]
    fn acronyms_that_spell_stop_words_are_names() {
        let k = keys("Talks stalled on Monday, and the US and the WHO said they would meet again in Geneva.", "en");
        assert!(k.contains(&"country:us".to_string()) && k.contains(&"who".to_string()), "{k:?}");
    }

    #[test]
    fn a_german_noun_after_a_number_is_no_name() {
        let t = "Die Aktie stieg um 80 Prozent. Der Umsatz fiel um sieben Prozent, sagte Finanzchef Karl Weber.";
        let names: Vec<String> = entities(t, Some("de")).into_iter().map(|e| e.name).collect();
        assert!(!names.iter().any(|n| n == "Prozent"), "{names:?}");
        assert!(
            german_number("0,7")
                && german_number("1.200")
                && german_number("sieben")
                && german_number("Fünf")
                && german_number("dreißig")
                && german_number("hundert")
                && !german_number("Sieben-Meilen")
        );
    }
}
