//! Quotes: who said what.
//!
//! Direct quotes are spans between matching quotation marks of any common style (“” „“ «» 「」
//! "" ‹› ‘’) of at least [`MIN_QUOTE_WORDS`] words (scare quotes and titles are shorter).
//! Reported speech is a sentence where a speaker and a reporting verb introduce a clause
//! ("Marshall said police would…", "X erklärte, dass …", "X a affirmé que …") or follow it
//! ("…, the Bureau of Meteorology said."). German indirect speech that goes on in the
//! subjunctive without a verb of saying ("Man werde die Betten verdoppeln.") is the last
//! speaker's.
//!
//! The speaker of a direct quote is looked for, in order: after the quote in the same sentence
//! next to a reporting verb ("…,” Larijani said", "», a déclaré la maire, Irena Castelli");
//! before it in the same sentence (with a verb or a colon: "Larijani said Trump …“…”",
//! "O presidente, Rui Catarino, declarou: “…”"); else the speaker of the quote before in the
//! same or the previous paragraph, or the person mentioned last. Speakers are the names
//! [`crate::entities`] finds (so "Die Proteste" opening a sentence is never a speaker); a
//! pronoun ("he said") is the person mentioned last; a surname is the full name used elsewhere.

use std::collections::HashSet;
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

/// Reporting verbs by language, folded; a word matches when it equals one.
#[rustfmt::skip]
const VERBS: &[(&str, &[&str])] = &[
    ("en", &[
        "said", "says", "say", "told", "tells", "added", "adds", "stated", "wrote", "writes", "explained", "noted",
        "insisted", "warned", "argued", "claimed", "declared", "announced", "stressed", "replied", "confirmed",
        "suggested", "suggests", "cautioned", "remarked", "responded", "answered", "pointed", "continued", "observed", "reported", "testified", "recounted", "described", "conceded", "acknowledged", "admitted", "admits", "acknowledges", "notes", "explains", "insists", "warns", "argues", "claims", "recalled", "commented", "concluded", "tweeted", "posted", "urged",
        "emphasised", "emphasized", "asserted", "maintained", "predicted", "vowed", "reiterated", "revealed",
        "according",
    ]),
    ("de", &[
        "sagte", "sagt", "sagten", "erklarte", "erklart", "betonte", "betont", "schrieb", "schreibt", "meinte", "meint",
        "fugte", "sprach", "spricht", "warnte", "warnt", "kritisierte", "forderte", "fordert", "so", "aussert",
        "ausserte", "bekraftigte", "unterstrich", "erganzte", "kundigte", "teilte", "zitiert", "berichtete", "mahnte",
        "verwies", "sagt", "bilanzierte", "resumierte", "lobte", "wurdigte", "erzahlte", "erzahlt", "bestatigte", "berichtet", "erinnerte", "erganzt", "schilderte", "sagten", "meldete", "verkundete", "antwortete", "entgegnete", "argumentierte", "beklagte", "kommentierte", "versicherte", "betonten", "erklarten", "warnten", "forderten", "mitteilte", "raumte",
    ]),
    ("fr", &[
        "declare", "dit", "affirme", "ajoute", "explique", "souligne", "estime", "indique", "assure", "confie",
        "annonce", "selon", "raconte", "poursuit", "precise", "insiste", "martele", "lance", "reconnait", "temoigne",
        "rappelle", "regrette", "denonce", "affirmait", "expliquait", "a-t-il", "a-t-elle", "ecrit", "confirme",
        "avertit", "averti", "deplore", "constate", "reclame", "proclame", "ironise", "tranche", "juge", "plaide",
        "glisse", "souffle", "lache", "admet", "avoue", "reconnu", "s'inquiete", "estimait", "jugeait", "dit", "previent", "prevenu", "reagi", "reagit", "conclut", "observe", "resume", "commente", "detaille", "suggere", "soutient", "repond", "repondu", "signale", "indiquait", "assurait", "insistait", "poursuivait", "expliquent", "estiment", "affirment", "declarent", "fustige", "critique", "informe",
    ]),
    ("es", &[
        "dijo", "afirmo", "declaro", "senalo", "explico", "anadio", "aseguro", "indico", "apunto", "comento", "sostuvo",
        "advirtio", "destaco", "subrayo", "manifesto", "expreso", "agrego", "segun", "dice", "afirma", "asegura",
        "explica", "senala", "anade", "reconocio", "insistio", "recalco", "admitio", "escribio", "preciso", "informo", "comunico", "anuncio", "considera", "considero", "recordo", "denuncio", "lamento", "reitero", "agrega", "destaca", "confirmo", "respondio", "alerto", "insiste", "sostiene", "advierte",
    ]),
    ("it", &[
        "detto", "dichiarato", "affermato", "spiegato", "aggiunto", "sottolineato", "annunciato", "commentato", "dice",
        "afferma", "spiega", "aggiunge", "secondo", "cosi", "ribadito", "osservato", "precisato", "scritto",
        "assicurato", "dichiara", "sottolinea", "racconta", "raccontato", "avvertito", "comunicato", "riferito", "sostiene", "ricordato", "evidenziato", "confermato", "annuncia", "rivela", "rivelato", "avverte", "ammesso", "denunciato", "ribadisce", "osserva", "spiegava", "diceva",
    ]),
    ("pt", &[
        "disse", "afirmou", "declarou", "explicou", "acrescentou", "sublinhou", "garantiu", "referiu", "adiantou",
        "sustentou", "salientou", "destacou", "diz", "segundo", "defendeu", "admitiu", "frisou", "considerou",
        "escreveu", "alertou", "reconheceu", "lembrou", "afirmaram", "informou", "anunciou", "revelou", "contou", "comentou", "reforcou", "indicou", "apontou", "assegurou", "confirmou", "afirma", "explica",
    ]),
    ("nl", &[
        "zei", "zegt", "verklaarde", "schreef", "benadrukte", "voegde", "liet", "aldus", "stelde", "legde",
        "waarschuwde", "vertelde", "vertelt", "meldde", "benadrukt", "erkende", "reageerde", "meldt", "stelt", "verklaart", "schrijft", "laat", "deelde", "antwoordde", "bevestigde", "concludeerde", "waarschuwt", "kondigde", "volgens",
    ]),
    ("sv", &[
        "sade", "sa", "sager", "skrev", "forklarade", "betonade", "tillade", "konstaterade", "uppgav", "meddelade",
        "enligt", "berattar", "berattade", "framholl", "menar", "menade", "understrok", "varnade", "skriver",
        "forklarar", "uppger", "betonar", "meddelar", "konstaterar", "tillagger", "papekar", "papekade", "bekraftar", "bekraftade", "havdar", "havdade", "understryker", "varnar", "svarar", "svarade",
    ]),
    ("ru", &[
        "сказал", "сказала", "заявил", "заявила", "отметил", "отметила", "подчеркнул", "подчеркнула", "сообщил",
        "сообщила", "добавил", "добавила", "пояснил", "пояснила", "говорит", "считает", "цитирует", "написал",
        "написала", "признал", "признала", "уточнил", "уточнила", "рассказал", "рассказала", "словам", "заявляет", "сообщает", "отмечает", "подчеркивает", "заявляют", "сообщили", "заявили", "отметили", "добавляет", "подтвердил", "подтвердила", "рассказывает", "объяснил", "объяснила", "указал", "указала", "предупредил", "предупредила", "пишет",
    ]),
    ("pl", &[
        "powiedzial", "powiedziala", "stwierdzil", "stwierdzila", "podkreslil", "podkreslila", "dodal", "dodala",
        "oswiadczyl", "oswiadczyla", "zaznaczyl", "zaznaczyla", "mowi", "napisal", "napisala", "zapowiedzial", "ocenil",
        "ocenila", "przekonywal", "poinformowal", "poinformowala", "przyznal", "przyznala", "wyjasnil", "wyjasnila", "twierdzi", "podkresla", "dodaje", "zauwazyl", "zauwazyla", "przekazal", "przekazala", "oglosil", "oglosila",
    ]),
    ("tr", &[
        "dedi", "diye", "soyledi", "acikladi", "belirtti", "kaydetti", "vurguladi", "konustu", "ekledi", "bildirdi",
        "getirdi", "kullandi", "duyurdu", "anlatti", "hatirlatti", "uyardi", "savundu", "aktardi", "ifade", "soyluyor", "diyor", "dile", "sozlerine", "sordu", "isaret", "iddia", "dikkati", "yanitladi", "degerlendirdi", "animsatti", "yineledi", "paylasti", "yazdi",
    ]),
    ("ar", &[
        "قال", "وقال", "قالت", "وقالت", "أضاف", "وأضاف", "أضافت", "وأضافت", "أكد", "وأكد", "أكدت", "وأكدت", "أوضح",
        "وأوضح", "صرح", "وصرح", "أعلن", "وأعلن", "مشيرا", "مضيفا", "قائلا", "تابع", "وتابع", "اعتبر", "واعتبر", "شدد",
        "وشدد", "كتب", "وكتب", "بحسب", "وفق", "يقول", "ويقول", "أشار", "وأشار", "لفت", "ولفت", "موضحا", "مؤكدا", "ذكر", "أفاد", "أعرب", "رأى", "زعم", "حذر", "نفى", "بين", "يرى", "يضيف", "يؤكد", "يوضح", "يشير", "أكدت", "نقل", "مشيرة", "مضيفة", "موضحة", "مؤكدة", "قائلة",
    ]),
    ("zh", &[
        "表示", "说", "称", "指出", "强调", "认为", "透露", "介绍", "告诉", "说道", "坦言", "宣布", "表明",
    ]),
];

/// Words that introduce a reported clause after the verb.
#[rustfmt::skip]
const THAT: &[&str] = &[
    "that", "dass", "que", "qu", "che", "att", "dat", "что", "чтобы", "ze", "że", "أن", "إن", "بأن", "أنه", "أنها",
    "إنه", "إنها", "بأنه", "بأنها", "أنهم", "إنهم",
];

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
    FOLDED_VERBS.contains(w) || arabic_verb(w)
}

/// [`VERBS`] folded like the words they are compared with (folding drops the hamza of "أكد").
static FOLDED_VERBS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| VERBS.iter().flat_map(|(_, vs)| vs.iter()).map(|v| norm(v)).collect());

/// [`VERBS`] of one language, folded, by language code.
static VERBS_BY_LANG: LazyLock<std::collections::HashMap<&'static str, std::collections::HashSet<String>>> =
    LazyLock::new(|| VERBS.iter().map(|(l, vs)| (*l, vs.iter().map(|v| norm(v)).collect())).collect());

/// Whether a folded word is a reporting verb of language `lang` (of any language when `lang`
/// has no list): "resume" is a French verb, an English noun or verb of another sense.
fn is_verb_in(w: &str, lang: Option<&str>) -> bool {
    match lang.and_then(|l| VERBS_BY_LANG.get(l)) {
        Some(set) => {
            let w = ["-t-il", "-t-elle", "-t-on", "-il", "-elle", "-ils", "-elles"]
                .iter()
                .find_map(|s| w.strip_suffix(s))
                .unwrap_or(w);
            set.contains(w) || (lang == Some("ar") && arabic_verb(w))
        }
        None => is_verb(w),
    }
}

/// [`THAT`] folded.
static FOLDED_THAT: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| THAT.iter().map(|v| norm(v)).collect());

/// Whether a folded word introduces a reported clause.
fn is_that_word(w: &str) -> bool {
    FOLDED_THAT.contains(w) || w.starts_with("qu'") || w.starts_with("qu’")
}

/// An Arabic reporting verb under its clitics and person marks: a leading conjunction (و, ف),
/// the feminine past ending ت ("أعلنت") and the feminine present prefix ت ("تقول" for "يقول").
fn arabic_verb(w: &str) -> bool {
    if !w.chars().next().is_some_and(|c| matches!(c as u32, 0x0621..=0x064A)) {
        return false;
    }
    let stems = [Some(w), w.strip_prefix('و'), w.strip_prefix('ف')];
    stems.into_iter().flatten().filter(|s| s.chars().count() >= 3).any(|s| {
        FOLDED_VERBS.contains(s)
            || s.strip_suffix('ت').is_some_and(|b| FOLDED_VERBS.contains(b))
            || s.strip_prefix('ت').is_some_and(|b| FOLDED_VERBS.contains(&format!("ي{b}")))
    })
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
            out.push(Mention { start: at, end, name, person: true, sure: true, governed: false, place: false });
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
                    place: false,
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
        if w1.starts_with("ال") || !arabic(&w1[..clean(w1)]) || ar_not_name(&w1[..clean(w1)]) {
            continue;
        }
        // One word when it ends a phrase ("قال الوزير سليم،"), else two.
        let end = if clean(w1) < w1.len() || ar_not_name(&w2[..clean(w2)]) || !arabic(&w2[..clean(w2)]) {
            a + clean(w1)
        } else {
            b + clean(w2)
        };
        out.push(Mention {
            start: a,
            end,
            name: text[a..end].to_string(),
            person: true,
            sure: true,
            governed: false,
            place: false,
        });
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
    "لدى",
    "حول",
    "خلال",
    "بعد",
    "منذ",
    "عبر",
    "ضمن",
    "حتى",
];

