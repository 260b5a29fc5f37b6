import Auth
import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// One player's connection, on the I/O thread, whatever carries it (the `/play` WebSocket, an
/// Engine.IO session): the handler of exactly one connection, so every callback already holds
/// its session (no per-message lookup). It feeds the
/// connection's events to its `PlaySession` and carries out the actions the session returns:
/// seating through the lobby, inputs and chat into the room's inbox, pongs, and kicks counted
/// and logged.
final class PlayConnection<G: Game>: MessageHandler {
    private unowned let service: GameService<G>
    private var session: PlaySession
    private var room: Room<G>?
    private var channel: SessionChannel?
    /// The player's round trip as measured by the server's probes (`ProbeMessage`).
    private var probe: RoundTripProbe

    /// The verified join token's claims, when the server requires tokens: they name the player.
    private let identity: JoinClaims?

    init(service: GameService<G>, now: UInt64, identity: JoinClaims? = nil) {
        self.service = service
        self.identity = identity
        var random = SystemRandomNumberGenerator()
        probe = RoundTripProbe(firstToken: random.next())
        session = PlaySession(maxMessagesPerSecond: service.configuration.maxMessagesPerSecond,
                              helloTimeoutSeconds: service.configuration.helloTimeoutSeconds,
                              inputTable: service.inputTable, now: now)
    }

    func connectionDidOpen(_ connection: any MessageConnection) {
        // One timer per upgrade, checked once: pings reset the transport's idle timer, so
        // only this deadline catches a socket that upgrades and never says hello.
        connection.loop.schedule(at: connection.loop.now + service.configuration.helloTimeout) { [weak self, weak connection] in
            guard let self, let connection else { return }
            self.perform(self.session.helloDeadlinePassed(), on: connection)
        }
    }

    func connection(_ connection: any MessageConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        perform(session.receiveText(), on: connection)
    }

    func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        let room = self.room, now = connection.loop.now, metrics = service.metrics
        let configuration = service.configuration
        let oldestView = room.flatMap {
            probe.oldestViewTick(currentTick: $0.currentTick.load(ordering: .relaxed), now: now, tickNanos: configuration.tickPeriod,
                                 allowance: configuration.viewAllowance, grace: configuration.roundTripGrace)
        }
        let action = session.receive(binary: payload, now: now) { player, inputs in
            guard let added = room?.inbox.add(inputs: inputs, from: player, oldestView: oldestView) else { return 0 }
            if added.clamped > 0 { metrics.viewClaimsClamped.increment(by: added.clamped) }
            return added.dropped
        }
        perform(action, on: connection)
    }

    func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {
        if let player = session.transportClosed(), let room, let channel {
            room.inbox.disconnected(player, channel: channel)
        }
        room = nil
    }

    func connectionOutboundDidDrain(_ connection: any MessageConnection) {
        channel?.socketDrained()
    }

    func connectionOutboundLimitExceeded(_ connection: any MessageConnection) -> OutboundLimitAction {
        // The room stops producing for a busy socket, so only events and a welcome can queue;
        // passing the limit means the client is gone in all but name.
        service.metrics.kicksSlow.increment()
        return .disconnect
    }

    private func perform(_ action: PlayAction, on connection: any MessageConnection) {
        switch action {
        case .none:
            break
        case .inputs(let droppedLate):
            if droppedLate > 0 { service.metrics.inputsDroppedLate.increment(by: droppedLate) }
            // Probed while the player plays (sends inputs): the inputs' claims are what it checks.
            if let token = probe.tokenToSend(now: connection.loop.now, interval: service.configuration.roundTripProbeInterval) {
                var writer = BitWriter(capacity: 16)
                ProbeMessage(token: token).encode(into: &writer)
                writer.withFinishedBytes { _ = connection.send(binary: $0) }
            }
        case .probeAnswered(let token):
            probe.answered(token: token, now: connection.loop.now)
        case .droppedFlood:
            service.metrics.inputsDroppedFlood.increment()
        case .droppedChat:
            service.metrics.chatDropped.increment()
        case .pong(let clientTime):
            guard let room else { return }
            var writer = BitWriter(capacity: 16)
            PongMessage(clientTime: clientTime, serverTick: room.currentTick.load(ordering: .relaxed)).encode(into: &writer)
            writer.withFinishedBytes { _ = connection.send(binary: $0) }
        case .chat(let text):
            if let player = session.player { room?.inbox.add(chat: text, from: player) }
        case .join(let name, let resumeToken):
            join(name: name, resumeToken: resumeToken, on: connection)
        case .close(let code, let reason, let cause):
            if cause == .flood { service.metrics.inputsDroppedFlood.increment() }
            service.kick(connection, code: code, reason: reason, cause: cause)
        }
    }

    private func join(name: String, resumeToken: UInt64?, on connection: any MessageConnection) {
        let name = identity?.name ?? name
        let channel = SessionChannel(connection: connection)
        let lobby = service.lobby
        if let token = resumeToken, let (room, player) = lobby.resume(token: token, channel: channel) {
            seat(room, player, channel)
            GameService<G>.logger.info("\(connection.clientDescription) resumed player \(player) in room \(room.id)")
            return
        }
        var random = SystemRandomNumberGenerator()
        guard let (room, player) = lobby.seat(name: name, channel: channel, resumeToken: random.next()) else {
            perform(session.joinRefused(reason: lobby.refusal ?? "server full"), on: connection)
            return
        }
        seat(room, player, channel)
        let id = identity.map { " (id \($0.subject))" } ?? ""
        GameService<G>.logger.info("\(connection.clientDescription) joined room \(room.id) as player \(player) '\(name)'\(id)")
    }

    private func seat(_ room: Room<G>, _ player: PlayerID, _ channel: SessionChannel) {
        session.seated(player)
        self.room = room
        self.channel = channel
    }
}
