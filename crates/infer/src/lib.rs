//! NER inference: model folders, ONNX Runtime sessions, batching of windows
//! and decoding of per-token label scores into entity spans.
//!
//! Decoding follows HuggingFace transformers' `TokenClassificationPipeline`
//! exactly (same spans, labels and scores for the same logits), so a model
//! gives the same entities here as in Python.

mod batch;
mod decode;
mod labels;
mod model;
mod runtime;
mod session;

pub use batch::{Batch, BatchLogits, BatchRow, Batcher};
pub use decode::{decode, probabilities, softmax_rows, Aggregation, Entity};
pub use labels::{split_tag, LabelSet};
pub use model::{ModelError, NerModel};
pub use runtime::{init_runtime, Runtime, RuntimeInitError};
pub use session::{NerSession, SessionOptions};
