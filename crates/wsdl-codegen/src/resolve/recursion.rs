//! Recursion: which fields must be boxed so that every Rust type has a finite size.
//!
//! Types form a graph whose edges are fields held by value (not in a `Vec`). A field
//! declared with a base type that has derived types holds its sum type, which keeps the base
//! inline, boxes each derived type from which nothing concrete derives and holds the others'
//! sum types inline (see [`crate::ir::Ir::sum_variants`]): the edges go to the base and to
//! what those nested sum types hold inline. A field whose
//! element heads a substitution group holds any member's value inline: it has an edge to
//! every member's type. A struct holding its base's members in a field has an edge to the
//! base, never boxed. A by-value field whose target lies in the same strongly connected
//! component as its owner closes a cycle and is boxed.

use crate::ir::{
    ElementField, GlobalElement, Ir, Member, SumVariant, TypeId, TypeKind, TypeRef, VariantContent,
};

/// Sets `boxed` on every field that closes a cycle of by-value containment, then
/// [`Ir::nesting_depth`]: how deep values nest by value once those fields are boxed.
pub(crate) fn mark_boxed(ir: &mut Ir) {
    let inline = held_inline(ir);
    // Nothing is boxed yet: every by-value edge counts.
    let graph = by_value_graph(ir, &inline);
    let component = strongly_connected_components(&graph);
    let elements = &ir.elements;
    for (owner, ty) in ir.types.iter_mut().enumerate() {
        let same = |target: TypeRef| match target {
            TypeRef::Defined(TypeId(t)) => inline[t as usize]
                .iter()
                .any(|&held| component[held] == component[owner]),
            TypeRef::Builtin(_) => false,
        };
        let element_cycles = |e: &ElementField| element_targets(elements, e).any(same);
        match &mut ty.kind {
            TypeKind::Struct(s) => {
                for member in &mut s.members {
                    match member {
                        Member::Element(e) if !e.occurs.is_repeated() => {
                            e.boxed = element_cycles(e)
                        }
                        Member::Group(g) if !g.occurs.is_repeated() => {
                            g.boxed = same(TypeRef::Defined(g.ty))
                        }
                        _ => {}
                    }
                }
            }
            TypeKind::Choice(c) => {
                for variant in &mut c.variants {
                    match &mut variant.content {
                        VariantContent::Element(e) if !e.occurs.is_repeated() => {
                            e.boxed = element_cycles(e)
                        }
                        VariantContent::Group(g) if !g.occurs.is_repeated() => {
                            g.boxed = same(TypeRef::Defined(g.ty))
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let unboxed = by_value_graph(ir, &inline);
    ir.nesting_depth = longest_path(&unboxed);
}

/// The types an element field holds by value: its own, or each substitution group member's.
fn element_targets<'a>(
    elements: &'a [GlobalElement],
    field: &'a ElementField,
) -> impl Iterator<Item = TypeRef> + 'a {
    let members = field
        .substitution_head
        .is_some()
        .then_some(&field.substitutes)
        .into_iter()
        .flatten()
        .map(|e| elements[e.0 as usize].ty);
    let own = field.substitution_head.is_none().then_some(field.ty);
    own.into_iter().chain(members)
}

/// For each type, the types a value declared with it holds inline: the type itself, and for
/// a struct with a sum type, what the sum types nested in it hold (the types derived from it
/// that have concrete derived types, transitively).
fn held_inline(ir: &Ir) -> Vec<Vec<usize>> {
    (0..ir.types.len())
        .map(|index| {
            let mut held = vec![index];
            let mut next = 0;
            while let Some(&id) = held.get(next) {
                next += 1;
                if let TypeKind::Struct(s) = &ir.types[id].kind {
                    if s.sum_rust_name.is_some() {
                        held.extend(ir.sum_variants(TypeId(id as u32)).into_iter().filter_map(
                            |variant| match variant {
                                SumVariant::Sum(TypeId(nested)) => Some(nested as usize),
                                SumVariant::Struct(_) => None,
                            },
                        ));
                    }
                }
            }
            held
        })
        .collect()
}

/// Each type's edges of by-value containment (see [`by_value_edges`]).
fn by_value_graph(ir: &Ir, inline: &[Vec<usize>]) -> Vec<Vec<usize>> {
    ir.types
        .iter()
        .map(|t| by_value_edges(&ir.elements, &t.kind, inline))
        .collect()
}

/// Tarjan's algorithm, iterative (schemas can chain thousands of types).
/// Returns the component index of every node.
fn strongly_connected_components(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        // Each frame: (node, position in its edge list).
        let mut frames = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&target) = graph[node].get(*edge) {
                *edge += 1;
                if index[target] == UNVISITED {
                    index[target] = next_index;
                    low[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// The number of types on the longest path of `graph`, by an iterative depth-first search.
/// Boxing leaves no cycle; should one remain, its back edge is not followed. Past about a
/// hundred, the compiler needs a `recursion_limit` above its default to lay the types out
/// ([`Ir::recursion_limit`]).
fn longest_path(graph: &[Vec<usize>]) -> usize {
    const UNVISITED: usize = usize::MAX;
    const ON_PATH: usize = usize::MAX - 1;
    let mut depth = vec![UNVISITED; graph.len()];
    for root in 0..graph.len() {
        if depth[root] != UNVISITED {
            continue;
        }
        depth[root] = ON_PATH;
        let mut frames = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&target) = graph[node].get(*edge) {
                *edge += 1;
                if depth[target] == UNVISITED {
                    depth[target] = ON_PATH;
                    frames.push((target, 0));
                }
            } else {
                frames.pop();
                depth[node] = 1 + graph[node]
                    .iter()
                    .map(|&t| if depth[t] >= ON_PATH { 0 } else { depth[t] })
                    .max()
                    .unwrap_or(0);
            }
        }
    }
    depth.into_iter().max().unwrap_or(0)
}

/// The types a value of `kind` holds by value, through fields that are neither repeated nor
/// boxed (see [`held_inline`] for a field holding a sum type) and the base it holds whole (the
/// struct, not its sum type, and never boxed: a cycle through it is broken at one of its
/// fields).
fn by_value_edges(
    elements: &[GlobalElement],
    kind: &TypeKind,
    inline: &[Vec<usize>],
) -> Vec<usize> {
    let mut out = base_held_whole(kind);
    let mut add = |ty: TypeRef| {
        if let TypeRef::Defined(TypeId(t)) = ty {
            out.extend(&inline[t as usize]);
        }
    };
    let element = |e: &ElementField, add: &mut dyn FnMut(TypeRef)| {
        if !e.boxed && !e.occurs.is_repeated() {
            element_targets(elements, e).for_each(add);
        }
    };
    match kind {
        TypeKind::Struct(s) => {
            for member in &s.members {
                match member {
                    Member::Element(e) => element(e, &mut add),
                    Member::Group(g) if !g.boxed && !g.occurs.is_repeated() => {
                        add(TypeRef::Defined(g.ty))
                    }
                    _ => {}
                }
            }
        }
        TypeKind::Choice(c) => {
            for variant in &c.variants {
                match &variant.content {
                    VariantContent::Element(e) => element(e, &mut add),
                    VariantContent::Group(g) if !g.boxed && !g.occurs.is_repeated() => {
                        add(TypeRef::Defined(g.ty))
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// The base a struct holds whole ([`crate::ir::StructType::base_field`]), as a graph node.
fn base_held_whole(kind: &TypeKind) -> Vec<usize> {
    match kind {
        TypeKind::Struct(s) if s.base_field.is_some() => {
            s.base.map(|base| base.0 as usize).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone.
        let graph = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let c = strongly_connected_components(&graph);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
