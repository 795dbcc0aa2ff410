//! Quotes: who said what.
//!
//! Direct quotes are spans between matching quotation marks of any common style (“” „“ «» 「」
//! "" ‹› ‘’) of at least [`MIN_QUOTE_WORDS`] words (scare quotes and titles are shorter).
//! Reported speech is a sentence where a speaker and a reporting verb introduce a clause
//! ("Marshall said police would…", "X erklärte, dass …", "X a affirmé que …") or follow it
//! ("…, the Bureau of Meteorology said.").
//!
//! The speaker of a direct quote is looked for, in order: after the quote in the same sentence
//! next to a reporting verb ("…,” Larijani said", "», a déclaré la maire, Irena Castelli");
//! before it in the same sentence (with a verb or a colon: "Larijani said Trump …“…”",
//! "O presidente, Rui Catarino, declarou: “…”"); else the speaker of the quote before in the
//! same or the previous paragraph, or the person mentioned last. Speakers are the names
//! [`crate::entities`] finds (so "Die Proteste" opening a sentence is never a speaker); a
//! pronoun ("he said") is the person mentioned last; a surname is the full name used elsewhere.

use std::sync::LazyLock;

use regex::Regex;

use crate::entities::{FoundEntity, entities};
use crate::roles::norm;

/// Shorter quoted spans are scare quotes or titles, not statements.
pub const MIN_QUOTE_WORDS: usize = 4;

/// A quote with its speaker, as found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundQuote {
    pub text: String,
    pub speaker: Option<String>,
    /// Reported speech (no quotation marks).
    pub reported: bool,
}

const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('„', '“'),
    ('„', '”'),
    ('«', '»'),
    ('»', '«'),
    ('「', '」'),
    ('『', '』'),
    ('"', '"'),
    ('‹', '›'),
    ('”', '”'),
    ('‘', '’'),
];

/// Reporting verbs, folded; a word matches when it equals one (or, for forms ending in `*`,
/// starts with it).
#[rustfmt::skip]
const VERBS: &[&str] = &[
    // en
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "wrote", "writes", "explained", "noted",
    "insisted", "warned", "argued", "claimed", "declared", "announced", "stressed", "replied", "confirmed",
    "acknowledged", "admitted", "admits", "acknowledges", "notes", "explains", "insists", "warns", "argues", "claims", "recalled", "commented", "concluded", "tweeted", "posted", "urged",
    "emphasised", "emphasized", "asserted", "maintained", "predicted", "vowed", "reiterated", "revealed",
    "according",
    // de
    "sagte", "sagt", "sagten", "erklarte", "erklart", "betonte", "betont", "schrieb", "schreibt", "meinte", "meint",
    "fugte", "sprach", "spricht", "warnte", "warnt", "kritisierte", "forderte", "fordert", "so", "aussert",
    "ausserte", "bekraftigte", "unterstrich", "erganzte", "kundigte", "teilte", "zitiert", "berichtete", "mahnte",
    "verwies", "sagt", "bilanzierte", "resumierte", "lobte",
    // fr
    "declare", "dit", "affirme", "ajoute", "explique", "souligne", "estime", "indique", "assure", "confie",
    "annonce", "selon", "raconte", "poursuit", "precise", "insiste", "martele", "lance", "reconnait", "temoigne",
    "rappelle", "regrette", "denonce", "affirmait", "expliquait", "a-t-il", "a-t-elle", "ecrit", "confirme",
    "avertit", "averti", "deplore", "constate", "reclame", "proclame", "ironise", "tranche", "juge", "plaide",
    "glisse", "souffle", "lache", "admet", "avoue", "reconnu", "s'inquiete", "estimait", "jugeait", "dit", "previent", "prevenu", "reagi", "reagit", "conclut", "observe", "resume", "commente",
    // es
    "dijo", "afirmo", "declaro", "senalo", "explico", "anadio", "aseguro", "indico", "apunto", "comento", "sostuvo",
    "advirtio", "destaco", "subrayo", "manifesto", "expreso", "agrego", "segun", "dice", "afirma", "asegura",
    "explica", "senala", "anade", "reconocio", "insistio", "recalco", "admitio", "escribio", "preciso",
    // it
    "detto", "dichiarato", "affermato", "spiegato", "aggiunto", "sottolineato", "annunciato", "commentato", "dice",
    "afferma", "spiega", "aggiunge", "secondo", "cosi", "ribadito", "osservato", "precisato", "scritto",
    "assicurato", "dichiara", "sottolinea", "racconta", "raccontato", "avvertito",
    // pt
    "disse", "afirmou", "declarou", "explicou", "acrescentou", "sublinhou", "garantiu", "referiu", "adiantou",
    "sustentou", "salientou", "destacou", "diz", "segundo", "defendeu", "admitiu", "frisou", "considerou",
    "escreveu", "alertou", "reconheceu", "lembrou", "afirmaram",
    // nl
    "zei", "zegt", "verklaarde", "schreef", "benadrukte", "voegde", "liet", "aldus", "stelde", "legde",
    "waarschuwde", "vertelde", "vertelt", "meldde", "benadrukt", "erkende", "reageerde",
    // sv
    "sade", "sa", "sager", "skrev", "forklarade", "betonade", "tillade", "konstaterade", "uppgav", "meddelade",
    "enligt", "berattar", "berattade", "framholl", "menar", "menade", "understrok", "varnade", "skriver",
    "forklarar", "uppger",
    // ru
    "сказал", "сказала", "заявил", "заявила", "отметил", "отметила", "подчеркнул", "подчеркнула", "сообщил",
    "сообщила", "добавил", "добавила", "пояснил", "пояснила", "говорит", "считает", "цитирует", "написал",
    "написала", "признал", "признала", "уточнил", "уточнила", "рассказал", "рассказала", "словам", "заявляет",
    // pl
    "powiedzial", "powiedziala", "stwierdzil", "stwierdzila", "podkreslil", "podkreslila", "dodal", "dodala",
    "oswiadczyl", "oswiadczyla", "zaznaczyl", "zaznaczyla", "mowi", "napisal", "napisala", "zapowiedzial", "ocenil",
    "ocenila", "przekonywal",
    // tr
    "dedi", "diye", "soyledi", "acikladi", "belirtti", "kaydetti", "vurguladi", "konustu", "ekledi", "bildirdi",
    "getirdi", "kullandi", "duyurdu", "anlatti", "hatirlatti", "uyardi", "savundu", "aktardi", "ifade", "soyluyor", "diyor", "dile", "sozlerine",
    // ar
    "قال", "وقال", "قالت", "وقالت", "أضاف", "وأضاف", "أضافت", "وأضافت", "أكد", "وأكد", "أكدت", "وأكدت", "أوضح",
    "وأوضح", "صرح", "وصرح", "أعلن", "وأعلن", "مشيرا", "مضيفا", "قائلا", "تابع", "وتابع", "اعتبر", "واعتبر", "شدد",
    "وشدد", "كتب", "وكتب", "بحسب", "وفق", "يقول", "ويقول", "أشار", "وأشار", "لفت", "ولفت", "موضحا", "مؤكدا",
    // zh
    "表示", "说", "称", "指出", "强调", "认为", "透露", "介绍", "告诉", "说道", "坦言", "宣布", "表明",
];

