use super::*;

fn mention(text: &str, label: &str, start: usize, end: usize) -> Mention {
    Mention {
        doc: "d".into(),
        label: label.into(),
        model_label: label.into(),
        score: 0.9,
        word: text.chars().skip(start).take(end - start).collect(),
        start,
        end,
        index: None,
    }
}

#[test]
fn a_name_is_counted_under_each_type_its_mentions_have() {
    let mut tables = CorpusTables::new(Vec::<String>::new());
    let t1 = "Amazon streicht. Amazon spart. Amazon wächst. Amazon-Chef Jassy am Amazon.";
    let at = |t: &str, word: &str, nth: usize| t.match_indices(word).nth(nth).unwrap().0;
    let amazon = |nth: usize, label: &str| {
        let start = t1[..at(t1, "Amazon", nth)].chars().count();
        mention(t1, label, start, start + 6)
    };
    tables.add_document(
        "1",
        t1,
        &[
            amazon(0, "ORG"),
            amazon(1, "ORG"),
            amazon(2, "ORG"),
            amazon(4, "LOC"),
        ],
        Vec::new(),
    );
    let t2 = "Washington: Washington sprach.";
    tables.add_document(
        "2",
        t2,
        &[mention(t2, "LOC", 0, 10), mention(t2, "PER", 12, 22)],
        Vec::new(),
    );
    let (rows, _, _) = tables.finish("m", "first", 0).unwrap();
    let of = |entity: &str| -> Vec<(String, usize)> {
        let mut v: Vec<_> = rows
            .iter()
            .filter(|r| r.entity == entity)
            .map(|r| (r.label.clone(), r.mentions))
            .collect();
        v.sort();
        v
    };
    // The tables take the mentions' types as they come: with
    // `--types-per-mention` a name keeps every type the model gave it.
    assert_eq!(
        of("Amazon"),
        vec![("LOC".to_string(), 1), ("ORG".to_string(), 3)]
    );
    assert_eq!(
        of("Washington"),
        vec![("LOC".to_string(), 1), ("PER".to_string(), 1)]
    );
}

/// The mentions of `names` in `text`, each occurrence, as ORG.
fn organisations(text: &str, names: &[&str]) -> Vec<Mention> {
    let mut out: Vec<Mention> = names
        .iter()
        .flat_map(|n| text.match_indices(n).map(move |(at, _)| (at, *n)))
        .map(|(at, n)| {
            let start = text[..at].chars().count();
            mention(text, "ORG", start, start + n.chars().count())
        })
        .collect();
    out.sort_by_key(|m| m.start);
    out
}

#[test]
fn a_short_name_a_document_gives_a_company_is_counted_under_its_full_name() {
    let mut tables = CorpusTables::new(Vec::<String>::new());
    let t1 = "Die Continental AG schließt ein Werk. Betroffen sind 280 Stellen, teilte Conti mit.";
    let mut cut = newsner_figures::Figure {
        doc: "1".into(),
        org: Some("Conti".into()),
        entity: None,
        value: 280,
        value_max: None,
        approx: false,
        kind: newsner_figures::Kind::Cut,
        unit: newsner_figures::Unit::Jobs,
        status: newsner_figures::Status::Confirmed,
        source: None,
        derived: false,
        qualifier: None,
        text: "280 Stellen".into(),
        start: 0,
        end: 1,
        sentence: String::new(),
    };
    tables.add_document(
        "1",
        t1,
        &organisations(t1, &["Continental AG", "Conti "]),
        vec![cut.clone()],
    );
    // "DB" stands for two companies in two documents: it stays itself.
    let t2 = "Die Deutsche Bahn (DB) stellt ein. Die DB wächst.";
    tables.add_document(
        "2",
        t2,
        &organisations(t2, &["Deutsche Bahn", "DB"]),
        Vec::new(),
    );
    let t3 = "Die Deutsche Bank (DB) spart. Die DB schrumpft.";
    cut.doc = "3".into();
    cut.org = Some("DB".into());
    tables.add_document(
        "3",
        t3,
        &organisations(t3, &["Deutsche Bank", "DB"]),
        vec![cut],
    );
    let (rows, _, figures) = tables.finish("m", "first", 0).unwrap();
    let entities: Vec<&str> = rows.iter().map(|r| r.entity.as_str()).collect();
    assert!(!entities.contains(&"Conti"), "{entities:?}");
    assert!(entities.contains(&"DB"), "{entities:?}");
    let owners: Vec<Option<&str>> = figures.iter().map(|f| f.entity.as_deref()).collect();
    assert_eq!(owners, [Some("Continental"), Some("DB")]);
}

#[test]
fn variants_fold_and_pairs_count_documents() {
    let mut tables = CorpusTables::new(["PER".to_string()]);
    let t1 = "Amazon Web Services (AWS) und Andy Jassy";
    tables.add_document(
        "1",
        t1,
        &[
            mention(t1, "ORG", 0, 19),
            mention(t1, "ORG", 21, 24),
            mention(t1, "PER", 30, 34),
            mention(t1, "PER", 35, 40),
        ],
        Vec::new(),
    );
    let t2 = "AWS: Jassy sagt";
    tables.add_document(
        "2",
        t2,
        &[mention(t2, "ORG", 0, 3), mention(t2, "PER", 5, 10)],
        Vec::new(),
    );
    let (rows, summary, _) = tables.finish("m", "first", 0).unwrap();
    let aws = rows.iter().find(|r| r.label == "ORG").unwrap();
    assert_eq!(
        (aws.entity.as_str(), aws.mentions, aws.documents),
        ("Amazon Web Services", 3, 2)
    );
    assert_eq!(aws.variants, vec!["AWS"]);
    let jassy = rows.iter().find(|r| r.label == "PER").unwrap();
    assert_eq!(
        (jassy.entity.as_str(), jassy.mentions, jassy.documents),
        ("Andy Jassy", 2, 2)
    );
    assert_eq!(summary.cooccurrences.len(), 1);
    assert_eq!(summary.cooccurrences[0].documents, 2);
    assert_eq!(summary.mentions, 6);
    assert_eq!(summary.labels["PER"].mentions, 2);
}
