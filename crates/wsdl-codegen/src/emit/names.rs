//! Namespace prefixes for writing, and element names as written.

use std::collections::BTreeMap;

use crate::ir::{Body, Ir, Member, TypeId, TypeKind, TypeRef, VariantContent};
use crate::qname::{QName, XML_NS};

/// The prefix of every namespace the generated writers use, declared once on the body
/// element: `ns0`, `ns1`, … in order of first use; `xml` for the XML namespace.
pub(crate) struct Prefixes {
    by_namespace: BTreeMap<String, String>,
    /// (prefix, namespace) in declaration order.
    pub declared: Vec<(String, String)>,
}

impl Prefixes {
    pub fn collect(ir: &Ir) -> Self {
        let mut prefixes = Prefixes {
            by_namespace: BTreeMap::new(),
            declared: Vec::new(),
        };
        let mut add = |name: &QName| {
            if let Some(ns) = &name.namespace {
                prefixes.add(ns);
            }
        };
        for service in &ir.services {
            for port in &service.ports {
                for operation in &port.operations {
                    for fault in &operation.faults {
                        if let Some(e) = fault.part.element {
                            add(&ir.element(e).xml_name)
                        }
                    }
                    for message in std::iter::once(&operation.input).chain(&operation.output) {
                        match &message.body {
                            Body::Rpc { wrapper, .. } => add(wrapper),
                            Body::Wrapped { part } => {
                                if let Some(e) = part.element {
                                    add(&ir.element(e).xml_name)
                                }
                            }
                            Body::Bare { parts } => {
                                for part in parts {
                                    if let Some(e) = part.element {
                                        add(&ir.element(e).xml_name)
                                    }
                                }
                            }
                        }
                        for header in &message.headers {
                            if let Some(e) = header.part.element {
                                add(&ir.element(e).xml_name)
                            }
                        }
                    }
                }
            }
        }
        for (index, def) in ir.types.iter().enumerate() {
            // SOAP encoding names every value's type (`xsi:type`, `soapenc:arrayType`).
            if def.encoded && !def.anonymous {
                add(&def.xml_name);
            }
            match &def.kind {
                TypeKind::Struct(s) => {
                    // A derived value written where this type is declared names its type.
                    if s.sum_rust_name.is_some() {
                        for derived in ir.polymorphic_variants(TypeId(index as u32)) {
                            add(&ir.ty(derived).xml_name);
                        }
                    }
                    for member in &s.members {
                        if let Member::Element(e) = member {
                            add(&e.xml_name);
                            for &sub in &e.substitutes {
                                add(&ir.element(sub).xml_name);
                            }
                        }
                    }
                    s.attributes.iter().for_each(|a| add(&a.xml_name));
                }
                TypeKind::Choice(c) => {
                    for variant in &c.variants {
                        if let VariantContent::Element(e) = &variant.content {
                            add(&e.xml_name);
                            for &sub in &e.substitutes {
                                add(&ir.element(sub).xml_name);
                            }
                        }
                    }
                }
                TypeKind::SimpleContent(sc) => sc.attributes.iter().for_each(|a| add(&a.xml_name)),
                _ => {}
            }
        }
        prefixes
    }

    fn add(&mut self, namespace: &str) {
        if self.by_namespace.contains_key(namespace) {
            return;
        }
        let prefix = if namespace == XML_NS {
            "xml".to_owned()
        } else {
            let prefix = format!("ns{}", self.declared.len());
            self.declared.push((prefix.clone(), namespace.to_owned()));
            prefix
        };
        self.by_namespace.insert(namespace.to_owned(), prefix);
    }

    /// The QName of a type as written in a value such as `soapenc:arrayType`: `xsd:int` for a
    /// built-in (the envelope declares `xsd`), `ns0:Local` for a named type whose namespace has
    /// a prefix; `None` for an anonymous type or one in an undeclared namespace.
    pub fn type_name(&self, ir: &Ir, ty: TypeRef) -> Option<String> {
        match ty {
            TypeRef::Builtin(builtin) => Some(format!("xsd:{}", builtin.xsd_name())),
            TypeRef::Defined(id) => {
                let def = ir.ty(id);
                let prefix = self.by_namespace.get(def.xml_name.namespace.as_deref()?)?;
                (!def.anonymous).then(|| format!("{prefix}:{}", def.xml_name.local))
            }
        }
    }

    /// The prefix declared for `namespace` (`ns0`, …); `None` for no namespace and for the
    /// XML namespace, whose `xml` prefix is never declared.
    pub fn declared_prefix(&self, namespace: Option<&str>) -> Option<&str> {
        let namespace = namespace?;
        self.declared
            .iter()
            .find(|(_, ns)| ns == namespace)
            .map(|(prefix, _)| prefix.as_str())
    }

    /// The name as written: `ns0:local`, or `local` in no namespace.
    pub fn written(&self, name: &QName) -> String {
        match name
            .namespace
            .as_deref()
            .and_then(|ns| self.by_namespace.get(ns))
        {
            Some(prefix) => format!("{prefix}:{}", name.local),
            None => name.local.clone(),
        }
    }
}
