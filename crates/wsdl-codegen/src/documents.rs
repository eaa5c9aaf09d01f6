//! Where the documents of a WSDL set come from.
//!
//! The loader never touches the file system itself: it asks a [`DocumentSource`] for each
//! document it needs, by the path it computed for it (an entry's path as given, or a location
//! written in a document joined to that document's folder). [`FileSystem`] reads files on
//! disk; [`MemoryDocuments`] holds texts in memory, keyed by a path or a URL, for build
//! scripts that have the WSDL at hand and for tests and fuzzing. With the source fixed,
//! loading is a pure function of its inputs.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A place the loader reads WSDL and schema documents from.
///
/// Documents are named by paths: relative or absolute file paths, or, for a source that holds
/// texts for URLs (see [`DocumentSource::holds_url`]), the URL itself. Errors are shown to the
/// user in the diagnostic about the document, with its path and the location that named it.
pub trait DocumentSource {
    /// The identity of the document at `path`, the same for every path naming it (for a file,
    /// its canonical path), so a document reached twice is read and parsed once. An error
    /// when there is no document there.
    fn identify(&self, path: &Path) -> io::Result<PathBuf>;

    /// The bytes of the document whose identity [`DocumentSource::identify`] returned.
    fn read(&self, identity: &Path) -> io::Result<Vec<u8>>;

    /// The documents of a folder that may be schemas (`*.xsd`, and names without an
    /// extension), sorted. The loader looks among them for a namespace that was imported
    /// without a usable location: a WCF export's `?xsd=xsd0` imports are saved beside the WSDL.
    fn schema_candidates(&self, folder: &Path) -> Vec<PathBuf>;

    /// Whether the source holds a document for the URL `url`. URLs are never fetched: only a
    /// source that was given a text for one answers yes, and the document is then named by
    /// the URL itself.
    fn holds_url(&self, _url: &str) -> bool {
        false
    }
}

/// Files on disk: what `cargo xtask codegen` and [`crate::load`] read.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileSystem;

impl DocumentSource for FileSystem {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }

    fn read(&self, identity: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(identity)
    }

    fn schema_candidates(&self, folder: &Path) -> Vec<PathBuf> {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && may_be_schema(p))
            .map(|p| normalize(&p))
            .collect();
        files.sort();
        files
    }
}

/// Documents held in memory, each keyed by a path (`service.wsdl`, `types/common.xsd`) or a
/// URL (`http://example.com/common.xsd`).
///
/// Locations resolve as they would on disk: `schemaLocation="common.xsd"` in
/// `wsdl/service.wsdl` names `wsdl/common.xsd`, and `..` steps out of a folder. A document
/// keyed by a URL is found by a location that is that URL. Diagnostics name each document by
/// the path it was reached under.
///
/// ```
/// use wsdl_codegen::documents::MemoryDocuments;
///
/// let documents = MemoryDocuments::new()
///     .with("service.wsdl", "<definitions xmlns='http://schemas.xmlsoap.org/wsdl/'/>")
///     .with("http://example.com/common.xsd", "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>");
/// assert_eq!(documents.len(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemoryDocuments {
    documents: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryDocuments {
    /// No documents yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the document named `name`; its text need not be UTF-8 (the loader
    /// reports a document that is not).
    pub fn insert(&mut self, name: impl AsRef<Path>, text: impl Into<Vec<u8>>) {
        self.documents.insert(key(name.as_ref()), text.into());
    }

    /// [`MemoryDocuments::insert`], by value.
    pub fn with(mut self, name: impl AsRef<Path>, text: impl Into<Vec<u8>>) -> Self {
        self.insert(name, text);
        self
    }

    /// Number of documents held.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether no document is held.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

impl DocumentSource for MemoryDocuments {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        let key = key(path);
        if self.documents.contains_key(&key) {
            Ok(key)
        } else {
            Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no document of that name is held in memory",
            ))
        }
    }

    fn read(&self, identity: &Path) -> io::Result<Vec<u8>> {
        self.documents.get(identity).cloned().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "no document of that name is held in memory",
            )
        })
    }

    fn schema_candidates(&self, folder: &Path) -> Vec<PathBuf> {
        // Keys are sorted, so the candidates are too.
        self.documents
            .keys()
            .filter(|name| name.parent() == Some(folder) && may_be_schema(name))
            .cloned()
            .collect()
    }

    fn holds_url(&self, url: &str) -> bool {
        self.documents.contains_key(Path::new(url))
    }
}

