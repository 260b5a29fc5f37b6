/// A request path turned into file-name segments that are safe to join under a root.
///
/// The raw path is split on `/` first and each segment percent-decoded afterwards, so an
/// encoded `%2F` can never become a separator; then every decoded segment is checked.
/// Empty segments (`//etc/passwd`) are dropped, which keeps everything relative to the
/// root. Anything a browser would never send is a 400; hidden names are a 404 so the
/// answer does not reveal whether such a file exists.
struct StaticFilesRoute: Equatable {
    var segments: [String]
    /// The path ended in `/` after at least one segment, so it must name a directory.
    var trailingSlash: Bool

    static func parse(_ path: String) -> Result<StaticFilesRoute, HTTPParseError> {
        let raw = Array(path.utf8)
        guard raw.first == UInt8(ascii: "/") else {
            return .failure(.badRequest("path must start with /"))
        }
        guard !raw.contains(UInt8(ascii: "\\")) else {
            return .failure(.badRequest("backslash in path"))
        }
        var segments: [String] = []
        for rawSegment in raw.split(separator: UInt8(ascii: "/")) {
            guard let decoded = percentDecoded(rawSegment) else {
                return .failure(.badRequest("malformed percent-encoding in path"))
            }
            guard decoded.allSatisfy(isAllowedNameByte) else {
                return .failure(.badRequest("forbidden character in path"))
            }
            guard !decoded.elementsEqual(".".utf8), !decoded.elementsEqual("..".utf8) else {
                return .failure(.badRequest("dot segments are not allowed in path"))
            }
            guard let name = String(validating: decoded, as: UTF8.self) else {
                return .failure(.badRequest("path is not UTF-8"))
            }
            guard !name.hasPrefix(".") else {
                return .failure(.init(status: .notFound, reason: "not found"))
            }
            segments.append(name)
        }
        return .success(StaticFilesRoute(segments: segments,
                                         trailingSlash: !segments.isEmpty && raw.last == UInt8(ascii: "/")))
    }

    /// No separators of any platform, no NUL, no control bytes (RFC 3986 leaves file
    /// names to us, and none of ours contains them).
    private static func isAllowedNameByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x7F && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "\\")
    }

    /// `%XX` → byte; nil for a `%` not followed by two hex digits. `+` stays `+`: it
    /// means space only in form-encoded queries, never in paths.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 2 < bytes.endIndex,
                  let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
            out.append(high << 4 | low)
            index += 3
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
