import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// The players' WebSocket endpoint (/play), on the I/O thread: checks the hello, seats the
/// player, decodes inputs into the room's inbox, answers pings, and turns every kind of bad
/// message into a close code with a reason, counted and logged. Nothing a client sends can
/// reach the game thread except well-formed, rate-limited inputs.
final class GameService<G: Game>: WebSocketDelegate {
    static var logger: Logger { Logger(label: "game.session") }

    /// Per connection, kept in `connection.context`.
    final class Session {
        var room: Room<G>?
        var player: PlayerID = 0
        var channel: SessionChannel?
        /// Token bucket for messages: refills `rate` per second up to `rate`.
        var tokens: Double
        var lastRefill: UInt64
        var floodSeconds = 0
        var floodWindowStart: UInt64
        var droppedInWindow = 0
        /// A hello arrived (even one that was refused): the hello deadline no longer applies.
        var helloSeen = false

        init(rate: Double, now: UInt64) {
            tokens = rate
            lastRefill = now
            floodWindowStart = now
        }
    }

    let lobby: Lobby<G>
    let metrics: ServerMetrics
    let configuration: GameServerConfiguration
    /// `Session`'s class, looked up once: `as? Session` on a generic class costs a metadata
    /// lookup on every message; comparing the object's class with this costs a load.
    private let sessionClass = ObjectIdentifier(Session.self)

    init(lobby: Lobby<G>, metrics: ServerMetrics, configuration: GameServerConfiguration) {
        self.lobby = lobby
        self.metrics = metrics
        self.configuration = configuration
    }

