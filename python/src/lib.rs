//! `newsner._newsner`: the native half of the Python package. A thin layer
//! over `newsner_pipeline::Tagger`; the GIL is released while tagging, and
//! Arrow data crosses the boundary through the C data interface.

mod convert;
mod dataset;

use convert::{arrow_tables, documents, figure_dict, mention_dict};
use dataset::string_column;

use arrow_array::RecordBatch;
use arrow_pyarrow::PyArrowType;
use arrow_schema::Schema;
use newsner_pipeline::{Ids, Locations, PipelineOptions, Tagged, Tagger as RustTagger};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::PathBuf;

pyo3::create_exception!(
    _newsner,
    NewsnerError,
    PyException,
    "A model, runtime or input newsner cannot use; the message is the CLI's."
);

fn error(e: anyhow::Error) -> PyErr {
    NewsnerError::new_err(format!("{e:#}"))
}

/// A model ready to tag (see `newsner.Tagger`).
#[pyclass(frozen, module = "newsner._newsner")]
struct Tagger {
    inner: RustTagger,
}

#[pymethods]
impl Tagger {
    #[new]
    #[pyo3(signature = (model, models_dir=None, runtime=None, aggregation="first", batch_tokens=None, sessions=None, intra_threads=None, threads=None, max_length=None, stride=None, max_doc_tokens=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        model: &str,
        models_dir: Option<PathBuf>,
        runtime: Option<PathBuf>,
        aggregation: &str,
        batch_tokens: Option<usize>,
        sessions: Option<usize>,
        intra_threads: Option<usize>,
        threads: Option<usize>,
        max_length: Option<usize>,
        stride: Option<usize>,
        max_doc_tokens: Option<usize>,
    ) -> PyResult<Self> {
        let defaults = PipelineOptions::default();
        let options = PipelineOptions {
            aggregation: aggregation
                .parse()
                .map_err(|e: String| NewsnerError::new_err(e))?,
            batch_tokens: batch_tokens.unwrap_or(defaults.batch_tokens),
            sessions: sessions.unwrap_or(defaults.sessions).max(1),
            intra_threads: intra_threads.unwrap_or(defaults.intra_threads).max(1),
            tokenize_threads: threads.unwrap_or(defaults.tokenize_threads).max(1),
            max_length,
            stride,
            max_doc_tokens: max_doc_tokens.unwrap_or(defaults.max_doc_tokens),
            ..defaults
        };
        let env = Locations::from_env();
        let locations = Locations {
            models_dir: models_dir.or(env.models_dir),
            runtime: runtime.or(env.runtime),
            search: Vec::new(),
        };
        let model = model.to_string();
        let inner = py
            .detach(move || RustTagger::load(&model, &locations, options))
            .map_err(error)?;
        Ok(Tagger { inner })
    }

    /// The model's name.
    #[getter]
    fn model(&self) -> String {
        self.inner.model().name().to_string()
    }

    /// Tags texts; see `newsner.Tagger.tag`.
    #[pyo3(signature = (texts, ids=None))]
    fn tag<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        ids: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let documents = documents(texts, ids, 0)?;
        let results = py.detach(|| self.inner.tag(documents)).map_err(error)?;
        let none = self.inner.options().aggregation.as_str() == "none";
        let out = PyList::empty(py);
        for result in results {
            let doc = PyDict::new(py);
            match result {
                Ok(Tagged {
                    document,
                    mentions,
                    figures,
                }) => {
                    doc.set_item("id", &document.id)?;
                    doc.set_item("text", &document.text)?;
                    let list = PyList::empty(py);
                    for m in &mentions {
                        list.append(mention_dict(py, m, none)?)?;
                    }
                    doc.set_item("mentions", list)?;
                    let list = PyList::empty(py);
                    for f in &figures {
                        list.append(figure_dict(py, f)?)?;
                    }
                    doc.set_item("figures", list)?;
                    doc.set_item("error", py.None())?;
                }
                Err(err) => {
                    doc.set_item("id", err.item.clone().unwrap_or(err.source.clone()))?;
                    doc.set_item("text", py.None())?;
                    doc.set_item("mentions", PyList::empty(py))?;
                    doc.set_item("figures", PyList::empty(py))?;
                    doc.set_item("error", err.to_string())?;
                }
            }
            out.append(doc)?;
        }
        Ok(out)
    }

    /// Tags one Arrow record batch; returns (mentions, figures, errors) as
    /// record batches (mentions and figures with the Parquet files' columns). `first_row` numbers rows when there is no id column.
    #[pyo3(signature = (batch, text_column="text", id_column=None, first_row=0))]
    fn tag_batch(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
        text_column: &str,
        id_column: Option<&str>,
        first_row: usize,
    ) -> PyResult<(
        PyArrowType<RecordBatch>,
        PyArrowType<RecordBatch>,
        PyArrowType<RecordBatch>,
    )> {
        let batch = batch.0;
        let texts = string_column(&batch, text_column)?;
        let ids = match id_column {
            Some(name) => Some(string_column(&batch, name)?),
            None => None,
        };
        let documents = documents(texts, ids, first_row)?;
        let results = py.detach(|| self.inner.tag(documents)).map_err(error)?;
        let tables = arrow_tables(&results).map_err(NewsnerError::new_err)?;
        Ok((
            PyArrowType(tables.0),
            PyArrowType(tables.1),
            PyArrowType(tables.2),
        ))
    }

    /// Tags JSONL lines (columns `line`, `source`, `line_no`, `order`) as
    /// `newsner run` reads them; see `newsner.Tagger.tag_lines`.
    fn tag_lines(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let lines = dataset::Lines::from_batch(&batch.0).map_err(NewsnerError::new_err)?;
        let limits = self.inner.options().limits;
        let (items, orders) = lines.ingest(&limits).map_err(NewsnerError::new_err)?;
        let documents: Vec<Option<String>> = items
            .iter()
            .map(|item| match item {
                newsner_ingest::Ingested::Doc(doc) => Some(doc.id.clone()),
                newsner_ingest::Ingested::Failed(_) => None,
            })
            .collect();
        let results = py
            .detach(|| self.inner.tag_items(items, Ids::AsGiven))
            .map_err(error)?;
        let batch =
            dataset::tagged_batch(&results, &orders, &documents).map_err(NewsnerError::new_err)?;
        Ok(PyArrowType(batch))
    }

    /// The schema of `tag_lines`' batches.
    #[staticmethod]
    fn tagged_schema() -> PyResult<PyArrowType<Schema>> {
        let batch = dataset::tagged_batch(&[], &[], &[]).map_err(NewsnerError::new_err)?;
        Ok(PyArrowType(batch.schema().as_ref().clone()))
    }

    /// `newsner.json` of a dataset tagged by this tagger (JSON text).
    fn dataset_settings(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner.dataset_settings())
            .map_err(|e| NewsnerError::new_err(e.to_string()))
    }
}

