//! How the stage reads clauses, speakers and descriptions (rules found on
//! the v3 article set, tested here on sentences written for the test).

use super::tests::{kinds_of, one, org_of, owner_of, told};
use super::*;

#[test]
fn a_colon_and_a_pair_of_nouns_bound_what_a_verb_says() {
    // The cut before the colon is not the head count's.
    assert_eq!(
        kinds_of(
            "Trotz der Kürzungen wuchs das Team: Ende Juni beschäftigte Zalando rund 15.000 Menschen.",
            &["Zalando"]
        ),
        [(Kind::Workforce, 15_000)]
    );
    // "Privat- und Firmenkundengeschäft" is one noun phrase, not two clauses.
    assert_eq!(
        kinds_of(
            "Die Commerzbank baut im Privat- und Firmenkundengeschäft rund 3.900 Stellen ab.",
            &["Commerzbank"]
        ),
        [(Kind::Cut, 3_900)]
    );
    // A gendered pair names people; leaving the company is a cut, and the
    // company that says so owns it.
    assert_eq!(
        told(
            "Bislang haben rund 2.000 Kolleginnen und Kollegen einen Aufhebungsvertrag \
             unterschrieben, teilte Bayer mit.",
            &["Bayer"]
        ),
        [one("Bayer", Kind::Cut, 2_000, Status::Confirmed)]
    );
    assert_eq!(
        owner_of(
            "Rund 800 Beschäftigte haben das Unternehmen bereits verlassen, teilte Vodafone mit.",
            &["Vodafone"]
        )
        .as_deref(),
        Some("Vodafone")
    );
}

#[test]
fn a_level_the_staff_changes_to_is_a_head_count() {
    assert_eq!(
        kinds_of(
            "Intel reduced its workforce to about 99,500 employees.",
            &["Intel"]
        ),
        [(Kind::Workforce, 99_500)]
    );
    assert_eq!(
        kinds_of("Oracle will cut up to 3,000 jobs.", &["Oracle"]),
        [(Kind::Cut, 3_000)]
    );
    assert_eq!(
        kinds_of(
            "Die Bundesagentur meldet: Bei Miele entfallen rund 1.300 Arbeitsplätze, bei \
             Kärcher stehen 400 Stellen auf der Kippe.",
            &["Miele", "Kärcher"]
        ),
        [(Kind::Cut, 1_300), (Kind::Cut, 400)]
    );
    assert_eq!(
        kinds_of(
            "Henkel beschäftigt weltweit 47.000 Menschen, rund 9.000 davon in Deutschland.",
            &["Henkel"]
        ),
        [(Kind::Workforce, 47_000), (Kind::Workforce, 9_000)]
    );
    assert_eq!(
        kinds_of("DHL will 10.000 Saisonkräfte einstellen.", &["DHL"]),
        [(Kind::Hire, 10_000)]
    );
    assert_eq!(
        kinds_of(
            "Adobe plans to hire 1,500 additional salespeople.",
            &["Adobe"]
        ),
        [(Kind::Hire, 1_500)]
    );
}

#[test]
fn associations_agencies_places_and_descriptions_own_no_figure() {
    let expected = told(
        "Nach Schätzungen des Branchenverbands VDMA könnten 10.000 Jobs wegfallen.",
        &["VDMA"],
    );
    assert_eq!(expected.len(), 1);
    assert_eq!(
        (expected[0].0.as_deref(), expected[0].3),
        (None, Status::Expected)
    );
    // The agency reports; the article's company owns the figure.
    let text = "Nike baut um\n\nNike will sparen. Wie die Nachrichtenagentur Bloomberg \
                erfuhr, sollen weitere 2.000 Stellen wegfallen.";
    assert_eq!(
        told(text, &["Nike", "Bloomberg"]),
        [one("Nike", Kind::Cut, 2_000, Status::Reported)]
    );
    // So does a union introduced as one.
    let text = "Die Reederei Hapag-Lloyd will sparen. Die Seeleutegewerkschaft VSK befürchtet, \
                dass bis zu 900 Stellen wegfallen.";
    assert_eq!(
        told(text, &["Hapag-Lloyd", "VSK"]),
        [(
            Some("Hapag-Lloyd".to_string()),
            Kind::Cut,
            900,
            Status::Expected,
            false
        )]
    );
    // "der Autobauer" and "Cupertino, California-based" refer to the company.
    let text =
        "Mercedes-Benz baut um. In Sindelfingen beschäftigt der Autobauer rund 35.000 Menschen.";
    assert_eq!(
        owner_of(text, &["Mercedes-Benz", "Autobauer"]).as_deref(),
        Some("Mercedes-Benz")
    );
    let text = "Apple is reorganising its services arm. The Cupertino, California-based tech \
                giant employs about 160,000 people.";
    assert_eq!(
        owner_of(text, &["Apple", "Cupertino"]).as_deref(),
        Some("Apple")
    );
    // A joint figure of several companies is none of theirs.
    assert_eq!(
        owner_of(
            "Airbus, Thales und Leonardo wollen zusammen rund 1.200 Stellen abbauen.",
            &["Airbus", "Thales", "Leonardo"]
        ),
        None
    );
}

