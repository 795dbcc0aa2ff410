//! Claims an article makes that other articles of the same story can contradict, and the
//! disagreements between them.
//!
//! Two kinds are found:
//! - `title`: the title or role a person is given, normalised by [`crate::roles`]
//!   ("Irans president Larijani" → Ali Larijani: president). Found right before a name
//!   ("Transport Minister Tomas Velder", "der Innenminister Tomas Velder"), as an apposition
//!   after it ("Helena Marsk, governor of …,") or before it ("the secretary of Iran's Supreme
//!   National Security Council, Ali Larijani"). A past office ("former president") is no claim.
//! - `number`: a count for a known quantity (dead, injured, missing, evacuated, arrested,
//!   hectares burned, a vote such as 5-2) in the same sentence as the number, in any of the
//!   languages of [`QUANTITIES`]. Digits with any grouping (1,800 / 1.800 / 1 800) and number
//!   words up to twenty are read; "at least", "about" and the like mark a value as hedged.
//!
//! [`disagreements`] compares the claims of a story's articles: a person's titles disagree when
//! two of them cannot both hold ([`crate::roles::compatible`]); a quantity disagrees when two
//! articles give value sets with nothing in common (an article that says "14 dead, 3 of them
//! children" agrees with one that says 14), allowing 2 % for rounding and 10 % for a hedged
//! value.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use parallax_lang::fold;
use parallax_model::{ArticleId, ClaimSide, Disagreement};
use regex::Regex;

use crate::entities::FoundEntity;
use crate::roles;

/// One claim of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// `title` or `number`.
    pub kind: &'static str,
    /// Who or what the claim is about: a person's entity key, or a quantity ("dead").
    pub subject_key: String,
    /// The subject as shown: the person's name, or the quantity.
    pub subject: String,
    /// The comparable value: a title concept ("transport minister") or a number.
    pub value: String,
    /// The words of the article that state it.
    pub written: String,
    /// The number was hedged ("at least 12", "about 300").
    pub approx: bool,
}

/// Quantities and the words that name them, folded. A word matches a form when it starts with
/// it (so "evacuat" covers "evacuated", "evacuation").
#[rustfmt::skip]
const QUANTITIES: &[(&str, &[&str])] = &[
    ("dead", &[
        "dead", "killed", "died", "deaths", "death toll", "fatalities", "lives", "bodies", "tote", "toten",
        "getotet", "todesopfer", "starben", "ums leben", "morts", "mortes", "mort", "tues", "tuees", "deces",
        "victimes", "muertos", "muertas", "fallecidos", "fallecidas", "fallecieron", "murieron",
        "victimas mortales", "morti", "morte", "deceduti", "uccisi", "vittime", "mortos", "mortas", "mortes",
        "morreram", "obitos", "doda", "dodade", "dodades", "omkom", "omkommit", "dodsoffer", "dodsfall", "doden",
        "dode", "omgekomen", "kwamen om", "погиб", "убит", "жертв", "погибш", "смерт", "zginel", "zginal", "zabit",
        "ofiar", "zmarl", "nie zyje", "oldu", "olu", "hayatini kaybetti", "can kaybi",
    ]),
    ("injured", &[
        "injured", "wounded", "hurt", "injuries", "verletzt", "verwundet", "blesses", "blessees", "heridos",
        "heridas", "lesionados", "feriti", "ferite", "feridos", "feridas", "skadade", "skadades", "skadats",
        "gewonden", "gewond", "raakten gewond", "ранен", "пострадав", "пострадал", "rann", "poszkodowan",
        "yaralandi", "yarali",
    ]),
    ("missing", &[
        "missing", "vermisst", "disparus", "disparues", "desaparecid", "dispersi", "disperse", "saknade", "saknas",
        "vermist", "пропавш", "пропал", "zaginion", "kayip",
    ]),
    ("evacuated", &[
        "evacuat", "evakuiert", "evacue", "evacuad", "evakuer", "geevacueerd", "эвакуир", "ewakuowan", "tahliye",
        "desalojad", "sfollat", "retirad", "evacuee",
    ]),
    ("arrested", &[
        "arrested", "detained", "festgenommen", "verhaftet", "interpelle", "arrete", "detenid", "arrestat",
        "fermat", "presos", "presas", "detid", "gripna", "anhallna", "arresterade", "aangehouden", "gearresteerd", "задержан",
        "арестован", "zatrzyman", "aresztowan", "gozaltina", "tutuklandi",
    ]),
    ("area burned (ha)", &[
        "ha", "hectares", "hektar", "ettari", "hectareas", "гектар", "hektarow", "hektaru",
    ]),
];

