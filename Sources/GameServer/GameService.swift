import Auth
import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// The players' WebSocket endpoint (/play), on the I/O thread: what every player's
/// connection shares — the lobby, the metrics, the limits — and the one way a connection is
/// kicked (counted, logged, closed with its code). Each upgrade gets its own `PlayConnection`,
/// whose `PlaySession` decides; nothing a client sends reaches the game thread except
/// well-formed, rate-limited inputs and chat.
final class GameService<G: Game> {
    static var logger: Logger { Logger(label: "game.session") }

    let lobby: Lobby<G>
    let metrics: ServerMetrics
    let configuration: GameServerConfiguration
    /// The game's input fields, read once for every connection's decoder.
    let inputTable = G.descriptor.inputs

    init(lobby: Lobby<G>, metrics: ServerMetrics, configuration: GameServerConfiguration) {
        self.lobby = lobby
        self.metrics = metrics
        self.configuration = configuration
    }

    /// The delegate for one new `/play` upgrade.
    func connection(now: UInt64, identity: JoinClaims? = nil) -> any MessageHandler {
        PlayConnection(service: self, now: now, identity: identity)
    }

    func kick(_ connection: any MessageConnection, code: UInt16, reason: String, cause: PlayAction.Cause) {
        guard connection.isOpen else { return }
        counter(for: cause).increment()
        Self.logger.warning("closing \(connection.clientDescription): \(reason) (\(code))")
        connection.closeConnection(code: code, reason: reason)
    }

    private func counter(for cause: PlayAction.Cause) -> Counter {
        switch cause {
        case .malformed: metrics.kicksMalformed
        case .protocolVersion: metrics.kicksProtocol
        case .flood: metrics.kicksFlood
        case .serverFull: metrics.kicksFull
        case .helloTimeout: metrics.kicksHelloTimeout
        }
    }
}