/// Arabic demonstratives and pronouns that a preposition or conjunction may be glued to ("بهذه
/// المناسبة", "لذلك", "وهذا"): never part of a name.
const AR_DEMONSTRATIVES: &[&str] = &["هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين", "هؤلاء", "أولئك", "هنا", "هناك"];

/// Arabic nouns of a post in a body, before the body's name ("عضو لجنة …", "رئيس مجلس …").
const AR_POSTS: &[&str] =
    &["عضو", "عضوة", "رئيس", "رئيسة", "نائب", "نائبة", "مدير", "مديرة", "أمين", "وكيل", "مستشار", "مقرر"];

/// Whether a word is one of [`ARABIC_NOT_NAMES`], folded ("الى" written without its hamza), a
/// participle of saying ("قائلا", [`AR_CIRCUMSTANTIAL`]), or a demonstrative, bare or under a
/// clitic (ب ل ك و ف): "بهذه" ends a name as "هذه" does.
fn ar_not_name(w: &str) -> bool {
    static NOT_NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| normed(ARABIC_NOT_NAMES));
    static DEMONSTRATIVES: LazyLock<HashSet<String>> = LazyLock::new(|| normed(AR_DEMONSTRATIVES));
    let w = norm(w);
    if NOT_NAMES.contains(&w) || ar_circumstantial(&w) {
        return true;
    }
    let mut forms = vec![w.as_str()];
    if let Some(r) = w.strip_prefix(['و', 'ف']) {
        forms.push(r);
    }
    let stripped: Vec<&str> = forms.iter().filter_map(|f| f.strip_prefix(['ب', 'ل', 'ك'])).collect();
    forms.extend(stripped);
    forms.iter().any(|f| DEMONSTRATIVES.contains(*f))
}

/// The words of a list as [`norm`] folds them, to look words up without folding the list each time.
fn normed(list: &[&str]) -> HashSet<String> {
    list.iter().map(|w| norm(w)).collect()
}

/// Media nouns that, with the preposition ل, name the one spoken to ("لراديو", "لقناة").
const AR_MEDIA: &[&str] = &["راديو", "إذاعة", "قناة", "صحيفة", "وكالة", "موقع", "تلفزيون", "شبكة", "مجلة", "جريدة"];

/// An Arabic word with the preposition ل that names a listener after a reporting verb: "لـ…",
/// "لل…" (ل with the article: "للصحفيين") or ل before a medium ("لراديو"); never a name that
/// merely starts with ل ("ليلى").
fn ar_listener(w: &str) -> bool {
    w.starts_with("لـ")
        || w.strip_prefix("لل").is_some_and(|r| r.chars().count() >= 2)
        || w.strip_prefix('ل').is_some_and(|r| AR_MEDIA.iter().any(|m| norm(m) == norm(r)))
}

/// Whether a mention in `text` opens with an Arabic listener ([`ar_listener`]): the one spoken
/// to, who speaks no quote. Mentions are filtered by this once, where they are gathered.
fn is_listener(text: &str, m: &Mention) -> bool {
    text[m.start..m.end].split_whitespace().next().is_some_and(ar_listener)
}

/// Whether Arabic words are a definite title and its adjectives only ("الوزيرة", "الرئيس
/// الفرنسي"): the person named before with it, not a name.
fn ar_bare_title(words: &[&str]) -> bool {
    let Some((first, rest)) = words.split_first() else { return false };
    // Honorifics are family names too ("عبد المنعم السيد").
    first.starts_with("ال")
        && !["السيد", "السيدة", "الشيخ"].contains(first)
        && (ARABIC_TITLES.contains(first) || crate::roles::is_title_word(first))
        && rest.iter().all(|w| w.starts_with("ال") && !ARABIC_TITLES.contains(w))
}

/// Arabic circumstantial participles of saying ("، مشيرا إلى …", "، مضيفة أن …"): their subject
/// is the one of the sentence before them, never the word after them.
const AR_CIRCUMSTANTIAL: &[&str] =
    &["مشيرا", "مضيفا", "قائلا", "موضحا", "مؤكدا", "مشيرة", "مضيفة", "قائلة", "موضحة", "مؤكدة"];

/// Whether a word (with a conjunction or not) is one of [`AR_CIRCUMSTANTIAL`].
fn ar_circumstantial(w: &str) -> bool {
    static CIRCUMSTANTIAL: LazyLock<HashSet<String>> = LazyLock::new(|| normed(AR_CIRCUMSTANTIAL));
    let w = norm(w);
    let w = w.strip_prefix('و').filter(|r| r.chars().count() >= 4).unwrap_or(&w);
    CIRCUMSTANTIAL.contains(w)
}

/// The speaker named right after an Arabic reporting verb ("وقال الحداد:"), as its fullest
/// form in the text ("سليم الحداد"), skipping title words ("وقال وزير الإعلام معمر الإرياني").
fn arabic_name_after(para: &str, vend: usize, to: usize) -> Option<String> {
    if !para[..vend].chars().next_back().is_some_and(|c| matches!(c as u32, 0x0600..=0x06FF)) {
        return None;
    }
    let rest = &para[vend..to];
    if let Some(name) = arabic_apposition(rest) {
        return Some(name);
    }
    // A name in quotation marks right after the verb: "وأضاف "الحداد" في تصريحات أن …".
    if let Some(name) = arabic_quoted_subject(rest) {
        return Some(name);
    }
    // A media noun and a quoted name: "تقول شبكة «…» إن".
    if let Some((noun, name)) = rest.trim().split_once('«')
        && AR_NAME_NOUNS.contains(&noun.trim())
        && let Some((name, _)) = name.split_once('»')
        && !name.trim().is_empty()
    {
        return Some(name.trim().to_string());
    }
    let clause = rest.split([':', '،', ',', '«', '"', '.', '؛']).next()?;
    // The one spoken to is no part of the name ("وقالت الوزيرة لراديو …").
    let words: Vec<&str> = clause.split_whitespace().take_while(|w| !ar_listener(w)).collect();
    // "واعتبرت الوزيرة …": a definite title alone stands for the one named before.
    if ar_bare_title(&words) {
        return None;
    }
    let titled = words.iter().take_while(|w| crate::roles::is_title_word(w)).count();
    // Three words when they make the whole clause ("وأكد الدكتور عبد الله الحداد، …"), else two.
    let take = if words.len() == titled + 3 { 3 } else { 2 };
    let name: Vec<&str> = words.iter().skip(titled).take_while(|w| !ar_not_name(w)).take(take).copied().collect();
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
            && !ar_not_name(prev)
            && !crate::roles::is_title_word(prev)
            && !is_verb(&norm(prev))
            && prev.chars().all(char::is_alphabetic)
        {
            return Some(format!("{prev} {name}"));
        }
    }
    Some(name)
}

/// A name of one or two words in quotation marks opening `rest` (after a verb), followed by
/// more of the sentence: "وأضاف "الحداد" في تصريحات …" → "الحداد".
fn arabic_quoted_subject(rest: &str) -> Option<String> {
    let t = rest.trim_start();
    let open = t.chars().next().filter(|c| matches!(c, '"' | '«' | '“'))?;
    let close = match open {
        '«' => '»',
        '“' => '”',
        _ => '"',
    };
    let inner = &t[open.len_utf8()..];
    let (name, after) = inner.split_once(close)?;
    let ws: Vec<&str> = name.split_whitespace().collect();
    let arabic = |x: &str| x.chars().all(|c| matches!(c as u32, 0x0621..=0x064A));
    let ok = (1..=2).contains(&ws.len())
        && ws.iter().all(|w| arabic(w) && !ar_not_name(w) && !is_verb(&norm(w)) && !is_that_word(&norm(w)))
        && !after.trim().is_empty();
    ok.then(|| name.trim().to_string())
}

/// A name in apposition to a title after an Arabic verb: "وأوضح المدير التنفيذي للشركة، فارس
/// الخطيب، أن …" → "فارس الخطيب": a title phrase, a comma, two or three name words, then a
/// comma or the end of `rest`.
fn arabic_apposition(rest: &str) -> Option<String> {
    let comma = rest.find(['،', ','])?;
    let head = &rest[..comma];
    if head.contains([':', '«', '"', '.', '؛']) {
        return None;
    }
    let first = head.split_whitespace().next()?;
    if !(ARABIC_TITLES.contains(&first) || crate::roles::is_title_word(first)) || head.split_whitespace().count() > 6 {
        return None;
    }
    let after = &rest[comma + rest[comma..].chars().next().map_or(1, char::len_utf8)..];
    let end = after.find(['،', ',']).unwrap_or(after.len());
    let name = after[..end].trim();
    let ws: Vec<&str> = name.split_whitespace().collect();
    let arabic = |x: &str| x.chars().all(|c| matches!(c as u32, 0x0621..=0x064A));
    let ok = (2..=3).contains(&ws.len())
        && !ws[0].starts_with("ال")
        && ws.iter().all(|w| arabic(w) && !ar_not_name(w) && !ARABIC_TITLES.contains(w))
        && !ws.iter().any(|w| is_verb(&norm(w)) || is_that_word(&norm(w)));
    ok.then(|| name.to_string())
}

