import WebSocket
import Platform
import Wire
import Simulation

/// A replay viewer for tests, built from client-side code only: it rebuilds its view from
/// the welcome and every snapshot (checking every view hash), keeps the events and the
/// latest status, and sends controls. Touched on the client loop only.
final class ReplayTestViewer: WebSocketDelegate, @unchecked Sendable {  // touched on the client loop only
    var connection: WebSocketConnection?
    var opened = false
    var closed: (code: UInt16, reason: String)?
    var world = ViewReconstructor()
    var welcomes: [WelcomeMessage] = []
    var statuses: [ReplayStatusMessage] = []
    var timeline: ReplayTimeline?
    var events: [GameEvent] = []
    /// Snapshot ticks in arrival order.
    var snapshotTicks: [UInt32] = []
    var errors: [String] = []

    var welcome: WelcomeMessage? { welcomes.last }
    var status: ReplayStatusMessage? { statuses.last }

    func send(_ action: ReplayAction) {
        connection?.send(binary: ReplayControlMessage(action).encoded())
    }

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        opened = true
        self.connection = connection
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        do {
            switch try MessageType.of(payload) {
            case .welcome:
                let welcome = try WelcomeMessage.decode(payload)
                welcomes.append(welcome)
                world.apply(welcome: welcome)
            case .snapshot:
                let result = try world.apply(snapshot: payload)
                snapshotTicks.append(result.header.tick)
            case .events:
                events.append(contentsOf: try EventsMessage.decode(payload).events)
            case .replayStatus:
                let status = try ReplayStatusMessage.decode(payload)
                if let timeline = status.timeline { self.timeline = timeline }
                statuses.append(status)
            case let other:
                errors.append("unexpected \(other)")
            }
        } catch {
            errors.append("\(error)")
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        closed = (code.rawValue, reason)
        self.connection = nil
    }
}
