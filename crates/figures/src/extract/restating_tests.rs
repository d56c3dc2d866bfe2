//! How an article restates, continues and quotes its figures (rules found
//! on the v7 article set, tested here on sentences written for the test).

use super::tests::{kinds_of, one, owners_of, told};
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

#[test]
fn a_part_of_the_jobs_named_after_it_and_a_head_count_after_a_description_count() {
    let text = "Whitbread will cut 1,500 jobs. About 900 of the roles will go at its hotels, \
                and about 400 of the cuts will be in its restaurants.";
    assert_eq!(
        kinds_of(text, &["Whitbread"]),
        [(Kind::Cut, 1_500), (Kind::Cut, 900), (Kind::Cut, 400)]
    );
    // "Up to 12,000 of the 90,000 staff" waits for its head count.
    let text = "Vodafone employs about 90,000 staff. Analysts estimate that up to 3,000 of the \
                roles could be replaced by software.";
    assert_eq!(
        kinds_of(text, &["Vodafone"]),
        [(Kind::Workforce, 90_000), (Kind::Cut, 3_000)]
    );
    let text = "Stihl baut ab. Am Stammsitz arbeiten 4600 Menschen, weltweit beschäftigt das \
                Familienunternehmen rund 20.000.";
    assert_eq!(
        told(text, &["Stihl"]),
        [
            one("Stihl", Kind::Workforce, 4_600, Status::Confirmed),
            one("Stihl", Kind::Workforce, 20_000, Status::Confirmed)
        ]
    );
}

#[test]
fn brands_purchases_countries_and_wires_own_no_figure() {
    let text = "Unilever streicht Stellen. Nach dem Kauf des Rivalen Dollar Shave Club \
                beschäftigt der Konzern rund 128.000 Menschen.";
    assert_eq!(
        owners_of(text, &["Unilever", "Dollar Shave Club"]),
        [Some("Unilever".to_string())]
    );
    let text = "Kering cuts jobs. The group, which owns brands such as Gucci and Balenciaga, \
                employs about 47,000 people.";
    assert_eq!(
        owners_of(text, &["Kering", "Gucci", "Balenciaga"]),
        [Some("Kering".to_string())]
    );
    let text = "Barclays cuts jobs. The bank eliminated around 200 roles in London and the U.S. \
                this year.";
    assert_eq!(
        owners_of(text, &["Barclays", "U.S."]),
        [Some("Barclays".to_string())]
    );
    let text = "BOSTON, June 2, 2025 /PRNewswire/ -- Akamai Technologies today announced plans \
                to hire about 400 engineers.";
    assert_eq!(
        owners_of(text, &["PRNewswire", "Akamai Technologies"]),
        [Some("Akamai Technologies".to_string())]
    );
}

#[test]
fn a_plan_compared_with_an_earlier_forecast_is_no_forecast_and_a_trade_is_no_employer() {
    assert_eq!(
        told(
            "Kraft Heinz said it would cut about 1,100 jobs, more than it had previously \
             forecast.",
            &["Kraft Heinz"]
        ),
        [one("Kraft Heinz", Kind::Cut, 1_100, Status::Confirmed)]
    );
    let text = "Rewe baut ab. Der Verband schätzt, dass im deutschen Lebensmittelhandel rund \
                1,2 Millionen Menschen arbeiten.";
    assert_eq!(owners_of(text, &["Rewe"]), [None]);
    let text = "Rewe baut ab. In der deutschen Ernährungswirtschaft arbeiten rund 600.000 \
                Menschen.";
    assert_eq!(owners_of(text, &["Rewe"]), [None]);
}