#[test]
fn a_company_s_own_report_of_results_and_a_reference_after_a_semicolon_are_its_own() {
    assert_eq!(
        told(
            "UPS cut about 12,000 jobs this year, the company said as it reported quarterly results.",
            &["UPS"]
        ),
        [one("UPS", Kind::Cut, 12_000, Status::Confirmed)]
    );
    assert_eq!(
        org_of(
            "Lidl ist gewachsen; im Mai hatte der Konzern den Abbau von 200 Stellen angekündigt.",
            "Lidl"
        )
        .as_deref(),
        Some("Lidl")
    );
}

#[test]
fn dateline_agencies_and_told_sources_own_nothing_and_legal_forms_name_one_company() {
    // The agency of the dateline delivered the text; "Corning Inc" and
    // "Corning" are one company, so the lead names one employer.
    let text = "Corning to cut jobs\n\nCORNING, N.Y. (Reuters) - Corning Inc will cut about 2,000 \
                jobs in Europe. The glassmaker employed about 78,000 people at the end of June.";
    assert_eq!(
        told(text, &["Corning", "Corning Inc", "Reuters"])
            .into_iter()
            .map(|f| (f.0, f.1, f.2))
            .collect::<Vec<_>>(),
        [
            (Some("Corning".to_string()), Kind::Cut, 2_000),
            (Some("Corning".to_string()), Kind::Workforce, 78_000)
        ]
    );
    let text = "FRANKFURT (dpa) - Die Commerzbank will rund 3.900 Stellen streichen. Der Konzern \
                beschäftigt rund 39.000 Menschen.";
    let figures = told(text, &["dpa", "Commerzbank"]);
    assert!(
        figures.len() == 2
            && figures
                .iter()
                .all(|f| f.0.as_deref() == Some("Commerzbank")),
        "{figures:?}"
    );
    // "told X" names the source: the unit's staff is still the company's,
    // and the two informants are no figure.
    let text = "Ericsson's cloud unit employs about 6,500 people. Up to a tenth of them could go, \
                two people familiar with the plans told Bloomberg. The telecom supplier employs \
                about 94,000 people in all.";
    let figures = told(text, &["Ericsson", "Bloomberg"]);
    assert_eq!(
        figures
            .iter()
            .map(|f| (f.0.as_deref(), f.1, f.2))
            .collect::<Vec<_>>(),
        [
            (Some("Ericsson"), Kind::Workforce, 6_500),
            (Some("Ericsson"), Kind::Workforce, 94_000)
        ],
        "informants are no staff; the staff are Ericsson's"
    );
    // A part after "including" is a head count too.
    assert_eq!(
        kinds_of(
            "DSV employs about 160,000 people worldwide, including about 9,000 in Germany.",
            &["DSV"]
        ),
        [(Kind::Workforce, 160_000), (Kind::Workforce, 9_000)]
    );
}

#[test]
fn a_headline_with_a_range_s_upper_bound_restates_the_range() {
    let text = "Kion streicht bis zu 900 Stellen\n\nDer Gabelstaplerhersteller Kion will zwischen \
                600 und 900 Stellen in der Verwaltung abbauen.";
    let figures = told(text, &["Kion"]);
    assert_eq!(
        figures,
        [one("Kion", Kind::Cut, 600, Status::Announced)],
        "{figures:?}"
    );
}

