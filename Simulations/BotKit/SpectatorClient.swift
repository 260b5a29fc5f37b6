import EngineIO
import WebSocket
import Platform
import Wire
import Simulation

/// A headless live spectator built only from the client-side protocol code: it connects to
/// `/spectate?room=ID` (or Engine.IO's `endpoint=spectate`), sends no hello and no input,
/// rebuilds its view from every welcome and snapshot, checks every view hash, counts the
/// bytes it receives, and now and then follows another player or moves a free camera.
/// Written against `MessageHandler`, so it runs over either transport. Owned by its loop.
public final class SpectatorClient: MessageHandler {
    public enum State: Equatable, Sendable {
        case connecting, watching, closed(code: UInt16, reason: String)
    }

    public let room: Int?
    public private(set) var state: State = .connecting
    public private(set) var connection: (any MessageConnection)?
    public private(set) var world = ViewReconstructor()
    public private(set) var welcome: WelcomeMessage?
    public private(set) var welcomes = 0
    public private(set) var snapshotsReceived = 0
    /// Every byte of every message received (welcomes, events, statuses, snapshots).
    public private(set) var bytesReceived = 0
    public private(set) var lastSnapshotTick: UInt32?
    /// The players the latest status listed (the room's roster as the spectator sees it).
    public private(set) var players: [UInt16] = []
    public private(set) var errors: [String] = []
    /// When the first welcome came and when the connection closed (loop time, ns): the
    /// seconds it watched, for per-second figures.
    public private(set) var watchStartedAt: UInt64?
    public private(set) var watchEndedAt: UInt64?
    /// Called on the loop thread once the connection has closed.
    public var onClose: ((SpectatorClient) -> Void)?

    public init(room: Int?) {
        self.room = room
    }

    private var query: String { room.map { "room=\($0)" } ?? "" }

    /// Connects over `transport` on `loop` (call on the loop thread).
    public func connect(loop: EventLoop, host: String, port: Int, transport: ClientTransport = .webSocket) throws(SystemError) {
        switch transport {
        case .webSocket:
            connection = try WebSocketClient.connect(loop: loop, host: host, port: port, path: "/spectate?" + query,
                                                     delegate: WebSocketMessageAdapter(self))
        case .polling:
            connection = EngineIOClient(loop: loop, host: host, port: port, query: "endpoint=spectate&" + query, handler: self)
        }
    }

    public var hashMismatches: Int { world.hashMismatches }

    /// Seconds watched as of `now` (loop time, ns).
    public func secondsWatched(now: UInt64) -> Double {
        guard let start = watchStartedAt else { return 0 }
        return Double((watchEndedAt ?? now) &- start) / 1e9
    }
    public var hashesChecked: Int { world.hashesChecked }

    /// Follows `player` (0: the free camera where it was).
    public func follow(_ player: UInt16) { send(.follow(player: player)) }

    /// Looks at (x, y) with the free camera.
    public func camera(x: Int32, y: Int32) { send(.camera(x: x, y: y)) }

    public func send(_ action: ReplayAction) {
        guard let connection, connection.isOpen else { return }
        let bytes = ReplayControlMessage(action).encoded()
        bytes.withUnsafeBytes { _ = connection.send(binary: $0) }
    }

    /// Raw bytes as one message (tests of malformed controls).
    public func sendRaw(_ bytes: [UInt8]) {
        guard let connection, connection.isOpen else { return }
        bytes.withUnsafeBytes { _ = connection.send(binary: $0) }
    }

    public func close() {
        connection?.closeConnection(code: 1000, reason: "done")
    }

    public func connectionDidOpen(_ connection: any MessageConnection) {
        self.connection = connection
    }

    public func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        bytesReceived += payload.count
        do {
            switch try MessageType.of(payload) {
            case .welcome:
                let welcome = try WelcomeMessage.decode(payload)
                self.welcome = welcome
                welcomes += 1
                if watchStartedAt == nil { watchStartedAt = connection.loop.now }
                world.apply(welcome: welcome)
                state = .watching
            case .snapshot:
                guard welcome != nil else {
                    errors.append("snapshot before welcome")
                    return
                }
                let result = try world.apply(snapshot: payload)
                snapshotsReceived += 1
                lastSnapshotTick = result.header.tick
            case .replayStatus:
                let status = try ReplayStatusMessage.decode(payload)
                if let timeline = status.timeline { players = timeline.players.map(\.id) }
            case .events:
                _ = try EventsMessage.decode(payload)
            case let other:
                errors.append("unexpected \(other)")
            }
        } catch {
            if errors.count < 100 { errors.append("\(error)") }
        }
    }

    public func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {
        state = .closed(code: code, reason: reason)
        if watchStartedAt != nil { watchEndedAt = connection.loop.now }
        self.connection = nil
        onClose?(self)
    }
}
