//! Figures with no cue of their own: parts, continuations, head counts
//! read from the verb, and people the sentence says nothing about (rules
//! found on the v2, v3 and v5 article sets; tested on sentences written
//! for the test).

use super::tests::{kinds_of, told};
use super::*;

#[test]
fn a_part_named_after_its_whole_is_what_the_whole_is() {
    assert_eq!(
        kinds_of(
            "Rewe will bundesweit 3.000 Menschen einstellen, darunter rund 800 Auszubildende.",
            &["Rewe"]
        ),
        [(Kind::Hire, 3_000), (Kind::Hire, 800)]
    );
    assert_eq!(
        kinds_of(
            "Siemens employs about 320,000 people, including about 86,000 engineers in Germany.",
            &["Siemens"]
        ),
        [(Kind::Workforce, 320_000), (Kind::Workforce, 86_000)]
    );
}

#[test]
fn further_jobs_that_follow_continue_the_last_cut_or_hire() {
    let text = "Der Autobauer Audi streicht in Ingolstadt 900 Stellen. In Ingolstadt arbeiten \
                rund 40.000 Menschen. Im Werk Neckarsulm sollen weitere 300 Stellen folgen.";
    assert_eq!(
        kinds_of(text, &["Audi"]),
        [
            (Kind::Cut, 900),
            (Kind::Workforce, 40_000),
            (Kind::Cut, 300)
        ]
    );
}

#[test]
fn a_head_count_is_read_from_the_verb_not_from_an_auxiliary() {
    assert_eq!(
        kinds_of(
            "Die Postbank kommt auf etwa 12.000 Mitarbeiter.",
            &["Postbank"]
        ),
        [(Kind::Workforce, 12_000)]
    );
    // "hatte … eingeführt": the auxiliary of another verb; short-time work
    // for 900 people is no head count, and not a job figure at all.
    assert!(told(
        "Stihl hatte im Herbst Kurzarbeit für rund 900 Beschäftigte eingeführt.",
        &["Stihl"]
    )
    .is_empty());
    // The share's base is the head count of the time.
    assert_eq!(
        kinds_of(
            "Im Mai folgten weitere 6 Prozent der damals rund 40.000 Beschäftigten von Adidas.",
            &["Adidas"]
        ),
        [(Kind::Workforce, 40_000)]
    );
}

#[test]
fn staff_doing_something_else_are_no_job_figure() {
    for text in [
        "Rund 2.000 Beschäftigte von Continental demonstrierten am Montag in Hannover.",
        "Zur Betriebsversammlung bei Kion kamen nach Angaben des Betriebsrats 1.500 Beschäftigte.",
        "About 4,000 Boeing employees attended the town hall meeting in Seattle.",
    ] {
        let orgs: Vec<&str> = ["Continental", "Kion", "Boeing"]
            .into_iter()
            .filter(|o| text.contains(o))
            .collect();
        assert!(told(text, &orgs).is_empty(), "{text}");
    }
}

#[test]
fn an_employer_merging_its_own_units_is_no_aggregate() {
    let text = "Bayer legt zwei Sparten zusammen und streicht dabei rund 1.200 Stellen.";
    assert_eq!(
        told(text, &["Bayer"]),
        [(
            Some("Bayer".into()),
            Kind::Cut,
            1_200,
            Status::Confirmed,
            false
        )]
    );
    // Two banks' jobs together are neither bank's.
    let joint = "Verdi warnt vor dem Verlust von bis zu 9.000 Arbeitsplätzen bei \
                 Commerzbank und Postbank zusammen.";
    let found = told(joint, &["Commerzbank", "Postbank"]);
    assert!(found.iter().all(|f| f.0.is_none()), "{found:?}");
}

