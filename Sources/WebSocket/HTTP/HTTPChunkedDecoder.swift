/// Incremental decoder of an HTTP/1.1 chunked body (RFC 9112 §7.1): feed it the bytes after
/// the head in whatever pieces the socket gives, and it hands back the data of each chunk as
/// it arrives, without copying it. A streaming response (the Agones SDK server's watch of its
/// GameServer, one JSON line per change) is chunked and never ends until it is closed, so the
/// decoder keeps no body, only where it is in the chunk grammar. Chunk extensions and
/// trailers are read and ignored; a size line longer than `maxLineBytes` is an error, so a
/// hostile server cannot make it buffer.
public struct HTTPChunkedDecoder: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        case badChunkSize
        case lineTooLong
        case missingCRLF
    }

    enum Phase: Sendable, Equatable {
        /// Reading a size line (hex digits, optional `;extension`, CRLF).
        case size
        /// `remaining` bytes of chunk data to go.
        case data(remaining: Int)
        /// The CRLF after a chunk's data.
        case dataEnd(seenCR: Bool)
        /// After the last (zero-size) chunk: trailer lines until an empty one.
        case trailer
        case done
    }

    public static let maxLineBytes = 1024
    /// The largest chunk accepted (larger sizes are refused as bad, not buffered: data is
    /// handed on as it arrives, but a size this large is no honest stream).
    public static let maxChunkSize = 1 << 30

    private(set) var phase = Phase.size
    private var line: [UInt8] = []

    public init() {}

    /// Whether the last chunk and the trailer have been read.
    public var isFinished: Bool { phase == .done }

    /// Consumes `bytes`, calling `data` with each run of chunk data in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, data: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        var index = 0
        while index < bytes.count {
            switch phase {
            case .size, .trailer:
                let byte = bytes[index]
                index += 1
                if byte == 0x0A {
                    try endLine()
                } else {
                    guard line.count < Self.maxLineBytes else { throw .lineTooLong }
                    line.append(byte)
                }
            case .data(let remaining):
                let take = min(remaining, bytes.count - index)
                data(UnsafeRawBufferPointer(rebasing: bytes[index ..< index + take]))
                index += take
                phase = remaining == take ? .dataEnd(seenCR: false) : .data(remaining: remaining - take)
            case .dataEnd(let seenCR):
                let byte = bytes[index]
                index += 1
                if !seenCR && byte == 0x0D {
                    phase = .dataEnd(seenCR: true)
                } else if byte == 0x0A {
                    phase = .size
                } else {
                    throw .missingCRLF
                }
            case .done:
                return  // bytes after the end belong to no body
            }
        }
    }

    private mutating func endLine() throws(Failure) {
        if line.last == 0x0D { line.removeLast() }
        defer { line.removeAll(keepingCapacity: true) }
        if phase == .trailer {
            if line.isEmpty { phase = .done }
            return
        }
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                guard digits > 0 else { throw .badChunkSize }
                return try finishSize(size)
            default: throw .badChunkSize
            }
            size = size * 16 + value
            digits += 1
            guard size <= Self.maxChunkSize else { throw .badChunkSize }
        }
        guard digits > 0 else { throw .badChunkSize }
        try finishSize(size)
    }

    private mutating func finishSize(_ size: Int) throws(Failure) {
        phase = size == 0 ? .trailer : .data(remaining: size)
    }
}
