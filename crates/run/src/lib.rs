//! One run of newsner into an output folder: the tagging stage
//! (newsner-pipeline) commits every document to the folder's journal, then
//! the aggregate stage (newsner-aggregate) builds every output file from
//! the journal and publishes the set in one step. `newsner run`, the bench
//! and the end-to-end tests call this; the Python package, which tags in
//! memory, does not need it (nor Parquet, nor the report).

mod report;

pub use report::RunReport;

use anyhow::{Context, Result};
use newsner_aggregate::{build, BuildSettings};
use newsner_infer::{NerModel, Runtime};
use newsner_output::{Formats, OUTPUT_FILES, REPORT_DOCS};
use newsner_pipeline::{Input, Journaled, PipelineOptions, Progress, Tagger};
use newsner_store::OutputFolder;
use std::path::Path;
use std::time::Instant;

/// Which output files a run writes, and what report.html holds.
#[derive(Debug, Clone, Copy)]
pub struct OutputOptions {
    pub formats: Formats,
    /// Documents whose texts report.html keeps (those with most mentions).
    pub report_docs: usize,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            formats: Formats::default(),
            report_docs: REPORT_DOCS,
        }
    }
}

/// Tags `input` with `tagger` and publishes every output file in `out`.
pub fn run(
    tagger: &Tagger,
    input: &Input,
    out: &Path,
    output: &OutputOptions,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let started = Instant::now();
    let folder = open(out)?;
    let journaled = tagger.tag_into(input, &folder, progress)?;
    finish(
        tagger.model(),
        tagger.options(),
        journaled,
        &folder,
        output,
        started,
    )
}

/// [`run`] with sessions made for this call, for a caller that holds a
/// model rather than a [`Tagger`].
pub fn run_model(
    model: &NerModel,
    runtime: Runtime,
    input: &Input,
    out: &Path,
    options: &PipelineOptions,
    output: &OutputOptions,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let started = Instant::now();
    let folder = open(out)?;
    let journaled = newsner_pipeline::tag_into(model, runtime, input, &folder, options, progress)?;
    finish(model, options, journaled, &folder, output, started)
}

fn open(out: &Path) -> Result<OutputFolder> {
    OutputFolder::open(out, OUTPUT_FILES)
        .with_context(|| format!("cannot use output folder {}", out.display()))
}

/// The aggregate stage over every committed part (this process's and, when
/// resumed, the earlier one's), `timings.json`, and the switch of `out` to
/// the new set; the journal goes once the set is published.
fn finish(
    model: &NerModel,
    options: &PipelineOptions,
    journaled: Journaled,
    folder: &OutputFolder,
    output: &OutputOptions,
    started: Instant,
) -> Result<RunReport> {
    let t = Instant::now();
    let settings = BuildSettings {
        model: model.name().to_string(),
        aggregation: options.aggregation.as_str().to_string(),
        join_adjacent: model.manifest.labels.join_adjacent.clone(),
        formats: output.formats,
        report_docs: output.report_docs,
        shard: options.shard.map(|s| s.to_string()),
    };
    let Journaled {
        journal,
        resumed,
        windows,
        batches,
        real_tokens,
        padded_tokens,
        mut timings,
    } = journaled;
    let built = build(journal.items(), folder, &settings)?;
    timings.figures_s = built.figures_time.as_secs_f64();
    timings.decode_write_s += t.elapsed().as_secs_f64() - timings.figures_s;
    timings.total_s = started.elapsed().as_secs_f64();
    let mut report = RunReport {
        documents: built.documents,
        errors: built.errors,
        mentions: built.mentions,
        figures: built.figures,
        resumed: resumed as usize,
        windows,
        batches,
        real_tokens,
        padded_tokens,
        timings,
        rows: built.rows.clone(),
        summary: Some(built.summary.clone()),
        written: Vec::new(),
    };
    built.add_file("timings.json", &report.timings_file().to_bytes())?;
    report.written = built.publish(folder)?;
    journal.remove()?;
    Ok(report)
}
