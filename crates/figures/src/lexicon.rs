//! The words of job figures, German and English, in one place: what is
//! counted, the verbs and nouns that say what happens to it, qualifiers and
//! vague amounts. All lower-case.
//!
//! Over 400 lines on purpose: most of it is word lists, one entry a line,
//! that a reader checks best side by side; the code is two lookups.

use crate::words::Word;
use crate::{Kind, Unit};

/// Counted nouns: whole words, or the last part of a German compound
/// ("Bürojobs", "Verwaltungsstellen"). The kind is set when the noun itself
/// says what happens ("Entlassungen", "layoffs").
const NOUNS: &[(&str, Unit, Option<Kind>)] = &[
    ("stellen", Unit::Jobs, None),
    ("stelle", Unit::Jobs, None),
    ("jobs", Unit::Jobs, None),
    ("job", Unit::Jobs, None),
    ("arbeitsplätze", Unit::Jobs, None),
    ("arbeitsplätzen", Unit::Jobs, None),
    ("rollen", Unit::Jobs, None),
    ("positionen", Unit::Jobs, None),
    ("posten", Unit::Jobs, None),
    ("roles", Unit::Jobs, None),
    ("positions", Unit::Jobs, None),
    ("posts", Unit::Jobs, None),
    ("streichungen", Unit::Jobs, Some(Kind::Cut)),
    ("entlassungen", Unit::Jobs, Some(Kind::Cut)),
    ("kündigungen", Unit::Jobs, Some(Kind::Cut)),
    ("layoffs", Unit::Jobs, Some(Kind::Cut)),
    ("redundancies", Unit::Jobs, Some(Kind::Cut)),
    // "announced about 14,000 cuts": a number of cuts counts jobs, right
    // after the number only (`find::noun_after`).
    ("cuts", Unit::Jobs, Some(Kind::Cut)),
    ("neueinstellungen", Unit::Employees, Some(Kind::Hire)),
    ("hires", Unit::Employees, Some(Kind::Hire)),
    ("mitarbeiter", Unit::Employees, None),
    ("mitarbeitern", Unit::Employees, None),
    ("mitarbeiterinnen", Unit::Employees, None),
    ("mitarbeitende", Unit::Employees, None),
    ("mitarbeitenden", Unit::Employees, None),
    ("beschäftigte", Unit::Employees, None),
    ("beschäftigten", Unit::Employees, None),
    ("angestellte", Unit::Employees, None),
    ("angestellten", Unit::Employees, None),
    ("arbeitnehmer", Unit::Employees, None),
    ("arbeitnehmern", Unit::Employees, None),
    ("arbeitskräfte", Unit::Employees, None),
    ("personal", Unit::Employees, None),
    ("employees", Unit::Employees, None),
    ("workers", Unit::Employees, None),
    ("staff", Unit::Employees, None),
    ("staffers", Unit::Employees, None),
    // "We have about 85,000 colleagues", "rund 3.000 Kolleginnen und
    // Kollegen": a company's own word for its staff.
    ("colleagues", Unit::Employees, None),
    ("kolleginnen", Unit::Employees, None),
    ("kollegen", Unit::Employees, None),
    ("auszubildende", Unit::Employees, None),
    ("vollzeitkräfte", Unit::Employees, None),
    ("fachkräfte", Unit::Employees, None),
    // "10.000 Saisonkräfte", "Aushilfskräfte"
    ("kräfte", Unit::Employees, None),
    ("auszubildenden", Unit::Employees, None),
    ("azubis", Unit::Employees, None),
    ("apprentices", Unit::Employees, None),
    ("trainees", Unit::Employees, None),
];