/// Number words, folded, for the languages most numbers are written out in.
/// Number words by language, folded. One is left out (it is an article in most of these
/// languages); [`VOTE_ONE`] has it for tallies.
#[rustfmt::skip]
const NUMBER_WORDS: &[(&str, &[(&str, u32)])] = &[
    ("en", &[("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9),
        ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13), ("fourteen", 14), ("fifteen", 15),
        ("sixteen", 16), ("seventeen", 17), ("eighteen", 18), ("nineteen", 19), ("twenty", 20), ("thirty", 30),
        ("forty", 40), ("fifty", 50), ("dozen", 12), ("dozens", 24)]),
    ("de", &[("zwei", 2), ("drei", 3), ("vier", 4), ("funf", 5), ("sechs", 6), ("sieben", 7), ("acht", 8),
        ("neun", 9), ("zehn", 10), ("elf", 11), ("zwolf", 12), ("dreizehn", 13), ("vierzehn", 14), ("funfzehn", 15),
        ("sechzehn", 16), ("siebzehn", 17), ("achtzehn", 18), ("neunzehn", 19), ("zwanzig", 20), ("dreissig", 30)]),
    ("fr", &[("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5), ("six", 6), ("sept", 7), ("huit", 8),
        ("neuf", 9), ("dix", 10), ("onze", 11), ("douze", 12), ("treize", 13), ("quatorze", 14), ("quinze", 15),
        ("seize", 16), ("vingt", 20), ("trente", 30), ("quarante", 40), ("cinquante", 50), ("douzaine", 12)]),
    ("es", &[("dos", 2), ("tres", 3), ("cuatro", 4), ("cinco", 5), ("seis", 6), ("siete", 7), ("ocho", 8),
        ("nueve", 9), ("diez", 10), ("once", 11), ("doce", 12), ("trece", 13), ("catorce", 14), ("quince", 15),
        ("veinte", 20), ("treinta", 30), ("cuarenta", 40), ("cincuenta", 50), ("cien", 100), ("doscientos", 200),
        ("trescientos", 300), ("cuatrocientos", 400), ("quinientos", 500)]),
    ("it", &[("due", 2), ("tre", 3), ("quattro", 4), ("cinque", 5), ("sei", 6), ("sette", 7), ("otto", 8),
        ("nove", 9), ("dieci", 10), ("undici", 11), ("dodici", 12), ("tredici", 13), ("quattordici", 14),
        ("quindici", 15), ("venti", 20), ("trenta", 30), ("quaranta", 40), ("cinquanta", 50), ("cento", 100),
        ("duecento", 200), ("trecento", 300), ("quattrocento", 400), ("cinquecento", 500), ("decina", 10),
        ("dozzina", 12), ("ventina", 20), ("trentina", 30)]),
    ("pt", &[("dois", 2), ("duas", 2), ("tres", 3), ("quatro", 4), ("cinco", 5), ("seis", 6), ("sete", 7),
        ("oito", 8), ("nove", 9), ("dez", 10), ("onze", 11), ("doze", 12), ("treze", 13), ("catorze", 14),
        ("quinze", 15), ("vinte", 20), ("trinta", 30), ("quarenta", 40), ("cinquenta", 50), ("cem", 100),
        ("duzentos", 200), ("trezentos", 300), ("quatrocentos", 400), ("quinhentos", 500), ("dezena", 10),
        ("duzia", 12)]),
    ("sv", &[("tva", 2), ("tre", 3), ("fyra", 4), ("fem", 5), ("sex", 6), ("sju", 7), ("atta", 8), ("nio", 9),
        ("tio", 10), ("elva", 11), ("tolv", 12), ("tretton", 13), ("fjorton", 14), ("femton", 15), ("sexton", 16),
        ("tjugo", 20), ("trettio", 30), ("fyrtio", 40), ("femtio", 50)]),
    ("nl", &[("twee", 2), ("drie", 3), ("vier", 4), ("vijf", 5), ("zes", 6), ("zeven", 7), ("acht", 8),
        ("negen", 9), ("tien", 10), ("elf", 11), ("twaalf", 12), ("dertien", 13), ("veertien", 14), ("vijftien", 15),
        ("twintig", 20), ("dertig", 30), ("veertig", 40), ("vijftig", 50)]),
    ("pl", &[("dwa", 2), ("dwie", 2), ("dwoch", 2), ("trzy", 3), ("trzech", 3), ("cztery", 4), ("czterech", 4),
        ("piec", 5), ("pieciu", 5), ("szesc", 6), ("szesciu", 6), ("siedem", 7), ("siedmiu", 7), ("osiem", 8),
        ("osmiu", 8), ("dziewiec", 9), ("dziesiec", 10), ("dziesieciu", 10), ("dwanascie", 12), ("dwunastu", 12),
        ("czternascie", 14), ("dwadziescia", 20), ("dwudziestu", 20)]),
    ("ru", &[("два", 2), ("двое", 2), ("двух", 2), ("три", 3), ("трое", 3), ("трех", 3), ("четыре", 4),
        ("четверо", 4), ("пять", 5), ("пятеро", 5), ("пяти", 5), ("шесть", 6), ("семь", 7), ("восемь", 8),
        ("девять", 9), ("десять", 10), ("десяти", 10), ("двенадцать", 12), ("четырнадцать", 14), ("двадцать", 20),
        ("тридцать", 30), ("сто", 100)]),
    ("tr", &[("iki", 2), ("uc", 3), ("dort", 4), ("bes", 5), ("alti", 6), ("yedi", 7), ("sekiz", 8), ("dokuz", 9),
        ("yirmi", 20), ("otuz", 30), ("kirk", 40), ("elli", 50), ("yuz", 100)]),
];

/// "One" in tallies ("sechs zu einer Stimme", "six to one").
#[rustfmt::skip]
const VOTE_ONE: &[&str] = &[
    "one", "eins", "einer", "einem", "un", "une", "uno", "una", "um", "uma", "en", "ett", "een", "jeden", "jedna",
    "один", "одним", "bir",
];

/// Words after a number that make it an age or a duration.
const AGES: &[&str] =
    &["year", "yr", "jahr", "ans", "ano", "anni", "anno", "jaar", "лет", "год", "lat", "rok", "yas", "yil"];

/// Month names (folded, as they follow a day number), so that "7 novembre" is not a count.
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "januar", "februar", "marz", "mai", "juni", "juli", "oktober", "dezember", "janvier", "fevrier",
    "mars", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "enero", "febrero",
    "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre", "janeiro",
    "fevereiro", "marco", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro", "januari",
    "februari", "maj", "augusti", "maart", "mei", "augustus", "december", "января", "февраля", "марта", "апреля",
    "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря", "stycznia", "lutego", "marca",
    "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "wrzesnia", "pazdziernika", "listopada", "grudnia", "ocak",
    "subat", "mart", "nisan", "mayis", "haziran", "temmuz", "agustos", "eylul", "ekim", "kasim", "aralik",
];

/// Words between a number and its quantity that make it a part of the whole.
#[rustfmt::skip]
const PARTS: &[&str] = &[
    "children", "child", "kids", "women", "minors", "students", "tourists", "foreigners", "those", "them", "kinder",
    "frauen", "enfants", "femmes", "ninos", "ninas", "menores", "mujeres", "bambini", "donne", "minori", "criancas",
    "mulheres", "barn", "kvinnor", "kinderen", "vrouwen", "детей", "дети", "женщин", "dzieci", "kobiet", "cocuk",
    "kadin", "among", "unter", "parmi", "entre", "tra", "fra", "bland", "onder", "среди", "wsrod", "davon", "dont",
];

/// Words that link a quantity to a number after it ("death toll rose to 14", "Zahl der Toten auf 14").
#[rustfmt::skip]
const LINKS: &[&str] = &[
    "to", "at", "of", "is", "was", "stood", "auf", "bei", "liegt", "a", "de", "di", "est", "en", "es", "fue", "em",
    "foi", "till", "ar", "var", "op", "tot", "is", "до", "na", "wynosi",
];

/// The value of a number word of `lang` (`w` folded: "funf", "dreissig").
pub(crate) fn number_word(w: &str, lang: Option<&str>) -> Option<u32> {
    let lang = lang?;
    NUMBER_WORDS.iter().find(|(l, _)| *l == lang)?.1.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// Multipliers after a number ("1.2 million", "2,5 Millionen").
#[rustfmt::skip]
const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2), ("hundert", 1e2), ("cents", 1e2), ("cent", 1e2), ("hundra", 1e2), ("honderd", 1e2),
    ("thousand", 1e3), ("tausend", 1e3), ("mille", 1e3), ("mil", 1e3), ("tusen", 1e3), ("duizend", 1e3),
    ("тысяч", 1e3), ("tysiac", 1e3), ("bin", 1e3), ("million", 1e6), ("millionen", 1e6), ("millions", 1e6),
    ("millones", 1e6), ("milioni", 1e6), ("milhoes", 1e6), ("miljoner", 1e6), ("miljoen", 1e6), ("миллион", 1e6),
    ("mln", 1e6), ("milion", 1e6), ("milyon", 1e6),
];

