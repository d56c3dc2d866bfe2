//! Job figures: the stage after NER. Reads a document's cleaned text with
//! its ORG mentions and writes the job figures it states: "rund 14.000
//! Stellen" cut at Amazon, "mehrere Hundert Beschäftigte" at AWS, "a
//! workforce of 1.54 million".
//!
//! Per sentence ([`sentences`]): amounts ([`amount`]) followed by a counted
//! noun (jobs, employees; [`lexicon`]), what happens to them ([`kind`]) and
//! whose they are ([`attribute`]). Pure functions of the text and mentions:
//! no model, no I/O.

mod amount;
mod article;
mod attribute;
mod companies;
mod context;
pub mod eval;
pub mod eval_articles;
mod extract;
mod find;
mod kind;
mod language;
mod lexicon;
pub mod org_names;
mod org_refs;
mod sentences;
mod share;
mod status;
mod subject;
mod words;

pub use companies::{employer_spans, TaggedSpan};
pub use extract::extract;
pub use sentences::{sentences, Sentence};

use serde::{Deserialize, Serialize};

/// What happens to the counted jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Cut, laid off, to be cut (announced, planned or done).
    Cut,
    /// Hired or created.
    Hire,
    /// A head count ("mit 350.000 Mitarbeitern", "employs").
    Workforce,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cut => "cut",
            Kind::Hire => "hire",
            Kind::Workforce => "workforce",
            Kind::Other => "other",
        }
    }
}

/// How sure the text is of a figure, the strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The company states it as done, under way or decided, or confirms
    /// it ("streicht", "hat gestrichen", "said it will cut", "bestätigte");
    /// also a head count stated as fact.
    Confirmed,
    /// The company states a plan or intention ("will … abbauen", "plant",
    /// "soll", "plans to", "intends to").
    Announced,
    /// A third party reports it ("laut Reuters", "the New York Times
    /// reported", insiders, a union); `source` names it when the text does.
    Reported,
    /// A forecast or estimate ("Analysten rechnen mit", "could", "expects").
    Expected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Announced => "announced",
            Status::Reported => "reported",
            Status::Expected => "expected",
        }
    }
}

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Jobs, positions, roles ("Stellen", "Arbeitsplätze").
    Jobs,
    /// People ("Mitarbeiter", "Beschäftigte", "employees", "staff").
    Employees,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Jobs => "jobs",
            Unit::Employees => "employees",
        }
    }
}

/// An organisation mention of the document (character offsets into its
/// cleaned text), as NER found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgSpan {
    pub start: usize,
    pub end: usize,
}

/// One job figure, a line of `figures.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub doc: String,
    /// The organisation as written in the text, or null.
    pub org: Option<String>,
    /// The organisation's entity as in entities.csv (set by the aggregate
    /// stage once variants are folded), or null.
    pub entity: Option<String>,
    /// The number; for a vague amount its lower bound ("mehrere hundert":
    /// 100).
    pub value: u64,
    /// The upper bound of a range or vague amount.
    pub value_max: Option<u64>,
    pub approx: bool,
    pub kind: Kind,
    pub unit: Unit,
    /// Who says so, and how sure.
    pub status: Status,
    /// Who reports or expects it ("Reuters", "Analysten von Jefferies"),
    /// for `reported` and `expected` figures, when the text names them.
    pub source: Option<String>,
    /// Computed, not written: a share of a stated workforce ("vier Prozent
    /// der 350.000 Mitarbeiter" gives a cut of 14,000 when the article
    /// states no number for the cut). `text` is then the share as written.
    pub derived: bool,
    /// "rund", "mehr als", "up to", ... as written.
    pub qualifier: Option<String>,
    /// The figure as written ("rund 14.000 Stellen").
    pub text: String,
    /// Character offsets of `text` in the document's cleaned text.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}
