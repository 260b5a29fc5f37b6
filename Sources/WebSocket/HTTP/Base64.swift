/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4).
///
/// The decoder is strict on purpose: it exists to validate `Sec-WebSocket-Key`, where
/// "a valid base64 of exactly 16 bytes" must have one spelling, and Engine.IO's `b` packets,
/// where a peer's bytes are untrusted. It rejects missing or misplaced padding, whitespace,
/// characters outside the alphabet, and non-zero pad bits (RFC 4648 §3.5), so every accepted
/// string is the canonical encoding of its bytes and `encode(decode(s)!) == s`.
///
/// The buffer-to-buffer forms are the ones a polling transport uses for every game message,
/// many times a second, so neither direction goes through a `String`.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// 0...63 for an alphabet byte, 0xFF otherwise.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()
    private static let pad = UInt8(ascii: "=")

    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        Array(bytes).withUnsafeBytes { encode($0, appendingTo: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `input` to `out`.
    public static func encode(_ input: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        out.reserveCapacity(out.count + encodedCount(input.count))
        alphabet.withUnsafeBufferPointer { table in
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
            if left > 0 {
                let group = UInt32(input[index]) << 16 | (left == 2 ? UInt32(input[index + 1]) << 8 : 0)
                out.append(table[Int(group >> 18 & 63)])
                out.append(table[Int(group >> 12 & 63)])
                out.append(left == 2 ? table[Int(group >> 6 & 63)] : pad)
                out.append(pad)
            }
        }
    }

    /// The decoded bytes, or nil unless `string` is canonical padded base64.
    public static func decode(_ string: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = Array(string.utf8).withUnsafeBytes { decode($0, into: &out) }
        return ok ? out : nil
    }

    /// Decodes `input` into `out` (replacing its contents); false unless `input` is canonical
    /// padded base64 (then `out`'s contents are unspecified).
    public static func decode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        let count = input.count
        guard count % 4 == 0 else { return false }
        guard count > 0 else { return true }
        // Padding may only end the final quad, as "xx==" or "xxx=".
        let padding = input[count - 1] == pad ? (input[count - 2] == pad ? 2 : 1) : 0
        out.reserveCapacity(count / 4 * 3)
        return values.withUnsafeBufferPointer { table in
            var index = 0
            while index < count {
                let digits = index + 4 == count ? 4 - padding : 4
                var group: UInt32 = 0
                for offset in 0..<digits {
                    let value = table[Int(input[index + offset])]
                    guard value != 0xFF else { return false }
                    group = group << 6 | UInt32(value)
                }
                group <<= 6 * UInt32(4 - digits)
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                switch digits {
                case 4:
                    out.append(UInt8(truncatingIfNeeded: group >> 8))
                    out.append(UInt8(truncatingIfNeeded: group))
                case 3:
                    guard group & 0xFF == 0 else { return false }
                    out.append(UInt8(truncatingIfNeeded: group >> 8))
                default:
                    guard group & 0xFFFF == 0 else { return false }
                }
                index += 4
            }
            return true
        }
    }
}
