//! SOAP encoding (SOAP 1.1 section 5, SOAP 1.2 part 2 section 3): the rules rpc/encoded
//! services write values by, and [`SoapArray`], the value of a SOAP-encoded array.
//!
//! Generated code for an encoded operation starts its body element with
//! [`XmlWriter::start_encoded_document`], which declares the prefixes and the
//! `encodingStyle` and switches the writer to encoded mode until the element ends: then the
//! typed writes ([`XmlWriter::typed_scalar_element`], [`XmlWriter::start_typed_element`], …)
//! add `xsi:type` to every accessor. On the way in, [`XmlReader::follow_references`] makes
//! multi-references (`href`) transparent, and [`SoapArray::read`] reads arrays whatever their
//! items are called, with their dimensions, offsets and positions.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{DecodeErrorKind, Result};
use crate::xml::{
    Element, SOAP_ENCODING_NAMESPACE, SOAP12_ENCODING_NAMESPACE, XmlReader, XmlWriter,
};

/// Which SOAP encoding a body is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoapEncoding {
    /// SOAP 1.1 section 5 (`http://schemas.xmlsoap.org/soap/encoding/`).
    Soap11,
    /// SOAP 1.2 part 2 (`http://www.w3.org/2003/05/soap-encoding`).
    Soap12,
}

impl SoapEncoding {
    /// The encoding's namespace, which is also its `encodingStyle` URI.
    pub const fn namespace(self) -> &'static str {
        match self {
            SoapEncoding::Soap11 => SOAP_ENCODING_NAMESPACE,
            SoapEncoding::Soap12 => SOAP12_ENCODING_NAMESPACE,
        }
    }

    /// The prefix generated writers bind the namespace to.
    pub const fn prefix(self) -> &'static str {
        match self {
            SoapEncoding::Soap11 => "soapenc",
            SoapEncoding::Soap12 => "enc",
        }
    }
}

/// The value of a SOAP-encoded array: its items, in row-major order, and its shape.
///
/// Most arrays are dense and one-dimensional: `SoapArray::from(vec![…])`, and
/// [`items`](Self::items) to read them. Encoded arrays may also have several dimensions
/// (`xsd:int[2,3]`), which are kept, and may be sparse or partially transmitted
/// (`soapenc:position`, `soapenc:offset`, or nil items): then only the items present are held,
/// each with its position, so a declared size costs nothing until items fill it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ArrayParts<T>")]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct SoapArray<T> {
    items: Vec<T>,
    dimensions: Vec<usize>,
    /// The position (row-major) of each item when the array is not dense.
    #[serde(skip_serializing_if = "Option::is_none")]
    positions: Option<Vec<usize>>,
}

/// How [`SoapArray`] deserializes with serde: the parts it serializes as (its fields),
/// checked on the way in.
#[derive(Deserialize)]
struct ArrayParts<T> {
    items: Vec<T>,
    dimensions: Vec<usize>,
    #[serde(default)]
    positions: Option<Vec<usize>>,
}

impl<T> TryFrom<ArrayParts<T>> for SoapArray<T> {
    type Error = ArrayShapeError;

    fn try_from(parts: ArrayParts<T>) -> std::result::Result<Self, ArrayShapeError> {
        match parts.positions {
            None => SoapArray::with_dimensions(parts.items, parts.dimensions),
            Some(positions) => SoapArray::sparse(
                parts.dimensions,
                positions.into_iter().zip(parts.items).collect(),
            ),
        }
    }
}

/// Items that do not fit the dimensions given for a [`SoapArray`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ArrayShapeError(String);

impl<T: fmt::Debug> fmt::Debug for SoapArray<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("SoapArray");
        out.field("items", &self.items);
        if self.dimensions.len() != 1 || self.positions.is_some() {
            out.field("dimensions", &self.dimensions);
        }
        if let Some(positions) = &self.positions {
            out.field("positions", positions);
        }
        out.finish()
    }
}

impl<T> Default for SoapArray<T> {
    fn default() -> Self {
        SoapArray::from(Vec::new())
    }
}

