import Glibc
import Simulation

/// A recording on disk, read chunk by chunk at any offset (`pread`), so a replay can jump to
/// a keyframe without reading what comes before it. Every chunk is checked (length bounds,
/// kind, CRC) before its payload is handed out.
public final class RecordingFile {
    public let path: String
    /// The file's size when opened or last refreshed; a recording still being written grows.
    public private(set) var size: Int
    private let descriptor: Int32

    /// One checked chunk: `payload` only, `offset` of its first byte in the file (the length
    /// field) and `next`, the offset of the chunk after it.
    public struct Chunk: Sendable {
        public var kind: RecordingFormat.ChunkKind
        public var payload: [UInt8]
        public var offset: Int
        public var next: Int

        /// File offset of the payload's first byte: payload errors are reported from here.
        public var payloadOffset: Int { offset + RecordingFormat.chunkHeaderSize }
    }

    /// Offset of the first chunk.
    public static var firstChunkOffset: Int { RecordingFormat.magic.count }

    public init(path: String) throws(RecordingError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw RecordingError(.io, at: 0, "cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let problem = String(cString: strerror(errno))
            close(descriptor)
            throw RecordingError(.io, at: 0, "cannot stat \(path): \(problem)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw RecordingError(.io, at: 0, "\(path) is not a regular file")
        }
        size = Int(info.st_size)
        let magic = RecordingFormat.magic
        var head = [UInt8](repeating: 0, count: magic.count)
        let got = Self.read(descriptor, into: &head, at: 0)
        if got < magic.count {
            close(descriptor)
            if got > 0 && Array(head.prefix(got)) == Array(magic.prefix(got)) {
                throw RecordingError(.truncated, at: got, "the file ends inside the \(magic.count)-byte signature")
            }
            throw RecordingError(.foreign, at: 0, "not a recording: \(got) bytes, shorter than the signature")
        }
        guard head == magic else {
            close(descriptor)
            throw RecordingError(.foreign, at: 0, "not a recording: the first bytes are not the recording signature")
        }
    }

    deinit { close(descriptor) }

    /// Takes the file's current size (a running match's recording grows); true if it grew.
    @discardableResult
    public func refreshSize() -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) > size else { return false }
        size = Int(info.st_size)
        return true
    }

    /// The chunk starting at `offset`, or nil when `offset` is the end of the file.
    public func chunk(at offset: Int) throws(RecordingError) -> Chunk? {
        if offset == size { return nil }
        let left = size - offset
        guard left >= RecordingFormat.chunkHeaderSize else {
            throw RecordingError(.truncated, at: offset, "the file ends inside a chunk header (\(left) of \(RecordingFormat.chunkHeaderSize) bytes)")
        }
        var head = [UInt8](repeating: 0, count: RecordingFormat.chunkHeaderSize)
        guard Self.read(descriptor, into: &head, at: offset) == head.count else {
            throw RecordingError(.io, at: offset, "read failed: \(String(cString: strerror(errno)))")
        }
        let check = head.withUnsafeBytes { ChunkFraming.headerCheck(UnsafeRawBufferPointer(rebasing: $0[0..<5])) }
        guard check == head[5] else {
            throw RecordingError(.damaged, at: offset, "chunk header check fails: its length or kind was changed")
        }
        let length = Int(UInt32(head[0]) | UInt32(head[1]) << 8 | UInt32(head[2]) << 16 | UInt32(head[3]) << 24)
        guard length <= RecordingFormat.maxPayload else {
            throw RecordingError(.damaged, at: offset, "chunk length \(length) is over the \(RecordingFormat.maxPayload)-byte limit")
        }
        let total = RecordingFormat.chunkHeaderSize + length + RecordingFormat.chunkTrailerSize
        guard total <= left else {
            throw RecordingError(.truncated, at: offset, "a chunk of \(total) bytes runs past the end of the file (\(left) bytes left)")
        }
        guard let kind = RecordingFormat.ChunkKind(rawValue: head[4]) else {
            throw RecordingError(.damaged, at: offset + 4, "unknown chunk kind \(head[4])")
        }
        var body = [UInt8](repeating: 0, count: length + RecordingFormat.chunkTrailerSize)
        guard Self.read(descriptor, into: &body, at: offset + RecordingFormat.chunkHeaderSize) == body.count else {
            throw RecordingError(.io, at: offset, "read failed: \(String(cString: strerror(errno)))")
        }
        let stored = UInt32(body[length]) | UInt32(body[length + 1]) << 8 | UInt32(body[length + 2]) << 16 | UInt32(body[length + 3]) << 24
        var crc = head.withUnsafeBytes { CRC32.update(0, UnsafeRawBufferPointer(rebasing: $0[4..<6])) }
        crc = body.withUnsafeBytes { CRC32.update(crc, UnsafeRawBufferPointer(rebasing: $0.prefix(length))) }
        guard crc == stored else {
            throw RecordingError(.damaged, at: offset, "\(kind) chunk checksum mismatch (stored \(hex(stored)), computed \(hex(crc)))")
        }
        body.removeLast(RecordingFormat.chunkTrailerSize)
        return Chunk(kind: kind, payload: body, offset: offset, next: offset + total)
    }

    /// The end record, read from the file's tail without reading the match: a recording that
    /// ended cleanly finishes with its end chunk, found by walking back over the last bytes to
    /// a chunk header whose check byte holds, whose kind is `end` and whose length reaches the
    /// end of the file exactly; `chunk(at:)` then checks its CRC. Nil for a recording still
    /// being written, cut off, or damaged at its end.
    public func endRecord() -> RecordedEnd? {
        let window = min(size - Self.firstChunkOffset, 16 * 1024)
        guard window >= RecordingFormat.chunkHeaderSize + RecordingFormat.chunkTrailerSize else { return nil }
        var tail = [UInt8](repeating: 0, count: window)
        guard Self.read(descriptor, into: &tail, at: size - window) == window else { return nil }
        let framing = RecordingFormat.chunkHeaderSize + RecordingFormat.chunkTrailerSize
        var start = window - framing
        while start >= 0 {
            defer { start -= 1 }
            guard tail[start + 4] == RecordingFormat.ChunkKind.end.rawValue else { continue }
            let length = Int(UInt32(tail[start]) | UInt32(tail[start + 1]) << 8 | UInt32(tail[start + 2]) << 16 | UInt32(tail[start + 3]) << 24)
            guard start + framing + length == window,
                  tail.withUnsafeBytes({ ChunkFraming.headerCheck(UnsafeRawBufferPointer(rebasing: $0[start..<(start + 5)])) }) == tail[start + 5],
                  let chunk = try? chunk(at: size - window + start), chunk.kind == .end else { continue }
            var reader = ByteReader(chunk.payload)
            return try? RecordedEnd.decode(&reader)
        }
        return nil
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read (-1 on error).
    private static func read(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int) -> Int {
        var done = 0
        while done < buffer.count {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if got == 0 { break }
            done += got
        }
        return done
    }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits
}