/// Nouns that count people only when the sentence says what happens to
/// them ("600 Menschen verlieren ihren Job", "laid off 200 people",
/// "hiring 2,000 engineers").
const WEAK_NOUNS: &[&str] = &[
    "menschen",
    "leute",
    "personen",
    "people",
    "ingenieure",
    "entwickler",
    "engineers",
    "developers",
    "programmierer",
    "programmers",
    // Walmart's word for its staff; also business partners.
    "associates",
    // Trades and ranks: "4.000 Aushilfen ein", "dienen 183.000 Soldaten".
    "aushilfen",
    "soldaten",
    "soldatinnen",
    "fahrer",
    "fahrerinnen",
    "mechaniker",
    "mechanikerinnen",
    "soldiers",
    "drivers",
    "mechanics",
    // Crews and professions a company hires or lets go: "recruit 1,500
    // cabin crew and 600 pilots", "cut 300 bankers", "employs 27,000
    // aviation professionals".
    "crew",
    "pilots",
    "piloten",
    "pilotinnen",
    "flugbegleiter",
    "flugbegleiterinnen",
    "professionals",
    "specialists",
    "spezialisten",
    "experten",
    "bankers",
    "traders",
    "consultants",
    "berater",
    "beraterinnen",
    "researchers",
    "forscher",
    "forscherinnen",
    "scientists",
    "wissenschaftler",
    "nurses",
    "doctors",
    "ärzte",
    "ärztinnen",
    "teachers",
    "lehrer",
    "lehrerinnen",
    "officers",
    "technicians",
    "techniker",
    "technikerinnen",
    "polizisten",
    "polizistinnen",
    "beamte",
    "beamten",
];

/// Endings of weak nouns: "salespeople", "Fachleute", "steelworkers",
/// "Datenspezialisten", "IT-Experten".
const WEAK_ENDINGS: &[&str] = &["people", "leute", "workers", "spezialisten", "experten"];

/// Adjectives that make counted jobs new ones ("500 neue Stellen").
pub const NEW_JOBS: &[&str] = &["neue", "neuen", "new", "zusätzliche", "additional"];

/// German compounds ending in a counted noun that count something else.
const NOT_JOBS: &[&str] = &[
    // Forces that are no company's staff.
    "streitkräfte",
    "einsatzkräfte",
    "sicherheitskräfte",
    "rettungskräfte",
    "polizeikräfte",
    "haltestellen",
    "tankstellen",
    "baustellen",
    "schnittstellen",
    "feuerstellen",
    "ladestellen",
    "anlaufstellen",
    "meldestellen",
    "poststellen",
    "fundstellen",
    "schwachstellen",
    "nachkommastellen",
    "dezimalstellen",
    "geschäftsstellen",
    "filmrollen",
    "rechnungsposten",
    "haushaltsposten",
    "kostenstellen",
    "servicestellen",
    "beratungsstellen",
    "verkaufsstellen",
];

/// What a noun counts, if it counts jobs or people.
pub fn counted_noun(word: &str) -> Option<(Unit, Option<Kind>, bool)> {
    let lower = word.to_lowercase();
    // "Amazon-Mitarbeiter": the part after the last hyphen.
    let last = lower.rsplit(['-', '‐']).next().unwrap_or(&lower);
    let weak_ending = |e: &&str| last.len() > e.len() && last.ends_with(e);
    if WEAK_NOUNS.contains(&last) || WEAK_ENDINGS.iter().any(weak_ending) {
        return Some((Unit::Employees, None, true));
    }
    if NOT_JOBS.contains(&last) {
        return None;
    }
    for (noun, unit, kind) in NOUNS {
        let compound =
            word.chars().next().is_some_and(char::is_uppercase) && last.len() > noun.len() + 2;
        if last == *noun || (compound && last.ends_with(noun)) {
            return Some((*unit, *kind, false));
        }
    }
    None
}

/// Workforce nouns followed by "von"/"of" and an amount ("Belegschaft von
/// 1,54 Millionen", "workforce of 1.54 million").
pub const WORKFORCE_NOUNS: &[&str] = &["belegschaft", "workforce", "headcount", "personalstand"];

