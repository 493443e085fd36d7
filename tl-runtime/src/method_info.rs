//! [`MethodInfo`]: what the methods table says about a function, readable
//! by generic code.

/// Who may call a function and which RPC errors it is documented to
/// return. Every generated function implements it; each constant is `None`
/// where the methods table given to the generator says nothing about the
/// function (or no table was given).
///
/// ```
/// use typelang_runtime::MethodInfo;
///
/// /// Whether a bot account may send `F`, as far as the table knows.
/// fn bot_may_call<F: MethodInfo>() -> Option<bool> {
///     F::USABLE_BY_BOTS
/// }
///
/// struct Ping;
/// impl MethodInfo for Ping {
///     const USABLE_BY_USERS: Option<bool> = Some(true);
///     const USABLE_BY_BOTS: Option<bool> = Some(true);
///     const ERRORS: Option<&'static [(i32, &'static str)]> = Some(&[]);
/// }
/// assert_eq!(bot_may_call::<Ping>(), Some(true));
/// ```
pub trait MethodInfo {
    /// Whether user accounts may call it.
    const USABLE_BY_USERS: Option<bool> = None;
    /// Whether bot accounts may call it.
    const USABLE_BY_BOTS: Option<bool> = None;
    /// The RPC errors it is documented to return, as `(code, name)`.
    const ERRORS: Option<&'static [(i32, &'static str)]> = None;
}
