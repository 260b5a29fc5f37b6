import Testing
import Wire
@testable import Simulation

@Suite struct StateHashTests {
    @Test func fnv1aKnownValues() {
        var hash = StateHash()
        #expect(hash.value == 0x811C_9DC5)
        hash.add(byte: UInt8(ascii: "a"))
        #expect(hash.value == 0xE40C_292C)  // FNV-1a 32 of "a"
        #expect(StateHash.of(QuantizedView(), fieldCounts: []) == 0x4B95_F515)
    }

    @Test func viewHashFollowsTheSpecifiedBytes() {
        var view = QuantizedView()
        let codes: [UInt32] = [0x0102_0304, 5, 0, 0, 0, 0, 0, 0]
        codes.withUnsafeBufferPointer { view.append(id: 0x0A0B_0C0D, kind: 1, codes: $0, offset: 0) }
        var expected = StateHash()
        for byte: UInt8 in [1, 0, 0, 0, 0x0D, 0x0C, 0x0B, 0x0A, 1, 4, 3, 2, 1, 5, 0, 0, 0] { expected.add(byte: byte) }
        #expect(StateHash.of(view, fieldCounts: [5, 2]) == expected.value)
    }

    @Test func worldHashSeesEveryFieldAndTheNextID() {
        var store = EntityStore()
        store.spawn(kind: 0, fields: [1, 2, 3])
        store.spawn(kind: 1, fields: [4, 5])
        let base = WorldHash.of(store)
        var changed = store
        changed[1, 7] = 1
        #expect(WorldHash.of(changed) != base)
        var respawned = store
        let id = respawned.spawn(kind: 0, fields: [])
        respawned.despawn(id)
        #expect(respawned.ids == store.ids && respawned.values == store.values)
        #expect(WorldHash.of(respawned) != base)  // nextID moved on
        #expect(WorldHash.of(store) == base)
    }
}

@Suite struct InPlaceSortTests {
    @Test func sortsLikeTheStandardLibrary() {
        var random = SeededRandom(seed: 77)
        for count in [0, 1, 2, 3, 15, 16, 17, 40, 100, 1_000, 5_000] {
            for pattern in 0 ..< 4 {
                var values: [UInt64] = (0 ..< count).map { index in
                    switch pattern {
                    case 0: random.next()
                    case 1: UInt64(index)  // sorted
                    case 2: UInt64(count - index)  // reversed
                    default: UInt64(random.below(8))  // many equal keys
                    }
                }
                let expected = values.sorted()
                values.withUnsafeMutableBufferPointer { InPlaceSort.sort($0) }
                #expect(values == expected, "count \(count) pattern \(pattern)")
            }
        }
    }
}
