//! Titles and roles of people ("transport minister", "Irans president", "secretary of Iran's
//! Supreme National Security Council"), normalised to one English concept per office so that
//! the same title written in two languages compares equal.
//!
//! The table below maps written forms (folded: lower case, no diacritics) to a concept. A form
//! may be several words ("prime minister", "ministre des affaires etrangeres"). In languages
//! that write compounds (de, sv, da, no, nl, fi), a word *ending* in a minister/secretary word
//! takes its portfolio from the prefix ("Verkehrsminister", "utrikesminister").
//!
//! [`compatible`] tells whether two concepts can both be true of one person at one time: a
//! generic "minister" is compatible with "minister (transport)"; "leader" or "chair" go with
//! any office; two different offices (president, secretary) are not.

use parallax_lang::fold;

/// (concept, written forms). Forms are folded; words separated by single spaces.
#[rustfmt::skip]
const ROLES: &[(&str, &[&str])] = &[
    ("vice president", &[
        "vice president", "vice-president", "vizeprasident", "vizeprasidentin", "vice-presidente", "vicepresidente",
        "vice-presidente", "vicepresident", "vicepresidenten", "вице-президент", "wiceprezydent",
        "cumhurbaskani yardimcisi", "نائب الرئيس", "副总统",
    ]),
    ("prime minister", &[
        "prime minister", "premier", "premierminister", "premierministerin", "premier ministre",
        "premiere ministre", "primer ministro", "primera ministra", "presidente del gobierno",
        "presidente del consiglio", "primo ministro", "primeiro-ministro", "primeira-ministra", "primeiro ministro",
        "statsminister", "statsministern", "premiarminister", "minister-president", "premier minister",
        "премьер-министр", "премьер", "премьер-министра", "premier rzadu", "basbakan", "رئيس الوزراء",
        "رئيس الحكومة", "总理", "首相",
    ]),
    ("president", &[
        "president", "presidenten", "prasident", "prasidentin", "staatsprasident", "staatsprasidentin",
        "bundesprasident", "bundesprasidentin", "president de la republique", "presidente", "presidenta",
        "presidente da republica", "presidente della repubblica", "prezydent", "президент", "президента",
        "cumhurbaskani", "الرئيس", "رئيس", "总统", "主席", "大統領",
    ]),
    ("chancellor", &[
        "chancellor", "kanzler", "kanzlerin", "bundeskanzler", "bundeskanzlerin", "chanceliere", "chancelier",
        "canciller", "cancelliere", "chanceler", "forbundskansler", "kanselier", "канцлер", "kanclerz", "sansolye",
    ]),
    ("supreme leader", &[
        "supreme leader", "hochster fuhrer", "oberster fuhrer", "guide supreme", "lider supremo", "guida suprema",
        "hogsta ledaren", "hogste ledare", "hogsta ledare", "верховный лидер", "верховный руководитель",
        "dini lider", "المرشد الأعلى", "最高领袖",
    ]),
    ("secretary", &[
        "secretary", "secretary-general", "secretary general", "sekretar", "sekretarin", "generalsekretar",
        "secretaire", "secretaire general", "secretario", "secretaria", "secretario general", "segretario",
        "segretario generale", "sekreterare", "generalsekreterare", "secretaris", "secretaris-generaal",
        "секретарь", "генеральный секретарь", "sekretarz", "sekreter", "genel sekreter", "أمين", "الأمين العام",
        "秘书", "书记",
    ]),
    ("mayor", &[
        "mayor", "burgermeister", "burgermeisterin", "oberburgermeister", "oberburgermeisterin", "maire", "alcalde",
        "alcaldesa", "sindaco", "sindaca", "prefeito", "prefeita", "presidente da camara", "burgemeester",
        "borgmastare", "borgmastaren", "мэр", "мэра", "burmistrz", "prezydent miasta", "belediye baskani",
        "رئيس البلدية", "市长",
    ]),
    ("governor", &[
        "governor", "gouverneur", "gouverneurin", "gobernador", "gobernadora", "governatore", "governador",
        "governadora", "guvernor", "guvernoren", "landshovding", "gouverneur", "губернатор", "gubernator", "vali",
        "محافظ", "州长",
    ]),
    ("spokesperson", &[
        "spokesperson", "spokesman", "spokeswoman", "sprecher", "sprecherin", "regierungssprecher", "porte-parole",
        "portavoz", "portavoce", "porta-voz", "talesperson", "talesman", "woordvoerder", "пресс-секретарь",
        "представитель", "rzecznik", "sozcu", "المتحدث", "发言人",
    ]),
    ("foreign minister", &[
        "foreign minister", "minister of foreign affairs", "secretary of state", "foreign secretary",
        "aussenminister", "aussenministerin", "ministre des affaires etrangeres", "ministro de asuntos exteriores",
        "ministro de relaciones exteriores", "ministra de asuntos exteriores", "ministro degli esteri",
        "ministro degli affari esteri", "ministro dos negocios estrangeiros", "ministro das relacoes exteriores",
        "utrikesminister", "udenrigsminister", "utenriksminister", "minister van buitenlandse zaken",
        "министр иностранных дел", "главой мид", "глава мид", "minister spraw zagranicznych", "szef msz",
        "disisleri bakani", "وزير الخارجية", "外交部长", "外长",
    ]),
    ("interior minister", &[
        "interior minister", "minister of the interior", "minister of interior", "home secretary", "home minister",
        "innenminister", "innenministerin", "ministre de l'interieur", "ministre de l interieur",
        "ministro del interior", "ministra del interior", "ministro dell'interno", "ministro dell interno",
        "ministro do interior", "ministro da administracao interna", "inrikesminister", "indenrigsminister",
        "minister van binnenlandse zaken", "министр внутренних дел", "minister spraw wewnetrznych",
        "icisleri bakani", "وزير الداخلية", "内政部长",
    ]),
    ("transport minister", &[
        "transport minister", "minister of transport", "transportation secretary", "verkehrsminister",
        "verkehrsministerin", "ministre des transports", "ministro de transportes", "ministra de transportes",
        "ministro de transporte", "ministro dei trasporti", "ministro delle infrastrutture e dei trasporti",
        "ministro dos transportes", "infrastrukturminister", "trafikminister", "transportminister",
        "minister van verkeer", "minister van infrastructuur", "министр транспорта", "minister transportu",
        "minister infrastruktury", "ulastirma bakani", "وزير النقل", "交通部长",
    ]),
    ("defence minister", &[
        "defence minister", "defense minister", "minister of defence", "minister of defense",
        "secretary of defense", "defence secretary", "verteidigungsminister", "verteidigungsministerin",
        "ministre des armees", "ministre de la defense", "ministro de defensa", "ministra de defensa",
        "ministro della difesa", "ministro da defesa", "forsvarsminister", "minister van defensie",
        "министр обороны", "minister obrony", "minister obrony narodowej", "szef mon", "savunma bakani",
        "وزير الدفاع", "国防部长",
    ]),
    ("finance minister", &[
        "finance minister", "minister of finance", "treasury secretary", "chancellor of the exchequer",
        "finanzminister", "finanzministerin", "ministre des finances", "ministre de l'economie",
        "ministro de hacienda", "ministra de hacienda", "ministro de economia", "ministro dell'economia",
        "ministro delle finanze", "ministro das financas", "ministro da fazenda", "finansminister",
        "minister van financien", "министр финансов", "minister finansow", "maliye bakani",
        "hazine ve maliye bakani", "وزير المالية", "财政部长",
    ]),
    ("health minister", &[
        "health minister", "minister of health", "health secretary", "gesundheitsminister", "gesundheitsministerin",
        "ministre de la sante", "ministro de sanidad", "ministra de sanidad", "ministro della salute",
        "ministro da saude", "ministra da saude", "sjukvardsminister", "socialminister",
        "minister van volksgezondheid", "министр здравоохранения", "minister zdrowia", "saglik bakani",
        "وزير الصحة", "卫生部长",
    ]),
    ("justice minister", &[
        "justice minister", "minister of justice", "attorney general", "justizminister", "justizministerin",
        "ministre de la justice", "garde des sceaux", "ministro de justicia", "ministra de justicia",
        "ministro della giustizia", "ministro da justica", "justitieminister", "minister van justitie",
        "министр юстиции", "minister sprawiedliwosci", "adalet bakani", "وزير العدل", "司法部长",
    ]),
    ("economy minister", &[
        "economy minister", "minister of economy", "economics minister", "wirtschaftsminister",
        "wirtschaftsministerin", "ministre de l'economie", "ministro de economia", "ministra de economia",
        "ministro dello sviluppo economico", "ministro da economia", "naringsminister",
        "minister van economische zaken", "министр экономики", "министр экономического развития",
        "minister gospodarki", "ekonomi bakani", "وزير الاقتصاد", "经济部长",
    ]),
    ("environment minister", &[
        "environment minister", "minister of the environment", "umweltminister", "umweltministerin",
        "ministre de l'environnement", "ministre de la transition ecologique", "ministro de medio ambiente",
        "ministro dell'ambiente", "ministro do ambiente", "miljominister", "klimatminister",
        "министр природных ресурсов", "minister klimatu", "cevre bakani",
    ]),
    ("education minister", &[
        "education minister", "minister of education", "education secretary", "bildungsminister", "bildungsministerin",
        "kultusminister", "kultusministerin", "utbildningsminister", "skolminister", "undervisningsminister",
    ]),
    ("agriculture minister", &[
        "agriculture minister", "minister of agriculture", "agriculture secretary", "landwirtschaftsminister",
        "landwirtschaftsministerin", "agrarminister", "agrarministerin", "landsbygdsminister", "jordbruksminister",
    ]),
    ("labour minister", &["labour minister", "labor minister", "minister of labour", "labor secretary", "arbeitsminister", "arbeitsministerin", "arbetsmarknadsminister"]),
    ("culture minister", &["culture minister", "minister of culture", "kulturminister", "kulturministerin", "kulturministern"]),
    ("coach", &[
        "coach", "head coach", "manager", "trainer", "trainerin", "cheftrainer", "entraineur", "selectionneur", "entrenador",
        "seleccionador", "allenatore", "commissario tecnico", "treinador", "selecionador", "tranare", "forbundskapten",
        "bondscoach", "тренер", "главный тренер", "trener", "selekcjoner", "teknik direktor", "antrenor",
    ]),
    ("minister", &[
        "minister", "ministerin", "ministre", "ministro", "ministra", "министр", "министра", "bakan", "bakani",
        "وزير", "部长",
    ]),
    ("ambassador", &[
        "ambassador", "botschafter", "botschafterin", "ambassadeur", "ambassadrice", "embajador", "embajadora",
        "ambasciatore", "embaixador", "ambassador", "ambassadoren", "ambassadeur", "посол", "ambasador",
        "buyukelci", "سفير", "大使",
    ]),
    ("general", &[
        "general", "generalleutnant", "general de brigade", "generale", "генерал", "generał", "orgeneral", "اللواء",
        "将军",
    ]),
    ("commander", &[
        "commander", "kommandeur", "kommandant", "kommandantin", "befehlshaber", "commandant", "comandante",
        "befalhavare", "commandant", "командующий", "командир", "dowodca", "komutan", "komutani", "قائد", "司令",
    ]),
    ("chief executive", &[
        "chief executive", "ceo", "chief executive officer", "vorstandschef", "vorstandschefin",
        "vorstandsvorsitzender", "vorstandsvorsitzende", "directeur general", "pdg", "consejero delegado",
        "director ejecutivo", "amministratore delegato", "diretor executivo", "presidente executivo", "vd",
        "verkstallande direktor", "генеральный директор", "prezes", "genel mudur", "الرئيس التنفيذي", "首席执行官",
    ]),
    ("chair", &[
        "chair", "chairman", "chairwoman", "chairperson", "vorsitzender", "vorsitzende", "vorsitzenden",
        "president du conseil", "presidente del consejo", "ordforande", "voorzitter", "председатель",
        "przewodniczacy", "przewodniczaca", "baskan", "baskani", "رئيس مجلس", "董事长",
    ]),
    ("leader", &[
        "leader", "party leader", "opposition leader", "parteichef", "parteichefin", "oppositionsfuhrer", "chef",
        "chefin", "dirigeant", "dirigente", "lider", "leder", "partiledare", "oppositionsledare", "leider", "лидер",
        "глава", "przywodca", "lideri", "زعيم", "领导人",
    ]),
    ("police chief", &[
        "police chief", "chief of police", "polizeichef", "polizeiprasident", "prefet de police", "jefe de policia",
        "capo della polizia", "polischef", "politiechef", "начальник полиции", "komendant policji",
        "emniyet muduru",
    ]),
    ("judge", &[
        "judge", "richter", "richterin", "juge", "juez", "jueza", "giudice", "juiz", "juiza", "domare", "rechter",
        "судья", "sedzia", "hakim",
    ]),
    ("senator", &[
        "senator", "senatorin", "senateur", "senador", "senadora", "senatore", "сенатор",
    ]),
    ("king", &[
        "king", "konig", "roi", "rey", "re", "rei", "kung", "koning", "король", "krol", "kral", "ملك", "国王",
    ]),
    ("queen", &[
        "queen", "konigin", "reine", "reina", "regina", "rainha", "drottning", "koningin", "королева", "krolowa",
        "kralice",
    ]),
];