#[test]
fn a_share_of_the_staff_takes_its_number_from_the_article_s_head_count() {
    let derived = |text: &str, orgs: &[&str]| -> Vec<(Option<String>, Kind, u64)> {
        told(text, orgs)
            .into_iter()
            .filter(|f| f.4)
            .map(|f| (f.0, f.1, f.2))
            .collect()
    };
    // The head count after the share, in the next sentence.
    assert_eq!(
        derived(
            "Wayfair will cut about 5% of its workforce. The retailer had about 12,000 employees \
             at the end of the year.",
            &["Wayfair"]
        ),
        [(Some("Wayfair".to_string()), Kind::Cut, 600)]
    );
    // The head count before it, and the share after the staff noun.
    assert_eq!(
        derived(
            "Der Maschinenbauer Krones beschäftigt rund 20.000 Menschen. Krones will seine \
             Belegschaft um etwa 3 Prozent verkleinern.",
            &["Krones"]
        ),
        [(Some("Krones".to_string()), Kind::Cut, 600)]
    );
    // A part of the staff, an upper bound, or no head count: no number.
    for text in [
        "Wayfair employs about 12,000 people. It will cut 5% of its staff in Europe.",
        "Wayfair employs about 12,000 people. The cuts affect fewer than 5% of its staff.",
        "Wayfair will cut about 5% of its workforce.",
    ] {
        assert!(derived(text, &["Wayfair"]).is_empty(), "{text}");
    }
    // A range of shares before a head count is a range of jobs.
    let f = extract(
        "d",
        "Zalando will cut between 2% and 3% of its 15,000 employees.",
        &crate::eval::org_spans(
            "Zalando will cut between 2% and 3% of its 15,000 employees.",
            &["Zalando".to_string()],
        ),
    );
    let cut = f.iter().find(|f| f.derived).expect("a derived cut");
    assert_eq!((cut.value, cut.value_max), (300, Some(450)));
}

#[test]
fn a_wider_head_count_after_a_comma_and_numbers_in_words_are_figures() {
    assert_eq!(
        kinds_of(
            "Knorr-Bremse beschäftigt in Europa rund 14.000 Menschen, weltweit etwa 33.000.",
            &["Knorr-Bremse"]
        ),
        [(Kind::Workforce, 14_000), (Kind::Workforce, 33_000)]
    );
    assert_eq!(
        kinds_of(
            "Bei Vaillant fallen rund dreihundert Stellen weg.",
            &["Vaillant"]
        ),
        [(Kind::Cut, 300)]
    );
    // The number of a name is no figure.
    assert_eq!(
        kinds_of("ProSiebenSat.1 streicht 400 Stellen.", &["ProSiebenSat.1"]),
        [(Kind::Cut, 400)]
    );
    // "weitere 400" with its verb right after it: more of the same jobs;
    // not "weitere 20 Filialen".
    assert_eq!(
        kinds_of(
            "Brose hat 600 Stellen gestrichen. Bis 2027 sollen weitere 400 wegfallen.",
            &["Brose"]
        ),
        [(Kind::Cut, 600), (Kind::Cut, 400)]
    );
    assert_eq!(
        kinds_of(
            "Brose hat 600 Stellen gestrichen. Bis 2027 sollen weitere 20 Werke schließen.",
            &["Brose"]
        ),
        [(Kind::Cut, 600)]
    );
}

#[test]
fn a_third_party_s_frame_after_the_figure_makes_a_plan_reported() {
    assert_eq!(
        told(
            "Nestlé plans to cut about 6,000 office jobs, two people familiar with the matter \
             told Bloomberg.",
            &["Nestlé", "Bloomberg"]
        ),
        [one("Nestlé", Kind::Cut, 6_000, Status::Reported)]
    );
    // No frame without a reporting verb ("a familiar one" names no source).
    assert_eq!(
        told(
            "When Nestlé confirmed that it would cut about 6,000 office jobs, the first question \
             in Vevey was a familiar one.",
            &["Nestlé"]
        ),
        [one("Nestlé", Kind::Cut, 6_000, Status::Confirmed)]
    );
    // The company's own spokesman is no third party.
    assert_eq!(
        told(
            "Nestlé plans to cut about 6,000 office jobs, a spokesman said on Monday.",
            &["Nestlé"]
        ),
        [one("Nestlé", Kind::Cut, 6_000, Status::Announced)]
    );
}