/// A memory document's key: a URL as written, a path normalized like the loader's paths.
fn key(name: &Path) -> PathBuf {
    match name.to_str() {
        Some(url) if is_url(url) => name.to_owned(),
        _ => normalize(name),
    }
}

/// Whether a document's name makes it a schema candidate: `*.xsd`, or no extension.
fn may_be_schema(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => ext.eq_ignore_ascii_case("xsd"),
    }
}

/// Whether a location is an `http(s)` URL.
pub(crate) fn is_url(location: &str) -> bool {
    let lower = location.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The document a relative `location` written in the document `referrer` names: beside it,
/// `..` resolved lexically so the paths shown stay short and stable. A referrer named by a
/// URL (a memory document) resolves the way a URL reference does.
pub(crate) fn resolve_location(referrer: &Path, location: &str) -> PathBuf {
    let location = location.strip_prefix("file://").unwrap_or(location);
    if let Some(url) = referrer.to_str().filter(|r| is_url(r)) {
        return PathBuf::from(resolve_url(url, location));
    }
    let folder = referrer.parent().unwrap_or(Path::new(""));
    normalize(&folder.join(location))
}

/// `location` relative to the URL `base`: beside its last segment, `.` and `..` segments
/// resolved (never above the host), query and fragment of `base` dropped.
fn resolve_url(base: &str, location: &str) -> String {
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let origin = &base[..path_start];
    let base_path = base[path_start..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default();
    let mut segments: Vec<&str> = if location.starts_with('/') {
        Vec::new()
    } else {
        let folder = base_path.rsplit_once('/').map_or("", |(folder, _)| folder);
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in location.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    format!("{origin}/{}", segments.join("/"))
}

/// Removes `.` and resolves `..` lexically, so the paths shown stay short and stable.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_locations_resolve_beside_the_referrer() {
        assert_eq!(
            resolve_location(Path::new("wsdl/service.wsdl"), "./types/../common.xsd"),
            PathBuf::from("wsdl/common.xsd")
        );
        assert_eq!(
            resolve_location(Path::new("service.wsdl"), "file://common.xsd"),
            PathBuf::from("common.xsd")
        );
    }

    #[test]
    fn locations_in_a_url_document_resolve_as_url_references() {
        let base = Path::new("http://example.com/schemas/v1/main.xsd?x=1");
        assert_eq!(
            resolve_location(base, "../common.xsd"),
            PathBuf::from("http://example.com/schemas/common.xsd")
        );
        assert_eq!(
            resolve_location(base, "/root.xsd"),
            PathBuf::from("http://example.com/root.xsd")
        );
    }

    #[test]
    fn memory_documents_are_found_by_normalized_path_or_by_url() {
        let documents = MemoryDocuments::new()
            .with("./wsdl/service.wsdl", "a")
            .with("wsdl/common.xsd", "b")
            .with("wsdl/notes.txt", "c")
            .with("http://example.com/x.xsd", "d");
        assert_eq!(
            documents
                .identify(Path::new("wsdl/types/../service.wsdl"))
                .ok(),
            Some(PathBuf::from("wsdl/service.wsdl"))
        );
        assert!(documents.identify(Path::new("service.wsdl")).is_err());
        assert!(documents.holds_url("http://example.com/x.xsd"));
        assert!(!documents.holds_url("http://example.com/y.xsd"));
        assert_eq!(
            documents.schema_candidates(Path::new("wsdl")),
            [PathBuf::from("wsdl/common.xsd")]
        );
    }
}