/// Hedges before a number.
#[rustfmt::skip]
const HEDGES: &[&str] = &[
    "about", "around", "approximately", "nearly", "almost", "some", "roughly", "over", "more than", "at least",
    "up to", "estimated", "rund", "etwa", "ungefahr", "fast", "mehr als", "mindestens", "uber", "knapp", "environ",
    "pres de", "plus de", "au moins", "quelque", "quelques", "une", "cerca de", "unos", "unas", "mas de",
    "al menos", "casi", "circa", "oltre", "almeno", "quasi", "mais de", "pelo menos", "quase", "omkring", "cirka",
    "ungefar", "over", "minst", "nastan", "ongeveer", "meer dan", "minstens", "bijna", "около", "более", "не менее",
    "почти", "свыше", "порядка", "okolo", "ponad", "co najmniej", "prawie", "yaklasik", "en az", "fazla",
];

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:[,. \u{a0}\u{202f}]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?").expect("regex"));
static VOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2}|\p{L}+)\s*(?:-|–|\bto\b|\bzu\b|\bcontre\b|\ba\b|\bcontro\b|\bmot\b|\btegen\b|\bпротив\b|\bdo\b|\bcontra\b)\s*(\d{1,2}|\p{L}+)\b")
        .expect("regex")
});
#[rustfmt::skip]
const VOTE_WORDS: &[&str] = &[
    "vote", "voted", "votes", "voting", "stimme", "stimmen", "abstimmung", "voix", "vote", "votos", "votacion",
    "voti", "votazione", "votacao", "roster", "rostade", "omrostning", "stemmen", "stemming", "голос", "glos",
    "glosow", "oy", "oyla",
];

/// A word of `text` with its byte range.
#[derive(Debug, Clone)]
struct Word<'a> {
    start: usize,
    end: usize,
    raw: &'a str,
    folded: String,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' || c == '.' || c == ',';
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let raw = text[s..i].trim_end_matches(['.', ',', '-', '\'', '’']);
                let raw = raw.strip_suffix("'s").or_else(|| raw.strip_suffix("’s")).unwrap_or(raw);
                let (s, raw) = unelide(s, raw);
                if !raw.is_empty() {
                    out.push(Word { start: s, end: s + raw.len(), raw, folded: roles::norm(raw) });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// "l'assessore" → "assessore", "dell'Interno" → "Interno", "Kartalbeli'nde" → "Kartalbeli".
fn unelide(start: usize, raw: &str) -> (usize, &str) {
    const ELIDED: &[&str] =
        &["l", "d", "dell", "all", "nell", "sull", "dall", "un", "qu", "j", "n", "s", "c", "m", "t", "quell", "dell"];
    let Some(i) = raw.find(['\'', '’']) else { return (start, raw) };
    let (head, tail) = (&raw[..i], &raw[i..]);
    let tail_start = i + tail.chars().next().map_or(1, char::len_utf8);
    let rest = &raw[tail_start..];
    if ELIDED.contains(&head.to_lowercase().as_str()) && !rest.is_empty() {
        return (start + tail_start, rest);
    }
    if !rest.is_empty() && rest.chars().count() <= 4 && rest.chars().all(char::is_lowercase) {
        return (start, head);
    }
    (start, raw)
}

/// Whether the text between two words crosses a sentence end (or a comma, for `comma`).
fn gap_has(text: &str, from: usize, to: usize, stops: &[char]) -> bool {
    from < to && text.get(from..to).is_some_and(|g| g.contains(stops))
}

const SENTENCE: &[char] = &['.', '!', '?', '\n', ';', ':', '“', '”', '«', '»', '„', '"'];
#[rustfmt::skip]
const ARTICLES: &[&str] = &[
    "the", "a", "an", "der", "die", "das", "den", "le", "la", "l'", "les", "el", "il", "lo", "o", "a", "de", "het",
    "its", "his", "her",
];

/// The title claims of an article: (person key, person name) for each title given to a person.
fn titles(text: &str, lang: Option<&str>, people: &[&FoundEntity]) -> Vec<Claim> {
    let ws = words(text);
    let mut out: Vec<Claim> = Vec::new();
    for p in people {
        let name_words: Vec<String> = p.name.split_whitespace().map(fold).collect();
        let Some(surname) = name_words.last() else { continue };
        // Occurrences: the word index of the name's first and last word.
        let mut occ: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let n = name_words.len();
            if i + n <= ws.len() && ws[i..i + n].iter().zip(&name_words).all(|(w, f)| &w.folded == f) {
                occ.push((i, i + n - 1));
                i += n;
            } else if inflected(&ws[i].folded, surname) {
                occ.push((i, i));
                i += 1;
            } else {
                i += 1;
            }
        }
        for (first, last) in occ {
            let mut found: Option<(String, usize, usize)> = None;
            // "Transport Minister Tomas Velder", "Irans president Larijani", and with a short
            // complement between that starts with a capital or "of" ("Президент Тарвании
            // Аркадий Ломтев"), but not across a possessive ("President Trump's envoy X").
            for gap in 0..=3usize {
                if first < gap + 1 {
                    break;
                }
                let end = first - gap;
                if gap > 0 {
                    let g = &ws[end..first];
                    let starts_ok = g[0].raw.chars().next().is_some_and(char::is_uppercase) || is_of(&g[0].folded);
                    let possessive =
                        g.iter().any(|w| text[w.end..].starts_with("'s") || text[w.end..].starts_with("’s"));
                    if !starts_ok
                        || possessive
                        || gap_has(text, ws[end - 1].end, ws[first].start, &[',', '(', ')', '–', '—'])
                    {
                        continue;
                    }
                }
                let lo = end.saturating_sub(6);
                let before: Vec<String> = ws[lo..end].iter().map(|w| w.folded.clone()).collect();
                if let Some((concept, n)) = roles::title_ending(&before)
                    && !gap_has(text, ws[end - 1].end, ws[first].start, &['(', '.', '\n', ':', ';'])
                    && !gap_has(text, ws[end - n].start, ws[first].start, SENTENCE)
                    && (gap > 0 || !gap_has(text, ws[first - 1].end, ws[first].start, &[',']))
                {
                    found = Some((portfolio(concept, &ws, end - n, end, lang), end - n, end - 1));
                    break;
                }
            }
            // "the secretary of Iran's Supreme National Security Council, Ali Larijani",
            // "…, ha annunciato il presidente della Regione, Lorenzo Battaglini".
            if found.is_none() && first > 0 && gap_has(text, ws[first - 1].end, ws[first].start, &[',']) {
                let mut j = first;
                while j > 0 && first - j < 10 && !gap_has(text, ws[j - 1].end, ws[j].start, SENTENCE) {
                    j -= 1;
                    if j + 1 < first && gap_has(text, ws[j].end, ws[j + 1].start, &[',']) {
                        j += 1;
                        break;
                    }
                }
                let clause: Vec<String> = ws[j..first].iter().map(|w| w.folded.clone()).collect();
                for at in 0..clause.len() {
                    if let Some((concept, n)) = roles::title_starting(&clause[at..])
                        && (clause.get(at + n).is_none_or(|w| is_of(w))
                            || (at + n + 1 == clause.len() || clause.get(at + n + 1).is_some_and(|w| is_of(w)))
                                && clause.get(at + n).is_some_and(|w| w.chars().all(char::is_lowercase)))
                        && (at == 0 || !roles::is_former(&clause[at - 1]))
                    {
                        found = Some((portfolio(concept, &ws, j + at, j + at + n, lang), j + at, j + at + n - 1));
                    }
                }
            }
            // "Helena Marsk, governor of the National Bank,".
            if found.is_none()
                && last + 1 < ws.len()
                && gap_has(text, ws[last].end, ws[last + 1].start, &[','])
                && !gap_has(text, ws[last].end, ws[last + 1].start, SENTENCE)
            {
                let mut k = last + 1;
                while k < ws.len() && ARTICLES.contains(&ws[k].folded.as_str()) {
                    k += 1;
                }
                let clause: Vec<String> = ws[k..(k + 6).min(ws.len())].iter().map(|w| w.folded.clone()).collect();
                if let Some((concept, n)) = roles::title_starting(&clause)
                    && !gap_has(text, ws[last + 1].start, ws[k + n - 1].end, SENTENCE)
                    && (k == last + 1 || !roles::is_former(&ws[k - 1].folded))
                {
                    found = Some((portfolio(concept, &ws, k, k + n, lang), k, k + n - 1));
                }
            }
            if let Some((concept, a, b)) = found {
                let written = text[ws[a].start..ws[b].end].to_string();
                if !out.iter().any(|c| c.subject_key == p.key && c.value == concept) {
                    out.push(Claim {
                        kind: "title",
                        subject_key: p.key.clone(),
                        subject: p.name.clone(),
                        value: concept,
                        written,
                        approx: false,
                    });
                }
            }
        }
    }
    out
}