#[test]
fn a_part_of_the_jobs_named_after_it_is_what_they_are() {
    let text = "Der Chemiekonzern Lanxess streicht rund 870 Stellen. Rund 460 der betroffenen \
                Stellen liegen in Deutschland.";
    assert_eq!(
        kinds_of(text, &["Lanxess"]),
        [(Kind::Cut, 870), (Kind::Cut, 460)]
    );
    // A head count after "der" still waits for its noun.
    assert_eq!(
        kinds_of("Osram streicht 1.000 der 21.000 Stellen.", &["Osram"]),
        [(Kind::Cut, 1_000), (Kind::Workforce, 21_000)]
    );
}

#[test]
fn figures_listed_before_one_verb_share_it() {
    let text = "Die Condor will rund 300 Flugbegleiterinnen und Flugbegleiter sowie 80 \
                Pilotinnen und Piloten einstellen.";
    assert_eq!(
        kinds_of(text, &["Condor"]),
        [(Kind::Hire, 300), (Kind::Hire, 80)]
    );
}

#[test]
fn earlier_levels_and_relative_clauses_of_a_workforce_are_head_counts() {
    assert_eq!(
        kinds_of(
            "Nokia had about 78,000 employees at the end of 2024, down from roughly 86,000 two \
             years earlier.",
            &["Nokia"]
        ),
        [(Kind::Workforce, 78_000), (Kind::Workforce, 86_000)]
    );
    assert_eq!(
        told(
            "Adidas streicht rund drei Prozent seiner Belegschaft, die zuletzt bei etwa 60.000 \
             Mitarbeitern lag.",
            &["Adidas"]
        ),
        [
            (
                Some("Adidas".into()),
                Kind::Cut,
                1_800,
                Status::Confirmed,
                true
            ),
            (
                Some("Adidas".into()),
                Kind::Workforce,
                60_000,
                Status::Confirmed,
                false
            )
        ]
    );
}

#[test]
fn jobs_a_report_speaks_of_are_the_articles_cut() {
    let text = "Die Commerzbank will bis 2028 rund 3.900 Stellen abbauen. Zuvor hatte das \
                Handelsblatt von bis zu 5.000 Stellen berichtet.";
    assert_eq!(
        kinds_of(text, &["Commerzbank", "Handelsblatt"]),
        [(Kind::Cut, 3_900), (Kind::Cut, 5_000)]
    );
}

#[test]
fn a_label_that_a_description_follows_names_the_owner() {
    // Neither name tagged: the label, described as a company, owns them.
    let text = "Nvidia: Der Chipkonzern beschäftigt inzwischen rund 36.000 Menschen.\n\n\
                Fazit: Die Lage bleibt schwierig, 500 Stellen sind in Gefahr.";
    assert_eq!(
        told(text, &[]).first(),
        Some(&(
            Some("Nvidia".into()),
            Kind::Workforce,
            36_000,
            Status::Confirmed,
            false
        ))
    );
    // A list item's label beats a name after the figure that does not
    // name it there; a compound naming a parent owns nothing.
    let item = "• Hapag-Lloyd: The shipping line said it will cut 1,200 jobs as Maersk rates fall.";
    assert_eq!(
        told(item, &["Maersk"]).first().map(|f| f.0.clone()),
        Some(Some("Hapag-Lloyd".into()))
    );
    let parent = "Die Google-Mutter Alphabet streicht 12.000 Stellen.";
    assert_eq!(
        told(parent, &["Google", "Alphabet"])
            .first()
            .map(|f| f.0.clone()),
        Some(Some("Alphabet".into()))
    );
}

#[test]
fn a_fraction_of_a_head_count_derives_the_cut() {
    let text = "Der Verlag Gruner + Jahr streicht rund ein Drittel der 1.500 Stellen.";
    assert_eq!(
        told(text, &["Gruner + Jahr"]),
        [
            (
                Some("Gruner + Jahr".into()),
                Kind::Cut,
                500,
                Status::Confirmed,
                true
            ),
            (
                Some("Gruner + Jahr".into()),
                Kind::Workforce,
                1_500,
                Status::Confirmed,
                false
            )
        ]
    );
    assert_eq!(
        kinds_of(
            "Peloton said it would lay off half of its 4,000 employees.",
            &["Peloton"]
        ),
        [(Kind::Cut, 2_000), (Kind::Workforce, 4_000)]
    );
}

