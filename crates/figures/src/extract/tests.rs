use super::*;

pub(super) fn org_of(text: &str, org: &str) -> Option<String> {
    owner_of(text, &[org])
}

/// The owner of the one figure of `text`, whose organisations are `orgs`.
pub(super) fn owner_of(text: &str, orgs: &[&str]) -> Option<String> {
    let spans: Vec<OrgSpan> = orgs
        .iter()
        .map(|org| {
            let start = text[..text.find(org).unwrap()].chars().count();
            OrgSpan {
                start,
                end: start + org.chars().count(),
            }
        })
        .collect();
    let figures = extract("d", text, &spans);
    assert_eq!(figures.len(), 1, "{text}: {figures:?}");
    figures[0].org.clone()
}

/// The figures of `text` (ORG mentions: every occurrence of `orgs`) as
/// (org, kind, value, status, derived).
pub(super) fn told(text: &str, orgs: &[&str]) -> Vec<(Option<String>, Kind, u64, Status, bool)> {
    let names: Vec<String> = orgs.iter().map(|o| o.to_string()).collect();
    extract("d", text, &crate::eval::org_spans(text, &names))
        .into_iter()
        .map(|f| (f.org, f.kind, f.value, f.status, f.derived))
        .collect()
}

/// The owner of each figure of `text`, as `told` finds them.
pub(super) fn owners_of(text: &str, orgs: &[&str]) -> Vec<Option<String>> {
    told(text, orgs).into_iter().map(|f| f.0).collect()
}

/// The (kind, value) of each figure of `text`, as `told` finds them.
pub(super) fn kinds_of(text: &str, orgs: &[&str]) -> Vec<(Kind, u64)> {
    told(text, orgs).into_iter().map(|f| (f.1, f.2)).collect()
}

pub(super) fn one(
    org: &str,
    kind: Kind,
    value: u64,
    status: Status,
) -> (Option<String>, Kind, u64, Status, bool) {
    (Some(org.to_string()), kind, value, status, false)
}

#[test]
fn an_article_owns_the_figures_of_sentences_that_name_no_employer() {
    let text = "Amazon streicht 14.000 Stellen\n\nAmazon bestätigte den Abbau am Dienstag. \
            Die Entlassungen betreffen etwa vier Prozent der weltweit 350.000 Mitarbeiter.\n\n\
            Bereits zwischen 2022 und 2023 wurden 27.000 Jobs gestrichen. Viele Konzerne bauen \
            Tausende Stellen ab und investieren stattdessen in KI.\n\n\
            Nicht nur Amazon, auch Meta (Mutterkonzern von Facebook und Instagram) entließ \
            letzte Woche rund 600 Mitarbeiter.\n\n7 Kommentare\n\n\
            cwsuisse: Amazon hat weltweit ca 1,55 Millionen Mitarbeiter";
    let orgs = ["Amazon", "Meta", "Facebook", "Instagram", "KI"];
    assert_eq!(
        told(text, &orgs),
        [
            one("Amazon", Kind::Cut, 14_000, Status::Confirmed),
            one("Amazon", Kind::Workforce, 350_000, Status::Confirmed),
            one("Amazon", Kind::Cut, 27_000, Status::Confirmed),
            // "Viele Konzerne": many employers' jobs, nobody's figure
            // (and never KI's).
            (None, Kind::Cut, 1_000, Status::Confirmed, false),
            one("Meta", Kind::Cut, 600, Status::Confirmed),
        ]
    );
}

#[test]
fn a_share_of_a_workforce_gives_the_cut_unless_it_is_stated() {
    let text = "Intel plans to cut 15% of its 110,000 staff.";
    assert_eq!(
        told(text, &["Intel"]),
        [
            (
                Some("Intel".into()),
                Kind::Cut,
                16_500,
                Status::Announced,
                true
            ),
            one("Intel", Kind::Workforce, 110_000, Status::Confirmed),
        ]
    );
    let stated = "Intel plans to cut 15% of its 110,000 staff, about 16,500 jobs.";
    assert_eq!(
        told(stated, &["Intel"]),
        [
            one("Intel", Kind::Workforce, 110_000, Status::Confirmed),
            one("Intel", Kind::Cut, 16_500, Status::Announced),
        ]
    );
}

