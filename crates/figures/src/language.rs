//! Whether a document is German or English, from its function words: the
//! status needs it (German "will" is a plan, English "will" the future of a
//! decision).

use crate::words::Word;

/// German function words and English ones: German "will" is a plan, so
/// the status needs the language (of the whole document: one sentence
/// may be too short to tell).
const GERMAN: &[&str] = &[
    "der",
    "die",
    "das",
    "und",
    "den",
    "dem",
    "des",
    "ist",
    "sind",
    "wird",
    "werden",
    "nicht",
    "mit",
    "auf",
    "für",
    "bei",
    "von",
    "ein",
    "eine",
    "im",
    "zu",
    "nach",
    "um",
    "dass",
    "sich",
    "auch",
    "stellen",
    "mitarbeiter",
    "abbauen",
    "streichen",
];
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "its", "with", "for", "at", "it", "has", "have", "a",
    "on", "that", "said", "jobs", "will", "cut",
];

/// The words are German rather than English.
pub fn is_german<'w>(words: impl IntoIterator<Item = &'w Word<'w>>) -> bool {
    let (mut de, mut en) = (0, 0);
    for w in words {
        de += usize::from(w.is(GERMAN));
        en += usize::from(w.is(ENGLISH));
    }
    de > en
}
