//! The wire ids the decoder knows by heart, beyond those tl-runtime
//! already exports (`VECTOR_ID`, `BOOL_TRUE_ID`, `BOOL_FALSE_ID`,
//! `RPC_ERROR_ID`, used from there directly).
//!
//! The one place in this crate that spells an id.

/// `true#3fedd339 = True;`
// TODO(integration): use tl_runtime::primitives::TRUE_ID
pub(crate) const TRUE_ID: u32 = 0x3fed_d339;

/// `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;`
// TODO(integration): use tl_runtime::mtproto::RPC_RESULT_ID
pub(crate) const RPC_RESULT_ID: u32 = 0xf35c_6d01;

/// `msg_container#73f1f8dc messages:vector<message> = MessageContainer;`
// TODO(integration): use tl_runtime::mtproto::MSG_CONTAINER_ID
pub(crate) const MSG_CONTAINER_ID: u32 = 0x73f1_f8dc;

/// `gzip_packed#3072cfa1 packed_data:bytes = Object;`
// TODO(integration): use tl_runtime::mtproto::GZIP_PACKED_ID
pub(crate) const GZIP_PACKED_ID: u32 = 0x3072_cfa1;