/// Portfolios written as the first part of a compound ("Verkehrs|minister").
#[rustfmt::skip]
const COMPOUND_PREFIXES: &[(&str, &str)] = &[
    ("verkehrs", "transport minister"), ("trafik", "transport minister"), ("transport", "transport minister"),
    ("infrastruktur", "transport minister"), ("innen", "interior minister"), ("inrikes", "interior minister"),
    ("indenrigs", "interior minister"), ("innenriks", "interior minister"), ("aussen", "foreign minister"),
    ("utrikes", "foreign minister"), ("udenrigs", "foreign minister"), ("utenriks", "foreign minister"),
    ("verteidigungs", "defence minister"), ("forsvars", "defence minister"), ("finanz", "finance minister"),
    ("finans", "finance minister"), ("gesundheits", "health minister"), ("justiz", "justice minister"),
    ("justitie", "justice minister"), ("wirtschafts", "economy minister"), ("naringslivs", "economy minister"),
    ("umwelt", "environment minister"), ("miljo", "environment minister"),
];

/// Concepts that go with any office ("party leader and prime minister").
const UNEXCLUSIVE: &[&str] = &["leader", "chair", "general", "commander", "senator"];

/// Words that make a title not a current claim ("former president").
const FORMER: &[&str] = &[
    "former",
    "ex",
    "ex-",
    "late",
    "then",
    "ehemalige",
    "ehemaliger",
    "ehemaligen",
    "fruhere",
    "fruherer",
    "ancien",
    "ancienne",
    "exministro",
    "antiguo",
    "antigua",
    "ex-ministro",
    "ex-presidente",
    "ex-president",
    "expresidente",
    "ex-premier",
    "ex-ministre",
    "ex-presidente",
    "tidigare",
    "forre",
    "voormalige",
    "oud-",
    "бывший",
    "экс",
    "экс-президент",
    "byly",
    "bylego",
    "eski",
    "السابق",
    "前",
];