/// The same word, or it with an inflection ending of up to two letters ("Larijanis",
/// "Ломтева"), for words of four letters or more.
pub(crate) fn inflected(word: &str, base: &str) -> bool {
    word == base
        || (base.chars().count() >= 4
            && word.starts_with(base)
            && word.chars().count() - base.chars().count() <= 2
            && word[base.len()..].chars().all(char::is_alphabetic))
}

fn is_of(w: &str) -> bool {
    matches!(
        w,
        "of" | "for"
            | "at"
            | "des"
            | "du"
            | "de"
            | "del"
            | "della"
            | "di"
            | "do"
            | "da"
            | "van"
            | "von"
            | "der"
            | "av"
            | "i"
    )
}

/// Portfolio words (folded, as their first letters) in the languages of the title table, for a
/// minister whose title puts the portfolio in a phrase of its own ("ministro de Agricultura").
#[rustfmt::skip]
const PORTFOLIO_WORDS: &[(&str, &[&str])] = &[
    ("agriculture minister", &["agricult", "agricolt", "landwirtschaft", "jordbruk", "landbouw", "rolnictw", "сельского", "tarim"]),
    ("education minister", &["educa", "istruzione", "bildung", "utbildning", "onderwijs", "oswiat", "edukacji", "образования", "просвещения", "egitim", "milli egitim"]),
    ("environment minister", &["medio ambiente", "environnement", "ambiente", "umwelt", "miljo", "milieu", "srodowisk", "природных", "cevre"]),
    ("health minister", &["sanidad", "sante", "salud", "salute", "saude", "gesundheit", "halsa", "volksgezondheid", "zdrowia", "здравоохранения", "saglik"]),
    ("justice minister", &["justic", "giustizia", "justica", "justiz", "justitie", "sprawiedliwosci", "юстиции", "adalet"]),
    ("interior minister", &["interior", "interieur", "interno", "inneren", "binnenlandse", "spraw wewnetrznych", "внутренних", "icisleri"]),
    ("foreign minister", &["exteriores", "etrangeres", "esteri", "estrangeiros", "auswartig", "buitenlandse", "zagranicznych", "иностранных", "disisleri"]),
    ("defence minister", &["defensa", "defense", "difesa", "defesa", "verteidigung", "defensie", "obrony", "обороны", "savunma"]),
    ("finance minister", &["hacienda", "finances", "finanze", "financas", "finanzen", "financien", "finansow", "финансов", "maliye"]),
    ("economy minister", &["economia", "economie", "wirtschaft", "economische", "gospodarki", "экономики", "ekonomi"]),
    ("transport minister", &["transport", "trasporti", "verkehr", "verkeer", "транспорта", "ulastirma"]),
    ("labour minister", &["trabajo", "travail", "lavoro", "trabalho", "arbeit", "arbeid", "pracy", "труда", "calisma"]),
    ("culture minister", &["cultura", "culture", "kultur", "cultuur", "kultury", "культуры", "kultur ve turizm"]),
    ("trade minister", &["comercio", "commerce", "commercio", "handel", "торговли", "ticaret"]),
    ("industry minister", &["industria", "industrie", "przemyslu", "промышленности", "sanayi"]),
    ("energy minister", &["energia", "energie", "energi", "энергетики", "enerji"]),
];

fn known_portfolio(words: &str) -> Option<&'static str> {
    PORTFOLIO_WORDS.iter().find(|(_, forms)| forms.iter().any(|f| words.starts_with(f))).map(|(c, _)| *c)
}

/// A generic "minister" with its portfolio as written, when the table has no concept for it:
/// "Ticaret Bakanı" → `minister:tr:ticaret`, "ministro de Turismo" → `minister:es:turismo`.
/// Such concepts conflict only with another portfolio in the same language.
fn portfolio(concept: &'static str, ws: &[Word<'_>], a: usize, b: usize, lang: Option<&str>) -> String {
    if concept != "minister" {
        return concept.to_string();
    }
    let lang = lang.unwrap_or("xx");
    // Turkish and the like: capitalised words before the title ("Sanayi ve Teknoloji Bakanı").
    let mut k = a;
    let mut before: Vec<&str> = Vec::new();
    while k > 0
        && (ws[k - 1].raw.chars().next().is_some_and(char::is_uppercase) || ws[k - 1].folded == "ve")
        && before.len() < 4
    {
        k -= 1;
        before.insert(0, &ws[k].folded);
    }
    if lang == "tr" && !before.is_empty() {
        let joined = before.join(" ");
        return known_portfolio(&joined).map_or_else(|| format!("minister:{lang}:{joined}"), str::to_string);
    }
    // "minister of X", "ministro de X", "Minister für X": the first content word after.
    if let Some(of) = ws.get(b)
        && (is_of(&of.folded) || matches!(of.folded.as_str(), "fur" | "for" | "pour" | "per" | "para" | "voor"))
    {
        let mut k = b + 1;
        while k < ws.len() && (ARTICLES.contains(&ws[k].folded.as_str()) || is_of(&ws[k].folded)) {
            k += 1;
        }
        if let Some(w) = ws.get(k) {
            return known_portfolio(&w.folded).map_or_else(|| format!("minister:{lang}:{}", w.folded), str::to_string);
        }
    }
    concept.to_string()
}