/// Words that say what happens to the counted jobs: exact lower-case
/// words, or prefixes where they end in `*`.
pub const CUT_CUES: &[&str] = &[
    "streich*",
    "strich",
    "strichen",
    "gestrichen",
    "abbau*",
    "abgebaut",
    "abzubauen",
    "stellenabbau",
    "jobabbau",
    "entlass*",
    "entlässt",
    "entließ*",
    // Outsourced jobs leave the company's payroll ("6.000 Stellen sollen
    // ausgelagert werden", "will outsource 1,200 roles").
    "ausgelagert",
    "auszulagern",
    "outsource",
    "outsourced",
    "outsources",
    // "Betroffen sind rund 2.700 Beschäftigte", "bis zu 2.000 betroffenen
    // Arbeitsplätzen", "affecting 8,000 positions", "replace 7,800 roles
    // with AI"
    "betroffen*",
    "affect",
    "affected",
    "affecting",
    "affects",
    "ersetz*",
    "replace",
    "replaced",
    "replaces",
    "replacing",
    "kündig*",
    "gekündigt",
    "wegfall*",
    "wegfiel",
    "weggefallen",
    // "Rund 5.000 Stellen entfallen", "2.000 Stellen stehen auf der Kippe",
    // "stünden 1.200 Arbeitsplätze zur Disposition"
    "entfall*",
    "entfiel*",
    "kippe",
    "disposition",
    "wegzufallen",
    "kürz*",
    "gekürzt",
    "einspar*",
    // "ihren Sparkurs verschärfen – bis zu 3.000 weitere Stellen" (not
    // "trotz Sparkurs 20.000 neue Mitarbeiter einstellen": see kind.rs)
    "sparkurs*",
    "sparprogramm*",
    "eingespart",
    "reduzier*",
    "verkleiner*",
    "verlier*",
    "verlor*",
    "abschaff*",
    "nachbesetz*",
    "nachzubesetzen",
    "sank",
    "sinkt",
    "gesunken",
    "schrumpf*",
    "shrink*",
    "shrank",
    "fell",
    "cut",
    "cuts",
    "cutting",
    "layoff*",
    "laid",
    "lay",
    "laying",
    "eliminat*",
    "eliminier*",
    "slash*",
    "axe",
    "axed",
    "axing",
    "shed",
    "shedding",
    "reduc*",
    "trim",
    "trims",
    "trimmed",
    "trimming",
    "redundan*",
    "downsiz*",
    "fire",
    "fired",
    "fires",
    "firing",
    "lose",
    "losing",
    "lost",
    "loses",
    // "könnte Tausende Jobs kosten", "with the loss of 1,100 jobs"
    "kosten",
    "kostet",
    "verlust",
    "kostete",
    "gekostet",
    "loss",
    // "bis zu 3.000 gefährdeten Arbeitsplätzen", "1.500 bedrohten Jobs"
    "gefährdet*",
    "bedroht*",
    // "1.000 Jobs in Gefahr", "Hunderte Arbeitsplätze wackeln", "2,000
    // jobs at risk", "8.000 Jobs fielen dem Umbau zum Opfer"
    "gefahr",
    "wackel*",
    "risk",
    "opfer",
    // "ein Programm, das rund 10.000 Stellen betraf"
    "betraf",
    "betrafen",
    "betrifft",
    "betreffen",
    // "4.000 Beschäftigte hätten einen Aufhebungsvertrag unterschrieben"
    "aufhebungsvertr*",
    // "1.200 Beschäftigte haben ein Abfindungsangebot angenommen"
    "abfindung*",
    "buyout*",
];
pub const HIRE_CUES: &[&str] = &[
    "einstell*",
    "eingestellt",
    "einzustellen",
    "schaff*",
    "geschaffen",
    "rekrutier*",
    "anheuer*",
    // "sucht mehr als 500 Beschäftigte", "seeks 1,000 engineers"
    "sucht",
    "suchen",
    "seeks",
    "entsteh*",
    "entstand*",
    // "übernimmt 100 Beschäftigte vom Zulieferer"
    "übernimmt",
    "übernehmen",
    "übernommen",
    "hire",
    "hires",
    "hired",
    "hiring",
    "recruit*",
    "create",
    "creates",
    "created",
    "creating",
    "add",
    "adds",
    "added",
    "adding",
];
pub const WORKFORCE_CUES: &[&str] = &[
    "beschäftigt",
    "beschäftigen",
    "beschäftigte",
    "beschäftigten",
    "zählt",
    "zählte",
    "belegschaft",
    "employs",
    "employ",
    // "Derzeit dienen rund 183.000 Soldatinnen und Soldaten"
    "dienen",
    "dient",
    "employed",
    "employing",
    "workforce",
    "headcount",
    "arbeiten",
    "arbeitet",
    "arbeiteten",
    "arbeitete",
    "gearbeitet",
    "work",
    "works",
    "working",
];

/// `word` (lower-case) is one of `cues` (see [`CUT_CUES`]).
pub fn is_cue(word: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| match c.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == *c,
    })
}

/// Conjunctions that set what follows against what came before ("…,
/// während Amazon …"): they end a clause.
pub const CONTRASTS: &[&str] = &[
    "während", "while", "whereas", "but", "aber", "doch", "sondern",
];

