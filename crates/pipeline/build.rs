//! Sets `NEWSNER_CODE_DIGEST` (see `build/code_digest.rs`) for the run key.

#[path = "build/code_digest.rs"]
mod code_digest;

fn main() {
    let here = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let crates = code_digest::crates_from(&here);
    let root = here.parent().unwrap_or(&here);
    for dir in &crates {
        println!("cargo:rerun-if-changed={}", dir.join("src").display());
        println!(
            "cargo:rerun-if-changed={}",
            dir.join("Cargo.toml").display()
        );
    }
    let digest = code_digest::digest(root, &code_digest::files_of(&crates));
    println!("cargo:rustc-env=NEWSNER_CODE_DIGEST={digest}");
}