#[test]
fn a_head_count_a_cut_is_measured_against_is_the_workforce() {
    assert_eq!(
        kinds_of(
            "Gemessen an den etwa 61.000 Mitarbeitern in Europa entspricht der Abbau gut 6 Prozent.",
            &["Ericsson"]
        ),
        [(Kind::Workforce, 61_000)]
    );
    assert_eq!(
        kinds_of(
            "Bezogen auf die weltweit 90.000 Beschäftigten fällt der Stellenabbau bei Henkel kaum ins Gewicht.",
            &["Henkel"]
        ),
        [(Kind::Workforce, 90_000)]
    );
    assert_eq!(
        kinds_of(
            "Relative to its 12,000 employees, the layoffs at Zendesk are modest.",
            &["Zendesk"]
        ),
        [(Kind::Workforce, 12_000)]
    );
    // Measured against a number of cuts, the figure stays a cut.
    assert_eq!(
        kinds_of(
            "Gemessen an den 4.000 Stellen, die Daimler streicht, ist das wenig.",
            &["Daimler"]
        ),
        [(Kind::Cut, 4_000)]
    );
}

#[test]
fn people_at_service_firms_and_suppliers_are_no_one_company_s_staff() {
    let owners = |text: &str, orgs: &[&str]| -> Vec<(Option<String>, u64)> {
        told(text, orgs).into_iter().map(|f| (f.0, f.2)).collect()
    };
    assert_eq!(
        owners(
            "Lufthansa streicht 2.000 Stellen in der Verwaltung. In Hessen arbeiten zudem \
             rund 9.000 Menschen bei Dienstleistern rund um den Flughafen.",
            &["Lufthansa"]
        ),
        [(Some("Lufthansa".to_string()), 2_000), (None, 9_000)]
    );
    assert_eq!(
        owners(
            "Boeing will cut 1,500 jobs in Seattle. Another 4,000 people work for \
             suppliers and contractors in the region.",
            &["Boeing"]
        ),
        [(Some("Boeing".to_string()), 1_500), (None, 4_000)]
    );
    // The company's own contractors are its staff.
    assert_eq!(
        owners(
            "Vodafone employs about 90,000 people, including 12,000 contractors.",
            &["Vodafone"]
        ),
        [
            (Some("Vodafone".to_string()), 90_000),
            (Some("Vodafone".to_string()), 12_000)
        ]
    );
}

#[test]
fn a_number_of_cuts_counts_jobs_and_a_share_that_points_back_restates_its_figure() {
    assert_eq!(
        told(
            "Siemens announced about 6,900 cuts, roughly 2% of its 320,000 employees.",
            &["Siemens"]
        ),
        [
            one("Siemens", Kind::Cut, 6_900, Status::Confirmed),
            one("Siemens", Kind::Workforce, 320_000, Status::Confirmed)
        ]
    );
    // A tally of many employers' plans is no one's cut.
    assert_eq!(
        kinds_of("Forecasters count 900,000 announced cuts nationwide.", &[]),
        []
    );
    // The share restates the cut before it: no second, derived cut.
    let text = "Nike plans to cut up to 1,500 jobs. That would be close to 3% of its \
                roughly 79,000 employees, the deepest cut in its history.";
    assert_eq!(
        kinds_of(text, &["Nike"]),
        [(Kind::Cut, 1_500), (Kind::Workforce, 79_000)]
    );
    let text = "Bosch will bis zu 3.500 Stellen streichen. Das entspräche einem Abbau von \
                etwa 7 Prozent der 70.000 Beschäftigten in der Sparte.";
    assert_eq!(
        kinds_of(text, &["Bosch"]),
        [(Kind::Cut, 3_500), (Kind::Workforce, 70_000)]
    );
}

#[test]
fn a_unit_whose_name_the_model_cut_short_is_still_a_part_of_the_owner() {
    let text = "Bosch streicht 5.500 Stellen. Besonders betroffen ist die Sparte Power \
                Tools Solutions; dort sollen bis 2027 rund 2.000 Arbeitsplätze wegfallen.";
    assert_eq!(
        told(text, &["Bosch", "Tools Solutions"]),
        [
            one("Bosch", Kind::Cut, 5_500, Status::Confirmed),
            (
                Some("Bosch".to_string()),
                Kind::Cut,
                2_000,
                Status::Announced,
                false
            )
        ]
    );
}