/// Nouns that describe a company right before its name ("der
/// Autozulieferer Schaeffler", "the chipmaker Intel"), compared with the end
/// of the word; German ones also end compounds ("Familienunternehmen").
pub const GERMAN_COMPANY_NOUNS: &[&str] = &[
    "konzern",
    "zulieferer",
    "hersteller",
    "händler",
    "unternehmen",
    "firma",
    "bank",
    "versicherer",
    "dienstleister",
    "anbieter",
    "produzent",
];
pub const ENGLISH_COMPANY_NOUNS: &[&str] = &[
    "supplier",
    "maker",
    "company",
    "firm",
    "group",
    "retailer",
    "lender",
    "insurer",
    "manufacturer",
    "provider",
];

/// Verbs of staff leaving, a cut when the company is what they leave
/// ("haben das Unternehmen verlassen", "left the company").
pub const LEAVE: &[&str] = &[
    "verlassen",
    "verließen",
    "verlässt",
    "verließ",
    "left",
    "leave",
    "leaving",
];
pub const COMPANY_WORDS: &[&str] = &[
    "unternehmen",
    "konzern",
    "firma",
    "company",
    "firm",
    "group",
    "bank",
];

/// Verbs that change a count to a new level ("reduced its workforce to
/// 112,000", "die Belegschaft auf 8.000 verkleinern").
pub const CHANGE_CUES: &[&str] = &[
    "reduc*",
    "reduzier*",
    "cut",
    "cuts",
    "cutting",
    "trim*",
    "shrink*",
    "shrank",
    "lower*",
    "grow*",
    "grew",
    "rais*",
    "increas*",
    "boost*",
    "expand*",
    "senk*",
    "gesenkt",
    "sank",
    "gesunken",
    "sinkt",
    "schrumpf*",
    "verringer*",
    "verkleiner*",
    "erhöh*",
    "steiger*",
    "stieg",
    "gestiegen",
    "wachs*",
    "wuchs",
    "fell",
    "fall*",
    "drop*",
    "down",
    "up",
];

/// Separable German verbs: the stem word and its particle later in the
/// clause ("baut 14.000 Stellen ab", "stellt 500 Leute ein").
pub const SEPARABLE: &[(&[&str], &str, Kind)] = &[
    (&["baut", "bauen", "baute", "bauten"], "ab", Kind::Cut),
    (&["fallen", "fällt", "fielen", "fiel"], "weg", Kind::Cut),
    (
        &["stellt", "stellen", "stellte", "stellten"],
        "ein",
        Kind::Hire,
    ),
    (&["setzt", "setzen", "setzte"], "frei", Kind::Cut),
];

/// Qualifiers before an amount; `true` when they make it approximate.
pub const QUALIFIERS: &[(&str, bool)] = &[
    ("rund", true),
    ("etwa", true),
    ("ca.", true),
    ("circa", true),
    ("zirka", true),
    ("knapp", true),
    ("fast", true),
    ("beinahe", true),
    ("nahezu", true),
    ("annähernd", true),
    ("schätzungsweise", true),
    ("gut", true),
    ("mehr als", false),
    ("über", false),
    ("bis zu", false),
    ("mindestens", false),
    ("weniger als", false),
    ("insgesamt", false),
    ("about", true),
    ("around", true),
    ("roughly", true),
    ("nearly", true),
    ("almost", true),
    ("approximately", true),
    ("some", true),
    ("an estimated", true),
    ("close to", true),
    ("more than", false),
    ("over", false),
    ("up to", false),
    ("as many as", false),
    ("at least", false),
    ("fewer than", false),
    ("less than", false),
    ("a total of", false),
];

/// Scale words after a number.
pub const SCALES: &[(&str, u64)] = &[
    ("millionen", 1_000_000),
    ("million", 1_000_000),
    ("mio", 1_000_000),
    ("millions", 1_000_000),
    ("tausend", 1_000),
    ("thousand", 1_000),
    ("hundert", 100),
    ("hundred", 100),
];

