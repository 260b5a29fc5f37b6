import Testing
import Wire
@testable import Simulation

@Suite struct SnapshotEncoderTests {
    static func store(_ entities: [(kind: UInt8, fields: [Int32])]) -> EntityStore {
        var store = EntityStore()
        for entity in entities { store.spawn(kind: entity.kind, fields: entity.fields) }
        return store
    }

    @Test func firstSnapshotIsFullThenAnUnchangedWorldCostsOnlyTheHeader() throws {
        let world = Self.store([(0, [5_000, 5_000, 1, 100, 0]), (1, [5_100, 5_100]), (2, [4_000, 6_000, 1])])
        var encoder = SnapshotEncoder()
        var viewer = ViewState()
        var client = TestGame.reconstructor()
        encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: 1)
        let (full, summary) = encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: 3)
        #expect(summary.isFull && summary.entered == 3 && summary.visible == 3)
        try client.apply(snapshot: full)
        #expect(client.view == viewer.entities)

        encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: 2)
        let (quiet, quietSummary) = encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: 3, includeHash: false)
        // type 8 + age 5 + baseline check 8 + input 5 + empty left and entered flags 2 +
        // changed as a bitmap (flag 1 + one 0 bit per survivor: 3) + hash flag 1 = 34 bits
        // (a delta's tick is its baseline's plus the age: no 32-bit tick).
        #expect(quiet.count == 5)
        #expect(!quietSummary.isFull && quietSummary.entered + quietSummary.left + quietSummary.changed == 0)
        try client.apply(snapshot: quiet)

        encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: 3)
        let (hashed, _) = encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: 4, includeHash: true)
        #expect(hashed.count == 9)  // 34 + 32 bits of hash
        #expect(try client.apply(snapshot: hashed).hashMatched == true)
    }

    @Test func theViewIsASquareOfHalfSideViewRadius() {
        let r: Int32 = 1_500
        let c: Int32 = 5_000
        let world = Self.store([
            (1, [c + r, c]), (1, [c + r + 1, c]), (1, [c - r, c - r]), (1, [c - r - 1, c]),
            (1, [c + r, c + r]), (1, [c, c + r + 1]), (1, [c + r, c - r]),
        ])
        var encoder = SnapshotEncoder()
        encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: 1)
        var viewer = ViewState()
        encodeSnapshot(&encoder, &viewer, center: (c, c))
        #expect(viewer.entities.ids == [1, 3, 5, 7])
        var blind = ViewState()
        let (bytes, summary) = encodeSnapshot(&encoder, &blind, center: nil, includeHash: false)
        // type 8 + age 5 + tick 32 + input 5 + empty left and entered 2 + changed as a
        // bitmap over no survivors 1 + hash flag 1 = 54 bits.
        #expect(summary.visible == 0 && bytes.count == 7)
    }

    @Test func aSkippedPlayerGetsADeltaFromWhatItLastReceived() throws {
        var world = Self.store([(0, [5_000, 5_000, 1, 100, 0]), (1, [5_100, 5_100])])
        var encoder = SnapshotEncoder()
        var viewer = ViewState()
        var client = TestGame.reconstructor()
        encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: 100)
        try client.apply(snapshot: encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: 1).bytes)
        for tick in UInt32(101) ... 105 {
            world[0, 0] += 7
            world[1, 1] -= 3
            if tick == 103 { world.spawn(kind: 2, fields: [5_050, 5_050, 9]) }
            encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: tick)
        }
        let (bytes, summary) = encodeSnapshot(&encoder, &viewer, center: (5_035, 5_000), lastInputSequence: 9)
        let result = try client.apply(snapshot: bytes)
        #expect(result.header.baselineTick == 100 && result.header.tick == 105)
        #expect(summary.changed == 2 && summary.entered == 1)
        #expect(result.hashMatched == true)
        #expect(client.entity(1)?.values[0] == 5_035)
        #expect(client.lastInputSequence == 9)
    }

    @Test func sizeOfATypicalSnapshot() throws {
        // 50 players in view, all moving a few units a tick and turning: the common case.
        var random = SeededRandom(seed: 50)
        var world = EntityStore()
        for _ in 0 ..< 50 {
            world.spawn(kind: 0, fields: [random.int(in: 4_000 ... 6_000), random.int(in: 4_000 ... 6_000), 0, 100, 0])
        }
        var encoder = SnapshotEncoder()
        var viewer = ViewState()
        var client = TestGame.reconstructor()
        var sizes: [Int] = []
        for tick in UInt32(1) ... 30 {
            for slot in 0 ..< world.count {
                world[slot, 0] += random.int(in: -4 ... 4)
                world[slot, 1] += random.int(in: -4 ... 4)
                world[slot, 2] = (world[slot, 2] + random.int(in: -3 ... 3)) & 255
            }
            encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: tick)
            let (bytes, _) = encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: tick, includeHash: false)
            try client.apply(snapshot: bytes)
            sizes.append(bytes.count)
        }
        #expect(client.view == viewer.entities)
        let full = sizes[0]
        let delta = sizes.dropFirst().reduce(0, +) / (sizes.count - 1)
        print("snapshot of 50 moving players: full \(full) bytes, delta \(delta) bytes on average")
        // Full: 50 × (id 5 + kind 2 + 14 + 14 + 8 + 7 + 2 bits) ≈ 325 bytes. Delta: 50 ×
        // (id 5 + mask 5 + 3 × 6 bits) ≈ 175 bytes.
        #expect(full < 360)
        #expect(delta < 200)
    }

    @Test func aNewDescriptorReconfigures() throws {
        let world = Self.store([(0, [10, 10, 0, 0, 0])])
        var encoder = SnapshotEncoder(descriptor: TestGame.descriptor)
        var viewer = ViewState()
        encoder.beginTick(entities: world, descriptor: TestGame.descriptor, tick: 1)
        encodeSnapshot(&encoder, &viewer, center: (0, 0))
        #expect(viewer.entities.count == 1)
        var narrow = TestGame.descriptor
        narrow.viewRadius = 5
        encoder.beginTick(entities: world, descriptor: narrow, tick: 2)
        let (_, summary) = encodeSnapshot(&encoder, &viewer, center: (0, 0))
        #expect(summary.left == 1 && viewer.entities.isEmpty)
        #expect(viewer.hash(descriptor: narrow) == 0x4B95_F515)
    }
}
