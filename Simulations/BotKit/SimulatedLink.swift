import Platform
import Simulation

/// A network link between a headless client and its real connection, simulated in the bots
/// process (this machine has no netem): every message, each way, is held until its arrival
/// time under the link's `LinkSpec` (delay plus jitter, never overtaking the one before, as
/// TCP keeps order; behind the bandwidth cap's serialization; held through a stall, then
/// delivered in a burst), then passed on. To the client it is its connection; to the real
/// connection it is the client. One timer per link, for the earliest message due. Loop thread.
public final class SimulatedLink: MessageConnection, MessageHandler, ReadSuspending {
    public let spec: LinkSpec
    public let loop: EventLoop
    /// The client: what arrives is delivered to it. Weak: the client owns the link (its
    /// connection), and what is still in flight when a client is gone is dropped.
    private weak var handler: (any MessageHandler)?
    /// The real connection (set when it opens).
    private var inner: (any MessageConnection)?
    private var random: SeededRandom
    private let start: UInt64

    private enum Event {
        case open
        case binary([UInt8])
        case text([UInt8])
        case close(UInt16, String)
    }

    /// One direction's messages in flight, oldest first, with what the link model needs.
    private struct Direction {
        var queue: [(due: UInt64, event: Event)] = []
        var head = 0
        var lastDue: UInt64 = 0
        var wireFreeAt: UInt64 = 0
        var queuedBytes = 0

        var isEmpty: Bool { head == queue.count }
        var nextDue: UInt64? { isEmpty ? nil : queue[head].due }

        mutating func pop() -> Event {
            let event = queue[head].event
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return event
        }
    }

    private var up = Direction()
    private var down = Direction()
    private var armedFor: UInt64?
    private var closed = false

    public init(spec: LinkSpec, loop: EventLoop, handler: any MessageHandler, seed: UInt64) {
        self.spec = spec
        self.loop = loop
        self.handler = handler
        random = SeededRandom(seed: seed)
        start = loop.now
    }

    /// How long before `time` (loop nanoseconds) the last stall window ended; nil for a link
    /// without stalls, inside a stall, or before the first. What recovery after a freeze is
    /// measured against.
    public func timeSinceStallEnded(at time: UInt64) -> UInt64? {
        guard let stall = spec.stall, time >= start else { return nil }
        let period = UInt64(stall.every * 1e9), length = UInt64(stall.duration * 1e9)
        let elapsed = time - start
        let phase = elapsed % period
        guard phase >= length, elapsed >= length else { return nil }
        return phase - length
    }

    /// When a message of `bytes` sent now arrives on the far side of `direction`.
    private func arrival(of bytes: Int, in direction: inout Direction) -> UInt64 {
        let now = loop.now
        var sent = now
        if let bitsPerSecond = spec.bitsPerSecond {
            let begin = max(now, direction.wireFreeAt)
            sent = begin + UInt64(Double(bytes * 8) / bitsPerSecond * 1e9)
            direction.wireFreeAt = sent
        }
        var delay = spec.delay
        if spec.jitter > 0 {
            let unit = Double(random.next() >> 11) / Double(1 << 53)
            delay += (unit * 2 - 1) * spec.jitter
        }
        var due = max(sent + UInt64(max(0, delay) * 1e9), direction.lastDue)
        if let stall = spec.stall {
            // Nothing arrives inside a stall window: it waits for the window's end.
            let period = UInt64(stall.every * 1e9), length = UInt64(stall.duration * 1e9)
            let phase = (due &- start) % period
            if phase < length { due += length - phase }
        }
        direction.lastDue = due
        return due
    }

    private func enqueue(_ event: Event, bytes: Int, up isUp: Bool) {
        if isUp {
            let due = arrival(of: bytes, in: &up)
            up.queue.append((due, event))
            up.queuedBytes += bytes
        } else {
            let due = arrival(of: bytes, in: &down)
            down.queue.append((due, event))
        }
        arm()
    }

    private func arm() {
        let next = [up.nextDue, down.nextDue].compactMap { $0 }.min()
        guard let next, armedFor.map({ next < $0 }) ?? true else { return }
        armedFor = next
        loop.schedule(at: next) { [weak self] in self?.fire(next) }
    }

    private func fire(_ time: UInt64) {
        if armedFor == time { armedFor = nil }
        let now = loop.now
        while let due = up.nextDue, due <= now {
            let event = up.pop()
            if case .binary(let bytes) = event {
                up.queuedBytes -= bytes.count
                _ = bytes.withUnsafeBytes { inner?.send(binary: $0) }
            }
        }
        while let due = down.nextDue, due <= now {
            switch down.pop() {
            case .open: handler?.connectionDidOpen(self)
            case .binary(let bytes): bytes.withUnsafeBytes { handler?.connection(self, didReceiveBinary: $0) }
            case .text(let bytes): bytes.withUnsafeBytes { handler?.connection(self, didReceiveText: $0) }
            case .close(let code, let reason):
                closed = true
                handler?.connectionDidClose(self, code: code, reason: reason)
            }
        }
        armedFor = nil
        arm()
    }

    /// The real connection, known before it opens (so a close before the open reaches it).
    func attach(_ connection: any MessageConnection) {
        inner = connection
    }

    // MARK: The client's side (MessageConnection)

    public var peer: String { inner?.peer ?? "link" }
    public var isOpen: Bool { !closed && (inner?.isOpen ?? true) }
    public var queuedByteCount: Int { up.queuedBytes + (inner?.queuedByteCount ?? 0) }

    @discardableResult
    public func send(binary payload: UnsafeRawBufferPointer) -> Bool {
        guard isOpen else { return false }
        enqueue(.binary(Array(payload)), bytes: payload.count, up: true)
        return true
    }

    var isReadingSuspended: Bool {
        get { (inner as? any ReadSuspending)?.isReadingSuspended ?? false }
        set { (inner as? any ReadSuspending)?.isReadingSuspended = newValue }
    }

    public func closeConnection(code: UInt16, reason: String) {
        inner?.closeConnection(code: code, reason: reason)
    }

    // MARK: The real connection's side (MessageHandler)

    public func connectionDidOpen(_ connection: any MessageConnection) {
        inner = connection
        enqueue(.open, bytes: 0, up: false)
    }

    public func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        enqueue(.binary(Array(payload)), bytes: payload.count, up: false)
    }

    public func connection(_ connection: any MessageConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        enqueue(.text(Array(payload)), bytes: payload.count, up: false)
    }

    public func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {
        enqueue(.close(code, reason), bytes: 0, up: false)
    }

    public func connectionOutboundDidDrain(_ connection: any MessageConnection) {
        if up.isEmpty { handler?.connectionOutboundDidDrain(self) }
    }

    public func connectionOutboundLimitExceeded(_ connection: any MessageConnection) -> OutboundLimitAction {
        handler?.connectionOutboundLimitExceeded(self) ?? .disconnect
    }
}
