//! Loading a WSDL set: the entry documents and everything they import or include.
//!
//! Every document is read through a [`DocumentSource`]; nothing is fetched from the network.
//! A `schemaLocation` that is a URL is looked up in [`LoadOptions::url_map`], then among the
//! source's documents held for URLs; failing that it resolves by namespace against the
//! schemas already in the set or the namespaces every tool knows.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::documents::{DocumentSource, is_url, normalize, resolve_location};
use crate::parse::{
    Doctype, Parser, XmlError, blank_misplaced_declaration, describe_xml_error, is_xsd, parse_xml,
};
use crate::qname::{WSDL_NS, is_well_known_namespace};
use crate::raw::{Definitions, IncludeKind, Schema};
use crate::source::{FileId, Location, SourceMap, Span};

/// Options for loading a WSDL set.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Local copies of schemas that the set refers to by URL (`schemaLocation="http://…"`):
    /// each URL is read from the path it maps to, in the same [`DocumentSource`].
    pub url_map: BTreeMap<String, PathBuf>,
    /// Refuse every recovery: input that breaks a rule is an error at its position even where
    /// the author's intent is unambiguous (an unprefixed name found only in the target
    /// namespace, a part without a type, a reference to something missing, …). By default such
    /// input is read the way it was meant, with a warning that says what was done.
    pub strict: bool,
    /// Folders, besides the folder of each entry document, whose documents a `schemaLocation`
    /// or `wsdl:import` location may name. A location that leads anywhere else (`../../etc/…`)
    /// is refused at the import. [`LoadOptions::url_map`] targets are always allowed.
    pub allowed_roots: Vec<PathBuf>,
    /// Rust types for schema fields ([`TypeOverrides`](crate::TypeOverrides)): a selector that
    /// matches a field of another type is an error of the set; whether every selector matched
    /// somewhere is checked over all the sets with
    /// [`TypeOverrides::check_usage`](crate::TypeOverrides::check_usage).
    pub type_overrides: crate::TypeOverrides,
    /// The operations and ports to generate, and with them only the types they use; by
    /// default everything (see [`OperationFilter`](crate::OperationFilter)).
    pub filter: crate::OperationFilter,
}

/// An import whose schema is not in the set. An error only if something refers into its namespace.
#[derive(Debug)]
pub(crate) struct UnresolvedImport {
    pub namespace: String,
    pub span: Span,
    /// Why nothing was loaded, in words.
    pub reason: String,
}

/// Everything read for one WSDL set.
#[derive(Debug, Default)]
pub(crate) struct LoadedSet {
    pub sources: SourceMap,
    pub definitions: Vec<Definitions>,
    /// Every schema: inline in WSDL files and standalone, in load order.
    pub schemas: Vec<Schema>,
    pub unresolved_imports: Vec<UnresolvedImport>,
}

/// What the importer expects to find at a location.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// An entry file or a `wsdl:import`: WSDL or schema.
    Any,
    /// `xs:import`, `xs:include`, …: a schema.
    Schema,
}

enum Parsed {
    Schema(Schema),
    Definitions(Definitions),
}

struct Pending {
    /// The document's path (or URL) in the source, as shown to the user.
    display: PathBuf,
    expect: Expect,
    /// For includes: the includer's namespace, taken by a schema that has none (chameleon).
    include_namespace: Option<String>,
    /// The element that asked for this file, and the location it wrote.
    referrer: Option<(Span, String)>,
    /// For `xs:import`: the namespace imported. A missing file is then an unresolved import,
    /// an error only if something refers into the namespace.
    import_namespace: Option<String>,
    /// Whether the document must lie inside the allowed roots: a path a document wrote, as
    /// opposed to an entry, a `url_map` target or a URL held by the source.
    confined: bool,
}