/// Parses a number as written ("1,800", "1.800", "1 800", "3,5", "12") given its language.
pub fn parse_number(s: &str, lang: Option<&str>) -> Option<f64> {
    let s: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let comma_decimal = !matches!(lang, Some("en" | "zh" | "ja" | "ko" | "th"));
    let groups_of_three = |sep: char| {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3) && parts[0].len() <= 3
    };
    let cleaned = if s.contains(',') && s.contains('.') {
        // The later separator is the decimal one.
        if s.rfind(',') > s.rfind('.') { s.replace('.', "").replace(',', ".") } else { s.replace(',', "") }
    } else if s.contains(',') {
        // A comma before groups of three digits groups thousands in every language ("1,800",
        // "3,500"); else it is the decimal mark ("3,5").
        if groups_of_three(',') { s.replace(',', "") } else { s.replace(',', ".") }
    } else if s.contains('.') {
        if groups_of_three('.') && (s.matches('.').count() > 1 || comma_decimal) { s.replace('.', "") } else { s }
    } else {
        s
    };
    cleaned.parse().ok()
}

/// The quantity named by the words starting at `i` (one or two words).
fn quantity_at(ws: &[Word<'_>], i: usize) -> Option<(&'static str, usize)> {
    for (q, forms) in QUANTITIES {
        for f in *forms {
            let n = f.split(' ').count();
            if i + n > ws.len() {
                continue;
            }
            let ok = f.split(' ').enumerate().all(|(k, part)| {
                let w = &ws[i + k].folded;
                if k + 1 == n && part.len() >= 4 { w.starts_with(part) } else { w == part }
            });
            if ok {
                return Some((q, n));
            }
        }
    }
    None
}

/// A number that starts at word `i`: (value, words used, hedged).
fn number_at(text: &str, ws: &[Word<'_>], i: usize, lang: Option<&str>) -> Option<(f64, usize)> {
    let w = &ws[i];
    let mut value = if w.raw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let m = NUMBER.find(w.raw)?;
        if m.start() != 0 || m.end() != w.raw.len() {
            return None;
        }
        // A year, a time or a percentage is not a count.
        let after = text[w.end..].chars().next();
        if matches!(after, Some('%' | ':' | '°')) || text[w.end..].trim_start().starts_with('%') {
            return None;
        }
        let v = parse_number(w.raw, lang)?;
        if (1900.0..=2100.0).contains(&v) && v.fract() == 0.0 && !w.raw.contains([',', '.', ' ']) {
            return None;
        }
        v
    } else {
        f64::from(number_word(&w.folded, lang)?)
    };
    let mut used = 1;
    // "1 800" split into two words by the tokenizer.
    while i + used < ws.len()
        && ws[i + used].raw.len() == 3
        && ws[i + used].raw.chars().all(|c| c.is_ascii_digit())
        && text[ws[i + used - 1].end..ws[i + used].start].chars().all(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        && value < 1000.0
    {
        value = value * 1000.0 + ws[i + used].raw.parse::<f64>().ok()?;
        used += 1;
    }
    if let Some(next) = ws.get(i + used)
        && let Some((_, m)) = SCALES.iter().find(|(s, _)| next.folded.starts_with(s))
    {
        value *= m;
        used += 1;
    }
    // A day of a month or an age is not a count ("7 novembre", "a 63-year-old", "35 Jahre").
    if ws
        .get(i + used)
        .is_some_and(|n| MONTHS.contains(&n.folded.as_str()) || AGES.iter().any(|a| n.folded.starts_with(a)))
    {
        return None;
    }
    Some((value, used))
}

fn hedged(ws: &[Word<'_>], i: usize) -> bool {
    let w1 = i.checked_sub(1).map(|k| ws[k].folded.as_str());
    let w2 = i.checked_sub(2).map(|k| format!("{} {}", ws[k].folded, ws[k + 1].folded));
    HEDGES.iter().any(|h| Some(*h) == w1 || Some(*h) == w2.as_deref())
}

/// Counts for known quantities: for each word naming one, the nearest number within four words
/// in the same sentence.
fn numbers(text: &str, lang: Option<&str>) -> Vec<Claim> {
    let ws = words(text);
    let mut nums: Vec<(usize, usize, f64)> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if let Some((v, used)) = number_at(text, &ws, i, lang) {
            nums.push((i, i + used - 1, v));
            i += used;
        } else {
            i += 1;
        }
    }
    let mut out: Vec<Claim> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((q, n)) = quantity_at(&ws, i) else {
            i += 1;
            continue;
        };
        let qa = i;
        let qb = i + n - 1;
        let best = nums
            .iter()
            .filter(|(a, b, _)| *b < qa || *a > qb)
            .map(|&(a, b, v)| {
                let dist = if b < qa { qa - b - 1 } else { a - qb - 1 };
                (dist, a, b, v)
            })
            .filter(|&(dist, a, b, _)| {
                // Area units sit right after their number. (Checked first: the rest looks at
                // the words between, which must stay few.)
                let max = if q.starts_with("area") { 0 } else { 4 };
                if dist > max {
                    return false;
                }
                let (from, to) = if b < qa { (ws[b].end, ws[qa].start) } else { (ws[qb].end, ws[a].start) };
                // A number after the quantity needs a link ("toll rose to 14", "Tote: 14").
                let linked = b < qa
                    || text[from..to].contains(':')
                    || (dist <= 2 && a > 0 && LINKS.contains(&ws[a - 1].folded.as_str()));
                // "three of those arrested", "tres niños fallecidos": a part of the whole.
                let part =
                    b < qa && ws[b + 1..qa].iter().any(|w| PARTS.contains(&w.folded.as_str()) || is_of(&w.folded));
                linked
                    && !part
                    && dist <= max
                    && !gap_has(text, from, to, &['.', ',', '!', '?', '\n', ';', '(', ')', '–', '—'])
            })
            .min_by_key(|&(dist, a, _, _)| (dist, std::cmp::Reverse(a)));
        if let Some((_, a, b, v)) = best {
            let (from, to) = (ws[a.min(qa)].start, ws[b.max(qb)].end);
            out.push(Claim {
                kind: "number",
                subject_key: q.to_string(),
                subject: q.to_string(),
                value: format_number(v),
                written: text[from..to].to_string(),
                approx: hedged(&ws, a),
            });
        }
        i += n;
    }
    out.extend(votes(text, &ws, lang));
    out.extend(amounts(text, lang));
    out
}

/// Units of amounts: (written forms folded, subject). A currency sign may stand before the
/// number.
#[rustfmt::skip]
const UNITS: &[(&[&str], &str)] = &[
    (&["€", "eur", "euro", "euros", "евро"], "EUR"),
    (&["$", "usd", "dollar", "dollars", "dolares", "dollari", "dolares", "долларов", "dolar"], "USD"),
    (&["£", "gbp", "pounds", "sterling"], "GBP"),
    (&["sek", "kronor", "kr"], "SEK"),
    (&["%", "percent", "per cent", "prozent", "procent", "pour cent", "por ciento", "per cento", "por cento", "процента", "процентов", "yuzde"], "%"),
    (&["tonnes", "tons", "tonnen", "toneladas", "tonnellate", "ton", "тонн", "тонны", "ton"], "tonnes"),
];

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([€$£])?\s?(\d{1,3}(?:[,. \u{a0}]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s?(millions?|millones|milioni|milhões|millionen|miljoner|miljoen|миллион\w*|mln|milyon|milliards?|mil millones|miliardi|mil milhões|milliarden|miljarder|miljard|миллиард\w*|mld|milyar|billions?|bilhões|bilh[aã]o|thousand|mil|tausend)?\s?(?:de |di |d')?(%|[€$£]|\p{L}+(?: cent(?:o)?| ciento)?)?")
        .expect("regex")
});

fn scale_of(word: &str) -> f64 {
    let w = fold(word);
    if w.starts_with("milliard")
        || w.starts_with("miliard")
        || w.starts_with("miljard")
        || w.starts_with("миллиард")
        || w.starts_with("billion")
        || w.starts_with("bilh")
        || w.starts_with("milyar")
        || w == "mld"
        || w == "mil millones"
        || w == "mil milhoes"
    {
        1e9
    } else if w.starts_with("mil") && w.len() > 3 || w.starts_with("миллион") || w == "mln" {
        1e6
    } else if w == "thousand" || w == "tausend" || w == "mil" {
        1e3
    } else {
        1.0
    }
}

/// What an amount is of: (concept, word starts, folded). An amount counts only next to one.
#[rustfmt::skip]
const AMOUNT_OF: &[(&str, &[&str])] = &[
    ("fine", &["fine", "fined", "penalt", "strafe", "bussgeld", "amende", "multa", "multe", "boter", "boete", "штраф", "kara", "ceza", "grzywn"]),
    ("damage", &["damage", "schaden", "schaden", "degats", "dommage", "danos", "danni", "dano", "skador", "schade", "ущерб", "szkod", "hasar"]),
    ("funding", &["funding", "budget", "haushalt", "presupuesto", "bilancio", "orcamento", "begroting", "бюджет", "budzet", "butce", "finansiering", "anslag", "financ", "investment", "investition", "investissement", "inversion", "investimento", "investering", "инвестиц", "inwestycj", "yatirim"]),
    ("embezzled", &["embezzl", "fraud", "betrug", "veruntreu", "fraude", "detourn", "malvers", "frode", "desvio", "forskingr", "verduister", "хищен", "растрат", "defraud", "sprzeniewierz", "zimmet"]),
    ("ransom", &["ransom", "bail", "losegeld", "kaution", "rancon", "rescate", "fianza", "riscatto", "cauzione", "resgate", "fianca", "losgeld", "выкуп", "залог", "okup", "kaucj", "fidye", "kefalet"]),
    ("unemployment", &["unemploy", "arbeitslos", "chomage", "desempleo", "paro", "disoccupazion", "desemprego", "arbetslos", "werkloos", "безработ", "bezroboci", "issizlik"]),
    ("inflation", &["inflation", "inflacion", "inflazion", "inflacao", "inflatie", "инфляц", "inflacj", "enflasyon"]),
    ("turnout", &["turnout", "wahlbeteiligung", "participation", "participacion", "affluenza", "participacao", "valdeltagande", "opkomst", "явка", "frekwencj", "katilim"]),
    ("seized", &["seized", "seizure", "beschlagnahm", "saisi", "incautad", "sequestrat", "apreendid", "apreensao", "beslag", "изъят", "zarekwirow", "przechwyc", "ele gecir"]),
];

/// Amounts with a unit: money, percentages, tonnes ("€48 million", "84 millones de euros",
/// "6,8 %", "2,1 toneladas"). The subject is the unit: a story's articles that give amounts
/// in one unit but share none of them disagree.
fn amounts(text: &str, lang: Option<&str>) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in AMOUNT.captures_iter(text) {
        let (Some(m), Some(num)) = (c.get(0), c.get(2)) else { continue };
        let sign = c.get(1).map(|x| x.as_str());
        let unit_word = c.get(4).map(|x| fold(x.as_str()));
        let unit = UNITS.iter().find(|(forms, _)| {
            sign.is_some_and(|s| forms.contains(&s)) || unit_word.as_deref().is_some_and(|u| forms.contains(&u))
        });
        let Some((_, unit)) = unit else { continue };
        // What it is an amount of: a word of [`AMOUNT_OF`] within six words, same sentence.
        let sentence_start = text[..m.start()].rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
        let sentence_end = text[m.end()..].find(['.', '!', '?', '\n']).map_or(text.len(), |i| m.end() + i);
        let before: Vec<String> = text[sentence_start..m.start()].split_whitespace().rev().take(6).map(fold).collect();
        let after: Vec<String> = text[m.end()..sentence_end].split_whitespace().take(6).map(fold).collect();
        let of = AMOUNT_OF
            .iter()
            .find(|(_, forms)| before.iter().chain(&after).any(|w| forms.iter().any(|f| w.starts_with(f))));
        let Some((concept, _)) = of else { continue };
        let subject = format!("{concept} ({unit})");
        // A year or a date is no amount; a percentage needs its sign or word right after.
        let Some(v) = parse_number(num.as_str(), lang) else { continue };
        let mut v = v * c.get(3).map_or(1.0, |s| scale_of(s.as_str()));
        // "$2.4m", "€1.5bn": abbreviations right after a number with a currency sign.
        if sign.is_some() && c.get(3).is_none() {
            let after: String = text[num.end()..].chars().take_while(|c| c.is_alphabetic()).collect();
            v *= match after.as_str() {
                "m" | "mn" | "mm" | "MM" => 1e6,
                "bn" | "b" => 1e9,
                "k" => 1e3,
                _ => 1.0,
            };
        }
        if v == 0.0 {
            continue;
        }
        out.push(Claim {
            kind: "number",
            subject_key: format!("amount:{subject}"),
            subject,
            value: format_number(v),
            written: m.as_str().trim().to_string(),
            approx: false,
        });
    }
    out
}

/// Vote tallies ("voted 5-2", "mit sechs zu einer Stimme").
fn votes(text: &str, ws: &[Word<'_>], lang: Option<&str>) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in VOTE.captures_iter(text) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let val = |s: &str| -> Option<u32> {
            let f = fold(s);
            s.parse().ok().or_else(|| if VOTE_ONE.contains(&f.as_str()) { Some(1) } else { number_word(&f, lang) })
        };
        let (Some(x), Some(y)) = (val(a.as_str()), val(b.as_str())) else { continue };
        if x == 0 && y == 0 || x > 99 || y > 99 {
            continue;
        }
        // A vote word within five words on either side, same sentence.
        let near = ws.iter().any(|w| {
            let close =
                (w.end <= m.start() && m.start() - w.end < 50) || (w.start >= m.end() && w.start - m.end() < 40);
            let (from, to) = if w.end <= m.start() { (w.end, m.start()) } else { (m.end(), w.start) };
            close
                && VOTE_WORDS.iter().any(|v| w.folded.starts_with(v))
                && !gap_has(text, from, to, &['.', '!', '?', '\n'])
        });
        if near {
            // Keep digits with a dash ("5-2") and number words joined by a preposition.
            let digits_only = a.as_str().chars().all(|c| c.is_ascii_digit());
            if digits_only || number_word(&fold(a.as_str()), lang).is_some() {
                out.push(Claim {
                    kind: "number",
                    subject_key: "vote".into(),
                    subject: "vote".into(),
                    value: format!("{x}-{y}"),
                    written: m.as_str().to_string(),
                    approx: false,
                });
            }
        }
    }
    out
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{}", v as i64) } else { format!("{v}") }
}

