use super::*;

fn counts(keys: &[(&str, usize)]) -> BTreeMap<String, usize> {
    keys.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[test]
fn acronym_folds_into_its_unique_expansion() {
    let map = fold_variants(
        &counts(&[("aws", 5), ("amazon web services", 2), ("amazon", 9)]),
        FoldRules::Organisations,
    );
    assert_eq!(map["aws"], "amazon web services");
    assert_eq!(map["amazon"], "amazon");
}

#[test]
fn surname_folds_into_the_full_name_and_genitive_into_the_base() {
    let map = fold_variants(
        &counts(&[
            ("andy jassy", 3),
            ("jassy", 4),
            ("jassys", 1),
            ("garman", 1),
        ]),
        FoldRules::People,
    );
    assert_eq!(map["jassy"], "andy jassy");
    assert_eq!(map["jassys"], "andy jassy");
    assert_eq!(map["garman"], "garman");
    let map = fold_variants(
        &counts(&[
            ("beth galetti", 3),
            ("beth", 1),
            ("matt garman", 1),
            ("matt damon", 1),
            ("matt", 1),
        ]),
        FoldRules::People,
    );
    assert_eq!(map["beth"], "beth galetti");
    assert_eq!(map["matt"], "matt", "ambiguous given names stay apart");
}

#[test]
fn an_organisation_sheds_legal_form_descriptor_and_inflection() {
    let map = fold_variants(
        &counts(&[
            ("infineon technologies ag", 1),
            ("infineon", 6),
            ("ford motor co.", 2),
            ("ford", 3),
            ("deutschen bahn", 2),
            ("deutsche bahn", 4),
            ("stihl ag", 3),
            ("stihl gruppe", 1),
            ("amazon.com inc.", 1),
            ("amazon", 9),
            ("gewerkschaft verdi", 1),
            ("verdi", 2),
            ("volkswagen-konzern", 1),
            ("volkswagen", 5),
            ("europäischen union", 1),
            ("europäische union", 2),
        ]),
        FoldRules::Organisations,
    );
    assert_eq!(map["infineon technologies ag"], "infineon");
    assert_eq!(map["ford motor co."], "ford");
    assert_eq!(map["deutschen bahn"], "deutsche bahn");
    assert_eq!(map["stihl gruppe"], "stihl ag", "the most mentioned form");
    assert_eq!(map["amazon.com inc."], "amazon");
    assert_eq!(map["gewerkschaft verdi"], "verdi");
    assert_eq!(map["volkswagen-konzern"], "volkswagen");
    assert_eq!(map["europäischen union"], "europäische union");
}

#[test]
fn a_short_form_joins_the_one_longer_name_it_shortens() {
    let map = fold_variants(
        &counts(&[
            ("telekom", 5),
            ("deutschen telekom", 1),
            ("deutsche telekom ag", 2),
            ("mercedes", 3),
            ("mercedes-benz", 2),
            ("deepmind", 2),
            ("google deepmind", 1),
            ("google", 4),
            ("the guardian", 2),
            ("guardian", 1),
        ]),
        FoldRules::Organisations,
    );
    assert_eq!(map["telekom"], "deutsche telekom ag");
    assert_eq!(map["deutschen telekom"], "deutsche telekom ag");
    assert_eq!(map["mercedes"], "mercedes-benz");
    assert_eq!(map["deepmind"], "google deepmind");
    assert_eq!(map["google"], "google", "a first word is no short form");
    assert_eq!(map["the guardian"], "guardian");
}

#[test]
fn names_that_are_words_of_two_companies_stay_apart() {
    let map = fold_variants(
        &counts(&[
            ("siemens", 4),
            ("siemens energy", 3),
            ("siemens healthineers", 1),
            ("energy", 1),
            ("deutsche post", 2),
            ("rheinische post", 1),
            ("post", 1),
            ("universität zürich", 2),
            ("zürich", 1),
            ("formel ford", 1),
            ("ford", 3),
            ("militärhistorische museum der bundeswehr", 1),
            ("bundeswehr", 5),
            ("ki.ka-sommertour 2009", 1),
            ("ki.ka", 1),
            ("isil", 40),
            ("isil-held", 2),
            ("osborne treasury", 1),
            ("treasury", 2),
        ]),
        FoldRules::Organisations,
    );
    assert_eq!(map["siemens"], "siemens");
    assert_eq!(
        map["siemens energy"], "siemens energy",
        "a word of a name is no descriptor"
    );
    assert_eq!(map["energy"], "siemens energy");
    assert_eq!(map["post"], "post", "two names end in it");
    assert_eq!(map["deutsche post"], "deutsche post");
    for own in ["zürich", "ford", "bundeswehr", "ki.ka", "isil", "treasury"] {
        assert_eq!(map[own], own, "the longer name is another thing");
    }
}

#[test]
fn a_name_is_shown_without_its_legal_form_only() {
    use super::without_legal_form;
    assert_eq!(
        without_legal_form("Deutsche Telekom AG"),
        "Deutsche Telekom"
    );
    assert_eq!(without_legal_form("Ford Motor Co."), "Ford Motor");
    assert_eq!(without_legal_form("Amazon.com, Inc."), "Amazon.com");
    assert_eq!(without_legal_form("General Motors"), "General Motors");
    assert_eq!(without_legal_form("AG"), "AG");
}

#[test]
fn a_name_read_across_a_line_and_an_and_co_legal_form_fold_into_the_company() {
    // "Über Festo\nFesto ist …" gives the mention "Festo\nFesto"; the press
    // contact says "Festo SE & Co. KG".
    let map = fold_variants(
        &counts(&[
            ("festo", 3),
            ("festo festo", 1),
            ("festo se & co. kg", 2),
            ("the estee lauder companies inc.", 1),
            ("estee lauder", 2),
            ("wells fargo & co.", 1),
            ("wells fargo", 1),
        ]),
        FoldRules::Organisations,
    );
    assert_eq!(map["festo festo"], "festo");
    assert_eq!(map["festo se & co. kg"], "festo");
    assert_eq!(map["festo"], "festo");
    assert_eq!(map["the estee lauder companies inc."], "estee lauder");
    assert_eq!(map["wells fargo & co."], "wells fargo");
}
