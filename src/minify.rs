//! A theme's JavaScript, minified on the way out: comments and white space go, license
//! comments (`/*! … */`, `@license`) stay, and nothing is renamed, so a browser's error
//! message still names the theme's own functions.
//!
//! The script is parsed and printed again by oxc (a full ECMAScript parser). A token-level
//! minifier cannot know where a line break ends a statement: the `minifier` crate turned
//! `return⏎42` into `return 42`. When the parser finds an error the file is left as it is,
//! and the caller says so (see [`SyntaxError`]).

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, LegalComment};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Why a script was left as it is: the parser's first error.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Byte offset in the script, when the parser gave one.
    pub offset: Option<usize>,
    /// The parser's message (English).
    pub message: String,
}

/// `text` minified. A script with `import` or `export` is read as a module, any other as
/// a classic script (`SourceType::unambiguous`), as a browser would run it.
pub fn script(text: &str) -> Result<String, SyntaxError> {
    let alloc = Allocator::default();
    let parsed = Parser::new(&alloc, text, SourceType::unambiguous()).parse();
    if let Some(e) = parsed.errors.first() {
        return Err(SyntaxError {
            offset: e
                .labels
                .as_ref()
                .and_then(|l| l.first())
                .map(|l| l.offset()),
            message: e.message.to_string(),
        });
    }
    if parsed.panicked {
        return Err(SyntaxError {
            offset: None,
            message: "the parser stopped".into(),
        });
    }
    let options = CodegenOptions {
        legal_comments: LegalComment::Inline,
        ..CodegenOptions::minify()
    };
    Ok(Codegen::new()
        .with_options(options)
        .build(&parsed.program)
        .code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_white_space_go() {
        let src = "// a note\nfunction add(a, b) {\n  /* sum */\n  return a + b;\n}\n";
        let out = script(src).unwrap();
        assert!(!out.contains("note") && !out.contains("sum"), "{out}");
        assert!(!out.contains('\n') && !out.contains("  "), "{out}");
        assert!(out.contains("function add(a,b)"), "{out}");
    }

    #[test]
    fn a_line_break_that_ends_a_statement_still_ends_it() {
        // `return⏎42` returns undefined: 42 must not become the return value.
        let out = script("function f() {\n  return\n  42\n}\n").unwrap();
        assert!(!out.contains("return 42"), "{out}");
        // `a⏎++b` is `a; ++b`, not `a++ b`.
        let out = script("var a = 1, b = 2\na\n++b\n").unwrap();
        assert!(!out.contains("a++"), "{out}");
    }

    #[test]
    fn strings_regexes_and_templates_keep_their_text() {
        let src = "var s = 'a // b', r = /[/]\\/*x/g, t = `x  y\n  z ${1}`;\n";
        let out = script(src).unwrap();
        for kept in ["a // b", "/[/]\\/*x/g", "x  y\n  z ${"] {
            assert!(out.contains(kept), "{kept:?} lost: {out}");
        }
    }

    #[test]
    fn unicode_property_escapes_stay() {
        let out = script("var WORD = /[\\p{Alphabetic}\\p{N}]/u;\n").unwrap();
        assert!(out.contains("/[\\p{Alphabetic}\\p{N}]/u"), "{out}");
    }

    #[test]
    fn license_comments_stay() {
        let out = script("/*! (c) 2026 Example, MIT */\nvar a = 1;\n").unwrap();
        assert!(out.contains("(c) 2026 Example, MIT"), "{out}");
    }

    #[test]
    fn a_module_stays_a_module() {
        let out = script("import { a } from './a.js';\nexport const b = a + 1;\n").unwrap();
        assert!(out.contains("import") && out.contains("export"), "{out}");
    }

    #[test]
    fn a_syntax_error_says_where() {
        let src = "var ok = 1;\nvar broken = ;\n";
        let e = script(src).unwrap_err();
        let at = e.offset.expect("an offset");
        assert_eq!(&src[at..at + 1], ";", "{e:?}");
        assert!(!e.message.is_empty());
    }
}
