//! Parses TL (Type Language) schemas into a typed AST.

pub mod ast;
