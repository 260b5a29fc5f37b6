import Synchronization

/// Counters a loop keeps for /metrics and benchmarks. Written on the loop thread with relaxed
/// atomics (one uncontended add each), read from any thread.
public final class TransportMetrics: Sendable {
    public let openConnections = Atomic<Int>(0)
    public let acceptedConnections = Atomic<Int>(0)
    public let bytesIn = Atomic<Int>(0)
    public let bytesOut = Atomic<Int>(0)
    public let messagesIn = Atomic<Int>(0)
    public let messagesOut = Atomic<Int>(0)
    public let protocolErrors = Atomic<Int>(0)
    public let handshakeFailures = Atomic<Int>(0)
    public let outboundLimitCloses = Atomic<Int>(0)
    public let timeouts = Atomic<Int>(0)
    /// Server connections that ended (closed, reset or timed out) before a byte of a request
    /// arrived: browsers' preconnections and idle keep-alives, normal and not logged above debug.
    public let idleConnectionsClosed = Atomic<Int>(0)
    /// Connections closed at accept because `maxConnections` were open.
    public let capacityRefusals = Atomic<Int>(0)
    /// Connections closed at accept (503) because the process was out of descriptors.
    public let descriptorRefusals = Atomic<Int>(0)
    /// WebSocket handshakes refused (403) because of their Origin.
    public let originRefusals = Atomic<Int>(0)
    /// Connections or handshakes refused (429) because their client address held too many.
    public let addressConnectionRefusals = Atomic<Int>(0)
    /// Handshakes refused (429) because their client address started them too fast.
    public let handshakeRateRefusals = Atomic<Int>(0)

    public init() {}

    public func connectionOpened() {
        openConnections.wrappingAdd(1, ordering: .relaxed)
        acceptedConnections.wrappingAdd(1, ordering: .relaxed)
    }

    public func connectionClosed() { openConnections.wrappingSubtract(1, ordering: .relaxed) }

    @inline(__always) public func received(bytes: Int) { bytesIn.wrappingAdd(bytes, ordering: .relaxed) }
    @inline(__always) public func sent(bytes: Int) { bytesOut.wrappingAdd(bytes, ordering: .relaxed) }
    @inline(__always) public func receivedMessage() { messagesIn.wrappingAdd(1, ordering: .relaxed) }
    @inline(__always) public func sentMessage() { messagesOut.wrappingAdd(1, ordering: .relaxed) }
}