    /// The connection's session: exactly `connection.context as? Session`, without the
    /// generic metadata lookup (`Session` is final, so its class identifies it).
    @inline(__always)
    private func session(of connection: WebSocketConnection) -> Session? {
        guard let context = connection.context, ObjectIdentifier(type(of: context)) == sessionClass else { return nil }
        return unsafeDowncast(context, to: Session.self)
    }

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        let session = Session(rate: Double(configuration.maxMessagesPerSecond), now: connection.loop.now)
        connection.context = session
        // One timer per upgrade, checked once: pings reset the transport's idle timer, so
        // only this deadline catches a socket that upgrades and never says hello.
        let seconds = configuration.helloTimeoutSeconds
        connection.loop.schedule(at: connection.loop.now + configuration.helloTimeout) { [weak self, weak connection, weak session] in
            guard let self, let connection, let session, session.room == nil, !session.helloSeen else { return }
            self.kick(connection, code: self.code(.helloTimeout), reason: "no hello within \(seconds) s", counter: self.metrics.kicksHelloTimeout)
        }
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        kick(connection, code: .unsupportedData, reason: "text messages are not part of the game protocol", counter: metrics.kicksMalformed)
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        guard let session = session(of: connection) else { return }
        guard let first = payload.first else {
            kick(connection, code: code(.malformedMessage), reason: "empty message", counter: metrics.kicksMalformed)
            return
        }
        let type = MessageType(rawValue: first)
        guard let room = session.room else {
            handleHello(connection, session: session, type: type, payload: payload)
            return
        }
        guard admit(session, now: connection.loop.now) else {
            metrics.inputsDroppedFlood.increment()
            if session.floodSeconds >= 3 {
                kick(connection, code: code(.inputFlood), reason: "too many messages: over \(configuration.maxMessagesPerSecond)/s for 3 s", counter: metrics.kicksFlood)
            }
            return
        }
        do throws(WireError) {
            switch type {
            case .input:
                // One validated pass into stack space, then one lock for all of the message's inputs.
                let player = session.player
                let dropped = try InputMessage.decodeAll(payload) { room.inbox.add(inputs: $0, from: player) }
                if dropped > 0 { metrics.inputsDroppedLate.increment(by: dropped) }
            case .ping:
                let ping = try PingMessage.decode(payload)
                var writer = BitWriter(capacity: 16)
                PongMessage(clientTime: ping.clientTime, serverTick: room.currentTick.load(ordering: .relaxed)).encode(into: &writer)
                writer.withFinishedBytes { _ = connection.send(binary: $0) }
            case .chat:
                let chat = try ChatMessage.decode(payload)
                room.inbox.add(chat: chat.text, from: session.player)
            case .hello:
                kick(connection, code: code(.unexpectedHello), reason: "hello sent twice", counter: metrics.kicksMalformed)
            default:
                kick(connection, code: code(.malformedMessage), reason: "unknown message type \(first)", counter: metrics.kicksMalformed)
            }
        } catch {
            kick(connection, code: code(.malformedMessage), reason: "malformed \(type) message: \(error)", counter: metrics.kicksMalformed)
        }
    }

    private func handleHello(_ connection: WebSocketConnection, session: Session, type: MessageType, payload: UnsafeRawBufferPointer) {
        session.helloSeen = true
        guard type == .hello else {
            kick(connection, code: code(.unexpectedHello), reason: "the first message must be hello", counter: metrics.kicksMalformed)
            return
        }
        let hello: HelloMessage
        do throws(WireError) {
            hello = try HelloMessage.decode(payload)
        } catch {
            kick(connection, code: code(.malformedMessage), reason: "malformed hello: \(error)", counter: metrics.kicksMalformed)
            return
        }
        guard hello.version == ProtocolVersion.current else {
            kick(connection, code: code(.protocolVersionMismatch),
                 reason: "protocol version \(hello.version) is not supported; this server speaks \(ProtocolVersion.current)",
                 counter: metrics.kicksProtocol)
            return
        }
        let channel = SessionChannel(connection: connection)
        var random = SystemRandomNumberGenerator()
        let name = hello.name.isEmpty ? "player" : hello.name
        if let token = hello.resumeToken, let (room, player) = lobby.resume(token: token, channel: channel) {
            session.room = room
            session.player = player
            session.channel = channel
            Self.logger.info("\(connection.peer) resumed player \(player) in room \(room.id)")
            return
        }
        guard let (room, player) = lobby.seat(name: name, channel: channel, resumeToken: random.next()) else {
            kick(connection, code: code(.serverFull), reason: "server full", counter: metrics.kicksFull)
            return
        }
        session.room = room
        session.player = player
        session.channel = channel
        Self.logger.info("\(connection.peer) joined room \(room.id) as player \(player) '\(name)'")
    }

    /// Token bucket; also tracks how many consecutive seconds had drops, for the flood kick.
    private func admit(_ session: Session, now: UInt64) -> Bool {
        let rate = Double(configuration.maxMessagesPerSecond)
        session.tokens = min(rate, session.tokens + Double(now - session.lastRefill) * rate / 1e9)
        session.lastRefill = now
        if now - session.floodWindowStart >= 1_000_000_000 {
            session.floodSeconds = session.droppedInWindow > 0 ? session.floodSeconds + 1 : 0
            session.droppedInWindow = 0
            session.floodWindowStart = now
        }
        if session.tokens >= 1 {
            session.tokens -= 1
            return true
        }
        session.droppedInWindow += 1
        return false
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        guard let session = session(of: connection), let room = session.room, let channel = session.channel else { return }
        room.inbox.disconnected(session.player, channel: channel)
        session.room = nil
    }

    func webSocketOutboundDidDrain(_ connection: WebSocketConnection) {
        session(of: connection)?.channel?.socketDrained()
    }

    func webSocketOutboundLimitExceeded(_ connection: WebSocketConnection) -> OutboundLimitAction {
        // The room stops producing for a busy socket, so only events and a welcome can queue;
        // passing the limit means the client is gone in all but name.
        metrics.kicksSlow.increment()
        return .disconnect
    }

    private func code(_ code: GameCloseCode) -> WebSocketCloseCode { WebSocketCloseCode(rawValue: code.rawValue) }

    private func kick(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String, counter: Counter) {
        guard connection.isOpen else { return }
        counter.increment()
        Self.logger.warning("closing \(connection.peer): \(reason) (\(code.rawValue))")
        connection.close(code: code, reason: reason)
    }
}
