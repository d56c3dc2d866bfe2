//! The short table printed after a run.

use newsner_run::RunReport;
use newsner_tables::Summary;
use std::path::Path;

pub fn print(report: &RunReport, out: &Path, model: &str) {
    say!(
        "newsner: {} documents, {} skipped, {} mentions, {} job figures with model '{model}' in {:.1}s ({:.0} tokens/s, {:.1}% padding)",
        report.documents,
        report.errors,
        report.mentions,
        report.figures,
        report.timings.total_s,
        report.real_tokens as f64 / report.timings.total_s.max(1e-9),
        report.padding_share() * 100.0
    );
    if report.resumed > 0 {
        say!(
            "resumed: {} items were done by the interrupted run and not redone",
            report.resumed
        );
    }
    say!("results in {}/", out.display());
    for path in &report.written {
        if let Some(name) = path.file_name() {
            say!("  {}", name.to_string_lossy());
        }
    }
    if report.errors > 0 {
        say!(
            "skipped items and why: {}",
            out.join("errors.jsonl").display()
        );
    }
    if let Some(summary) = &report.summary {
        print_tables(summary);
    }
}

/// The top entities per type.
pub fn print_tables(summary: &Summary) {
    if summary.top_entities.is_empty() {
        say!("no entities found");
        return;
    }
    say!();
    say!(
        "{:<6} {:<36} {:>8} {:>5}",
        "type",
        "entity",
        "mentions",
        "docs"
    );
    for (label, rows) in &summary.top_entities {
        for row in rows.iter().take(5) {
            let name: String = row.entity.chars().take(36).collect();
            say!(
                "{label:<6} {name:<36} {:>8} {:>5}",
                row.mentions,
                row.documents
            );
        }
    }
}

/// The top job figures per company, as stated by most documents.
pub fn print_figures(summary: &Summary) {
    let companies: Vec<_> = summary
        .figures
        .iter()
        .filter(|c| c.company.is_some())
        .take(6)
        .collect();
    if companies.is_empty() {
        return;
    }
    say!();
    say!(
        "{:<24} {:<9} {:>22} {:<10} {:>5}",
        "company",
        "kind",
        "job figure",
        "status",
        "docs"
    );
    for company in companies {
        let name: String = company
            .company
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(24)
            .collect();
        for claim in company.figures.iter().take(3) {
            let value = match claim.value_max {
                Some(max) => format!("{}-{}", claim.value, max),
                None if claim.approx => format!("~{}", claim.value),
                None => claim.value.to_string(),
            };
            say!(
                "{name:<24} {:<9} {:>22} {:<10} {:>5}",
                claim.kind.as_str(),
                format!("{value} {}", claim.unit.as_str()),
                claim.status.as_str(),
                claim.documents
            );
        }
    }
}
