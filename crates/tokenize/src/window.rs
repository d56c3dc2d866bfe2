//! Cutting a long token sequence into overlapping windows, and deciding
//! which window speaks for each token.

use crate::TokenizedDoc;
use ndarray::Array2;
use std::ops::Range;

/// The special tokens `(id, type_id)` a model wants before and after each
/// sequence, e.g. `[CLS]` and `[SEP]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    pub prefix: Vec<(u32, u32)>,
    pub suffix: Vec<(u32, u32)>,
}

impl Frame {
    pub fn len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowPlan {
    /// Content tokens per window (model max length minus special tokens).
    pub content_len: usize,
    /// Tokens shared by neighbouring windows.
    pub stride: usize,
    /// Special tokens around each window's content.
    pub frame_len: usize,
}

impl WindowPlan {
    /// `stride` is clamped so windows always advance.
    pub fn new(max_len: usize, special_tokens: usize, stride: usize) -> Self {
        let content_len = max_len.saturating_sub(special_tokens).max(1);
        WindowPlan {
            content_len,
            stride: stride.min(content_len - 1),
            frame_len: special_tokens,
        }
    }

    /// The longest model input: content plus special tokens.
    pub fn window_len(&self) -> usize {
        self.content_len + self.frame_len
    }
}

/// One model input: a slice of a document's tokens in its special-token
/// frame, plus the part of the slice whose predictions are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Document tokens this window covers.
    pub content: Range<usize>,
    /// Document tokens this window decides: those that sit more centrally in
    /// it than in any neighbour. Across a document's windows these ranges
    /// tile `0..len` exactly, so no token is lost or counted twice.
    pub owned: Range<usize>,
    pub ids: Vec<i64>,
    pub type_ids: Vec<i64>,
    /// Position of the first content token inside `ids` (after the prefix).
    pub prefix_len: usize,
}

/// What is left to know of a window once its ids went to the model: which
/// of its rows speak for which document tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WindowSpan {
    content_start: usize,
    owned: Range<usize>,
    prefix_len: usize,
}

/// A document's windows once their ids went to the model: where each sits
/// among the document's tokens and which tokens it decides. It owns the way
/// back from the model's rows to the document's tokens
/// ([`DocWindows::stitch`]), so no caller does index arithmetic on rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocWindows {
    spans: Vec<WindowSpan>,
}

impl DocWindows {
    pub fn new(windows: &[Window]) -> Self {
        let spans = windows
            .iter()
            .map(|w| WindowSpan {
                content_start: w.content.start,
                owned: w.owned.clone(),
                prefix_len: w.prefix_len,
            })
            .collect();
        DocWindows { spans }
    }

    /// Number of windows.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Document tokens the windows cover.
    pub fn tokens(&self) -> usize {
        self.spans.last().map_or(0, |s| s.owned.end)
    }

    /// Joins the model's rows for each window (`outputs[w]`: window `w`'s
    /// `[rows, width]` output, special tokens included, padding cut off or
    /// not) into one row per document token, each taken from the window
    /// that owns the token.
    ///
    /// # Panics
    /// When `outputs` holds fewer windows, or a window fewer rows, than the
    /// model was given: the caller pairs each window with its own output.
    pub fn stitch(&self, outputs: &[Array2<f32>]) -> TokenRows {
        assert_eq!(outputs.len(), self.spans.len(), "one output per window");
        let width = outputs.first().map_or(0, Array2::ncols);
        let mut values = Array2::zeros((self.tokens(), width));
        let mut row_in_window = Vec::with_capacity(self.tokens());
        for (span, output) in self.spans.iter().zip(outputs) {
            for t in span.owned.clone() {
                let row = t - span.content_start + span.prefix_len;
                values.row_mut(t).assign(&output.row(row));
                row_in_window.push(row);
            }
        }
        TokenRows {
            values,
            row_in_window,
        }
    }
}

/// One row of model output per document token, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenRows {
    /// `[tokens, width]`: row `t` is what the window that owns token `t`
    /// said of it.
    pub values: Array2<f32>,
    /// Token `t`'s row inside its window, special tokens counted: the index
    /// transformers reports for it.
    pub row_in_window: Vec<usize>,
}