impl<T> From<Vec<T>> for SoapArray<T> {
    /// A dense one-dimensional array of `items`.
    fn from(items: Vec<T>) -> Self {
        let dimensions = vec![items.len()];
        SoapArray {
            items,
            dimensions,
            positions: None,
        }
    }
}

impl<T> FromIterator<T> for SoapArray<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        SoapArray::from(items.into_iter().collect::<Vec<_>>())
    }
}

impl<T> SoapArray<T> {
    /// A dense array of `dimensions` (`[2, 3]`: two rows of three), `items` in row-major
    /// order; their number must be the product of the dimensions.
    pub fn with_dimensions(
        items: Vec<T>,
        dimensions: Vec<usize>,
    ) -> std::result::Result<Self, ArrayShapeError> {
        let size = size_of(&dimensions)?;
        if items.len() != size {
            return Err(ArrayShapeError(format!(
                "{} items do not fill dimensions {dimensions:?} ({size} positions)",
                items.len()
            )));
        }
        Ok(SoapArray {
            items,
            dimensions,
            positions: None,
        })
    }

    /// A sparse array of `dimensions` holding only `entries`, each at its row-major
    /// position: positions strictly increasing and inside the dimensions.
    pub fn sparse(
        dimensions: Vec<usize>,
        entries: Vec<(usize, T)>,
    ) -> std::result::Result<Self, ArrayShapeError> {
        let size = size_of(&dimensions)?;
        let mut positions = Vec::with_capacity(entries.len());
        let mut items = Vec::with_capacity(entries.len());
        for (position, item) in entries {
            if position >= size || positions.last().is_some_and(|&last| last >= position) {
                return Err(ArrayShapeError(format!(
                    "position {position} is out of order or outside dimensions {dimensions:?}"
                )));
            }
            positions.push(position);
            items.push(item);
        }
        Ok(SoapArray::normalized(items, dimensions, positions))
    }

    /// Dense when the positions are exactly 0, 1, … up to the size.
    fn normalized(items: Vec<T>, dimensions: Vec<usize>, positions: Vec<usize>) -> Self {
        let dense = positions.iter().enumerate().all(|(i, &p)| i == p)
            && size_of(&dimensions).is_ok_and(|size| size == items.len());
        SoapArray {
            items,
            dimensions,
            positions: (!dense).then_some(positions),
        }
    }

    /// The items present, in row-major order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items present, to change in place.
    pub fn items_mut(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// The items present, in row-major order.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The size of each dimension, outermost first (one entry for a one-dimensional array).
    pub fn dimensions(&self) -> &[usize] {
        &self.dimensions
    }

    /// The number of positions (the product of the dimensions), present or not.
    pub fn len(&self) -> usize {
        size_of(&self.dimensions).unwrap_or(usize::MAX)
    }

    /// Whether the array has no positions at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every position holds an item.
    pub fn is_dense(&self) -> bool {
        self.positions.is_none()
    }

    /// The row-major position of each item, for an array that is not dense.
    pub fn positions(&self) -> Option<&[usize]> {
        self.positions.as_deref()
    }

    /// The item at row-major `position`, if present.
    pub fn get(&self, position: usize) -> Option<&T> {
        match &self.positions {
            None => self.items.get(position),
            Some(positions) => positions
                .binary_search(&position)
                .ok()
                .and_then(|i| self.items.get(i)),
        }
    }

    /// The items present with their row-major positions.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &T)> {
        self.items.iter().enumerate().map(|(i, item)| {
            let position = self.positions.as_ref().map_or(i, |p| p[i]);
            (position, item)
        })
    }

    /// Writes the array as the element `qname` holding items of the schema type `item_type`
    /// (a QName as written, such as `xsd:int` or `ns0:Item[]` for arrays of arrays): see
    /// [`write_content`](Self::write_content).
    pub fn write(
        &self,
        w: &mut XmlWriter,
        qname: &str,
        item_type: &str,
        write_item: impl FnMut(&mut XmlWriter, &str, &T),
    ) {
        w.start_element(qname);
        self.write_content(w, item_type, write_item);
        w.end_element(qname);
    }

