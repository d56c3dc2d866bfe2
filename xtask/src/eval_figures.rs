//! `cargo xtask eval-figures`: the job-figures stage on labelled sentences,
//! then a whole newsner run on the frozen article set.

use anyhow::{Context, Result};
use newsner_figures::eval::{read_gold, score, Counts};
use newsner_figures::eval_articles::{read_articles, score_articles, ArticleCounts, EntityNames};
use newsner_figures::Figure;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn eval_figures(
    root: &Path,
    mut files: Vec<PathBuf>,
    articles: Option<PathBuf>,
    model: &str,
) -> Result<()> {
    let eval = root.join("crates").join("figures").join("eval");
    if files.is_empty() {
        files = vec![eval.join("de.jsonl"), eval.join("en.jsonl")];
    }
    let sentences = sentence_scores(&files)?;
    let articles = articles.unwrap_or_else(|| eval.join("articles"));
    let article_scores = article_scores(root, &articles, model)?;
    let out = root.join("target").join("eval-figures.json");
    std::fs::create_dir_all(out.parent().expect("target/ has a parent"))?;
    std::fs::write(
        &out,
        serde_json::to_string_pretty(&serde_json::json!({
            "sentences": sentences,
            "articles": article_scores,
            "model": model,
        }))?,
    )?;
    println!("scores in {}", out.display());
    Ok(())
}

fn sentence_scores(files: &[PathBuf]) -> Result<serde_json::Value> {
    let mut gold = Vec::new();
    for f in files {
        gold.extend(read_gold(f).map_err(anyhow::Error::msg)?);
    }
    let report = score(&gold);
    println!("== labelled sentences ({} files)", files.len());
    for m in &report.mistakes {
        println!("  {m}");
    }
    println!(
        "{:<6} {:>9} {:>6} {:>10} {:>10} {:>8} {:>12}",
        "lang", "sentences", "gold", "predicted", "precision", "recall", "value recall"
    );
    let mut json = serde_json::Map::new();
    let mut row = |name: &str, c: &Counts| {
        let value_recall = c.values_correct as f64 / c.gold.max(1) as f64;
        println!(
            "{name:<6} {:>9} {:>6} {:>10} {:>10.3} {:>8.3} {:>12.3}",
            c.sentences,
            c.gold,
            c.predicted,
            c.precision(),
            c.recall(),
            value_recall
        );
        json.insert(
            name.to_string(),
            serde_json::json!({"sentences": c.sentences, "gold": c.gold, "predicted": c.predicted,
                "precision": c.precision(), "recall": c.recall(), "value_recall": value_recall}),
        );
    };
    for (lang, c) in &report.by_lang {
        row(lang, c);
    }
    row("all", &report.all);
    Ok(serde_json::Value::Object(json))
}

/// Runs newsner over the articles (title and text only: the gold stays
/// out of the run) and scores its figures.jsonl.
fn article_scores(root: &Path, dir: &Path, model: &str) -> Result<serde_json::Value> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the article sets in {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    sets.sort();
    let mut gold = Vec::new();
    for set in &sets {
        gold.extend(read_articles(set).map_err(anyhow::Error::msg)?);
    }
    let work = root.join("target").join("eval-figures");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let input = work.join("articles.jsonl");
    let mut file = std::fs::File::create(&input)?;
    for a in &gold {
        let line =
            serde_json::json!({"id": a.id, "lang": a.lang, "title": a.title, "text": a.text});
        writeln!(file, "{line}")?;
    }
    drop(file);
    let out = work.join("run");
    let args: Vec<String> = [
        "--input",
        &input.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--model",
        model,
        "--formats",
        "jsonl,csv",
        "--report-docs",
        "0",
        "--no-progress",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    crate::newsner(root, "run", &args)?;
    let figures: Vec<Figure> = std::fs::read_to_string(out.join("figures.jsonl"))?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("figures.jsonl of the article run")?;
    let report = score_articles(&gold, &figures, &entity_names(&out.join("entities.csv"))?);
    println!(
        "== articles ({} in {}; a whole run with {model})",
        gold.len(),
        dir.display()
    );
    for m in &report.mistakes {
        println!("  {m}");
    }
    println!(
        "{:<6} {:>8} {:>6} {:>10} {:>10} {:>8} {:>8} {:>8}",
        "lang", "articles", "gold", "predicted", "precision", "recall", "status", "unowned"
    );
    let mut json = serde_json::Map::new();
    let mut row = |name: &str, c: &ArticleCounts| {
        println!(
            "{name:<6} {:>8} {:>6} {:>10} {:>10.3} {:>8.3} {:>8.3} {:>8}",
            c.articles,
            c.gold,
            c.predicted,
            c.precision(),
            c.recall(),
            c.status_accuracy(),
            c.unowned
        );
        json.insert(
            name.to_string(),
            serde_json::json!({"articles": c.articles, "gold": c.gold, "predicted": c.predicted,
                "correct": c.correct, "precision": c.precision(), "recall": c.recall(),
                "status_accuracy": c.status_accuracy(), "unowned": c.unowned}),
        );
    };
    for (lang, c) in &report.by_lang {
        row(lang, c);
    }
    row("all", &report.all);
    Ok(serde_json::Value::Object(json))
}

/// The variants of each organisation of a run's entities.csv, by entity.
fn entity_names(path: &Path) -> Result<EntityNames> {
    let mut names = EntityNames::new();
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    for row in reader.records() {
        let row = row.with_context(|| format!("a row of {}", path.display()))?;
        let (Some(entity), Some("ORG"), Some(variants)) = (row.get(0), row.get(1), row.get(4))
        else {
            continue;
        };
        let variants = variants.split(" | ").filter(|v| !v.is_empty());
        names
            .entry(entity.to_string())
            .or_default()
            .extend(variants.map(String::from));
    }
    Ok(names)
}
