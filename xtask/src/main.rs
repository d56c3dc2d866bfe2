//! `cargo xtask <command>`: everything a fresh clone needs, with nothing but
//! cargo and python3 (for `pip download`) installed.

mod eval_figures;
mod provision;
mod train;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "newsner project tasks")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Fetch and verify ONNX Runtime and the registry models (no-op when present).
    Setup,
    /// Run the pipeline (release build). Without arguments: the demo corpus
    /// with the default model into out/. Arguments go to `newsner run`.
    Pipeline {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Score a model on labelled sentences; arguments go to `newsner eval`
    /// (e.g. `--model de-news --data ../shared/datasets/germeval2014/NER-de-test.tsv`).
    Eval {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Score job figures: the stage alone on labelled sentences (default:
    /// crates/figures/eval/{de,en}.jsonl; precision and recall of value,
    /// kind and organisation), then a whole run (ingest, the default model,
    /// the stage) on the frozen articles of crates/figures/eval/articles/
    /// (organisation, kind, value; status). Every mistake is listed;
    /// the scores go to target/eval-figures.json.
    EvalFigures {
        /// Labelled sentence files (see crates/figures/src/eval.rs for the format).
        files: Vec<PathBuf>,
        /// Folder of article sets (*.jsonl; see its README).
        #[arg(long)]
        articles: Option<PathBuf>,
        /// Model for the article run.
        #[arg(long, default_value = "de-news")]
        model: String,
    },
    /// Score article extraction on saved web pages (default: the dev pages
    /// in ../shared/datasets/web-pages/readability-test-pages): body
    /// precision/recall/F1 (4-gram shingles), title, date and language
    /// accuracy, newsner beside trafilatura (Python, in the bench venv);
    /// every page under 0.8 listed. Writes target/eval-extract.json.
    EvalExtract {
        /// Folder of page folders (source.html, expected.html or
        /// expected.txt, expected-metadata.json).
        dir: Option<PathBuf>,
    },
    /// Retrain a project-trained model from its recipe (models/NAME/recipe),
    /// in a Python venv under .cache/ (CPU; about an hour for de-news on 2
    /// cores). Training checkpoints every 100 steps: after a cut, run it
    /// again with `--resume` to continue where it stopped.
    TrainModel {
        /// Model folder name under models/.
        name: String,
        /// Extra arguments for the recipe's driver (`--resume`, `--reuse`,
        /// `--epochs N`, ...; see models/NAME/recipe/train.py --help).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Inference throughput: newsner vs. ONNX Runtime alone vs. Python
    /// (HF-style batch 1 and length-sorted batches), one corpus, one run.
    /// Writes target/bench/latest.json and latest.svg.
    Bench {
        /// Model name or folder.
        #[arg(long, default_value = "de-news")]
        model: String,
        /// Documents in the benchmark corpus [default: 2000; 80 with --quick].
        #[arg(long)]
        docs: Option<usize>,
        /// Under a minute: fewer documents, a short sweep.
        #[arg(long)]
        quick: bool,
        /// Also time transformers' own pipeline (PyTorch) on the model's
        /// HuggingFace checkpoint, `.cache/MODEL/hf` (written by
        /// `cargo xtask train-model MODEL`); installs torch and transformers
        /// into the bench venv (several GB).
        #[arg(long)]
        with_transformers: bool,
    },
    /// Write a model folder's graph in newsner's batch-invariant int8 form
    /// (one activation scale per token, 7-bit weights: the same logits
    /// whatever the batch and CPU) into OUT, from an fp32 ONNX export of
    /// any HF token-classification model (or a per-token int8 graph), and
    /// time it against the input and ONNX Runtime's quantize_dynamic with
    /// ONNX Runtime alone. Writes OUT/optimize.json.
    OptimizeModel {
        /// Model name under models/ or folder.
        model: String,
        /// Folder for the optimized model (not the model's own).
        out: PathBuf,
        /// Extra arguments for scripts/optimize_model.py (`--onnx FILE`,
        /// `--batch N`, `--seq N`, `--rounds N`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run the whole test suite (sets up what is missing first).
    Test {
        /// Extra arguments for `cargo test`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// What CI runs (.ci/run): formatting, clippy with warnings denied, tests.
    Ci,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = workspace_root()?;
    match cli.command {
        Task::Setup => provision::setup(&root).map(|_| ()),
        Task::Pipeline { args } => pipeline(&root, args),
        Task::Eval { args } => newsner(&root, "eval", &args),
        Task::EvalFigures {
            files,
            articles,
            model,
        } => eval_figures::eval_figures(&root, files, articles, &model),
        Task::EvalExtract { dir } => eval_extract(&root, dir),
        Task::Bench {
            model,
            docs,
            quick,
            with_transformers,
        } => bench(&root, &model, docs, quick, with_transformers),
        Task::TrainModel { name, args } => train::train_model(&root, &name, &args),
        Task::OptimizeModel { model, out, args } => optimize_model(&root, &model, &out, &args),
        Task::Test { args } => test(&root, &args),
        Task::Ci => {
            cargo(&root, &["fmt", "--all", "--", "--check"], &[])?;
            cargo(
                &root,
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--release",
                    "--",
                    "-D",
                    "warnings",
                ],
                &[],
            )?;
            test(&root, &[])
        }
    }
}

fn workspace_root() -> Result<PathBuf> {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .context("xtask must live in the workspace root")
}

fn cargo(root: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.args(args).current_dir(root);
    for (key, value) in envs {
        cmd.env(key, value);
    }
    let status = cmd
        .status()
        .with_context(|| format!("cannot start cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

fn pipeline(root: &Path, args: Vec<String>) -> Result<()> {
    let args = if args.is_empty() {
        // The demo takes seconds: an interrupted one simply starts over.
        ["--input", "corpus", "--out", "out", "--restart"]
            .map(String::from)
            .to_vec()
    } else {
        args
    };
    newsner(root, "run", &args)
}

/// `newsner <command> <args>` from a release build, with the provisioned
/// runtime and models.
pub(crate) fn newsner(root: &Path, command: &str, args: &[String]) -> Result<()> {
    let assets = provision::setup(root)?;
    let mut full = vec![
        "run",
        "--release",
        "--quiet",
        "--package",
        "newsner",
        "--",
        command,
    ];
    full.extend(args.iter().map(String::as_str));
    cargo(
        root,
        &full,
        &[
            ("ORT_DYLIB_PATH", &assets.runtime),
            ("NEWSNER_MODELS_DIR", &assets.models),
        ],
    )
}

fn bench(
    root: &Path,
    model: &str,
    docs: Option<usize>,
    quick: bool,
    with_transformers: bool,
) -> Result<()> {
    let assets = provision::setup(root)?;
    let python = provision::bench_python(root, with_transformers)?;
    let checkpoint = root.join(".cache").join(model).join("hf");
    if with_transformers && !checkpoint.join("config.json").is_file() {
        bail!(
            "--with-transformers needs the PyTorch checkpoint {} (not committed); run `cargo xtask train-model {model}` first",
            checkpoint.display()
        );
    }
    cargo(
        root,
        &[
            "build",
            "--release",
            "--quiet",
            "--package",
            "newsner",
            "--package",
            "newsner-bench",
        ],
        &[],
    )?;
    let package_python = install_package(root)?;
    let release = root.join("target").join("release");
    let mut cmd = Command::new(release.join("newsner-bench"));
    cmd.current_dir(root)
        .arg("--package-python")
        .arg(&package_python)
        .arg("--model")
        .arg(model)
        .arg("--newsner")
        .arg(release.join("newsner"))
        .arg("--python")
        .arg(&python)
        .env("ORT_DYLIB_PATH", &assets.runtime)
        .env("NEWSNER_MODELS_DIR", &assets.models);
    if let Some(docs) = docs {
        cmd.arg("--docs").arg(docs.to_string());
    }
    if quick {
        cmd.arg("--quick");
    }
    if with_transformers {
        cmd.arg("--with-transformers").arg(&checkpoint);
    }
    match standard_export(root, &assets.models, model, &python) {
        Ok(standard) => {
            cmd.arg("--standard-export").arg(&standard);
        }
        Err(why) => {
            eprintln!("xtask: the Python peer on the standard export is not measured: {why:#}")
        }
    }
    let status = cmd.status().context("cannot start newsner-bench")?;
    if !status.success() {
        bail!("the benchmark failed ({status})");
    }
    Ok(())
}

/// The same weights as a user would export them (a plain fp32 export
/// quantized with `quantize_dynamic`), for the bench's peer on the standard
/// export: the file the model's recipe wrote when it trained the committed
/// graph, else one derived from the committed graph by `scripts/bench/standard_export.py`,
/// cached under `.cache/standard-export/` by the graph's sha256.
fn standard_export(root: &Path, models: &Path, model: &str, python: &Path) -> Result<PathBuf> {
    let (folder, manifest) = newsner_assets::resolve_model(model, models)?;
    let graph = folder.join(&manifest.model.onnx);
    let sum = newsner_assets::sha256_file(&graph)
        .with_context(|| format!("cannot read {}", graph.display()))?;
    // The recipe's own export, only when the graph it shipped beside it is
    // the one in the model folder (the same weights).
    let export = root.join(".cache").join(model).join("export");
    let shipped = export.join("model.rowwise_int8.onnx");
    if newsner_assets::sha256_file(&shipped).ok().as_ref() == Some(&sum) {
        return Ok(export.join("model.dynamic_int8.onnx"));
    }
    let derived = root
        .join(".cache")
        .join("standard-export")
        .join(format!("{}.dynamic_int8.onnx", &sum[..16]));
    if derived.is_file() {
        return Ok(derived);
    }
    eprintln!(
        "xtask: deriving the standard export of {} (fp32 from the committed int8 weights, then quantize_dynamic)",
        graph.display()
    );
    let status = Command::new(python)
        .arg(
            root.join("scripts")
                .join("bench")
                .join("standard_export.py"),
        )
        .arg(&graph)
        .arg(&derived)
        .status()
        .context("cannot start scripts/bench/standard_export.py")?;
    if !status.success() {
        bail!(
            "scripts/bench/standard_export.py failed on {} ({status})",
            graph.display()
        );
    }
    Ok(derived)
}

fn optimize_model(root: &Path, model: &str, out: &Path, extra: &[String]) -> Result<()> {
    let assets = provision::setup(root)?;
    let python = provision::bench_python(root, false)?;
    let (folder, _) = newsner_assets::resolve_model(model, &assets.models)?;
    let status = Command::new(&python)
        .arg(root.join("scripts").join("optimize_model.py"))
        .arg(&folder)
        .arg(out)
        .args(extra)
        .status()
        .context("cannot start scripts/optimize_model.py")?;
    if !status.success() {
        bail!(
            "scripts/optimize_model.py failed on {} ({status})",
            folder.display()
        );
    }
    Ok(())
}

fn test(root: &Path, extra: &[String]) -> Result<()> {
    let assets = provision::setup(root)?;
    let python = provision::bench_python(root, false)?;
    let chromium = provision::chromium()?;
    // Release: the same build the pipeline uses, and the tests run real models.
    let mut args = vec!["test", "--workspace", "--release"];
    args.extend(extra.iter().map(String::as_str));
    cargo(
        root,
        &args,
        &[
            ("ORT_DYLIB_PATH", &assets.runtime),
            ("NEWSNER_MODELS_DIR", &assets.models),
            ("NEWSNER_BENCH_PYTHON", &python),
            ("NEWSNER_CHROMIUM", &chromium),
        ],
    )?;
    python_package_tests(root, &assets)
}

/// The Python package built into its venv as a user would (`pip install
/// ./python`); returns the venv's interpreter.
fn install_package(root: &Path) -> Result<PathBuf> {
    let python = provision::package_python(root)?;
    eprintln!("xtask: pip install ./python (maturin)");
    // maturin's build backend runs the `maturin` of the venv.
    let bin = python.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))?;
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
        .args([
            "--no-build-isolation",
            "--no-deps",
            "--force-reinstall",
            "./python",
        ])
        .current_dir(root)
        .env("PATH", path)
        .status()?;
    if !status.success() {
        bail!("pip install ./python failed ({status})");
    }
    Ok(python)
}

/// Builds the Python package into its venv and runs its tests against the
/// release binary.
fn python_package_tests(root: &Path, assets: &provision::Assets) -> Result<()> {
    let python = install_package(root)?;
    cargo(root, &["build", "--release", "-p", "newsner"], &[])?;
    // The Spark example's test runs Spark in local mode, on a JVM.
    let java = Command::new("java")
        .arg("-version")
        .stderr(std::process::Stdio::null())
        .status();
    if !java.is_ok_and(|s| s.success()) {
        bail!("the Spark example's test needs Java 17 or later on PATH (Debian: apt-get install openjdk-17-jre-headless)");
    }
    let status = Command::new(&python)
        .args(["-m", "unittest", "discover", "-v", "-s", "python/tests"])
        .current_dir(root)
        // Spark's Python workers run the venv's interpreter.
        .env("PYSPARK_PYTHON", &python)
        .env("NEWSNER_BIN", root.join("target/release/newsner"))
        .env("ORT_DYLIB_PATH", &assets.runtime)
        .env("NEWSNER_MODELS_DIR", &assets.models)
        .status()?;
    if !status.success() {
        bail!("the Python package's tests failed ({status})");
    }
    Ok(())
}

fn eval_extract(root: &Path, dir: Option<PathBuf>) -> Result<()> {
    let dir = match dir {
        Some(dir) => dir,
        None => root.join("../shared/datasets/web-pages/readability-test-pages"),
    };
    if !dir.is_dir() {
        bail!(
            "{}: no such pages folder; pass one (cargo xtask eval-extract DIR)",
            dir.display()
        );
    }
    let python = provision::bench_python(root, false)?;
    let target = root.join("target");
    std::fs::create_dir_all(&target)?;
    let peer = target.join("eval-extract-trafilatura.jsonl");
    let status = Command::new(&python)
        .arg(root.join("scripts/extract/trafilatura_pages.py"))
        .arg(&dir)
        .arg(&peer)
        .status()
        .context("cannot run the trafilatura peer")?;
    if !status.success() {
        bail!("the trafilatura peer failed ({status})");
    }
    let args = [
        dir.to_string_lossy().into_owned(),
        "--peer".to_string(),
        format!("trafilatura={}", peer.display()),
        "--json".to_string(),
        target
            .join("eval-extract.json")
            .to_string_lossy()
            .into_owned(),
    ];
    newsner(root, "eval-extract", &args)
}
