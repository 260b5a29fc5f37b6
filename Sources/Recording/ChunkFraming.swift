import Simulation

/// Framing chunks in a byte buffer: `begin` and `end` on the thread that fills the buffer
/// (the game thread, cheaply: a placeholder length and checksum), `seal` on the thread that
/// writes it out (the checksums, off the game thread).
public enum ChunkFraming {
    /// Starts a chunk of `kind`; returns where it starts, for `end`.
    @inline(__always)
    public static func begin(_ kind: RecordingFormat.ChunkKind, in writer: inout ByteWriter) -> Int {
        let start = writer.count
        writer.u32(0)
        writer.u8(kind.rawValue)
        writer.u8(0)
        return start
    }

    /// Ends the chunk begun at `start`: patches its length and leaves zero checks that `seal`
    /// fills in.
    @inline(__always)
    public static func end(startedAt start: Int, in writer: inout ByteWriter) {
        writer.patchU32(UInt32(writer.count - start - RecordingFormat.chunkHeaderSize), at: start)
        writer.u32(0)
    }

    /// Fills in the checksum of every chunk in `buffer`, which must hold whole chunks made by
    /// `begin`/`end` (a programming error otherwise, hence the trap).
    public static func seal(_ buffer: UnsafeMutableRawBufferPointer) {
        var offset = 0
        while offset < buffer.count {
            precondition(buffer.count - offset >= RecordingFormat.chunkHeaderSize + RecordingFormat.chunkTrailerSize, "partial chunk")
            let length = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            buffer[offset + 5] = headerCheck(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + 5)]))
            let checked = UnsafeRawBufferPointer(rebasing: buffer[(offset + 4)..<(offset + RecordingFormat.chunkHeaderSize + length)])
            let crc = CRC32.update(0, checked)
            let crcAt = offset + RecordingFormat.chunkHeaderSize + length
            buffer.storeBytes(of: crc.littleEndian, toByteOffset: crcAt, as: UInt32.self)
            offset = crcAt + RecordingFormat.chunkTrailerSize
        }
    }

    /// The header check byte over a chunk's length and kind (its first five bytes).
    @inline(__always)
    public static func headerCheck(_ lengthAndKind: UnsafeRawBufferPointer) -> UInt8 {
        UInt8(truncatingIfNeeded: CRC32.update(0, lengthAndKind))
    }

    /// One whole sealed chunk (tests, tools, the synchronous writer).
    public static func sealedChunk(_ kind: RecordingFormat.ChunkKind, payload: (inout ByteWriter) -> Void) -> [UInt8] {
        var writer = ByteWriter()
        let start = begin(kind, in: &writer)
        payload(&writer)
        end(startedAt: start, in: &writer)
        var bytes = writer.bytes
        bytes.withUnsafeMutableBytes { seal($0) }
        return bytes
    }
}
