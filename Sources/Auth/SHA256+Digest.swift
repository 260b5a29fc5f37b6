extension SHA256 {
    /// A 32-byte SHA-256 result, held inline so hashing and MAC checks need no heap.
    ///
    /// A collection of its bytes (big-endian words, as FIPS 180-4 writes them). Deliberately
    /// not `Equatable`: a digest that is a MAC must be compared with `ConstantTime.equals`.
    public struct Digest: Sendable, RandomAccessCollection {
        public static let byteCount = 32
        private let words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

        init(_ state: HashState) {
            words = (state.a.bigEndian, state.b.bigEndian, state.c.bigEndian, state.d.bigEndian,
                     state.e.bigEndian, state.f.bigEndian, state.g.bigEndian, state.h.bigEndian)
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { Self.byteCount }

        public subscript(position: Int) -> UInt8 {
            precondition(position >= 0 && position < Self.byteCount, "digest index out of range")
            return withUnsafeBytes { $0[position] }
        }

        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try Swift.withUnsafeBytes(of: words, body)
        }

        /// The digest as a fresh array, for callers that store or print it.
        public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// Lowercase hex, as `sha256sum` and `openssl dgst` print it.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(Self.byteCount * 2)
            withUnsafeBytes { bytes in
                for byte in bytes {
                    out.append(digits[Int(byte >> 4)])
                    out.append(digits[Int(byte & 15)])
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
