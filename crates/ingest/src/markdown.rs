//! Markdown as pages copied into text files carry it: links become their
//! words, heading marks go, and lines that are nothing but links (menus,
//! breadcrumbs, tag lists, share buttons) are no article text.

/// The line as a reader reads it, or `None` for a line of links only.
pub(crate) fn readable_line(line: &str) -> Option<String> {
    if !line.contains("](") && !line.trim_start().starts_with('#') {
        return Some(line.to_string());
    }
    let mut out = String::with_capacity(line.len());
    let mut link_words = 0usize;
    let mut links = 0usize;
    // "## Heading" (marks, then a space); "#hashtag" is text.
    let trimmed = line.trim_start();
    let marks = trimmed.len() - trimmed.trim_start_matches('#').len();
    let mut rest = match trimmed[marks..].strip_prefix(' ') {
        Some(heading) if marks > 0 => heading.trim_start(),
        _ => line,
    };
    // Each "](" closes the label opened by the last '[' before it:
    // "Er nannte [sic] laut [Reuters](…)" links only "Reuters".
    while let Some(close) = rest.find("](") {
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        let Some(open) = rest[..close].rfind('[') else {
            // The label of "[![Logo](a.png)](https://…)" was its image: a
            // link without words.
            if out.ends_with('[') {
                out.pop();
                links += 1;
                rest = &rest[end + 1..];
                continue;
            }
            break;
        };
        let image = open > 0 && rest.as_bytes()[open - 1] == b'!';
        out.push_str(&rest[..if image { open - 1 } else { open }]);
        if !image {
            let label = &rest[open + 1..close];
            link_words += label.split_whitespace().count();
            links += 1;
            out.push_str(label);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    let words = out.split_whitespace().count();
    // "* [News](…)", "[Amazon](…) [AWS](…)", "Teilen: [LinkedIn](…) [X](…)"
    let other = words.saturating_sub(link_words);
    // ... and breadcrumbs, links between spaced separators:
    // "[Startseite](…) › [Cloud](…) › Title" (not »quotes« in a sentence).
    let separators: usize = [" › ", " » ", " > ", " / "]
        .iter()
        .map(|sep| out.matches(sep).count())
        .sum();
    let breadcrumb = separators >= 2 && links >= 2;
    if link_words > 0 && (other <= 1 || breadcrumb) {
        return None;
    }
    Some(out)
}

/// The text of a Markdown page's first level-one heading ("# Title").
pub(crate) fn h1_title(text: &str) -> Option<String> {
    let heading = text.lines().find(|l| l.starts_with("# "))?;
    let title = readable_line(heading)?.trim().to_string();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_words_and_link_lists_go() {
        assert_eq!(readable_line("* [News](https://x.de/news/)"), None);
        assert_eq!(
            readable_line("[Amazon](https://x/a) [AWS](https://x/b)"),
            None
        );
        assert_eq!(
            readable_line("Teilen: [LinkedIn](https://l) [X](https://x)"),
            None
        );
        assert_eq!(
            readable_line("[Start](https://x/) › [Cloud](https://x/c) › Amazon streicht"),
            None
        );
        assert_eq!(
            readable_line("## KI als Treiber").as_deref(),
            Some("KI als Treiber")
        );
        assert_eq!(
            readable_line("Laut [Reuters](https://r) baut Amazon ab.").as_deref(),
            Some("Laut Reuters baut Amazon ab.")
        );
        assert_eq!(
            readable_line("#hashtag am Anfang").as_deref(),
            Some("#hashtag am Anfang")
        );
        assert_eq!(
            readable_line("Kein Link hier").as_deref(),
            Some("Kein Link hier")
        );
    }
}
