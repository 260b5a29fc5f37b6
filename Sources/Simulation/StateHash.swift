import Wire

/// The view hash: FNV-1a, 32 bits, over a byte string that describes a quantized view, so
/// the client can prove every K ticks that its reconstruction is exactly the server's.
///
/// Bytes hashed (all integers little-endian):
/// 1. the number of entities, 4 bytes;
/// 2. for each entity in ascending id order: its id (4 bytes), its kind (1 byte), then the
///    code of each of its kind's fields in table order (4 bytes each; only the table's
///    fields, not the unused slots up to `FieldTable.maxFields`).
///
/// FNV-1a: `h = 0x811C9DC5`; per byte `h = (h XOR byte) * 0x01000193 mod 2³²`. The JS
/// mirror (`web/wire/hash.js`) uses `Math.imul`, which gives the same 32 bits.
/// Codes, not decoded values, are hashed: they are what crossed the wire, exact integers on
/// both sides. An empty view hashes to `0x4B95F515` (FNV-1a of four zero bytes).
public struct StateHash: Hashable, Sendable {
    public static let offsetBasis: UInt32 = 0x811C_9DC5
    public static let prime: UInt32 = 0x0100_0193

    public private(set) var value: UInt32 = offsetBasis

    public init() {}

    @inline(__always)
    public mutating func add(byte: UInt8) {
        value = (value ^ UInt32(byte)) &* Self.prime
    }

    /// Four bytes, least significant first.
    @inline(__always)
    public mutating func add(_ word: UInt32) {
        add(byte: UInt8(truncatingIfNeeded: word))
        add(byte: UInt8(truncatingIfNeeded: word >> 8))
        add(byte: UInt8(truncatingIfNeeded: word >> 16))
        add(byte: UInt8(truncatingIfNeeded: word >> 24))
    }

    /// The hash of `view`; `fieldCounts[kind]` is how many fields kind `kind` has.
    public static func of(_ view: QuantizedView, fieldCounts: [Int]) -> UInt32 {
        var hash = StateHash()
        hash.add(UInt32(truncatingIfNeeded: view.count))
        view.ids.withUnsafeBufferPointer { ids in
            view.kinds.withUnsafeBufferPointer { kinds in
                view.codes.withUnsafeBufferPointer { codes in
                    for index in 0 ..< ids.count {
                        let kind = kinds[index]
                        hash.add(ids[index])
                        hash.add(byte: kind)
                        let base = index &* QuantizedView.stride
                        for field in 0 ..< fieldCounts[Int(kind)] {
                            hash.add(codes[base &+ field])
                        }
                    }
                }
            }
        }
        return hash.value
    }
}
