import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// One spectator's connection, on the I/O thread, whatever carries it (the `/spectate`
/// WebSocket, an Engine.IO session): the handler of exactly one connection, holding what it
/// shares with the spectator thread (its channel and controls) once admitted.
final class SpectatorConnection<G: Game>: MessageHandler {
    private unowned let service: SpectatorService<G>
    private var channel: SessionChannel?
    private var controls: ReplayControls?
    private let query: String?
    private var limiter: MessageRateLimiter

    init(service: SpectatorService<G>, query: String?, now: UInt64) {
        self.service = service
        self.query = query
        limiter = MessageRateLimiter(rate: max(1, service.maxMessagesPerSecond), now: now)
    }

    func connectionDidOpen(_ connection: any MessageConnection) {
        let wanted: Int?
        switch SpectatorService<G>.roomID(fromQuery: query) {
        case .success(let id): wanted = id
        case .failure(let error):
            refuse(connection, code: .replayUnavailable, detail: error.description)
            return
        }
        guard let room = service.room(wanted) else {
            refuse(connection, code: .replayUnavailable, detail: SpectateRequestError.noRoom(wanted).description)
            return
        }
        let channel = SessionChannel(connection: connection)
        let controls = ReplayControls()
        let stand = service.stand
        let arrival = SpectatorStand<G>.Arrival(roomID: room.id, tap: room.tap, peer: connection.clientDescription,
                                                channel: channel, controls: controls)
        guard stand.admit(arrival) else {
            refuse(connection, code: .serverFull, detail: "already \(stand.configuration.maxSpectators) spectators, the most at once")
            return
        }
        self.channel = channel
        self.controls = controls
    }

    func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        guard let controls else { return }
        guard limiter.admit(now: connection.loop.now) else {
            if limiter.floodSeconds >= MessageRateLimiter.floodKickSeconds {
                kick(connection, code: GameCloseCode.inputFlood.rawValue,
                     reason: "too many messages: over \(service.maxMessagesPerSecond)/s for \(MessageRateLimiter.floodKickSeconds) s")
            }
            return
        }
        do throws(WireError) {
            let type = try MessageType.of(payload)
            guard type == .replayControl else {
                service.kicksMalformed.increment()
                kick(connection, code: GameCloseCode.malformedMessage.rawValue,
                     reason: "malformed message: \(type) is not a spectator's control")
                return
            }
            // Play, pause, speed and seek mean nothing live; they are valid and ignored.
            controls.submit(try ReplayControlMessage.decode(payload).action)
        } catch {
            service.kicksMalformed.increment()
            kick(connection, code: GameCloseCode.malformedMessage.rawValue, reason: "malformed replayControl message: \(error)")
        }
    }

    func connection(_ connection: any MessageConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        kick(connection, code: WebSocketCloseCode.unsupportedData.rawValue, reason: "text messages are not part of the spectator protocol")
    }

    func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {
        forget()
    }

    /// The spectator is gone for good: the spectator thread drops it and its place is free at
    /// once. Once per connection.
    private func forget() {
        guard let controls else { return }
        controls.markClosed()
        service.stand.release()
        self.controls = nil
        channel = nil
    }

    func connectionOutboundDidDrain(_ connection: any MessageConnection) {
        channel?.socketDrained()
    }

    func connectionOutboundLimitExceeded(_ connection: any MessageConnection) -> OutboundLimitAction {
        // The spectator thread stops producing for a busy socket; passing the limit means the
        // spectator is gone in all but name.
        .disconnect
    }

    private func refuse(_ connection: any MessageConnection, code: GameCloseCode, detail: String) {
        kick(connection, code: code.rawValue, reason: "\(code.reason): \(detail)")
    }

    private func kick(_ connection: any MessageConnection, code: UInt16, reason: String) {
        guard connection.isOpen else { return }
        forget()
        SpectatorService<G>.logger.warning("spectator \(connection.clientDescription): closing: \(reason) (\(code))")
        connection.closeConnection(code: code, reason: WireText.truncated(reason, toUTF8Bytes: 123))
    }
}
