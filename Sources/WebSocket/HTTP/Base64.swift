/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4).
///
/// The decoder is strict on purpose: it exists to validate `Sec-WebSocket-Key`, where
/// "a valid base64 of exactly 16 bytes" must have one spelling. It rejects missing or
/// misplaced padding, whitespace, characters outside the alphabet, and non-zero pad
/// bits (RFC 4648 §3.5), so every accepted string is the canonical encoding of its
/// bytes and `encode(decode(s)!) == s`.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let pad = UInt8(ascii: "=")

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            let group = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(b1 == nil ? pad : alphabet[Int(group >> 6 & 63)])
            out.append(b2 == nil ? pad : alphabet[Int(group & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded bytes, or nil unless `string` is canonical padded base64.
    public static func decode(_ string: some StringProtocol) -> [UInt8]? {
        let input = Array(string.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let quad = input[index..<(index + 4)]
            index += 4
            // Padding may only end the final quad, as "xx==" or "xxx=".
            let padCount = quad.reversed().prefix { $0 == pad }.count
            guard padCount == 0 || (isLast && padCount <= 2) else { return nil }
            var group: UInt32 = 0
            for char in quad.prefix(4 - padCount) {
                guard let value = sextet(char) else { return nil }
                group = group << 6 | UInt32(value)
            }
            group <<= 6 * UInt32(padCount)
            switch padCount {
            case 0:
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                out.append(UInt8(truncatingIfNeeded: group >> 8))
                out.append(UInt8(truncatingIfNeeded: group))
            case 1:
                guard group & 0xFF == 0 else { return nil }
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                out.append(UInt8(truncatingIfNeeded: group >> 8))
            default:
                guard group & 0xFFFF == 0 else { return nil }
                out.append(UInt8(truncatingIfNeeded: group >> 16))
            }
        }
        return out
    }

    private static func sextet(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return char - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return char - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
