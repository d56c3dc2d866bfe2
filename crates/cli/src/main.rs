//! `newsner`: command-line glue over the pipeline crates.

/// `println!` that never panics: when stdout is closed (`newsner run ... |
/// head`), the printing stops and the run's outcome and exit code stand.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod args;
mod report;

use anyhow::{Context, Result};
use args::{AggregateArgs, Cli, Command, EvalArgs, EvalExtractArgs, ModelArgs, RunArgs};
use clap::Parser;
use newsner_pipeline::{Input, Locations, Progress, Tagger};

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Eval(args) => eval(args).map(|()| Outcome::Complete),
        Command::EvalExtract(args) => eval_extract(args).map(|()| Outcome::Complete),
        Command::Aggregate(args) => aggregate(args).map(|()| Outcome::Complete),
    };
    match result {
        Ok(Outcome::Complete) => ExitCode::SUCCESS,
        Ok(Outcome::Skipped(n)) => {
            eprintln!(
                "newsner: {n} input item(s) skipped (see errors.jsonl); exit code {SKIPPED_EXIT} (--allow-skips makes it 0)"
            );
            ExitCode::from(SKIPPED_EXIT)
        }
        Err(err)
            if err
                .downcast_ref::<newsner_pipeline::Interrupted>()
                .is_some() =>
        {
            eprintln!("newsner: {err}; run the same command with --resume to continue");
            ExitCode::from(INTERRUPTED_EXIT)
        }
        Err(err)
            if err
                .downcast_ref::<newsner_pipeline::UnfinishedRun>()
                .is_some() =>
        {
            eprintln!("error: {err}; add --resume to continue it or --restart to discard it");
            ExitCode::from(USAGE_EXIT)
        }
        Err(err) => {
            let must_restart = err.chain().any(|cause| {
                cause
                    .downcast_ref::<newsner_store::JournalError>()
                    .is_some_and(newsner_store::JournalError::must_restart)
            });
            if must_restart {
                // Nothing was done: like an unfinished run met without a
                // flag, the command must be given again with --restart.
                eprintln!(
                    "error: {}; start over with --restart (the unfinished run is discarded)",
                    error_chain(&err)
                );
                return ExitCode::from(USAGE_EXIT);
            }
            eprintln!("error: {}", error_chain(&err));
            ExitCode::FAILURE
        }
    }
}

/// An error with its causes, each said once: a library error that words its
/// cause into its own message ("cannot write X: No space left on device")
/// and also returns it as `source()` is not printed twice.
fn error_chain(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let said = cause.to_string();
        if text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    text
}

/// Exit code of a run that finished but skipped some inputs (as ripgrep
/// tells partial failure from success): 0 everything processed, 1 fatal
/// error (nothing or not everything written), 2 usage error, 3 this.
const SKIPPED_EXIT: u8 = 3;
/// Exit code of a usage error (as clap's): also an unfinished run in
/// `--out` without `--resume` or `--restart`.
const USAGE_EXIT: u8 = 2;
/// Exit code after SIGINT or SIGTERM (128 + SIGINT, as shells report it).
const INTERRUPTED_EXIT: u8 = 130;

