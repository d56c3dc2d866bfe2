use newsner_assets::{LabelScheme, LabelsSection};

/// The model's labels (`id2label` of config.json) as decoding reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSet {
    /// Label names in output-column order, rewritten to B-/I- form.
    names: Vec<String>,
    /// Whether a B- on a word piece continuing the same type means I-.
    pub b_on_every_piece: bool,
}

impl LabelSet {
    /// `id2label` is in column order. BIOES/BILOU prefixes become B-/I-
    /// (S-/U- start a one-token entity, E-/L- continue one), so that grouping
    /// needs to know only B- and I-.
    pub fn new(id2label: Vec<String>, section: &LabelsSection) -> Self {
        let names = id2label
            .into_iter()
            .map(|name| match section.scheme {
                LabelScheme::Bioes => rewrite_bioes(&name),
                LabelScheme::Bio | LabelScheme::Iob1 => name,
            })
            .collect();
        LabelSet {
            names,
            b_on_every_piece: section.b_on_every_piece,
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn name(&self, column: usize) -> &str {
        &self.names[column]
    }
}

fn rewrite_bioes(name: &str) -> String {
    for (from, to) in [("S-", "B-"), ("U-", "B-"), ("E-", "I-"), ("L-", "I-")] {
        if let Some(tag) = name.strip_prefix(from) {
            return format!("{to}{tag}");
        }
    }
    name.to_string()
}

/// transformers' `get_tag`: `(is_begin, type)`; names without a B-/I-
/// prefix (like `O`) continue with their whole name as type. The one
/// reading of tag prefixes in newsner (decoding, mention types, gold data).
pub fn split_tag(name: &str) -> (bool, &str) {
    if let Some(tag) = name.strip_prefix("B-") {
        (true, tag)
    } else if let Some(tag) = name.strip_prefix("I-") {
        (false, tag)
    } else {
        (false, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bioes_is_read_as_bio() {
        let section = LabelsSection {
            scheme: LabelScheme::Bioes,
            ..Default::default()
        };
        let set = LabelSet::new(
            ["O", "B-PER", "I-PER", "E-PER", "S-PER"]
                .map(String::from)
                .to_vec(),
            &section,
        );
        assert_eq!(set.name(3), "I-PER");
        assert_eq!(set.name(4), "B-PER");
        assert_eq!(set.name(0), "O");
    }

    #[test]
    fn tags_split_like_transformers() {
        assert_eq!(split_tag("B-ORG"), (true, "ORG"));
        assert_eq!(split_tag("I-ORG"), (false, "ORG"));
        assert_eq!(split_tag("O"), (false, "O"));
        assert_eq!(split_tag("PER"), (false, "PER"));
    }
}