/// Loads the entry documents and their imports and includes from `source`.
pub(crate) fn load_set(
    source: &dyn DocumentSource,
    entries: &[PathBuf],
    options: &LoadOptions,
    diagnostics: &mut Diagnostics,
) -> LoadedSet {
    let mut loader = Loader {
        set: LoadedSet::default(),
        source,
        options,
        diagnostics,
        queue: entries
            .iter()
            .map(|path| Pending {
                display: path.clone(),
                expect: Expect::Any,
                include_namespace: None,
                referrer: None,
                import_namespace: None,
                confined: false,
            })
            .collect(),
        roots: entries
            .iter()
            .filter_map(|entry| source.identify(entry).ok())
            .filter_map(|identity| identity.parent().map(Path::to_owned))
            .chain(
                options
                    .allowed_roots
                    .iter()
                    .map(|root| source.identify(root).unwrap_or_else(|_| normalize(root))),
            )
            .collect(),
        visited: HashSet::new(),
        own_namespaces: std::collections::HashMap::new(),
        by_namespace: Vec::new(),
        sibling_candidates_seen: HashSet::new(),
    };
    loop {
        while !loader.queue.is_empty() {
            let pending = loader.queue.remove(0);
            loader.load(pending);
        }
        if !loader.load_sibling_schemas() {
            break;
        }
    }
    loader.check_namespace_imports();
    loader.set
}

struct Loader<'a> {
    set: LoadedSet,
    source: &'a dyn DocumentSource,
    options: &'a LoadOptions,
    diagnostics: &'a mut Diagnostics,
    queue: Vec<Pending>,
    /// The identities of the folders documents may be read from: each entry's, and
    /// [`LoadOptions::allowed_roots`].
    roots: Vec<PathBuf>,
    visited: HashSet<(PathBuf, Option<String>)>,
    /// Each parsed file's own `targetNamespace`, so a file reached again is recognised
    /// before it is parsed again (ONVIF imports `onvif.xsd` from twenty WSDLs).
    own_namespaces: std::collections::HashMap<PathBuf, Option<String>>,
    /// Imports to be satisfied by a namespace already in the set, with the reason they are
    /// not satisfied otherwise.
    by_namespace: Vec<UnresolvedImport>,
    /// Files already considered by [`Loader::load_sibling_schemas`].
    sibling_candidates_seen: HashSet<PathBuf>,
}