#[test]
fn a_list_reads_its_kind_from_its_introduction_and_its_owners_from_its_labels() {
    let text = "Zulieferer in der Krise\n\nDiese Zulieferer streichen Stellen:\n\
            - Bosch AG: 5.500 Stellen\n- Mahle: rund 1.000 Stellen\n\n\
            Bei Bosch arbeiten die rund 130.000 Beschäftigten in Deutschland weiter.";
    assert_eq!(
        told(text, &["Bosch AG", "Bosch"]),
        [
            one("Bosch", Kind::Cut, 5_500, Status::Confirmed),
            one("Mahle", Kind::Cut, 1_000, Status::Confirmed),
            one("Bosch", Kind::Workforce, 130_000, Status::Confirmed),
        ]
    );
}

#[test]
fn companies_named_together_each_own_a_figure_said_of_each() {
    let text = "Bosch und ZF streichen jeweils 500 Stellen.";
    assert_eq!(
        told(text, &["Bosch", "ZF"]),
        [
            one("Bosch", Kind::Cut, 500, Status::Confirmed),
            one("ZF", Kind::Cut, 500, Status::Confirmed),
        ]
    );
    let reported = "Laut Reuters will Siemens 5.000 Stellen streichen.";
    let f = extract(
        "d",
        reported,
        &crate::eval::org_spans(reported, &["Reuters".into(), "Siemens".into()]),
    );
    assert_eq!(
        (f[0].org.as_deref(), f[0].status, f[0].source.as_deref()),
        (Some("Siemens"), Status::Reported, Some("Reuters"))
    );
}

#[test]
fn whoever_estimates_a_figure_does_not_own_it() {
    assert_eq!(
        org_of(
            "Die New York Times hält bis zu 30.000 Streichungen für möglich.",
            "New York Times"
        ),
        None
    );
    assert_eq!(
        org_of(
            "Analysten von Gartner schätzen, dass 5.000 Stellen wegfallen.",
            "Gartner"
        ),
        None
    );
    let own = "Amazon hält an seinen Plänen fest und streicht 14.000 Stellen.";
    assert_eq!(org_of(own, "Amazon").as_deref(), Some("Amazon"));
}

#[test]
fn a_unit_named_after_its_owner_does_not_own_the_figure() {
    let en = "Meta, led by Mark Zuckerberg, cut about 600 jobs in its AI unit last week.";
    assert_eq!(owner_of(en, &["Meta", "AI"]).as_deref(), Some("Meta"));
    let de = "Der Konzern Bosch streicht 5.000 Stellen in seiner Sparte BSH.";
    assert_eq!(owner_of(de, &["Bosch", "BSH"]).as_deref(), Some("Bosch"));
    // Not a part: "bei" names the owner.
    let at = "Bosch streicht 5.000 Stellen bei BSH.";
    assert_eq!(owner_of(at, &["Bosch", "BSH"]).as_deref(), Some("BSH"));
}

/// Random texts from the pieces job figures are made of: no panic,
/// every figure at valid character offsets of the text.
#[test]
fn any_text_gives_figures_at_their_offsets() {
    const PIECES: &[&str] = &[
        "Amazon",
        " ",
        ". ",
        ",",
        "14.000",
        "1,54",
        "Millionen",
        "Stellen",
        "Jobs",
        "-",
        "bis",
        "zu",
        "rund",
        "mehrere",
        "hundert",
        "streicht",
        "der",
        "von",
        "mit",
        "\n\n",
        "’",
        "'s",
        "%",
        "2025",
        "3.",
        "z. B.",
        ":",
        "Mitarbeiter",
        "Amazon-Mitarbeiter",
        "laut",
        "Reuters",
        "é",
        "🙂",
        "und",
        "davon",
        "um",
        "auf",
        "of",
        "thousands",
        "cut",
        "jobs",
        "(",
        ")",
        "Konzern",
        "0",
        "999999999999999999999",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut found = 0;
    for _ in 0..2000 {
        let len = (next() % 40) as usize;
        // Mostly space-separated, sometimes glued ("14.000Stellen").
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            if next() % 5 != 0 {
                text.push(' ');
            }
        }
        let chars: Vec<char> = text.chars().collect();
        // A few random ORG spans, some past the end of the text.
        let mut orgs: Vec<OrgSpan> = Vec::new();
        for _ in 0..(next() % 4) {
            let s = (next() % (chars.len() as u64 + 1)) as usize;
            let e = s + (next() % 8) as usize;
            orgs.push(OrgSpan { start: s, end: e });
        }
        orgs.sort_by_key(|o| (o.start, o.end));
        for f in extract("d", &text, &orgs) {
            found += 1;
            assert!(f.start < f.end && f.end <= chars.len(), "{text:?}: {f:?}");
            let at: String = chars[f.start..f.end].iter().collect();
            assert_eq!(at, f.text, "{text:?}");
        }
    }
    assert!(found > 100, "the random texts should hold figures: {found}");
}

