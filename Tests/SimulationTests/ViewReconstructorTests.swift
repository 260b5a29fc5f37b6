import Testing
import Wire
@testable import Simulation

/// Every way a snapshot can fail to fit the client's view is rejected with its own error,
/// and a rejected snapshot changes nothing; hash mismatches are counted, not ignored.
@Suite struct ViewReconstructorTests {
    /// A client holding player 1 (codes 5000, 5000, 0, 100, 0) and rock 2 (1250, 1250) at tick 10.
    static func clientAtTick10() -> ViewReconstructor {
        var client = TestGame.reconstructor()
        let full = SnapshotBuilder(tick: 10, baselineTick: nil, lastInputSequence: 7,
                                   entered: [(1, 0, [5_000, 5_000, 0, 100, 0]), (2, 1, [1_250, 1_250])])
        #expect((try? client.apply(snapshot: full.bytes)) != nil)
        return client
    }

    static func error(applying bytes: [UInt8], to client: inout ViewReconstructor) -> SnapshotError? {
        let before = client.view
        let tick = client.tick
        guard case .failure(let error) = apply(bytes, to: &client) else { return nil }
        #expect(client.view == before, "a rejected snapshot changed the view")
        #expect(client.tick == tick)
        return error
    }

    @Test func appliesAHandWrittenStream() throws {
        var client = Self.clientAtTick10()
        #expect(client.tick == 10)
        #expect(client.lastInputSequence == 7)
        #expect(client.entity(1)?.values == [5_000, 5_000, 0, 100, 0])
        #expect(client.entity(2)?.values == [5_000, 5_000])
        let delta = SnapshotBuilder(tick: 12, baselineTick: 10, lastInputSequence: 9, baselineInputSequence: 7,
                                    left: [2], entered: [(5, 2, [100, 200, 3])],
                                    changed: [.init(id: 1, kind: 0, mask: 0b01001, codes: [(5_003, 5_000), (90, 100)])])
        let result = try client.apply(snapshot: delta.bytes)
        #expect(result.entered == 1 && result.left == 1 && result.changed == 1)
        #expect(client.view.ids == [1, 5])
        #expect(client.entity(1)?.codes == [5_003, 5_000, 0, 90, 0])
        #expect(client.entity(5)?.values == [100, 300, 3])
        #expect(client.lastInputSequence == 9)
    }

    @Test func snapshotBeforeWelcome() {
        var client = ViewReconstructor()
        #expect(Self.error(applying: SnapshotBuilder(tick: 1, baselineTick: nil).bytes, to: &client) == .notWelcomed)
    }

    @Test func deltaFromTheWrongBaseline() {
        var client = Self.clientAtTick10()
        let skipped = SnapshotBuilder(tick: 12, baselineTick: 11, baselineInputSequence: 7).bytes
        #expect(Self.error(applying: skipped, to: &client) == .baselineMismatch(expected: 10, received: 11))
        var fresh = TestGame.reconstructor()
        #expect(Self.error(applying: skipped, to: &fresh) == .baselineMismatch(expected: nil, received: 11))
    }

    @Test func entitiesThatAreNotInTheView() {
        var client = Self.clientAtTick10()
        let left = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7, left: [3]).bytes
        #expect(Self.error(applying: left, to: &client) == .unknownEntity(3))
        let changed = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7,
                                      changed: [.init(id: 4, kind: 1, mask: 1, codes: [(1, 0)])]).bytes
        #expect(Self.error(applying: changed, to: &client) == .unknownEntity(4))
    }

    @Test func entitiesThatAreAlreadyInTheView() {
        var client = Self.clientAtTick10()
        let entered = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7, entered: [(2, 1, [1, 1])]).bytes
        #expect(Self.error(applying: entered, to: &client) == .duplicateEntity(2))
        let leftAndChanged = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7, left: [2],
                                             changed: [.init(id: 2, kind: 1, mask: 1, codes: [(1, 1_250)])]).bytes
        #expect(Self.error(applying: leftAndChanged, to: &client) == .duplicateEntity(2))
    }

    @Test func changesThatChangeNothing() {
        var client = Self.clientAtTick10()
        let empty = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7,
                                    changed: [.init(id: 2, kind: 1, mask: 0, codes: [])]).bytes
        #expect(Self.error(applying: empty, to: &client) == .emptyChangeMask(2))
        let same = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7,
                                   changed: [.init(id: 1, kind: 0, mask: 0b00100, codes: [(0, 0)])]).bytes
        #expect(Self.error(applying: same, to: &client) == .unchangedField(1, field: 2))
    }

    @Test func wireErrorsAreWrapped() {
        var client = Self.clientAtTick10()
        let good = SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7).bytes
        #expect(Self.error(applying: good + [0], to: &client)?.kind == "trailingData")
        #expect(Self.error(applying: Array(good.dropLast()), to: &client)?.kind == "endOfData")
        #expect(Self.error(applying: PongMessage(clientTime: 1, serverTick: 2).encoded(), to: &client)
                == .wire(.unexpectedMessageType(0x83)))
        // A kind code past the last kind (2 bits, kinds 0...2): code 3.
        var writer = BitWriter()
        writer.write(0x82, bits: 8)
        writer.writeVarUInt(0)  // baselineAge 0: a full snapshot, so its tick follows
        writer.write(11, bits: 32)
        writer.writeVarInt(0)
        writer.writeBool(false)  // no left
        writer.writeBool(true)  // entered: count − 1 = 0 follows
        writer.writeVarUInt(0)
        writer.writeVarUInt(9)
        writer.write(3, bits: 2)
        #expect(Self.error(applying: writer.finish(), to: &client) == .wire(.valueOutOfRange(bitOffset: 62, value: 3, limit: 2)))
    }

    @Test func hashMismatchesAreCountedAndReported() throws {
        var client = Self.clientAtTick10()
        let right = client.viewHash
        var result = try client.apply(snapshot: SnapshotBuilder(tick: 11, baselineTick: 10, baselineInputSequence: 7, hash: right).bytes)
        #expect(result.hashMatched == true)
        result = try client.apply(snapshot: SnapshotBuilder(tick: 12, baselineTick: 11, baselineInputSequence: 7, hash: right ^ 1).bytes)
        #expect(result.hashMatched == false)
        result = try client.apply(snapshot: SnapshotBuilder(tick: 13, baselineTick: 12, baselineInputSequence: 7).bytes)
        #expect(result.hashMatched == nil)
        #expect(client.hashesChecked == 2)
        #expect(client.hashMismatches == 1)
        #expect(client.lastMismatchTick == 12)
    }

    @Test func aFullSnapshotReplacesWhateverTheClientHad() throws {
        var client = Self.clientAtTick10()
        try client.apply(snapshot: SnapshotBuilder(tick: 20, baselineTick: nil, entered: [(9, 1, [0, 4])]).bytes)
        #expect(client.view.ids == [9])
        #expect(client.tick == 20)
        #expect(client.lastInputSequence == 0)
    }

    @Test func welcomeBytesConfigureTheGame() throws {
        var client = ViewReconstructor()
        try client.apply(welcome: TestGame.welcome().encoded())
        #expect(client.descriptor == TestGame.descriptor)
        #expect(client.welcome?.resumeToken == 42)
    }
}
