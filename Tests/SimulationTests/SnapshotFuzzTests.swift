import Testing
import Wire
@testable import Simulation

/// Snapshot bytes from the network never trap the reconstructor: random bytes, and valid
/// snapshots cut short or with bits flipped, either throw `SnapshotError` (leaving the view
/// as it was) or apply.
@Suite struct SnapshotFuzzTests {
    /// A client at tick 10 with a populated view, and a delta snapshot from it to tick 11.
    static func clientAndDelta(seed: UInt64) -> (client: ViewReconstructor, delta: [UInt8]) {
        var random = SeededRandom(seed: seed)
        var store = EntityStore()
        for _ in 0 ..< 40 {
            let kind = UInt8(random.below(3))
            var fields = TestGame.randomFields(kind: kind, &random)
            fields[0] = random.int(in: 4_000 ... 6_000)
            fields[1] = random.int(in: 4_000 ... 6_000)
            store.spawn(kind: kind, fields: fields)
        }
        var encoder = SnapshotEncoder()
        var viewer = ViewState()
        var client = TestGame.reconstructor()
        encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: 10)
        _ = apply(encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000)).bytes, to: &client)
        NewJoinerPropertyTests.mutate(&store, &random, tick: 0)
        encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: 11)
        return (client, encodeSnapshot(&encoder, &viewer, center: (5_000, 5_000)).bytes)
    }

    static func check(_ bytes: [UInt8], on client: ViewReconstructor) {
        var copy = client
        if case .failure = apply(bytes, to: &copy) {
            #expect(copy.view == client.view)
        }
    }

    @Test func randomBytes() {
        var random = SeededRandom(seed: 0xF0)
        let (client, _) = Self.clientAndDelta(seed: 1)
        for _ in 0 ..< 20_000 {
            var bytes = (0 ..< Int(random.below(64))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if !bytes.isEmpty && random.below(4) != 0 { bytes[0] = 0x82 }
            if bytes.count > 5 && random.below(2) == 0 { bytes[1] = 11; bytes[2] = 0; bytes[3] = 0; bytes[4] = 0 }
            Self.check(bytes, on: client)
            Self.check(bytes, on: TestGame.reconstructor())
        }
    }

    @Test func truncatedAndFlippedSnapshots() {
        var random = SeededRandom(seed: 0xF1)
        for seed in UInt64(0) ..< 40 {
            let (client, delta) = Self.clientAndDelta(seed: seed)
            var copy = client
            #expect((try? copy.apply(snapshot: delta)) != nil)
            for cut in 0 ..< delta.count {
                var cutClient = client
                if case .success = apply(Array(delta.prefix(cut)), to: &cutClient) {
                    Issue.record("seed \(seed): a snapshot cut to \(cut) of \(delta.count) bytes applied")
                }
            }
            for _ in 0 ..< 200 {
                var bytes = delta
                for _ in 0 ... random.below(3) {
                    let bit = Int(random.below(UInt32(bytes.count * 8)))
                    bytes[bit / 8] ^= 1 << UInt8(bit % 8)
                }
                Self.check(bytes, on: client)
            }
        }
    }
}
