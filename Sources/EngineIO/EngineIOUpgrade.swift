import Platform
import WebSocket

/// The WebSocket of an Engine.IO session: the probe that may become its carrier, or a session
/// opened on WebSocket directly. Passes frames to the session, which decides what they mean.
final class EngineIOUpgrade: WebSocketDelegate {
    private let socket: EngineIOSocket
    private let direct: Bool
    private var deadline: TimerHandle?

    init(socket: EngineIOSocket, direct: Bool) {
        self.socket = socket
        self.direct = direct
    }

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        if direct {
            socket.openDirect(on: connection)
            socket.handler.connectionDidOpen(socket)
            return
        }
        guard socket.isOpen, case .polling = socket.carrier else {
            connection.close(code: .policyViolation, reason: "no upgrade for this session now")
            return
        }
        socket.carrier = .upgrading(connection)
        // A probe that never completes must not hold a socket: the client went back to polling.
        let timeout = socket.loop.now + EngineIOServer.upgradeTimeout
        deadline = connection.loop.schedule(at: timeout) { [weak connection, socket] in
            guard let connection, case .upgrading(let probe) = socket.carrier, probe === connection else { return }
            connection.close(code: .policyViolation, reason: "upgrade not completed in time")
        }
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        guard case .upgrading(let probe) = socket.carrier, probe === connection else {
            socket.receivedText(payload, on: connection)
            return
        }
        switch EngineIOPacket.decodeText(ArraySlice(payload), allowsBase64Binary: false) {
        case .success(.ping("probe")):
            socket.probed(on: connection)
        case .success(.upgrade):
            if let deadline { connection.loop.cancel(deadline) }
            socket.upgraded(to: connection)
        default:
            connection.close(code: .protocolError, reason: "expected 2probe then 5")
        }
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        guard case .webSocket(let current) = socket.carrier, current === connection else { return }
        socket.receivedBinary(payload)
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        if let deadline { connection.loop.cancel(deadline) }
        socket.webSocketClosed(connection, code: code.rawValue, reason: reason)
    }

    func webSocketOutboundDidDrain(_ connection: WebSocketConnection) {
        guard case .webSocket(let current) = socket.carrier, current === connection else { return }
        socket.webSocketDrained()
    }

    func webSocketOutboundLimitExceeded(_ connection: WebSocketConnection) -> OutboundLimitAction {
        socket.handler.connectionOutboundLimitExceeded(socket)
    }
}
