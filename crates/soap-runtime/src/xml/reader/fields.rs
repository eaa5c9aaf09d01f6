//! What generated decoders do for each field, as one call each: read a child into the
//! field's slot, check that a required one was there, parse an attribute.
//!
//! A generated decoder is mostly a list of fields, and a crate of thousands of types holds
//! hundreds of thousands of them: each `?`, closure or `match` written out per field is
//! compiled again for each. Here each is compiled once, and a field costs the generated code
//! one call (the type's own reader passed as a function).

use std::borrow::Cow;

use super::{Element, XmlReader};
use crate::error::{DecodeErrorKind, Result};
use crate::xml::scalar::XmlScalar;

impl<'a> XmlReader<'a> {
    /// Reads `child` with `read` into `slot`, the local of a single-valued field (a later
    /// occurrence replaces an earlier one).
    #[inline]
    pub fn read_into<T>(
        &mut self,
        child: &Element<'a>,
        slot: &mut Option<T>,
        read: impl FnOnce(&mut Self, &Element<'a>) -> Result<T>,
    ) -> Result<()> {
        *slot = Some(read(self, child)?);
        Ok(())
    }

    /// Reads `child` with `read` into `place`, a required field, and notes it in `seen` (bit
    /// `bit`), which [`check_required`](Self::check_required) checks at the end.
    #[inline]
    pub fn read_required_into<T>(
        &mut self,
        child: &Element<'a>,
        place: &mut T,
        seen: &mut u64,
        bit: u32,
        read: impl FnOnce(&mut Self, &Element<'a>) -> Result<T>,
    ) -> Result<()> {
        *place = read(self, child)?;
        *seen |= 1 << bit;
        Ok(())
    }

    /// Checks that every required child of `parent` came: `names[i]` is the one that sets bit
    /// `i` of `seen`; the error names the first that did not.
    pub fn check_required(&self, parent: &Element<'a>, seen: u64, names: &[&str]) -> Result<()> {
        match names
            .iter()
            .enumerate()
            .find(|(bit, _)| seen & (1 << bit) == 0)
        {
            None => Ok(()),
            Some((_, name)) => Err(self.missing(parent, name)),
        }
    }

    /// As [`read_into`](Self::read_into), for an optional or nillable field: a nil `child`
    /// (`xsi:nil="true"`) leaves `slot` as it is.
    #[inline]
    pub fn read_unless_nil_into<T>(
        &mut self,
        child: &Element<'a>,
        slot: &mut Option<T>,
        read: impl FnOnce(&mut Self, &Element<'a>) -> Result<T>,
    ) -> Result<()> {
        if !self.is_nil(child)? {
            *slot = Some(read(self, child)?);
        }
        Ok(())
    }

    /// Reads `child` with `read` and appends it to `values`, the local of a repeated field.
    #[inline]
    pub fn read_push<T>(
        &mut self,
        child: &Element<'a>,
        values: &mut Vec<T>,
        read: impl FnOnce(&mut Self, &Element<'a>) -> Result<T>,
    ) -> Result<()> {
        values.push(read(self, child)?);
        Ok(())
    }

    /// Reads the children named `item` of the array wrapper `wrapper` with `read`, appending
    /// them to `values`; other children are skipped, and a nil wrapper holds no items.
    pub fn read_items<T>(
        &mut self,
        wrapper: &Element<'a>,
        item: &str,
        values: &mut Vec<T>,
        mut read: impl FnMut(&mut Self, &Element<'a>) -> Result<T>,
    ) -> Result<()> {
        if self.is_nil(wrapper)? {
            return Ok(());
        }
        while let Some(child) = self.next_child(wrapper)? {
            if child.local_name() == item {
                values.push(read(self, &child)?);
            }
        }
        Ok(())
    }

    /// The content of `element` as raw XML, owned (an `xs:anyType` value).
    #[inline]
    pub fn read_inner_raw_string(&mut self, element: &Element<'a>) -> Result<String> {
        self.read_inner_raw(element).map(str::to_owned)
    }

    /// The text of `element` converted by `parse` (a generated simple type's
    /// `from_xml_text`); text `parse` refuses is an error naming `type_name` and the value.
    pub fn read_parsed<T>(
        &mut self,
        element: &Element<'a>,
        type_name: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T> {
        let position = self.lexer.position();
        let text = self.read_text(element)?;
        match parse(&text) {
            Some(value) => Ok(value),
            None => Err(self.invalid_value(element, position, type_name, &text)),
        }
    }

    /// The value of a required child `local_name` of `parent`, or the error that it is
    /// missing.
    #[inline]
    pub fn required<T>(
        &self,
        value: Option<T>,
        parent: &Element<'a>,
        local_name: &str,
    ) -> Result<T> {
        match value {
            Some(value) => Ok(value),
            None => Err(self.missing(parent, local_name)),
        }
    }

    /// The value of a required attribute `local_name` of `element`, or the error that it is
    /// missing.
    #[inline]
    pub fn required_attribute<T>(
        &self,
        value: Option<T>,
        element: &Element<'a>,
        local_name: &str,
    ) -> Result<T> {
        match value {
            Some(value) => Ok(value),
            None => Err(self.error_at(
                Some(element),
                self.lexer.position(),
                DecodeErrorKind::Invalid(format!("missing required attribute {local_name}")),
            )),
        }
    }

    /// The attribute `(namespace, local_name)` of `element` as an owned string.
    #[inline]
    pub fn string_attribute(
        &self,
        element: &Element<'a>,
        namespace: Option<&str>,
        local_name: &str,
    ) -> Result<Option<String>> {
        Ok(self
            .attribute(element, namespace, local_name)?
            .map(Cow::into_owned))
    }

    /// The attribute `(namespace, local_name)` of `element` parsed as a scalar; an invalid
    /// lexical form is an error naming the XSD type and the value.
    pub fn scalar_attribute<T: XmlScalar>(
        &self,
        element: &Element<'a>,
        namespace: Option<&str>,
        local_name: &str,
    ) -> Result<Option<T>> {
        self.parsed_attribute(
            element,
            namespace,
            local_name,
            T::XSD_TYPE,
            T::parse_lexical,
        )
    }

    /// The attribute `(namespace, local_name)` of `element` converted by `parse` (a generated
    /// simple type's `from_xml_text`); text `parse` refuses is an error naming `type_name`
    /// and the value.
    pub fn parsed_attribute<T>(
        &self,
        element: &Element<'a>,
        namespace: Option<&str>,
        local_name: &str,
        type_name: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>> {
        let Some(text) = self.attribute(element, namespace, local_name)? else {
            return Ok(None);
        };
        match parse(&text) {
            Some(value) => Ok(Some(value)),
            None => Err(self.invalid_value(element, self.lexer.position(), type_name, &text)),
        }
    }

    /// The error for `text`, found at byte `position` in `element` (its text or an
    /// attribute), that is no value of `type_name`.
    pub(super) fn invalid_value(
        &self,
        element: &Element<'a>,
        position: usize,
        type_name: &'static str,
        text: &str,
    ) -> crate::Error {
        self.error_at(
            Some(element),
            position,
            DecodeErrorKind::InvalidValue {
                type_name,
                value: crate::error::snippet(text, 64),
            },
        )
    }
}
