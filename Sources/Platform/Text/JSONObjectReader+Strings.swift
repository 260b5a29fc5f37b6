extension JSONObjectReader {
    /// A string starting at its opening quote, escapes decoded. The common case (no escapes)
    /// validates the bytes in place and makes one `String`; escapes fall back to a scratch
    /// buffer that grows by amortized appends.
    mutating func readString() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = try validated(UnsafeRawBufferPointer(rebasing: bytes[start..<position]), at: start)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(position - start + 16)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw JSONSyntaxError("invalid UTF-8 in a string", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try readEscape(into: &scratch)
            case 0..<0x20:
                throw failure("raw control character in a string")
            default:
                scratch.append(byte)
                position += 1
            }
        }
    }

    private func validated(_ utf8: UnsafeRawBufferPointer, at offset: Int) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw JSONSyntaxError("invalid UTF-8 in a string", at: offset)
        }
        return text
    }

    /// One escape sequence at its backslash, appended as UTF-8. A `\u` high surrogate must be
    /// followed at once by a `\u` low surrogate; either half alone is refused, since it has
    /// no UTF-8 form.
    private mutating func readEscape(into scratch: inout [UInt8]) throws(JSONSyntaxError) {
        position += 1
        guard let escaped = peek() else { throw failure("unterminated escape") }
        position += 1
        let simple: UInt8
        switch escaped {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            let escapeStart = position - 2
            var value = try readHex4()
            if (0xD800...0xDBFF).contains(value) {
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw JSONSyntaxError("lone high surrogate escape", at: escapeStart)
                }
                position += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError("high surrogate escape not followed by a low one", at: escapeStart)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw JSONSyntaxError("lone low surrogate escape", at: escapeStart)
            }
            appendUTF8(Unicode.Scalar(value)!, to: &scratch)
            return
        default:
            throw JSONSyntaxError("invalid escape", at: position - 2)
        }
        scratch.append(simple)
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to scratch: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
