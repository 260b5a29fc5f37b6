import EngineIO
import WebSocket
import Platform
import Wire
import Simulation

/// A headless player built only from the client-side protocol code (never from server
/// internals): it says hello, rebuilds its view from every snapshot, checks every view hash,
/// and sends inputs the way a browser does (each input message repeating the last few).
/// Written against `MessageHandler`, so the same player runs over a WebSocket or over
/// Engine.IO long-polling (`ClientTransport`). Owned by its loop thread. Tests, the game
/// benchmark and the bots use it.
public final class GameClient: MessageHandler {
    public enum State: Equatable, Sendable {
        case connecting, playing, closed(code: UInt16, reason: String)

        public var isClosed: Bool { if case .closed = self { true } else { false } }
    }

    public let name: String
    public private(set) var state: State = .connecting
    public private(set) var connection: (any MessageConnection)?
    /// What carries this client's messages, once `connect` was called.
    public private(set) var transport: ClientTransport?
    /// The world as this client has rebuilt it from welcome + snapshots.
    public private(set) var world = ViewReconstructor()
    public private(set) var welcome: WelcomeMessage?
    public private(set) var snapshotsReceived = 0
    public private(set) var snapshotBytesReceived = 0
    public private(set) var bytesSent = 0
    public private(set) var eventsReceived: [GameEvent] = []
    /// Protocol errors this client saw (undecodable messages, baseline mismatches).
    public private(set) var errors: [String] = []
    public private(set) var lastPong: PongMessage?
    /// How many recent inputs each input message repeats.
    public var inputRedundancy = 3
    /// Called on the loop thread after each snapshot is applied.
    public var onSnapshot: ((GameClient, SnapshotResult) -> Void)?
    /// Called on the loop thread after each pong.
    public var onPong: ((GameClient, PongMessage) -> Void)?
    /// Called on the loop thread when the welcome arrives (before its first snapshot): a
    /// seat's exact moment, for tools that time how long a player waited for one.
    public var onWelcome: ((GameClient) -> Void)?
    /// Called on the loop thread once the connection has closed (`state` holds the code).
    public var onClose: ((GameClient) -> Void)?
    /// Events kept in `eventsReceived` at most (oldest dropped).
    public var maxKeptEvents = 1024
    /// Sent in the hello: the token of an earlier session of this player, to continue it.
    public var resumeToken: UInt64?
    /// Whether the hello goes out as soon as the connection opens (bad actors turn it off).
    public var sendsHelloOnOpen = true
    /// Called on the loop thread when the connection opens, after the hello (if any) was sent.
    public var onOpen: ((GameClient) -> Void)?
    /// Test hook: when set, the next delta snapshot that carries a view hash and changes an
    /// entity arrives with one bit flipped inside a changed field's value, chosen so that the
    /// message still decodes and only the view hash can catch it. Clears itself; the tick of
    /// the corrupted snapshot goes to `corruptedSnapshotTick`.
    public var corruptNextDeltaForTesting = false
    public private(set) var corruptedSnapshotTick: UInt32?

    /// The sequence the next input will carry.
    public private(set) var nextSequence: UInt32 = 1
    private var recentInputs: [PlayerInput] = []
    private var intentFields: IntentFields?
    private var writer = BitWriter(capacity: 64)

    public init(name: String) {
        self.name = name
    }

    /// Connects to ws://host:port/path on `loop` (call on the loop thread). `headers` go with
    /// the handshake (`Authorization: Bearer TOKEN` for a server that wants join tokens).
    public func connect(loop: EventLoop, host: String, port: Int, path: String = "/play",
                        headers: [(name: String, value: String)] = [],
                        configuration: WebSocketConfiguration = .init()) throws(SystemError) {
        let link = makeLink(loop)
        let real = try WebSocketClient.connect(loop: loop, host: host, port: port, path: path, headers: headers,
                                               configuration: configuration, delegate: WebSocketMessageAdapter(link ?? self))
        link?.attach(real)
        connection = link ?? real
        transport = .webSocket
    }

    /// The simulated network between this client and the server (`SimulatedLink`); nil: direct.
    /// Set before connecting. `linkSeed` seeds its jitter.
    public var link: LinkSpec?
    public var linkSeed: UInt64 = 1