/// The claims of one article. `found` is what [`crate::entities`] found in the same text.
/// `published` is the article's publication day: relative dates ("on Tuesday", "yesterday")
/// are resolved against it.
pub fn claims(text: &str, lang: Option<&str>, found: &[FoundEntity], published: Option<NaiveDate>) -> Vec<Claim> {
    let text = crate::capped(text);
    let people: Vec<&FoundEntity> = found.iter().filter(|e| e.kind == "person").collect();
    let mut out = titles(text, lang, &people);
    out.extend(numbers(text, lang));
    // The event date: a day and month written out in the first sentence of the text. Weekdays
    // and "yesterday" are left out: measured on our set they flagged more consistent stories
    // (other events of the lead, a later day) than they found conflicts.
    let body = text.split("\n\n").nth(1).unwrap_or(text);
    let first: String = body.split_inclusive(['.', '!', '?']).next().unwrap_or(body).to_string();
    if let Some((day, written, true)) = crate::dates::lead_date_kind(&first, published) {
        out.push(Claim {
            kind: "date",
            subject_key: "event".into(),
            subject: "date of the event".into(),
            value: day.format("%Y-%m-%d").to_string(),
            written,
            approx: false,
        });
    }
    out
}

/// One article's claims, as [`disagreements`] takes them.
#[derive(Debug, Clone)]
pub struct ArticleClaims {
    pub article_id: ArticleId,
    pub outlet: String,
    pub claims: Vec<Claim>,
}

