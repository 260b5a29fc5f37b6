/// How a fleet splits over the transports: `websocket`, `polling`, or `mix:W,P` (W bots on
/// WebSocket for every P on long-polling, spread evenly through the join order, so churn
/// replacements and every slice of a ramp keep the ratio).
public struct TransportMix: Sendable, Equatable, CustomStringConvertible {
    public var webSocket: Int
    public var polling: Int

    public init(webSocket: Int, polling: Int) {
        precondition(webSocket >= 0 && polling >= 0 && webSocket + polling > 0)
        self.webSocket = webSocket
        self.polling = polling
    }

    public static let allWebSocket = TransportMix(webSocket: 1, polling: 0)

    public static func parse(_ text: String) -> Result<TransportMix, BehaviorMix.ParseError> {
        switch text {
        case "websocket": return .success(.allWebSocket)
        case "polling": return .success(TransportMix(webSocket: 0, polling: 1))
        default: break
        }
        let usage = "use websocket, polling or mix:W,P (bots on WebSocket and on long-polling, e.g. mix:3,1)"
        guard text.hasPrefix("mix:") else { return .failure(.init(message: "unknown transport '\(text)'; \(usage)")) }
        let parts = text.dropFirst(4).split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let p = Int(parts[1]), (0...100_000).contains(w), (0...100_000).contains(p), w + p > 0 else {
            return .failure(.init(message: "bad transport mix '\(text)'; \(usage)"))
        }
        return .success(TransportMix(webSocket: w, polling: p))
    }

    /// Both transports carry part of the fleet.
    public var isMixed: Bool { webSocket > 0 && polling > 0 }

    /// The transport of bot `index`: polling when the running count of polling bots steps up
    /// at `index`.
    public func transport(of index: Int) -> ClientTransport {
        let total = webSocket + polling
        return (index + 1) * polling / total > index * polling / total ? .polling : .webSocket
    }

    public var description: String {
        if polling == 0 { return "websocket" }
        if webSocket == 0 { return "polling" }
        return "mix:\(webSocket),\(polling)"
    }
}