/// Whether two title concepts can hold for one person at the same time.
pub fn compatible(a: &str, b: &str) -> bool {
    if a == b || UNEXCLUSIVE.contains(&a) || UNEXCLUSIVE.contains(&b) {
        return true;
    }
    // Portfolios as written ("minister:tr:ticaret") compare only within one language.
    let minister = |x: &str| x == "minister" || (x.ends_with(" minister") && x != "prime minister");
    match (a.strip_prefix("minister:"), b.strip_prefix("minister:")) {
        (Some(x), Some(y)) => return x.split(':').next() != y.split(':').next(),
        (Some(_), None) => return minister(b),
        (None, Some(_)) => return minister(a),
        (None, None) => {}
    }
    // A minister without a portfolio may be any minister, the prime minister too.
    let generic = |x: &str, y: &str| x == "minister" && (y.ends_with(" minister") || y.starts_with("minister:"));
    generic(a, b) || generic(b, a)
}

/// The concept of a title that ends exactly at the end of `words` (folded words, in order):
/// the longest form wins. Returns the concept and how many words the title spans.
pub fn title_ending(words: &[String]) -> Option<(&'static str, usize)> {
    let best = longest_form(words.len(), |n| &words[words.len() - n..])
        .or_else(|| words.last().and_then(|w| compound(w)).map(|c| (c, 1)));
    best.filter(|(_, n)| words.len() <= *n || !FORMER.contains(&words[words.len() - n - 1].as_str()))
}

