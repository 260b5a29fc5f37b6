import Recording

/// Which recording a `/replay` request names, checked before any file is touched: the
/// `file` query parameter must be a plain `*.rec` file name (`RecordingDirectory`'s rule,
/// and no `\` or control bytes either), so a request can never reach outside the record
/// directory.
enum ReplayRequest {
    /// Longest accepted name, in bytes (file systems allow 255).
    static let maxNameBytes = 255

    /// The recording's file name from a request's query string (`file=NAME`,
    /// percent-encoding and `+` decoded), or why it is refused.
    static func fileName(fromQuery query: String?) -> Result<String, ReplayRequestError> {
        guard let query else { return .failure(.missingFile) }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == "file" else { continue }
            guard parts.count == 2, let name = percentDecoded(parts[1]) else { return .failure(.badEncoding) }
            return validate(name)
        }
        return .failure(.missingFile)
    }

    /// `name` if it is a plain recording file name.
    static func validate(_ name: String) -> Result<String, ReplayRequestError> {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= maxNameBytes else { return .failure(.badName(name)) }
        guard bytes.first != UInt8(ascii: "."),
              !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F })
        else { return .failure(.badName(name)) }
        guard RecordingDirectory.isRecordingName(name) else { return .failure(.notARecording(name)) }
        return .success(name)
    }

    /// Percent-decoding (`%2F` → `/`, `+` → space); nil for a malformed escape or bytes that
    /// are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a `/replay` request names no usable recording; the description is the close reason's
/// detail (after "replay unavailable: ").
enum ReplayRequestError: Error, Equatable, CustomStringConvertible {
    case missingFile
    case badEncoding
    case badName(String)
    case notARecording(String)

    var description: String {
        switch self {
        case .missingFile: "no recording named: use /replay?file=NAME.rec"
        case .badEncoding: "the file parameter is not valid percent-encoded UTF-8"
        case .badName: "not a plain file name"
        case .notARecording: "not a recording's name (*.rec)"
        }
    }
}
