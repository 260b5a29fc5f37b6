import Platform

/// The counts behind `AddressLimits`: open connections and a handshake token bucket per client
/// address. Owned by one loop (the server's); every method runs on that thread.
///
/// An entry lives while its address holds a connection or its bucket is refilling; `sweep`
/// drops the rest, so the table holds at most the open connections plus the addresses seen in
/// the last `burst / rate` seconds, and never more than `maxTrackedAddresses`.
public final class AddressLimiter {
    public enum Refusal: Equatable, Sendable, CustomStringConvertible {
        /// The address already holds `maxConnectionsPerAddress` connections.
        case tooManyConnections
        /// The address started handshakes faster than the rate.
        case tooManyHandshakes
        /// The table is full of other addresses.
        case tooManyAddresses

        /// What the refused client is told (and the log says).
        public var description: String {
            switch self {
            case .tooManyConnections: "too many connections from this address"
            case .tooManyHandshakes: "too many handshakes from this address, slow down"
            case .tooManyAddresses: "too many clients, try again later"
            }
        }
    }

    struct Entry {
        var connections: Int32 = 0
        /// Handshake tokens, scaled by `scale` so the bucket needs no floating point per request.
        var tokens: Int64
        var refilledAt: UInt64
    }

    public let limits: AddressLimits
    private var entries: [IPAddress: Entry] = [:]
    /// Token units per handshake.
    private let scale: Int64 = 1_000_000
    private let capacity: Int64
    /// Nanoseconds per token unit refilled.
    private let nanosecondsPerUnit: Double

    public init(limits: AddressLimits) {
        self.limits = limits
        capacity = Int64(max(1, limits.handshakeBurst)) * scale
        nanosecondsPerUnit = limits.handshakesPerSecond > 0 ? 1e9 / (limits.handshakesPerSecond * Double(scale)) : 0
    }

    /// Addresses currently tracked (for tests and metrics).
    public var trackedAddressCount: Int { entries.count }

    /// The table's key for a client: itself for IPv4, its prefix for IPv6.
    public func key(_ address: IPAddress) -> IPAddress {
        address.isIPv4 ? address : address.masked(toPrefix: limits.ipv6PrefixLength)
    }

    /// Counts a new connection for `address`, or says why it may not have one.
    public func openConnection(_ address: IPAddress, now: UInt64) -> Refusal? {
        guard limits.maxConnectionsPerAddress > 0, isLimited(address) else { return nil }
        let key = key(address)
        guard var entry = entry(for: key, now: now) else { return .tooManyAddresses }
        guard entry.connections < limits.maxConnectionsPerAddress else { return .tooManyConnections }
        entry.connections += 1
        entries[key] = entry
        return nil
    }

    /// Releases a connection counted by `openConnection`.
    public func closeConnection(_ address: IPAddress, now: UInt64) {
        guard limits.maxConnectionsPerAddress > 0 else { return }
        let key = key(address)
        guard var entry = entries[key] else { return }
        entry.connections -= 1
        if entry.connections <= 0 && isIdle(&entry, now: now) {
            entries[key] = nil
        } else {
            entries[key] = entry
        }
    }

    /// Takes one handshake token for `address`, or says why not.
    public func startHandshake(_ address: IPAddress, now: UInt64) -> Refusal? {
        guard limits.handshakesPerSecond > 0, isLimited(address) else { return nil }
        let key = key(address)
        guard var entry = entry(for: key, now: now) else { return .tooManyAddresses }
        refill(&entry, now: now)
        guard entry.tokens >= scale else {
            entries[key] = entry
            return .tooManyHandshakes
        }
        entry.tokens -= scale
        entries[key] = entry
        return nil
    }

    private func isLimited(_ address: IPAddress) -> Bool {
        limits.limitsLoopback || !address.isLoopback
    }

    /// Drops entries that hold no connection and whose bucket is full again.
    public func sweep(now: UInt64) {
        guard !entries.isEmpty else { return }
        var idle: [IPAddress] = []
        for (key, entry) in entries {
            var entry = entry
            if entry.connections <= 0 && isIdle(&entry, now: now) { idle.append(key) }
        }
        for key in idle { entries[key] = nil }
    }

    private func entry(for key: IPAddress, now: UInt64) -> Entry? {
        if let entry = entries[key] { return entry }
        if entries.count >= limits.maxTrackedAddresses {
            sweep(now: now)
            guard entries.count < limits.maxTrackedAddresses else { return nil }
        }
        return Entry(tokens: capacity, refilledAt: now)
    }

    private func refill(_ entry: inout Entry, now: UInt64) {
        guard now > entry.refilledAt, nanosecondsPerUnit > 0 else { return }
        let earned = Int64(min(Double(capacity), Double(now - entry.refilledAt) / nanosecondsPerUnit))
        entry.tokens = min(capacity, entry.tokens + earned)
        entry.refilledAt = now
    }

    private func isIdle(_ entry: inout Entry, now: UInt64) -> Bool {
        refill(&entry, now: now)
        return entry.tokens >= capacity || limits.handshakesPerSecond <= 0
    }
}

extension AddressLimiter.Refusal {
    /// The answer to a refused handshake, whatever the transport (a WebSocket upgrade, an
    /// Engine.IO polling handshake): 429 with `Retry-After`, counted in `metrics` by kind.
    public func response(counting metrics: TransportMetrics) -> HTTPResponse {
        if self == .tooManyHandshakes {
            metrics.handshakeRateRefusals.wrappingAdd(1, ordering: .relaxed)
        } else {
            metrics.addressConnectionRefusals.wrappingAdd(1, ordering: .relaxed)
        }
        var response = HTTPResponse.text(.tooManyRequests, "\(self)\n")
        response.headers.add(name: "Retry-After", value: "1")
        return response
    }
}
