//! Grouping windows of similar length into padded batches under a token
//! budget: the fewer pad tokens the model sees, the less work is wasted.
//! A batch is `[rows, seq_len]` arrays (zero-copy into ONNX Runtime); its
//! logits come back as `[rows, seq_len, labels]`, sliced per window.

use ndarray::{s, Array2, Array3, ArrayView1, ArrayView2};

/// Which window a batch row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BatchRow {
    /// Sequence number of the document in the run.
    pub doc: usize,
    /// Window number inside the document.
    pub window: usize,
    /// Real (unpadded) tokens in the row.
    pub len: usize,
}

/// A padded `[rows, seq_len]` batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub rows: Vec<BatchRow>,
    ids: Array2<i64>,
    type_ids: Array2<i64>,
    mask: Array2<i64>,
}

/// The model inputs a batch provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feed {
    InputIds,
    AttentionMask,
    TokenTypeIds,
}

impl Batch {
    /// One model input, `[rows, seq_len]`.
    pub(crate) fn feed(&self, feed: Feed) -> ArrayView2<'_, i64> {
        match feed {
            Feed::InputIds => self.ids.view(),
            Feed::AttentionMask => self.mask.view(),
            Feed::TokenTypeIds => self.type_ids.view(),
        }
    }

    /// Length of every row, padding included.
    pub fn seq_len(&self) -> usize {
        self.ids.ncols()
    }

    /// Tokens fed to the model, padding included.
    pub fn padded_tokens(&self) -> usize {
        self.ids.len()
    }

    pub fn real_tokens(&self) -> usize {
        self.rows.iter().map(|r| r.len).sum()
    }
}

struct Pending {
    row: BatchRow,
    ids: Vec<i64>,
    type_ids: Vec<i64>,
}

/// Row length up to which the token budget alone bounds a batch.
const ATTENTION_LEN: usize = 256;

/// Collects windows and hands out batches. The grouping depends only on the
/// order windows arrive in and the settings, never on timing or threads, so
/// results are reproducible.
pub struct Batcher {
    budget_tokens: usize,
    max_padding: f64,
    lookahead: usize,
    pad_id: i64,
    pending: Vec<Pending>,
}

impl Batcher {
    /// `budget_tokens`: most padded tokens per batch (one long window always
    /// fits alone). `lookahead`: windows gathered before sorting by length;
    /// more means less padding and more memory.
    pub fn new(budget_tokens: usize, lookahead: usize, pad_id: u32) -> Self {
        Batcher {
            budget_tokens: budget_tokens.max(1),
            max_padding: 1.0,
            lookahead: lookahead.max(1),
            pad_id: i64::from(pad_id),
            pending: Vec::new(),
        }
    }

    /// Closes a batch early rather than let padding exceed this share of its
    /// tokens (0.05: at most 5 % of the work is wasted on pad tokens).
    pub fn with_max_padding(mut self, share: f64) -> Self {
        self.max_padding = share.clamp(0.0, 1.0);
        self
    }

    /// Adds a window; returns the batches that became ready.
    pub fn push(
        &mut self,
        doc: usize,
        window: usize,
        ids: Vec<i64>,
        type_ids: Vec<i64>,
    ) -> Vec<Batch> {
        let row = BatchRow {
            doc,
            window,
            len: ids.len(),
        };
        self.pending.push(Pending { row, ids, type_ids });
        if self.pending.len() >= self.lookahead {
            self.flush()
        } else {
            Vec::new()
        }
    }

    /// Batches everything still pending.
    pub fn flush(&mut self) -> Vec<Batch> {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|p| (p.row.len, p.row.doc, p.row.window));
        let mut batches = Vec::new();
        let mut group: Vec<Pending> = Vec::new();
        let mut real = 0usize;
        for item in pending {
            // Sorted ascending, so the newcomer sets the padded length.
            let padded = (group.len() + 1) * item.row.len;
            let padding = 1.0 - (real + item.row.len) as f64 / padded as f64;
            // Attention holds rows x len x len scores per head: long rows
            // get fewer per batch so peak memory stays that of a batch of
            // 256-token rows.
            let attention = padded * item.row.len > self.budget_tokens * ATTENTION_LEN;
            if !group.is_empty()
                && (padded > self.budget_tokens || attention || padding > self.max_padding)
            {
                batches.push(self.pad(std::mem::take(&mut group)));
                real = 0;
            }
            real += item.row.len;
            group.push(item);
        }
        if !group.is_empty() {
            batches.push(self.pad(group));
        }
        batches
    }

    fn pad(&self, group: Vec<Pending>) -> Batch {
        let seq_len = group.iter().map(|p| p.row.len).max().unwrap_or(0);
        let shape = (group.len(), seq_len);
        let mut ids = Array2::from_elem(shape, self.pad_id);
        let mut type_ids = Array2::zeros(shape);
        let mut mask = Array2::zeros(shape);
        let mut rows = Vec::with_capacity(group.len());
        for (r, p) in group.into_iter().enumerate() {
            let real = s![r, ..p.row.len];
            ids.slice_mut(real).assign(&ArrayView1::from(&p.ids));
            type_ids
                .slice_mut(real)
                .assign(&ArrayView1::from(&p.type_ids));
            mask.slice_mut(real).fill(1);
            rows.push(p.row);
        }
        Batch {
            rows,
            ids,
            type_ids,
            mask,
        }
    }
}