impl Loader<'_> {
    fn load(&mut self, pending: Pending) {
        let canonical = match self.source.identify(&pending.display) {
            Ok(path) if pending.confined && !self.is_inside_roots(&path) => {
                self.refuse_outside_roots(&pending);
                return;
            }
            Ok(path) => match self.own_namespaces.get(&path) {
                Some(own) => {
                    let key = (
                        path.clone(),
                        own.is_none()
                            .then(|| pending.include_namespace.clone())
                            .flatten(),
                    );
                    if self.visited.contains(&key) {
                        return;
                    }
                    path
                }
                None => path,
            },
            Err(error) => {
                if let (Some(namespace), Some((span, location))) =
                    (pending.import_namespace, &pending.referrer)
                {
                    self.by_namespace.push(UnresolvedImport {
                        namespace,
                        span: *span,
                        reason: format!(
                            "its schemaLocation \"{location}\" was tried as `{}`, which cannot \
                             be read: {error}",
                            pending.display.display()
                        ),
                    });
                    return;
                }
                let message = match &pending.referrer {
                    Some((_, location)) => format!(
                        "cannot read `{}` (written as location \"{location}\"): {error}",
                        pending.display.display()
                    ),
                    None => format!("cannot read `{}`: {error}", pending.display.display()),
                };
                let location = pending
                    .referrer
                    .map(|(span, _)| self.set.sources.locate(span));
                self.diagnostics.error(location, message);
                return;
            }
        };
        let file = match self.set.sources.find(&canonical) {
            Some(file) => file,
            None => {
                let text = match self.source.read(&canonical) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => text,
                        Err(_) => {
                            self.diagnostics.error(
                                None,
                                format!(
                                    "`{}` is not UTF-8 text; re-save it as UTF-8",
                                    pending.display.display()
                                ),
                            );
                            return;
                        }
                    },
                    Err(error) => {
                        self.diagnostics.error(
                            None,
                            format!("cannot read `{}`: {error}", pending.display.display()),
                        );
                        return;
                    }
                };
                // A byte-order mark is legal in XML but not accepted by the parser.
                let mut text = text
                    .strip_prefix('\u{feff}')
                    .map(str::to_owned)
                    .unwrap_or(text);
                let strict = self.diagnostics.is_strict();
                let misplaced = if strict {
                    misplaced_declaration(&text)
                } else {
                    blank_misplaced_declaration(&mut text)
                };
                let display = pending.display.display().to_string();
                let file = self.set.sources.add(canonical, display, text);
                if let Some(offset) = misplaced {
                    let location = self.set.sources.locate(Span {
                        file,
                        offset: offset as u32,
                    });
                    self.diagnostics.recovery(
                        Some(location),
                        "the XML declaration `<?xml …?>` is not at the start of the document \
                         (a comment or blank space comes before it)",
                        "the declaration is ignored",
                    );
                    if strict {
                        return;
                    }
                }
                file
            }
        };
        let document = pending.display.clone();
        match self.parse_file(file, &pending) {
            Some(Parsed::Schema(schema)) => {
                self.follow_schema(&schema, &document);
                self.set.schemas.push(schema);
            }
            Some(Parsed::Definitions(definitions)) => {
                for import in &definitions.imports {
                    match &import.location {
                        Some(location) => {
                            self.enqueue(&document, location, Expect::Any, None, None, import.span)
                        }
                        None => self.diagnostics.warning(
                            Some(self.set.sources.locate(import.span)),
                            "wsdl:import without a `location`; nothing loaded",
                        ),
                    }
                }
                for schema in &definitions.schemas {
                    self.follow_schema(schema, &document);
                }
                self.set.definitions.push(definitions);
            }
            None => {}
        }
    }

    /// Whether a document's identity lies inside one of the allowed roots.
    fn is_inside_roots(&self, identity: &Path) -> bool {
        !identity.components().any(|c| c == Component::ParentDir)
            && self.roots.iter().any(|root| identity.starts_with(root))
    }

    /// Reports a location that leads outside the allowed roots, at the element that wrote it.
    fn refuse_outside_roots(&mut self, pending: &Pending) {
        let Some((span, location)) = &pending.referrer else {
            return;
        };
        let roots = self
            .roots
            .iter()
            .map(|root| format!("`{}`", root.display()))
            .collect::<Vec<_>>()
            .join(", ");
        self.diagnostics.error(
            Some(self.set.sources.locate(*span)),
            format!(
                "location \"{location}\" leads to `{}`, outside the folders documents are read \
                 from ({roots}: the entry documents' folders and the allowed roots); it is not \
                 read. Allow its folder with --allow-root (LoadOptions::allowed_roots) or map \
                 it with --map-url",
                pending.display.display()
            ),
        );
    }

    /// Parses one loaded file into the raw model; `None` after reporting why it could not be.
    fn parse_file(&mut self, file: FileId, pending: &Pending) -> Option<Parsed> {
        let text = &self.set.sources.file(file).text;
        let (document, doctype) = match parse_xml(text) {
            Ok(parsed) => parsed,
            Err(error) => {
                let (location, message) = xml_error_location(&self.set.sources, file, &error);
                self.diagnostics.error(Some(location), message);
                return None;
            }
        };
        let root = document.root_element();
        // A file is loaded once per namespace it ends up in: a schema without a target
        // namespace takes its includer's (chameleon include), every other file has its own.
        let chameleon_namespace = match root.attribute("targetNamespace") {
            Some(_) => None,
            None => pending.include_namespace.clone(),
        };
        let canonical = self.set.sources.file(file).canonical.clone();
        self.own_namespaces.insert(
            canonical.clone(),
            root.attribute("targetNamespace").map(str::to_owned),
        );
        if !self
            .visited
            .insert((canonical, chameleon_namespace.clone()))
        {
            return None;
        }
        if let Some(Doctype {
            offset,
            external_subset: Some(subset),
        }) = &doctype
        {
            let location = self.set.sources.locate(Span {
                file,
                offset: *offset as u32,
            });
            self.diagnostics.note(
                Some(location),
                format!(
                    "the DTD's external subset ({subset}) is never read; its internal subset \
                     is used"
                ),
            );
        }
        let mut parser = Parser {
            file,
            sources: &self.set.sources,
            diagnostics: self.diagnostics,
            chameleon_namespace,
            schema_namespace: None,
            depth: 0,
        };
        if is_xsd(root, "schema") {
            return Some(Parsed::Schema(parser.schema(root)));
        }
        if root.tag_name().name() == "definitions"
            && root.tag_name().namespace() == Some(WSDL_NS)
            && pending.expect == Expect::Any
        {
            return Some(Parsed::Definitions(parser.definitions(root)));
        }
        let found = match root.tag_name().namespace() {
            Some(ns) => format!("{{{ns}}}{}", root.tag_name().name()),
            None => root.tag_name().name().to_owned(),
        };
        let expected = match pending.expect {
            Expect::Any => "a WSDL 1.1 <wsdl:definitions> or an <xs:schema>",
            Expect::Schema => "an <xs:schema>",
        };
        let hint = if root.tag_name().namespace() == Some("http://www.w3.org/ns/wsdl") {
            " (this is WSDL 2.0, which is not supported)"
        } else {
            ""
        };
        parser.error_at(
            root,
            format!("expected {expected} as the root element, found <{found}>{hint}"),
        );
        None
    }

    /// Queues what `schema`, read from `document`, imports and includes.
    fn follow_schema(&mut self, schema: &Schema, document: &Path) {
        for import in &schema.imports {
            let Some(namespace) = import.namespace.clone() else {
                if let Some(location) = &import.location {
                    self.enqueue(document, location, Expect::Schema, None, None, import.span);
                }
                continue;
            };
            match &import.location {
                Some(location)
                    if !is_url(location)
                        || self.options.url_map.contains_key(location)
                        || self.source.holds_url(location) =>
                {
                    self.enqueue(
                        document,
                        location,
                        Expect::Schema,
                        None,
                        Some(namespace),
                        import.span,
                    )
                }
                Some(url) => self.by_namespace.push(UnresolvedImport {
                    namespace,
                    span: import.span,
                    reason: format!(
                        "it was imported from the URL \"{url}\", which is never fetched; save \
                         that schema next to the WSDL and point schemaLocation at it, or map \
                         the URL to a local file"
                    ),
                }),
                None => self.by_namespace.push(UnresolvedImport {
                    namespace,
                    span: import.span,
                    reason: "it was imported by namespace only and no schema in the set \
                             defines it"
                        .to_owned(),
                }),
            }
        }
        for include in &schema.includes {
            if include.kind == IncludeKind::Override {
                self.diagnostics.warning(
                    Some(self.set.sources.locate(include.span)),
                    "xs:override (XML Schema 1.1) is not supported: the overridden schema is \
                     loaded as written and the overriding definitions are ignored",
                );
            }
            self.enqueue(
                document,
                &include.location,
                Expect::Schema,
                schema.target_namespace.clone(),
                None,
                include.span,
            );
        }
    }

    /// Queues the document `location` names, written in `document`.
    fn enqueue(
        &mut self,
        document: &Path,
        location: &str,
        expect: Expect,
        include_namespace: Option<String>,
        import_namespace: Option<String>,
        span: Span,
    ) {
        let display = match self.options.url_map.get(location) {
            Some(mapped) => mapped.clone(),
            None if self.source.holds_url(location) => PathBuf::from(location),
            None if is_url(location) => {
                self.diagnostics.error(
                    Some(self.set.sources.locate(span)),
                    format!(
                        "location \"{location}\" is a URL, and URLs are never fetched: save the \
                         file next to the WSDL and point the location at it, or map the URL to \
                         a local file"
                    ),
                );
                return;
            }
            None => resolve_location(document, location),
        };
        let confined =
            !is_url(&display.to_string_lossy()) && !self.options.url_map.contains_key(location);
        self.queue.push(Pending {
            display,
            expect,
            include_namespace,
            confined,
            referrer: Some((span, location.to_owned())),
            import_namespace,
        });
    }

    /// Namespaces imported but not yet loaded are looked for among the schema documents
    /// (`*.xsd`, or names without an extension) in the folders of the documents already loaded:
    /// the remote `?xsd=xsd0` imports of a WCF export, for instance, are all saved beside
    /// the WSDL. Returns whether anything was queued.
    fn load_sibling_schemas(&mut self) -> bool {
        let loaded = self.loaded_namespaces();
        let missing: HashSet<String> = self
            .by_namespace
            .iter()
            .map(|i| i.namespace.clone())
            .filter(|ns| !loaded.contains(ns) && !is_well_known_namespace(ns))
            .collect();
        if missing.is_empty() {
            return false;
        }
        let folders: std::collections::BTreeSet<PathBuf> = (0..self.set.sources.len())
            .filter_map(|i| {
                let file = self.set.sources.file(FileId(i as u32));
                Path::new(&file.display).parent().map(Path::to_owned)
            })
            .collect();
        let mut queued = false;
        for folder in folders {
            for candidate in self.source.schema_candidates(&folder) {
                if self.sibling_candidates_seen.contains(&candidate) {
                    continue;
                }
                self.sibling_candidates_seen.insert(candidate.clone());
                let Some(namespace) = self.target_namespace_of(&candidate) else {
                    continue;
                };
                if missing.contains(&namespace) {
                    self.queue.push(Pending {
                        display: candidate,
                        expect: Expect::Schema,
                        include_namespace: None,
                        referrer: None,
                        import_namespace: None,
                        confined: false,
                    });
                    queued = true;
                }
            }
        }
        queued
    }

    /// The `targetNamespace` of a document whose root is `xs:schema`; `None` for anything else.
    fn target_namespace_of(&self, path: &Path) -> Option<String> {
        let identity = self.source.identify(path).ok()?;
        let text = String::from_utf8(self.source.read(&identity).ok()?).ok()?;
        let mut text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        blank_misplaced_declaration(&mut text);
        let (document, _) = parse_xml(&text).ok()?;
        let root = document.root_element();
        is_xsd(root, "schema")
            .then(|| root.attribute("targetNamespace").map(str::to_owned))
            .flatten()
    }

    fn loaded_namespaces(&self) -> HashSet<String> {
        self.set
            .schemas
            .iter()
            .chain(self.set.definitions.iter().flat_map(|d| d.schemas.iter()))
            .filter_map(|s| s.target_namespace.clone())
            .collect()
    }

    /// Imports that name only a namespace (or a URL) must find it in the set or among the
    /// well-known namespaces; otherwise they are recorded, and become errors only if used.
    fn check_namespace_imports(&mut self) {
        let loaded = self.loaded_namespaces();
        let unresolved: Vec<UnresolvedImport> = std::mem::take(&mut self.by_namespace)
            .into_iter()
            .filter(|import| {
                !loaded.contains(&import.namespace) && !is_well_known_namespace(&import.namespace)
            })
            .collect();
        self.set.unresolved_imports.extend(unresolved);
    }
}

