//! Checking branding input: hex colours, WCAG AA contrast, lengths, email and URL shapes.

use crate::{FieldError, Result, ServiceError};

/// WCAG AA minimum contrast for normal text.
pub const AA_TEXT: f64 = 4.5;

/// `#rrggbb` (or `#rgb`), lower-cased and expanded; None when it is not a hex colour.
pub fn hex_colour(s: &str) -> Option<String> {
    let h = s.trim().strip_prefix('#')?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let full = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 => h.to_owned(),
        _ => return None,
    };
    Some(format!("#{}", full.to_ascii_lowercase()))
}

fn channel(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0);
    0.2126 * channel(byte(0)) + 0.7152 * channel(byte(2)) + 0.0722 * channel(byte(4))
}

/// The WCAG contrast ratio of two `#rrggbb` colours (1.0 to 21.0).
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Collects field errors, then fails with all of them at once.
#[derive(Default)]
pub(crate) struct Errors(Vec<FieldError>);

impl Errors {
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub(crate) fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(self.0))
        }
    }
}

/// The lightest surfaces a brand colour meets: white (button text, cards) and the page
/// background (links).
const SURFACES: [&str; 2] = ["#ffffff", "#f8fafc"];

/// A colour that white text (buttons) and the page background (links) must be readable on.
pub(crate) fn colour(errors: &mut Errors, field: &str, label: &str, v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    let Some(hex) = hex_colour(v) else {
        errors.add(field, format!("{label} must be a hex colour like #1d4ed8."));
        return None;
    };
    let ratio = SURFACES
        .iter()
        .map(|s| contrast_ratio(&hex, s))
        .fold(f64::INFINITY, f64::min);
    if ratio < AA_TEXT {
        errors.add(
            field,
            format!(
                "{label} {hex} has a contrast ratio of {ratio:.2}:1 with white text and the page background; WCAG AA needs at least 4.5:1. Choose a darker colour."
            ),
        );
        return None;
    }
    Some(hex)
}

/// Optional text of at most `max` characters, without control characters except newlines.
pub(crate) fn text(errors: &mut Errors, field: &str, v: &str, max: usize) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    if v.chars().count() > max {
        errors.add(field, format!("Use at most {max} characters."));
        return None;
    }
    if let Some(m) = crate::domain::hidden_text(v, crate::domain::Joiners::Allowed, true) {
        errors.add(field, m);
        return None;
    }
    Some(
        v.chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .collect(),
    )
}

pub(crate) fn email(errors: &mut Errors, v: &str) -> Option<String> {
    let v = text(errors, "support_email", v, 320)?;
    let ok = v
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !v.contains(char::is_whitespace));
    if !ok {
        errors.add(
            "support_email",
            "Enter an email address like help@example.com.",
        );
        return None;
    }
    Some(v)
}

pub(crate) fn url(errors: &mut Errors, v: &str) -> Option<String> {
    let v = text(errors, "support_url", v, 500)?;
    let ok = (v.starts_with("https://") || v.starts_with("http://"))
        && !v.contains(char::is_whitespace)
        && !v.contains(['"', '<', '>']);
    if !ok {
        errors.add("support_url", "Enter a web address starting with https://.");
        return None;
    }
    Some(v)
}
