//! `latest.json`, the plot, and the table printed for BENCHMARKS.md.

use crate::paths::Results;
use crate::Args;
use anyhow::{Context, Result};
use plotters::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

const ORDER: [(&str, &str); 8] = [
    ("ceiling", "ONNX Runtime alone (ceiling)"),
    ("newsner", "newsner"),
    ("python_api", "newsner from Python (Tagger.tag)"),
    ("spark_local2", "newsner on Spark, local[2]"),
    ("python_best_effort", "Python, best effort"),
    (
        "python_standard_export",
        "Python, best effort, standard export (quantize_dynamic)",
    ),
    ("python_hf_style", "Python, HF style (batch 1)"),
    ("transformers_pipeline", "transformers pipeline (PyTorch)"),
];

/// The paths this run measured, in display order.
fn measured(r: &Results) -> Vec<(&'static str, &'static str)> {
    ORDER
        .iter()
        .copied()
        .filter(|(k, _)| r.paths.contains_key(k))
        .collect()
}

/// newsner's speed against each other path (tokens/s over tokens/s).
fn ratios(r: &Results) -> serde_json::Value {
    let tps = |k: &str| r.paths[k].tokens_per_s;
    let mut ratios = json!({
        "vs_ceiling": tps("newsner") / tps("ceiling"),
        "vs_hf_style": tps("newsner") / tps("python_hf_style"),
        "vs_best_python": tps("newsner") / tps("python_best_effort"),
    });
    // The yardstick: the same script on the graph a user would
    // export themselves.
    if r.paths.contains_key("python_standard_export") {
        ratios["vs_python_standard_export"] = json!(tps("newsner") / tps("python_standard_export"));
    }
    if r.paths.contains_key("transformers_pipeline") {
        ratios["vs_transformers"] = json!(tps("newsner") / tps("transformers_pipeline"));
    }
    // newsner's own other entry points, against its CLI (>= 0.8 expected).
    for (key, name) in [
        ("python_api", "python_api_vs_cli"),
        ("spark_local2", "spark_vs_cli"),
    ] {
        if r.paths.contains_key(key) {
            ratios[name] = json!(tps(key) / tps("newsner"));
        }
    }
    ratios
}

/// Whether the paths found the same entities as the ceiling.
struct Agreement {
    /// Per path: entities found by it or by the ceiling, not by both.
    differences: serde_json::Map<String, serde_json::Value>,
    /// Shared entities over all of them, per path.
    overlap: BTreeMap<&'static str, f64>,
    agree: bool,
}

fn agreement(r: &Results) -> Agreement {
    let reference = &r.paths["ceiling"].entities;
    let differences: serde_json::Map<String, serde_json::Value> = r
        .paths
        .iter()
        .map(|(name, p)| {
            (
                name.to_string(),
                json!(p.entities.symmetric_difference(reference).count()),
            )
        })
        .collect();
    let overlap: BTreeMap<&'static str, f64> = r
        .paths
        .iter()
        .map(|(name, p)| {
            let union = p.entities.union(reference).count();
            let shared = if union == 0 {
                1.0
            } else {
                p.entities.intersection(reference).count() as f64 / union as f64
            };
            (*name, shared)
        })
        .collect();
    // The paths that feed the model the same batches must agree exactly.
    // Batch size 1 may differ where activations are quantized per batch
    // (dynamic int8): there, at least 99 % of entities must be shared.
    // transformers' own pipeline (optional) cuts its own windows and runs
    // float weights, the standard export (optional) quantizes its weights
    // otherwise: compared by overlap only.
    let same_batches = [
        "newsner",
        "python_best_effort",
        "python_api",
        "spark_local2",
    ]
    .iter()
    .filter(|k| differences.contains_key(**k))
    .all(|k| differences[*k].as_u64() == Some(0));
    let agree = same_batches && overlap.get("python_hf_style").copied().unwrap_or(0.0) >= 0.99;
    Agreement {
        differences,
        overlap,
        agree,
    }
}

/// Tokens/s of the best sweep setting over one session on one thread.
fn scaling(r: &Results) -> Option<f64> {
    let one = r
        .sweep
        .iter()
        .find(|s| s.sessions == 1 && s.intra_threads == 1)
        .map(|s| s.tokens_per_s)?;
    let best = r.sweep.iter().map(|s| s.tokens_per_s).reduce(f64::max)?;
    Some(best / one)
}

