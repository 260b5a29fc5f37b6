/// The query of an `/engine.io/` request, checked the way the protocol says: `EIO=4`,
/// `transport=polling|websocket`, and `sid` for every request but the handshake.
public struct EngineIOQuery: Equatable, Sendable {
    public enum Transport: String, Sendable { case polling, websocket }

    public var transport: Transport
    /// nil on the handshake.
    public var sid: String?

    /// Parses `query` (what follows `?`). Names may repeat in a URL; a repeated `EIO`,
    /// `transport` or `sid` is refused rather than guessed at. Other parameters (`t`, the
    /// cache-buster clients add, and the game's own) are ignored.
    public static func parse(_ query: String?) -> Result<EngineIOQuery, EngineIOError> {
        var version: Substring?
        var transport: Substring?
        var sid: Substring?
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count == 2 ? parts[1] : ""
            switch parts[0] {
            case "EIO":
                guard version == nil else { return .failure(.badRequest("EIO given twice")) }
                version = value
            case "transport":
                guard transport == nil else { return .failure(.badRequest("transport given twice")) }
                transport = value
            case "sid":
                guard sid == nil else { return .failure(.badRequest("sid given twice")) }
                sid = value
            default:
                continue
            }
        }
        guard version == "4" else { return .failure(.unsupportedProtocolVersion) }
        guard let name = transport, let known = Transport(rawValue: String(name)) else { return .failure(.unknownTransport) }
        if let sid {
            guard EngineIOSessionID.isWellFormed(sid) else { return .failure(.unknownSession) }
        }
        return .success(EngineIOQuery(transport: known, sid: sid.map(String.init)))
    }
}