fn same_number(a: &str, a_approx: bool, b: &str, b_approx: bool) -> bool {
    if a.contains('-') || b.contains('-') {
        return a == b;
    }
    let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) else { return a == b };
    let tol = if a_approx || b_approx { 0.10 } else { 0.02 };
    (x - y).abs() <= tol * x.abs().max(y.abs())
}

/// A subject as shown, and (article index, claim) for each claim about it.
type Subject<'a> = (String, Vec<(usize, &'a Claim)>);

/// The disagreements between the articles of one story.
pub fn disagreements(articles: &[ArticleClaims]) -> Vec<Disagreement> {
    // A surname-only subject ("larijani") is the person whose key ends with it, when one does.
    let full: Vec<&str> =
        articles.iter().flat_map(|a| &a.claims).filter(|c| c.kind == "title").map(|c| c.subject_key.as_str()).collect();
    let resolve = |key: &str| -> String {
        if key.contains(' ') {
            // One person in two scripts ("аркадий ломтев", "arkady lomtev"): one subject.
            return parallax_lang::translit::skeleton(key).map_or_else(|| key.to_string(), |s| format!("~{s}"));
        }
        let mut m = full.iter().filter(|k| k.rsplit(' ').next() == Some(key) && k.contains(' '));
        match (m.next(), m.next()) {
            (Some(k), None) => k.to_string(),
            _ => key.to_string(),
        }
    };
    // (kind, subject key) → subject shown, and per article the claims.
    let mut by_subject: BTreeMap<(&'static str, String), Subject<'_>> = BTreeMap::new();
    for (ai, a) in articles.iter().enumerate() {
        for c in &a.claims {
            let key = (c.kind, resolve(&c.subject_key));
            let e = by_subject.entry(key).or_insert_with(|| (c.subject.clone(), Vec::new()));
            if c.subject.split_whitespace().count() > e.0.split_whitespace().count() {
                e.0 = c.subject.clone();
            }
            e.1.push((ai, c));
        }
    }
    let mut out = Vec::new();
    for ((kind, subject_key), (subject, claims)) in by_subject {
        let conflict = match kind {
            "title" => claims.iter().any(|(_, a)| claims.iter().any(|(_, b)| !roles::compatible(&a.value, &b.value))),
            _ => {
                // Articles whose value sets share nothing.
                let mut per: HashMap<usize, Vec<&Claim>> = HashMap::new();
                for (ai, c) in &claims {
                    per.entry(*ai).or_default().push(c);
                }
                // Amounts of money or percentages are many in an article and about different
                // things: compare only articles that give a single one.
                let mut sets: Vec<&Vec<&Claim>> = per.values().collect();
                if subject_key.starts_with("amount:") {
                    sets.retain(|s| s.iter().all(|c| same_number(&c.value, c.approx, &s[0].value, s[0].approx)));
                }
                sets.iter().enumerate().any(|(i, a)| {
                    sets[i + 1..].iter().any(|b| {
                        !a.iter().any(|x| b.iter().any(|y| same_number(&x.value, x.approx, &y.value, y.approx)))
                    })
                })
            }
        };
        if !conflict {
            continue;
        }
        // Sides: each distinct value (the largest per article, for numbers) with its articles.
        let mut sides: Vec<(String, Vec<usize>, Vec<String>)> = Vec::new();
        let mut add = |value: &str, ai: usize, written: &str, approx: bool| {
            let pos = sides
                .iter()
                .position(|(v, _, _)| if kind == "title" { v == value } else { same_number(v, false, value, approx) });
            let side = match pos {
                Some(p) => &mut sides[p],
                None => {
                    sides.push((value.to_string(), Vec::new(), Vec::new()));
                    let last = sides.len() - 1;
                    &mut sides[last]
                }
            };
            if !side.1.contains(&ai) {
                side.1.push(ai);
            }
            if !side.2.iter().any(|w| w == written) {
                side.2.push(written.to_string());
            }
        };
        if kind == "title" {
            for (ai, c) in &claims {
                add(&c.value, *ai, &c.written, false);
            }
        } else {
            let mut per: BTreeMap<usize, &Claim> = BTreeMap::new();
            for (ai, c) in &claims {
                let bigger = per
                    .get(ai)
                    .is_none_or(|p| c.value.parse::<f64>().unwrap_or(0.0) > p.value.parse::<f64>().unwrap_or(0.0));
                if bigger {
                    per.insert(*ai, c);
                }
            }
            for (ai, c) in per {
                add(&c.value, ai, &c.written, c.approx);
            }
        }
        if sides.len() < 2 {
            continue;
        }
        out.push(Disagreement {
            kind: kind.to_string(),
            subject,
            sides: sides
                .into_iter()
                .map(|(value, arts, written)| {
                    let mut outlets: Vec<String> = Vec::new();
                    for &ai in &arts {
                        if !outlets.contains(&articles[ai].outlet) {
                            outlets.push(articles[ai].outlet.clone());
                        }
                    }
                    ClaimSide {
                        value,
                        article_ids: arts.iter().map(|&ai| articles[ai].article_id).collect(),
                        outlets,
                        written,
                    }
                })
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities;

    fn article(id: i64, outlet: &str, text: &str, lang: &str) -> ArticleClaims {
        let found = entities(text, Some(lang));
        ArticleClaims { article_id: id, outlet: outlet.into(), claims: claims(text, Some(lang), &found, None) }
    }

    #[test]
    fn numbers_in_many_notations() {
        assert_eq!(parse_number("1,800", Some("en")), Some(1800.0));
        assert_eq!(parse_number("1.800", Some("de")), Some(1800.0));
        assert_eq!(parse_number("3,5", Some("de")), Some(3.5));
        assert_eq!(parse_number("3.200", Some("pt")), Some(3200.0));
        assert_eq!(parse_number("1,800", Some("fr")), Some(1800.0));
        assert_eq!(parse_number("2.5", Some("en")), Some(2.5));
    }

    #[test]
    fn title_conflict_between_outlets() {
        let en = article(
            1,
            "Al Jazeera",
            "The secretary of Iran’s Supreme National Security Council, Ali Larijani, has refuted reports. Larijani said no.",
            "en",
        );
        let sv = article(
            2,
            "Vietnam.vn",
            "Irans säkerhetsråds sekreterare Ali Larijani hävdade att inga samtal förekommit. Irans president Larijani uteslöt förhandlingar.",
            "sv",
        );
        let d = disagreements(&[en, sv]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].kind, "title");
        assert_eq!(d[0].subject, "Ali Larijani");
        let sec = d[0].sides.iter().find(|s| s.value == "secretary").expect("secretary side");
        assert_eq!(sec.outlets, vec!["Al Jazeera", "Vietnam.vn"]);
        let pres = d[0].sides.iter().find(|s| s.value == "president").expect("president side");
        assert_eq!(pres.outlets, vec!["Vietnam.vn"]);
    }

    #[test]
    fn compatible_titles_and_agreeing_numbers_are_not_conflicts() {
        let a = article(
            1,
            "A",
            "Transport Minister Tomas Velder said 14 people were killed, three of them children. Velder left.",
            "en",
        );
        let b = article(
            2,
            "B",
            "Verkehrsminister Tomas Velder sagte, 14 Menschen seien ums Leben gekommen. Velder ging.",
            "de",
        );
        let c =
            article(3, "C", "Le ministre Tomas Velder a indiqué que 14 personnes sont mortes. Velder est parti.", "fr");
        let d = disagreements(&[a, b, c]);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn number_and_title_conflicts() {
        let a = article(
            1,
            "A",
            "Transport Minister Tomas Velder said 14 people died. Velder left. About 1,800 people were evacuated.",
            "en",
        );
        let b = article(
            2,
            "B",
            "Innenminister Tomas Velder sagte, zwölf Menschen seien ums Leben gekommen. Velder ging. 1.800 Menschen wurden evakuiert.",
            "de",
        );
        let d = disagreements(&[a, b]);
        let kinds: Vec<(&str, &str)> = d.iter().map(|d| (d.kind.as_str(), d.subject.as_str())).collect();
        assert_eq!(kinds, vec![("number", "dead"), ("title", "Tomas Velder")], "{d:?}");
    }

    #[test]
    fn amounts_in_any_notation_agree() {
        let a = article(1, "A", "The council approved $2.4m in funding for repairs.", "en");
        let b = article(2, "B", "Le conseil a voté un budget de 2,4 millions de dollars.", "fr");
        let c = article(3, "C", "The fine was €48 million.", "en");
        let d = article(4, "D", "La multa fue de 84 millones de euros.", "es");
        assert!(disagreements(&[a, b]).is_empty());
        let x = disagreements(&[c, d]);
        assert_eq!((x.len(), x[0].subject.as_str()), (1, "fine (EUR)"), "{x:?}");
    }

    #[test]
    fn votes() {
        let a = article(1, "A", "The board voted 5-2 to cut the rate.", "en");
        let b = article(2, "B", "Der Rat entschied mit sechs zu einer Stimme.", "de");
        let d = disagreements(&[a, b]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].sides.len(), 2);
    }

    fn values(text: &str, lang: &str) -> Vec<(String, String)> {
        let found = crate::entities(text, Some(lang));
        claims(text, Some(lang), &found, None).into_iter().map(|c| (c.subject, c.value)).collect()
    }

    #[test]
    fn titles_across_a_genitive_and_in_a_clause() {
        let v = values("Президент Тарвании Аркадий Ломтев заявил в среду. Через Тарвании газ. Ломтев сказал.", "ru");
        assert!(v.contains(&("Аркадий Ломтев".into(), "president".into())), "{v:?}");
        let v = values(
            "\"Chiederemo lo stato\", ha annunciato il presidente della Regione, Lorenzo Battaglini, dopo. Battaglini ha detto.",
            "it",
        );
        assert!(v.contains(&("Lorenzo Battaglini".into(), "president".into())), "{v:?}");
        let v = values("Sanayi ve Teknoloji Bakanı Hakan Demirsoy açıkladı. Demirsoy salı günü dedi.", "tr");
        assert!(v.contains(&("Hakan Demirsoy".into(), "industry minister".into())), "{v:?}");
        let v = values("Kültür Bakanı Ayla Sezer açıkladı. Sezer dedi.", "tr");
        assert!(v.contains(&("Ayla Sezer".into(), "culture minister".into())), "{v:?}");
        let v = values("Gençlik ve Spor Bakanı Ayla Sezer açıkladı. Sezer dedi.", "tr");
        assert!(v.contains(&("Ayla Sezer".into(), "minister:tr:genclik ve spor".into())), "{v:?}");
    }

    #[test]
    fn counts_after_a_link_word() {
        let v = values("O fogo consumiu 3.200 hectares de mato e obrigou à retirada de 1.800 moradores.", "pt");
        assert!(v.contains(&("evacuated".into(), "1800".into())), "{v:?}");
        assert!(v.contains(&("area burned (ha)".into(), "3200".into())), "{v:?}");
    }
}