/// What the model said about a batch: `[rows, seq_len, labels]` logits and
/// the windows the rows hold.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLogits {
    pub(crate) rows: Vec<BatchRow>,
    pub(crate) logits: Array3<f32>,
}

impl BatchLogits {
    /// Each window's `[len, labels]` logits, its padding cut off.
    pub fn windows(&self) -> impl Iterator<Item = (BatchRow, ArrayView2<'_, f32>)> + '_ {
        self.rows
            .iter()
            .enumerate()
            .map(|(r, row)| (*row, self.logits.slice(s![r, ..row.len, ..])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_the_budget_and_sort_by_length() {
        let mut batcher = Batcher::new(32, 100, 0);
        for (doc, len) in [9usize, 3, 8, 4, 16, 2].iter().enumerate() {
            assert!(batcher
                .push(doc, 0, vec![7; *len], vec![0; *len])
                .is_empty());
        }
        let batches = batcher.flush();
        for b in &batches {
            assert!(b.padded_tokens() <= 32 || b.rows.len() == 1);
            assert_eq!(b.feed(Feed::InputIds).dim(), (b.rows.len(), b.seq_len()));
        }
        let lens: Vec<usize> = batches
            .iter()
            .flat_map(|b| b.rows.iter().map(|r| r.len))
            .collect();
        assert_eq!(lens, vec![2, 3, 4, 8, 9, 16]);
        let real: usize = batches.iter().map(Batch::real_tokens).sum();
        assert_eq!(real, 42);
    }

    #[test]
    fn padding_cap_closes_batches_early() {
        let lens = [20usize, 20, 20, 21, 40, 40];
        let mut batcher = Batcher::new(1000, 100, 0).with_max_padding(0.05);
        for (doc, len) in lens.iter().enumerate() {
            batcher.push(doc, 0, vec![7; *len], vec![0; *len]);
        }
        let batches = batcher.flush();
        let groups: Vec<Vec<usize>> = batches
            .iter()
            .map(|b| b.rows.iter().map(|r| r.len).collect())
            .collect();
        assert_eq!(groups, vec![vec![20, 20, 20, 21], vec![40, 40]]);
        for b in &batches {
            assert!(1.0 - b.real_tokens() as f64 / b.padded_tokens() as f64 <= 0.05);
        }
    }

    #[test]
    fn long_rows_come_in_smaller_batches() {
        let mut batcher = Batcher::new(8192, 100, 0);
        for doc in 0..20 {
            batcher.push(doc, 0, vec![7; 512], vec![0; 512]);
        }
        let rows: Vec<usize> = batcher.flush().iter().map(|b| b.rows.len()).collect();
        // 16 rows of 512 would fit the token budget; attention allows 8.
        assert_eq!(rows, vec![8, 8, 4]);
    }

    #[test]
    fn padding_is_masked() {
        let mut batcher = Batcher::new(100, 100, 5);
        batcher.push(0, 0, vec![1, 2, 3], vec![0; 3]);
        batcher.push(1, 0, vec![1, 2], vec![0; 2]);
        let b = batcher.flush().remove(0);
        assert_eq!(
            b.feed(Feed::InputIds),
            ndarray::array![[1, 2, 5], [1, 2, 3]]
        );
        assert_eq!(
            b.feed(Feed::AttentionMask),
            ndarray::array![[1, 1, 0], [1, 1, 1]]
        );
        assert_eq!(b.feed(Feed::TokenTypeIds), Array2::<i64>::zeros((2, 3)));
    }

    #[test]
    fn a_full_lookahead_releases_batches() {
        let mut batcher = Batcher::new(1000, 2, 0);
        assert!(batcher.push(0, 0, vec![1], vec![0]).is_empty());
        assert_eq!(batcher.push(1, 0, vec![1], vec![0]).len(), 1);
    }

    #[test]
    fn logits_are_sliced_per_window_without_padding() {
        let mut batcher = Batcher::new(100, 100, 0);
        batcher.push(0, 0, vec![1, 2, 3], vec![0; 3]);
        batcher.push(1, 4, vec![1, 2], vec![0; 2]);
        let batch = batcher.flush().remove(0);
        // Logit (r, t, c) = 100 r + 10 t + c.
        let logits = Array3::from_shape_fn((2, 3, 2), |(r, t, c)| (100 * r + 10 * t + c) as f32);
        let out = BatchLogits {
            rows: batch.rows.clone(),
            logits,
        };
        let windows: Vec<(usize, usize, Array2<f32>)> = out
            .windows()
            .map(|(row, l)| (row.doc, row.window, l.to_owned()))
            .collect();
        assert_eq!(windows[0].0, 1, "the shorter window sorts first");
        assert_eq!(windows[0].1, 4);
        assert_eq!(windows[0].2, ndarray::array![[0.0, 1.0], [10.0, 11.0]]);
        assert_eq!(windows[1].2.dim(), (3, 2));
        assert_eq!(windows[1].2[[2, 1]], 121.0);
    }
}
