//! report.html in a real browser (headless Chromium): the page runs its own
//! script without console errors, every section is there, and a document
//! whose text holds a script or an event handler stays inert text.

use newsner_ingest::Document;
use newsner_output::{Formats, OutputWriter};
use newsner_records::{document_figures, Mention};
use newsner_tables::CorpusTables;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    let path = std::env::var_os("NEWSNER_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.is_file(),
        "{} not found: `cargo xtask test` installs Debian's chromium (or set NEWSNER_CHROMIUM)",
        path.display()
    );
    path
}

fn mention(doc: &str, text: &str, word: &str, label: &str) -> Mention {
    let byte = text.find(word).unwrap();
    let start = text[..byte].chars().count();
    Mention {
        doc: doc.into(),
        label: label.into(),
        model_label: label.into(),
        score: 0.97,
        word: word.into(),
        start,
        end: start + word.chars().count(),
        index: None,
    }
}

fn write_report(dir: &Path) -> PathBuf {
    let hostile = "Amazon streicht 14.000 Stellen. <script>document.title='PWNED'</script> \
        <img src=x onerror=\"document.title='PWNED'\"> Andy Jassy in Seattle.";
    let plain = "Meta baut rund 600 Jobs ab, sagte Mark Zuckerberg in Menlo Park. Amazon und Meta investieren.";
    let mut writer = OutputWriter::create(dir, Formats::default(), 10).unwrap();
    let mut tables = CorpusTables::new(["PER".to_string()]);
    for (id, text) in [("hostile", hostile), ("plain", plain)] {
        let mut mentions = if id == "hostile" {
            vec![
                mention(id, text, "Amazon", "ORG"),
                mention(id, text, "Andy Jassy", "PER"),
                mention(id, text, "Seattle", "LOC"),
            ]
        } else {
            vec![
                mention(id, text, "Meta", "ORG"),
                mention(id, text, "Mark Zuckerberg", "PER"),
            ]
        };
        mentions.sort_by_key(|m| m.start);
        let doc = Document {
            id: id.into(),
            source: "test".into(),
            text: text.into(),
            meta: Default::default(),
        };
        let figures = document_figures(id, text, &mentions);
        writer
            .add(&mut tables, &doc, &mentions, figures, None)
            .unwrap();
    }
    let (rows, summary, figures) = tables.finish("test-model", "first", 0).unwrap();
    writer.finish(&rows, &figures, &summary).unwrap();
    dir.join("report.html")
}

#[test]
fn report_opens_in_a_browser_and_document_text_stays_inert() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_report(dir.path());
    let profile = dir.path().join("profile");
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("chromium starts");
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {log}");
    // The page's own script ran to its end: no error stopped it.
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script did not run:\n{log}"
    );
    for line in log.lines().filter(|l| l.contains("CONSOLE")) {
        assert!(
            !line.contains("Uncaught") && !line.contains("Refused"),
            "console: {line}"
        );
    }
    for section in ["glance", "entities", "figures", "pairs", "documents"] {
        assert!(
            dom.contains(&format!("<section id=\"{section}\"")),
            "section {section} missing"
        );
    }
    // The hostile document is shown as text, and nothing of it ran.
    assert!(
        !dom.contains("PWNED</title>") && dom.contains("<title>newsner report"),
        "a document's script ran"
    );
    assert!(
        dom.contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"),
        "the script text is not shown"
    );
    assert!(
        !dom.contains("<img src=\"x\""),
        "an img element came from document text"
    );
    // Entities are highlighted with label and score.
    assert!(
        dom.contains("title=\"PER 0.97\""),
        "no highlighted PER mention"
    );
}
