use super::*;

fn read(paragraph: usize, names: &[&str]) -> Read {
    Read {
        paragraph,
        employers: names.iter().map(|n| n.to_string()).collect(),
    }
}

#[test]
fn a_company_is_named_in_the_nominative_without_its_descriptor() {
    for (written, name) in [
        ("Deutschen Telekom", "Deutsche Telekom"),
        (
            "Schweizerischen Bundesbahnen",
            "Schweizerische Bundesbahnen",
        ),
        ("Bertelsmann-Konzern", "Bertelsmann"),
        ("Bosch-Gruppe", "Bosch"),
        ("Intel Corp", "Intel"),
        ("Deutsche Bank", "Deutsche Bank"),
        ("Menschen", "Menschen"),
        ("Mercedes-Benz", "Mercedes-Benz"),
        ("rival UPS", "UPS"),
        ("rival easyJet", "easyJet"),
        ("Rival easyJet", "easyJet"),
        ("Wettbewerber Rossmann", "Rossmann"),
        ("voestalpine AG", "voestalpine"),
        ("easyJet Airline Company", "easyJet Airline"),
    ] {
        assert_eq!(org_name(written.to_string()), name);
    }
    assert_eq!(org_key("Deutschen Telekom AG"), org_key("Deutsche Telekom"));
}

#[test]
fn generic_words_and_bodies_of_employees_are_no_employers() {
    for name in [
        "KI",
        "AI",
        "HR",
        "KI-Sparte",
        "IG Metall",
        "Verdi",
        "Betriebsrat",
        "United Auto Workers Union",
    ] {
        assert!(!is_employer(name), "{name}");
    }
    for name in [
        "Amazon",
        "AWS",
        "Deutsche Bank",
        "Siemens Energy",
        "IBM",
        "Union Investment",
    ] {
        assert!(is_employer(name), "{name}");
    }
}

#[test]
fn a_name_after_a_company_noun_is_a_company() {
    let at = |text: &str, name: &str| {
        let chars: Vec<char> = text.chars().collect();
        let start = text[..text.find(name).unwrap()].chars().count();
        introduced_as_company(&chars, start)
    };
    assert!(at("Der Autozulieferer Schaeffler baut ab.", "Schaeffler"));
    assert!(at("the German chipmaker Infineon said", "Infineon"));
    assert!(!at("Konzernchef Klaus Rosenfeld sagte", "Klaus"));
    assert!(!at("Schaeffler baut ab.", "Schaeffler"));
}

#[test]
fn the_subject_is_the_most_named_employer_with_the_lead_counting_more() {
    let article = [
        read(0, &["Amazon"]),
        read(1, &["Meta"]),
        read(1, &["Meta"]),
        read(2, &[]),
    ];
    assert_eq!(article_subject(&article, 1).as_deref(), Some("Amazon"));
    assert_eq!(article_subject(&[read(1, &["Meta"])], 1), None);
    // Below a headline the first paragraph is the lead.
    assert_eq!(
        article_subject(&[read(1, &["Meta"])], 2).as_deref(),
        Some("Meta")
    );
    // The paragraph's own employer is nearer than the subject.
    assert_eq!(
        inherited_owner(&article, 3, Some("Amazon")).as_deref(),
        Some("Amazon")
    );
    let nearer = [read(0, &["Amazon"]), read(1, &["Meta"]), read(1, &[])];
    assert_eq!(
        inherited_owner(&nearer, 2, Some("Amazon")).as_deref(),
        Some("Meta")
    );
}
