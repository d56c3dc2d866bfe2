//! One ONNX Runtime session and how newsner feeds it.

use crate::batch::{Batch, BatchLogits, Feed};
use ndarray::{Array2, Ix3};
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::{TensorElementType, TensorRef, ValueType};
use std::borrow::Cow;
use std::path::Path;

/// Threading of one session.
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    /// Threads ONNX Runtime uses inside one `run` (matrix products).
    pub intra_threads: usize,
    /// ONNX Runtime's CPU memory arena: faster allocation, but it keeps the
    /// largest batch's memory for the life of the session.
    pub arena: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            intra_threads: 1,
            arena: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IntType {
    I64,
    I32,
}

/// A session plus what it takes (read from the model, never assumed) and
/// what it gives.
pub struct NerSession {
    session: Session,
    inputs: Vec<(String, Feed, IntType)>,
    output: String,
    num_labels: usize,
}

impl NerSession {
    pub(crate) fn new(
        env: &ort::environment::Environment,
        onnx: &Path,
        num_labels: usize,
        options: &SessionOptions,
    ) -> Result<Self, String> {
        let session = Session::builder(env)
            .and_then(|b| Ok(b.with_optimization_level(GraphOptimizationLevel::All)?))
            .and_then(|b| Ok(b.with_intra_threads(options.intra_threads.max(1))?))
            .and_then(|b| Ok(b.with_inter_threads(1)?))
            // Shapes change with every batch; planned memory patterns would
            // only be recomputed and kept.
            .and_then(|b| Ok(b.with_memory_pattern(false)?))
            .and_then(|b| {
                Ok(b.with_execution_providers([ort::ep::CPU::default()
                    .with_arena_allocator(options.arena)
                    .build()])?)
            })
            .and_then(|mut b| b.commit_from_file(onnx))
            .map_err(|e| format!("not a usable ONNX model: {e}"))?;

        let mut inputs = Vec::new();
        for outlet in session.inputs() {
            let name = outlet.name().to_string();
            let feed = match name.as_str() {
                n if n.contains("input_ids") => Feed::InputIds,
                n if n.contains("attention_mask") => Feed::AttentionMask,
                n if n.contains("token_type_ids") || n.contains("segment_ids") => Feed::TokenTypeIds,
                other => return Err(format!("model input '{other}' is not one newsner can feed (input_ids, attention_mask, token_type_ids)")),
            };
            let int = match outlet.dtype() {
                ValueType::Tensor {
                    ty: TensorElementType::Int64,
                    ..
                } => IntType::I64,
                ValueType::Tensor {
                    ty: TensorElementType::Int32,
                    ..
                } => IntType::I32,
                other => {
                    return Err(format!(
                        "model input '{name}' has type {other:?}; expected int64 or int32"
                    ))
                }
            };
            inputs.push((name, feed, int));
        }
        if !inputs.iter().any(|(_, feed, _)| *feed == Feed::InputIds) {
            return Err(
                "model has no input_ids input; it is not a token-classification model".to_string(),
            );
        }
        let outlet = session
            .outputs()
            .iter()
            .find(|o| o.name() == "logits")
            .or_else(|| session.outputs().first())
            .ok_or("model has no outputs")?;
        let output = outlet.name().to_string();
        if let ValueType::Tensor { ty, shape, .. } = outlet.dtype() {
            if *ty != TensorElementType::Float32 {
                return Err(format!(
                    "output '{output}' is {ty:?}; expected float32 logits"
                ));
            }
            if shape.len() != 3 {
                return Err(format!(
                    "output '{output}' has rank {}; expected [batch, tokens, labels]",
                    shape.len()
                ));
            }
            let width = shape[2];
            if width > 0 && width as usize != num_labels {
                return Err(format!(
                    "output '{output}' has {width} labels but config.json's id2label has {num_labels}; the config does not belong to this model"
                ));
            }
        }
        tracing::debug!(model = %onnx.display(), inputs = ?inputs, output, "session ready");
        Ok(NerSession {
            session,
            inputs,
            output,
            num_labels,
        })
    }

    pub fn num_labels(&self) -> usize {
        self.num_labels
    }

    /// Runs one padded batch; returns its logits `[rows, seq_len, labels]`.
    /// int64 inputs go to ONNX Runtime as views of the batch's arrays (no
    /// copy); a model that takes int32 gets narrowed copies.
    pub fn run(&mut self, batch: &Batch) -> Result<BatchLogits, String> {
        let narrowed: Vec<Option<Array2<i32>>> = self
            .inputs
            .iter()
            .map(|(_, feed, int)| {
                (*int == IntType::I32).then(|| batch.feed(*feed).mapv(|x| x as i32))
            })
            .collect();
        let mut values: Vec<(Cow<str>, SessionInputValue)> = Vec::with_capacity(self.inputs.len());
        for ((name, feed, _), narrow) in self.inputs.iter().zip(&narrowed) {
            let value: SessionInputValue = match narrow {
                None => TensorRef::from_array_view(batch.feed(*feed))
                    .map_err(|e| e.to_string())?
                    .into(),
                Some(narrow) => TensorRef::from_array_view(narrow.view())
                    .map_err(|e| e.to_string())?
                    .into(),
            };
            values.push((Cow::Borrowed(name.as_str()), value));
        }
        let outputs = self
            .session
            .run(values)
            .map_err(|e| format!("inference failed: {e}"))?;
        let logits = outputs[self.output.as_str()]
            .try_extract_array::<f32>()
            .map_err(|e| format!("cannot read output '{}': {e}", self.output))?;
        let expected = [batch.rows.len(), batch.seq_len(), self.num_labels];
        if logits.shape() != expected {
            return Err(format!("output shape {:?}, expected {expected:?}; config.json's id2label does not match the model", logits.shape()));
        }
        let logits = logits
            .into_dimensionality::<Ix3>()
            .map_err(|e| format!("output '{}': {e}", self.output))?
            // The one copy: ONNX Runtime's output buffer lives only as long
            // as `outputs`.
            .to_owned();
        Ok(BatchLogits {
            rows: batch.rows.clone(),
            logits,
        })
    }
}