    /// Writes the array's attributes into the open start tag, then its items, each written by
    /// `write_item` as an element of the name it is given.
    ///
    /// In encoded mode the element carries `xsi:type` and the array type (`soapenc:arrayType=
    /// "xsd:int[2,3]"`, or SOAP 1.2's `enc:itemType` and `enc:arraySize`); the items of a
    /// sparse array carry `soapenc:position` (SOAP 1.2, which has no sparse arrays, and
    /// literal mode write nil items in the gaps).
    pub fn write_content(
        &self,
        w: &mut XmlWriter,
        item_type: &str,
        mut write_item: impl FnMut(&mut XmlWriter, &str, &T),
    ) {
        w.array_type_attributes(item_type, &self.dimensions);
        let positioned = w.encoding() == Some(SoapEncoding::Soap11);
        match &self.positions {
            None => {
                for item in &self.items {
                    write_item(w, "item", item);
                }
            }
            Some(positions) if positioned => {
                let mut attribute = String::new();
                for (item, &position) in self.items.iter().zip(positions) {
                    attribute.clear();
                    attribute.push_str(" soapenc:position=\"[");
                    push_position(&mut attribute, position, &self.dimensions);
                    attribute.push_str("]\"");
                    let start = w.len();
                    write_item(w, "item", item);
                    w.insert_after_name(start, "item", &attribute);
                }
            }
            Some(positions) => {
                let mut next = 0;
                for (item, &position) in self.items.iter().zip(positions) {
                    for _ in next..position {
                        w.nil_element("item");
                    }
                    write_item(w, "item", item);
                    next = position + 1;
                }
            }
        }
    }

    /// Reads the array `element`: every child is an item, whatever its name, read by
    /// `read_item`; nil items are gaps. The declared size is a hint: only the items present
    /// are held. `soapenc:arrayType` (or SOAP 1.2's `enc:arraySize`) gives the dimensions,
    /// `soapenc:offset` and `soapenc:position` the positions.
    pub fn read<'a>(
        r: &mut XmlReader<'a>,
        element: &Element<'a>,
        mut read_item: impl FnMut(&mut XmlReader<'a>, &Element<'a>) -> Result<T>,
    ) -> Result<Self> {
        let declared = declared_dimensions(r, element)?;
        let mut next = match r.attribute(element, Some(SOAP_ENCODING_NAMESPACE), "offset")? {
            Some(offset) => parse_position(r, &offset, declared.as_deref())?,
            None => 0,
        };
        let mut items = Vec::new();
        let mut positions = Vec::new();
        let mut gaps = next > 0;
        while let Some(child) = r.next_child(element)? {
            if let Some(position) =
                r.attribute(&child, Some(SOAP_ENCODING_NAMESPACE), "position")?
            {
                let position = parse_position(r, &position, declared.as_deref())?;
                if position < next {
                    return Err(r.error(DecodeErrorKind::Invalid(format!(
                        "array item at position {position} comes after position {}",
                        next.saturating_sub(1)
                    ))));
                }
                gaps |= position > next;
                next = position;
            }
            if r.is_nil(&child)? {
                gaps = true;
            } else {
                items.push(read_item(r, &child)?);
                positions.push(next);
            }
            next += 1;
        }
        let dimensions = match declared {
            Some(dimensions) if dimensions.len() > 1 => {
                let size = size_of(&dimensions)
                    .map_err(|e| r.error(DecodeErrorKind::Invalid(e.to_string())))?;
                if next > size {
                    return Err(r.error(DecodeErrorKind::Invalid(format!(
                        "array items reach position {} of dimensions {dimensions:?}",
                        next - 1
                    ))));
                }
                dimensions
            }
            // One dimension: the declared length counts only where items leave gaps.
            Some(dimensions) if gaps => vec![dimensions[0].max(next)],
            _ => vec![next],
        };
        Ok(SoapArray::normalized(items, dimensions, positions))
    }
}