/// The concept of a title that starts exactly at the start of `words`.
pub fn title_starting(words: &[String]) -> Option<(&'static str, usize)> {
    longest_form(words.len(), |n| &words[..n]).or_else(|| words.first().and_then(|w| compound(w)).map(|c| (c, 1)))
}

/// The longest form of the table, of at most `max` words, that equals `window(n)` (the `n`
/// words where it would stand): its concept and length.
fn longest_form<'a>(max: usize, window: impl Fn(usize) -> &'a [String]) -> Option<(&'static str, usize)> {
    let mut best: Option<(&'static str, usize)> = None;
    for (concept, forms) in ROLES {
        for form in *forms {
            let n = form.split(' ').count();
            if n > max || best.is_some_and(|(_, b)| b >= n) {
                continue;
            }
            if form.split(' ').zip(window(n)).all(|(f, w)| f == w) {
                best = Some((concept, n));
            }
        }
    }
    best
}

/// "verkehrsminister" → transport minister.
fn compound(word: &str) -> Option<&'static str> {
    for suffix in ["ministerin", "minister", "ministern", "ministeren"] {
        if let Some(prefix) = word.strip_suffix(suffix)
            && !prefix.is_empty()
        {
            return COMPOUND_PREFIXES
                .iter()
                .find(|(p, _)| prefix == *p || prefix.strip_suffix('s') == Some(p))
                .map(|(_, c)| *c);
        }
    }
    None
}

