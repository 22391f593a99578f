//! `<link rel="preload">` for the WASM modules of the page being rendered (ssr only).
//!
//! Leptos 0.8 adds these links itself from `__wasm_split_manifest.json`, but it looks the
//! manifest up in the reactive context of whichever owner the worker thread ran last
//! (`leptos_integration_utils` 0.8.9, `from_app`, outside `owner.with`), so about one page in
//! three came without them and its route modules loaded one after the other once the main
//! module ran. Here each lazy route adds its own links while it renders, under its own owner,
//! from a manifest the server reads once at start-up and which has a name Leptos does not look
//! for (so the two never add the same links twice).

use leptos::prelude::*;
use leptos_meta::Link;
use std::collections::HashMap;

/// Which modules each lazy group needs, as addresses under the build's `pkg` directory.
#[derive(Debug, Default)]
pub struct SplitModules {
    /// Group name (`dashboard_pages`) -> module addresses, shared chunks first.
    by_group: HashMap<String, Vec<String>>,
    /// The JavaScript that loads the modules.
    loader: String,
}

impl SplitModules {
    /// The manifest's name in a build's directory (`tools/wasm-split` writes it).
    pub const FILE: &'static str = "split-manifest.json";
    /// The loader's name in a build's directory (`tools/wasm-split` writes it).
    const LOADER: &'static str = "__wasm_split.______________________.js";

    /// Reads `<site_root>/<pkg_dir>/split-manifest.json`. No file is no modules (a server
    /// without a built bundle, or a build without lazy routes); a file that is not a manifest
    /// is an error, since its pages would load their modules one by one.
    pub fn load(site_root: &str, pkg_dir: &str) -> Result<Self, String> {
        let path = std::path::Path::new(site_root)
            .join(pkg_dir)
            .join(Self::FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let splits: HashMap<String, Vec<String>> = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a split manifest ({e}): build again with scripts/build.sh.",
                path.display()
            )
        })?;
        let by_group = splits
            .into_iter()
            .map(|(split, modules)| {
                let hrefs = modules
                    .iter()
                    .map(|m| format!("/{pkg_dir}/{m}.wasm"))
                    .collect();
                (group_of(&split).to_owned(), hrefs)
            })
            .collect();
        Ok(Self {
            by_group,
            loader: format!("/{pkg_dir}/{}", Self::LOADER),
        })
    }

    /// The module addresses of `group`, if it was split.
    pub fn modules(&self, group: &str) -> Option<&[String]> {
        self.by_group.get(group).map(Vec::as_slice)
    }
}

/// `__dashboard_pages_2519222109135984082` -> `dashboard_pages`: the splitter names a split
/// after the `#[lazy]` function, with a hash of its path.
fn group_of(split: &str) -> &str {
    let name = split.trim_start_matches('_');
    match name.rsplit_once('_') {
        Some((group, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()) => {
            group
        }
        _ => name,
    }
}

/// Adds the preload links of `group`'s modules to the page's `<head>`. Called by a lazy route
/// while the server renders it.
pub fn group(group: &str) {
    let Some(state) = use_context::<crate::state::AppState>() else {
        return;
    };
    let Some(modules) = state.split_modules.modules(group) else {
        return;
    };
    // `to_html` on a `leptos_meta` element registers it with the page's `<head>`. The
    // credentials mode (`anonymous`: same-origin) is the one the loader's `fetch` and
    // `import` use, so the browser reuses what it preloaded.
    for href in modules {
        let _ = view! {
            <Link rel="preload" href=href.clone() as_="fetch" type_="application/wasm" crossorigin="anonymous" />
        }
        .to_html();
    }
    let _ = view! {
        <Link rel="modulepreload" href=state.split_modules.loader.clone() crossorigin="anonymous" />
    }
    .to_html();
}

#[cfg(test)]
mod tests {
    use super::{SplitModules, group_of};

    /// A fresh `<site_root>/pkg/b1` for one test, removed at the end.
    struct Site(std::path::PathBuf);

    impl Site {
        fn new(name: &str) -> Self {
            let root =
                std::env::temp_dir().join(format!("keyport-preload-{name}-{}", std::process::id()));
            std::fs::create_dir_all(root.join("pkg/b1")).unwrap();
            Self(root)
        }

        fn root(&self) -> &str {
            self.0.to_str().unwrap()
        }

        fn manifest(&self, text: &str) {
            std::fs::write(self.0.join("pkg/b1").join(SplitModules::FILE), text).unwrap();
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn reads_the_modules_of_each_group_as_addresses_of_the_build() {
        let site = Site::new("ok");
        site.manifest(
            r#"{"__org_pages_42": ["chunk_3", "split_org_pages_42"], "dashboard_pages_7": []}"#,
        );
        let modules = SplitModules::load(site.root(), "pkg/b1").unwrap();
        assert_eq!(
            modules.modules("org_pages").unwrap(),
            ["/pkg/b1/chunk_3.wasm", "/pkg/b1/split_org_pages_42.wasm"]
        );
        assert_eq!(
            modules.modules("dashboard_pages").unwrap(),
            [] as [String; 0]
        );
        assert!(modules.modules("vendor_pages").is_none());
        assert_eq!(
            modules.loader,
            "/pkg/b1/__wasm_split.______________________.js"
        );
    }

    #[test]
    fn no_manifest_is_no_modules_and_a_broken_one_is_an_error() {
        let site = Site::new("broken");
        assert!(
            SplitModules::load(site.root(), "pkg/b1")
                .unwrap()
                .modules("org_pages")
                .is_none()
        );
        site.manifest("{not json");
        let error = SplitModules::load(site.root(), "pkg/b1").unwrap_err();
        assert!(
            error.contains("split-manifest.json is not a split manifest"),
            "{error}"
        );
        assert!(error.contains("scripts/build.sh"), "{error}");
    }

    #[test]
    fn names_a_split_after_its_group() {
        assert_eq!(
            group_of("__dashboard_pages_2519222109135984082"),
            "dashboard_pages"
        );
        assert_eq!(group_of("__org_pages_1"), "org_pages");
        assert_eq!(group_of("plain"), "plain");
    }
}
