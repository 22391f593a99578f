//! `keyport-wasm-split IN.wasm PKG_DIR MAIN_OUT.wasm`: splits the frontend's WASM (linked with
//! `--emit-relocs`) at its `#[lazy]` functions, as cargo-leptos `--split` does, without
//! cargo-leptos (scripts/build.sh).
//!
//! Writes into PKG_DIR the split modules (`split_*.wasm`, `chunk_*.wasm`), the JavaScript that
//! loads them (`__wasm_split.______________________.js`, the name Leptos preloads), and
//! `split-manifest.json` (split name -> the modules it needs, chunks first), from which server
//! rendering adds `<link rel="preload">` for the chunks of the page it renders
//! (app/src/preload.rs: not Leptos' own `__wasm_split_manifest.json`, which it adds
//! unreliably). The main
//! module goes to MAIN_OUT.wasm, for wasm-bindgen. Prints the modules it wrote, one per line.
//!
//! The crate's own `wasm-split-cli` binary writes no manifest; this is the ~20 lines it lacks.
//! docs/wasm-split.md has the details.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

/// The link module's name as Leptos' `HydrationScripts` preloads it when files are not hashed
/// by cargo-leptos: 22 underscores, the length of the hash cargo-leptos would patch in.
const LINK_NAME: &str = "./__wasm_split.______________________.js";

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, pkg_dir, main_out] = &args[..] else {
        eprintln!("usage: keyport-wasm-split IN.wasm PKG_DIR MAIN_OUT.wasm");
        return ExitCode::from(2);
    };
    match split(input, pkg_dir, main_out) {
        Ok(modules) => {
            for module in modules {
                println!("{}", module.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("keyport-wasm-split: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn split(
    input: &Path,
    pkg_dir: &Path,
    main_out: &Path,
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = pkg_dir;
    options.main_out_path = main_out;
    // wasm-bindgen's `--out-name keyport`; the link module imports `initSync` from it.
    options.main_module = "./keyport.js";
    options.link_name = LINK_NAME;
    let out = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:?}"))?;
    // Sorted by split name, so the same build writes the same file.
    let manifest: std::collections::BTreeMap<_, _> = out.prefetch_map.into_iter().collect();
    let path = pkg_dir.join("split-manifest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&manifest)?)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(out.split_modules)
}
