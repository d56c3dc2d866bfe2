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
        .current_dir(root))
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
