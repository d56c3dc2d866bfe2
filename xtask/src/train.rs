//! `cargo xtask train-model NAME`: runs `models/NAME/recipe/train.py` in a
//! venv built from the recipe's pinned requirements.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

pub fn train_model(root: &Path, name: &str, extra: &[String]) -> Result<()> {
    let folder = root.join("models").join(name);
    let recipe = folder.join("recipe");
    let driver = recipe.join("train.py");
    if !driver.is_file() {
        bail!("{} has no training recipe ({} is missing); only project-trained models can be retrained", folder.display(), driver.display());
    }
    let requirements = recipe.join("requirements.txt");
    eprintln!(
        "xtask: installing {} (torch is large; the first time takes minutes)",
        requirements.display()
    );
    let python =
        crate::provision::venv(root, "train-venv", &["-r", &requirements.to_string_lossy()])?;
    let work = root.join(".cache").join(name);
    run(Command::new(&python)
        .arg(&driver)
        .arg("--out")
        .arg(&folder)
        .arg("--work")
        .arg(&work)
        .args(extra)
        .current_dir(root))?;
    score_through_newsner(root, name, &folder, &work)
}

/// The recipe scores the model on word-level tags in Python; users get
/// character spans from newsner. So the shipped folder is also scored the way
/// users run it, on the same held-out sentences, once sentence by sentence
/// and once joined into articles of 12 sentences (paragraphs of 3): German
/// (GermEval's test split, all four types) into `eval_newsner.json` and
/// `eval_newsner_documents.json`, English (BTC's test section and a quarter
/// of re3d, PER/ORG/LOC: neither annotated MISC) into
/// `eval_newsner_english.json` and `eval_newsner_english_documents.json`.
fn score_through_newsner(root: &Path, name: &str, folder: &Path, work: &Path) -> Result<()> {
    let data = work.join("data");
    let sets = [
        ("germeval_val.tsv", "eval_newsner", "PER,ORG,LOC,MISC"),
        ("english_test.conll", "eval_newsner_english", "PER,ORG,LOC"),
    ];
    for (file, out, types) in sets {
        let held_out = data.join(file);
        if !held_out.is_file() {
            eprintln!(
                "xtask: {} not found; skipping its newsner eval",
                held_out.display()
            );
            continue;
        }
        for (suffix, mode) in [
            ("", &[][..]),
            ("_documents", &["--documents", "12", "--paragraph", "3"][..]),
        ] {
            let mut args = vec![
                "--model".to_string(),
                name.to_string(),
                "--data".to_string(),
                held_out.to_string_lossy().into_owned(),
                "--types".to_string(),
                types.to_string(),
                "--json".to_string(),
                folder
                    .join(format!("{out}{suffix}.json"))
                    .to_string_lossy()
                    .into_owned(),
            ];
            args.extend(mode.iter().map(|s| s.to_string()));
            crate::newsner(root, "eval", &args)?;
        }
    }
    Ok(())
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}
