/// Base64url without padding (RFC 4648 §5, as JWS compact serialization uses it, RFC 7515 §2).
///
/// The decoder is strict so that every accepted string is the one canonical spelling of its
/// bytes: it rejects `=`, the standard alphabet's `+` and `/`, whitespace, a length that
/// leaves a lone sextet (count mod 4 == 1), and non-zero unused bits in the last character
/// (§3.5). A token then has exactly one valid form, and what the MAC covers is what we read.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let invalid: UInt8 = 0xFF
    /// Byte → sextet, `invalid` for everything outside the url-safe alphabet.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = UInt8(value) }
        return table
    }()

    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        alphabet.withUnsafeBufferPointer { digits in
            var index = 0
            while index + 3 <= bytes.count {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                out.append(digits[Int(group >> 18 & 63)])
                out.append(digits[Int(group >> 12 & 63)])
                out.append(digits[Int(group >> 6 & 63)])
                out.append(digits[Int(group & 63)])
                index += 3
            }
            switch bytes.count - index {
            case 1:
                let group = UInt32(bytes[index]) << 16
                out.append(digits[Int(group >> 18 & 63)])
                out.append(digits[Int(group >> 12 & 63)])
            case 2:
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
                out.append(digits[Int(group >> 18 & 63)])
                out.append(digits[Int(group >> 12 & 63)])
                out.append(digits[Int(group >> 6 & 63)])
            default:
                break
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        return array.withUnsafeBytes { encode($0) }
    }

    /// The decoded bytes, or nil unless `text` is canonical unpadded base64url.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        let remainder = text.count % 4
        guard remainder != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3 + 2)
        let ok = sextets.withUnsafeBufferPointer { table -> Bool in
            var index = 0
            var group: UInt32 = 0
            var pendingBits = 0
            while index < text.count {
                let value = table[Int(text[index])]
                if value == invalid { return false }
                group = group << 6 | UInt32(value)
                pendingBits += 6
                if pendingBits == 24 {
                    out.append(UInt8(truncatingIfNeeded: group >> 16))
                    out.append(UInt8(truncatingIfNeeded: group >> 8))
                    out.append(UInt8(truncatingIfNeeded: group))
                    group = 0
                    pendingBits = 0
                }
                index += 1
            }
            switch pendingBits {
            case 12:  // two characters: one byte and four unused bits
                guard group & 0xF == 0 else { return false }
                out.append(UInt8(truncatingIfNeeded: group >> 4))
            case 18:  // three characters: two bytes and two unused bits
                guard group & 0x3 == 0 else { return false }
                out.append(UInt8(truncatingIfNeeded: group >> 10))
                out.append(UInt8(truncatingIfNeeded: group >> 2))
            default:
                break
            }
            return true
        }
        return ok ? out : nil
    }

    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0)) }) {
            return decoded
        }
        return Array(text.utf8).withUnsafeBytes { decode($0) }
    }
}
