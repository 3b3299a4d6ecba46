//! The YAML of `pac pages download` files: a parse tree that keeps each scalar's text, whether
//! it was quoted, and its line (the typed readers need the text as written and errors name the
//! line), and a writer in the CLI's own style (block mappings with sorted keys, sequences at the
//! key's indentation, single quotes only where a plain scalar would be misread).
//!
//! Parsing is saphyr-parser's event stream; only the tree is built here.

use std::fmt::Write as _;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// A node of a parsed document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar { text: String, quoted: bool, line: usize },
    List { items: Vec<Node>, line: usize },
    Map { entries: Vec<(String, Node)>, line: usize },
}

impl Node {
    pub fn line(&self) -> usize {
        match self {
            Node::Scalar { line, .. } | Node::List { line, .. } | Node::Map { line, .. } => *line,
        }
    }

    /// A plain `~`, `null` or empty scalar: an absent value.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { text, quoted: false, .. }
            if text.is_empty() || text == "~" || text.eq_ignore_ascii_case("null"))
    }

    /// What the node is, for error messages.
    pub fn describe(&self) -> String {
        match self {
            Node::Scalar { text, .. } => format!("\"{text}\""),
            Node::List { .. } => "a list".into(),
            Node::Map { .. } => "a mapping".into(),
        }
    }

    /// The node as JSON, scalars resolved with the YAML 1.2 core schema (unknown fields are
    /// stored this way and written back with the same types).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Scalar { text, quoted: true, .. } => Value::String(text.clone()),
            Node::Scalar { .. } if self.is_null() => Value::Null,
            Node::Scalar { text, .. } => match text.as_str() {
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                t => match t.parse::<i64>() {
                    Ok(n) if !has_leading_zero(t) => Value::from(n),
                    _ => Value::String(text.clone()),
                },
            },
            Node::List { items, .. } => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Map { entries, .. } => Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

fn has_leading_zero(t: &str) -> bool {
    let digits = t.trim_start_matches(['-', '+']);
    digits.len() > 1 && digits.starts_with('0')
}

/// A YAML syntax error with the line it was found on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

/// Parses one document. An empty file is `None`. Anchors and aliases are refused (the CLI never
/// writes them, and expanding them is a denial-of-service vector); duplicate keys are refused.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    let mut stack: Vec<(Node, Option<(String, usize)>)> = Vec::new();
    let mut pending_key: Vec<Option<(String, usize)>> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError { line: e.marker().line(), message: e.info().to_owned() })?;
        let line = span.start.line();
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError { line, message: "more than one YAML document in the file".into() });
                }
                continue;
            }
            Event::Alias(_) => return Err(SyntaxError { line, message: "aliases (*name) are not allowed".into() }),
            Event::Scalar(_, _, anchor, _) | Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _)
                if anchor > 0 =>
            {
                return Err(SyntaxError { line, message: "anchors (&name) are not allowed".into() })
            }
            Event::SequenceStart(..) => {
                stack.push((Node::List { items: Vec::new(), line }, None));
                pending_key.push(None);
                continue;
            }
            Event::MappingStart(..) => {
                stack.push((Node::Map { entries: Vec::new(), line }, None));
                pending_key.push(None);
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                pending_key.pop();
                stack.pop().expect("balanced events").0
            }
            Event::Scalar(value, style, _, _) => {
                Node::Scalar { text: value.into_owned(), quoted: style != ScalarStyle::Plain, line }
            }
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some((Node::List { items, .. }, _)) => items.push(node),
            Some((Node::Map { entries, .. }, _)) => {
                let key_slot = pending_key.last_mut().expect("one key slot per open collection");
                match key_slot.take() {
                    None => match node {
                        Node::Scalar { text, line, .. } => {
                            if entries.iter().any(|(k, _)| *k == text) {
                                return Err(SyntaxError { line, message: format!("the key \"{text}\" appears twice") });
                            }
                            *key_slot = Some((text, line));
                        }
                        other => {
                            return Err(SyntaxError {
                                line: other.line(),
                                message: "a mapping key must be a plain value".into(),
                            })
                        }
                    },
                    Some((key, _)) => entries.push((key, node)),
                }
            }
            Some((Node::Scalar { .. }, _)) => unreachable!("scalars are never open"),
        }
    }
    Ok(root.filter(|n| !n.is_null()))
}

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// A string column: written plain whenever YAML syntax allows, as the CLI does (the readers
    /// take the text as written, so `False` or `3` stay strings).
    Text(String),
    Bool(bool),
    Int(i64),
    /// A list of GUIDs (many-to-many links); `[]` when empty.
    Guids(Vec<String>),
    /// A field the app does not model, written back with its YAML types.
    Json(serde_json::Value),
}

/// Writes a mapping (keys in the given order) as a block at `indent`; `first_prefix` replaces the
/// indentation of the first line (for list items, `- `).
pub fn write_mapping(out: &mut String, fields: &[(String, Out)], indent: usize, first_prefix: Option<&str>) {
    for (i, (key, value)) in fields.iter().enumerate() {
        match (i, first_prefix) {
            (0, Some(prefix)) => out.push_str(prefix),
            _ => out.push_str(&" ".repeat(indent)),
        }
        out.push_str(&scalar(key, true));
        out.push(':');
        write_value(out, value, indent);
    }
}

fn write_value(out: &mut String, value: &Out, indent: usize) {
    match value {
        Out::Text(t) => {
            out.push(' ');
            out.push_str(&scalar(t, false));
            out.push('\n');
        }
        Out::Bool(b) => {
            let _ = writeln!(out, " {b}");
        }
        Out::Int(n) => {
            let _ = writeln!(out, " {n}");
        }
        Out::Guids(ids) if ids.is_empty() => out.push_str(" []\n"),
        Out::Guids(ids) => {
            out.push('\n');
            for id in ids {
                let _ = writeln!(out, "{}- {}", " ".repeat(indent), scalar(id, true));
            }
        }
        Out::Json(v) => write_json(out, v, indent),
    }
}

