import Glibc
import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// The replay endpoint (`/replay?file=NAME`), on the I/O thread: checks the name and the cap,
/// hands the viewer to the replay thread, and turns each `replayControl` into a request for
/// it. Every refusal is a close code with a reason, logged: 4008 for a name that is not a
/// recording's or a missing file (a damaged file is found by the replay thread, 4008 too),
/// 4004 when the server already shows its maximum of replays, 4001 for anything but a
/// well-formed `replayControl`, 1003 for text.
final class ReplayService<G: Game>: WebSocketDelegate {
    static var logger: Logger { Logger(label: "game.replay") }

    /// Per connection, kept in `connection.context`.
    final class Viewer {
        let channel: SessionChannel
        let controls: ReplayControls

        init(channel: SessionChannel, controls: ReplayControls) {
            self.channel = channel
            self.controls = controls
        }
    }

    let theater: ReplayTheater<G>
    let recordDirectory: String

    init(theater: ReplayTheater<G>, recordDirectory: String) {
        self.theater = theater
        self.recordDirectory = recordDirectory
    }

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        let fileName: String
        switch ReplayRequest.fileName(fromQuery: connection.request?.query) {
        case .success(let name):
            fileName = name
        case .failure(let error):
            refuse(connection, code: .replayUnavailable, detail: error.description)
            return
        }
        let path = recordDirectory.hasSuffix("/") ? recordDirectory + fileName : recordDirectory + "/" + fileName
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            refuse(connection, code: .replayUnavailable, detail: "no recording named \(fileName)")
            return
        }
        let viewer = Viewer(channel: SessionChannel(connection: connection), controls: ReplayControls())
        let arrival = ReplayTheater<G>.Arrival(path: path, fileName: fileName, peer: connection.peer,
                                               channel: viewer.channel, controls: viewer.controls)
        guard theater.admit(arrival) else {
            refuse(connection, code: .serverFull, detail: "already showing \(theater.configuration.maxViewers) replays, the most at once")
            return
        }
        connection.context = viewer
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        guard let viewer = connection.context as? Viewer else { return }
        do throws(WireError) {
            let type = try MessageType.of(payload)
            guard type == .replayControl else {
                kick(connection, code: WebSocketCloseCode(rawValue: GameCloseCode.malformedMessage.rawValue),
                     reason: "malformed message: \(type) is not a replay control")
                return
            }
            viewer.controls.submit(try ReplayControlMessage.decode(payload).action)
        } catch {
            kick(connection, code: WebSocketCloseCode(rawValue: GameCloseCode.malformedMessage.rawValue),
                 reason: "malformed replayControl message: \(error)")
        }
    }

    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        kick(connection, code: .unsupportedData, reason: "text messages are not part of the replay protocol")
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        forget(connection)
    }

    /// The viewer is gone for good: the replay thread drops it and its place is free at once
    /// (not only once the closing handshake ends). Once per connection.
    private func forget(_ connection: WebSocketConnection) {
        guard let viewer = connection.context as? Viewer else { return }
        viewer.controls.markClosed()
        theater.release()
        connection.context = nil
    }

    func webSocketOutboundDidDrain(_ connection: WebSocketConnection) {
        (connection.context as? Viewer)?.channel.socketDrained()
    }

    func webSocketOutboundLimitExceeded(_ connection: WebSocketConnection) -> OutboundLimitAction {
        // The replay thread stops producing for a busy socket; passing the limit means the
        // viewer is gone in all but name.
        .disconnect
    }

    private func refuse(_ connection: WebSocketConnection, code: GameCloseCode, detail: String) {
        kick(connection, code: WebSocketCloseCode(rawValue: code.rawValue), reason: "\(code.reason): \(detail)")
    }

    private func kick(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        guard connection.isOpen else { return }
        forget(connection)
        Self.logger.warning("replay \(connection.peer): closing: \(reason) (\(code.rawValue))")
        connection.close(code: code, reason: WireText.truncated(reason, toUTF8Bytes: 123))
    }
}