/// The number of positions of `dimensions`, or an error when it overflows.
fn size_of(dimensions: &[usize]) -> std::result::Result<usize, ArrayShapeError> {
    dimensions
        .iter()
        .try_fold(1usize, |size, &d| size.checked_mul(d))
        .ok_or_else(|| ArrayShapeError(format!("dimensions {dimensions:?} overflow")))
}

/// Writes the multi-index of row-major `position` in `dimensions` (`1,2`).
fn push_position(out: &mut String, position: usize, dimensions: &[usize]) {
    let mut index = vec![0; dimensions.len()];
    let mut rest = position;
    for (slot, &d) in index.iter_mut().zip(dimensions).rev() {
        if d > 0 {
            *slot = rest % d;
            rest /= d;
        }
    }
    for (i, value) in index.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(itoa::Buffer::new().format(*value));
    }
}

/// The dimensions an array element declares: from `soapenc:arrayType="T[2,3]"` (the last
/// bracket pair; `[]` and `[,]` declare none) or SOAP 1.2's `enc:arraySize="2 3"` (`*` for
/// an unknown size).
fn declared_dimensions<'a>(r: &XmlReader<'a>, element: &Element<'a>) -> Result<Option<Vec<usize>>> {
    if let Some(array_type) = r.attribute(element, Some(SOAP_ENCODING_NAMESPACE), "arrayType")? {
        let sizes = array_type
            .rfind('[')
            .and_then(|open| array_type[open + 1..].strip_suffix(']'))
            .ok_or_else(|| {
                r.error(DecodeErrorKind::Invalid(format!(
                    "soapenc:arrayType {:?} has no dimensions",
                    crate::excerpt::bounded(&array_type, 64)
                )))
            })?;
        return parse_sizes(r, sizes.split(','), &array_type);
    }
    if let Some(size) = r.attribute(element, Some(SOAP12_ENCODING_NAMESPACE), "arraySize")? {
        return parse_sizes(r, size.split_ascii_whitespace(), &size);
    }
    Ok(None)
}

/// Sizes such as `2,3`; `None` when any is left out (`[]`, `[,]`, `*`).
fn parse_sizes<'s>(
    r: &XmlReader<'_>,
    sizes: impl Iterator<Item = &'s str>,
    whole: &str,
) -> Result<Option<Vec<usize>>> {
    let mut dimensions = Vec::new();
    for size in sizes {
        let size = size.trim();
        if size.is_empty() || size == "*" {
            return Ok(None);
        }
        let Ok(size) = size.parse::<usize>() else {
            return Err(r.error(DecodeErrorKind::Invalid(format!(
                "array size {:?} is not a number",
                crate::excerpt::bounded(whole, 64)
            ))));
        };
        dimensions.push(size);
    }
    Ok((!dimensions.is_empty()).then_some(dimensions))
}

/// The row-major position a `soapenc:position`/`offset` value (`[2]`, `[1,2]`) names.
fn parse_position(r: &XmlReader<'_>, value: &str, dimensions: Option<&[usize]>) -> Result<usize> {
    let invalid = || {
        r.error(DecodeErrorKind::Invalid(format!(
            "array position {:?} is not `[i]` or `[i,j,…]` within the array's dimensions",
            crate::excerpt::bounded(value, 64)
        )))
    };
    let inner = value
        .trim()
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .ok_or_else(invalid)?;
    let index: Vec<usize> = inner
        .split(',')
        .map(|i| i.trim().parse::<usize>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| invalid())?;
    match (index.as_slice(), dimensions) {
        ([single], _) => Ok(*single),
        (_, Some(dimensions)) if dimensions.len() == index.len() => index
            .iter()
            .zip(dimensions)
            .try_fold(0usize, |position, (&i, &d)| {
                (i < d)
                    .then(|| position.checked_mul(d)?.checked_add(i))
                    .flatten()
            })
            .ok_or_else(invalid),
        _ => Err(invalid()),
    }
}