#[test]
fn a_part_that_opens_a_sentence_and_outsourced_jobs_continue_the_cut() {
    let text = "Bis 2028 fallen bei Evonik 2.000 Arbeitsplätze weg. 1.500 davon werden in der \
                Verwaltung abgebaut, weitere 500 Stellen sollen an Dienstleister ausgelagert werden.";
    assert_eq!(
        kinds_of(text, &["Evonik"]),
        [(Kind::Cut, 2_000), (Kind::Cut, 1_500), (Kind::Cut, 500)]
    );
    assert_eq!(
        kinds_of(
            "Infosys will outsource 1,200 roles to partners.",
            &["Infosys"]
        ),
        [(Kind::Cut, 1_200)]
    );
}

#[test]
fn a_sentence_that_opens_with_a_whole_counts_its_parts() {
    let text = "Henkel streicht 2.000 Stellen. Von den 2.000 Stellen entfallen nach \
                Unternehmensangaben rund 600 auf Düsseldorf.";
    assert_eq!(
        kinds_of(text, &["Henkel"]),
        [(Kind::Cut, 2_000), (Kind::Cut, 2_000), (Kind::Cut, 600)]
    );
    let text =
        "Intel will cut 5,000 jobs. Of the 5,000 roles to be cut, about 1,300 are in Oregon.";
    assert_eq!(
        kinds_of(text, &["Intel"]),
        [(Kind::Cut, 5_000), (Kind::Cut, 5_000), (Kind::Cut, 1_300)]
    );
}

#[test]
fn an_interview_answer_counts_what_the_question_asked_for() {
    let text =
        "Festo baut um. Ein Gespräch mit Personalchefin Anna Berg.\n\nWie viele Menschen arbeiten \
                heute für Festo?\n\nBerg: Weltweit gut 20.000, in Esslingen rund 6.000.\n\n\
                Wie viele Stellen fallen weg?\n\nBerg: Etwa 1.300.";
    assert_eq!(
        kinds_of(text, &["Festo"]),
        [
            (Kind::Workforce, 20_000),
            (Kind::Workforce, 6_000),
            (Kind::Cut, 1_300)
        ]
    );
    assert!(
        told(text, &["Festo"])
            .iter()
            .all(|f| f.0.as_deref() == Some("Festo")),
        "{:?}",
        told(text, &["Festo"])
    );
    // "sind es" in an answer counts what was asked, not the hire before.
    let text = "Festo will 300 Menschen einstellen. Ein Gespräch mit Personalchefin Anna Berg.\n\n\
                Wie viele Menschen arbeiten heute für Festo?\n\nBerg: Weltweit sind es gut 20.000.";
    assert_eq!(
        kinds_of(text, &["Festo"]),
        [(Kind::Hire, 300), (Kind::Workforce, 20_000)]
    );
    // A question about something else: the answer's numbers count nothing.
    let text = "Wie viele Standorte hat Festo?\n\nBerg: Rund 250 in 61 Ländern.";
    assert_eq!(kinds_of(text, &["Festo"]), []);
}

#[test]
fn units_of_one_company_summed_are_still_its_staff() {
    let text = "Siemens is cutting 700 jobs in its new software unit. The unit was formed by \
                merging two divisions that together employed about 8,000 people.";
    assert_eq!(
        told(text, &["Siemens"])
            .into_iter()
            .map(|f| (f.0, f.1, f.2))
            .collect::<Vec<_>>(),
        [
            (Some("Siemens".to_string()), Kind::Cut, 700),
            (Some("Siemens".to_string()), Kind::Workforce, 8_000)
        ]
    );
    // Companies summed stay no one's.
    let text = "Bosch und ZF haben zusammen den Abbau von 20.000 Stellen angekündigt.";
    assert_eq!(
        told(text, &["Bosch", "ZF"])
            .into_iter()
            .map(|f| f.0)
            .collect::<Vec<_>>(),
        [None]
    );
}
