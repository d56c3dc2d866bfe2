//! The one merge by reading order: streams each sorted by an order number
//! (a run's documents and its skipped items, the part files of a dataset
//! table, the shards of one corpus) become one stream in that order.

use newsner_records::RecordError;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Items with their order, sorted by it.
pub(crate) type Ordered<T> = Box<dyn Iterator<Item = Result<(u64, T), RecordError>>>;

/// Merges streams sorted by order; on equal orders the earlier stream
/// comes first. An error comes out as soon as a stream meets it, and ends
/// the merge: an item after it could be out of place.
pub(crate) struct ByOrder<T> {
    streams: Vec<Ordered<T>>,
    heads: BinaryHeap<Reverse<(u64, usize)>>,
    pending: Vec<Option<T>>,
    failed: Option<RecordError>,
}

impl<T> ByOrder<T> {
    pub fn new(streams: Vec<Ordered<T>>) -> Self {
        let mut merge = ByOrder {
            pending: streams.iter().map(|_| None).collect(),
            streams,
            heads: BinaryHeap::new(),
            failed: None,
        };
        for i in 0..merge.streams.len() {
            merge.advance(i);
        }
        merge
    }

    fn advance(&mut self, i: usize) {
        match self.streams[i].next() {
            Some(Ok((order, item))) => {
                self.pending[i] = Some(item);
                self.heads.push(Reverse((order, i)));
            }
            Some(Err(e)) => self.failed = self.failed.take().or(Some(e)),
            None => {}
        }
    }
}

impl<T> Iterator for ByOrder<T> {
    type Item = Result<(u64, T), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            self.streams.clear();
            self.heads.clear();
            return Some(Err(e));
        }
        let Reverse((order, i)) = self.heads.pop()?;
        let item = self.pending[i].take()?;
        self.advance(i);
        Some(Ok((order, item)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn stream(items: Vec<Result<(u64, &'static str), RecordError>>) -> Ordered<&'static str> {
        Box::new(items.into_iter())
    }

    fn error(message: &str) -> RecordError {
        RecordError {
            path: PathBuf::from("x"),
            line: 0,
            message: message.into(),
        }
    }

    #[test]
    fn items_come_in_order_and_ties_keep_the_stream_order() {
        let merged: Vec<_> = ByOrder::new(vec![
            stream(vec![Ok((1, "a1")), Ok((3, "a3")), Ok((3, "a3'"))]),
            stream(vec![Ok((0, "b0")), Ok((3, "b3")), Ok((9, "b9"))]),
            stream(vec![]),
        ])
        .map(|r| r.unwrap().1)
        .collect();
        assert_eq!(merged, ["b0", "a1", "a3", "a3'", "b3", "b9"]);
    }

    #[test]
    fn an_error_ends_the_merge() {
        let merged: Vec<_> = ByOrder::new(vec![
            stream(vec![Ok((1, "a1")), Ok((5, "a5"))]),
            stream(vec![Ok((2, "b2")), Err(error("broken")), Ok((3, "b3"))]),
        ])
        .collect();
        let shown: Vec<String> = merged
            .iter()
            .map(|r| match r {
                Ok((_, s)) => s.to_string(),
                Err(e) => e.message.clone(),
            })
            .collect();
        // b2 was read before the error behind it; nothing comes after.
        assert_eq!(shown, ["a1", "b2", "broken"]);
    }
}