#[test]
fn a_count_that_continues_an_earlier_sentence_keeps_its_kind() {
    let text = "Der Handelskonzern Metro hatte 2023 ein Programm angekündigt, von dem rund \
                2.000 Stellen betroffen sein sollten. Inzwischen sind es nach Konzernangaben \
                knapp 2.600.";
    assert_eq!(
        kinds_of(text, &["Metro"]),
        [(Kind::Cut, 2_000), (Kind::Cut, 2_600)]
    );
    let site = "Im Werk Leipzig arbeiten rund 7.000 Menschen für BMW. Vor zwei Jahren waren es \
                noch etwa 7.800. Am Standort Regensburg arbeiten rund 9.000.";
    assert_eq!(
        kinds_of(site, &["BMW"]),
        [
            (Kind::Workforce, 7_000),
            (Kind::Workforce, 7_800),
            (Kind::Workforce, 9_000)
        ]
    );
}

#[test]
fn a_works_council_or_union_as_the_source_makes_it_reported() {
    let text = "Nach Angaben des Betriebsrats hat der Autobauer Ford in Saarlouis bereits 1.700 \
                Stellen gestrichen.";
    assert_eq!(
        told(text, &["Ford"]),
        [(
            Some("Ford".into()),
            Kind::Cut,
            1_700,
            Status::Reported,
            false
        )]
    );
    // Staff taking a severance offer are a cut; the company confirming
    // the figure in the next sentence makes it confirmed.
    let confirmed = "Laut IG Metall haben bei Continental rund 900 Beschäftigte ein \
                     Abfindungsangebot angenommen. Das Unternehmen bestätigte diese Zahl.";
    assert_eq!(
        told(confirmed, &["IG Metall", "Continental"]),
        [(
            Some("Continental".into()),
            Kind::Cut,
            900,
            Status::Confirmed,
            false
        )]
    );
    let hedged = "Laut IG Metall haben bei Continental rund 900 Beschäftigte ein \
                  Abfindungsangebot angenommen. Ein Sprecher wollte diese Zahl nicht bestätigen.";
    assert_eq!(
        told(hedged, &["IG Metall", "Continental"])[0].3,
        Status::Reported
    );
}

#[test]
fn a_share_of_the_worldwide_staff_takes_the_worldwide_head_count() {
    let text = "Im Werk Austin arbeiten rund 20.000 Menschen. Tesla hatte angekündigt, rund 10 \
                Prozent der weltweiten Belegschaft abzubauen. Der Konzern beschäftigte weltweit \
                rund 120.000 Menschen.";
    let derived: Vec<u64> = told(text, &["Tesla"])
        .into_iter()
        .filter(|f| f.4)
        .map(|f| f.2)
        .collect();
    assert_eq!(derived, [12_000]);
}

#[test]
fn a_head_count_before_the_cuts_and_a_level_from_to_are_head_counts() {
    assert_eq!(
        kinds_of(
            "Zendesk had about 6,000 employees before the cuts.",
            &["Zendesk"]
        ),
        [(Kind::Workforce, 6_000)]
    );
    assert_eq!(
        kinds_of(
            "At Klarna the customer service team shrank from about 3,000 to 1,200 people.",
            &["Klarna"]
        ),
        [(Kind::Workforce, 3_000), (Kind::Workforce, 1_200)]
    );
}

