//! stackctl: a declarative AWS web stack in one `stack.yaml`, validated offline,
//! planned against live AWS, applied in dependency order.
//!
//! The core (`stack`, `graph`, `plan`, `apply`) never calls AWS and never prints;
//! `aws` is the provider behind the trait `apply` defines; `render` turns plans and
//! events into text; `commands` wires them together for `main`.

// No function over 80 lines of code (clippy.toml): a longer one does several
// jobs and gets split, so `cargo clippy -- -D warnings` fails on it.
#![warn(clippy::too_many_lines)]

pub mod apply;
pub mod aws;
pub mod cli;
pub mod commands;
pub mod export;
pub mod graph;
pub mod lock;
pub mod plan;
pub mod render;
pub mod stack;
