//! The crate layout holds: the tagging stage, and so the Python package,
//! reach neither Parquet nor the report's template engine, and no crate of
//! the workspace depends on itself through others. Read from the
//! workspace's Cargo.toml files, normal dependencies only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

/// Package name -> names of its normal dependencies, for every member.
fn dependency_graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = workspace_root();
    let mut manifests: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("Cargo.toml"))
        .filter(|p| p.is_file())
        .collect();
    manifests.push(root.join("python/Cargo.toml"));
    manifests
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let manifest: toml::Table = text.parse().unwrap();
            let name = manifest["package"]["name"].as_str().unwrap().to_string();
            let deps = manifest
                .get("dependencies")
                .and_then(toml::Value::as_table)
                .map(|t| t.keys().cloned().collect())
                .unwrap_or_default();
            (name, deps)
        })
        .collect()
}

/// Everything `package` depends on, directly or through workspace crates.
fn reach(graph: &BTreeMap<String, BTreeSet<String>>, package: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![package.to_string()];
    while let Some(p) = todo.pop() {
        for dep in graph.get(&p).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                todo.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn the_tagging_stage_and_the_python_package_reach_no_parquet_or_template_engine() {
    let graph = dependency_graph();
    for package in ["newsner-pipeline", "newsner-python", "newsner-records"] {
        let reached = reach(&graph, package);
        for heavy in [
            "parquet",
            "minijinja",
            "newsner-output",
            "newsner-aggregate",
        ] {
            assert!(
                !reached.contains(heavy),
                "{package} depends on {heavy}: {reached:?}"
            );
        }
    }
    // The check can fail: the writer of the files does reach them.
    assert!(reach(&graph, "newsner-aggregate").contains("parquet"));
}

/// Each top-level module of a crate's `src/` -> the modules of the same
/// crate it names (`crate::name`).
fn module_imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut imports = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let (name, files) = if path.is_dir() {
            let files: Vec<PathBuf> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                files,
            )
        } else if path.extension().is_some_and(|x| x == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, vec![path])
        } else {
            continue;
        };
        let mut named = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (at, _) in text.match_indices("crate::") {
                let rest = &text[at + "crate::".len()..];
                let module: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !module.is_empty() && module != name {
                    named.insert(module);
                }
            }
        }
        // `name.rs` and the folder `name/` of its submodules are one module.
        imports
            .entry(name)
            .or_insert_with(BTreeSet::new)
            .extend(named);
    }
    imports
}

#[test]
fn no_two_modules_of_a_crate_import_each_other() {
    let root = workspace_root();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    sources.push(root.join("python/src"));
    let mut circles = Vec::new();
    for src in &sources {
        let imports = module_imports(src);
        for (a, named) in &imports {
            for b in named {
                if a < b && imports.get(b).is_some_and(|n| n.contains(a)) {
                    circles.push(format!("{}: {a} <-> {b}", src.display()));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules that import each other: {circles:#?}"
    );
}