    private func makeLink(_ loop: EventLoop) -> SimulatedLink? {
        link.map { SimulatedLink(spec: $0, loop: loop, handler: self, seed: linkSeed) }
    }

    /// Connects over `transport`: a WebSocket to `path`, or Engine.IO long-polling at
    /// `/engine.io/` with the endpoint `path` names (`/play` → `endpoint=play`). `headers` go
    /// with the handshake, and on polling with every request.
    public func connect(loop: EventLoop, host: String, port: Int, path: String = "/play", transport: ClientTransport,
                        headers: [(name: String, value: String)] = [],
                        configuration: WebSocketConfiguration = .init()) throws(SystemError) {
        switch transport {
        case .webSocket:
            try connect(loop: loop, host: host, port: port, path: path, headers: headers, configuration: configuration)
        case .polling:
            let endpoint = path.drop { $0 == "/" }
            let link = makeLink(loop)
            let real = EngineIOClient(loop: loop, host: host, port: port, query: "endpoint=\(endpoint)", headers: headers, handler: link ?? self)
            link?.attach(real)
            connection = link ?? real
            self.transport = .polling
        }
    }

    /// Stops reading (a WebSocket leaves its socket unread; a polling client stops polling),
    /// as a player whose machine stalls would; clearing it reads again.
    public var isReadingSuspended: Bool {
        get { (connection as? any ReadSuspending)?.isReadingSuspended ?? false }
        set { (connection as? any ReadSuspending)?.isReadingSuspended = newValue }
    }

    public var hashMismatches: Int { world.hashMismatches }

    /// This player's own entity id, once welcomed.
    public var entityID: EntityID? { welcome.map { EntityID($0.entityID) } }

    /// The current value of a field of this player's own entity.
    public func ownValue(field: Int) -> Int32? {
        guard let id = entityID else { return nil }
        return world.value(of: id, field: field)
    }

    /// Test hook: corrupts one field code of an entity in the rebuilt view, as a bad snapshot
    /// would; the next view hash must then count a mismatch.
    @discardableResult
    public func corruptViewForTesting(entity id: EntityID, field: Int) -> Bool {
        world.corruptCodeForTesting(entity: id, field: field)
    }

    // MARK: Sending

    /// The game's input fields, from the welcome (none before it).
    public var inputTable: InputTable { welcome?.game.inputs ?? InputTable([]) }

    /// Tests of the server's view check only: each input claims a view this many ticks older
    /// than the newest snapshot (a client angling for a longer rewind than its link explains).
    public var claimsOlderViewsForTesting: UInt32 = 0

    /// Sends the next input of a move/aim/trigger intent, put on the game's input fields by
    /// their conventional names (`IntentFields`): any game with a `moveX`/`moveY` pair can be
    /// played by the generic behaviours.
    @discardableResult
    public func sendInput(moveX: Int8 = 0, moveY: Int8 = 0, buttons: UInt8 = 0, aim: UInt16 = 0) -> PlayerInput? {
        // Set with the welcome: nil before it, when nothing may be sent anyway.
        guard let intentFields else { return nil }
        return sendInput(values: intentFields.values(moveX: moveX, moveY: moveY, buttons: buttons, aim: aim))
    }

    /// Sends the next input with these field values (in the game's input table's order),
    /// repeating the previous `inputRedundancy - 1` inputs with it. Returns the input as the
    /// server will apply it (quantized by the table).
    @discardableResult
    public func sendInput(values: SIMD8<Int32>) -> PlayerInput? {
        guard state == .playing, let connection, let table = welcome?.game.inputs else { return nil }
        // The tick of the newest snapshot: what a bot sees (and aims at), for lag compensation.
        let input = table.quantized(PlayerInput(sequence: nextSequence, tick: (world.tick ?? 0) &- claimsOlderViewsForTesting, values: values))
        nextSequence &+= 1
        // Oldest first, consecutive sequences: the wire format's order.
        recentInputs.append(input)
        if recentInputs.count > max(1, min(inputRedundancy, InputMessage.maxInputs)) { recentInputs.removeFirst() }
        writer.reset()
        InputMessage.encode(recentInputs, table: table, into: &writer)
        writer.withFinishedBytes { bytes in
            bytesSent += bytes.count
            connection.send(binary: bytes)
        }
        return input
    }

