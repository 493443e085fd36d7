//! Runtime for code generated from TL schemas.

mod traits;
pub use traits::{Deserializable, Identifiable, RemoteCall, Serializable};
