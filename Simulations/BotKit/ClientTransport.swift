import EngineIO
import WebSocket

/// What carries a headless client's messages: the two ways a browser reaches the server.
public enum ClientTransport: Int, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case webSocket
    /// Engine.IO long-polling, never upgraded: where WebSocket is blocked.
    case polling

    /// The name flags, reports and JSON use.
    public var description: String {
        switch self {
        case .webSocket: "websocket"
        case .polling: "polling"
        }
    }
}

/// A connection whose reading can be paused, as a stalled player's would be.
protocol ReadSuspending: AnyObject {
    var isReadingSuspended: Bool { get set }
}

extension WebSocketConnection: ReadSuspending {}
extension EngineIOClient: ReadSuspending {}