#[test]
fn who_the_article_and_the_sentence_before_are_about() {
    // "the carmaker" refers to the employer named before in its sentence.
    let text = "Volvo Cars said it would cut 3,000 office jobs; the carmaker employs about \
                43,000 people.";
    assert_eq!(
        told(text, &["Volvo Cars"])
            .iter()
            .map(|f| f.0.clone())
            .collect::<Vec<_>>(),
        [
            Some("Volvo Cars".to_string()),
            Some("Volvo Cars".to_string())
        ]
    );
    // The subject at the start of the sentence before, not the regulator
    // named in its filing.
    let text = "Dell is laying off about 6,000 employees, according to a filing with the \
                Securities and Exchange Commission. The company had about 120,000 staff.";
    let owners: Vec<Option<String>> = told(text, &["Dell", "Securities and Exchange Commission"])
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(owners, [Some("Dell".into()), Some("Dell".into())]);
    // Below a headline the lead names the subject; a plant the company
    // owns ("its Sindelfingen plant") is no subject.
    let text = "Job cuts at the carmaker\n\nMercedes-Benz will close its Factory 56 line, \
                Mercedes-Benz said.\n\nAbout 1,000 jobs will go.";
    assert_eq!(
        told(text, &["Mercedes-Benz", "Factory 56"])
            .first()
            .map(|f| f.0.clone()),
        Some(Some("Mercedes-Benz".into()))
    );
}

#[test]
fn a_plan_as_a_noun_is_no_announcement() {
    let said = "Nokia said on Monday it will cut 2,000 jobs as part of a turnaround plan.";
    assert_eq!(told(said, &["Nokia"])[0].3, Status::Confirmed);
    let plans = "Nokia plans to cut 2,000 jobs.";
    assert_eq!(told(plans, &["Nokia"])[0].3, Status::Announced);
    let earlier = "The bank is in the middle of a plan, announced last year, to cut 3,000 \
                   positions.";
    assert_eq!(
        told(earlier, &["ING"]).first().map(|f| f.3),
        Some(Status::Announced)
    );
}

#[test]
fn live_blog_stamps_assumptions_and_concessions_read_as_a_reader_reads_them() {
    // A time stamp is no label: the update's figure is the article's.
    let text = "Siemens streicht 2.000 Stellen.\n\nUpdate, 16:10 Uhr: In Erlangen fallen \
                rund 900 Stellen weg.";
    let owners: Vec<Option<String>> = told(text, &["Siemens"]).into_iter().map(|f| f.0).collect();
    assert_eq!(owners, [Some("Siemens".into()), Some("Siemens".into())]);
    // "geht davon aus, dass" is an assumption.
    let assumed = "Der Betriebsrat von Airbus geht davon aus, dass weitere 1.000 Stellen \
                   wegfallen.";
    assert_eq!(told(assumed, &["Airbus"])[0].3, Status::Expected);
    // "trotz Sparkurs … einstellen" hires.
    assert_eq!(
        kinds_of(
            "Die Telekom will trotz Sparkurs rund 1.200 neue Mitarbeiter einstellen.",
            &["Telekom"]
        ),
        [(Kind::Hire, 1_200)]
    );
    // A past head count.
    assert_eq!(
        kinds_of(
            "Vor zehn Jahren arbeiteten bei Miele in Gütersloh noch 6.000 Menschen.",
            &["Miele"]
        ),
        [(Kind::Workforce, 6_000)]
    );
}

#[test]
fn unions_own_nothing_and_an_addition_continues_its_figure() {
    let text = "The Teamsters union, which represents about 340,000 UPS workers, said it would \
                fight the cuts.";
    assert!(told(text, &["Teamsters", "UPS"])
        .iter()
        .all(|f| f.0.as_deref() != Some("Teamsters")));
    let text = "Here are the cuts the companies confirmed:\n\n- Oracle: 3,000 roles, on top of \
                1,500 in March";
    assert_eq!(
        kinds_of(text, &["Oracle"]),
        [(Kind::Cut, 3_000), (Kind::Cut, 1_500)]
    );
}

#[test]
fn jobs_an_estimate_holds_possible_are_the_articles_cut() {
    let text = "Die Deutsche Bank will rund 2.000 Stellen streichen. Analysten halten zwischen \
                3.000 und 4.000 Stellen für realistisch.";
    let found = told(text, &["Deutsche Bank"]);
    assert_eq!(
        found.iter().map(|f| (f.1, f.2, f.3)).collect::<Vec<_>>(),
        [
            (Kind::Cut, 2_000, Status::Announced),
            (Kind::Cut, 3_000, Status::Expected)
        ]
    );
}