/// Cuts `doc` into windows per `plan`, each wrapped in the model's special
/// tokens. A document that fits gets exactly one window.
pub fn plan_windows(doc: &TokenizedDoc, plan: WindowPlan, frame: &Frame) -> Vec<Window> {
    let (prefix, suffix) = (&frame.prefix, &frame.suffix);
    let len = doc.len();
    let step = plan.content_len - plan.stride;
    let mut starts = vec![0usize];
    while starts.last().is_some_and(|&s| s + plan.content_len < len) {
        let next = starts.last().map_or(0, |&s| s + step);
        starts.push(next);
    }
    let ranges: Vec<Range<usize>> = starts
        .iter()
        .map(|&s| s..(s + plan.content_len).min(len))
        .collect();
    ranges
        .iter()
        .enumerate()
        .map(|(i, content)| {
            // Neighbours overlap on `prev.end - content.start` tokens; the
            // midpoint of the overlap is where both are equally central.
            let owned_start = if i == 0 {
                0
            } else {
                split_point(&ranges[i - 1], content)
            };
            let owned_end = ranges
                .get(i + 1)
                .map_or(len, |next| split_point(content, next));
            let mut ids = Vec::with_capacity(content.len() + prefix.len() + suffix.len());
            let mut type_ids = Vec::with_capacity(ids.capacity());
            for &(id, ty) in prefix {
                ids.push(i64::from(id));
                type_ids.push(i64::from(ty));
            }
            for t in content.clone() {
                ids.push(i64::from(doc.ids[t]));
                type_ids.push(i64::from(doc.type_ids[t]));
            }
            for &(id, ty) in suffix {
                ids.push(i64::from(id));
                type_ids.push(i64::from(ty));
            }
            Window {
                content: content.clone(),
                owned: owned_start..owned_end,
                ids,
                type_ids,
                prefix_len: prefix.len(),
            }
        })
        .collect()
}

/// First token owned by `right` when `left` and `right` overlap: tokens in
/// the overlap go to the window in which they are farther from an edge.
fn split_point(left: &Range<usize>, right: &Range<usize>) -> usize {
    let overlap = left.end.saturating_sub(right.start);
    right.start + overlap.div_ceil(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bert() -> Frame {
        Frame {
            prefix: vec![(2, 0)],
            suffix: vec![(3, 0)],
        }
    }

    fn doc(len: usize) -> TokenizedDoc {
        TokenizedDoc {
            ids: (0..len as u32).map(|i| i + 100).collect(),
            type_ids: vec![0; len],
            offsets: (0..len).map(|i| (i, i + 1)).collect(),
            tokens: vec!["x".into(); len],
            special: vec![false; len],
            is_subword: vec![false; len],
        }
    }

    #[test]
    fn short_document_is_one_framed_window() {
        let w = plan_windows(&doc(5), WindowPlan::new(512, 2, 128), &bert());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].ids, vec![2, 100, 101, 102, 103, 104, 3]);
        assert_eq!(w[0].owned, 0..5);
    }

    #[test]
    fn owned_ranges_tile_the_document_and_stay_central() {
        for len in [1, 9, 10, 11, 25, 100, 1234] {
            let plan = WindowPlan::new(12, 2, 4);
            let windows = plan_windows(&doc(len), plan, &bert());
            let mut next = 0;
            for w in &windows {
                assert_eq!(w.owned.start, next, "len {len}");
                assert!(w.owned.start >= w.content.start && w.owned.end <= w.content.end);
                assert!(w.content.len() <= plan.content_len);
                assert_eq!(w.ids.len(), w.content.len() + 2);
                next = w.owned.end;
            }
            assert_eq!(next, len, "len {len}");
            // Inner windows keep at least stride/2 tokens of context on each side.
            for (i, w) in windows.iter().enumerate() {
                if i > 0 {
                    assert!(w.owned.start - w.content.start >= plan.stride / 2);
                }
                if i + 1 < windows.len() {
                    assert!(w.content.end - w.owned.end >= plan.stride / 2);
                }
            }
        }
    }

    #[test]
    fn stitching_takes_each_token_from_its_owner() {
        let windows = plan_windows(&doc(20), WindowPlan::new(12, 2, 4), &bert());
        // Each window's output row r holds (window number, r).
        let outputs: Vec<Array2<f32>> =
            windows
                .iter()
                .enumerate()
                .map(|(w, win)| {
                    Array2::from_shape_fn((win.ids.len(), 2), |(r, c)| {
                        if c == 0 {
                            w as f32
                        } else {
                            r as f32
                        }
                    })
                })
                .collect();
        let rows = DocWindows::new(&windows).stitch(&outputs);
        assert_eq!(rows.values.dim(), (20, 2));
        for (t, pair) in rows.values.rows().into_iter().enumerate() {
            let w = pair[0] as usize;
            assert!(windows[w].owned.contains(&t));
            assert_eq!(
                pair[1] as usize,
                t - windows[w].content.start + 1,
                "row skips [CLS]"
            );
            assert_eq!(rows.row_in_window[t], pair[1] as usize);
        }
    }

    #[test]
    fn a_window_is_its_content_plus_the_frame() {
        let plan = WindowPlan::new(256, 2, 64);
        assert_eq!(
            (plan.content_len, plan.stride, plan.window_len()),
            (254, 64, 256)
        );
    }

    #[test]
    fn stride_never_stalls_the_windows() {
        let plan = WindowPlan::new(4, 2, 100);
        assert_eq!(plan.content_len, 2);
        assert_eq!(plan.stride, 1);
        assert_eq!(plan_windows(&doc(7), plan, &Frame::default()).len(), 6);
    }
}