/// Folds a word for the tables: [`fold`], and Turkish dotless ı as i.
pub fn norm(word: &str) -> String {
    fold(word).replace('ı', "i")
}

/// Whether a word is a title word of any concept (used to cut titles off names).
pub fn is_title_word(word: &str) -> bool {
    let w = norm(word);
    ROLES.iter().any(|(_, forms)| forms.iter().any(|f| !f.contains(' ') && *f == w)) || compound(&w).is_some()
}

/// Whether a folded word marks a past office ("former", "ehemalige").
pub fn is_former(word: &str) -> bool {
    FORMER.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(fold).collect()
    }

    #[test]
    fn titles_in_many_languages() {
        assert_eq!(title_ending(&w("Irans president")), Some(("president", 1)));
        assert_eq!(title_ending(&w("der Verkehrsminister")), Some(("transport minister", 1)));
        assert_eq!(title_ending(&w("le ministre des Transports")), Some(("transport minister", 3)));
        assert_eq!(title_ending(&w("US Secretary of Defense")), Some(("defence minister", 3)));
        assert_eq!(title_ending(&w("säkerhetsråds sekreterare")), Some(("secretary", 1)));
        assert_eq!(title_ending(&w("the former president")), None);
        assert_eq!(title_starting(&w("secretary of Iran's Supreme")), Some(("secretary", 1)));
        assert_eq!(title_ending(&w("Innenminister")), Some(("interior minister", 1)));
    }

    #[test]
    fn compatibility() {
        assert!(!compatible("president", "secretary"));
        assert!(!compatible("transport minister", "interior minister"));
        assert!(compatible("minister", "transport minister"));
        assert!(compatible("leader", "prime minister"));
        assert!(compatible("minister", "prime minister"));
        assert!(!compatible("prime minister", "transport minister"));
    }
}
