use super::*;
use crate::language::is_german;
use crate::words::words;

fn status(text: &str, number: &str) -> Status {
    let w = words(text, 0);
    let at = w.iter().position(|x| x.text == number).unwrap();
    status_of(&w, &(at..at + 2), &[], &[], None, is_german(&w), Kind::Cut).0
}

#[test]
fn the_mood_of_the_clause_decides() {
    assert_eq!(
        status("Amazon streicht 14.000 Stellen.", "14.000"),
        Status::Confirmed
    );
    assert_eq!(
        status("Amazon bestätigte den Abbau von 14.000 Stellen.", "14.000"),
        Status::Confirmed
    );
    assert_eq!(
        status("Siemens will 5.000 Stellen abbauen.", "5.000"),
        Status::Announced
    );
    assert_eq!(
        status("Siemens said it will cut 5,000 jobs.", "5,000"),
        Status::Confirmed
    );
    assert_eq!(
        status("Siemens plans to cut 5,000 jobs.", "5,000"),
        Status::Announced
    );
    assert_eq!(
        status("Laut Reuters fallen 2.000 Stellen weg.", "2.000"),
        Status::Reported
    );
    assert_eq!(
        status(
            "Laut Unternehmensangaben fallen 2.000 Stellen weg.",
            "2.000"
        ),
        Status::Confirmed
    );
    assert_eq!(
        status("Analysts expect as many as 30,000 job cuts.", "30,000"),
        Status::Expected
    );
    assert_eq!(
        status("Die Zeitung rechnet mit bis zu 30.000 Stellen.", "30.000"),
        Status::Expected
    );
}

#[test]
fn another_figures_clause_does_not_count() {
    let text = "Amazon streicht 14.000 Stellen, die Zeitung hatte von 30.000 berichtet.";
    let w = words(text, 0);
    let a = w.iter().position(|x| x.text == "14.000").unwrap();
    let b = w.iter().position(|x| x.text == "30.000").unwrap();
    let first = status_of(
        &w,
        &(a..a + 2),
        &[],
        std::slice::from_ref(&(b..b + 1)),
        None,
        true,
        Kind::Cut,
    )
    .0;
    let second = status_of(
        &w,
        &(b..b + 1),
        &[],
        std::slice::from_ref(&(a..a + 2)),
        None,
        true,
        Kind::Cut,
    )
    .0;
    assert_eq!((first, second), (Status::Confirmed, Status::Reported));
}