/// Vague amounts: (words, lower bound, upper bound).
pub const VAGUE: &[(&[&str], u64, u64)] = &[
    (&["zehntausende"], 10_000, 99_999),
    (&["zehntausenden"], 10_000, 99_999),
    (&["tens", "of", "thousands"], 10_000, 99_999),
    (&["hunderttausende"], 100_000, 999_999),
    (&["hundreds", "of", "thousands"], 100_000, 999_999),
    (&["hunderte"], 100, 999),
    (&["hunderten"], 100, 999),
    (&["hundreds"], 100, 999),
    (&["tausende"], 1_000, 9_999),
    (&["tausenden"], 1_000, 9_999),
    (&["thousands"], 1_000, 9_999),
    (&["dutzende"], 12, 99),
    (&["dozens"], 12, 99),
    (&["mehrere", "hundert"], 100, 999),
    (&["mehrere", "tausend"], 1_000, 9_999),
    (&["einige", "hundert"], 100, 999),
    (&["einige", "tausend"], 1_000, 9_999),
    (&["ein", "paar", "hundert"], 100, 999),
    (&["ein", "paar", "tausend"], 1_000, 9_999),
    (&["several", "hundred"], 100, 999),
    (&["several", "thousand"], 1_000, 9_999),
    (&["a", "few", "hundred"], 100, 999),
    (&["a", "few", "thousand"], 1_000, 9_999),
];

/// Number words.
pub const NUMBER_WORDS: &[(&str, u64)] = &[
    ("zwei", 2),
    ("drei", 3),
    ("vier", 4),
    ("fünf", 5),
    ("sechs", 6),
    ("sieben", 7),
    ("acht", 8),
    ("neun", 9),
    ("zehn", 10),
    ("zwölf", 12),
    ("zwanzig", 20),
    ("dreißig", 30),
    ("fünfzig", 50),
    ("hundert", 100),
    ("tausend", 1000),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twelve", 12),
    ("twenty", 20),
    ("thirty", 30),
    ("fifty", 50),
    ("hundred", 100),
    ("thousand", 1000),
];

/// Words after an amount that make it something else than a count of jobs.
pub const NOT_A_COUNT: &[&str] = &[
    // "zwei Drittel ihren Job": a share, not two people.
    "drittel",
    "viertel",
    "fünftel",
    "zehntel",
    "hälfte",
    "%",
    "prozent",
    "percent",
    "per",
    "prozentpunkte",
    "$",
    "€",
    "£",
    "dollar",
    "us-dollar",
    "euro",
    "franken",
    "pfund",
    "dollars",
    "euros",
    "usd",
    "eur",
    "chf",
    "jahre",
    "jahren",
    "years",
    "monate",
    "monaten",
    "months",
    "tage",
    "tagen",
    "days",
    "wochen",
    "weeks",
    "stunden",
    "hours",
    "mal",
    "times",
    "milliarden",
    "billion",
    "billionen",
    "mrd",
];

/// Words that may stand between an amount and its noun ("14.000 weitere
/// Stellen", "several hundred corporate jobs") only if not one of these.
pub const GAP_STOP: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "und", "oder", "and", "or", "the", "a", "an", "in",
    "im", "bei", "at", "von", "für", "for", "to", "bis", "zu", "mit", "with", "ihrer", "seiner",
    "its", "their", "sind", "ist", "are", "is", "was", "were", "wurden", "werden",
];

/// Verbs of a demand: what follows them is asked for, not planned or
/// done ("Die GdP fordert 5.000 zusätzliche Stellen", "the union demanded
/// 2,000 new posts").
pub const DEMANDS: &[&str] = &[
    "fordert",
    "fordern",
    "forderte",
    "forderten",
    "verlangt",
    "verlangen",
    "verlangte",
    "demands",
    "demanded",
    "urges",
    "urged",
];

/// People a company serves, not employs: a gendered pair of them
/// ("1,2 Millionen Nutzerinnen und Nutzer") counts no staff. The male
/// (or common) plural, lower-case.
pub const NOT_STAFF: &[&str] = &[
    "nutzer",
    "kunden",
    "leser",
    "zuschauer",
    "hörer",
    "besucher",
    "bürger",
    "einwohner",
    "patienten",
    "schüler",
    "studenten",
    "wähler",
    "mitglieder",
    "abonnenten",
    "fahrgäste",
    "passagiere",
    "teilnehmer",
    "anleger",
    "aktionäre",
    "verbraucher",
];

/// Words that relate a company to another before its name ("Rival
/// easyJet", "Wettbewerber Rossmann"): only companies have rivals.
pub const RIVALS: &[&str] = &[
    "rival",
    "rivale",
    "konkurrent",
    "wettbewerber",
    "competitor",
];