pub fn write(args: &Args, r: &Results) -> Result<()> {
    let agreement = agreement(r);
    let hf_overlap = agreement
        .overlap
        .get("python_hf_style")
        .copied()
        .unwrap_or(0.0);
    let report = json!({
        "command": std::env::args().collect::<Vec<_>>().join(" "),
        "machine": machine(),
        "model": r.model,
        "documents": r.docs,
        "tokens": r.real_tokens,
        "settings": {"batch_tokens": r.options.batch_tokens, "lookahead": r.options.lookahead, "sessions": r.options.sessions, "intra_threads": r.options.intra_threads, "max_length": r.options.max_length, "stride": r.options.stride, "aggregation": r.options.aggregation.as_str()},
        "paths": r.paths,
        "ratios": ratios(r),
        "padding_share": r.paths["newsner"].padding_share,
        "agree": agreement.agree,
        "entity_differences_vs_ceiling": agreement.differences,
        "hf_style_entity_overlap": hf_overlap,
        "transformers_entity_overlap": agreement.overlap.get("transformers_pipeline"),
        "standard_export_entity_overlap": agreement.overlap.get("python_standard_export"),
        "standard_export_graph": args.standard_export,
        "sweep": r.sweep,
        "figures_share_of_newsner_time": r.figures_share,
        "ingest_share_of_newsner_time": r.ingest_share,
        "scaling_two_vs_one_thread": scaling(r),
        "peak_rss_mb_half_vs_all": r.rss_half_all.map(|(h, a)| json!({"half": h, "all": a})),
        "graph_profile": r.graph_profile,
    });
    std::fs::create_dir_all(&args.out)?;
    let path = args.out.join("latest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    plot(&args.out.join("latest.svg"), r).context("cannot draw the plot")?;
    print_table(r, &report, agreement.agree, hf_overlap)?;
    println!("wrote {} and latest.svg", path.display());
    Ok(())
}

/// The results as the terminal shows them.
fn print_table(
    r: &Results,
    report: &serde_json::Value,
    agree: bool,
    hf_overlap: f64,
) -> Result<()> {
    println!("| path | tokens/s | docs/s | padding | peak RSS MB | entities |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (key, label) in measured(r) {
        let p = &r.paths[key];
        let rss = p.peak_rss_mb.map_or("–".to_string(), |m| format!("{m:.0}"));
        let padding = p
            .padding_share
            .map_or("–".to_string(), |s| format!("{:.1} %", s * 100.0));
        println!(
            "| {label} | {:.0} | {:.1} | {padding} | {rss} | {} |",
            p.tokens_per_s, p.docs_per_s, p.entity_count
        );
    }
    println!(
        "\nratios: {}  agree: {agree} (entities differing from the ceiling: {}; batch-1 overlap {:.4})",
        serde_json::to_string(&report["ratios"])?,
        serde_json::to_string(&report["entity_differences_vs_ceiling"])?,
        hf_overlap
    );
    if let Some(g) = &r.graph_profile {
        print_profile(g);
    }
    if let Some(s) = report["scaling_two_vs_one_thread"].as_f64() {
        println!("2 threads vs 1 thread: {s:.2}x");
    }
    for s in &r.sweep {
        println!("sweep: budget {:>5}, {} session(s) x {} intra, {} tokenize: {:.0} tokens/s, {:.1} % padding", s.batch_tokens, s.sessions, s.intra_threads, s.tokenize_threads, s.tokens_per_s, s.padding_share * 100.0);
    }
    if let Some((h, a)) = r.rss_half_all {
        println!("peak RSS: {h:.0} MB on half the corpus, {a:.0} MB on all of it");
    }
    println!(
        "job figures stage: {:.2} % of newsner's run time",
        r.figures_share * 100.0
    );
    println!(
        "ingest (reading, article extraction, cleaning, metadata): {:.2} % of newsner's run time",
        r.ingest_share * 100.0
    );
    Ok(())
}

fn machine() -> serde_json::Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("model name"))
            .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
    });
    // int8 speed (and, for 8-bit weights, int8 results) depend on it.
    let flags = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let int8_isa = if flags.contains(" avx512_vnni") {
        "avx512_vnni"
    } else if flags.contains(" avx_vnni") {
        "avx_vnni"
    } else if flags.contains(" avx2") {
        "avx2"
    } else {
        "other"
    };
    json!({"cpu": cpu, "int8_isa": int8_isa, "cores": std::thread::available_parallelism().map_or(1, |n| n.get())})
}

fn plot(path: &Path, r: &Results) -> Result<()> {
    let root = SVGBackend::new(path, (760, 380)).into_drawing_area();
    root.fill(&WHITE)?;
    let order = measured(r);
    let max = order
        .iter()
        .map(|(k, _)| r.paths[k].tokens_per_s)
        .fold(0.0f64, f64::max)
        * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{}: tokens per second, {} documents", r.model, r.docs),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d(0.0..max, (0..order.len()).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => {
                order.get(*i).map_or(String::new(), |(_, l)| l.to_string())
            }
            _ => String::new(),
        })
        .x_desc("tokens/s")
        .draw()?;
    chart.draw_series(order.iter().enumerate().map(|(i, (k, _))| {
        let color = if *k == "newsner" {
            RGBColor(200, 80, 40)
        } else {
            RGBColor(90, 110, 160)
        };
        Rectangle::new(
            [
                (0.0, SegmentValue::Exact(i)),
                (r.paths[k].tokens_per_s, SegmentValue::Exact(i + 1)),
            ],
            color.filled(),
        )
    }))?;
    root.present()?;
    Ok(())
}

/// MFU and the operators that take the graph's time.
fn print_profile(g: &serde_json::Value) {
    let flops = g["flops_per_token"]["total"].as_f64().unwrap_or(0.0);
    let peak = g["int8_gemm_peak_ops_per_s"].as_f64().unwrap_or(0.0);
    println!(
        "MFU {:.1} %: {:.1} MFLOP per token x tokens/s over ONNX Runtime's int8 GEMM peak {:.0} GOP/s ({}, {} threads)",
        g["mfu"].as_f64().unwrap_or(0.0) * 100.0,
        flops / 1e6,
        peak / 1e9,
        g["isa"].as_str().unwrap_or("?"),
        g["threads"]
    );
    if let Some(ops) = g["profile"]["share_by_operator"].as_object() {
        let top: Vec<String> = ops
            .iter()
            .take(8)
            .map(|(op, share)| format!("{op} {:.1} %", share.as_f64().unwrap_or(0.0) * 100.0))
            .collect();
        println!("graph time by operator: {}", top.join(", "));
    }
}
