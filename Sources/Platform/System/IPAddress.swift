#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as one 128-bit value: IPv4 is held IPv4-mapped (`::ffff:a.b.c.d`),
/// so one table, one comparison and one network type serve both families, and an address read
/// from a socket equals the same address read from an `X-Forwarded-For` header.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address's 16 bytes in network order, as two big-endian halves.
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32 bits (host order: `0x7f000001` is 127.0.0.1).
    public init(ipv4 bits: UInt32) {
        self.init(high: 0, low: 0x0000_ffff_0000_0000 | UInt64(bits))
    }

    /// Parses dotted-quad IPv4 or any RFC 4291 text form of IPv6 (`::1`, `fe80::1`,
    /// `::ffff:1.2.3.4`), optionally in brackets (`[::1]`). No host names, no ports, no zone
    /// ids: a header that carries anything else is not an address.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(ipv4: UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        self.init(high: Self.bigEndian(bytes[0..<8]), low: Self.bigEndian(bytes[8..<16]))
    }

    public static let loopbackIPv4 = IPAddress(ipv4: 0x7f00_0001)

    /// `address:port` as logs and Host headers write it: IPv6 in brackets (`[::1]:8080`).
    public func withPort(_ port: UInt16) -> String {
        isIPv4 ? "\(self):\(port)" : "[\(self)]:\(port)"
    }

    /// True for IPv4 (held IPv4-mapped).
    public var isIPv4: Bool { high == 0 && low >> 32 == 0xffff }

    /// 127.0.0.0/8 or ::1.
    public var isLoopback: Bool {
        if let bits = ipv4Bits { return bits >> 24 == 127 }
        return high == 0 && low == 1
    }

    /// The IPv4 address's 32 bits, host order; nil for IPv6.
    public var ipv4Bits: UInt32? { isIPv4 ? UInt32(truncatingIfNeeded: low) : nil }

    /// The address with every bit after the first `prefixLength` (of 128) cleared.
    public func masked(toPrefix prefixLength: Int) -> IPAddress {
        let length = max(0, min(128, prefixLength))
        let highMask: UInt64 = length >= 64 ? ~0 : (length == 0 ? 0 : ~0 << (64 - length))
        let lowMask: UInt64 = length <= 64 ? 0 : (length == 128 ? ~0 : ~0 << (128 - length))
        return IPAddress(high: high & highMask, low: low & lowMask)
    }

    /// Dotted quad for IPv4, RFC 5952 compressed form for IPv6.
    public var description: String {
        if let bits = ipv4Bits {
            return "\(bits >> 24).\(bits >> 16 & 0xff).\(bits >> 8 & 0xff).\(bits & 0xff)"
        }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for index in 0..<8 {
                raw[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
                raw[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
            }
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(AF_INET6, &address, &text, socklen_t(INET6_ADDRSTRLEN))
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
