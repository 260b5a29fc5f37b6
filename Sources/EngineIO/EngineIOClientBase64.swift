/// Standard base64 (with padding) straight between byte buffers: a polling client turns every
/// game message into `b` + base64 and back, many times a second, so neither direction goes
/// through a `String`.
enum EngineIOClientBase64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// 0...63 for an alphabet byte, 0xFF otherwise.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    static func encode(_ input: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        out.reserveCapacity(out.count + encodedCount(input.count))
        alphabet.withUnsafeBufferPointer { table in
            var index = 0
            let count = input.count
            while index + 3 <= count {
                let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                out.append(table[Int(value >> 18 & 63)]); out.append(table[Int(value >> 12 & 63)])
                out.append(table[Int(value >> 6 & 63)]); out.append(table[Int(value & 63)])
                index += 3
            }
            let left = count - index
            if left > 0 {
                let second = left == 2 ? UInt32(input[index + 1]) << 8 : 0
                let value = UInt32(input[index]) << 16 | second
                out.append(table[Int(value >> 18 & 63)]); out.append(table[Int(value >> 12 & 63)])
                out.append(left == 2 ? table[Int(value >> 6 & 63)] : UInt8(ascii: "="))
                out.append(UInt8(ascii: "="))
            }
        }
    }

    /// Decodes `input` into `out` (replacing its contents); false when it is not base64.
    static func decode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard input.count % 4 == 0 else { return false }
        guard input.count > 0 else { return true }
        var padding = 0
        if input[input.count - 1] == UInt8(ascii: "=") { padding += 1 }
        if input[input.count - 2] == UInt8(ascii: "=") { padding += 1 }
        out.reserveCapacity(input.count / 4 * 3)
        return values.withUnsafeBufferPointer { table in
            var index = 0
            while index < input.count {
                let last = index + 4 == input.count
                var value: UInt32 = 0
                for offset in 0..<4 {
                    let byte = input[index + offset]
                    let digit: UInt8
                    if last && offset >= 4 - padding {
                        digit = 0
                    } else {
                        digit = table[Int(byte)]
                        if digit == 0xFF { return false }
                    }
                    value = value << 6 | UInt32(digit)
                }
                out.append(UInt8(truncatingIfNeeded: value >> 16))
                if !last || padding < 2 { out.append(UInt8(truncatingIfNeeded: value >> 8)) }
                if !last || padding < 1 { out.append(UInt8(truncatingIfNeeded: value)) }
                index += 4
            }
            return true
        }
    }
}
