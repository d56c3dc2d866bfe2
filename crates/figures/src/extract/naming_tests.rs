//! Whose figure it is and under which name, how a headline sums the text,
//! and professions as counted staff (rules found on the v8 article set,
//! tested here on sentences written for the test).

use super::tests::{kinds_of, one, owners_of, told};
use super::*;

#[test]
fn a_headline_number_that_sums_the_text_is_no_claim_of_its_own() {
    // 800 + 450 below: the headline's 1.200 rounds their sum.
    let text = "Globus schafft 1.200 Jobs\n\nGlobus stellt in seinen neuen Lagern 800 \
                Mitarbeiter ein. Dazu kommen 450 neue Stellen in den Märkten, teilte Globus mit.";
    assert_eq!(
        kinds_of(text, &["Globus"]),
        [(Kind::Hire, 800), (Kind::Hire, 450)]
    );
    // A vague headline amount over numbers it covers.
    let text = "Hornbach sucht Hunderte neue Kräfte\n\nHornbach will im Frühjahr 300 \
                Saisonkräfte einstellen.";
    assert_eq!(kinds_of(text, &["Hornbach"]), [(Kind::Hire, 300)]);
    // A headline number far from what the text states is the news itself.
    let text = "Bosch streicht 5.000 Stellen\n\nBosch bestätigte den Abbau. Bereits 2023 hatte \
                Bosch 12.000 Stellen gestrichen.";
    assert_eq!(
        kinds_of(text, &["Bosch"]),
        [(Kind::Cut, 5_000), (Kind::Cut, 12_000)]
    );
}

#[test]
fn a_clipped_name_owns_its_figures_under_the_full_name() {
    let text = "Der Autozulieferer Continental baut um. Zusätzlich will Conti in der Forschung \
                300 Stellen streichen.";
    let owners = owners_of(text, &["Continental", "Conti"]);
    assert_eq!(owners, [Some("Continental".to_string())]);
    // Without the full name in the article the short one stands.
    let text = "Zusätzlich will Conti in der Forschung 300 Stellen streichen.";
    assert_eq!(
        told(text, &["Conti"]),
        [one("Conti", Kind::Cut, 300, Status::Announced)]
    );
}

#[test]
fn a_place_before_firm_describes_the_company_the_text_is_about() {
    let text = "Goldman Sachs will cut about 1,500 jobs, people familiar with the matter said.\n\n\
                The Wall Street firm had about 46,000 employees at the end of last year.";
    let owners = owners_of(text, &["Goldman Sachs", "Wall Street"]);
    assert_eq!(owners, vec![Some("Goldman Sachs".to_string()); 2]);
}

#[test]
fn crews_and_professions_count_when_the_sentence_says_what_happens_to_them() {
    assert_eq!(
        kinds_of(
            "Lufthansa City Airlines plans to recruit 700 cabin crew and 250 pilots this year.",
            &["Lufthansa City Airlines"]
        ),
        [(Kind::Hire, 700), (Kind::Hire, 250)]
    );
    assert_eq!(
        kinds_of(
            "Wizz Air employs more than 8,000 aviation professionals.",
            &["Wizz Air"]
        ),
        [(Kind::Workforce, 8_000)]
    );
    assert_eq!(
        kinds_of(
            "Die Allianz hat 120 IT-Spezialisten eingestellt.",
            &["Allianz"]
        ),
        [(Kind::Hire, 120)]
    );
    // Without a verb for them they are no staff figure.
    assert_eq!(
        kinds_of(
            "Bei der Messe sprachen 300 Piloten über Sicherheit.",
            &["Messe"]
        ),
        []
    );
}

#[test]
fn a_part_with_a_noun_of_its_own_is_as_sure_as_its_whole() {
    let statuses: Vec<Status> = told(
        "Bei Condor sollen 2027 rund 1.000 neue Mitarbeiter eingestellt werden, darunter 200 \
         Piloten und 300 Flugbegleiter.",
        &["Condor"],
    )
    .into_iter()
    .map(|f| f.3)
    .collect();
    assert_eq!(statuses, [Status::Announced; 3]);
}

