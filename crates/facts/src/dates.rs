//! The date an article gives for its event: the first date in its lead (title and first
//! sentence of the text), written out ("3 March", "le 4 mars", "3. März", "4 марта"), as a
//! weekday ("on Tuesday", resolved to the last such day on or before publication) or relative
//! ("yesterday", "gestern", "ayer"). Numeric dates (03/04) are left out: their order is
//! ambiguous, and publication datelines use them.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::roles::norm;

/// Month names (folded, inflected forms included) by month number.
#[rustfmt::skip]
const MONTHS: &[(u32, &[&str])] = &[
    (1, &["january", "jan", "januar", "janvier", "enero", "gennaio", "janeiro", "januari", "января", "январь", "stycznia", "styczen", "ocak"]),
    (2, &["february", "feb", "februar", "fevrier", "febrero", "febbraio", "fevereiro", "februari", "февраля", "февраль", "lutego", "luty", "subat"]),
    (3, &["march", "mar", "marz", "maerz", "mars", "marzo", "marco", "maart", "марта", "март", "marca", "marzec", "mart"]),
    (4, &["april", "apr", "avril", "abril", "aprile", "апреля", "апрель", "kwietnia", "kwiecien", "nisan"]),
    (5, &["may", "mai", "mayo", "maggio", "maio", "maj", "mei", "мая", "май", "maja", "mayis"]),
    (6, &["june", "jun", "juni", "juin", "junio", "giugno", "junho", "июня", "июнь", "czerwca", "czerwiec", "haziran"]),
    (7, &["july", "jul", "juli", "juillet", "julio", "luglio", "julho", "июля", "июль", "lipca", "lipiec", "temmuz"]),
    (8, &["august", "aug", "aout", "agosto", "augusti", "augustus", "августа", "август", "sierpnia", "sierpien", "agustos"]),
    (9, &["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "сентября", "сентябрь", "wrzesnia", "wrzesien", "eylul"]),
    (10, &["october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "октября", "октябрь", "pazdziernika", "pazdziernik", "ekim"]),
    (11, &["november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "listopada", "listopad", "kasim"]),
    (12, &["december", "dec", "dezember", "decembre", "diciembre", "dicembre", "dezembro", "декабря", "декабрь", "grudnia", "grudzien", "aralik"]),
];

#[rustfmt::skip]
const WEEKDAYS: &[(Weekday, &[&str])] = &[
    (Weekday::Mon, &["monday", "montag", "lundi", "lunes", "lunedi", "segunda-feira", "segunda", "mandag", "mandagen", "maandag", "понедельник", "poniedzialek", "poniedzialek", "pazartesi", "måndag", "mandags", "mandagen"]),
    (Weekday::Tue, &["tuesday", "dienstag", "mardi", "martes", "martedi", "terca-feira", "terca", "tisdag", "tisdags", "tisdagen", "dinsdag", "вторник", "wtorek", "sali"]),
    (Weekday::Wed, &["wednesday", "mittwoch", "mercredi", "miercoles", "mercoledi", "quarta-feira", "quarta", "onsdag", "onsdags", "onsdagen", "woensdag", "среду", "среда", "sroda", "sorode", "carsamba"]),
    (Weekday::Thu, &["thursday", "donnerstag", "jeudi", "jueves", "giovedi", "quinta-feira", "quinta", "torsdag", "torsdags", "torsdagen", "donderdag", "четверг", "czwartek", "persembe"]),
    (Weekday::Fri, &["friday", "freitag", "vendredi", "viernes", "venerdi", "sexta-feira", "sexta", "fredag", "fredags", "fredagen", "vrijdag", "пятницу", "пятница", "piatek", "cuma"]),
    (Weekday::Sat, &["saturday", "samstag", "samedi", "sabado", "sabato", "lordag", "lordags", "lordagen", "zaterdag", "субботу", "суббота", "sobota", "sobote", "cumartesi"]),
    (Weekday::Sun, &["sunday", "sonntag", "dimanche", "domingo", "domenica", "sondag", "sondags", "sondagen", "zondag", "воскресенье", "niedziela", "niedziele", "pazar"]),
];

/// Days before publication for relative words.
#[rustfmt::skip]
const RELATIVE: &[(i64, &[&str])] = &[
    (0, &["today", "tonight", "heute", "aujourd'hui", "hoy", "oggi", "hoje", "idag", "vandaag", "сегодня", "dzisiaj", "dzis", "bugun"]),
    (1, &["yesterday", "gestern", "hier", "ayer", "ieri", "ontem", "igar", "gisteren", "вчера", "wczoraj", "dun"]),
    (2, &["vorgestern", "avant-hier", "anteayer", "anteontem", "forrgar", "eergisteren", "позавчера", "przedwczoraj"]),
];

/// Prepositions that introduce the day of an event, folded.
const ON: &[&str] = &[
    "on", "since", "am", "seit", "vom", "le", "du", "depuis", "el", "del", "desde", "il", "dal", "em", "no", "desde",
    "den", "sedan", "op", "sinds", "w", "we", "od", "в", "с", "со", "до",
];

fn month(w: &str) -> Option<u32> {
    MONTHS.iter().find(|(_, names)| names.contains(&w)).map(|(m, _)| *m)
}

fn weekday(w: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(_, names)| names.contains(&w)).map(|(d, _)| *d)
}

/// The event date of a lead, given the publication day. `None` when the lead names no day, or
/// names only a relative one and the publication day is unknown.
#[cfg(test)]
fn lead_date(lead: &str, published: Option<NaiveDate>) -> Option<(NaiveDate, String)> {
    lead_date_kind(lead, published).map(|(d, w, _)| (d, w))
}

/// [`lead_date`] with a flag: `true` when the day was written out.
pub fn lead_date_kind(lead: &str, published: Option<NaiveDate>) -> Option<(NaiveDate, String, bool)> {
    let words: Vec<(String, &str)> = lead
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .filter(|w| !w.is_empty())
        .map(|w| (norm(w.trim_end_matches(['.', ':'])), w))
        .collect();
    let year_of = |i: usize| -> Option<i32> {
        words.get(i).and_then(|(w, _)| w.parse::<i32>().ok()).filter(|y| (1900..=2100).contains(y))
    };
    // A day an event happened on is introduced ("on 3 March", "am 3. März", "le 4 mars", "on
    // Tuesday, 12 May"); a bare date at the start of a text is a dateline, not the event's.
    let introduced = |i: usize| -> bool {
        let mut k = i;
        while k > 0 {
            let prev = words[k - 1].0.as_str();
            if ON.contains(&prev) {
                return true;
            }
            if weekday(prev).is_none() {
                return false;
            }
            k -= 1;
        }
        false
    };
    // Written-out days first: "on Tuesday, 12 May" is 12 May.
    for i in 0..words.len() {
        let (w, raw) = (&words[i].0, words[i].1);
        if !introduced(i) {
            continue;
        }
        // "3 March [2026]", "3. März", "el 4 de marzo", "4 марта".
        if let Ok(day) = w.trim_end_matches('.').parse::<u32>() {
            let (m_at, m) = match words.get(i + 1).and_then(|(n, _)| month(n)) {
                Some(m) => (i + 1, Some(m)),
                None => (
                    i + 2,
                    words
                        .get(i + 1)
                        .filter(|(n, _)| n == "de")
                        .and_then(|_| words.get(i + 2))
                        .and_then(|(n, _)| month(n)),
                ),
            };
            if let Some(m) = m {
                let y = year_of(m_at + 1).or_else(|| year_of(m_at + 2)).or(published.map(|p| p.year()))?;
                let d = NaiveDate::from_ymd_opt(y, m, day)?;
                return Some((d, format!("{raw} {}", words[m_at].1), true));
            }
        }
        // "March 3[, 2026]".
        if let Some(m) = month(w)
            && let Some(day) = words
                .get(i + 1)
                .and_then(|(n, _)| n.trim_end_matches(['.', 'h', 't', 's', 'n', 'd', 'r']).parse::<u32>().ok())
            && (1..=31).contains(&day)
            && raw.chars().next().is_some_and(char::is_uppercase)
        {
            let y = year_of(i + 2).or(published.map(|p| p.year()))?;
            let d = NaiveDate::from_ymd_opt(y, m, day)?;
            return Some((d, format!("{raw} {}", words[i + 1].1), true));
        }
    }
    for (w, raw) in &words {
        if let Some(wd) = weekday(w) {
            let p = published?;
            let back = (7 + p.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
            return Some((p - Duration::days(back), (*raw).to_string(), false));
        }
        if let Some((back, _)) = RELATIVE.iter().find(|(_, names)| names.contains(&w.as_str())) {
            let p = published?;
            return Some((p - Duration::days(*back), (*raw).to_string(), false));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn leads_in_many_languages() {
        let p = Some(d(2026, 3, 4));
        assert_eq!(lead_date("The plant opened on Tuesday 3 March in Lesnowo.", p).map(|x| x.0), Some(d(2026, 3, 3)));
        assert_eq!(lead_date("Le 2 mars, l'usine a ouvert.", p).map(|x| x.0), Some(d(2026, 3, 2)));
        assert_eq!(lead_date("Am Dienstag wurde das Werk eröffnet.", p).map(|x| x.0), Some(d(2026, 3, 3)));
        assert_eq!(lead_date("Ayer se inauguró la planta.", p).map(|x| x.0), Some(d(2026, 3, 3)));
        assert_eq!(lead_date("el 4 de marzo de 2026 se inauguró", None).map(|x| x.0), Some(d(2026, 3, 4)));
        assert_eq!(lead_date("Завод открыли в понедельник, 2 марта.", p).map(|x| x.0), Some(d(2026, 3, 2)));
        // A bare date is a dateline, not the day of the event.
        assert_eq!(lead_date("LONDON, 3 March - The plant opened.", p), None);
        assert_eq!(lead_date("The plant opened.", p), None);
        assert_eq!(lead_date("It opened on Tuesday.", None), None);
    }
}
