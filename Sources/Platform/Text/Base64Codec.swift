/// RFC 4648 base64 with a chosen alphabet and padding rule: the one encoder and strict decoder
/// behind `Base64` (§4, padded: WebSocket keys, Engine.IO's binary packets) and `Base64URL`
/// (§5, unpadded: join tokens). Strict so that every accepted text is the one canonical
/// spelling of its bytes (what a MAC covers is what is read, a key has one form): characters
/// outside the alphabet, whitespace, misplaced or missing padding (or any padding where there
/// is none), a lone final sextet, and non-zero unused bits (§3.5) are refused. Buffer to
/// buffer, so a hot path (a polling message, many a second) goes through no `String`.
public struct Base64Codec: Sendable {
    private let digits: [UInt8]
    /// Byte → sextet, 0xFF outside the alphabet.
    private let values: [UInt8]
    private let padded: Bool
    private static let pad = UInt8(ascii: "=")

    public static let standard = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", padded: true)
    public static let url = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", padded: false)

    private init(alphabet: String, padded: Bool) {
        digits = Array(alphabet.utf8)
        precondition(digits.count == 64)
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, char) in digits.enumerated() { table[Int(char)] = UInt8(value) }
        values = table
        self.padded = padded
    }

    public func encodedCount(_ count: Int) -> Int {
        padded ? (count + 2) / 3 * 4 : (count * 4 + 2) / 3
    }

    /// Appends the encoding of `input` to `out`.
    public func encode(_ input: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        out.reserveCapacity(out.count + encodedCount(input.count))
        digits.withUnsafeBufferPointer { table in
            var index = 0
            let count = input.count
            while index + 3 <= count {
                let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                out.append(table[Int(group >> 18 & 63)])
                out.append(table[Int(group >> 12 & 63)])
                out.append(table[Int(group >> 6 & 63)])
                out.append(table[Int(group & 63)])
                index += 3
            }
            let left = count - index
            guard left > 0 else { return }
            let group = UInt32(input[index]) << 16 | (left == 2 ? UInt32(input[index + 1]) << 8 : 0)
            out.append(table[Int(group >> 18 & 63)])
            out.append(table[Int(group >> 12 & 63)])
            if left == 2 { out.append(table[Int(group >> 6 & 63)]) }
            if padded { out.append(contentsOf: left == 2 ? [Self.pad] : [Self.pad, Self.pad]) }
        }
    }

    /// Decodes `input` into `out` (replacing its contents); false unless `input` is canonical
    /// (then `out`'s contents are unspecified).
    public func decode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var count = input.count
        if padded {
            guard count % 4 == 0 else { return false }
            // Padding may only end the text, as "xx==" or "xxx=".
            if count > 0 && input[count - 1] == Self.pad { count -= input[count - 2] == Self.pad ? 2 : 1 }
        }
        guard count % 4 != 1 else { return false }
        out.reserveCapacity(count / 4 * 3 + 2)
        return values.withUnsafeBufferPointer { table in
            var group: UInt32 = 0
            var pending = 0
            for index in 0..<count {
                let value = table[Int(input[index])]
                guard value != 0xFF else { return false }
                group = group << 6 | UInt32(value)
                pending += 1
                if pending == 4 {
                    out.append(UInt8(truncatingIfNeeded: group >> 16))
                    out.append(UInt8(truncatingIfNeeded: group >> 8))
                    out.append(UInt8(truncatingIfNeeded: group))
                    group = 0
                    pending = 0
                }
            }
            switch pending {
            case 2:  // one byte and four unused bits
                guard group & 0xF == 0 else { return false }
                out.append(UInt8(truncatingIfNeeded: group >> 4))
            case 3:  // two bytes and two unused bits
                guard group & 0x3 == 0 else { return false }
                out.append(UInt8(truncatingIfNeeded: group >> 10))
                out.append(UInt8(truncatingIfNeeded: group >> 2))
            default:
                break
            }
            return true
        }
    }
}
