/// An address block in CIDR notation (`10.0.0.0/8`, `fd00::/8`), or one address (`127.0.0.1`,
/// `::1`), as `--trusted-proxy` takes them. IPv4 blocks are held IPv4-mapped like
/// `IPAddress`, so a v4 block never matches a v6 address outside `::ffff:0:0/96`.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The block's first address (host bits cleared).
    public let base: IPAddress
    /// Leading bits that must match, of 128.
    public let prefixLength: Int
    /// Whether the block was written as IPv4: its description gives the prefix of 32.
    private let writtenAsIPv4: Bool

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        writtenAsIPv4 = address.isIPv4
        let width = address.isIPv4 ? 32 : 128
        var length = width
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), parts[1].utf8.count <= 3,
                  let parsed = Int(parts[1]), parsed <= width else { return nil }
            length = parsed
        }
        prefixLength = address.isIPv4 ? 96 + length : length
        base = address.masked(toPrefix: prefixLength)
    }

    public func contains(_ address: IPAddress) -> Bool {
        address.masked(toPrefix: prefixLength) == base
    }

    public var description: String {
        writtenAsIPv4 ? "\(base)/\(prefixLength - 96)" : "\(base)/\(prefixLength)"
    }
}
