//! Words around an organisation's name that say what it is, not which one:
//! legal forms ("Siemens AG", "Ford Motor Co.") and hyphenated kind words
//! ("Volkswagen-Konzern"). One list for the job figures (a figure's
//! company) and the entity tables (`newsner-tables` folds names with it),
//! so that both name a company alike.

/// Trailing words that name the legal form, lower-case, without a final
/// dot. "&" is the one of "& Co." ("Festo SE & Co. KG", "Wells Fargo &
/// Co."): it goes with the words after it, as it never ends a name.
const LEGAL_FORMS: &[&str] = &[
    "&",
    "ag",
    "kg",
    "ohg",
    "se",
    "gmbh",
    "kgaa",
    "mbh",
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "ltd",
    "llc",
    "lp",
    "llp",
    "limited",
    "bv",
    "b.v",
    "spa",
    "s.p.a",
    "nv",
    "n.v",
    "sa",
    "s.a",
];

/// Hyphenated tails: "Bertelsmann-Konzern", "Bosch-Gruppe", lower-case.
const HYPHEN_DESCRIPTORS: &[&str] = &["konzern", "gruppe", "group", "unternehmen"];

/// Trailing kind words a name is often written with and without ("Bosch
/// Gruppe", "Rewe Group"), lower-case.
const GROUP_WORDS: &[&str] = &["group", "gruppe", "konzern"];

/// The words of `name`, lower-case, without a trailing legal form or group
/// word: "Rewe Group" and "Rewe", "Siemens AG" and "Siemens" have the same
/// words. Never empty for a name with words: one made only of such words
/// stays whole.
pub fn core_words(name: &str) -> Vec<String> {
    let mut w: Vec<String> = name
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    while w.len() > 1
        && w.last()
            .is_some_and(|l| is_legal_form(l) || GROUP_WORDS.contains(&l.as_str()))
    {
        w.pop();
    }
    w
}

/// `short` clips `long`: "Conti" of "Continental", "Citi" of "Citigroup"
/// (a shorter clip only before a word for a group of companies: "Post"
/// and "Postbank" are two).
pub fn clips(short: &str, long: &str) -> bool {
    let (s, l) = (short.chars().count(), long.chars().count());
    let group = long.strip_prefix(short).is_some_and(|rest| {
        ["group", "gruppe", "holding", "holdings"].contains(&rest.to_lowercase().as_str())
    });
    !long.contains(' ') && long.starts_with(short) && ((s >= 5 && l >= s + 4) || (s >= 3 && group))
}

/// `word` is a legal form, in any case, with or without its final dot:
/// "AG", "Inc.", "plc", "Corp".
pub fn is_legal_form(word: &str) -> bool {
    let word = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    LEGAL_FORMS.contains(&word.as_str())
}

/// The name before a hyphenated kind word: "Bertelsmann-Konzern" ->
/// "Bertelsmann"; `None` for any other word.
pub fn before_hyphen_descriptor(word: &str) -> Option<&str> {
    let (head, tail) = word.rsplit_once('-')?;
    (!head.is_empty() && HYPHEN_DESCRIPTORS.contains(&tail.to_lowercase().as_str())).then_some(head)
}

/// Each acronym in parentheses after a space in `text` ("… (BVG)", "…
/// (P&G)"): the byte offset of the " (" before it, and the acronym (two to
/// six letters, at least two of them capitals, no space).
pub fn parenthesized_acronyms(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices(" (").filter_map(|(open, _)| {
        let rest = &text[open + 2..];
        let acronym = &rest[..rest.find(')')?];
        let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
        let is_acronym = (2..=6).contains(&letters.len())
            && letters.iter().filter(|c| c.is_uppercase()).count() >= 2
            && !acronym.contains(' ');
        is_acronym.then_some((open, acronym))
    })
}

/// The acronyms an article defines in parentheses after a name, with the
/// name: "Berliner Verkehrsbetriebe (BVG)" gives ("Berliner
/// Verkehrsbetriebe", "BVG"). The name is the capitalised words before
/// the parenthesis, joined by "&", "of", "für", "und".
pub fn defined_acronyms(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (open, acronym) in parenthesized_acronyms(text) {
        let before: Vec<&str> = text[..open].split_whitespace().collect();
        let mut name: Vec<&str> = Vec::new();
        for w in before.iter().rev() {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let joiner = ["&", "of", "für", "und", "and"].contains(w);
            let legal_form = is_legal_form(w);
            if !(capital || joiner) || (w.ends_with(['.', ',', ':']) && !legal_form) {
                break;
            }
            name.insert(0, w);
        }
        while name
            .first()
            .is_some_and(|w| !w.chars().next().is_some_and(char::is_uppercase))
        {
            name.remove(0);
        }
        // The name's own words: "die Bundesagentur für Arbeit (BA)" and not
        // "Die".
        if let Some(w) = name.first() {
            if ["Die", "Der", "Das", "The"].contains(w) {
                name.remove(0);
            }
        }
        if !name.is_empty() {
            out.push((name.join(" "), acronym.to_string()));
        }
    }
    out
}