/// Words that may open an Arabic sentence before its subject: "كان" and its forms, with a
/// conjunction or not, folded.
const AR_OPENERS: &[&str] = &["كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "وقد", "قد", "ثم"];

/// Relative pronouns that open a clause about the subject ("التي تدير …").
const AR_RELATIVES: &[&str] = &["التي", "الذي", "الذين", "اللذان", "اللتان", "اللتين", "اللذين"];

/// The name opening an Arabic sentence (after at most "وكانت") that a reporting verb at
/// `vstart` follows, right after it or after a relative clause about it.
fn arabic_subject_before(para: &str, s: usize, vstart: usize, in_sentence: &[&Mention]) -> Option<String> {
    let m = in_sentence.iter().find(|m| m.start >= s && m.end <= vstart)?;
    let lead: Vec<String> = para[s..m.start].split_whitespace().map(norm).collect();
    if lead.len() > 1 || lead.iter().any(|w| !AR_OPENERS.iter().any(|o| norm(o) == *w)) {
        return None;
    }
    let gap = &para[m.end..vstart];
    let first = gap.split_whitespace().next();
    let ok = first.is_none_or(|w| AR_RELATIVES.contains(&w)) && !gap.contains(['،', ',', '.', ':', '؛']);
    ok.then(|| m.name.clone())
}

/// Arabic nouns of a written statement: a statement speaks for the organisation that issued it.
const AR_STATEMENTS: &[&str] = &["بيان", "البيان", "بلاغ", "البلاغ"];

/// Words between a statement and its issuer ("بيان صادر عن وزارة …").
const AR_ISSUED: &[&str] = &["صادر", "الصادر", "صادرة", "عن", "من"];

/// The organisation behind a speaker that is a statement ("وقال بيان للرئاسة" → the office of
/// the presidency named before; "وأوضح البيان" → the organisation of the last statement), else
/// the speaker as it is. The issuer named with the statement ("للرئاسة" → "الرئاسة") is the
/// latest organisation named before `at` with that word, else itself; a statement without one
/// is the last statement's issuer, else the latest organisation named before.
fn statement_issuer(ms: &[Mention], at: usize, speaker: String, last_issuer: &mut Option<String>) -> String {
    let ws: Vec<&str> = speaker.split_whitespace().collect();
    if !ws.first().is_some_and(|w| AR_STATEMENTS.contains(w)) {
        return definite_referent(ms, at, speaker);
    }
    let named = ws[1..].iter().find(|w| !AR_ISSUED.contains(w)).map(|w| {
        // "للرئاسة" → "الرئاسة", "لوزارة" → "وزارة".
        match w.strip_prefix("لل") {
            Some(r) => format!("ال{r}"),
            None => w.strip_prefix('ل').filter(|r| r.chars().count() >= 3).unwrap_or(w).to_string(),
        }
    });
    let orgs = || ms.iter().rev().filter(|m| m.end <= at && !m.person && !m.place);
    let issuer = match &named {
        Some(w) => {
            let stem = norm(w.strip_prefix("ال").unwrap_or(w));
            orgs()
                .find(|m| m.name.split_whitespace().any(|x| norm(x.strip_prefix("ال").unwrap_or(x)) == stem))
                .map(|m| m.name.clone())
                .unwrap_or_else(|| w.clone())
        }
        None => match last_issuer.clone().or_else(|| orgs().next().map(|m| m.name.clone())) {
            Some(n) => n,
            None => return speaker,
        },
    };
    *last_issuer = Some(issuer.clone());
    issuer
}

/// An Arabic definite noun standing for the organisation named before with that noun ("وأضافت
/// الوكالة" → "وكالة الأنباء الوطنية", "وقال المجلس" → "المجلس الأعلى للثقافة"), else the
/// speaker as it is.
fn definite_referent(ms: &[Mention], at: usize, speaker: String) -> String {
    let Some(stem) = speaker.strip_prefix("ال").filter(|r| !r.contains(' ') && r.chars().count() >= 3) else {
        return speaker;
    };
    let stem = norm(stem);
    ms.iter()
        .rev()
        .filter(|m| m.end <= at && !m.person && !m.place && m.name.contains(' '))
        .find(|m| m.name.split_whitespace().next().is_some_and(|w| norm(w.strip_prefix("ال").unwrap_or(w)) == stem))
        .map_or(speaker, |m| m.name.clone())
}

/// A statement noun before a quote and the words naming its issuer ("وجاء في بيان المجلس
/// الأعلى: «…»" → "بيان المجلس الأعلى"), for [`statement_issuer`].
fn arabic_statement_before(before: &str) -> Option<String> {
    let ws: Vec<&str> = before.split_whitespace().collect();
    let k = ws.iter().rposition(|w| AR_STATEMENTS.contains(&w.trim_end_matches([':', '،', ','])))?;
    // A definite statement ("البيان") is the last one; only "بيان" takes its issuer after it.
    let n = if ws[k].starts_with("ال") { 1 } else { 3 };
    let mut out: Vec<&str> = Vec::new();
    for w in ws[k..].iter().take(n) {
        let clean = w.trim_end_matches([':', '،', ',', '.', '؛']);
        let f = norm(clean);
        if clean.is_empty() || clean.contains(['"', '«', '»']) || is_verb(&f) || is_that_word(&f) || ar_not_name(clean)
        {
            break;
        }
        out.push(clean);
        if clean.len() < w.len() {
            break;
        }
    }
    Some(out.join(" "))
}

/// Nouns before a quoted name ("شبكة «…»", "صحيفة «…»").
const AR_NAME_NOUNS: &[&str] = &[
    "شبكة",
    "صحيفة",
    "وكالة",
    "قناة",
    "موقع",
    "مجلة",
    "شركة",
    "حركة",
    "حزب",
    "جمعية",
    "منظمة",
    "برنامج",
    "عقار",
    "فيلم",
    "كتاب",
    "رواية",
    "مبادرة",
    "عملية",
    "مشروع",
    "تطبيق",
    "إذاعة",
    "تلفزيون",
];

/// A quoted Arabic name, not a statement: short, and glued to a preposition ("لـ«…»", "بـ«…»")
/// or after a noun that names it ("شبكة «…»").
fn arabic_quoted_name(para: &str, start: usize, inner: &str) -> bool {
    let before = &para[..start];
    let Some(prev) = before.chars().next_back() else { return false };
    let arabic = |c: char| matches!(c as u32, 0x0621..=0x064A);
    if inner.split_whitespace().count() > 4 {
        return false;
    }
    let glued = arabic(prev);
    let named = before.split_whitespace().next_back().is_some_and(|w| AR_NAME_NOUNS.contains(&w));
    glued || named
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
    /// A place: it issues no statement.
    place: bool,
}

/// Prepositions before a name that make it a complement, not a speaker.
#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "from", "for", "with", "by", "on", "to", "von", "vom", "im", "in", "aus", "bei", "mit", "fur",
    "der", "des", "de", "du", "des", "la", "le", "en", "a", "au", "aux", "del", "della", "delle", "dei", "degli",
    "di", "da", "nel", "nella", "do", "da", "dos", "das", "no", "na", "em", "van", "het", "i", "pa", "av", "med",
    "för", "for", "в", "во", "на", "из", "с", "о", "об", "w", "z", "na", "o", "od",
];

/// Common given names in many languages and scripts (`data/given-names.txt`).
static GIVEN_NAMES: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/given-names.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// Words of places that are not people's names ("Valley", "South", "Land"), folded.
#[rustfmt::skip]
const PLACE_WORDS: &[&str] = &[
    "street", "road", "avenue", "valley", "river", "lake", "mountain", "mountains", "glacier", "island", "islands",
    "bay", "beach", "park", "square", "bridge", "coast", "side", "north", "south", "east", "west", "new", "upper",
    "lower", "central", "county", "city", "state", "province", "district", "region", "republic", "kingdom", "land",
    "airport", "station", "harbour", "harbor", "port", "strait", "sea", "ocean", "gulf", "desert", "forest", "hills",
    "heights", "cape", "stadt", "kreis", "strasse", "platz", "berg", "tal", "nord", "sud", "ost", "rue", "place",
    "mont", "lac", "fleuve", "riviere", "ville", "ouest", "cote", "calle", "plaza", "rio", "lago", "monte", "sierra",
    "valle", "norte", "ciudad", "provincia", "piazza", "fiume", "rua", "praca", "serra", "vale", "straat", "plein",
    "rivier", "gatan", "torget", "улица", "площадь", "область", "край", "река", "озеро", "mahallesi", "caddesi",
    "sokak", "ili", "ilcesi", "koyu",
];

/// How much a name looks like a person's: 1 for a known given name before a capitalised word
/// ("Bernd Sibler", "Kunstminister Bernd Sibler"), -1 for an organisation's or a place's words
/// ("Land Brandenburg", "New South") or an acronym ("CSU", "Başbuğ FETÖ"), else 0.
fn person_shape(name: &str) -> i8 {
    let ws: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = ws.last() else { return 0 };
    let all_caps = ws.iter().all(|w| crate::entities::is_acronym(w));
    if ws.iter().any(|w| crate::entities::is_org_word(w) || PLACE_WORDS.contains(&norm(w).as_str()))
        || (crate::entities::is_acronym(last) && (ws.len() == 1 || !all_caps))
    {
        return -1;
    }
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let given = ws.windows(2).any(|p| {
        cap(p[1]) && (GIVEN_NAMES.contains(p[0]) || p[0].split_once('-').is_some_and(|(a, _)| GIVEN_NAMES.contains(a)))
    });
    i8::from(given)
}

/// Reporting verbs that also take a plain object ("continued attacks", "responded to the
/// assault", "confirmed the deaths"): what follows them is speech only after "that".
#[rustfmt::skip]
const OBJECT_VERBS: &[&str] = &[
    "continued", "responded", "answered", "pointed", "posted", "described", "observed", "recounted", "testified",
    "added", "revealed", "announced", "confirmed", "reported",
];

/// Prepositions that open an adverbial phrase after a reporting verb ("confirmed in a
/// statement", "sagte am Montag", "a déclaré lors d'une"), folded; not verb particles ("teilte
/// mit") nor articles.
#[rustfmt::skip]
const PHRASE_PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "via", "through", "with", "from", "by", "amid", "following",
    "im", "am", "auf", "bei", "wahrend", "nach", "gegenuber", "dans", "lors", "sur", "devant", "apres", "avant",
    "pendant", "aupres", "durante", "tras", "ante", "desde", "dopo", "davanti", "em", "apos", "tijdens", "na",
    "under", "efter", "во", "в", "на", "после", "podczas", "po", "przed",
];

/// Every mention of every entity found in `text`: full names, and surnames of people.
fn mentions(text: &str, found: &[FoundEntity]) -> Vec<Mention> {
    // (start, end, entity index) of every occurrence; then the longest wins where they overlap.
    let mut cands: Vec<(usize, usize, usize)> = Vec::new();
    for (k, e) in found.iter().enumerate() {
        let mut forms: Vec<&str> = vec![e.name.as_str()];
        if is_person(e)
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
        let person = is_person(e);
        let sure = person && (e.sure || person_shape(&e.name) > 0);
        let prev = text[..i].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        let governed = PREPOSITIONS.contains(&norm(prev).as_str());
        out.push(Mention { start: i, end, name: e.name.clone(), person, sure, governed, place: e.kind == "place" });
    }
    out
}

/// A person by the entity's kind unless its words say otherwise, or by a given name.
fn is_person(e: &FoundEntity) -> bool {
    let shape = person_shape(&e.name);
    (e.kind == "person" && shape >= 0) || shape > 0
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
        // A straight quote glued to the next word after a space opens a quote inside the quote
        // ("… se traduit "structurellement" par …"): skip it and its closing mark.
        if close == '"'
            && after.is_some_and(char::is_alphanumeric)
            && s[..at].chars().next_back().is_some_and(char::is_whitespace)
            && let Some(inner) = s[at + 1..].find('"')
        {
            from = at + 1 + inner + 1;
            continue;
        }
        return Some(at);
    }
    None
}

