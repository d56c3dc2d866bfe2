//! The library's entry point: a [`Tagger`] is a model with its runtime
//! sessions and options, made once and used for many calls, by the CLI,
//! eval, bench and the Python package alike. No `ort` type appears here.

use crate::locate::Locations;
use crate::options::{Input, PipelineOptions, Progress};
use crate::Journaled;
use anyhow::Result;
use newsner_infer::{NerModel, NerSession, Runtime};
use newsner_ingest::{Document, IngestError, Ingested};
use newsner_records::{document_figures, DatasetSettings, Figure, Mention, PartItem};
use newsner_store::OutputFolder;
use std::sync::Mutex;

/// A tagged document: its (cleaned) text, mentions and job figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub document: Document,
    pub mentions: Vec<Mention>,
    pub figures: Vec<Figure>,
}

/// A model ready to tag: its sessions are made once and reused.
pub struct Tagger {
    model: NerModel,
    options: PipelineOptions,
    /// One call at a time uses them (a run takes all of them).
    sessions: Mutex<Vec<NerSession>>,
}

impl Tagger {
    /// `model` with `options` (sessions, threads, windows, aggregation);
    /// the sessions are made now, so a broken model fails here.
    pub fn new(model: NerModel, runtime: Runtime, options: PipelineOptions) -> Result<Self> {
        let sessions = crate::make_sessions(&model, runtime, &options)?;
        Ok(Tagger {
            model,
            options,
            sessions: Mutex::new(sessions),
        })
    }

    /// The model named `model` (or the model folder at that path), found
    /// with the runtime as `locations` say.
    pub fn load(model: &str, locations: &Locations, options: PipelineOptions) -> Result<Self> {
        let (model, runtime) = locations.load(model)?;
        Tagger::new(model, runtime, options)
    }

    pub fn model(&self) -> &NerModel {
        &self.model
    }

    pub fn options(&self) -> &PipelineOptions {
        &self.options
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, Vec<NerSession>> {
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tags `input` into the journal of `folder` (see [`crate::tag_into`]);
    /// `newsner_run::run` then builds and publishes the output files.
    pub fn tag_into(
        &self,
        input: &Input,
        folder: &OutputFolder,
        progress: &dyn Progress,
    ) -> Result<Journaled> {
        let mut sessions = self.sessions();
        crate::tag_into_with(
            &self.model,
            &mut sessions,
            input,
            folder,
            &self.options,
            progress,
        )
    }

    /// Tags documents in memory, in order: each becomes its mentions and job
    /// figures, or the error that kept it from being tagged (too many
    /// tokens, say). Ids are made unique as in a run (`#2`, …). The same
    /// document gives the same mentions whatever else is in the call.
    pub fn tag(&self, documents: Vec<Document>) -> Result<Vec<Result<Tagged, IngestError>>> {
        let items = documents.into_iter().map(Ingested::Doc).collect();
        self.tag_items(items, Ids::MakeUnique)
    }

    /// [`Tagger::tag`] on items as ingest read them (a document, or the
    /// error that kept a line from being one), one result per item, in
    /// order. With [`Ids::AsGiven`] ids stay as the items have them: the
    /// caller sees only part of a corpus, and `aggregate` names repeats.
    pub fn tag_items(
        &self,
        items: Vec<Ingested>,
        ids: Ids,
    ) -> Result<Vec<Result<Tagged, IngestError>>> {
        let mut sessions = self.sessions();
        let items = crate::tag_with(&self.model, &mut sessions, items, ids, &self.options)?;
        Ok(items
            .into_iter()
            .map(|item| match item {
                PartItem::Document {
                    document, mentions, ..
                } => Ok(Tagged {
                    figures: document_figures(&document.id, &document.text, &mentions),
                    document,
                    mentions,
                }),
                PartItem::Error { error, .. } => Err(error),
            })
            .collect())
    }

    /// What a tagged dataset written from this tagger's output must record
    /// for `aggregate` (its `newsner.json`).
    pub fn dataset_settings(&self) -> DatasetSettings {
        DatasetSettings {
            newsner: env!("CARGO_PKG_VERSION").to_string(),
            model: self.model.name().to_string(),
            aggregation: self.options.aggregation.as_str().to_string(),
            join_adjacent: self.model.manifest.labels.join_adjacent.clone(),
        }
    }
}

/// Whether a call makes document ids unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// A repeated id becomes `id#2`, `id#3`, … as in a run.
    MakeUnique,
    /// Ids stay as given.
    AsGiven,
}
