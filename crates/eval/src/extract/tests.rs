use super::*;

fn page(expected: &str) -> Page {
    Page {
        name: "p".into(),
        format: Format::Text,
        source: Vec::new(),
        expected_text: expected.into(),
        expected: Expected::default(),
    }
}

#[test]
fn shingle_scores() {
    let p = page("Amazon cuts fourteen thousand corporate jobs worldwide today");
    let same = Extracted {
        page: "p".into(),
        text: "amazon cuts fourteen thousand corporate jobs worldwide today".into(),
        ..Default::default()
    };
    let (_, t) = score(std::slice::from_ref(&p), &[same]);
    assert!((t.f1 - 1.0).abs() < 1e-9);
    let half = Extracted {
        page: "p".into(),
        text: "Amazon cuts fourteen thousand corporate".into(),
        ..Default::default()
    };
    let (rows, t) = score(std::slice::from_ref(&p), &[half]);
    assert!((rows[0].precision - 1.0).abs() < 1e-9);
    assert!((rows[0].recall - 2.0 / 5.0).abs() < 1e-9);
    assert!(t.f1 < 0.6 && rows[0].problems[0].starts_with("recall 0.40"));
    let (rows, t) = score(std::slice::from_ref(&p), &[]);
    assert!(rows[0].empty && t.f1 == 0.0 && t.empty == 1);
}

#[test]
fn titles_agree_without_site_suffix_only() {
    assert!(same_title(
        "Amazon streicht 14.000 Stellen",
        "Amazon streicht 14.000 Stellen"
    ));
    assert!(!same_title(
        "Amazon streicht 14.000 Stellen",
        "Amazon streicht 14.000 Stellen | Beispiel-Zeitung"
    ));
    assert!(!same_title(
        "Amazon streicht Stellen",
        "Meta baut KI-Abteilung um"
    ));
}
