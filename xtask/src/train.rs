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
    let venv = root.join(".cache").join("train-venv");
    let python = venv.join("bin").join("python");
    if !python.is_file() {
        eprintln!("xtask: creating {}", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    eprintln!(
        "xtask: installing {} (torch is large; the first time takes minutes)",
        recipe.join("requirements.txt").display()
    );
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(recipe.join("requirements.txt")))?;
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
