import Testing
import Platform
@testable import WebSocket

struct AddressLimiterTests {
    static let second: UInt64 = 1_000_000_000
    static let client = IPAddress("203.0.113.9")!

    static func limiter(_ configure: (inout AddressLimits) -> Void) -> AddressLimiter {
        var limits = AddressLimits()
        configure(&limits)
        return AddressLimiter(limits: limits)
    }

    @Test func connectionsAreCappedPerAddressAndReleased() {
        let limiter = Self.limiter { $0.maxConnectionsPerAddress = 2 }
        #expect(limiter.openConnection(Self.client, now: 0) == nil)
        #expect(limiter.openConnection(Self.client, now: 0) == nil)
        #expect(limiter.openConnection(Self.client, now: 0) == .tooManyConnections)
        // Another address is not affected.
        #expect(limiter.openConnection(IPAddress("203.0.113.10")!, now: 0) == nil)
        limiter.closeConnection(Self.client, now: 0)
        #expect(limiter.openConnection(Self.client, now: 0) == nil)
    }

    @Test func handshakesFollowATokenBucket() {
        let limiter = Self.limiter {
            $0.handshakesPerSecond = 2
            $0.handshakeBurst = 3
        }
        for _ in 0..<3 { #expect(limiter.startHandshake(Self.client, now: 0) == nil) }
        #expect(limiter.startHandshake(Self.client, now: 0) == .tooManyHandshakes)
        // Half a second earns one at 2 per second, no more.
        #expect(limiter.startHandshake(Self.client, now: Self.second / 2) == nil)
        #expect(limiter.startHandshake(Self.client, now: Self.second / 2) == .tooManyHandshakes)
        // A long pause refills the bucket to its burst, not beyond.
        for _ in 0..<3 { #expect(limiter.startHandshake(Self.client, now: 100 * Self.second) == nil) }
        #expect(limiter.startHandshake(Self.client, now: 100 * Self.second) == .tooManyHandshakes)
    }

    @Test func ipv6IsCountedPerSlash64() {
        let limiter = Self.limiter { $0.maxConnectionsPerAddress = 1 }
        #expect(limiter.openConnection(IPAddress("2001:db8:1:2::1")!, now: 0) == nil)
        #expect(limiter.openConnection(IPAddress("2001:db8:1:2::ffff")!, now: 0) == .tooManyConnections)
        #expect(limiter.openConnection(IPAddress("2001:db8:1:3::1")!, now: 0) == nil)
    }

    @Test func loopbackIsExemptUnlessAsked() {
        let exempt = Self.limiter { $0.maxConnectionsPerAddress = 1 }
        for _ in 0..<5 { #expect(exempt.openConnection(.loopbackIPv4, now: 0) == nil) }
        let limited = Self.limiter {
            $0.maxConnectionsPerAddress = 1
            $0.limitsLoopback = true
        }
        #expect(limited.openConnection(.loopbackIPv4, now: 0) == nil)
        #expect(limited.openConnection(.loopbackIPv4, now: 0) == .tooManyConnections)
    }

    @Test func zeroTurnsALimitOff() {
        let limiter = Self.limiter {
            $0.maxConnectionsPerAddress = 0
            $0.handshakesPerSecond = 0
        }
        for _ in 0..<1000 {
            #expect(limiter.openConnection(Self.client, now: 0) == nil)
            #expect(limiter.startHandshake(Self.client, now: 0) == nil)
        }
        #expect(limiter.trackedAddressCount == 0)
    }

    @Test func theTableIsBoundedAndForgetsIdleAddresses() {
        let limiter = Self.limiter {
            $0.maxTrackedAddresses = 100
            $0.handshakesPerSecond = 10
            $0.handshakeBurst = 5
        }
        for index in 0..<100 {
            #expect(limiter.openConnection(IPAddress(ipv4: 0x0a00_0000 + UInt32(index)), now: 0) == nil)
        }
        // Full of addresses holding connections: a new one is refused, not stored.
        #expect(limiter.startHandshake(IPAddress(ipv4: 0x0b00_0001), now: 0) == .tooManyAddresses)
        #expect(limiter.trackedAddressCount == 100)
        for index in 0..<100 { limiter.closeConnection(IPAddress(ipv4: 0x0a00_0000 + UInt32(index)), now: 0) }
        // Closed with a full bucket: forgotten at once.
        #expect(limiter.trackedAddressCount == 0)
        // A handshake leaves its address tracked until the bucket refills, then a sweep drops it.
        #expect(limiter.startHandshake(Self.client, now: 0) == nil)
        #expect(limiter.trackedAddressCount == 1)
        limiter.sweep(now: Self.second / 100)
        #expect(limiter.trackedAddressCount == 1)
        limiter.sweep(now: Self.second)
        #expect(limiter.trackedAddressCount == 0)
    }
}
