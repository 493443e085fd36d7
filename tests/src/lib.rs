//! Consumer crate: generated Telegram types (filled in by the seed issue).