/// Makes newsner ready to tag: ONNX Runtime found, or fetched from PyPI
/// (pinned, sha256-checked) into the user's cache; every model in the
/// models folder checked, files fetched where its manifest names a source.
/// Returns the runtime, the models folder and the models in it.
#[pyfunction]
#[pyo3(signature = (python, models_dir=None))]
fn setup(
    py: Python<'_>,
    python: String,
    models_dir: Option<PathBuf>,
) -> PyResult<(PathBuf, PathBuf, Vec<String>)> {
    py.detach(|| -> anyhow::Result<_> {
        let mut locations = Locations::from_env();
        locations.models_dir = models_dir.or(locations.models_dir);
        let cache = newsner_assets::user_cache_dir();
        let fetcher = |cache: &std::path::Path| newsner_assets::Fetcher {
            wheels: cache.join("wheels"),
            python: python.clone(),
        };
        // Models first: a broken one is a local, quick error.
        let dir = locations.models_dir();
        let mut models = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut folders: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join(newsner_assets::MANIFEST_FILE).is_file())
                .collect();
            folders.sort();
            let cache = cache.clone().unwrap_or_else(|| dir.clone());
            for folder in folders {
                newsner_assets::ensure_model(&fetcher(&cache), &folder)?;
                models.extend(folder.file_name().map(|n| n.to_string_lossy().into_owned()));
            }
        }
        let runtime = match locations.find_runtime() {
            Ok(found) => found,
            Err(_) if locations.runtime.is_none() => {
                let cache = cache.as_deref().ok_or_else(|| {
                    anyhow::anyhow!(
                        "no cache folder (set HOME or XDG_CACHE_HOME) to put ONNX Runtime in"
                    )
                })?;
                newsner_assets::ensure_runtime(&fetcher(cache), cache)?
            }
            Err(e) => return Err(e),
        };
        Ok((runtime, dir, models))
    })
    .map_err(error)
}

