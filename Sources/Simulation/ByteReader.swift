/// Why stored bytes could not be read: what was wrong and where (offset from the start of the
/// buffer being read), so a damaged keyframe or recording is reported precisely.
public struct ByteReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var problem: String

    public init(offset: Int, _ problem: String) {
        self.offset = offset
        self.problem = problem
    }

    public var description: String { "\(problem) at byte \(offset)" }
}

/// Reads what `ByteWriter` wrote. Every read is bounds-checked and throws rather than traps:
/// the bytes may come from a damaged or foreign file.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    private let end: Int

    /// Reads `bytes[range]` (the whole array by default).
    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? 0..<bytes.count
        offset = range.lowerBound
        end = range.upperBound
    }

    public var remaining: Int { end - offset }
    public var isAtEnd: Bool { offset >= end }

    @inline(__always)
    private mutating func take(_ count: Int, _ what: StaticString) throws(ByteReadError) -> Int {
        guard count <= end - offset else {
            throw ByteReadError(offset: offset, "\(what): wanted \(count) bytes, \(end - offset) left")
        }
        let start = offset
        offset += count
        return start
    }

    public mutating func u8() throws(ByteReadError) -> UInt8 { bytes[try take(1, "u8")] }

    public mutating func bool() throws(ByteReadError) -> Bool {
        let at = offset
        switch try u8() {
        case 0: return false
        case 1: return true
        case let other: throw ByteReadError(offset: at, "a flag must be 0 or 1, not \(other)")
        }
    }

    public mutating func u16() throws(ByteReadError) -> UInt16 {
        let at = try take(2, "u16")
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    public mutating func u32() throws(ByteReadError) -> UInt32 {
        let at = try take(4, "u32")
        var value: UInt32 = 0
        for index in (0..<4).reversed() { value = value << 8 | UInt32(bytes[at + index]) }
        return value
    }

    public mutating func i32() throws(ByteReadError) -> Int32 { Int32(bitPattern: try u32()) }

    public mutating func u64() throws(ByteReadError) -> UInt64 {
        let at = try take(8, "u64")
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[at + index]) }
        return value
    }

    public mutating func varint() throws(ByteReadError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64, shift < 63 || byte & 0x7E == 0 else {
                throw ByteReadError(offset: start, "varint longer than 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A varint that must be at most `limit` (counts and lengths: a damaged one must not make
    /// the reader allocate gigabytes).
    public mutating func count(atMost limit: Int, _ what: StaticString) throws(ByteReadError) -> Int {
        let at = offset
        let value = try varint()
        guard value <= UInt64(limit) else {
            throw ByteReadError(offset: at, "\(what) \(value) is over the limit of \(limit)")
        }
        return Int(value)
    }

    public mutating func string(maxBytes: Int = 1 << 16) throws(ByteReadError) -> String {
        let length = try count(atMost: min(maxBytes, remaining), "string length")
        let at = try take(length, "string")
        guard let text = String(validating: bytes[at..<at + length], as: UTF8.self) else {
            throw ByteReadError(offset: at, "string is not valid UTF-8")
        }
        return text
    }

    /// `count` raw bytes.
    public mutating func raw(_ count: Int) throws(ByteReadError) -> ArraySlice<UInt8> {
        let at = try take(count, "bytes")
        return bytes[at..<at + count]
    }

    /// Fails unless everything was read: trailing bytes mean the writer and reader disagree.
    public func expectEnd(_ what: StaticString) throws(ByteReadError) {
        guard offset == end else { throw ByteReadError(offset: offset, "\(end - offset) unexpected bytes after \(what)") }
    }
}
