//! Exports of the stack to other tools' formats.

pub mod terraform;
