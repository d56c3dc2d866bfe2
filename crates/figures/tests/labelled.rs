//! The labelled sentences of eval/ (German and English news style, with the
//! hard cases: two companies in one sentence, money and percentages next to
//! job figures, head counts next to cuts, years, reader comments).

use newsner_figures::eval::{read_gold, score};
use std::path::Path;

#[test]
fn labelled_sentences_meet_precision_and_recall() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
    let mut gold = read_gold(&dir.join("de.jsonl")).unwrap();
    let de = gold.len();
    gold.extend(read_gold(&dir.join("en.jsonl")).unwrap());
    assert!(de >= 60 && gold.len() - de >= 30, "the set shrank");
    let report = score(&gold);
    for m in &report.mistakes {
        eprintln!("{m}");
    }
    let all = &report.all;
    eprintln!(
        "precision {:.3} recall {:.3}",
        all.precision(),
        all.recall()
    );
    assert!(all.precision() >= 0.95, "precision {:.3}", all.precision());
    assert!(all.recall() >= 0.95, "recall {:.3}", all.recall());
}
