import Platform

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

extension EngineIOHandshake {
    /// The open packet's JSON as a client reads it, strictly (one object, no duplicate keys):
    /// `sid` a string of 1...64 bytes, the three limits whole positive numbers. `upgrades` is
    /// checked to be an array but read as empty: the reader keeps no array contents, and a
    /// client that stays on polling needs none.
    public static func parse(_ json: some StringProtocol) -> Result<EngineIOHandshake, EngineIOError> {
        guard case .success(let members) = JSONObjectReader.parse(Array(json.utf8)) else {
            return .failure(.malformed("the open packet is not a JSON object"))
        }
        guard case .string(let sid)? = members["sid"], (1...64).contains(sid.utf8.count) else {
            return .failure(.malformed("the open packet has no sid"))
        }
        func limit(_ key: String) -> Int? {
            guard case .number(let number)? = members[key], let value = number.floor, value > 0,
                  value == number.ceiling, value <= Int64(Int32.max) else { return nil }
            return Int(value)
        }
        guard let interval = limit("pingInterval"), let timeout = limit("pingTimeout"), let maxPayload = limit("maxPayload") else {
            return .failure(.malformed("the open packet lacks pingInterval, pingTimeout or maxPayload"))
        }
        if let upgrades = members["upgrades"], upgrades != .array {
            return .failure(.malformed("the open packet's upgrades is not an array"))
        }
        return .success(EngineIOHandshake(sid: sid, upgrades: [], pingInterval: interval, pingTimeout: timeout, maxPayload: maxPayload))
    }
}