#[test]
fn a_share_that_sizes_the_count_before_it_is_no_second_figure() {
    let text = "Goldman Sachs will cut about 3,000 jobs, or roughly 4% of its staff. The bank \
                has about 60,000 employees.";
    let figures = told(text, &["Goldman Sachs"]);
    assert!(figures.iter().all(|f| !f.4), "{figures:?}");
    assert_eq!(figures.len(), 2, "{figures:?}");
    // A share on its own gives the derived cut.
    let text = "Goldman Sachs will cut roughly 4% of its staff. The bank has about 60,000 \
                employees.";
    assert!(told(text, &["Goldman Sachs"])
        .iter()
        .any(|f| f.4 && f.2 == 2_400));
}

#[test]
fn a_second_company_s_bare_count_after_its_verb_counts_what_the_first_counted() {
    let text = "HP cut roughly 4,000 jobs last year; Lenovo has shed more than 3,000.";
    assert_eq!(
        told(text, &["HP", "Lenovo"]),
        [
            one("HP", Kind::Cut, 4_000, Status::Confirmed),
            one("Lenovo", Kind::Cut, 3_000, Status::Confirmed)
        ]
    );
    // Not a count of something else the clause names after it.
    let text = "HP cut roughly 4,000 jobs last year; Lenovo has shed more than 3,000 dealers.";
    assert_eq!(kinds_of(text, &["HP", "Lenovo"]), [(Kind::Cut, 4_000)]);
}

#[test]
fn a_part_of_those_before_is_a_part_of_the_figure_before() {
    let text = "Saab is cutting 2,000 positions. About 800 of those are in Linköping.";
    assert_eq!(
        kinds_of(text, &["Saab"]),
        [(Kind::Cut, 2_000), (Kind::Cut, 800)]
    );
}

#[test]
fn a_company_s_own_our_staff_is_its_head_count() {
    let text = "Saab is hiring. Lund: AI helps our 20,000 colleagues do their jobs better.";
    assert_eq!(kinds_of(text, &["Saab"]), [(Kind::Workforce, 20_000)]);
    let text = "Saab stellt ein. Lund: Unsere 20.000 Mitarbeiter arbeiten mit KI.";
    assert_eq!(kinds_of(text, &["Saab"]), [(Kind::Workforce, 20_000)]);
}

#[test]
fn an_acronym_of_a_union_or_association_owns_no_figure() {
    // The acronym alone, later, is the body the text defined it for.
    let text = "Nach Angaben des Verbands der Elektroindustrie (VDEI) arbeiten in der Branche \
                900.000 Menschen. Der VDEI erwartet, dass 12.000 Stellen wegfallen.";
    let owners = owners_of(text, &["Verbands der Elektroindustrie", "VDEI"]);
    assert!(owners.iter().all(Option::is_none), "{owners:?}");
    // A company's acronym still owns its figures.
    let text = "Die Kölner Verkehrs-Betriebe (KVB) stellen 300 Fahrer ein. Die KVB beschäftigt \
                4.200 Menschen.";
    let owners = owners_of(text, &["Kölner Verkehrs-Betriebe", "KVB"]);
    assert!(owners.iter().all(Option::is_some), "{owners:?}");
}

#[test]
fn what_a_demand_asks_for_is_no_figure() {
    let text = "Die Stadtwerke Köln wollen 200 Mitarbeiter einstellen. Die Gewerkschaft Verdi \
                fordert 400 zusätzliche Stellen pro Jahr.";
    assert_eq!(
        kinds_of(text, &["Stadtwerke Köln", "Gewerkschaft Verdi"]),
        [(Kind::Hire, 200)]
    );
    let text = "Unite demanded at least 1,500 new posts at Jaguar Land Rover.";
    assert_eq!(kinds_of(text, &["Unite", "Jaguar Land Rover"]), []);
}

