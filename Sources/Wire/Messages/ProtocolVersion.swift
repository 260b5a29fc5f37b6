/// The version of the game protocol a client speaks, sent first in its `hello`.
///
/// Bump it whenever any layout in PROTOCOL.md changes (and regenerate the golden vectors).
/// Bytes 1 and 2 of a hello are the version in every version of the protocol, past and
/// future, so a server can always read it and answer a mismatch with
/// `GameCloseCode.protocolVersionMismatch` instead of "malformed message".
///
/// History: 1, the first; 2, inputs described by the game (`InputTable` in the welcome's
/// schema, input messages laid out by it); 3, the server's round-trip `probe` and the client's
/// `probeReply` (a version-3 client must answer probes: its views are checked against them).
public enum ProtocolVersion {
    public static let current: UInt16 = 3
}