/// Prepositions before an organisation the figure belongs to ("bei AWS",
/// "at Amazon").
pub const AT_ORG: &[&str] = &["bei", "at", "von", "vom", "of", "für", "for", "in"];

/// Words around an organisation that make it the source of the report, not
/// the one the figure belongs to ("laut Reuters", "Reuters reported").
pub const SOURCE_BEFORE: &[&str] = &[
    "laut",
    "bericht",
    "berichts",
    "ökonomen",
    "analysten",
    "experten",
    "economists",
    "analysts",
    "experts",
    "according",
    "citing",
    // "people familiar with the matter told Reuters", "sagte ein Sprecher
    // gegenüber dem Handelsblatt"
    "told",
    "gegenüber",
    "berufung",
    "via",
    "angaben",
    "informationen",
];
pub const SOURCE_AFTER: &[&str] = &[
    "berichtet",
    "berichtete",
    "berichten",
    "berichteten",
    "meldet",
    "meldete",
    "zufolge",
    "reported",
    "reports",
    "reporting",
];

/// Reporting verbs that make the subject a source wherever they stand in
/// its clause (not "schrieb": a chief writes to staff about his own company).
pub const REPORTED: &[&str] = &[
    "berichtet",
    "berichtete",
    "berichten",
    "berichteten",
    "meldet",
    "meldete",
    "reported",
    "reports",
    "erfuhr",
    "erfuhren",
    "learned",
    // Estimates of others' figures: "analysts estimate", "X warnt, dass …".
    "schätzt",
    "schätzte",
    "schätzen",
    "schätzten",
    "warnt",
    "warnte",
    "estimates",
    "estimated",
    "predicts",
    "predicted",
    "warns",
    "warned",
];

/// "X hält … für möglich": X estimates someone else's figure.
pub const HOLDS: &[&str] = &["hält", "hielt", "halten", "hielten"];
pub const POSSIBLE: &[&str] = &["möglich", "wahrscheinlich", "realistisch", "denkbar"];

/// Words after an amount without a noun that make it part of an earlier
/// figure ("1,54 Millionen Beschäftigte, davon 350.000 in der Verwaltung",
/// "500,000 people, including about 21,000 in Europe").
pub const OF_WHICH: &[&str] = &[
    "davon",
    "darunter",
    "including",
    "which",
    "them",
    "und",
    "and",
];

/// Year prepositions: "im Jahr 2025 Stellen", "bis 2027 Jobs".
pub const YEAR_BEFORE: &[&str] = &[
    "im", "in", "seit", "bis", "ab", "jahr", "jahres", "ende", "anfang", "mitte", "since", "until",
    "year", "early", "late", "fiscal",
];

/// Fraction words: the whole they divide into ("ein Fünftel": 5).
pub const FRACTIONS: &[(&str, u64)] = &[
    ("hälfte", 2),
    ("drittel", 3),
    ("viertel", 4),
    ("fünftel", 5),
    ("zehntel", 10),
    ("half", 2),
    ("third", 3),
    ("thirds", 3),
    ("quarter", 4),
    ("quarters", 4),
    ("fifth", 5),
    ("fifths", 5),
    ("tenth", 10),
];

/// Number words before a fraction word ("ein Fünftel", "two thirds").
pub const FRACTION_PARTS: &[(&str, u64)] = &[
    ("ein", 1),
    ("eine", 1),
    ("einem", 1),
    ("einen", 1),
    ("eines", 1),
    ("einer", 1),
    ("a", 1),
    ("one", 1),
    ("zwei", 2),
    ("two", 2),
    ("drei", 3),
    ("three", 3),
];

/// Word `w` ends a share: a per-cent word or a fraction word.
pub fn is_share_word(w: &Word) -> bool {
    w.is(&["%", "prozent", "percent", "pct"]) || FRACTIONS.iter().any(|(f, _)| w.lower == *f)
}

/// Nouns for parts of a company ("5% of its staff in its cloud unit").
pub const PARTS_OF_A_COMPANY: &[&str] = &[
    "unit",
    "units",
    "division",
    "divisions",
    "business",
    "operations",
    "segment",
    "department",
    "team",
    "teams",
    "plant",
    "plants",
    "offices",
    "stores",
];
