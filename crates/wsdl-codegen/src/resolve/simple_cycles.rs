//! Simple types that restrict, list or unite themselves, directly or through other simple
//! types. Such a type has no value space, so it has no reading: generated from, it would not
//! compile (a newtype of itself) or would overflow the stack when decoding (a list of itself).
//! Each cycle is an error at the definition of the first of its types met in document order.

use super::{Origin, Resolver};
use crate::ir::{TypeKind, TypeRef};

impl Resolver<'_> {
    /// Reports every cycle among simple types, once. Runs when every type is complete.
    pub(super) fn report_circular_simple_types(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Unvisited,
            OnPath,
            Done,
        }
        let count = self.slots.len();
        let mut marks = vec![Mark::Unvisited; count];
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        for start in 0..count {
            if marks[start] != Mark::Unvisited {
                continue;
            }
            // Depth-first, without recursion: the path, and for each of its types the
            // position of the next simple type it refers to.
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            marks[start] = Mark::OnPath;
            while let Some(&mut (index, ref mut next)) = path.last_mut() {
                let targets = self.simple_type_targets(index);
                match targets.get(*next) {
                    Some(&target) => {
                        *next += 1;
                        match marks[target] {
                            Mark::Unvisited => {
                                marks[target] = Mark::OnPath;
                                path.push((target, 0));
                            }
                            Mark::OnPath => {
                                let from = path.iter().position(|&(i, _)| i == target);
                                let cycle = path[from.unwrap_or(0)..].iter().map(|&(i, _)| i);
                                cycles.push(cycle.collect());
                            }
                            Mark::Done => {}
                        }
                    }
                    None => {
                        marks[index] = Mark::Done;
                        path.pop();
                    }
                }
            }
        }
        for cycle in cycles {
            let names: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| self.slots[i].xml_name.to_string())
                .collect();
            let Some(span) = cycle.iter().find_map(|&i| match self.slots[i].origin {
                Origin::Simple { def, .. } => Some(def.span),
                _ => None,
            }) else {
                continue;
            };
            let message = if cycle.len() == 1 {
                format!(
                    "simple type {} is derived from itself (circular restriction, list or \
                     union): it has no values, so no reading",
                    names[0]
                )
            } else {
                format!(
                    "simple types derive from one another in a circle ({}; circular \
                     restriction, list or union): they have no values, so no reading",
                    names.join(" → ")
                )
            };
            self.error(span, message);
        }
    }

    /// The types a simple type is made of: a restriction's base, a list's item, a union's
    /// members. Empty for every other type.
    fn simple_type_targets(&self, index: usize) -> Vec<usize> {
        let refs: Vec<TypeRef> = match &self.slots[index].kind {
            Some(TypeKind::Restriction(r)) => vec![r.base],
            Some(TypeKind::Enumeration(e)) => vec![e.base],
            Some(TypeKind::List(l)) => vec![l.item],
            Some(TypeKind::Union(u)) => u.members.clone(),
            _ => Vec::new(),
        };
        refs.into_iter()
            .filter_map(|r| match r {
                TypeRef::Defined(id) => Some(id.0 as usize),
                TypeRef::Builtin(_) => None,
            })
            .collect()
    }
}