fn write_json(out: &mut String, value: &serde_json::Value, indent: usize) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str(" null\n"),
        Value::Bool(b) => write_value(out, &Out::Bool(*b), indent),
        Value::Number(n) => {
            let _ = writeln!(out, " {n}");
        }
        Value::String(s) => {
            out.push(' ');
            out.push_str(&scalar(s, true));
            out.push('\n');
        }
        Value::Array(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Array(items) => {
            out.push('\n');
            for item in items {
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        let fields: Vec<(String, Out)> =
                            map.iter().map(|(k, v)| (k.clone(), Out::Json(v.clone()))).collect();
                        let prefix = format!("{}- ", " ".repeat(indent));
                        write_mapping(out, &fields, indent + 2, Some(&prefix));
                    }
                    other => {
                        out.push_str(&" ".repeat(indent));
                        out.push('-');
                        write_json(out, other, indent + 2);
                    }
                }
            }
        }
        Value::Object(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Object(map) => {
            out.push('\n');
            let fields: Vec<(String, Out)> = map.iter().map(|(k, v)| (k.clone(), Out::Json(v.clone()))).collect();
            write_mapping(out, &fields, indent + 2, None);
        }
    }
}

/// A scalar as the CLI writes it: plain when the text reads back as the same text, else
/// single-quoted. With `typed`, text that a YAML reader would take for a boolean, null or number
/// is quoted too (for unmodelled fields, whose type comes from the YAML).
pub fn scalar(text: &str, typed: bool) -> String {
    if plain_is_safe(text) && !(typed && resolves_to_non_string(text)) {
        return text.to_owned();
    }
    if text.contains(['\n', '\r', '\t']) || text.chars().any(char::is_control) {
        return double_quoted(text);
    }
    format!("'{}'", text.replace('\'', "''"))
}

fn resolves_to_non_string(text: &str) -> bool {
    let node = Node::Scalar { text: text.to_owned(), quoted: false, line: 0 };
    !matches!(node.to_json(), serde_json::Value::String(_))
        || text.parse::<f64>().is_ok()
        || matches!(text, ".inf" | "-.inf" | ".nan" | ".NaN" | ".Inf")
}

fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if text.trim() != text || text.contains(['\n', '\r', '\t']) || text.chars().any(char::is_control) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x`, `?x` and `:x` are plain when followed by a non-space, but keep it simple.
        let second = text.chars().nth(1);
        if !(matches!(first, '-' | '?' | ':') && second.is_some_and(|c| !c.is_whitespace())) {
            return false;
        }
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    // A plain `~`, `null` or empty value reads back as nothing.
    !(text == "~" || text.eq_ignore_ascii_case("null"))
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_text(doc: &str) -> (String, bool) {
        match parse(doc).unwrap().unwrap() {
            Node::Map { entries, .. } => match &entries[0].1 {
                Node::Scalar { text, quoted, .. } => (text.clone(), *quoted),
                other => panic!("not a scalar: {other:?}"),
            },
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn written_scalars_read_back_as_the_same_text() {
        for text in [
            "False",
            "3",
            "00:10:00",
            "Downloads:annotation,adx_webfile",
            "{\"status\":\"disable\"}",
            "It's ok",
            "a: b",
            "ends with colon:",
            " padded ",
            "line one\nline two",
            "#hash",
            "- dash",
            "-dash",
            "null",
            "~",
            "tab\there",
            "Default: 00:10:00 (10 mins)",
            "* star",
            "@at",
            "semi # comment",
            "ünïcödé ✓",
        ] {
            for typed in [false, true] {
                let doc = format!("k: {}\n", scalar(text, typed));
                assert_eq!(scalar_text(&doc).0, text, "{doc}");
            }
        }
    }

    #[test]
    fn typed_scalars_that_look_like_other_types_are_quoted() {
        assert_eq!(scalar("true", true), "'true'");
        assert_eq!(scalar("42", true), "'42'");
        assert_eq!(scalar("true", false), "true");
        assert_eq!(scalar("plain words", true), "plain words");
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_line() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("\"a\" appears twice"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        let err = parse("- adx_name: x\n  adx_value: [unclosed\n- adx_name: y\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn aliases_are_refused() {
        assert!(parse("a: &x 1\nb: *x\n").is_err());
    }

    #[test]
    fn unknown_fields_keep_their_yaml_types() {
        let node = parse("n: 3\nb: False\ns: '3'\nz: 007\nnothing:\n").unwrap().unwrap();
        assert_eq!(node.to_json(), serde_json::json!({"n": 3, "b": false, "s": "3", "z": "007", "nothing": null}));
    }

    #[test]
    fn mappings_are_written_in_the_cli_style() {
        let mut out = String::new();
        let fields = vec![
            ("adx_name".to_owned(), Out::Text("Grant Change".into())),
            ("adx_right".to_owned(), Out::Int(1)),
            (
                "adx_webpageaccesscontrolrule_webrole".to_owned(),
                Out::Guids(vec!["8df35c54-f355-ed11-9562-6045bd0ea8e5".into()]),
            ),
        ];
        write_mapping(&mut out, &fields, 2, Some("- "));
        assert_eq!(
            out,
            "- adx_name: Grant Change\n  adx_right: 1\n  adx_webpageaccesscontrolrule_webrole:\n  - 8df35c54-f355-ed11-9562-6045bd0ea8e5\n"
        );
    }
}
