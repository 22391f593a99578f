//! Text that a file or an API call carries into pages, where people read it: it must show
//! what it is.
//!
//! Refused: control characters (general category Cc), format characters (Cf: the bidi
//! controls U+202A-202E and U+2066-2069, the marks U+200E/U+200F/U+061C, the zero-width
//! characters U+200B-200D and U+2060-2064, U+FEFF, the soft hyphen, ...), line and paragraph
//! separators (Zl, Zp) and the Hangul fillers, which render as nothing. `build-07\u{202e}gnp.exe`
//! would otherwise read "build-07exe.png", and a host name of only U+200B would count as a name.
//!
//! Names of people and organizations may keep the two joiners, U+200C (ZWNJ) and U+200D
//! (ZWJ): Persian, Indic scripts and emoji sequences need them ([`Joiners::Allowed`]).

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether the zero-width joiners U+200C and U+200D may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiners {
    /// Names written by people: scripts and emoji need them.
    Allowed,
    /// Host names, versions, file names, keys: nothing invisible at all.
    Refused,
}

/// Whether `c` is invisible or changes how the text around it is shown.
pub fn is_hidden(c: char, joiners: Joiners) -> bool {
    if joiners == Joiners::Allowed && matches!(c, '\u{200C}' | '\u{200D}') {
        return false;
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    ) || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

/// The first hidden character of `value`, if any (see the module's list).
pub fn first_hidden(value: &str, joiners: Joiners) -> Option<char> {
    value.chars().find(|&c| is_hidden(c, joiners))
}

/// Whether `value` shows nothing: empty, or only white space and joiners.
pub fn is_blank(value: &str) -> bool {
    value.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200C}' | '\u{200D}') || is_hidden(c, Joiners::Refused)
    })
}

/// A sentence naming the character: "an invisible or direction-changing character (U+202E)".
pub fn describe(c: char) -> String {
    format!(
        "an invisible or direction-changing character (U+{:04X})",
        u32::from(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_zero_width_and_format_characters_are_hidden() {
        for c in [
            '\u{202A}',
            '\u{202B}',
            '\u{202C}',
            '\u{202D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{200B}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{2028}',
            '\u{2029}',
            '\u{3164}',
            '\u{E0041}',
            '\t',
            '\0',
        ] {
            assert!(is_hidden(c, Joiners::Allowed), "U+{:04X}", u32::from(c));
        }
        assert_eq!(
            first_hidden("build-07\u{202e}gnp.exe", Joiners::Refused),
            Some('\u{202e}')
        );
        assert_eq!(
            first_hidden("a\u{200d}b", Joiners::Refused),
            Some('\u{200d}')
        );
        assert_eq!(first_hidden("a\u{200d}b", Joiners::Allowed), None);
    }

    #[test]
    fn ordinary_text_of_any_script_is_shown() {
        for s in [
            "build-agent-03",
            "Ubuntu 24.04 (x86_64)",
            "Zoë Ångström",
            "مرحبا",
            "東京",
            "👩‍💻",
        ] {
            assert_eq!(first_hidden(s, Joiners::Allowed), None, "{s}");
            assert!(!is_blank(s));
        }
        assert!(is_blank("\u{200b}"));
        assert!(is_blank(" \u{200d}\u{feff} "));
        assert_eq!(
            describe('\u{202e}'),
            "an invisible or direction-changing character (U+202E)"
        );
    }
}
