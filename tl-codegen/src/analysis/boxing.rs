//! Pass 6: boxing. Which enum variants, `Object` variants and bare fields
//! hold their payload in a `Box`.
//!
//! A value that contains itself inline has no size, so every cycle of the
//! "contains inline" graph (over enums, structs, functions and `Object`)
//! must go through a box. The graph is split into strongly connected
//! components; a variant (or bare field) whose target is in its own
//! component is boxed, which breaks every cycle (a `Vec` already does, so
//! vectors are no edges). Then sizes are estimated and variants whose
//! payload is larger than [`LARGE_VARIANT`] bytes are boxed too, which keeps
//! enums small and clippy's `large_enum_variant` quiet. The pass also
//! records each constructor's smallest bare wire size (`MIN_BARE_SIZE`).

use std::collections::{HashMap, HashSet};

use crate::ir::{Cond, Ir, ObjectTarget, Ty};

/// Variants whose payload is estimated above this many bytes are boxed.
pub const LARGE_VARIANT: usize = 128;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Node {
    Enum(usize),
    Struct(usize),
    Func(usize),
    Object,
}

fn inline_targets(t: &Ty, out: &mut Vec<Node>) {
    match t {
        Ty::Enum(e) => out.push(Node::Enum(e.0)),
        Ty::Bare(s) => out.push(Node::Struct(s.0)),
        Ty::Object => out.push(Node::Object),
        Ty::Array { elem, .. } => inline_targets(elem, out),
        // The arguments may be held inline by the instance (`Maybe Tree`
        // in a `Tree` is a cycle).
        Ty::EnumOf(e, args) => {
            out.push(Node::Enum(e.0));
            args.iter().for_each(|a| inline_targets(a, out));
        }
        Ty::BareOf(s, args) => {
            out.push(Node::Struct(s.0));
            args.iter().for_each(|a| inline_targets(a, out));
        }
        _ => {}
    }
}