#[test]
fn a_public_agency_s_acronym_still_owns_its_own_figures() {
    let text = "Nürnberg. Die Bundesagentur für Arbeit (BA) spart. Die BA will bis 2030 rund \
                5.000 Stellen abbauen. Die BA beschäftigt rund 113.000 Menschen.";
    let owners = owners_of(text, &["Bundesagentur für Arbeit", "BA"]);
    assert!(owners.iter().all(Option::is_some), "{owners:?}");
}

#[test]
fn a_question_headline_that_sums_the_text_is_no_claim_of_its_own() {
    let text = "Netto: 2.000 neue Jobs?\n\nNetto will in diesem Jahr rund 1.600 neue \
                Mitarbeiter einstellen, darunter 400 Auszubildende.";
    assert_eq!(
        kinds_of(text, &["Netto"]),
        [(Kind::Hire, 1_600), (Kind::Hire, 400)]
    );
}

#[test]
fn users_and_shares_in_words_are_no_staff() {
    let text = "Babbel hat nach eigenen Angaben 2,5 Millionen Nutzerinnen und Nutzer.";
    assert_eq!(kinds_of(text, &["Babbel"]), []);
    let text = "Bei Babbel verlieren zwei Drittel ihren Job.";
    assert!(
        kinds_of(text, &["Babbel"]).iter().all(|(_, v)| *v != 2),
        "{:?}",
        kinds_of(text, &["Babbel"])
    );
}

#[test]
fn a_post_on_a_platform_is_where_a_figure_was_said_not_whose() {
    let text = "Cleo builds AI tutors. In a post on LinkedIn, the start-up said it has laid off \
                40 staff.";
    assert_eq!(
        told(text, &["Cleo", "LinkedIn"]),
        [one("Cleo", Kind::Cut, 40, Status::Confirmed)]
    );
    // A company described after its name by where it is based is no place.
    let text = "Cleo, a London-based start-up, has laid off 40 staff, its founder said.";
    assert_eq!(
        told(text, &["Cleo"]),
        [one("Cleo", Kind::Cut, 40, Status::Confirmed)]
    );
}

#[test]
fn counts_of_a_company_s_staff_its_earlier_level_and_a_count_joined_to_a_noun() {
    // A possessive before the count: the company's staff.
    let text = "About Sika\n\nSika is a specialty chemicals company. Sika's more than 33,000 \
                employees serve customers in 100 countries.";
    assert_eq!(kinds_of(text, &["Sika"]), [(Kind::Workforce, 33_000)]);
    // "compared with" an earlier level.
    let text = "HP had about 58,000 employees at the end of October, compared with 61,000 a \
                year earlier.";
    assert_eq!(
        kinds_of(text, &["HP"]),
        [(Kind::Workforce, 58_000), (Kind::Workforce, 61_000)]
    );
    // "of them" before a part.
    let text = "Sanofi plans to cut up to 1,200 roles in France by the end of 2027, of them \
                about 300 in Lyon.";
    assert_eq!(
        kinds_of(text, &["Sanofi"]),
        [(Kind::Cut, 1_200), (Kind::Cut, 300)]
    );
    // A bare count joined to the next one's noun.
    let text = "Die Raiffeisen beschäftigt in Österreich rund 9.000 und in Osteuropa insgesamt \
                etwa 40.000 Mitarbeiter.";
    assert_eq!(
        kinds_of(text, &["Raiffeisen"]),
        [(Kind::Workforce, 9_000), (Kind::Workforce, 40_000)]
    );
}

#[test]
fn both_companies_of_a_list_with_articles_and_an_acronym_own_each_figure() {
    let text = "Sowohl die Commerzbank als auch die Norddeutsche Landesbank (Nord/LB) wollen in \
                den kommenden Jahren jeweils rund 300 Stellen abbauen.";
    let owners: Vec<Option<String>> =
        owners_of(text, &["Commerzbank", "Norddeutsche Landesbank", "Nord/LB"]);
    assert_eq!(
        owners,
        [
            Some("Commerzbank".to_string()),
            Some("Norddeutsche Landesbank".to_string())
        ]
    );
}