    /// Sends raw bytes as one binary message (tests of malformed input use it).
    public func sendRaw(_ bytes: [UInt8]) {
        guard let connection else { return }
        bytesSent += bytes.count
        bytes.withUnsafeBytes { _ = connection.send(binary: $0) }
    }

    public func sendPing(clientTime: UInt32) {
        send(PingMessage(clientTime: clientTime))
    }

    public func sendChat(_ text: String) {
        send(ChatMessage(text: text))
    }

    private func send<M: WireMessage>(_ message: M) {
        guard let connection, state == .playing else { return }
        writer.reset()
        message.encode(into: &writer)
        writer.withFinishedBytes { bytes in
            bytesSent += bytes.count
            connection.send(binary: bytes)
        }
    }

    public func close() {
        connection?.closeConnection(code: 1000, reason: "bye")
    }

    // MARK: MessageHandler

    public func connectionDidOpen(_ connection: any MessageConnection) {
        state = .playing
        if sendsHelloOnOpen { send(HelloMessage(name: name, resumeToken: resumeToken)) }
        onOpen?(self)
    }

    public func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        do {
            switch try MessageType.of(payload) {
            case .snapshot:
                if corruptNextDeltaForTesting, let corrupted = corruptedDelta(payload) {
                    corruptNextDeltaForTesting = false
                    try corrupted.withUnsafeBytes { try applySnapshot($0) }
                } else {
                    try applySnapshot(payload)
                }
            case .welcome:
                let message = try WelcomeMessage.decode(payload)
                welcome = message
                intentFields = IntentFields(message.game.inputs)
                world.apply(welcome: message)
                onWelcome?(self)
            case .events:
                let message = try EventsMessage.decode(payload)
                eventsReceived.append(contentsOf: message.events)
                if eventsReceived.count > maxKeptEvents { eventsReceived.removeFirst(eventsReceived.count - maxKeptEvents) }
            case .probe:
                // The server measuring the round trip (protocol 3): answered at once.
                send(ProbeReplyMessage(token: try ProbeMessage.decode(payload).token))
            case .pong:
                let pong = try PongMessage.decode(payload)
                lastPong = pong
                onPong?(self, pong)
            case let other:
                errors.append("unexpected message type \(other)")
            }
        } catch {
            if errors.count < 100 { errors.append("\(error)") }
        }
    }

    private func applySnapshot(_ payload: UnsafeRawBufferPointer) throws {
        let result = try world.apply(snapshot: payload)
        snapshotsReceived += 1
        snapshotBytesReceived += payload.count
        onSnapshot?(self, result)
    }

    /// `payload` with one bit flipped such that it decodes to the same header, ids and hash as
    /// the original but exactly one field value of one entity differs; nil when this snapshot
    /// is not a hashed delta with changes (the hook waits for the next). Test-only: it tries
    /// every bit from the end, decoding a copy of the world each time.
    private func corruptedDelta(_ payload: UnsafeRawBufferPointer) -> [UInt8]? {
        var clean = world
        guard let expected = try? clean.apply(snapshot: payload), expected.header.baselineTick != nil,
              expected.hash != nil, expected.changed > 0 else { return nil }
        var bytes = [UInt8](payload)
        for bit in stride(from: bytes.count * 8 - 1, through: 8, by: -1) {
            let mask = UInt8(1) << UInt8(bit % 8)
            bytes[bit / 8] ^= mask
            var trial = world
            if let result = try? trial.apply(snapshot: bytes), result.header == expected.header, result.hash == expected.hash,
               Self.differingFields(trial, clean) == 1 {
                corruptedSnapshotTick = result.header.tick
                return bytes
            }
            bytes[bit / 8] ^= mask
        }
        return nil
    }

    /// Field values that differ between two views of the same entities; Int.max if the ids differ.
    private static func differingFields(_ a: ViewReconstructor, _ b: ViewReconstructor) -> Int {
        guard a.view.count == b.view.count else { return .max }
        var differing = 0
        for index in 0..<a.view.count {
            guard a.view.ids[index] == b.view.ids[index], let x = a.entity(a.view.ids[index]),
                  let y = b.entity(b.view.ids[index]), x.codes.count == y.codes.count else { return .max }
            for field in 0..<x.codes.count where x.codes[field] != y.codes[field] { differing += 1 }
        }
        return differing
    }

    public func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {
        state = .closed(code: code, reason: reason)
        self.connection = nil
        onClose?(self)
    }
}