/// Runs the pass: cycles first, then sizes, then large variants.
pub(super) fn run(ir: &mut Ir) {
    let mut nodes: Vec<Node> = Vec::new();
    nodes.extend((0..ir.enums.len()).map(Node::Enum));
    nodes.extend((0..ir.structs.len()).map(Node::Struct));
    nodes.extend((0..ir.functions.len()).map(Node::Func));
    if ir.object.is_some() {
        nodes.push(Node::Object);
    }
    let index: HashMap<Node, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let object_has_generic_fn = |ir: &Ir| ir.object.is_some();
    let succ = |ir: &Ir, n: Node| -> Vec<Node> {
        let mut out = Vec::new();
        match n {
            Node::Enum(e) => {
                for v in &ir.enums[e].variants {
                    if !ir.structs[v.ctor].is_unit() {
                        out.push(Node::Struct(v.ctor.0));
                    }
                }
            }
            Node::Struct(s) => {
                for f in &ir.structs[s].fields {
                    inline_targets(&f.ty, &mut out);
                }
            }
            Node::Func(s) => {
                for f in &ir.functions[s].fields {
                    if matches!(f.ty, Ty::Param(_)) && object_has_generic_fn(ir) {
                        out.push(Node::Object);
                    }
                    inline_targets(&f.ty, &mut out);
                }
            }
            Node::Object => {
                if let Some(o) = &ir.object {
                    for v in o {
                        match v.target {
                            ObjectTarget::Struct(s) => out.push(Node::Struct(s.0)),
                            ObjectTarget::Function(f) => out.push(Node::Func(f.0)),
                        }
                    }
                }
            }
        }
        out
    };
    // Tarjan's SCC (iterative).
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|&nd| succ(ir, nd).into_iter().map(|m| index[&m]).collect())
        .collect();
    let comp = tarjan(&adj);
    let same = |a: Node, b: Node| comp[index[&a]] == comp[index[&b]];
    for e in 0..ir.enums.len() {
        for vi in 0..ir.enums[e].variants.len() {
            let c = ir.enums[e].variants[vi].ctor;
            if !ir.structs[c].is_unit() && same(Node::Enum(e), Node::Struct(c.0)) {
                ir.enums[e].variants[vi].boxed = true;
            }
        }
    }
    for s in 0..ir.structs.len() {
        for fi in 0..ir.structs[s].fields.len() {
            if let Some(t) = ir.structs[s].fields[fi].ty.bare_struct()
                && same(Node::Struct(s), Node::Struct(t.0))
            {
                ir.structs[s].fields[fi].boxed = true;
            }
        }
    }
    for s in 0..ir.functions.len() {
        for fi in 0..ir.functions[s].fields.len() {
            if let Some(t) = ir.functions[s].fields[fi].ty.bare_struct()
                && same(Node::Func(s), Node::Struct(t.0))
            {
                ir.functions[s].fields[fi].boxed = true;
            }
        }
    }
    if let Some(mut o) = ir.object.take() {
        for v in o.iter_mut() {
            let target = match v.target {
                ObjectTarget::Struct(s) => Node::Struct(s.0),
                ObjectTarget::Function(f) => Node::Func(f.0),
            };
            v.boxed = same(Node::Object, target);
        }
        ir.object = Some(o);
    }

    // Sizes, now that cycles are broken. Memoised DFS.
    let mut sizes: HashMap<Node, usize> = HashMap::new();
    for e in 0..ir.enums.len() {
        node_size(ir, Node::Enum(e), &mut sizes);
    }
    for s in 0..ir.structs.len() {
        node_size(ir, Node::Struct(s), &mut sizes);
    }
    for s in 0..ir.functions.len() {
        node_size(ir, Node::Func(s), &mut sizes);
    }
    if let Some(mut o) = ir.object.take() {
        for v in o.iter_mut() {
            let (node, unit) = match v.target {
                ObjectTarget::Struct(s) => (Node::Struct(s.0), ir.structs[s].is_unit()),
                ObjectTarget::Function(f) => (Node::Func(f.0), ir.function(f).is_unit()),
            };
            if !unit && !v.boxed && node_size(ir, node, &mut sizes) > LARGE_VARIANT {
                v.boxed = true;
            }
        }
        ir.object = Some(o);
    }
    for (node, size) in sizes {
        match node {
            Node::Enum(e) => ir.enums[e].size = size,
            Node::Struct(s) => ir.structs[s].size = size,
            Node::Func(f) => ir.functions[f].size = size,
            Node::Object => {}
        }
    }
    // Minimum bare sizes (underestimates are safe).
    let mut mins: HashMap<usize, usize> = HashMap::new();
    for s in 0..ir.structs.len() {
        let m = min_bare(ir, s, &mut mins, &mut HashSet::new());
        ir.structs[s].min_bare = m;
    }
    box_large(ir);
}

fn min_bare(
    ir: &Ir,
    s: usize,
    memo: &mut HashMap<usize, usize>,
    visiting: &mut HashSet<usize>,
) -> usize {
    if let Some(&m) = memo.get(&s) {
        return m;
    }
    if !visiting.insert(s) {
        return 0;
    }
    let st = &ir.structs[s];
    let mut total = 4 * st.flag_words.len();
    for f in &st.fields {
        if f.cond != Cond::Always {
            continue;
        }
        total += match &f.ty {
            t if t.fixed_size().is_some() => t.fixed_size().unwrap_or(0),
            Ty::String | Ty::Bytes => 4,
            Ty::Vector { bare: false, .. } => 8,
            Ty::Vector { bare: true, .. } => 4,
            Ty::Enum(_) | Ty::EnumOf(..) | Ty::Object => 4,
            Ty::Bare(t) | Ty::BareOf(t, _) => min_bare(ir, t.0, memo, visiting),
            // A constructor's type parameter: any `Deserializable`, even
            // `()` (0 bytes); a function's is no struct's field.
            Ty::Param(_) => 0,
            _ => 0,
        };
    }
    visiting.remove(&s);
    memo.insert(s, total);
    total
}

