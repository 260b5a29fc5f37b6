/// The open packet's JSON: the session id, the transports it may upgrade to, and the times and
/// size limit the client must keep to.
public struct EngineIOHandshake: Equatable, Sendable {
    public var sid: String
    public var upgrades: [String]
    /// Milliseconds between the server's pings.
    public var pingInterval: Int
    /// Milliseconds the server waits for a pong (and the client for a ping) beyond that.
    public var pingTimeout: Int
    /// Largest POST body (and WebSocket message) accepted, in bytes.
    public var maxPayload: Int

    public init(sid: String, upgrades: [String], pingInterval: Int, pingTimeout: Int, maxPayload: Int) {
        self.sid = sid
        self.upgrades = upgrades
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.maxPayload = maxPayload
    }

    /// Compact JSON in the order the reference server writes it. The sid's alphabet and the
    /// transport names need no escaping.
    public var json: String {
        let list = upgrades.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"sid":"\#(sid)","upgrades":[\#(list)],"pingInterval":\#(pingInterval),"pingTimeout":\#(pingTimeout),"maxPayload":\#(maxPayload)}"#
    }
}
