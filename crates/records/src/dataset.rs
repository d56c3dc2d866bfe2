//! `newsner.json`, the settings file of a tagged dataset (what Spark and
//! Ray workers write through the Python package).

use serde::{Deserialize, Serialize};

/// The file naming what tagged a dataset.
pub const DATASET_SETTINGS: &str = "newsner.json";

/// `newsner.json`: the newsner version, model and settings the workers
/// tagged with; `aggregate` needs them to rebuild a run's tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSettings {
    pub newsner: String,
    pub model: String,
    pub aggregation: String,
    #[serde(default)]
    pub join_adjacent: Vec<String>,
}
