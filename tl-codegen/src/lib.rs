//! Rust code generation from TL schemas.