#[test]
fn a_unit_opening_the_sentence_employs_and_a_parent_in_an_apposition_does_not() {
    let text = "Lidl spart. Die Digitalsparte Schwarz Digits will bis Ende 2026 rund 900 \
                IT-Fachkräfte einstellen.";
    assert_eq!(
        owners_of(text, &["Lidl", "Schwarz Digits"]),
        [Some("Schwarz Digits".to_string())]
    );
    // Not a unit after the figure: the company owns it.
    let text = "Bosch will rund 900 Stellen in seiner Sparte Rexroth streichen.";
    assert_eq!(
        owners_of(text, &["Bosch", "Rexroth"]),
        [Some("Bosch".to_string())]
    );
    let text = "Der Klinikbetreiber Asklepios, eine Tochter des Konzerns Broermann, will rund \
                700 Stellen streichen.";
    assert_eq!(
        owners_of(text, &["Asklepios", "Broermann"]),
        [Some("Asklepios".to_string())]
    );
    let text = "Rasselstein baut ab\n\nRasselstein meldet Kurzarbeit. Die Stahltochter von \
                Thyssenkrupp will rund 700 Stellen abbauen.";
    assert_eq!(
        owners_of(text, &["Rasselstein", "Thyssenkrupp"]),
        [Some("Rasselstein".to_string())]
    );
    // "Die Tochter X" names the daughter.
    let text = "Bosch baut um\n\nBosch wächst. Die Tochter Rexroth will rund 1.000 Stellen \
                schaffen.";
    assert_eq!(
        owners_of(text, &["Bosch", "Rexroth"]),
        [Some("Rexroth".to_string())]
    );
    let text = "Zoox, a unit of Amazon, said it would cut about 300 jobs.";
    assert_eq!(
        owners_of(text, &["Zoox", "Amazon"]),
        [Some("Zoox".to_string())]
    );
}

#[test]
fn a_share_takes_its_head_count_under_the_company_s_initials_and_past_a_time() {
    let derived = |text: &str, orgs: &[&str]| -> Vec<(Kind, u64)> {
        told(text, orgs)
            .into_iter()
            .filter(|f| f.4)
            .map(|f| (f.1, f.2))
            .collect()
    };
    assert_eq!(
        derived(
            "Advanced Micro Devices plans to cut about 4% of its workforce. AMD had about \
             28,000 employees at the end of last year.",
            &["Advanced Micro Devices", "AMD"]
        ),
        [(Kind::Cut, 1_120)]
    );
    assert_eq!(
        derived(
            "Morgan Stanley is preparing to cut about 2% of its workforce in its annual \
             review. The bank had 80,000 employees at the end of June.",
            &["Morgan Stanley"]
        ),
        [(Kind::Cut, 1_600)]
    );
    // A part of the staff stays one.
    assert_eq!(
        derived(
            "Morgan Stanley will cut about 2% of its staff in its wealth unit. The bank had \
             80,000 employees.",
            &["Morgan Stanley"]
        ),
        []
    );
}

#[test]
fn a_part_of_its_own_head_count_is_the_part_and_the_count() {
    assert_eq!(
        kinds_of(
            "Die Stahltochter von Salzgitter will rund 1.500 ihrer derzeit 9.000 Stellen \
             abbauen.",
            &["Salzgitter"]
        ),
        [(Kind::Cut, 1_500), (Kind::Workforce, 9_000)]
    );
}

#[test]
fn a_count_joined_to_the_figure_before_it_shares_its_verb() {
    assert_eq!(
        kinds_of(
            "The retailer employs about 9,000 office staff and about 120,000 people in total.",
            &[]
        ),
        [(Kind::Workforce, 9_000), (Kind::Workforce, 120_000)]
    );
    // People with a verb of their own are no part of it.
    assert_eq!(
        kinds_of(
            "The retailer employs about 9,000 office staff and about 300 people joined the \
             protest.",
            &[]
        ),
        [(Kind::Workforce, 9_000)]
    );
}

#[test]
fn temporary_staff_and_soldiers_count_when_a_verb_says_what_they_are() {
    assert_eq!(
        kinds_of(
            "GLS stellt für das Weihnachtsgeschäft rund 2.500 Aushilfen ein.",
            &["GLS"]
        ),
        [(Kind::Hire, 2_500)]
    );
    assert_eq!(
        kinds_of(
            "Im Heer dienen derzeit rund 62.000 Soldatinnen und Soldaten.",
            &[]
        ),
        [(Kind::Workforce, 62_000)]
    );
    // Without a verb that says so, they are no figure.
    assert_eq!(
        kinds_of("Rund 300 Soldaten nahmen an der Übung teil.", &[]),
        []
    );
}