/// Sentence boundaries of `para` outside quotes: byte offsets where sentences start.
fn sentence_starts(para: &str, quoted: &[Span<'_>]) -> Vec<usize> {
    let mut out = vec![0];
    // A quote that ends its own sentence ("“… the county.” Local farmer …") ends the sentence.
    for (_, e, inner) in quoted {
        let rest = &para[*e..];
        if inner.trim_end().ends_with(['.', '!', '?', '。', '！', '？'])
            && rest.starts_with(char::is_whitespace)
            && rest.trim_start().chars().next().is_some_and(char::is_uppercase)
        {
            out.push(e + (rest.len() - rest.trim_start().len()));
        }
    }
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
    out.sort_unstable();
    out.dedup();
    out
}

/// The name mention nearest a reporting verb in `para[from..to]`, or a pronoun there
/// (`Some(None)`).
fn speaker_near_verb(para: &str, from: usize, to: usize, ms: &[Mention], prefer_first: bool) -> Option<Option<String>> {
    let (vpos, vend) = find_verb(para, from, to)?;
    // "…»، مشيرا إلى …": the participle's subject is the sentence's, the speaker before.
    if ar_circumstantial(&para[vpos..vend]) {
        return Some(None);
    }
    // The one told is not the speaker ("…,” Rey told Stuff").
    // A verb that ends its sentence ("…” dedi.Başka …", with no space) has no subject after it.
    let ends = para[vend..].starts_with(['.', '!', '?']);
    let all: Vec<&Mention> = ms
        .iter()
        .filter(|m| m.start >= from && m.end <= to && !(ends && m.start >= vend))
        .filter(|m| {
            let prev = para[..m.start].split_whitespace().next_back().map(norm).unwrap_or_default();
            !LISTENER_VERBS.contains(&prev.as_str())
        })
        .collect();
    // After a quote, the name right after its closing mark is the subject ("“…,” Rey, an
    // Australian who lives in Wellington, told Stuff").
    if prefer_first
        && let Some(m) = all.first()
        && para[from..m.start].trim_matches(|c: char| c.is_whitespace() || c == ',').is_empty()
        && !m.governed
        // An organisation before its person ("…,” Acme Board chairman Ann Roe said"): the person.
        && (m.person || !all.iter().any(|p| p.person && p.start >= m.end && p.end <= vpos))
    {
        return Some(Some(m.name.clone()));
    }
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

/// Whether a person other than `speaker` is named in `text[from..to]` as a subject or a
/// speaker: not after a preposition, and at a sentence or clause start, after a title, an
/// article, a capitalised word or a reporting verb ("… est Pierre Lévy" names no subject).
fn subject_between(text: &str, ms: &[Mention], (from, to): (usize, usize), speaker: &str) -> bool {
    ms.iter().filter(|m| m.start >= from && m.end <= to && m.person && !m.governed && m.name != speaker).any(|m| {
        let before = text[..m.start].trim_end();
        let Some(last) = before.chars().next_back() else { return true };
        if !last.is_alphanumeric() {
            return true;
        }
        let prev = before.rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’').next().unwrap_or("");
        let f = norm(prev);
        // A script without case (Arabic): any word but a preposition.
        let uncased = prev.chars().next().is_some_and(|c| !c.is_uppercase() && !c.is_lowercase());
        prev.chars().next().is_some_and(char::is_uppercase)
            || (uncased && !ar_not_name(prev))
            || crate::roles::is_title_word(prev)
            || ARABIC_TITLES.contains(&prev)
            || ROLE_ARTICLES.contains(&f.as_str())
            || is_verb(&f)
    })
}

/// The last person (not after a preposition) mentioned in `text[from..to]`.
fn recent_person(ms: &[Mention], from: usize, to: usize) -> Option<String> {
    ms.iter().rfind(|m| m.start >= from && m.end <= to && m.person && !m.governed).map(|m| m.name.clone())
}

/// Finds the quotes in `text`, an article in language `lang` (paragraphs separated by blank
/// lines).
pub fn quotes(text: &str, lang: Option<&str>) -> Vec<FoundQuote> {
    let found = entities(text, lang);
    quotes_with(text, lang, &found)
}

/// [`quotes`] with the entities already found in the same text.
pub fn quotes_with(text: &str, lang: Option<&str>, found: &[FoundEntity]) -> Vec<FoundQuote> {
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
    // Names inside quotes, and Arabic listeners ("لراديو", "للصحفيين"), speak no quote.
    let ms: Vec<Mention> = ms
        .into_iter()
        .filter(|m| !quoted_ranges.iter().any(|&(s, e)| s <= m.start && m.end <= e))
        .filter(|m| !is_listener(text, m))
        .collect();
    let mut out: Vec<FoundQuote> = Vec::new();
    // The last speaker, the index of its paragraph and the byte offset where its attribution
    // ends (the end of the sentence of its quote).
    let mut last_speaker: LastSpeaker = None;
    // The organisation whose statement ("بيان") spoke last.
    let mut last_issuer: Option<String> = None;
    // Paragraphs are counted without empty ones (extra blank lines between paragraphs).
    let mut pi = 0;
    for (k, (base, para, quoted)) in paras.iter().enumerate() {
        let (base, para, quoted) = (*base, *para, quoted.as_slice());
        if k > 0 && !paras[k - 1].1.trim().is_empty() {
            pi += 1;
        }
        let local: Vec<Mention> = ms
            .iter()
            .filter(|m| m.start >= base && m.end <= base + para.len())
            .map(|m| Mention { start: m.start - base, end: m.end - base, ..m.clone() })
            .collect();
        let doc = Doc { text, all: &ms, base, lang };
        let starts = sentence_starts(para, quoted);
        let sentence_of = |at: usize| -> (usize, usize) {
            let s = starts.iter().rev().find(|&&s| s <= at).copied().unwrap_or(0);
            let e = starts.iter().find(|&&s| s > at).copied().unwrap_or(para.len());
            (s, e)
        };
        let mut rep_out: Vec<FoundQuote> = Vec::new();
        // Speakers of reported speech and where their sentences end: they are the last
        // speaker for the quotes after them.
        // A verb that carries its subject ("وأضاف أن …") has no name: the index of its clause
        // in `rep_out`, given the speaker before it when its turn comes.
        let mut rep_speakers: Vec<RepSpeaker> = Vec::new();
        // Reported speech: sentences, or what follows the last quote of a sentence ("“…”
        // diyen Serkan Yılmaz, takımın kadrosuna güvendiğini belirtti").
        // Scare quotes and quoted names ("af", «Северный лён») do not make a sentence a quote.
        let statements: Vec<&Span<'_>> =
            quoted.iter().filter(|(qs, _, q)| clause_len(q) >= 3 && !arabic_quoted_name(para, *qs, q)).collect();
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(para.len());
            let inside: Vec<&Span<'_>> =
                statements.iter().copied().filter(|(qs, qe, _)| *qs >= s && *qe <= e).collect();
            // Turkish: "CLAUSE vurgulayan NAME, …": the clause before the participle is NAME's.
            let part_to = inside.first().map_or(e, |q| q.0);
            if let Some((name, at)) = participle_subject(para, s, part_to, &local) {
                let clause = para[s..at].trim().trim_end_matches(',').trim();
                if clause_len(clause) >= 3 {
                    rep_out.push(FoundQuote { text: clause.to_string(), speaker: Some(name), reported: true });
                }
            }
            // Before the first quote of the sentence: "X a indiqué qu'il allait réunir …, «…»".
            if let Some(first) = inside.first()
                && let Some((speaker, clause, _)) = reported(para, s, first.0, &local, &doc, false)
                && clause.split_whitespace().count() >= 4
            {
                let speaker = speaker.map(|sp| statement_issuer(&ms, base + s, sp, &mut last_issuer));
                rep_out.push(FoundQuote { text: clause, speaker, reported: true });
            }
            let after_quote = inside.iter().map(|q| q.1).max();
            let s = after_quote.unwrap_or(s);
            if statements.iter().any(|(qs, qe, _)| *qs < e && *qe > s) {
                continue;
            }
            if let Some((speaker, clause, carried)) = reported(para, s, e, &local, &doc, after_quote.is_some()) {
                let speaker = speaker.map(|sp| statement_issuer(&ms, base + s, sp, &mut last_issuer));
                if carried {
                    rep_speakers.push((e, None, Some((rep_out.len(), base + s))));
                } else if let Some(sp) = &speaker {
                    rep_speakers.push((e, Some(sp.clone()), None));
                }
                rep_out.push(FoundQuote { text: clause, speaker, reported: true });
            } else if doc.lang == Some("de") && after_quote.is_none() && konjunktiv_i(&para[s..e]) {
                // German indirect speech goes on in the subjunctive without a verb of saying
                // ("Die Lage sei ernst."): the last speaker's, as for a verb that carries its subject.
                let clause = para[s..e].trim();
                if clause_len(clause) >= 4 {
                    rep_speakers.push((e, None, Some((rep_out.len(), base + s))));
                    rep_out.push(FoundQuote { text: clause.to_string(), speaker: None, reported: true });
                }
            }
        }
        let mut applied = 0;
        for (qi, &(start, end, inner)) in quoted.iter().enumerate() {
            while let Some(entry) = rep_speakers.get(applied).filter(|(e, _, _)| *e <= start).cloned() {
                apply_reported(entry, &mut rep_out, &mut last_speaker, (pi, base), (text, &ms));
                applied += 1;
            }
            if arabic_quoted_name(para, start, inner) {
                continue;
            }
            let n_words = inner.split_whitespace().count().max(inner.chars().filter(|c| is_han(*c)).count() / 2);
            let (s, e) = sentence_of(start);
            let (_, e_end) = sentence_of(end.saturating_sub(1));
            let e = e.max(e_end);
            // After: up to the sentence end or the next quote.
            // Scare quotes and quoted names between do not end the attribution.
            let next_open = quoted[qi + 1..].iter().find(|q| clause_len(q.2) >= 3).map_or(para.len(), |q| q.0);
            let after_to = e.min(next_open).max(end);
            // "«…», schrieb die Staatsoper, an der Kupfer …" / "said the ministry": the one named
            // before with that noun is the subject, not a name further on.
            let role = role_after_verb(para, end, after_to, &local)
                .and_then(|p| role_referent(&doc, &p, base + start).or_else(|| org_sharing(&ms, &p, base + start)));
            let after = match role {
                Some(r) => Some(Some(r)),
                None => speaker_near_verb(para, end, after_to, &local, true),
            };
            // Turkish: "“…” diyen Karamollaoğlu, …"; "Erdoğan'ın “…” açıklaması".
            let after = match after {
                Some(Some(n)) => Some(Some(n)),
                other => participle_subject(para, end, after_to, &local)
                    .map(|(n, _)| Some(n))
                    .or_else(|| possessor(para, s, start, end, &local).map(Some))
                    .or(other),
            };
            // Before: from the sentence start or the previous quote.
            let prev_close = quoted[..qi].iter().rev().find(|q| clause_len(q.2) >= 3).map_or(0, |q| q.1);
            let before_from = s.max(prev_close).min(start);
            let colon = para[before_from..start].trim_end().ends_with([':', '：', '–', '—']);
            // Turkish: "… gerektiğini vurgulayan Borrell, “…” dedi".
            let before = participle_subject(para, before_from, start, &local).map(|(n, _)| Some(n));
            let before = before.or_else(|| speaker_near_verb(para, before_from, start, &local, false)).or_else(|| {
                colon.then(|| {
                    local.iter().filter(|m| m.start >= before_from && m.end <= start).map(|m| m.name.clone()).next()
                })
            });
            // "وجاء في بيان المجلس: «…»": the statement's issuer.
            let before = match (before, arabic_statement_before(&para[before_from..start])) {
                (None | Some(None), Some(st)) => Some(Some(st)),
                (b, _) => b,
            };
            // An attribution inside the quote ("« …, a averti la préfète Claire Dumas, et … »").
            let inside = if after.is_none() && before.is_none() {
                let inner_ms: Vec<Mention> =
                    mentions(inner, found).into_iter().filter(|m| !is_listener(inner, m)).collect();
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
                // A person named after the last speaker's quote is the one now speaking ("Local
                // farmer Ruth Delaney was unconvinced. “…,” she said.").
                // Further on, the last speaker still speaks unless another person was named as a
                // subject since ("Le nouvel ambassadeur est Pierre Lévy. «…», a-t-il souligné").
                _ => still_speaking(&last_speaker, (pi, base + start), (text, &ms))
                    .map(|(n, p, at)| {
                        if pi <= p + 1 {
                            recent_person(&ms, *at, base + start).unwrap_or_else(|| n.clone())
                        } else {
                            n.clone()
                        }
                    })
                    .or_else(|| last_mentioned(&ms, base + start)),
            };
            let speaker = speaker.map(|sp| statement_issuer(&ms, base + start, sp, &mut last_issuer));
            if let Some(sp) = &speaker {
                last_speaker = Some((sp.clone(), pi, base + end));
            }
            let text = inner.trim().trim_end_matches([',', '،', '、']).to_string();
            out.push(FoundQuote { text, speaker, reported: false });
        }
        for entry in rep_speakers.into_iter().skip(applied) {
            apply_reported(entry, &mut rep_out, &mut last_speaker, (pi, base), (text, &ms));
        }
        // A carried subject with no one before it is dropped (its text was cleared).
        out.extend(rep_out.into_iter().filter(|q| !q.text.is_empty()));
    }
    out
}

/// Where a sentence of reported speech ends, its speaker, and for a verb that carries its
/// subject, its index in the paragraph's reported speech and where its sentence starts.
type RepSpeaker = (usize, Option<String>, Option<(usize, usize)>);

/// The last speaker so far, with the paragraph it spoke in and where its attribution ends.
type LastSpeaker = Option<(String, usize, usize)>;

/// The last speaker, when it may still be the one speaking at byte `at` of paragraph `pi`: it
/// spoke in this or the previous paragraph, or no other person was named as a subject since.
fn still_speaking<'a>(
    last: &'a LastSpeaker,
    (pi, at): (usize, usize),
    (text, ms): (&str, &[Mention]),
) -> Option<&'a (String, usize, usize)> {
    last.as_ref().filter(|(n, p, from)| pi <= p + 1 || !subject_between(text, ms, (*from, at), n))
}

/// Makes the speaker of reported speech ending at `e` (in paragraph `pi` at byte `base`) the
/// last speaker; a verb that carries its subject ("وأضاف أن …", its sentence at byte `at`) gets
/// the last speaker of this or the previous paragraph, or of any before when no person was
/// named as a subject since, else the person its clause was given (the one named last), else
/// it is dropped (its text cleared).
fn apply_reported(
    (e, sp, carried): RepSpeaker,
    rep_out: &mut [FoundQuote],
    last_speaker: &mut LastSpeaker,
    (pi, base): (usize, usize),
    (text, ms): (&str, &[Mention]),
) {
    let sp = match carried.and_then(|(i, at)| rep_out.get_mut(i).map(|q| (q, at))) {
        Some((q, at)) => {
            let prev = still_speaking(last_speaker, (pi, at), (text, ms)).map(|(n, _, _)| n.clone());
            q.speaker = prev.or_else(|| q.speaker.take());
            if q.speaker.is_none() {
                q.text.clear();
            }
            q.speaker.clone()
        }
        None => sp,
    };
    if let Some(sp) = sp {
        *last_speaker = Some((sp, pi, base + e));
    }
}

/// German present subjunctive (Konjunktiv I) forms of the third person that the indicative never
/// takes: the mood of indirect speech.
const DE_KONJUNKTIV_I: &[&str] = &[
    "sei", "seien", "habe", "werde", "wolle", "konne", "musse", "solle", "durfe", "moge", "gebe", "liege", "stehe",
    "gehe",
];

/// Whether a German sentence is in indirect speech: a Konjunktiv I form among its words.
fn konjunktiv_i(sentence: &str) -> bool {
    words(sentence).iter().any(|w| DE_KONJUNKTIV_I.contains(&w.folded.as_str()))
}