/// Words that introduce a reported clause after the verb.
const THAT: &[&str] =
    &["that", "dass", "que", "qu", "che", "att", "dat", "что", "чтобы", "ze", "że", "أن", "إن", "بأن"];

#[rustfmt::skip]
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "er", "sie", "il", "elle", "ils", "elles", "el", "ella", "ele", "ela", "lui", "lei", "hij",
    "zij", "ze", "han", "hon", "de", "он", "она", "они", "on", "ona", "o", "حيث",
];

fn is_verb(w: &str) -> bool {
    // French inversion: "estime-t-il", "a-t-elle ajouté", "dit-elle".
    let w = ["-t-il", "-t-elle", "-t-on", "-il", "-elle", "-ils", "-elles"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    VERBS.contains(&w)
}

/// A word with its byte range.
struct W {
    start: usize,
    end: usize,
    folded: String,
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[[\p{L}\p{M}\p{N}'’\-]&&[^\p{Han}]]+|\p{Han}").expect("regex"));

/// Reporting verbs written in Han script, found as substrings (Chinese has no spaces).
const HAN_VERBS: &[&str] =
    &["表示", "指出", "强调", "认为", "透露", "介绍", "告诉", "说道", "坦言", "宣布", "表明", "称", "说"];

/// Chinese pronouns (a pronoun subject makes the speaker the one before).
const HAN_PRONOUNS: &[&str] = &["他们", "她们", "他", "她"];

/// The first reporting verb in `text[from..to]`: its byte range.
fn find_verb(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let part = &text[from..to];
    let word = words(part).into_iter().find(|w| is_verb(&w.folded)).map(|w| (from + w.start, from + w.end));
    let han = HAN_VERBS.iter().filter_map(|v| part.find(v).map(|i| (from + i, from + i + v.len()))).min();
    match (word, han) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Common Chinese surnames (one character).
const HAN_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤习";

/// Han titles and roles that stand right before a person's name ("市长林志远", "村民王秀英").
const HAN_TITLES: &[&str] = &[
    "市长",
    "局长",
    "部长",
    "总统",
    "总理",
    "主席",
    "发言人",
    "董事长",
    "总裁",
    "经理",
    "主教练",
    "教练",
    "主任",
    "院长",
    "校长",
    "省长",
    "县长",
    "会长",
    "秘书长",
    "村民",
    "居民",
    "记者",
    "专家",
    "负责人",
    "创始人",
    "首席执行官",
    "队长",
    "厅长",
    "处长",
    "书记",
    "议员",
    "大使",
    "法官",
    "警官",
    "医生",
    "教授",
    "作家",
    "导演",
    "选手",
    "球员",
];

/// Characters that do not end a Chinese given name (function words, time words, verbs of saying).
const HAN_NOT_NAME: &str = "在表说称周的是于和与对将已被把为从到今昨明年月日指强认透介告宣也都就";

/// Chinese names after a title: a common surname and two characters (one when the second would
/// be a function word): "市长林志远周二…" → 林志远.
fn han_titled(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for t in HAN_TITLES {
        for (i, _) in text.match_indices(t) {
            let at = i + t.len();
            let chars: Vec<(usize, char)> = text[at..].char_indices().take(3).collect();
            let Some(&(_, sn)) = chars.first() else { continue };
            if !HAN_SURNAMES.contains(sn) {
                continue;
            }
            let given = chars[1..].iter().take_while(|(_, c)| is_han(*c) && !HAN_NOT_NAME.contains(*c)).count();
            if given == 0 {
                continue;
            }
            let (j, last) = chars[given];
            let end = at + j + last.len_utf8();
            let name = text[at..end].to_string();
            out.push(Mention { start: at, end, name, person: true, sure: true, governed: false });
        }
    }
    // Later mentions of the same name.
    let names: Vec<String> = out.iter().map(|m| m.name.clone()).collect();
    for n in names {
        for (i, _) in text.match_indices(n.as_str()) {
            if !out.iter().any(|m| m.start == i) {
                out.push(Mention {
                    start: i,
                    end: i + n.len(),
                    name: n.clone(),
                    person: true,
                    sure: true,
                    governed: false,
                });
            }
        }
    }
    out
}

/// Arabic titles and occupations that stand right before a name ("الروائية سمر الخوري").
const ARABIC_TITLES: &[&str] = &[
    "الرئيس",
    "الرئيسة",
    "رئيس",
    "رئيسة",
    "الوزير",
    "الوزيرة",
    "وزير",
    "وزيرة",
    "المتحدث",
    "المتحدثة",
    "الروائي",
    "الروائية",
    "الكاتب",
    "الكاتبة",
    "المدير",
    "المديرة",
    "مدير",
    "مديرة",
    "الدكتور",
    "الدكتورة",
    "الطبيب",
    "الطبيبة",
    "المهندس",
    "المهندسة",
    "اللاعب",
    "اللاعبة",
    "المدرب",
    "النائب",
    "النائبة",
    "السفير",
    "السفيرة",
    "المحافظ",
    "العمدة",
    "الشيخ",
    "السيد",
    "السيدة",
    "الأمين",
    "الفنان",
    "الفنانة",
    "الممثل",
    "الممثلة",
    "المخرج",
    "الصحفي",
    "الصحفية",
    "الخبير",
    "الخبيرة",
    "الباحث",
    "الباحثة",
    "الأستاذ",
    "الأستاذة",
    "القائد",
    "اللواء",
    "العميد",
    "المواطن",
    "المواطنة",
    "الناشط",
    "الناشطة",
    "المحامي",
    "المحامية",
    "القاضي",
];

/// Person names after an Arabic title: the next two words, the first without the article,
/// neither a function word ("الروائية سمر الخوري" → سمر الخوري).
fn arabic_titled(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> =
        text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    for (k, (_, w)) in words.iter().enumerate() {
        if !ARABIC_TITLES.contains(w) {
            continue;
        }
        let (Some(&(a, w1)), Some(&(b, w2))) = (words.get(k + 1), words.get(k + 2)) else { continue };
        let clean = |x: &str| x.trim_end_matches(['،', ',', '.', ':', '؛']).len();
        let arabic = |x: &str| x.chars().all(|c| matches!(c as u32, 0x0600..=0x06FF));
        if w1.starts_with("ال") || !arabic(&w1[..clean(w1)]) || ARABIC_NOT_NAMES.contains(&&w1[..clean(w1)]) {
            continue;
        }
        // One word when it ends a phrase ("قال الوزير سليم،"), else two.
        let end = if clean(w1) < w1.len() || ARABIC_NOT_NAMES.contains(&&w2[..clean(w2)]) || !arabic(&w2[..clean(w2)]) {
            a + clean(w1)
        } else {
            b + clean(w2)
        };
        out.push(Mention { start: a, end, name: text[a..end].to_string(), person: true, sure: true, governed: false });
    }
    out
}

/// A Chinese name right before a verb ("局长陈建国说", "村民王秀英告诉记者"): a common surname
/// and one or two characters.
fn han_name_before(para: &str, from: usize, vpos: usize) -> Option<String> {
    let before: Vec<char> = para[from..vpos].chars().rev().take(3).collect();
    if before.iter().any(|c| !is_han(*c)) || HAN_PRONOUNS.iter().any(|p| para[from..vpos].ends_with(p)) {
        return None;
    }
    for n in [3, 2] {
        if before.len() >= n && HAN_SURNAMES.contains(before[n - 1]) {
            return Some(before[..n].iter().rev().collect());
        }
    }
    None
}

/// Arabic words that are not names after a reporting verb.
const ARABIC_NOT_NAMES: &[&str] = &[
    "إن",
    "أن",
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "مع",
    "لـ",
    "له",
    "لها",
    "إنه",
    "إنها",
    "أنه",
    "أنها",
    "بأن",
    "ل",
    "هو",
    "هي",
    "قد",
    "كما",
    "أيضا",
    "أمس",
    "اليوم",
];

/// The speaker named right after an Arabic reporting verb ("وقال الحداد:"), as its fullest
/// form in the text ("سليم الحداد"), skipping title words ("وقال وزير الإعلام معمر الإرياني").
fn arabic_name_after(para: &str, vend: usize, to: usize) -> Option<String> {
    if !para[..vend].chars().next_back().is_some_and(|c| matches!(c as u32, 0x0600..=0x06FF)) {
        return None;
    }
    let rest = &para[vend..to];
    let clause = rest.split([':', '،', ',', '«', '"', '.', '؛']).next()?;
    let words: Vec<&str> = clause.split_whitespace().collect();
    let titled = words.iter().take_while(|w| crate::roles::is_title_word(w)).count();
    let name: Vec<&str> =
        words.iter().skip(titled).take_while(|w| !ARABIC_NOT_NAMES.contains(w)).take(2).copied().collect();
    if name.is_empty() || name.len() + titled < words.len().min(titled + 2) && words.len() > titled + 2 {
        return None;
    }
    let name = name.join(" ");
    // The fullest form used before: "سليم الحداد" for "الحداد".
    if !name.contains(' ')
        && let Some(i) = para.find(&format!(" {name}"))
    {
        let prev = para[..i].split_whitespace().next_back().unwrap_or("");
        if !prev.is_empty()
            && !prev.starts_with("ال")
            && !ARABIC_NOT_NAMES.contains(&prev)
            && !crate::roles::is_title_word(prev)
            && prev.chars().all(char::is_alphabetic)
        {
            return Some(format!("{prev} {name}"));
        }
    }
    Some(name)
}

/// The char boundary at or after byte `i`.
fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn words(text: &str) -> Vec<W> {
    WORD.find_iter(text).map(|m| W { start: m.start(), end: m.end(), folded: norm(m.as_str()) }).collect()
}

/// A name mentioned at a byte range, and the entity it names (its display name).
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    name: String,
    person: bool,
    /// A person by evidence (title, surname alone), not only by the shape of the name.
    sure: bool,
    /// After a preposition ("of Harlow Springs", "delle Dolomiti Orientali"): not a subject.
    governed: bool,
}

/// Prepositions before a name that make it a complement, not a speaker.
#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "from", "for", "with", "by", "on", "to", "von", "vom", "im", "in", "aus", "bei", "mit", "fur",
    "der", "des", "de", "du", "des", "la", "le", "en", "a", "au", "aux", "del", "della", "delle", "dei", "degli",
    "di", "da", "nel", "nella", "do", "da", "dos", "das", "no", "na", "em", "van", "het", "i", "pa", "av", "med",
    "för", "for", "в", "во", "на", "из", "с", "о", "об", "w", "z", "na", "o", "od",
];

/// Every mention of every entity found in `text`: full names, and surnames of people.
fn mentions(text: &str, found: &[FoundEntity]) -> Vec<Mention> {
    // (start, end, entity index) of every occurrence; then the longest wins where they overlap.
    let mut cands: Vec<(usize, usize, usize)> = Vec::new();
    for (k, e) in found.iter().enumerate() {
        let mut forms: Vec<&str> = vec![e.name.as_str()];
        if e.kind == "person"
            && let Some(last) = e.name.split_whitespace().last()
        {
            forms.push(last);
        }
        for form in forms {
            for (i, _) in text.match_indices(form) {
                let end = i + form.len();
                let before_ok = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                // Allow an inflection ending ("Larijanis", "Ломтева").
                let tail: usize =
                    text[end..].chars().take_while(|c| c.is_alphabetic()).take(3).map(char::len_utf8).sum();
                if !before_ok || text[end..end + tail].chars().count() > 2 {
                    continue;
                }
                cands.push((i, end + tail, k));
            }
        }
    }
    cands.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<Mention> = Vec::new();
    for (i, end, k) in cands {
        if out.last().is_some_and(|m| i < m.end) {
            continue;
        }
        let e = &found[k];
        let person = e.kind == "person";
        let prev = text[..i].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        let governed = PREPOSITIONS.contains(&norm(prev).as_str());
        out.push(Mention { start: i, end, name: e.name.clone(), person, sure: person && e.sure, governed });
    }
    out
}

/// A quoted span: byte range (open start, close end) and inner text.
type Span<'a> = (usize, usize, &'a str);

/// The quoted spans of a paragraph.
fn spans(para: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < para.len() {
        let Some(c) = para[i..].chars().next() else { break };
        let open_end = i + c.len_utf8();
        // An apostrophe inside a word is not a quote ("don’t", "l’école").
        let in_word = matches!(c, '‘' | '’' | '\'') && para[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        if !in_word
            && let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c)
            && let Some(rel) = find_close(&para[open_end..], close)
        {
            let inner = &para[open_end..open_end + rel];
            let end = open_end + rel + close.len_utf8();
            if !inner.trim().is_empty() && !inner.contains('\n') {
                out.push((i, end, inner));
                i = end;
                continue;
            }
        }
        i = open_end;
    }
    out
}

/// The closing mark, skipping apostrophes inside words when the mark is ’.
fn find_close(s: &str, close: char) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = s[from..].find(close) {
        let at = from + rel;
        let after = s[at + close.len_utf8()..].chars().next();
        if close == '’' && after.is_some_and(char::is_alphabetic) {
            from = at + close.len_utf8();
            continue;
        }
        return Some(at);
    }
    None
}

/// Sentence boundaries of `para` outside quotes: byte offsets where sentences start.
fn sentence_starts(para: &str, quoted: &[Span<'_>]) -> Vec<usize> {
    let mut out = vec![0];
    let it = para.char_indices();
    for (i, c) in it {
        if quoted.iter().any(|(s, e, _)| *s <= i && i < *e) {
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '؟') {
            let rest = &para[i + c.len_utf8()..];
            let next = rest.trim_start().chars().next();
            let cjk = matches!(c, '。' | '！' | '？');
            if cjk || (rest.starts_with(char::is_whitespace) && next.is_some_and(|n| !n.is_lowercase())) {
                let skip = rest.len() - rest.trim_start().len();
                out.push(i + c.len_utf8() + skip);
            }
        }
    }
    out
}

/// The name mention nearest a reporting verb in `para[from..to]`, or a pronoun there
/// (`Some(None)`).
fn speaker_near_verb(para: &str, from: usize, to: usize, ms: &[Mention], prefer_first: bool) -> Option<Option<String>> {
    let (vpos, vend) = find_verb(para, from, to)?;
    let all: Vec<&Mention> = ms.iter().filter(|m| m.start >= from && m.end <= to).collect();
    // People first; another name only right next to the verb ("the CSU said", "so die CDU").
    let sure: Vec<&Mention> = all.iter().filter(|m| m.sure).copied().collect();
    let people: Vec<&Mention> = if sure.is_empty() { all.iter().filter(|m| m.person).copied().collect() } else { sure };
    let adjacent: Vec<&Mention> = all
        .iter()
        .filter(|m| {
            let gap = if m.end <= vpos { &para[m.end..vpos] } else { &para[vend.min(m.start)..m.start] };
            gap.split_whitespace().count() <= 1 && !gap.contains([',', '.', ';'])
        })
        .copied()
        .collect();
    let inside = if people.is_empty() { adjacent } else { people };
    let pick = if prefer_first {
        // After a quote: the name of the attribution nearest the verb ("…,” Larijani said").
        inside.iter().min_by_key(|m| m.start.abs_diff(vpos)).copied()
    } else {
        // Before a quote: the subject, the name nearest before the verb, else nearest after.
        inside
            .iter()
            .filter(|m| m.end <= vpos)
            .max_by_key(|m| m.end)
            .or_else(|| inside.iter().min_by_key(|m| m.start))
            .copied()
    };
    if let Some(m) = pick {
        return Some(Some(m.name.clone()));
    }
    if let Some(name) = han_name_before(para, from, vpos).or_else(|| arabic_name_after(para, vend, to)) {
        return Some(Some(name));
    }
    // A pronoun next to the verb, or a verb that carries its subject (Arabic "وقالت", Chinese
    // "他说"): the speaker is the one before.
    let around =
        &para[crate::floor_char_boundary(para, vpos.saturating_sub(24))..ceil(para, (vend + 24).min(para.len()))];
    let near = words(around).iter().any(|w| PRONOUNS.contains(&w.folded.as_str()))
        || HAN_PRONOUNS.iter().any(|p| around.contains(p))
        || para[vpos..vend].chars().next().is_some_and(|c| matches!(c as u32, 0x0600..=0x06FF));
    near.then_some(None)
}

/// The last person mentioned before byte `at` of `text`.
fn last_mentioned(ms: &[Mention], at: usize) -> Option<String> {
    ms.iter()
        .rfind(|m| m.end <= at && m.sure)
        .or_else(|| ms.iter().rfind(|m| m.end <= at && m.person && !m.governed))
        .map(|m| m.name.clone())
}

/// Finds the quotes in `text`, an article in language `lang` (paragraphs separated by blank
/// lines).
pub fn quotes(text: &str, lang: Option<&str>) -> Vec<FoundQuote> {
    let found = entities(text, lang);
    quotes_with(text, lang, &found)
}

/// [`quotes`] with the entities already found in the same text.
pub fn quotes_with(text: &str, _lang: Option<&str>, found: &[FoundEntity]) -> Vec<FoundQuote> {
    let text = crate::capped(text);
    // Quoted spans of each paragraph, and the paragraph's byte offset.
    let mut paras: Vec<(usize, &str, Vec<Span<'_>>)> = Vec::new();
    let mut off = 0;
    for para in text.split("\n\n") {
        paras.push((off, para, spans(para)));
        off += para.len() + 2;
    }
    // Names inside quotes are said, not sayers.
    let quoted_ranges: Vec<(usize, usize)> =
        paras.iter().flat_map(|(off, _, q)| q.iter().map(move |(s, e, _)| (off + s, off + e))).collect();
    let mut ms: Vec<Mention> = mentions(text, found);
    let extra: Vec<Mention> = han_titled(text)
        .into_iter()
        .chain(arabic_titled(text))
        .filter(|h| !ms.iter().any(|m| m.start < h.end && h.start < m.end))
        .collect();
    ms.extend(extra);
    ms.sort_by_key(|m| m.start);
    let ms: Vec<Mention> =
        ms.into_iter().filter(|m| !quoted_ranges.iter().any(|&(s, e)| s <= m.start && m.end <= e)).collect();
    let mut out: Vec<FoundQuote> = Vec::new();
    let mut last_speaker: Option<(String, usize)> = None; // speaker, paragraph index
    for (pi, (base, para, quoted)) in paras.iter().enumerate() {
        let (base, para, quoted) = (*base, *para, quoted.as_slice());
        let local: Vec<Mention> = ms
            .iter()
            .filter(|m| m.start >= base && m.end <= base + para.len())
            .map(|m| Mention { start: m.start - base, end: m.end - base, ..m.clone() })
            .collect();
        let starts = sentence_starts(para, quoted);
        let sentence_of = |at: usize| -> (usize, usize) {
            let s = starts.iter().rev().find(|&&s| s <= at).copied().unwrap_or(0);
            let e = starts.iter().find(|&&s| s > at).copied().unwrap_or(para.len());
            (s, e)
        };
        for (qi, &(start, end, inner)) in quoted.iter().enumerate() {
            let n_words = inner.split_whitespace().count().max(inner.chars().filter(|c| is_han(*c)).count() / 2);
            let (s, e) = sentence_of(start);
            let (_, e_end) = sentence_of(end.saturating_sub(1));
            let e = e.max(e_end);
            // After: up to the sentence end or the next quote.
            let next_open = quoted.get(qi + 1).map_or(para.len(), |q| q.0);
            let after_to = e.min(next_open).max(end);
            let after = speaker_near_verb(para, end, after_to, &local, true);
            // Before: from the sentence start or the previous quote.
            let prev_close = if qi > 0 { quoted[qi - 1].1 } else { 0 };
            let before_from = s.max(prev_close).min(start);
            let colon = para[before_from..start].trim_end().ends_with([':', '：', '–', '—']);
            let before = speaker_near_verb(para, before_from, start, &local, false).or_else(|| {
                colon.then(|| {
                    local.iter().filter(|m| m.start >= before_from && m.end <= start).map(|m| m.name.clone()).next()
                })
            });
            // An attribution inside the quote ("« …, a averti la préfète Claire Dumas, et … »").
            let inside = if after.is_none() && before.is_none() {
                let inner_ms: Vec<Mention> = mentions(inner, found);
                let start_inner = start + para[start..].chars().next().map_or(1, char::len_utf8);
                speaker_near_verb(inner, 0, inner.len(), &inner_ms, true)
                    .filter(|s| s.is_some())
                    .filter(|_| start_inner <= end)
            } else {
                None
            };
            let after = after.or(inside);
            let attributed = after.is_some() || before.is_some();
            if n_words < MIN_QUOTE_WORDS && !(attributed && n_words >= 3) {
                continue;
            }
            // A name or a title in quotes ("Operation True Promise 4") is not a statement.
            if inner
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
            {
                continue;
            }
            // No attribution: the person the sentence is about ("Foreign Minister Abbas
            // Araghchi sent a letter … decrying it as a “cowardly act of terror”").
            let subject = (after.is_none() && before.is_none())
                .then(|| {
                    local
                        .iter()
                        .filter(|m| m.start >= s && m.end <= start && m.person && !m.governed)
                        .min_by_key(|m| (!m.sure, m.start))
                        .map(|m| m.name.clone())
                })
                .flatten();
            let speaker = match after.or(before).or(subject.map(Some)) {
                Some(Some(name)) => Some(name),
                // A pronoun, or nothing: the speaker before (same or previous paragraph), else
                // the person mentioned last.
                _ => last_speaker
                    .as_ref()
                    .filter(|(_, p)| pi <= p + 1)
                    .map(|(n, _)| n.clone())
                    .or_else(|| last_mentioned(&ms, base + start)),
            };
            if let Some(sp) = &speaker {
                last_speaker = Some((sp.clone(), pi));
            }
            let text = inner.trim().trim_end_matches([',', '،', '、']).to_string();
            out.push(FoundQuote { text, speaker, reported: false });
        }
        // Reported speech: sentences, or what follows the last quote of a sentence ("“…”
        // diyen Serkan Yılmaz, takımın kadrosuna güvendiğini belirtti").
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(para.len());
            let inside: Vec<&Span<'_>> = quoted.iter().filter(|(qs, qe, _)| *qs >= s && *qe <= e).collect();
            // Before the first quote of the sentence: "X a indiqué qu'il allait réunir …, «…»".
            if let Some(first) = inside.first()
                && let Some((speaker, clause)) = reported(para, s, first.0, &local, &ms, base, false)
                && clause.split_whitespace().count() >= 4
            {
                out.push(FoundQuote { text: clause, speaker, reported: true });
            }
            let after_quote = inside.iter().map(|q| q.1).max();
            let s = after_quote.unwrap_or(s);
            if quoted.iter().any(|(qs, qe, _)| *qs < e && *qe > s) {
                continue;
            }
            if let Some((speaker, clause)) = reported(para, s, e, &local, &ms, base, after_quote.is_some()) {
                if let Some(sp) = &speaker {
                    last_speaker = Some((sp.clone(), pi));
                }
                out.push(FoundQuote { text: clause, speaker, reported: true });
            }
        }
    }
    out
}

/// Words in a clause; for Chinese, characters by two.
fn clause_len(s: &str) -> usize {
    s.split_whitespace().count().max(s.chars().filter(|c| is_han(*c)).count() / 2)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// "NAME said (that) CLAUSE" or "CLAUSE, NAME said": the speaker and the clause.
fn reported(
    para: &str,
    s: usize,
    e: usize,
    local: &[Mention],
    all: &[Mention],
    base: usize,
    after_quote: bool,
) -> Option<(Option<String>, String)> {
    let sentence = &para[s..e];
    let ws = words(sentence);
    let word_verb = ws.iter().position(|w| is_verb(&w.folded) && w.folded != "so" && w.folded != "according");
    let han_verb = HAN_VERBS.iter().filter_map(|v| sentence.find(v).map(|i| (s + i, s + i + v.len()))).min();
    let (verb, vstart, vend) = match (word_verb, han_verb) {
        (Some(v), Some((a, _))) if s + ws[v].start <= a => (v, s + ws[v].start, s + ws[v].end),
        (_, Some((a, b))) => (ws.iter().position(|w| s + w.start >= a)?, a, b),
        (Some(v), None) => (v, s + ws[v].start, s + ws[v].end),
        (None, None) => return None,
    };
    let in_sentence: Vec<&Mention> = local.iter().filter(|m| m.start >= s && m.end <= e).collect();
    // Subject before the verb: a person by evidence first, then a person, then a name next to it.
    let before_verb: Vec<&&Mention> = in_sentence.iter().filter(|m| m.end <= vstart && !m.governed).collect();
    let subject = before_verb
        .iter()
        .filter(|m| m.sure)
        .max_by_key(|m| m.end)
        .or_else(|| before_verb.iter().filter(|m| m.person && vstart - m.end <= 60).max_by_key(|m| m.end))
        .or_else(|| before_verb.iter().filter(|m| vstart - m.end <= 3).max_by_key(|m| m.end))
        .map(|m| **m);
    // A pronoun up to two words before the verb ("Он также сообщил", "Il a précisé"), or a
    // title standing for the person named before ("The Attorney General also said that").
    let pronoun = ws[verb.saturating_sub(3)..verb]
        .iter()
        .any(|w| PRONOUNS.contains(&w.folded.as_str()) || crate::roles::is_title_word(&w.folded));
    let trim = |c: &str| {
        c.trim()
            .trim_start_matches(['，', '：', ',', ':'])
            .trim_end_matches(['.', '!', '?', ',', '。'])
            .trim()
            .to_string()
    };
    if subject.is_some() || pronoun {
        // The clause after the verb, after "that" when there is one within two words.
        let mut k = verb + 1;
        let is_that = |w: &str| THAT.contains(&w) || w.starts_with("qu'") || w.starts_with("qu’");
        while k < ws.len() && k <= verb + 2 && !is_that(&ws[k].folded) {
            k += 1;
        }
        let that = k < ws.len() && is_that(&ws[k].folded);
        // "qu'il allait …": the clause starts after the elided "qu'".
        let from = match ws.get(k).filter(|_| that) {
            Some(w) if w.folded.starts_with("qu") && w.folded.len() > 3 => {
                let raw = &para[s + w.start..s + w.end];
                s + w.start + raw.find(['\'', '’']).map_or(0, |i| i + raw[i..].chars().next().map_or(1, char::len_utf8))
            }
            Some(w) => s + w.end,
            None => vend,
        };
        // After a quote, "he wrote in a post on Monday" is an attribution, not a clause.
        let mut clause = if after_quote && !that { String::new() } else { trim(&para[from..e]) };
        // Verb-final languages (tr): "Mehmet Aydoğan, ilçede … açılacağını açıkladı."
        if clause_len(&clause) < 3
            && let Some(m) = subject
        {
            clause = trim(para[m.end..vstart].trim_start_matches([',', ' ', '\'', '’']));
        }
        if clause_len(&clause) >= 3 {
            let speaker = match subject {
                Some(m) => Some(m.name.clone()),
                None => last_mentioned(all, base + s),
            };
            return Some((speaker, clause));
        }
    }
    // "CLAUSE, NAME said." / "CLAUSE, said NAME."
    let comma = para[s..vstart].rfind(',').map(|i| s + i)?;
    let tail_mention = in_sentence.iter().find(|m| m.start > comma);
    let clause = trim(&para[s..comma]);
    if let Some(m) = tail_mention
        && clause.split_whitespace().count() >= 4
        && e - vend < 60
    {
        return Some((Some(m.name.clone()), clause));
    }
    // "CLAUSE, the bureau said." / "CLAUSE, sagte die Abgeordnete." / "CLAUSE, souligne-t-elle.":
    // the speaker is the one named before.
    let tail = &para[comma..e];
    if clause.split_whitespace().count() >= 4 && tail.split_whitespace().count() <= 8 && !after_quote {
        return Some((last_mentioned(all, base + s), clause));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, lang: &str) -> Vec<(String, Option<String>)> {
        quotes(text, Some(lang)).into_iter().map(|q| (q.text, q.speaker)).collect()
    }

    #[test]
    fn attributes_direct_quotes() {
        let t = "The secretary, Ali Larijani, refuted the reports.\n\n\
            “We will not negotiate with the United States,” he wrote in a post on Monday.\n\n\
            “It is a cowardly act of terror,” Abbas Araghchi said. Araghchi left.\n\n\
            Der Minister Tomas Velder sagte: „Wir werden die Brücke wieder aufbauen.“ Velder ging.\n\n\
            « C'est le matin le plus sombre de notre histoire », a déclaré la maire, Irena Castelli. Castelli pleure.";
        let got = q(t, "en");
        let speakers: Vec<Option<&str>> = got.iter().filter(|q| !q.0.is_empty()).map(|q| q.1.as_deref()).collect();
        assert_eq!(got[0].0, "We will not negotiate with the United States");
        assert_eq!(
            &speakers[..4],
            [Some("Ali Larijani"), Some("Abbas Araghchi"), Some("Tomas Velder"), Some("Irena Castelli")],
            "{got:?}"
        );
    }

    #[test]
    fn sentence_openers_are_not_speakers() {
        let t = "Gyde Jensen sprach in Berlin. Die Proteste gehen weiter. „Die Regierung muss jetzt handeln und zuhören“, sagte sie.";
        let got = q(t, "de");
        assert_eq!(got[0].1.as_deref(), Some("Gyde Jensen"), "{got:?}");
    }

    #[test]
    fn reported_speech() {
        let t =
            "Dale Marshall spoke on Monday. Marshall said police officers would also stop reporting minor offences.";
        let got = quotes(t, Some("en"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("Dale Marshall"));
        assert!(r.text.starts_with("police officers would"), "{r:?}");
    }

    #[test]
    fn reported_after_an_elided_que() {
        let t = "Emmanuel Macron parle. Emmanuel Macron a également indiqué qu’il allait réunir vendredi syndicats et patronat, «pour organiser le travail».";
        let got = quotes(t, Some("fr"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert!(r.text.starts_with("il allait réunir"), "{r:?}");
        assert_eq!(r.speaker.as_deref(), Some("Emmanuel Macron"));
    }

    #[test]
    fn chinese_names_after_titles_and_pronouns() {
        let t = "青川市市长林志远周二在新闻发布会上表示，全市将在年底前新增二十座社区公园。他说：「我们要让每一位市民步行十五分钟就能走进绿地。」";
        let got = quotes(t, Some("zh"));
        assert!(got.iter().all(|q| q.speaker.as_deref() == Some("林志远")), "{got:?}");
        assert!(got.iter().any(|q| q.reported && q.text.starts_with("全市将在")), "{got:?}");
    }

    #[test]
    fn short_scare_quotes_are_ignored() {
        assert!(quotes("He called it “fake news” again.", Some("en")).is_empty());
    }
}