#[test]
fn jobs_at_risk_lost_or_gone_are_cuts() {
    assert_eq!(
        kinds_of(
            "Bei Uniper sind bis zu 2.400 gefährdete Arbeitsplätze im Gespräch.",
            &["Uniper"]
        ),
        [(Kind::Cut, 2_400)]
    );
    assert_eq!(
        kinds_of(
            "Nissan will close the plant with the loss of 900 jobs.",
            &["Nissan"]
        ),
        [(Kind::Cut, 900)]
    );
    assert_eq!(
        kinds_of(
            "Rund 700 Beschäftigte von Porsche sollen gehen.",
            &["Porsche"]
        ),
        [(Kind::Cut, 700)]
    );
    assert_eq!(
        kinds_of(
            "Bei Bayer haben 1.200 Beschäftigte einen Aufhebungsvertrag unterschrieben.",
            &["Bayer"]
        ),
        [(Kind::Cut, 1_200)]
    );
    // The noun "Kosten" is no verb: moving 300 jobs abroad is no cut.
    assert_ne!(
        kinds_of(
            "Bosch verlagert 300 Stellen in Länder mit niedrigeren Kosten.",
            &["Bosch"]
        ),
        [(Kind::Cut, 300)]
    );
}

#[test]
fn an_interview_turn_speaks_for_the_article_s_employer_and_a_quoted_paper_employs_nobody() {
    let interview = "Evonik-Chef im Gespräch\n\nEvonik baut Stellen ab. Evonik will schneller werden.\n\n\
        Frage: Wie viele Stellen fallen weg?\n\nKullmann: Wir streichen weltweit rund 2.000 Stellen.";
    assert!(
        told(interview, &["Evonik"]).contains(&one("Evonik", Kind::Cut, 2_000, Status::Confirmed)),
        "{:?}",
        told(interview, &["Evonik"])
    );
    let told_paper =
        "Rheinmetall wächst. Das Unternehmen will rund 5.000 neue Mitarbeiter einstellen, \
        wie der Personalvorstand der „Rheinischen Post“ sagte.";
    let figures = told(told_paper, &["Rheinmetall", "Rheinischen Post"]);
    assert_eq!(figures.len(), 1, "{figures:?}");
    assert_eq!(figures[0].0.as_deref(), Some("Rheinmetall"), "{figures:?}");
}
#[test]
fn a_bare_number_continues_the_head_count_before_it() {
    let workforce = |a: u64, b: u64| vec![(Kind::Workforce, a), (Kind::Workforce, b)];
    for (text, org, a, b) in [
        (
            "Bayer beschäftigt in Deutschland rund 22.000 Menschen, weltweit sind es etwa 94.000.",
            "Bayer",
            22_000,
            94_000,
        ),
        (
            "Zuletzt beschäftigte Henkel noch rund 47.000 Menschen, nach 50.000 ein Jahr zuvor.",
            "Henkel",
            47_000,
            50_000,
        ),
        (
            "Nokia employs about 78,000 people, down from 86,000 in 2022.",
            "Nokia",
            78_000,
            86_000,
        ),
        (
            "Philips employs around 69,000 people, about 9,000 of them in the Netherlands.",
            "Philips",
            69_000,
            9_000,
        ),
        (
            "Unilever has reduced its sales staff from about 12,000 to 9,500.",
            "Unilever",
            12_000,
            9_500,
        ),
    ] {
        let mut got = kinds_of(text, &[org]);
        got.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
        let mut want = workforce(a, b);
        want.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
        assert_eq!(got, want, "{text}");
    }
    // A part with a verb of its own is what the verb says.
    assert_eq!(
        kinds_of(
            "Microsoft hat weltweit rund 228.000 Mitarbeiter und streicht davon etwa 6.000.",
            &["Microsoft"]
        ),
        [(Kind::Workforce, 228_000), (Kind::Cut, 6_000)]
    );
}