/// Words in a clause; for Chinese, characters by two.
fn clause_len(s: &str) -> usize {
    s.split_whitespace().count().max(s.chars().filter(|c| is_han(*c)).count() / 2)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// Turkish participles of reporting verbs that stand before their subject ("… vurgulayan
/// Borrell, …", "… diyen Karamollaoğlu"), folded.
#[rustfmt::skip]
const TR_PARTICIPLES: &[&str] = &[
    "diyen", "belirten", "vurgulayan", "kaydeden", "soyleyen", "aciklayan", "savunan", "suren", "anlatan",
    "hatirlatan", "ekleyen", "bildiren", "getiren", "eden", "ceken", "animsatan", "yineleyen", "uyaran", "soran",
    "aktaran", "degerlendiren", "yanitlayan", "isaret", "dile",
];

/// Turkish nouns of saying with a possessive ending, after a quote ("“…” açıklaması").
#[rustfmt::skip]
const TR_POSSESSED: &[&str] = &[
    "aciklamasi", "aciklamasini", "aciklamasiyla", "sozleri", "sozlerini", "sozleriyle", "ifadesi", "ifadesini",
    "ifadeleri", "ifadelerini", "talimati", "talimatini", "cagrisi", "cagrisini", "mesaji", "mesajini", "yorumu",
    "yorumunu", "paylasimi", "paylasimini", "sorusu", "sorusunu", "tepkisi", "uyarisi", "uyarisini",
];

/// A Turkish reporting participle in `para[from..to]` followed by a name and a comma (title
/// words may stand between): the name, and where the participle starts (the last such one).
fn participle_subject(para: &str, from: usize, to: usize, ms: &[Mention]) -> Option<(String, usize)> {
    let ws = words(&para[from..to]);
    ws.iter().rev().find_map(|w| {
        if !TR_PARTICIPLES.contains(&w.folded.as_str()) {
            return None;
        }
        let (ps, pe) = (from + w.start, from + w.end);
        // The name before the comma, after title words that may hold a name ("… belirten
        // Dernek Başkanı Ayşe Tan, …").
        ms.iter().filter(|m| m.start >= pe && m.end <= to).find_map(|m| {
            let gap = &para[pe..m.start];
            let titled = gap.split_whitespace().count() <= 3
                && gap.split_whitespace().all(|g| g.chars().next().is_some_and(char::is_uppercase));
            let comma = para[m.end..].trim_start_matches(|c: char| c.is_alphabetic() || c == '\'' || c == '’');
            (titled && comma.starts_with(',')).then(|| (m.name.clone(), ps))
        })
    })
}

/// Turkish: the name in the genitive before a quote that a possessed noun of saying follows
/// ("Erdoğan'ın, “…” açıklaması" → Erdoğan).
fn possessor(para: &str, s: usize, start: usize, end: usize, ms: &[Mention]) -> Option<String> {
    let next = words(&para[end..ceil(para, (end + 64).min(para.len()))]).into_iter().next()?;
    if !TR_POSSESSED.contains(&next.folded.as_str()) || para[end..end + next.start].contains(['.', ',']) {
        return None;
    }
    const GENITIVE: &[&str] = &["ın", "in", "un", "ün", "nın", "nin", "nun", "nün"];
    ms.iter()
        .rfind(|m| {
            m.start >= s && m.end <= start && {
                let rest = &para[m.end..];
                let rest = rest.strip_prefix(['\'', '’']).unwrap_or("");
                GENITIVE
                    .iter()
                    .any(|g| rest.strip_prefix(g).is_some_and(|r| r.chars().next().is_none_or(|c| !c.is_alphabetic())))
            }
        })
        .map(|m| m.name.clone())
}

/// Verbs whose object is the one spoken to ("told Reuters"), folded.
const LISTENER_VERBS: &[&str] = &["told", "tells", "tell", "telling", "informed", "briefed"];

/// The article, its name mentions and the byte offset of the paragraph being read.
struct Doc<'a> {
    text: &'a str,
    all: &'a [Mention],
    base: usize,
    /// The article's language: reported speech needs a reporting verb of that language.
    lang: Option<&'a str>,
}

/// Articles before a role noun ("the bureau", "le directeur", "die Ministerin").
#[rustfmt::skip]
const ROLE_ARTICLES: &[&str] = &[
    "the", "le", "la", "l", "der", "die", "das", "el", "il", "lo", "de", "het", "o", "a", "den", "det",
];

/// A role written as a common noun phrase in `para[from..to]`: an article and the lower-case
/// words after it up to a reporting verb or punctuation ("the bureau", "le directeur général
/// de l'enseignement scolaire"), folded; the first is the head noun.
fn role_phrase(para: &str, from: usize, to: usize) -> Option<Vec<String>> {
    let part = &para[from..to];
    let ws = words(part);
    let k = ws.iter().position(|w| {
        let f = w.folded.trim_end_matches(['\'', '’']);
        ROLE_ARTICLES.contains(&f)
            || f.strip_prefix("l'").or_else(|| f.strip_prefix("l’")).is_some_and(|r| !r.is_empty())
    })?;
    let mut out = Vec::new();
    // "l'opérateur": the noun is glued to the article.
    if let Some(r) = ws[k].folded.strip_prefix("l'").or_else(|| ws[k].folded.strip_prefix("l’"))
        && !r.is_empty()
    {
        out.push(r.to_string());
    }
    for (i, w) in ws.iter().enumerate().skip(k + 1) {
        let raw = &part[w.start..w.end];
        let gap = &part[ws[i - 1].end..w.start];
        if out.len() >= 6 || is_verb(&w.folded) || gap.contains([',', '.', ';', ':', '(']) {
            break;
        }
        // The head noun is lower case (a name would be found as one).
        if out.is_empty() && !raw.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        out.push(w.folded.clone());
    }
    let out: Vec<String> =
        out.into_iter().map(|w| w.trim_start_matches("l'").trim_start_matches("l’").to_string()).collect();
    let head = out.first()?;
    (head.chars().count() >= 3 && !PRONOUNS.contains(&head.as_str())).then_some(out)
}

/// A role phrase right after the reporting verb that follows a quote ("», indique
/// l'association", "”, said the ministry", "“, schrieb die Staatsoper"), for [`role_referent`]:
/// the article and the words after it up to punctuation, folded (German nouns are capitalised,
/// so the head may be). None when a name follows as an apposition or inside the phrase ("»,
/// a déclaré la maire, Irena Castelli", "said the minister Ann Roe").
fn role_after_verb(para: &str, from: usize, to: usize, ms: &[Mention]) -> Option<Vec<String>> {
    let (vpos, vend) = find_verb(para, from, to)?;
    if words(&para[from..vpos]).len() > 1 {
        return None;
    }
    let part = &para[vend..to];
    let ws = words(part);
    let first = ws.first()?;
    let f = first.folded.trim_end_matches(['\'', '’']);
    let glued = f.strip_prefix("l'").or_else(|| f.strip_prefix("l’")).filter(|r| !r.is_empty());
    if !(ROLE_ARTICLES.contains(&f) || glued.is_some()) || !part[..first.start].trim().is_empty() {
        return None;
    }
    // The phrase ends at punctuation; a name there or right after its comma is the speaker.
    let stop = part.find([',', '.', ';', ':', '(', '!', '?']).unwrap_or(part.len());
    let reach = vend + stop + part[stop..].chars().take(3).map(char::len_utf8).sum::<usize>();
    if ms.iter().any(|m| m.start >= vend && m.start < reach) {
        return None;
    }
    let mut out: Vec<String> = glued.map(str::to_string).into_iter().collect();
    out.extend(
        ws.iter().skip(1).take_while(|w| w.end <= stop && !is_verb(&w.folded)).take(6).map(|w| w.folded.clone()),
    );
    let head = out.first()?;
    (head.chars().count() >= 3 && !PRONOUNS.contains(&head.as_str())).then_some(out)
}

/// The latest organisation named before byte `at` whose name shares a content word (five
/// letters or more) of a role `phrase` after its head noun ("l'association de défense des
/// consommateurs" → "Union des Consommateurs").
fn org_sharing(ms: &[Mention], phrase: &[String], at: usize) -> Option<String> {
    let content: Vec<&String> = phrase.iter().skip(1).filter(|w| w.chars().count() >= 5).collect();
    ms.iter()
        .rev()
        .filter(|m| m.end <= at && !m.person && !m.place)
        .find(|m| m.name.split_whitespace().any(|w| content.contains(&&norm(w))))
        .map(|m| m.name.clone())
}

/// The person or organisation the article named before byte `at` with the role `phrase`
/// (folded words, head noun first): a name containing the head noun ("the bureau" → "Bureau
/// of Meteorology"), or a name written next to the role ("Édouard Geffray, directeur général
/// de l'enseignement scolaire"); the one sharing most of the phrase's words, then the latest.
fn role_referent(doc: &Doc<'_>, phrase: &[String], at: usize) -> Option<String> {
    let head = phrase.first()?;
    let text = doc.text;
    let mut best: Option<((usize, bool), &Mention)> = None;
    for m in doc.all.iter().filter(|m| m.end <= at) {
        let own: Vec<String> = m.name.split_whitespace().map(norm).collect();
        let in_name = own.iter().any(|w| w == head || (head.chars().count() >= 5 && w.ends_with(head.as_str())));
        let lo = crate::floor_char_boundary(text, m.start.saturating_sub(60));
        let hi = ceil(text, (m.end + 80).min(text.len()));
        // The role written right before the name ("directrice Anne Roux") or as an apposition
        // after it ("Anne Roux, directrice de …,").
        const STOPS: [char; 8] = ['.', '!', '?', '\n', ',', ';', '(', ')'];
        let before = &text[lo..m.start];
        let before = before.rfind(STOPS).map_or(before, |i| &before[i + 1..]);
        let after = text[m.end..hi].trim_start();
        let after = match after.strip_prefix([',', '(']) {
            Some(rest) => rest.find(STOPS).map_or(rest, |i| &rest[..i]),
            None => "",
        };
        let ctx: Vec<String> = words(before)
            .into_iter()
            .chain(words(after))
            .map(|w| w.folded.trim_start_matches("l'").trim_start_matches("l’").to_string())
            .collect();
        if !in_name && !ctx.iter().any(|w| w == head) {
            continue;
        }
        let score = 1
            + usize::from(in_name)
            + phrase.iter().skip(1).filter(|p| p.chars().count() >= 3 && ctx.contains(p)).count();
        // Ties: a person over an organisation (an acronym after the role), then the latest.
        let score = (score, m.person);
        if best.is_none_or(|(b, _)| score >= b) {
            best = Some((score, m));
        }
    }
    best.map(|(_, m)| m.name.clone())
}

/// Auxiliaries between a subject and a past participle ("ha comunicato", "a indiqué").
#[rustfmt::skip]
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "hat", "hatte", "a", "avait", "ha", "aveva", "har", "hade", "heeft", "had", "tem", "ha",
    "han", "habia", "имеет",
];

/// Words that join the parts of an organisation's name ("Institutet för Klimatdata", "Bureau of
/// Meteorology", "Observatorio Ibérico de la Vivienda").
#[rustfmt::skip]
const NAME_JOINERS: &[&str] = &[
    "of", "for", "and", "de", "del", "de la", "la", "des", "du", "di", "della", "delle", "dei", "degli", "van",
    "voor", "von", "fur", "der", "for", "och", "i", "y", "e", "et", "und", "en", "do", "da", "dos", "das", "pour",
    "per", "para",
];

