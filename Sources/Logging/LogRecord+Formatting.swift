extension LogRecord {
    /// The record as one line, without the newline:
    ///
    /// ```
    /// 2026-11-22T11:43:42.123Z warning ws.server: closing connection: unmasked client frame peer=127.0.0.1:5512 code=1002
    /// ```
    ///
    /// Log lines often carry what a remote peer sent, so nothing in them can start a new
    /// line or drive a terminal: control characters are written as `\n`, `\t`, `\u{1B}`.
    /// A metadata value that is empty or contains a space, `"`, `=` or `\` is quoted
    /// (`name="a b"`). Lines longer than `maxBytes` UTF-8 bytes lose the end of their
    /// message and metadata, marked `[truncated]`; the suppressed-lines note is kept.
    public func formatted(maxBytes: Int = LogRecord.maxLineBytes - 1) -> String {
        var head = UTCTime(nanosecondsSince1970: wallClockNanoseconds).iso8601
        head += " " + level.name + " "
        Escaping.appendEscaped(label, to: &head)
        head += ": "

        var body = ""
        Escaping.appendEscaped(message, to: &body)
        for (key, value) in metadata {
            body += " "
            Escaping.appendField(key, to: &body)
            body += "="
            Escaping.appendField(value, to: &body)
        }

        var tail = ""
        if suppressedCount > 0 {
            tail = " (\(suppressedCount) similar line\(suppressedCount == 1 ? "" : "s") suppressed)"
        }

        let length = head.utf8.count + body.utf8.count + tail.utf8.count
        if length > maxBytes {
            let marker = " [truncated]"
            let room = maxBytes - head.utf8.count - tail.utf8.count - marker.utf8.count
            guard room >= 0 else {  // only with an absurdly long label or a tiny limit
                return Escaping.prefix(of: head + body + tail, maxUTF8Bytes: maxBytes)
            }
            body = Escaping.prefix(of: body, maxUTF8Bytes: room) + marker
        }
        return head + body + tail
    }
}

/// Making untrusted text safe for a one-line, terminal-friendly log format.
enum Escaping {
    /// Appends `text` with control characters (C0, DEL, C1) written as escapes.
    static func appendEscaped(_ text: String, to output: inout String) {
        guard text.unicodeScalars.contains(where: isControl) else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                output += escape(scalar)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }

    /// Appends a metadata key or value, in double quotes when it is empty or has a space,
    /// `"`, `=` or `\`, so that `key=value` pairs can be split again unambiguously.
    static func appendField(_ text: String, to output: inout String) {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" }
        guard needsQuotes else {
            appendEscaped(text, to: &output)
            return
        }
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case _ where isControl(scalar): output += escape(scalar)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// The longest prefix of `text` that fits in `maxUTF8Bytes`, cut between scalars.
    static func prefix(of text: String, maxUTF8Bytes: Int) -> String {
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            used += UTF8.width(scalar)
            if used > maxUTF8Bytes { break }
            result.append(scalar)
        }
        return String(result)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
