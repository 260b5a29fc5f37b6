import WebSocket
import Platform
import Logging

/// The bare transport as a service: echoes every text and binary message with its opcode, and
/// in fan-out mode also sends every client one binary frame of `tickBytes` per tick, exactly the
/// behaviour of the benchmark peers (layouts in shared/bench/wsload/README.md):
///   snapshot: 'S' 0 0 0, u32 client index, u32 tick, u32 last input seq, u64 tick start ns, filler (index + tick) & 255
///   input:    'I' 0 0 0, u32 seq, u64 send time: consumed, acknowledged in the next snapshot.
final class EchoService {
    /// One client's state and its connection's delegate, so a message needs no lookup.
    final class Client: WebSocketDelegate {
        unowned let service: EchoService
        var index: UInt32 = 0
        var lastInput: UInt32 = 0
        var order = -1
        /// Set on open; the connection outlives its delegate's place in `clients`.
        unowned var connection: WebSocketConnection?

        init(service: EchoService) { self.service = service }

        func webSocketDidOpen(_ connection: WebSocketConnection) { service.opened(self, connection) }
        func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
            service.received(binary: payload, from: self, connection)
        }
        func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
            connection.send(textBytes: payload)
        }
        func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
            service.closed(self)
        }
    }

    static let logger = Logger(label: "wsecho")
    static let snapshotHeaderSize = 24
    /// A client whose unsent bytes exceed this misses ticks instead of queueing stale frames.
    static let maxPendingBytes = 64 * 1024

    private let loop: EventLoop
    private let tickBytes: Int
    /// Only in fan-out mode are 'I' messages inputs; in plain echo mode every message echoes.
    private let consumesInputs: Bool
    private var clients: [Client] = []
    private var nextIndex: UInt32 = 0
    private var snapshot: UnsafeMutableRawBufferPointer
    private(set) var ticks: UInt64 = 0
    private(set) var skippedTicks: UInt64 = 0
    private(set) var framesDropped: UInt64 = 0

    init(loop: EventLoop, tickBytes: Int, fanOut: Bool) {
        self.loop = loop
        self.consumesInputs = fanOut
        self.tickBytes = max(tickBytes, Self.snapshotHeaderSize)
        snapshot = .allocate(byteCount: self.tickBytes, alignment: 8)
        snapshot.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit { snapshot.deallocate() }

    var clientCount: Int { clients.count }

    /// The delegate for one new connection.
    func connection() -> any WebSocketDelegate { Client(service: self) }

    fileprivate func opened(_ client: Client, _ connection: WebSocketConnection) {
        client.index = nextIndex
        nextIndex &+= 1
        client.order = clients.count
        client.connection = connection
        clients.append(client)
    }

    fileprivate func received(binary payload: UnsafeRawBufferPointer, from client: Client, _ connection: WebSocketConnection) {
        if consumesInputs && payload.count >= 8 && payload[0] == UInt8(ascii: "I") {
            client.lastInput = payload.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
            return
        }
        connection.send(binary: payload)
    }

    fileprivate func closed(_ client: Client) {
        guard client.order >= 0 else { return }
        let last = clients.removeLast()
        if client.order < clients.count {
            clients[client.order] = last
            last.order = client.order
        }
        client.order = -1
    }

    /// One tick: every client gets its frame. Runs on the loop thread from one repeating timer.
    func tick(number: UInt64, missed: UInt64) {
        ticks += 1
        skippedTicks += missed
        let tick = UInt32(truncatingIfNeeded: number)
        let start = Monotonic.now()
        let base = snapshot.baseAddress!
        base.storeBytes(of: UInt32(0x53).littleEndian, as: UInt32.self)
        base.storeBytes(of: tick.littleEndian, toByteOffset: 8, as: UInt32.self)
        base.storeBytes(of: start.littleEndian, toByteOffset: 16, as: UInt64.self)
        let payload = UnsafeRawBufferPointer(snapshot)
        let fillerCount = tickBytes - Self.snapshotHeaderSize
        for client in clients {
            guard let connection = client.connection else { continue }
            if connection.queuedByteCount > Self.maxPendingBytes {
                framesDropped += 1
                continue
            }
            base.storeBytes(of: client.index.littleEndian, toByteOffset: 4, as: UInt32.self)
            base.storeBytes(of: client.lastInput.littleEndian, toByteOffset: 12, as: UInt32.self)
            if fillerCount > 0 {
                (base + Self.snapshotHeaderSize).initializeMemory(
                    as: UInt8.self, repeating: UInt8(truncatingIfNeeded: client.index &+ tick), count: fillerCount)
            }
            connection.send(binary: payload)
        }
    }
}
