/// A hash of a whole simulation state, raw values rather than quantized codes: recordings
/// store it in keyframes and replays must reproduce it, so it is the determinism check.
///
/// FNV-1a, 64 bits (`h = 0xCBF29CE484222325`; per byte `h = (h XOR byte) * 0x100000001B3`),
/// over, little-endian: `nextID` (4 bytes), the entity count (4 bytes), then for each slot
/// in slot order its id (4), kind (1) and all `EntityStore.stride` field values (4 each,
/// two's complement). Slot order is itself deterministic (see `EntityStore`), and `nextID`
/// is part of the state because it decides every future id.
public enum WorldHash {
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01B3

    public static func of(_ store: EntityStore) -> UInt64 {
        var hash = offsetBasis
        @inline(__always) func add(_ word: UInt32) {
            var word = word
            for _ in 0 ..< 4 {
                hash = (hash ^ UInt64(word & 0xFF)) &* prime
                word >>= 8
            }
        }
        add(store.nextID)
        add(UInt32(truncatingIfNeeded: store.count))
        store.ids.withUnsafeBufferPointer { ids in
            store.kinds.withUnsafeBufferPointer { kinds in
                store.values.withUnsafeBufferPointer { values in
                    for slot in 0 ..< ids.count {
                        add(ids[slot])
                        hash = (hash ^ UInt64(kinds[slot])) &* prime
                        let base = slot &* EntityStore.stride
                        for field in 0 ..< EntityStore.stride {
                            add(UInt32(bitPattern: values[base &+ field]))
                        }
                    }
                }
            }
        }
        return hash
    }
}