/// A name (of several capitalised words, or a quoted name) that opens the sentence at `s` and
/// stands right before the verb at `vstart`, after at most a determiner and a common noun
/// ("El club Deportivo Sierra", "Компания «Северный лён»"), with at most an auxiliary between
/// it and the verb. It must contain a found name or be two capitalised words or more.
fn opening_name(para: &str, s: usize, vstart: usize, in_sentence: &[&Mention]) -> Option<(String, usize)> {
    let toks: Vec<(usize, &str)> =
        para[s..vstart].split_whitespace().map(|w| (w.as_ptr() as usize - para.as_ptr() as usize, w)).collect();
    if toks.is_empty() || toks.len() > 9 {
        return None;
    }
    let mut lo = 0;
    let mut hi = toks.len();
    if hi > 1 && AUXILIARIES.contains(&norm(toks[hi - 1].1).as_str()) {
        hi -= 1;
    }
    // A leading determiner, elided ("L'Istituto") or not.
    let strip_det = |w: &str| -> usize {
        let f = norm(w);
        if let Some(i) = w.find(['\'', '’'])
            && (f.starts_with("l'") || f.starts_with("l’"))
        {
            return i + w[i..].chars().next().map_or(1, char::len_utf8);
        }
        0
    };
    let mut first_off = strip_det(toks[0].1);
    if first_off == 0 && crate::entities::is_determiner(toks[0].1) {
        lo = 1;
    }
    let cap = |w: &str| {
        let w = w.trim_start_matches(['«', '"', '“', '„', '(']);
        let w = match w.find(['\'', '’']) {
            Some(i) if i <= 2 => &w[i + w[i..].chars().next().map_or(1, char::len_utf8)..],
            _ => w,
        };
        w.chars().next().is_some_and(char::is_uppercase)
    };
    // A common noun before the name ("the club", "Компания").
    if lo < hi && hi - lo >= 2 && !cap(&toks[lo].1[if lo == 0 { first_off } else { 0 }..]) && cap(toks[lo + 1].1) {
        lo += 1;
        first_off = 0;
    } else if lo == 0 && hi >= 2 && first_off == 0 && toks[0].1.chars().all(char::is_alphabetic) {
        // A capitalised common noun opening a sentence before a quoted name ("Компания «…»").
        if toks[1].1.starts_with(['«', '"', '“', '„']) {
            lo = 1;
        }
    }
    if lo >= hi {
        return None;
    }
    let mut in_quote = false;
    let mut caps = 0;
    for (k, (_, w)) in toks[lo..hi].iter().enumerate() {
        let w = if k == 0 && lo == 0 { &w[first_off..] } else { *w };
        let opens = w.starts_with(['«', '"', '“', '„']);
        if opens {
            in_quote = true;
        }
        let ok = in_quote || cap(w) || (k > 0 && NAME_JOINERS.contains(&norm(w).as_str()));
        if !ok || w.ends_with([',', ';', ':', '.']) {
            return None;
        }
        caps += usize::from(cap(w));
        if w.ends_with(['»', '"', '”']) {
            in_quote = false;
        }
    }
    let (start, _) = toks[lo];
    let start = if lo == 0 { start + first_off } else { start };
    let (last_at, last) = toks[hi - 1];
    let end = last_at + last.len();
    let has_mention = in_sentence.iter().any(|m| m.start < end && m.end > start);
    if !(has_mention || caps >= 2) || NAME_JOINERS.contains(&norm(last).as_str()) {
        return None;
    }
    let name = para[start..end].trim_matches(['«', '»', '"', '“', '”', '„']).trim();
    let folded = norm(name);
    if PRONOUNS.contains(&folded.as_str()) || name.is_empty() {
        return None;
    }
    Some((name.to_string(), end))
}