#[test]
fn a_strong_workforce_is_a_head_count() {
    let text = "Barclays plans to cut about 5% of its 90,000-strong workforce.";
    let figures = told(text, &["Barclays"]);
    assert!(
        figures.contains(&one("Barclays", Kind::Workforce, 90_000, Status::Confirmed)),
        "{figures:?}"
    );
    let text = "Die 3.000-köpfige Belegschaft von Vaillant erfuhr es am Montag.";
    assert_eq!(kinds_of(text, &["Vaillant"]), [(Kind::Workforce, 3_000)]);
}

#[test]
fn a_clause_after_a_semicolon_goes_on_about_the_company_before_it() {
    let text = "10:15 Uhr: Der Autobauer Ford streicht im Werk Saarlouis eine Schicht; rund 250 \
                Stellen fallen weg.";
    assert_eq!(
        told(text, &["Ford"]),
        [one("Ford", Kind::Cut, 250, Status::Confirmed)]
    );
    let text = "Eine Siltronic-Sprecherin nannte eine tiefere Zahl: Betroffen seien etwa 400 \
                Stellen.";
    let owners = owners_of(text, &["Siltronic"]);
    assert_eq!(owners, [Some("Siltronic".to_string())]);
}

#[test]
fn a_compound_s_first_part_before_und_leaves_the_noun_to_the_second() {
    let text = "Hapag hat 120 IT- und Datenspezialisten eingestellt.";
    assert_eq!(kinds_of(text, &["Hapag"]), [(Kind::Hire, 120)]);
}

#[test]
fn a_passive_that_opens_with_its_verb_counts_the_bare_number_at_its_end() {
    let text = "Condor sucht Flugbegleiter. Bereits eingestellt wurden nach Unternehmensangaben \
                450.";
    assert_eq!(kinds_of(text, &["Condor"]), [(Kind::Hire, 450)]);
    // Not a number of something else after it.
    let text = "Condor sucht Flugbegleiter. Bereits eingestellt wurden 450 Flugzeuge.";
    assert_eq!(kinds_of(text, &["Condor"]), []);
}

#[test]
fn rules_of_this_file_keep_to_what_they_are_for() {
    // A headline amount beyond any sum is no panic.
    let _ = told(
        "Kion streicht 99999999999999999999 Stellen\n\nKion streicht 500 Stellen.",
        &["Kion"],
    );
    // A newspaper before a company's acronym does not make the acronym press.
    let text = "Laut Handelsblatt streicht die Deutsche Bank (DB) 3.500 Stellen. Die DB \
                beschäftigt 90.000 Menschen.";
    let owners = owners_of(text, &["Handelsblatt", "Deutsche Bank", "DB"]);
    assert!(owners.iter().all(Option::is_some), "{owners:?}");
    // "demand" the noun is no demand.
    let found = kinds_of("Weak demand costs 1,200 jobs at Ford.", &["Ford"]);
    assert_eq!(found.iter().map(|f| f.1).collect::<Vec<_>>(), [1_200]);
    // A genitive after a list is no entry of it.
    let owners = owners_of(
        "Bei Audi und Porsche der Volkswagen AG fallen jeweils 2.000 Stellen weg.",
        &["Audi", "Porsche", "Volkswagen AG"],
    );
    assert!(owners.len() < 3, "{owners:?}");
    // A parent keeps its figures beside its hyphenated unit.
    let text = "Lufthansa streicht 2.000 Stellen. Auch Lufthansa-Cargo spart.";
    assert_eq!(
        told(text, &["Lufthansa", "Lufthansa-Cargo"]),
        [one("Lufthansa", Kind::Cut, 2_000, Status::Confirmed)]
    );
    // A bare number at a sentence's end after no passive is no count.
    assert_eq!(
        kinds_of(
            "Lufthansa sucht Piloten. Eingestellt wird ab 21.",
            &["Lufthansa"]
        ),
        []
    );
    // A way of running an economy is no trade.
    let text = "Der Konzern Remondis streicht 2.500 Stellen und setzt auf Kreislaufwirtschaft.";
    let owners = owners_of(text, &["Remondis"]);
    assert_eq!(owners, [Some("Remondis".to_string())]);
}