/// Byte offset of an XML declaration that does not start the document (see
/// [`blank_misplaced_declaration`]), leaving the text as it is.
fn misplaced_declaration(text: &str) -> Option<usize> {
    blank_misplaced_declaration(&mut text.to_owned())
}

/// Where a parse error is and what it says. roxmltree reports some errors at 1:1; a refused
/// DTD is shown at what it refuses, a truncated file at its end with the last tag it started.
fn xml_error_location(sources: &SourceMap, file: FileId, error: &XmlError) -> (Location, String) {
    let text = &sources.file(file).text;
    let at = |offset: usize| {
        sources.locate(Span {
            file,
            offset: offset as u32,
        })
    };
    let error = match error {
        XmlError::Dtd { offset, message } => return (at(*offset), message.clone()),
        XmlError::Syntax(error) => error,
    };
    match error {
        roxmltree::Error::UnexpectedEndOfStream => {
            let last_tag = text.rfind('<').map(|o| at(o).to_string());
            let message = match last_tag {
                Some(tag) => format!(
                    "malformed XML: the file ends before the document is complete (truncated?); \
                     the last tag starts at {tag}"
                ),
                None => "malformed XML: the file ends before the document is complete".to_owned(),
            };
            (at(text.len()), message)
        }
        _ => {
            let pos = error.pos();
            let location = Location {
                file: sources.display_name(file).to_owned(),
                line: pos.row,
                column: pos.col,
            };
            (location, describe_xml_error(error))
        }
    }
}