/// How a command that did not fail ended.
enum Outcome {
    Complete,
    /// Finished, with this many input items skipped.
    Skipped(usize),
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info,newsner=debug,newsner_pipeline=debug,newsner_infer=debug,ort=warn",
        (false, _) => "debug,ort=info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

/// Where the model and runtime are: the options (and their environment
/// variables), then the usual places.
fn locations(args: &ModelArgs) -> Locations {
    Locations {
        models_dir: args.models_dir.clone(),
        runtime: args.ort_lib.clone(),
        search: Vec::new(),
    }
}

fn aggregate(args: AggregateArgs) -> Result<()> {
    let done = newsner_aggregate::rebuild(
        &args.input,
        &args.out,
        args.output.formats,
        args.output.report_docs,
    )?;
    say!(
        "newsner aggregate: {} documents, {} skipped, {} mentions, {} job figures from {} input(s)",
        done.documents,
        done.errors,
        done.mentions,
        done.figures,
        args.input.len()
    );
    say!("results in {}/", args.out.display());
    for path in &done.written {
        if let Some(name) = path.file_name() {
            say!("  {}", name.to_string_lossy());
        }
    }
    report::print_tables(&done.summary);
    report::print_figures(&done.summary);
    Ok(())
}

fn eval_extract(args: EvalExtractArgs) -> Result<()> {
    use newsner_eval::extract;
    let pages = extract::read_pages(&args.pages)?;
    let started = std::time::Instant::now();
    let ours: Vec<extract::Extracted> = pages.iter().map(extract::extract).collect();
    let seconds = started.elapsed().as_secs_f64();
    let (rows, totals) = extract::score(&pages, &ours);
    let mut runs = vec![("newsner".to_string(), rows, totals)];
    for peer in &args.peer {
        let (name, file) = peer
            .split_once('=')
            .with_context(|| format!("--peer {peer}: expected NAME=FILE"))?;
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?;
        let outputs = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l)
                    .with_context(|| format!("{file}:{}: not a page line", i + 1))
            })
            .collect::<Result<Vec<extract::Extracted>>>()?;
        let (rows, totals) = extract::score(&pages, &outputs);
        runs.push((name.to_string(), rows, totals));
    }
    say!(
        "{} pages of {}; newsner's ingest took {:.1} ms a page",
        pages.len(),
        args.pages.display(),
        seconds * 1000.0 / pages.len() as f64
    );
    print!("{}", extract::format_report(&runs));
    if let Some(path) = &args.json {
        let json: serde_json::Map<String, serde_json::Value> = runs
            .iter()
            .map(|(name, rows, totals)| {
                (
                    name.clone(),
                    serde_json::json!({"totals": totals, "pages": rows}),
                )
            })
            .collect();
        std::fs::write(path, serde_json::to_string_pretty(&json)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.texts {
        let lines: Vec<String> = ours
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()?;
        std::fs::write(path, lines.join("\n") + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn eval(args: EvalArgs) -> Result<()> {
    let options = newsner_eval::TagOptions {
        keep_derived: args.keep_derived,
    };
    let mut sentences = newsner_eval::read_dataset(&args.data, options)?;
    if let Some(limit) = args.limit {
        sentences.truncate(limit);
    }
    let grouping = match args.documents {
        0 => newsner_eval::Grouping::Sentences,
        n => newsner_eval::Grouping::Documents {
            per_document: n,
            per_paragraph: args.paragraph.max(1),
        },
    };
    let docs = newsner_eval::group(&sentences, grouping);
    let pipeline = newsner_pipeline::PipelineOptions {
        aggregation: args.aggregation,
        one_type_per_name: args.mention_types.one_type_per_name(),
        max_length: args.window.max_length,
        stride: args.window.stride,
        ..Default::default()
    };
    let tagger = Tagger::load(&args.model.model, &locations(&args.model), pipeline)?;
    let model = tagger.model();
    let plan = model.window_plan(tagger.options().max_length, tagger.options().stride);
    let started = std::time::Instant::now();
    let types: Vec<&str> = args.types.iter().map(String::as_str).collect();
    let scores = newsner_eval::evaluate(&tagger, &docs, &types)?;
    say!(
        "{} sentences of {} ({}) with model '{}' ({} aggregation, windows of {} tokens, stride {}) in {:.1}s",
        sentences.len(),
        args.data.display(),
        grouping.describe(),
        model.name(),
        args.aggregation.as_str(),
        plan.window_len(),
        plan.stride,
        started.elapsed().as_secs_f64()
    );
    print!("{}", newsner_eval::format_scores(&scores));
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&scores)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn run(args: RunArgs) -> Result<Outcome> {
    // SIGINT / SIGTERM: commit the work done to the journal (for --resume),
    // keep the previous outputs, leave no temporary file.
    if let Err(e) = ctrlc::set_handler(newsner_pipeline::request_stop) {
        tracing::warn!("cannot catch SIGINT/SIGTERM: {e}");
    }
    let options = args.pipeline_options();
    let tagger = Tagger::load(&args.model.model, &locations(&args.model), options)?;

    let input = if args.input.len() == 1 && args.input[0].as_os_str() == "-" {
        Input::Stdin
    } else {
        for path in &args.input {
            if !path.exists() {
                anyhow::bail!("input {} does not exist", path.display());
            }
        }
        Input::Paths(args.input.clone())
    };
    let bar = ProgressBar::new(args.quiet_progress);
    let report = newsner_run::run(&tagger, &input, &args.out, &args.output_options(), &bar)?;
    bar.finish();
    report::print(&report, &args.out, tagger.model().name());
    if let Some(summary) = &report.summary {
        report::print_figures(summary);
    }
    Ok(if report.errors > 0 && !args.allow_skips {
        Outcome::Skipped(report.errors)
    } else {
        Outcome::Complete
    })
}

/// A progress bar over input bytes on stderr (hidden when not a terminal).
struct ProgressBar(indicatif::ProgressBar);

impl ProgressBar {
    fn new(hidden: bool) -> Self {
        let bar = if hidden {
            indicatif::ProgressBar::hidden()
        } else {
            indicatif::ProgressBar::new(0)
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} tagging [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        ProgressBar(bar)
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for ProgressBar {
    fn set_total(&self, bytes: u64) {
        self.0.set_length(bytes);
    }
    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
}