fn ty_size(ir: &Ir, t: &Ty, boxed: bool, sizes: &mut HashMap<Node, usize>) -> usize {
    if boxed {
        return 8;
    }
    match t {
        Ty::Int | Ty::Nat => 4,
        Ty::Long | Ty::Double => 8,
        Ty::Bool => 1,
        Ty::Int128 => 16,
        Ty::Int256 => 32,
        Ty::String | Ty::Vector { .. } => 24,
        Ty::Bytes => 32,
        Ty::Param(_) => 8,
        Ty::Object => 16,
        Ty::True => 0,
        Ty::Array { elem, len } => len * ty_size(ir, elem, false, sizes),
        Ty::Enum(e) | Ty::EnumOf(e, _) => node_size(ir, Node::Enum(e.0), sizes),
        Ty::Bare(s) | Ty::BareOf(s, _) => node_size(ir, Node::Struct(s.0), sizes),
    }
}

fn node_size(ir: &Ir, n: Node, sizes: &mut HashMap<Node, usize>) -> usize {
    if let Some(&s) = sizes.get(&n) {
        return s;
    }
    // Guard against any cycle the boxing missed: count as a pointer.
    sizes.insert(n, 8);
    let size = match n {
        Node::Struct(_) | Node::Func(_) => {
            let st = match n {
                Node::Struct(s) => &ir.structs[s],
                Node::Func(f) => &ir.functions[f],
                _ => unreachable!(),
            };
            let mut total = 0;
            for f in &st.fields {
                let base = ty_size(ir, &f.ty, f.boxed, sizes);
                total += match f.cond {
                    Cond::Flag { .. }
                        if !f.boxed
                            && matches!(
                                f.ty,
                                Ty::Int
                                    | Ty::Long
                                    | Ty::Double
                                    | Ty::Nat
                                    | Ty::Int128
                                    | Ty::Int256
                                    | Ty::Bool
                            ) =>
                    {
                        base + base.min(8)
                    }
                    _ => base,
                };
            }
            total.div_ceil(8) * 8
        }
        Node::Enum(e) => {
            let mut payloads: Vec<(usize, usize)> = Vec::new();
            for (vi, v) in ir.enums[e].variants.iter().enumerate() {
                let s = if v.boxed || ir.structs[v.ctor].is_unit() {
                    if v.boxed { 8 } else { 0 }
                } else {
                    node_size(ir, Node::Struct(v.ctor.0), sizes)
                };
                payloads.push((vi, s));
            }
            let mut max = 0;
            for (_, s) in payloads {
                if s <= LARGE_VARIANT {
                    max = max.max(s);
                } else {
                    max = max.max(8);
                }
            }
            max + 8
        }
        Node::Object => 16,
    };
    sizes.insert(n, size);
    size
}

/// Marks large enum variants boxed (separate pass so `node_size` stays pure).
fn box_large(ir: &mut Ir) {
    for e in 0..ir.enums.len() {
        for vi in 0..ir.enums[e].variants.len() {
            let c = ir.enums[e].variants[vi].ctor;
            if !ir.enums[e].variants[vi].boxed && ir.structs[c].size > LARGE_VARIANT {
                ir.enums[e].variants[vi].boxed = true;
            }
        }
    }
}

fn tarjan(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < adj[v].len() {
                let w = adj[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    // A single node is only "in its own component" with itself when it has
    // a self-edge; give self-loop-free singletons distinct ids already (done),
    // and self-edges keep the same id, which is what boxing wants.
    comp
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::analyzed;

    #[test]
    fn cycles_are_boxed_and_vectors_break_them() {
        let ir = analyzed(
            "leaf#1 = Tree;\nbranch#2 l:Tree r:Tree = Tree;\nnode#3 kids:Vector<Tree> = Tree;\n",
        );
        let boxed: Vec<(&str, bool)> = ir.enums[0]
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.boxed))
            .collect();
        assert_eq!(boxed, [("Leaf", false), ("Branch", true), ("Node", false)]);
    }

    #[test]
    fn large_variants_are_boxed() {
        let ir = analyzed(
            "big#1 a:int256 b:int256 c:int256 d:int256 e:int256 = Big;\nsmall#2 a:int = Big;\n",
        );
        let boxed: Vec<bool> = ir.enums[0].variants.iter().map(|v| v.boxed).collect();
        assert_eq!(boxed, [true, false]);
        assert_eq!(ir.structs[0].min_bare, 160);
    }
}