/// "NAME said (that) CLAUSE" or "CLAUSE, NAME said": the speaker and the clause, and whether
/// the verb carries its subject ("وأضاف أن …": the speaker is the one before).
fn reported(
    para: &str,
    s: usize,
    e: usize,
    local: &[Mention],
    doc: &Doc<'_>,
    after_quote: bool,
) -> Option<(Option<String>, String, bool)> {
    let (all, base) = (doc.all, doc.base);
    let sentence = &para[s..e];
    let ws = words(sentence);
    let word_verb =
        ws.iter().position(|w| is_verb_in(&w.folded, doc.lang) && w.folded != "so" && w.folded != "according");
    let han_verb = HAN_VERBS.iter().filter_map(|v| sentence.find(v).map(|i| (s + i, s + i + v.len()))).min();
    let (verb, vstart, vend) = match (word_verb, han_verb) {
        (Some(v), Some((a, _))) if s + ws[v].start <= a => (v, s + ws[v].start, s + ws[v].end),
        (_, Some((a, b))) => (ws.iter().position(|w| s + w.start >= a)?, a, b),
        (Some(v), None) => (v, s + ws[v].start, s + ws[v].end),
        (None, None) => return None,
    };
    let in_sentence: Vec<&Mention> = local.iter().filter(|m| m.start >= s && m.end <= e).collect();
    // Subject before the verb: a person by evidence first, then a person, then a name next to it.
    // "CLAUSE, fügte Kellner hinzu", "CLAUSE, a déclaré X": a verb right after a comma has its
    // subject after it; the names before the comma are in the clause.
    let pre = para[s..vstart].trim_end();
    let pre = match pre.rsplit_once(char::is_whitespace) {
        Some((rest, last)) if AUXILIARIES.contains(&norm(last).as_str()) => rest.trim_end(),
        _ => pre,
    };
    // Not an apposition before the verb ("Die Ministerin, Anna Roth, sagte") nor a verb with its
    // clause after it ("El jugador, de 31 años, dijo que …").
    let that_next = ws.iter().skip(verb + 1).take(2).any(|w| is_that_word(&w.folded));
    // The subject right after the verb ends the sentence or an apposition follows it: "…,
    // sagte Kellner.", "…, said Ann Roe, a nurse." ("…, said Russia would …" is no inversion).
    let short_after = |at: usize| {
        let rest = para[at..e].trim_start();
        rest.starts_with([',', '.', '(', ';']) || rest.split_whitespace().count() <= 4
    };
    let subject_after =
        in_sentence.iter().any(|m| {
            m.start >= vend && {
                let gap = &para[vend..m.start];
                gap.split_whitespace().count() <= 3 && !gap.contains([',', '.', ';']) && short_after(m.end)
            }
        }) || ws.get(verb + 1).is_some_and(|w| PRONOUNS.contains(&w.folded.as_str()) && short_after(s + w.end));
    let inverted = (pre.ends_with(',') && !that_next && subject_after)
        .then(|| s + pre.len() - 1)
        .filter(|&c| !in_sentence.iter().any(|m| m.end <= c && para[m.end..c].trim().is_empty()));
    let before_verb: Vec<&&Mention> =
        in_sentence.iter().filter(|m| m.end <= vstart && !m.governed && inverted.is_none_or(|c| m.start > c)).collect();
    let subject = before_verb
        .iter()
        .filter(|m| m.sure)
        .max_by_key(|m| m.end)
        .or_else(|| before_verb.iter().filter(|m| m.person && vstart - m.end <= 60).max_by_key(|m| m.end))
        .map(|m| (m.name.clone(), m.end))
        // An organisation opening the sentence right before the verb ("L'Istituto Nazionale di
        // Statistica ha comunicato che", "Institutet för Klimatdata meddelade att").
        .or_else(|| opening_name(para, s, vstart, &in_sentence))
        .or_else(|| {
            before_verb.iter().filter(|m| vstart - m.end <= 3).max_by_key(|m| m.end).map(|m| (m.name.clone(), m.end))
        });
    // A pronoun up to two words before the verb ("Он также сообщил", "Il a précisé"), or a
    // title standing for the person named before ("The Attorney General also said that").
    let pronoun = ws[verb.saturating_sub(3)..verb]
        .iter()
        .filter(|w| inverted.is_none_or(|c| s + w.start > c))
        .any(|w| PRONOUNS.contains(&w.folded.as_str()) || crate::roles::is_title_word(&w.folded));
    let trim = |c: &str| {
        c.trim()
            .trim_start_matches(['，', '：', ',', ':'])
            .trim_end_matches(['.', '!', '?', ',', '。'])
            .trim()
            .to_string()
    };
    // Verb first (ar): "صرح التاجر كريم العلي بأن …", "وأضاف أن …": the subject stands between
    // the verb and "that", or the verb carries it (the one named before).
    if subject.is_none()
        && !pronoun
        && para[vstart..vend].chars().next().is_some_and(|c| matches!(c as u32, 0x0600..=0x06FF))
    {
        let is_that = is_that_word;
        // Not a word of a quoted name ("شبكة «سي إن إن» أن …").
        let quoted_at = |at: usize| {
            let before = &para[s..at];
            before.matches('«').count() > before.matches('»').count()
        };
        if let Some(k) =
            (verb + 1..ws.len().min(verb + 14)).find(|&k| is_that(&ws[k].folded) && !quoted_at(s + ws[k].start))
        {
            let that_at = s + ws[k].start;
            let clause = trim(&para[s + ws[k].end..e]);
            // An organisation after a name and a title is the speaker's ("أكد سامي ناصر عضو لجنة
            // الصحة أن …": the committee is his): the speaker is the name after the verb.
            let named_mention = in_sentence.iter().find(|m| m.start >= vend && m.end <= that_at);
            let is_title = |w: &str| {
                let w = w.trim_end_matches(['،', ',']);
                crate::roles::is_title_word(w) || ARABIC_TITLES.contains(&w) || AR_POSTS.contains(&w)
            };
            let role_of_name = |m: &&&Mention| {
                let gap: Vec<&str> = para[vend..m.start].split_whitespace().collect();
                gap.last().is_some_and(|w| is_title(w)) && gap.iter().any(|w| !is_title(w))
            };
            let after_name = (k > verb + 1).then(|| arabic_name_after(para, vend, that_at)).flatten();
            let named = match named_mention {
                Some(m) if !m.person && role_of_name(&m) => after_name.or_else(|| Some(m.name.clone())),
                Some(m) => Some(m.name.clone()),
                None => after_name,
            };
            // A subject opening the sentence before the verb, with a relative clause or "كان"
            // ("وكانت جامعة النور التي تدير المشروع أعلنت أن …").
            let opening = (k == verb + 1).then(|| arabic_subject_before(para, s, vstart, &in_sentence)).flatten();
            // "واعتبرت الوزيرة أن …": a definite title alone carries the subject too.
            let bare = named_mention.is_none()
                && ar_bare_title(&ws[verb + 1..k].iter().map(|w| &para[s + w.start..s + w.end]).collect::<Vec<_>>());
            let carried = (k == verb + 1 || bare) && opening.is_none();
            let speaker = match opening {
                Some(name) => Some(name),
                None if carried => last_mentioned(all, base + s),
                None => named,
            };
            if clause_len(&clause) >= 3 && (speaker.is_some() || carried) {
                return Some((speaker, clause, carried));
            }
        }
    }
    if subject.is_some() || pronoun {
        // The clause after the verb, after "that" when there is one within two words, or after
        // a prepositional phrase ("said in a statement on Monday that").
        // "told reporters in Oslo": the one told, then an adverbial phrase.
        let prep_after = LISTENER_VERBS.contains(&ws[verb].folded.as_str())
            || ws.get(verb + 1).is_some_and(|w| PHRASE_PREPOSITIONS.contains(&w.folded.as_str()));
        let reach = if prep_after { verb + 10 } else { verb + 2 };
        let mut k = verb + 1;
        let is_that = is_that_word;
        while k < ws.len() && k <= reach && !is_that(&ws[k].folded) {
            k += 1;
        }
        let that = k < ws.len() && is_that(&ws[k].folded);
        // "CLAUSE, the Command confirmed in a statement, and …": what follows the verb is no
        // clause; the reported clause is the one before the subject's comma, or there is none.
        if prep_after
            && !that
            && let Some((name, m_end)) = &subject
            && let Some(c) = para[s..*m_end].rfind(',').map(|i| s + i)
            && para[c..*m_end].split_whitespace().count() <= 8
        {
            let clause = trim(&para[s..c]);
            return (clause.split_whitespace().count() >= 4).then(|| (Some(name.clone()), clause, false));
        }
        if prep_after && !that && subject.is_some() {
            return None;
        }
        // "qu'il allait …": the clause starts after the elided "qu'".
        let from = match ws.get(k).filter(|_| that) {
            Some(w) if w.folded.starts_with("qu") && w.folded.len() > 3 => {
                let raw = &para[s + w.start..s + w.end];
                s + w.start + raw.find(['\'', '’']).map_or(0, |i| i + raw[i..].chars().next().map_or(1, char::len_utf8))
            }
            Some(w) => s + w.end,
            None => vend,
        };
        // After a quote, "he wrote in a post on Monday" is an attribution, not a clause; nor is
        // the object of a verb that reports speech only with "that" ("continued attacks on",
        // "responded to the assault").
        let object_verb = OBJECT_VERBS.contains(&ws[verb].folded.as_str());
        if object_verb && !that && !prep_after && verb + 1 < ws.len() {
            // The verb has an object, not a clause, and does not close a "CLAUSE, X added".
            return None;
        }
        let mut clause = if (after_quote || object_verb) && !that { String::new() } else { trim(&para[from..e]) };
        // Verb-final languages (tr): "Mehmet Aydoğan, ilçede … açılacağını açıkladı." (the
        // verb ends the sentence, or comes before its auxiliary: "işaret etti").
        if clause_len(&clause) < 3
            && verb + 2 >= ws.len()
            && let Some((_, m_end)) = &subject
        {
            clause = trim(para[*m_end..vstart].trim_start_matches([',', ' ', '\'', '’']));
        }
        if clause_len(&clause) >= 3 {
            // "Le directeur général de l'enseignement scolaire précise que …": the person the
            // article named with that role before.
            let speaker = match subject {
                Some((name, _)) => Some(name),
                None => role_phrase(para, s, vstart)
                    .and_then(|p| role_referent(doc, &p, base + s))
                    .or_else(|| last_mentioned(all, base + s)),
            };
            return Some((speaker, clause, false));
        }
    }
    // "CLAUSE, NAME said." / "CLAUSE, said NAME."
    let comma = para[s..vstart].rfind(',').map(|i| s + i)?;
    let tail_mention = in_sentence.iter().find(|m| m.start > comma);
    let clause = trim(&para[s..comma]);
    // The name right after the verb may be followed by an apposition ("…, a détaillé lundi
    // Édouard Geffray, directeur général de …").
    if let Some(m) = tail_mention
        && clause.split_whitespace().count() >= 4
        && (e - vend < 60 || (m.start >= vend && para[vend..m.start].split_whitespace().count() <= 2))
    {
        return Some((Some(m.name.clone()), clause, false));
    }
    // "CLAUSE, the bureau said." / "CLAUSE, sagte die Abgeordnete." / "CLAUSE, souligne-t-elle.":
    // the speaker is the one named before.
    let tail = &para[comma..e];
    if clause.split_whitespace().count() >= 4 && tail.split_whitespace().count() <= 8 && !after_quote {
        let role = role_phrase(para, comma, e).and_then(|p| role_referent(doc, &p, base + s));
        return Some((role.or_else(|| last_mentioned(all, base + s)), clause, false));
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
    fn the_object_of_a_verb_is_not_speech() {
        let got = q("Officials said Israel and the US have continued attacks on the capital since Sunday.", "en");
        assert!(!got.iter().any(|(x, _)| x.starts_with("attacks on")), "{got:?}");
        let got = q("The envoy, Omar Haddad, has rejected reports in the press and continued talks on Monday.", "en");
        assert!(got.is_empty(), "{got:?}");
        let got = q(
            "The envoy of the council, Omar Haddad, has denied the reports, as both sides have continued talks.",
            "en",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = q("The bridge will reopen before the winter, Castelli added.", "en");
        assert!(
            got.iter()
                .any(|(x, s)| x == "The bridge will reopen before the winter" && s.as_deref() == Some("Castelli")),
            "{got:?}"
        );
        let got = q("The Ministry of Defence has responded to the assault with strikes on three depots.", "en");
        assert!(got.is_empty(), "{got:?}");
        let got = q("Mayor Irena Castelli added that the bridge would reopen in spring.", "en");
        assert!(got.iter().any(|(x, _)| x == "the bridge would reopen in spring"), "{got:?}");
    }

    #[test]
    fn reported_speech_before_a_subject_and_a_prepositional_phrase() {
        let t = "Two sailors were killed in the blast, the Northern Fleet Command (NFC) confirmed in a statement, \
                 and four others were “badly hurt” on the pier.";
        let got = q(t, "en");
        assert!(got.iter().any(|(x, s)| x == "Two sailors were killed in the blast" && s.as_deref() == Some("NFC")));
        assert!(!got.iter().any(|(x, _)| x.contains("in a statement")), "{got:?}");
        // "that" after the phrase: the clause after it.
        let got = q("The Port Authority said in a statement on Tuesday that it had repaired the crane.", "en");
        assert!(got.iter().any(|(x, _)| x == "it had repaired the crane"), "{got:?}");
        // No clause: nothing ("sprach am Montag in Erfurt").
        let got = q("Parteichefin Jana Roth sprach am Montag in Erfurt.", "de");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn reporting_verbs_of_another_language_are_not_verbs() {
        // "resume" is a French reporting verb, not an English one.
        let t = "Harold Vance has refuted press reports claiming he had made a new push to resume trade talks \
                 with Lisbon, as Norway prepared new tariffs.";
        let got = q(t, "en");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn german_indirect_speech_goes_on_in_the_subjunctive() {
        let t = "Gesundheitsministerin Jana Roth sagte am Montag, dass die Lage in den Kliniken ernst sei. Man \
                 werde die Zahl der Betten bis Ende Mai verdoppeln.\n\nDer Plan wurde im Landtag vorgestellt.";
        let got = q(t, "de");
        assert!(got.iter().any(|(x, s)| x.starts_with("Man werde") && s.as_deref() == Some("Jana Roth")), "{got:?}");
        assert!(!got.iter().any(|(x, _)| x.starts_with("Der Plan")), "{got:?}");
        // With no one speaking before, a subjunctive sentence is no quote.
        // Umlauts are folded: "könne", "müsse", "dürfe", "möge".
        assert!(["Man könne", "Er müsse", "Sie dürfe", "Es möge"].iter().all(|s| konjunktiv_i(s)));
        let alone = "Die Zahl der Betten werde bis Ende Mai verdoppelt, hieß es aus Kreisen.";
        assert!(q(alone, "de").iter().all(|(x, s)| !x.starts_with("Die Zahl") || s.is_some()));
    }

    #[test]
    fn an_inverted_verb_after_a_comma_has_its_subject_after_it() {
        let t = "Parteichefin Jana Roth kam nach Erfurt.\n\nDie Wahl des Politikers Thomas Berger sei ein schwerer \
                 Fehler gewesen, fügte Roth hinzu.";
        let got = q(t, "de");
        assert!(got.iter().any(|(x, s)| x.starts_with("Die Wahl") && s.as_deref() == Some("Jana Roth")), "{got:?}");
    }

    #[test]
    fn a_given_name_makes_a_person_over_a_party() {
        let t = "Der Bildungsminister Karl Weber (SPD) teilte am Montag mit: „Die Schulen bleiben bis Ende Mai \
                 geschlossen.“";
        assert_eq!(speaker_of(t, "de", "Die Schulen").as_deref(), Some("Karl Weber"));
        assert_eq!(person_shape("Land Brandenburg"), -1);
        assert_eq!(person_shape("New South"), -1);
        assert_eq!(person_shape("Holmer FKS"), -1);
        assert_eq!(person_shape("Kunstminister Karl Weber"), 1);
    }

    #[test]
    fn reported_speech_before_a_quote_makes_its_speaker() {
        let t = "Lena Fischer sprach in Kiel.\n\nParteichef Jonas Brandt hatte am Freitag erklärt, die Worte der \
                 Vorsitzenden und ihres Sprechers Paul Meier hätten ihn „beeindruckt“. Er fuhr fort: „Es ist gut, wie \
                 klar sie sich abgrenzen von den Radikalen.“";
        assert_eq!(speaker_of(t, "de", "Es ist gut").as_deref(), Some("Jonas Brandt"));
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

    fn speaker_of(text: &str, lang: &str, start: &str) -> Option<String> {
        let got = quotes(text, Some(lang));
        got.iter()
            .find(|q| q.text.starts_with(start))
            .unwrap_or_else(|| panic!("{start:?} not in {got:?}"))
            .speaker
            .clone()
    }

    #[test]
    fn a_pronoun_is_the_person_named_after_the_last_quote() {
        let t = "Mayor Tom Brennan opened the meeting. “The new bridge will open in May,” Brennan said. \
            Shop owner Alice Moreau was less sure. “Nobody has asked us about the parking,” she said.";
        assert_eq!(speaker_of(t, "en", "Nobody has asked").as_deref(), Some("Alice Moreau"));
        assert_eq!(speaker_of(t, "en", "The new bridge").as_deref(), Some("Tom Brennan"));
    }

    #[test]
    fn scare_quotes_do_not_hide_reported_speech() {
        let t = "Paolo Ferri said the so-called “green tax” would be dropped by the end of the year.";
        assert!(quotes(t, Some("en")).iter().any(|q| q.reported && q.speaker.as_deref() == Some("Paolo Ferri")));
    }

    #[test]
    fn arabic_verbs_under_clitics_and_hamza() {
        // "The company announced that it will open three new branches next year."
        let t = "أعلنت شركة النور للنقل أنها ستفتح ثلاثة فروع جديدة في العام المقبل.";
        assert!(arabic_verb(&norm("أعلنت")) && arabic_verb(&norm("وتقول")) && is_verb(&norm("وأكد")));
        assert!(
            quotes(t, Some("ar")).iter().any(|q| q.reported && q.text.contains("فروع")),
            "{:?}",
            quotes(t, Some("ar"))
        );
    }

    #[test]
    fn arabic_subject_after_the_verb() {
        // "The engineer Samir Haddad stated that the works will end in the summer."
        let t = "وصرح المهندس سمير حداد بأن الأعمال ستنتهي في فصل الصيف المقبل.";
        let got = quotes(t, Some("ar"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("سمير حداد"), "{got:?}");
        assert!(r.text.starts_with("الأعمال"), "{r:?}");
    }

    #[test]
    fn an_organisation_opening_the_sentence_is_the_speaker() {
        let t = "L'Institut Régional de Météorologie a annoncé que les pluies reviendront dès la semaine prochaine.";
        let got = quotes(t, Some("fr"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert!(r.speaker.as_deref().is_some_and(|s| s.ends_with("Météorologie")), "{got:?}");
        let t = "Stiftelsen Grön Framtid meddelade att antalet volontärer har fördubblats sedan i fjol.";
        let got = quotes(t, Some("sv"));
        assert!(got.iter().any(|q| q.reported && q.speaker.as_deref() == Some("Stiftelsen Grön Framtid")), "{got:?}");
    }

    #[test]
    fn turkish_participles_and_possessors() {
        let t = "Belediye Başkanı Kemal Yurt, yeni parkın yaz aylarında açılacağını belirtti. \
            Parkın çocuklar için önemli olduğunu vurgulayan Yurt, “Herkesi açılışa bekliyoruz, gelin görün” dedi.";
        let got = quotes(t, Some("tr"));
        assert!(
            got.iter().filter(|q| !q.text.is_empty()).all(|q| q.speaker.as_deref() == Some("Kemal Yurt")),
            "{got:?}"
        );
        assert!(got.iter().any(|q| q.reported && q.text.starts_with("Parkın çocuklar")), "{got:?}");
        let t = "Vali Ayşe Demir ile Bakan Mert Kaya görüştü. Kaya'nın “Yollar bu ay içinde açılacak” açıklaması dikkat çekti.";
        assert_eq!(speaker_of(t, "tr", "Yollar bu ay").as_deref(), Some("Mert Kaya"));
    }

    #[test]
    fn a_role_noun_is_the_one_named_with_it() {
        let t = "The National Weather Agency issued a warning on Monday. Tom Riley, the mayor of Eastbrook, \
            opened a shelter.\n\nThe storm will reach the coast by Tuesday night, the agency said.";
        let got = quotes(t, Some("en"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("National Weather Agency"), "{got:?}");
        let t = "Anne Roux, directrice de l'hôpital de Brives, et Marc Petit, maire de Brives, ont visité le site. \
            La directrice de l'hôpital précise qu'aucun patient ne sera transféré avant la fin du mois.";
        let got = quotes(t, Some("fr"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("Anne Roux"), "{got:?}");
    }

    #[test]
    fn the_one_told_is_not_the_speaker() {
        let t = "“We saw the smoke from the kitchen window this morning,” Lena, a nurse who lives nearby, told Radio North.";
        assert_eq!(speaker_of(t, "en", "We saw the smoke").as_deref(), Some("Lena"));
    }

    #[test]
    fn a_speaker_after_the_verb_with_an_apposition() {
        let t = "Les hôpitaux recevront des masques dès lundi, a indiqué mardi Julien Marchal, directeur de l'agence régionale de santé, lors d'une conférence.";
        let got = quotes(t, Some("fr"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("Julien Marchal"), "{got:?}");
    }

    #[test]
    fn arabic_verb_that_carries_its_subject_is_the_speaker_before() {
        // "Minister Kamal Dawood said: «…». He added that the government will hire …"
        let t = "وقال الوزير كمال داود: «سنفتح المدارس الجديدة في الخريف المقبل». وأضاف أن الحكومة ستوظف ألف معلم جديد هذا العام.";
        let got = quotes(t, Some("ar"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("كمال داود"), "{got:?}");
        assert!(r.text.starts_with("الحكومة"), "{r:?}");
        // No one before: nothing.
        let got = quotes("وأضاف أن الحكومة ستوظف ألف معلم جديد هذا العام.", Some("ar"));
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn arabic_name_in_apposition_to_a_title() {
        // "The general manager of the factory, Nader Suleiman, explained that …"
        let t = "وأوضح المدير العام للمصنع، نادر سليمان، أن الإنتاج سيرتفع خلال الأشهر المقبلة.";
        let got = quotes(t, Some("ar"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("نادر سليمان"), "{got:?}");
    }

    #[test]
    fn arabic_subject_before_the_verb_with_a_relative_clause() {
        // "The Nour association, which runs the project, had announced that …"
        let t = "وصل الوزير كمال داود إلى المدينة.\n\nوكانت جمعية النور التي تدير المشروع أعلنت أنها ستوزع المساعدات على ألف أسرة.";
        let got = quotes(t, Some("ar"));
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("جمعية النور"), "{got:?}");
    }

    #[test]
    fn an_arabic_statement_speaks_for_its_organisation() {
        // "The media office of the ministry of agriculture denied the reports. A statement of the
        // ministry said: «…». The statement explained that …"
        let t = "نفى مكتب الإعلام في وزارة الزراعة التقارير الأخيرة.\n\nوقال بيان للوزارة: «لا صحة لما نشر عن نقص القمح في الأسواق». وأوضح البيان أن المخزون يكفي لستة أشهر على الأقل.";
        let got = quotes(t, Some("ar"));
        assert!(got.len() >= 2, "{got:?}");
        assert!(got.iter().all(|q| q.speaker.as_deref() == Some("مكتب الإعلام في وزارة الزراعة")), "{got:?}");
    }

    #[test]
    fn an_arabic_circumstantial_participle_keeps_the_speaker() {
        // "… said: «…», pointing to «…»": "الى" after "مشيرا" is no name.
        let t = "وقال الوزير سليم الحداد: «المشروع سيكتمل في الربيع المقبل بلا أي تأخير»، مشيرا الى «أن التمويل متوفر بالكامل لهذا العام».";
        assert_eq!(speaker_of(t, "ar", "المشروع").as_deref(), Some("سليم الحداد"));
        assert_eq!(speaker_of(t, "ar", "أن التمويل").as_deref(), Some("سليم الحداد"));
    }

    #[test]
    fn an_arabic_quoted_surname_after_the_verb() {
        // "Samer al-Najjar confirmed that … He added, "al-Najjar", in remarks that …".
        let t = "أكد سامر النجار أن الميناء سيفتح قريبا أمام السفن.\n\nوأضاف \"النجار\" في تصريحات صحفية أن العمل سيستمر طوال الليل في الرصيف الجديد.";
        let got = quotes(t, Some("ar"));
        let q = got.iter().find(|q| q.text.starts_with("العمل")).expect("reported clause");
        assert!(q.speaker.as_deref().is_some_and(|s| s.ends_with("النجار")), "{got:?}");
    }

    #[test]
    fn an_arabic_three_word_name_with_a_long_apposition() {
        // "That came after Dr Abd Allah al-Haddad, director of the centre …, confirmed that …".
        let t = "وكان ذلك بعد أن أكد الدكتور عبد الله الحداد، مدير مركز الدراسات الزراعية في المدينة أن المحصول سيتضاعف هذا العام.";
        let got = quotes(t, Some("ar"));
        assert!(got.iter().any(|q| q.speaker.as_deref() == Some("عبد الله الحداد")), "{got:?}");
    }

    #[test]
    fn an_arabic_definite_noun_is_the_organisation_named_with_it() {
        // "The National News Agency said … The agency added that …".
        let t = "وقالت وكالة الأخبار الوطنية إن الجسر سيفتتح الأسبوع المقبل أمام السيارات.\n\nوأضافت الوكالة أن حركة المرور ستتحول إلى الطريق الساحلي طوال الشهر.";
        let got = quotes(t, Some("ar"));
        let q = got.iter().find(|q| q.text.starts_with("حركة")).expect("reported clause");
        assert_eq!(q.speaker.as_deref(), Some("وكالة الأخبار الوطنية"), "{got:?}");
    }

    #[test]
    fn an_arabic_statement_before_a_colon() {
        // "The ministry of agriculture announced a plan. It came in the ministry's statement
        // handed to journalists: «…»".
        let t = "أعلنت وزارة الزراعة خطة جديدة للموسم.\n\nوجاء في بيان الوزارة الذي وزع على الصحفيين: «ستوزع البذور على المزارعين مجانا حتى نهاية الشهر».";
        assert_eq!(speaker_of(t, "ar", "ستوزع").as_deref(), Some("وزارة الزراعة"));
    }

    #[test]
    fn a_scare_quote_between_the_verb_and_the_quote() {
        // "Minister Salim al-Haddad met the farmers. The National News Agency "WAF" said the
        // decision came "out of care for …"": the agency's short name does not cut the verb off.
        let t = "التقى الوزير سليم الحداد بالمزارعين أمس.\n\nوقالت وكالة الأخبار الوطنية \"واف\" إن القرار جاء \"حرصا على سلامة جميع المسافرين في الميناء\".";
        assert_eq!(speaker_of(t, "ar", "حرصا").as_deref(), Some("وكالة الأخبار الوطنية"));
    }

    #[test]
    fn a_turkish_participle_before_a_title_with_an_organisation() {
        let t = "Toplantıda üyelerin sorunlarını belirten TEKSAD Başkanı Ayşe Tan, \"Bankalar bu dönemde daha esnek olmalı ve destek vermeli\" dedi.";
        assert_eq!(speaker_of(t, "tr", "Bankalar").as_deref(), Some("Ayşe Tan"));
    }

    #[test]
    fn a_verb_that_ends_its_sentence_has_no_subject_after_it() {
        let t = "Ayşe Tan, \"Bankalar bu dönemde daha esnek olmalı ve destek vermeli\" dedi.Mehmet Kaya ise toplantıya katılmadı.";
        assert_eq!(speaker_of(t, "tr", "Bankalar").as_deref(), Some("Ayşe Tan"));
    }

    #[test]
    fn arabic_quoted_names_are_not_statements() {
        // "Radio «Voice of the Free City» says that the number of visitors doubled this year."
        let t = "وتقول إذاعة «صوت المدينة الحر» إن عدد الزوار تضاعف هذا العام.";
        let got = quotes(t, Some("ar"));
        assert!(!got.iter().any(|q| !q.reported), "{got:?}");
        let r = got.iter().find(|q| q.reported).expect("reported");
        assert_eq!(r.speaker.as_deref(), Some("صوت المدينة الحر"), "{got:?}");
        assert!(r.text.starts_with("عدد الزوار"), "{r:?}");
    }

    #[test]
    fn short_scare_quotes_are_ignored() {
        assert!(quotes("He called it “fake news” again.", Some("en")).is_empty());
    }

    #[test]
    fn an_organisation_before_its_person_after_a_quote() {
        let t =
            "“We will keep the old mill running for another decade,” Harlow Milling Board chairman Tobias Wren said.";
        assert_eq!(speaker_of(t, "en", "We will keep").as_deref(), Some("Tobias Wren"));
    }

    #[test]
    fn a_straight_quote_inside_a_straight_quote() {
        let t = "\"Les ventes baissent, ce qui se traduit \"mécaniquement\" par des prix plus bas pour tous\", observe Camille Vernet.";
        let got = quotes(t, Some("fr"));
        let q = got.iter().find(|q| q.text.starts_with("Les ventes")).expect("quote");
        assert!(q.text.ends_with("pour tous"), "{q:?}");
        assert_eq!(q.speaker.as_deref(), Some("Camille Vernet"));
    }

    #[test]
    fn the_last_speaker_carries_across_paragraphs_until_a_new_subject() {
        let t = "«Nous voulons une paix durable pour toute la région», a déclaré Jean Morel.\n\n\
                 La ville compte dix mille habitants.\n\n\
                 Le nouveau préfet de la région est Paul Girard.\n\n\
                 «Les travaux commenceront au printemps prochain sans faute», a-t-il souligné.";
        let got = q(t, "fr");
        assert!(got.iter().any(|(x, s)| x.starts_with("Les travaux") && s.as_deref() == Some("Jean Morel")), "{got:?}");
        let t = "«Nous voulons une paix durable pour toute la région», a déclaré Jean Morel.\n\n\
                 La ville compte dix mille habitants.\n\n\
                 Paul Girard a visité le chantier mardi avec le maire.\n\n\
                 «Les travaux commenceront au printemps prochain sans faute», a-t-il souligné.";
        let got = q(t, "fr");
        assert!(
            got.iter().any(|(x, s)| x.starts_with("Les travaux") && s.as_deref() == Some("Paul Girard")),
            "{got:?}"
        );
    }

    #[test]
    fn an_organisation_after_a_quote_by_its_common_noun() {
        let t = "Die Staatsoper Hamburg hat den Spielplan geändert. Der Regisseur Tom Weber probt seit Mai.\n\n\
                 «Wir freuen uns sehr auf die neue Saison mit allen Gästen», schrieb die Staatsoper, an der Weber \
                 seit Jahren arbeitet.";
        let got = q(t, "de");
        assert!(
            got.iter().any(|(x, s)| x.starts_with("Wir freuen") && s.as_deref() == Some("Staatsoper Hamburg")),
            "{got:?}"
        );
        // The noun phrase shares a word with the organisation's name.
        let t = "Le rapport a été publié par l'Union des Locataires Unis.\n\n\
                 \"Les loyers ont augmenté de vingt pour cent en deux ans\", indique l'association de défense \
                 des locataires.";
        let got = q(t, "fr");
        assert!(
            got.iter().any(|(x, s)| x.starts_with("Les loyers") && s.as_deref() == Some("Union des Locataires Unis")),
            "{got:?}"
        );
        // A name in apposition after the noun is the speaker.
        let t = "The Harbour Authority of Kelsport closed the pier.\n\n\
                 “The pier will stay closed until further notice,” said the mayor, Ann Roe.";
        let got = q(t, "en");
        assert!(got.iter().any(|(x, s)| x.starts_with("The pier") && s.as_deref() == Some("Ann Roe")), "{got:?}");
    }

    #[test]
    fn an_arabic_demonstrative_under_a_preposition_ends_a_name() {
        assert!(ar_not_name("بهذه") && ar_not_name("لذلك") && ar_not_name("وبهذا") && ar_not_name("هذه"));
        assert!(!ar_not_name("باسل") && !ar_not_name("لبنى"));
        assert!(ar_not_name("قائلا") && ar_not_name("وقائلة"));
        let t = "وقال العقيد منصور بهذه المناسبة \"نحن نفتح اليوم صفحة جديدة مع كل سكان المدينة\".";
        let got = q(t, "ar");
        assert!(got.iter().any(|(x, s)| x.starts_with("نحن نفتح") && s.as_deref() == Some("منصور")), "{got:?}");
    }

    #[test]
    fn an_arabic_body_after_a_name_and_its_post_is_not_the_speaker() {
        let t = "أكد سامي ناصر عضو لجنة الشؤون المالية بمجلس الشيوخ، أن الميزانية الجديدة ستخفض الدين العام.";
        let got = q(t, "ar");
        assert!(got.iter().any(|(x, s)| x.starts_with("الميزانية") && s.as_deref() == Some("سامي ناصر")), "{got:?}");
        // A company's cue noun is no post: the company speaks.
        let t = "أعلنت شركة النخيل للنقل أنها ستفتح خطوطا جديدة إلى ثلاث مدن ساحلية.";
        let got = q(t, "ar");
        assert!(got.iter().any(|(x, s)| x.starts_with("ستفتح") && s.as_deref() == Some("النخيل للنقل")), "{got:?}");
    }

    #[test]
    fn an_arabic_listener_with_the_preposition_lam_is_not_the_speaker() {
        assert!(ar_listener("لراديو") && ar_listener("للصحفيين") && ar_listener("لـقناة"));
        assert!(!ar_listener("ليلى") && !ar_listener("لطفي"));
        let t = "وقالت الوزيرة الفرنسية لراديو \"صوت المدينة\" يوم الأحد: \"إذا كانت المدينة مجرد سوق فلا داعي لها\".";
        let got = q(t, "ar");
        assert!(got.iter().all(|(_, s)| s.as_deref().is_none_or(|s| !s.contains("لراديو"))), "{got:?}");
        // A definite title alone is the one who spoke before.
        let t = "وقالت سلمى الحداد إن المشروع سيكتمل في الربيع المقبل دون تأخير.\n\n\
                 واعتبرت الوزيرة أن الأحزاب الكبيرة ستكون الفائز الأكبر في الانتخابات.";
        let got = q(t, "ar");
        assert!(got.iter().any(|(x, s)| x.starts_with("الأحزاب") && s.as_deref() == Some("سلمى الحداد")), "{got:?}");
    }
}
