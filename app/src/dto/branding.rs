//! Portal branding as pages show it.

use serde::{Deserialize, Serialize};

/// One version of the branding; None = Keyport's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    /// Portal name.
    pub portal_name: Option<String>,
    /// Primary colour `#rrggbb` (validated).
    pub primary: Option<String>,
    /// Accent colour `#rrggbb` (validated).
    pub accent: Option<String>,
    /// Support email.
    pub support_email: Option<String>,
    /// Support web address.
    pub support_url: Option<String>,
    /// Text on the sign-in page.
    pub login_text: Option<String>,
    /// Where the logo is served (`/branding/logo/{sha256}`), None without a logo.
    pub logo_url: Option<String>,
    /// The logo's size in bytes, for the branding page.
    pub logo_size: Option<i64>,
    /// The vendor account's name: the portal's name where no portal name is set.
    pub account_name: Option<String>,
}

impl Branding {
    /// The name the portal goes by in titles and file names: its portal name, else the vendor
    /// account's name, else Keyport's (a host that belongs to no vendor).
    pub fn site_name(&self) -> &str {
        self.portal_name
            .as_deref()
            .or(self.account_name.as_deref())
            .unwrap_or("Keyport")
    }

    /// The `:root` custom properties, or None for Keyport's default colours. Only validated
    /// hex colours get here, and they are checked again: nothing else can reach the CSS.
    pub fn css(&self) -> Option<String> {
        let ok = |c: &Option<String>| {
            c.clone().filter(|c| {
                c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
            })
        };
        let mut vars = String::new();
        if let Some(p) = ok(&self.primary) {
            vars.push_str(&format!("--kp-primary:{p};"));
        }
        if let Some(a) = ok(&self.accent) {
            vars.push_str(&format!("--kp-accent:{a};"));
        }
        (!vars.is_empty()).then(|| format!(":root{{{vars}}}"))
    }
}

/// The branding page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandingSettings {
    /// Vendor admin (may edit); support only reads.
    pub can_edit: bool,
    /// What staff edit and preview.
    pub draft: Branding,
    /// What customers see.
    pub published: Branding,
    /// The draft differs from the published version.
    pub unpublished_changes: bool,
    /// Changes on every save (reloads the preview).
    pub version: i64,
}

/// Whether customers may use the portal (the page's branding comes from `get_branding`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalAvailability {
    /// The vendor has the portal enabled.
    pub available: bool,
    /// The vendor account's name (the portal name when the branding sets none).
    pub account_name: String,
}
