//! The timeline of job figures: one row per company, one point per figure
//! at its document's publication date, linked to the document.

use super::view::status_text;
use newsner_records::Figure;
use serde::Serialize;
use std::collections::BTreeMap;

/// Companies shown (those with most dated figures).
const ROWS: usize = 8;
/// Points drawn at most (the first figures in reading order): the report's
/// size must not grow with the corpus.
const MAX_POINTS: usize = 2_000;
const LEFT: f64 = 170.0;
const WIDTH: f64 = 700.0;
const ROW_HEIGHT: usize = 28;

#[derive(Serialize)]
pub(crate) struct Point {
    x: f64,
    y: usize,
    color: &'static str,
    label: String,
    anchor: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Timeline {
    companies: Vec<(String, usize)>,
    points: Vec<Point>,
    first: String,
    last: String,
    /// Year (or, within a year, month) marks: x and label.
    ticks: Vec<(f64, String)>,
    height: usize,
    /// Figures left out for want of a date.
    undated: usize,
}

fn kind_color(kind: &str) -> &'static str {
    match kind {
        "cut" => "#d1495b",
        "hire" => "#2a9d8f",
        "workforce" => "#457b9d",
        _ => "#8d99ae",
    }
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`).
fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `None` when no figure of a company has a dated document.
pub(crate) fn build(
    figures: &[Figure],
    published: &BTreeMap<String, String>,
    anchors: &BTreeMap<&str, String>,
    value_text: impl Fn(&Figure) -> String,
) -> Option<Timeline> {
    let dated: Vec<(&Figure, &str, &String, i64)> = figures
        .iter()
        .filter_map(|f| {
            let company = f.entity.as_ref().or(f.org.as_ref())?;
            let date = published.get(&f.doc)?;
            Some((f, date.as_str(), company, day_number(date)?))
        })
        .collect();
    let with_company = figures
        .iter()
        .filter(|f| f.entity.is_some() || f.org.is_some())
        .count();
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for (_, _, company, _) in &dated {
        *counts.entry(company).or_default() += 1;
    }
    let mut companies: Vec<(String, usize)> =
        counts.into_iter().map(|(c, n)| (c.clone(), n)).collect();
    companies.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    companies.truncate(ROWS);
    if companies.is_empty() {
        return None;
    }
    let shown: Vec<_> = dated
        .iter()
        .filter(|(_, _, c, _)| companies.iter().any(|(name, _)| name == *c))
        .take(MAX_POINTS)
        .collect();
    let first = shown.iter().map(|p| p.3).min()?;
    let last = shown.iter().map(|p| p.3).max()?;
    let span = (last - first).max(1) as f64;
    let points = shown
        .iter()
        .map(|(f, date, company, day)| {
            let row = companies
                .iter()
                .position(|(name, _)| name == *company)
                .unwrap_or(0);
            Point {
                x: LEFT + (*day - first) as f64 / span * WIDTH,
                y: row * ROW_HEIGHT + ROW_HEIGHT / 2,
                color: kind_color(f.kind.as_str()),
                label: format!(
                    "{company}: {} {} {}, {} ({date}, {})",
                    f.kind.as_str(),
                    value_text(f),
                    f.unit.as_str(),
                    status_text(f.status.as_str(), f.source.as_deref(), f.derived),
                    f.doc
                ),
                anchor: anchors.get(f.doc.as_str()).cloned(),
            }
        })
        .collect();
    let date_of = |day: i64| {
        shown
            .iter()
            .find(|p| p.3 == day)
            .map(|p| p.1.to_string())
            .unwrap_or_default()
    };
    let x_of = |day: i64| LEFT + (day - first) as f64 / span * WIDTH;
    Some(Timeline {
        ticks: ticks(first, last)
            .into_iter()
            .map(|(day, label)| (x_of(day), label))
            .collect(),
        height: companies.len() * ROW_HEIGHT,
        companies,
        points,
        first: date_of(first),
        last: date_of(last),
        undated: with_company - dated.len(),
    })
}

/// Marks between two days: each 1 January over spans of more than about
/// a year, else each first of a month.
fn ticks(first: i64, last: i64) -> Vec<(i64, String)> {
    let year_of = |day: i64| {
        (1970 + day.div_euclid(365) - 1..=1970 + day.div_euclid(365) + 1)
            .rev()
            .find(|y| day_number(&format!("{y:04}-01-01")).is_some_and(|d| d <= day))
            .unwrap_or(1970)
    };
    let (y0, y1) = (year_of(first), year_of(last));
    let mut marks = Vec::new();
    for y in y0..=y1 {
        for m in 1..=12 {
            if last - first > 400 && m > 1 {
                break;
            }
            let Some(day) = day_number(&format!("{y:04}-{m:02}-01")) else {
                continue;
            };
            if day > first && day < last {
                let label = if last - first > 400 {
                    y.to_string()
                } else {
                    format!("{y:04}-{m:02}")
                };
                marks.push((day, label));
            }
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsner_records::{Kind, Unit};

    fn figure(doc: &str, company: Option<&str>, kind: Kind) -> Figure {
        Figure {
            doc: doc.into(),
            org: company.map(String::from),
            entity: company.map(String::from),
            value: 14_000,
            value_max: None,
            approx: false,
            kind,
            unit: Unit::Jobs,
            status: newsner_records::Status::Confirmed,
            source: None,
            derived: false,
            qualifier: None,
            text: "14.000 Stellen".into(),
            start: 0,
            end: 14,
            sentence: "Amazon streicht 14.000 Stellen.".into(),
        }
    }

    #[test]
    fn points_per_company_at_their_dates_linked_to_their_documents() {
        let figures = vec![
            figure("a", Some("Amazon"), Kind::Cut),
            figure("b", Some("Amazon"), Kind::Workforce),
            figure("c", Some("Meta"), Kind::Cut),
            figure("undated", Some("Meta"), Kind::Cut),
            figure("a", None, Kind::Cut),
        ];
        let published = BTreeMap::from([
            ("a".to_string(), "2024-04-03".to_string()),
            ("b".to_string(), "2025-10-28".to_string()),
            ("c".to_string(), "2025-10-23".to_string()),
        ]);
        let anchors = BTreeMap::from([("a", "d0".to_string())]);
        let t = build(&figures, &published, &anchors, |f| f.value.to_string()).unwrap();
        assert_eq!(
            t.companies,
            [("Amazon".to_string(), 2), ("Meta".to_string(), 1)]
        );
        assert_eq!(t.points.len(), 3);
        assert_eq!(
            (t.first.as_str(), t.last.as_str()),
            ("2024-04-03", "2025-10-28")
        );
        assert_eq!(t.undated, 1);
        assert_eq!(t.points[0].anchor.as_deref(), Some("d0"));
        assert_eq!(t.points[0].x, LEFT);
        assert_eq!(t.points[1].x, LEFT + WIDTH);
        assert!(t.points[2].y > t.points[0].y, "Meta on the second row");
        assert!(build(&figures[4..], &published, &anchors, |_| String::new()).is_none());
    }

    #[test]
    fn year_marks_over_long_spans_month_marks_within_a_year() {
        let day = |d: &str| day_number(d).unwrap();
        let years: Vec<String> = ticks(day("2023-04-27"), day("2025-11-03"))
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(years, ["2024", "2025"]);
        let months: Vec<String> = ticks(day("2025-08-15"), day("2025-11-03"))
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(months, ["2025-09", "2025-10", "2025-11"]);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2025-10-28").unwrap() - day_number("2025-10-01").unwrap(),
            27
        );
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("soon"), None);
    }
}