#[test]
fn a_relative_clause_neither_owns_the_figure_after_it_nor_loses_its_own() {
    assert_eq!(
        owner_of(
            "Continental, which sold its stake in Vitesco last year, employs around 190,000 people.",
            &["Continental", "Vitesco"]
        )
        .as_deref(),
        Some("Continental")
    );
    assert_eq!(
        owner_of(
            "Opel gehört zu Stellantis, der weltweit rund 250.000 Menschen beschäftigt.",
            &["Opel", "Stellantis"]
        )
        .as_deref(),
        Some("Stellantis")
    );
}

#[test]
fn a_part_a_list_item_and_a_reported_possibility_are_as_sure_as_what_says_them() {
    let status_of = |text: &str, orgs: &[&str], value: u64| -> Status {
        told(text, orgs)
            .into_iter()
            .find(|f| f.2 == value)
            .map(|f| f.3)
            .unwrap_or_else(|| panic!("{value} not found in {text}"))
    };
    let part = "Henkel will bis 2027 weltweit rund 2.000 Stellen abbauen, davon 800 in Düsseldorf.";
    assert_eq!(status_of(part, &["Henkel"], 800), Status::Announced);
    let list = "Die folgenden Unternehmen wollen 2026 neue Leute einstellen:\n- Bosch: 3.000 Fachkräfte\n- SAP: 1.200 Entwickler";
    assert_eq!(status_of(list, &["Bosch", "SAP"], 3_000), Status::Announced);
    let report =
        "Laut einem Bericht des Handelsblatts könnte Bayer bis zu 1.500 Stellen streichen.";
    assert_eq!(
        status_of(report, &["Bayer", "Handelsblatts"], 1_500),
        Status::Reported
    );
    let filing = "Oracle is cutting about 1,300 jobs, according to a regulatory filing.";
    assert_eq!(status_of(filing, &["Oracle"], 1_300), Status::Confirmed);
    let plan = "Under the programme, 2,400 positions at BASF are to be eliminated.";
    assert_eq!(status_of(plan, &["BASF"], 2_400), Status::Announced);
}

#[test]
fn an_economy_s_jobs_and_an_earlier_level_are_read_as_such() {
    let economy = "Goldman Sachs estimates that AI could affect 300 million jobs worldwide.";
    assert!(
        told(economy, &["Goldman Sachs"])
            .iter()
            .all(|f| f.0.is_none()),
        "{:?}",
        told(economy, &["Goldman Sachs"])
    );
    let level = "Spotify has cut its workforce to about 7,000 from roughly 9,800 two years ago.";
    let kinds = kinds_of(level, &["Spotify"]);
    assert!(kinds.contains(&(Kind::Workforce, 9_800)), "{kinds:?}");
    let reason = "Rivian said it will lay off about 600 workers, citing weaker demand.";
    assert_eq!(
        told(reason, &["Rivian"]).first().map(|f| f.3),
        Some(Status::Confirmed)
    );
}

#[test]
fn buyouts_brought_on_staff_and_the_next_part_of_a_whole_count() {
    assert_eq!(
        kinds_of(
            "Bei Vaillant haben rund 300 Beschäftigte ein Abfindungsangebot angenommen.",
            &["Vaillant"]
        ),
        [(Kind::Cut, 300)]
    );
    assert_eq!(
        kinds_of(
            "Walmart plans to bring on about 40,000 seasonal staff.",
            &["Walmart"]
        ),
        [(Kind::Hire, 40_000)]
    );
    let parts = "Condor will 2026 rund 1.000 neue Mitarbeiter einstellen, darunter 200 Piloten und 600 Flugbegleiter.";
    assert!(
        kinds_of(parts, &["Condor"]).contains(&(Kind::Hire, 600)),
        "{:?}",
        kinds_of(parts, &["Condor"])
    );
}
