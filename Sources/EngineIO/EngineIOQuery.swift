/// The query of an `/engine.io/` request, checked the way the protocol says: `EIO=4`,
/// `transport=polling|websocket`, and `sid` for every request but the handshake.
public struct EngineIOQuery: Equatable, Sendable {
    public enum Transport: String, Sendable { case polling, websocket }

    public var transport: Transport
    /// nil on the handshake.
    public var sid: String?

    /// Parses `query` (what follows `?`). Names may repeat in a URL; a repeated `EIO`,
    /// `transport` or `sid` is refused rather than guessed at. Other parameters (`t`, the
    /// cache-buster clients add, and the game's own) are ignored. The query is split on its
    /// bytes, not its characters: a combining mark after `&` would otherwise glue two
    /// parameters into one character and hide the second (found by fuzz-engineio).
    public static func parse(_ query: String?) -> Result<EngineIOQuery, EngineIOError> {
        var version: Substring?
        var transport: Substring?
        var sid: Substring?
        let utf8 = Substring(query ?? "").utf8
        for pair in utf8.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            let name = pair[pair.startIndex..<equals]
            let value = Substring(equals == pair.endIndex ? pair[equals...] : pair[pair.index(after: equals)...])
            if name.elementsEqual("EIO".utf8) {
                guard version == nil else { return .failure(.badRequest("EIO given twice")) }
                version = value
            } else if name.elementsEqual("transport".utf8) {
                guard transport == nil else { return .failure(.badRequest("transport given twice")) }
                transport = value
            } else if name.elementsEqual("sid".utf8) {
                guard sid == nil else { return .failure(.badRequest("sid given twice")) }
                sid = value
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
