//! The documents of a WSDL set and positions inside them.
//!
//! Positions are kept as byte offsets while parsing (cheap) and turned into
//! 1-based line and column numbers only when a diagnostic is shown.

use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

/// A byte offset inside one file of a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offset of the start of the construct (the `<` of an element).
    pub offset: u32,
}

/// A resolved, human-readable position: `file:line:column`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// The document as shown to the user: its path as the loader reached it (the entry's path
    /// as given, joined with the locations that led to it), or its URL.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One loaded document.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// Its identity in the [`crate::DocumentSource`] it was read from (a file's canonical
    /// path), used to recognise a document reached twice.
    pub canonical: PathBuf,
    /// Path (or URL) as shown in diagnostics.
    pub display: String,
    pub text: String,
    line_starts: Vec<u32>,
}

/// Every document read while loading a WSDL set.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub(crate) fn add(&mut self, canonical: PathBuf, display: String, text: String) -> FileId {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| (i + 1) as u32),
        );
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            canonical,
            display,
            text,
            line_starts,
        });
        id
    }

    pub(crate) fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The id of an already loaded document, by identity.
    pub(crate) fn find(&self, canonical: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.canonical == canonical)
            .map(|i| FileId(i as u32))
    }

    /// The path of a file as shown in diagnostics.
    pub fn display_name(&self, id: FileId) -> &str {
        &self.file(id).display
    }

    /// Number of files loaded.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total size in bytes of every file loaded.
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    /// Turns a span into a line and column.
    pub fn locate(&self, span: Span) -> Location {
        let file = self.file(span.file);
        let line_index = match file.line_starts.binary_search(&span.offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = file.line_starts[line_index] as usize;
        let end = (span.offset as usize).min(file.text.len());
        let column = file
            .text
            .get(line_start..end)
            .map_or(end - line_start, |s| s.chars().count());
        Location {
            file: file.display.clone(),
            line: line_index as u32 + 1,
            column: column as u32 + 1,
        }
    }
}
