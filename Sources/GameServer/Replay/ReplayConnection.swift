import Glibc
import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// One replay viewer's connection, on the I/O thread, whatever carries it (the `/replay`
/// WebSocket, an Engine.IO session): the handler of exactly one connection, holding what it
/// shares with the replay thread (its channel and controls) once admitted.
final class ReplayConnection<G: Game>: MessageHandler {
    private unowned let service: ReplayService<G>
    private var channel: SessionChannel?
    private var controls: ReplayControls?
    /// The request's query, which names the recording (`file=NAME.rec`).
    private let query: String?

    init(service: ReplayService<G>, query: String?) {
        self.service = service
        self.query = query
    }

    func connectionDidOpen(_ connection: any MessageConnection) {
        let fileName: String
        switch ReplayRequest.fileName(fromQuery: query) {
        case .success(let name):
            fileName = name
        case .failure(let error):
            refuse(connection, code: .replayUnavailable, detail: error.description)
            return
        }
        let directory = service.recordDirectory
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            refuse(connection, code: .replayUnavailable, detail: "no recording named \(fileName)")
            return
        }
        let channel = SessionChannel(connection: connection)
        let controls = ReplayControls()
        let theater = service.theater
        let arrival = ReplayTheater<G>.Arrival(path: path, fileName: fileName, peer: connection.clientDescription,
                                               channel: channel, controls: controls)
        guard theater.admit(arrival) else {
            refuse(connection, code: .serverFull, detail: "already showing \(theater.configuration.maxViewers) replays, the most at once")
            return
        }
        self.channel = channel
        self.controls = controls
    }

    func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        guard let controls else { return }
        do throws(WireError) {
            let type = try MessageType.of(payload)
            guard type == .replayControl else {
                kick(connection, code: GameCloseCode.malformedMessage.rawValue,
                     reason: "malformed message: \(type) is not a replay control")
                return
            }
            controls.submit(try ReplayControlMessage.decode(payload).action)
        } catch {
            kick(connection, code: GameCloseCode.malformedMessage.rawValue,
                 reason: "malformed replayControl message: \(error)")
        }
    }

    func connection(_ connection: any MessageConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        kick(connection, code: WebSocketCloseCode.unsupportedData.rawValue, reason: "text messages are not part of the replay protocol")
    }

    func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {
        forget()
    }

    /// The viewer is gone for good: the replay thread drops it and its place is free at once
    /// (not only once the closing handshake ends). Once per connection.
    private func forget() {
        guard let controls else { return }
        controls.markClosed()
        service.theater.release()
        self.controls = nil
        channel = nil
    }

    func connectionOutboundDidDrain(_ connection: any MessageConnection) {
        channel?.socketDrained()
    }

    func connectionOutboundLimitExceeded(_ connection: any MessageConnection) -> OutboundLimitAction {
        // The replay thread stops producing for a busy socket; passing the limit means the
        // viewer is gone in all but name.
        .disconnect
    }

    private func refuse(_ connection: any MessageConnection, code: GameCloseCode, detail: String) {
        kick(connection, code: code.rawValue, reason: "\(code.reason): \(detail)")
    }

    private func kick(_ connection: any MessageConnection, code: UInt16, reason: String) {
        guard connection.isOpen else { return }
        forget()
        ReplayService<G>.logger.warning("replay \(connection.clientDescription): closing: \(reason) (\(code))")
        connection.closeConnection(code: code, reason: WireText.truncated(reason, toUTF8Bytes: 123))
    }
}
