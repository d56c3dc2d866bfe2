//! How an article restates, continues and quotes its figures (rules found
//! on the v7 article set, tested here on sentences written for the test).

use super::tests::{kinds_of, one, told};
use super::*;

#[test]
fn a_headline_restating_a_figure_under_another_name_is_as_sure_as_the_text() {
    // The headline names the acronym, the text the full name.
    let text = "KVB sucht 900 neue Beschäftigte\n\nDie Kölner Verkehrs-Betriebe (KVB) wollen in \
                diesem Jahr 900 neue Fahrerinnen und Fahrer einstellen.";
    let statuses: Vec<Status> = told(text, &["KVB", "Kölner Verkehrs-Betriebe"])
        .into_iter()
        .map(|f| f.3)
        .collect();
    assert_eq!(statuses, [Status::Announced, Status::Announced]);
    // A headline without a verb of its own says what the text says.
    let text = "Grammer: Bis zu 800 Jobs auf dem Prüfstand\n\nGrammer will bis 2027 bis zu 800 \
                Stellen streichen.";
    assert_eq!(
        kinds_of(text, &["Grammer"]),
        [(Kind::Cut, 800), (Kind::Cut, 800)]
    );
}

#[test]
fn a_part_is_as_sure_as_its_whole() {
    assert_eq!(
        told(
            "Die Sparkasse KölnBonn will 300 neue Mitarbeiter einstellen, darunter rund 120 \
             Auszubildende.",
            &["Sparkasse KölnBonn"]
        ),
        [
            one("Sparkasse KölnBonn", Kind::Hire, 300, Status::Announced),
            one("Sparkasse KölnBonn", Kind::Hire, 120, Status::Announced)
        ]
    );
}

#[test]
fn jobs_someone_fears_or_expects_after_a_cut_are_more_of_that_cut() {
    let text = "Kion will 1.400 Stellen streichen. Die IG Metall befürchtet, dass es am Ende \
                bis zu 2.000 Stellen werden könnten.";
    assert_eq!(
        kinds_of(text, &["Kion"]),
        [(Kind::Cut, 1_400), (Kind::Cut, 2_000)]
    );
    let text = "Kion hat 1.400 Stellen gestrichen. Analysten erwarten, dass noch einmal 500 \
                Stellen hinzukommen.";
    assert_eq!(
        kinds_of(text, &["Kion"]),
        [(Kind::Cut, 1_400), (Kind::Cut, 500)]
    );
}

#[test]
fn jobs_at_risk_or_fallen_victim_are_cuts_and_so_is_a_smaller_headcount() {
    for (text, org) in [
        ("Bei Grammer sind 600 Jobs in Gefahr.", "Grammer"),
        (
            "Bei Leoni fielen im vergangenen Jahr rund 900 Stellen dem Sparprogramm zum Opfer.",
            "Leoni",
        ),
        ("About 1,200 jobs at Argos are at risk.", "Argos"),
        (
            "Unilever plans to reduce headcount by about 3,200 over two years.",
            "Unilever",
        ),
    ] {
        let f = told(text, &[org]);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        assert_eq!(
            (f[0].0.as_deref(), f[0].1),
            (Some(org), Kind::Cut),
            "{text}"
        );
    }
}

#[test]
fn a_company_s_colleagues_are_its_staff_and_a_reader_s_words_are_no_claim() {
    assert_eq!(
        kinds_of(
            "We employ about 41,000 colleagues in 30 markets, said Vodafone's chief.",
            &["Vodafone"]
        ),
        [(Kind::Workforce, 41_000)]
    );
    for text in [
        "Ein Leser schrieb: Bei uns im Werk haben 200 Kollegen gekündigt.",
        "One reader wrote: our branch laid off 40 staff last year.",
    ] {
        assert_eq!(told(text, &[]), [], "{text}");
    }
}
