import Testing
import Wire
@testable import Simulation

/// The changed section's two codings (PROTOCOL.md, "snapshot"): a list of id gaps or a
/// bitmap over the survivors, whichever is shorter, and the 1-bit empty flag of the left and
/// entered counts. Each case checks the encoder's bytes against `SnapshotBuilder`'s
/// independent spelling and the reconstructor's view against the encoder's.
@Suite struct ChangedCodingTests {
    /// `count` players in a row at x = 4 000 + 10·i (ids 1…count), all in view of (5 000, 5 000).
    static func row(_ count: Int) -> EntityStore {
        var store = EntityStore()
        for i in 0 ..< count {
            store.spawn(kind: 0, fields: [Int32(4_000 + 10 * i), 5_000, 0, 100, 0])
        }
        return store
    }

    /// Sends the full snapshot of `store` at tick 1, applies `change` to it, then returns the
    /// tick-2 delta with the client that applied it and the server's view.
    static func delta(_ store: EntityStore, change: (inout EntityStore) -> Void)
        throws -> (bytes: [UInt8], client: ViewReconstructor, viewer: ViewState, summary: SnapshotSummary) {
        var store = store
        var encoder = SnapshotEncoder()
        var viewer = ViewState()
        var client = TestGame.reconstructor()
        encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: 1)
        try client.apply(snapshot: encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: 1).bytes)
        change(&store)
        encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: 2)
        let (bytes, summary) = encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), lastInputSequence: 1, includeHash: false)
        try client.apply(snapshot: bytes)
        #expect(client.view == viewer.entities)
        return (bytes, client, viewer, summary)
    }

    static func moveX(_ id: EntityID, by dx: Int32, from x: Int32) -> SnapshotBuilder.Changed {
        .init(id: id, kind: 0, mask: 1, codes: [(UInt32(x + dx), UInt32(x))])
    }

    @Test func noSurvivorsCostsOneBit() throws {
        // A full snapshot of nothing: the changed section is the flag alone (a bitmap of no bits).
        var encoder = SnapshotEncoder()
        encoder.beginTick(entities: Self.row(0), descriptor: TestGame.descriptor, tick: 1)
        var viewer = ViewState()
        let (empty, _) = encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000), includeHash: false)
        #expect(empty == SnapshotBuilder(tick: 1, baselineTick: nil, survivors: []).bytes)
        #expect(empty.count == 7)  // 8 + 5 + 32 + 5 + 1 + 1 + 1 + 1 = 54 bits

        // Everything leaves: no survivors, so no bits at all after the flag.
        let (bytes, client, _, summary) = try Self.delta(Self.row(3)) { store in
            for slot in 0 ..< 3 { store[slot, 1] = 9_000 }
        }
        #expect(summary.left == 3 && summary.changed == 0 && client.view.count == 0)
        #expect(bytes == SnapshotBuilder(tick: 2, baselineTick: 1, lastInputSequence: 1, baselineInputSequence: 1,
                                         left: [1, 2, 3], survivors: []).bytes)
    }

    @Test func allChangedIsABitmap() throws {
        let (bytes, _, _, summary) = try Self.delta(Self.row(8)) { store in
            for slot in 0 ..< 8 { store[slot, 0] += 3 }
        }
        #expect(summary.changed == 8)
        let builder = SnapshotBuilder(tick: 2, baselineTick: 1, lastInputSequence: 1, baselineInputSequence: 1,
                                      changed: (0 ..< 8).map { Self.moveX(EntityID($0 + 1), by: 3, from: Int32(4_000 + 10 * $0)) },
                                      survivors: Array(1 ... 8))
        #expect(bytes == builder.bytes)
        // header 26 + flags 2 + bitmap flag 1 + 8 × (bit 1 + mask 5 + flag 1 + delta 5) + hash flag 1 = 126 bits.
        #expect(bytes.count == 16)
        var list = builder
        list.survivors = nil
        #expect(list.bytes.count > bytes.count)
    }

    @Test func noneChangedIsAnEmptyList() throws {
        let (bytes, _, _, summary) = try Self.delta(Self.row(8)) { _ in }
        #expect(summary.changed == 0)
        // A list of 0 (flag + 5-bit count) beats eight 0 bits.
        #expect(bytes == SnapshotBuilder(tick: 2, baselineTick: 1, lastInputSequence: 1, baselineInputSequence: 1).bytes)
        #expect(bytes.count == 5)  // 26 + 2 + 1 + 5 + 1 = 35 bits
    }

    @Test func fewChangesAmongManySurvivorsAreAList() throws {
        let (bytes, _, _, summary) = try Self.delta(Self.row(100)) { store in
            store[40, 0] += 1
            store[41, 0] += 1
        }
        #expect(summary.changed == 2)
        #expect(bytes == SnapshotBuilder(tick: 2, baselineTick: 1, lastInputSequence: 1, baselineInputSequence: 1,
                                         changed: [Self.moveX(41, by: 1, from: 4_400), Self.moveX(42, by: 1, from: 4_410)]).bytes)
    }

    @Test func moreThanSixtyFourSurvivors() throws {
        // 100 in view; every third changes, and two leave and one enters: the bitmap skips
        // the left ones and never names the entered one.
        var store = Self.row(100)
        store.spawn(kind: 1, fields: [9_000, 9_000])  // id 101, out of view
        let (bytes, client, viewer, summary) = try Self.delta(store) { store in
            for slot in stride(from: 0, to: 100, by: 3) { store[slot, 0] += 2 }
            store[10, 1] = 9_000  // id 11 leaves
            store[70, 1] = 9_000  // id 71 leaves
            store[100, 0] = 5_000  // id 101 enters
            store[100, 1] = 5_000
        }
        let changedIDs = stride(from: 0, to: 100, by: 3).map { EntityID($0 + 1) }.filter { $0 != 71 }
        #expect(summary.changed == changedIDs.count && summary.left == 2 && summary.entered == 1)
        #expect(client.view.count == 99 && client.view == viewer.entities)
        let survivors = (1 ... 100).filter { $0 != 11 && $0 != 71 }.map { EntityID($0) }
        #expect(survivors.count > 64)
        #expect(bytes == SnapshotBuilder(
            tick: 2, baselineTick: 1, lastInputSequence: 1, baselineInputSequence: 1, left: [11, 71],
            entered: [(101, 1, [1_250, 1_250])],
            changed: changedIDs.map { Self.moveX($0, by: 2, from: 4_000 + 10 * Int32($0 - 1)) },
            survivors: survivors).bytes)
    }

    @Test func theReaderAcceptsEitherCoding() throws {
        // The same change, as a list and as a bitmap (the encoder would pick the bitmap).
        let change = [Self.moveX(1, by: 3, from: 5_000)]
        for survivors in [nil, [EntityID(1), 2]] {
            var client = ViewReconstructorTests.clientAtTick10()
            let result = try client.apply(snapshot: SnapshotBuilder(
                tick: 11, baselineTick: 10, baselineInputSequence: 7, changed: change, survivors: survivors).bytes)
            #expect(result.changed == 1 && client.entity(1)?.codes == [5_003, 5_000, 0, 100, 0])
        }
        // An all-zero bitmap is "nothing changed".
        var client = ViewReconstructorTests.clientAtTick10()
        let quiet = try client.apply(snapshot: SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7,
                                                               survivors: [1, 2]).bytes)
        #expect(quiet.changed == 0 && client.entity(1)?.codes == [5_000, 5_000, 0, 100, 0])
    }

    @Test func aBitmapRunsOverTheSurvivorsOnly() throws {
        // Rock 2 leaves, so the bitmap has one bit (player 1); a second bit is the hash flag.
        var client = ViewReconstructorTests.clientAtTick10()
        let delta = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7, left: [2],
                                    changed: [Self.moveX(1, by: 3, from: 5_000)], survivors: [1])
        let result = try client.apply(snapshot: delta.bytes)
        #expect(result.left == 1 && result.changed == 1 && client.view.ids == [1])
        // A set bit with an empty mask is still an empty mask.
        var second = ViewReconstructorTests.clientAtTick10()
        let empty = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7,
                                    changed: [.init(id: 2, kind: 1, mask: 0, codes: [])], survivors: [1, 2]).bytes
        #expect(ViewReconstructorTests.error(applying: empty, to: &second) == .emptyChangeMask(2))
    }
}
