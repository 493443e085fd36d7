//! Running a decode on a thread whose stack fits the depth limit.

/// Stack reserved per nesting level. Decoding, rendering and dropping a
/// tree each recurse once per level, and debug builds use several KiB per
/// level; the reservation is virtual memory, touched only when used.
const STACK_PER_LEVEL: usize = 64 * 1024;
/// The stack of the thread is never smaller than this.
const MIN_STACK: usize = 8 * 1024 * 1024;

/// Runs `work` on a new thread whose stack is sized for values nested
/// `max_depth` levels deep, and returns its result.
///
/// The default limit
/// ([`DecodeOptions::DEFAULT_MAX_DEPTH`](typelang_runtime::DecodeOptions::DEFAULT_MAX_DEPTH),
/// 100) is safe on any ordinary thread; call this when the limit comes from
/// a user, and do the decoding, the rendering and the dropping of the tree
/// inside `work`. A panic in `work` is resumed on the calling thread.
///
/// ```
/// let sum = typelang_inspect::with_stack_for_depth(5_000, || 2 + 2).unwrap();
/// assert_eq!(sum, 4);
/// ```
///
/// # Errors
///
/// When the operating system refuses to start the thread.
pub fn with_stack_for_depth<R, F>(max_depth: usize, work: F) -> std::io::Result<R>
where
    F: FnOnce() -> R + Send,
    R: Send,
{
    let stack = STACK_PER_LEVEL.saturating_mul(max_depth).max(MIN_STACK);
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("tl-inspect".to_owned())
            .stack_size(stack)
            .spawn_scoped(scope, work)?;
        match handle.join() {
            Ok(result) => Ok(result),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
