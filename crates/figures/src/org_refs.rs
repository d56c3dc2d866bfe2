//! The organisation mentions of a sentence, with what the words around
//! them make them: a source of the report ("laut Reuters"), a place
//! ("Redmond, Washington-based"), a relative of the company meant ("die
//! Facebook-Mutter"), or an employer that can own a figure.

use crate::kind::clause;
use crate::lexicon::{HOLDS, POSSIBLE, REPORTED, SOURCE_AFTER, SOURCE_BEFORE};
use crate::subject::is_employer;
use crate::words::{words, Word};
use crate::OrgSpan;
use std::collections::BTreeSet;
use std::ops::Range;

/// An organisation mention of a sentence.
#[derive(Debug, Clone)]
pub struct OrgRef {
    /// The sentence words it touches.
    pub words: Range<usize>,
    /// As written.
    pub text: String,
    /// Named as the source of the report.
    pub source: bool,
    /// A place the model took for an organisation ("The Redmond,
    /// Washington-based software giant", "The Wall Street firm").
    pub place: bool,
    /// Named for a company related to the one meant ("Die
    /// Facebook-Mutter", "die Lufthansa-Tochter Eurowings", "Vauxhall owner
    /// Stellantis").
    pub relative: bool,
    /// An acronym the article defines for a union, association or other
    /// body that employs nobody in the story ("Verband der Chemischen
    /// Industrie (VCI)", "Gewerkschaft der Polizei (GdP)").
    pub body: bool,
}

impl OrgRef {
    /// The mention can own a figure: no source, no place, no relative, an
    /// employer.
    pub fn employs(&self) -> bool {
        !self.source && !self.place && !self.relative && !self.body && is_employer(&self.text)
    }
}

/// Tails of a compound that make its name a relative of the company meant
/// ("Facebook-Mutter", "Lufthansa-Tochter", "VW-Rivale").
const RELATIVE_TAILS: &[&str] = &[
    "mutter",
    "mutterkonzern",
    "muttergesellschaft",
    "tochter",
    "tochterfirma",
    "tochtergesellschaft",
    "rivale",
    "konkurrent",
    "eigentümer",
];
/// Words after a name that make it a relative ("Facebook parent Meta").
const RELATIVE_AFTER: &[&str] = &["parent", "owner", "rival"];

fn names_a_relative(words: &[Word], last: usize) -> bool {
    let tail = words[last].lower.rsplit(['-', '‐']).next().unwrap_or("");
    let compound = words[last].lower.contains(['-', '‐']) && RELATIVE_TAILS.contains(&tail);
    let after = words.get(last + 1).is_some_and(|w| w.is(RELATIVE_AFTER))
        && words.get(last + 2).is_some_and(Word::is_capitalised);
    compound || after
}

/// Nouns before a name that make it a publication, an agency, an
/// association or a union, which report or estimate other employers' jobs
/// ("die Nachrichtenagentur Reuters", "des Arbeitgeberverbands AGV", "the
/// trade association SEMI", "die Verkehrsgewerkschaft EVG").
const REPORTER_NOUNS: &[&str] = &[
    "gewerkschaft",
    "agentur",
    "zeitung",
    "magazin",
    "blatt",
    "portal",
    "verband",
    "verbands",
    "verbandes",
    "vereinigung",
    "kammer",
];
const REPORTER_WORDS: &[&str] = &[
    "agency",
    "newspaper",
    "magazine",
    "broadcaster",
    "association",
    "federation",
    "outlet",
];

fn introduced_as_reporter(w: &Word) -> bool {
    w.is(REPORTER_WORDS)
        || (w.is_capitalised() && REPORTER_NOUNS.iter().any(|n| w.lower.ends_with(n)))
}

/// German nouns of the press, as the end of the noun before a name.
const PRESS_ENDINGS: &[&str] = &[
    "zeitung",
    "magazin",
    "blatt",
    "portal",
    "nachrichtenagentur",
    "presseagentur",
];

/// The acronyms `text` defines for unions, associations and the press,
/// bodies that employ nobody in the story:
/// "(VCI)" after "des Verbands der Chemischen Industrie", "(GdP)" after
/// "der Gewerkschaft der Polizei", "(BRC)" after "the British Retail
/// Consortium". Read from the (at most five) words before the parenthesis.
pub fn body_acronyms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (open, acronym) in crate::org_names::parenthesized_acronyms(text) {
        // The name before the parenthesis: its capitalised words and the
        // words that join them ("des Verbands der Chemischen Industrie"),
        // not what the sentence says before it ("Laut Handelsblatt …").
        let before: Vec<&str> = text[..open]
            .rsplit(['.', ',', ';', ':', '\n'])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let joiner = |w: &str| ["der", "des", "für", "und", "of", "for", "the", "&"].contains(&w);
        let name_len = before
            .iter()
            .rev()
            .take(6)
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase) || joiner(w))
            .count();
        let window = before[before.len() - name_len..].join(" ");
        let lower = window.to_lowercase();
        // The press: "Zeitung", "Nachrichtenagentur", not "Bundesagentur".
        let press = words(&window, 0)
            .iter()
            .any(|w| w.is(REPORTER_WORDS) || PRESS_ENDINGS.iter().any(|e| w.lower.ends_with(e)));
        if crate::subject::speaks_for_others(&lower) || press {
            out.insert(acronym.to_string());
        }
    }
    out
}