/// The organisation a mention names: "Amazon's" as the model tagged it
/// names Amazon, "Die Warenhauskette Galeria" (the model's span took the
/// description along) names Galeria, "Target Corp." Target.
pub fn org_name(name: String) -> String {
    let name = match name
        .strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .filter(|n| !n.is_empty())
    {
        Some(n) => n.to_string(),
        None => name,
    };
    let mut words: Vec<&str> = name.split(' ').collect();
    // "rival UPS", "its unit AWS": lower-case words the model's span took
    // along before the name. Not a brand written in lower case before its
    // legal form ("voestalpine AG") or with a capital inside ("easyJet").
    while words.len() > 1
        && words[0].chars().all(char::is_lowercase)
        && words[1..]
            .iter()
            .any(|w| !is_legal_form(w) && w.chars().any(char::is_uppercase))
    {
        words.remove(0);
    }
    // "Rival easyJet plans …", "Wettbewerber Rossmann": a sentence may open
    // with the word that relates the company to another.
    while words.len() > 1 && crate::lexicon::RIVALS.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    // "Target Corp.", "Infineon Technologies AG": the legal form says nothing.
    while words.len() > 1 && words.last().is_some_and(|w| is_legal_form(w)) {
        words.pop();
    }
    // "der Deutschen Telekom": the name in the nominative, "Deutsche
    // Telekom" (an adjective of origin leading a name).
    let nominative;
    if words.len() >= 2 && words[0].chars().next().is_some_and(char::is_uppercase) {
        if let Some(stem) = words[0].strip_suffix("schen") {
            nominative = format!("{stem}sche");
            words[0] = &nominative;
        }
    }
    // "Bertelsmann-Konzern", "Bosch-Gruppe": the company.
    let last = words.len() - 1;
    if let Some(head) = before_hyphen_descriptor(words[last]) {
        words[last] = head;
    }
    let name = words.join(" ");
    let described = words.len() >= 3
        && ["Die", "Der", "Das", "Den", "Dem"].contains(&words[0])
        && words[1].chars().skip(1).all(char::is_lowercase);
    if described {
        words[2..].join(" ")
    } else {
        name
    }
}

/// The key two mentions of one organisation share: "Intel Corp" and
/// "Intel", "FedEx Corp." and "FedEx", "Shell's" and "Shell".
pub fn org_key(name: &str) -> String {
    org_name(name.to_string()).to_lowercase()
}

/// Two names of one company in a document: the same key, or one the
/// initials of the other ("HPE" and "Hewlett Packard Enterprise Co.").
pub fn same_company(a: &str, b: &str) -> bool {
    let initials = |name: &str| -> String {
        org_name(name.to_string())
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect()
    };
    // "HPE", "P&G"
    let acronym = |s: &str| {
        (2..=6).contains(&s.chars().count())
            && s.chars().all(|c| c.is_ascii_uppercase() || c == '&')
            && s.chars().filter(char::is_ascii_uppercase).count() >= 2
    };
    org_key(a) == org_key(b) || (acronym(a) && initials(b) == a) || (acronym(b) && initials(a) == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_are_found_in_any_case_with_or_without_a_dot() {
        for w in [
            "AG", "ag", "Inc.", "inc", "Corp.", "plc", "PLC", "GmbH", "N.V.", "S.A.", "Co.", "KG",
            "&",
        ] {
            assert!(is_legal_form(w), "{w}");
        }
        for w in ["Amazon", "Telekom", "Agentur", "Incorporated.", "Se.."] {
            assert!(!is_legal_form(w), "{w}");
        }
    }

    #[test]
    fn the_ampersand_of_and_co_goes_with_the_legal_form() {
        let name = "Festo SE & Co. KG";
        let mut words: Vec<&str> = name.split(' ').collect();
        while words.len() > 1 && words.last().is_some_and(|w| is_legal_form(w)) {
            words.pop();
        }
        assert_eq!(words, ["Festo"]);
    }

    #[test]
    fn initials_name_the_company_they_stand_for() {
        assert!(same_company("HPE", "Hewlett Packard Enterprise Co."));
        assert!(same_company("P&G", "Procter & Gamble"));
        assert!(!same_company("PG", "Procter & Gamble"));
        assert!(!same_company("&", "Procter & Gamble"));
    }

    #[test]
    fn a_hyphenated_kind_word_leaves_the_name() {
        assert_eq!(
            before_hyphen_descriptor("Bertelsmann-Konzern"),
            Some("Bertelsmann")
        );
        assert_eq!(before_hyphen_descriptor("bosch-gruppe"), Some("bosch"));
        assert_eq!(before_hyphen_descriptor("Mercedes-Benz"), None);
        assert_eq!(before_hyphen_descriptor("-Konzern"), None);
    }
}