/// The lines of one JSONL file's bytes as `newsner run` splits them: at
/// `\n` only, numbered from 1, gunzipped when `gzipped`, a line over the
/// limit or a broken stream an error. `(line_no, bytes, error)`, `error`
/// an errors.jsonl record (JSON text) or None.
#[pyfunction]
#[pyo3(signature = (data, name, gzipped, max_doc_bytes=None))]
fn file_lines<'py>(
    py: Python<'py>,
    data: Vec<u8>,
    name: &str,
    gzipped: bool,
    max_doc_bytes: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let mut limits = newsner_ingest::IngestLimits::default();
    if let Some(max) = max_doc_bytes {
        limits.max_doc_bytes = max;
    }
    let lines = py.detach(|| dataset::file_lines(data, name, gzipped, &limits));
    let out = PyList::empty(py);
    for (line_no, raw, error) in lines {
        out.append((line_no, pyo3::types::PyBytes::new(py, &raw), error))?;
    }
    Ok(out)
}

/// How `newsner run` judges a file found in a folder, by its name:
/// `(format, gzipped, None)`; `(None, False, error)` with the errors.jsonl
/// record (JSON text) of a type it does not read; `(None, False, None)` for
/// a file it leaves out (README, LICENSE, ...). `display` is the file's
/// name in documents.
#[pyfunction]
#[pyo3(signature = (name, display, in_folder=true))]
fn classify(
    name: &str,
    display: &str,
    in_folder: bool,
) -> PyResult<(Option<String>, bool, Option<String>)> {
    if in_folder && newsner_ingest::is_project_file(name) {
        // README, LICENSE, ... in a folder: left out without an error.
        return Ok((None, false, None));
    }
    Ok(match newsner_ingest::classify_name(name, display) {
        Ok((format, gzipped)) => (Some(format.as_str().to_string()), gzipped, None),
        Err(error) => (
            None,
            false,
            Some(serde_json::to_string(&error).map_err(|e| NewsnerError::new_err(e.to_string()))?),
        ),
    })
}

/// A file to read: path, name (as documents name it), format, gzipped.
type FoundFile = (PathBuf, String, String, bool);

/// The files `newsner run` would read from `inputs`, in its order:
/// `(path, display, format, gzipped)`, and the entries it would skip
/// (their `errors.jsonl` lines, as JSON text).
#[pyfunction]
fn discover(inputs: Vec<PathBuf>) -> PyResult<(Vec<FoundFile>, Vec<String>)> {
    let (files, skipped) = newsner_ingest::discover(&inputs);
    let files = files
        .into_iter()
        .map(|f| (f.path, f.display, f.format.as_str().to_string(), f.gzipped))
        .collect();
    let skipped = skipped
        .iter()
        .map(|e| serde_json::to_string(e).map_err(|e| NewsnerError::new_err(e.to_string())))
        .collect::<PyResult<_>>()?;
    Ok((files, skipped))
}

#[pymodule]
fn _newsner(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Tagger>()?;
    m.add_function(wrap_pyfunction!(discover, m)?)?;
    m.add_function(wrap_pyfunction!(setup, m)?)?;
    m.add_function(wrap_pyfunction!(classify, m)?)?;
    m.add_function(wrap_pyfunction!(file_lines, m)?)?;
    m.add("NewsnerError", m.py().get_type::<NewsnerError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