/// The organisation mentions inside the sentence's words.
pub fn org_refs(words: &[Word], spans: &[OrgSpan], doc_chars: &[char]) -> Vec<OrgRef> {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // `spans` are sorted by start: only those that can reach this sentence.
    let from = spans.partition_point(|s| s.start < first.start.saturating_sub(200));
    for span in spans[from..]
        .iter()
        .take_while(|s| s.start < last.end)
        .filter(|s| s.end > first.start && s.end <= doc_chars.len())
    {
        // The words it touches (words are in text order).
        let a = words.partition_point(|w| w.end <= span.start);
        let Some(b) = words.partition_point(|w| w.start < span.end).checked_sub(1) else {
            continue;
        };
        if a > b {
            continue;
        }
        // Up to two words each side, not across a comma: "laut Reuters",
        // "berichtet die New York Times", "Reuters reported"; before it also
        // through articles and a describing noun ("laut dem Techportal
        // GeekWire", "nach Informationen der Nachrichtenagentur Reuters").
        let mut before: Vec<&Word> = words[a.saturating_sub(2)..a]
            .iter()
            .rev()
            .take_while(|w| !w.is(&[",", ":", ";"]))
            .collect();
        for w in words[a.saturating_sub(4)..a].iter().rev() {
            if w.is(SOURCE_BEFORE) {
                before.push(w);
                break;
            }
            if !(w.is(ARTICLES) || (w.is_capitalised() && w.is_alpha())) {
                break;
            }
        }
        let after = words[b + 1..(b + 3).min(words.len())]
            .iter()
            .take_while(|w| !w.is(&[",", ":", ";"]));
        let reports = |w: &Word| w.is(SOURCE_AFTER);
        // "Die New York Times hatte am Vortag berichtet, dass ...": the
        // reporting verb later in the name's own clause.
        let own_clause = clause(words, &(a..b + 1));
        let reports_later = words[b + 1..own_clause.end.min(b + 7)]
            .iter()
            .any(|w| w.is(REPORTED))
            || estimates(&words[b + 1..own_clause.end]);
        // A name in quotation marks is a publication's title ("wie er der
        // „Rheinischen Post“ sagte"): it reports, it employs nobody here.
        let quoted = a > 0
            && words[a - 1].is(&["„", "\"", "“", "»", "«"])
            && words
                .get(b + 1)
                .is_some_and(|w| w.is(&["“", "\"", "”", "«", "»"]));
        let reporter = a > 0 && introduced_as_reporter(&words[a - 1]);
        // "said in a post on LinkedIn", "schrieb auf LinkedIn": where it
        // was said, not who said it.
        let platform = a >= 2
            && words[a - 1].is(&["on", "auf"])
            && words[a - 2].is(&[
                "post", "posted", "posting", "wrote", "blog", "beitrag", "schrieb", "video",
            ]);
        let source = before.iter().any(|w| w.is(SOURCE_BEFORE) || reports(w))
            || after.into_iter().any(reports)
            || reports_later
            || quoted
            || reporter
            || platform
            || in_dateline(words, &(a..b + 1));
        // "Redmond, Washington-based", "the Atlanta-based carrier"; not
        // "Brightloop, a London-based start-up", described after its name.
        let place = words[b + 1..(b + 4).min(words.len())]
            .iter()
            .take_while(|w| !w.is(&[".", ";", "a", "an", "the"]))
            .any(|w| w.lower == "based" || w.lower.ends_with("-based"))
            || words[a].lower.ends_with("-based")
            || describes_a_firm(words, &(a..b + 1));
        out.push(OrgRef {
            words: a..b + 1,
            text: doc_chars[span.start..span.end].iter().collect(),
            source,
            place,
            relative: names_a_relative(words, b),
            body: false,
        });
    }
    // "laut Reuters und The Register": a name joined to a source is one.
    for i in 1..out.len() {
        let joined = out[i].words.start == out[i - 1].words.end + 1
            && words[out[i - 1].words.end].is(&["und", "and", "sowie"]);
        if joined && out[i - 1].source {
            out[i].source = true;
        }
    }
    out
}

/// Company nouns a place or market before them describes ("the Wall
/// Street firm", "the Silicon Valley giant").
const FIRM_NOUNS: &[&str] = &[
    "firm",
    "bank",
    "lender",
    "carrier",
    "giant",
    "insurer",
    "retailer",
    "chipmaker",
    "carmaker",
    "automaker",
    "broker",
];

/// "The Wall Street firm had about 80,000 employees": the name says where
/// the firm is, the firm is the one the text is about.
fn describes_a_firm(words: &[Word], name: &Range<usize>) -> bool {
    name.start > 0
        && words[name.start - 1].is(&["the"])
        && words.get(name.end).is_some_and(|w| w.is(FIRM_NOUNS))
}

/// The agency of a dateline ("München (dpa) -", "SANTA CLARA, Calif.
/// (Reuters) -"): it delivered the text, it employs nobody in it.
fn in_dateline(words: &[Word], name: &Range<usize>) -> bool {
    let opened = name.start > 0 && words[name.start - 1].text == "(";
    let closed = words.get(name.end).is_some_and(|w| w.text == ")")
        && words
            .get(name.end + 1)
            .is_some_and(|w| w.is(&["-", "–", "—"]));
    opened && closed
}

/// "X hält … für möglich": X estimates someone else's figure (but "X hält
/// an seinen Plänen fest" is X's own).
fn estimates(clause_after: &[Word]) -> bool {
    let held = clause_after.iter().take(6).position(|w| w.is(HOLDS));
    held.is_some_and(|h| {
        clause_after[h + 1..]
            .windows(2)
            .any(|p| p[0].is(&["für"]) && p[1].is(POSSIBLE))
    })
}

/// Articles between a source cue and its name.
const ARTICLES: &[&str] = &[
    "der", "des", "dem", "den", "die", "das", "einem", "eines", "einer", "the", "a",
];
