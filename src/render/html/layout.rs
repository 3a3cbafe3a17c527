//! Layered layout: a node's column is its depth in the dependency DAG (0 for
//! what needs nothing, else one more than the deepest thing it needs), so every
//! edge runs from a higher column to a strictly lower one; rows keep the input
//! order within a column (the plan's apply order), which makes it deterministic.

use super::Link;

/// Where one node goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub column: usize,
    pub row: usize,
}

/// Places `count` nodes. A cycle (never produced by the graph, which is acyclic
/// by construction) stops deepening after `count` rounds instead of looping.
pub fn place(count: usize, links: &[Link]) -> Vec<Place> {
    let mut depth = vec![0usize; count];
    for _ in 0..=count {
        let mut changed = false;
        for l in links {
            if depth[l.from] < depth[l.to] + 1 {
                depth[l.from] = depth[l.to] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut next_row = vec![0usize; count.max(1)];
    depth
        .iter()
        .map(|&column| {
            let row = next_row[column.min(count - 1)];
            next_row[column.min(count - 1)] += 1;
            Place { column, row }
        })
        .collect()
}
