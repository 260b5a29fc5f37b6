import VectorSupport
import Testing
import Wire
@testable import Simulation

/// `web/test/vectors/snapshots.json`: a welcome, then per-player snapshot streams over a
/// scripted world (entering, changing by delta and by raw code, leaving, a skipped tick, a
/// teleport, hashes), each step with the view the client must hold after it; and snapshots
/// that must be rejected. Shared with `web/test/snapshot.test.js`. Regenerate with
/// `WIRE_REGENERATE_VECTORS=1`.
@Suite struct SnapshotVectorTests {
    struct Step {
        var bytes: [UInt8]
        var result: SnapshotResult
        var view: QuantizedView
        var values: [Int32]
    }

    /// The scripted world, ticks 100…106, as seen by player 1 (following entity 1) and by a
    /// second player who joins at tick 105 with a fixed view.
    static func streams() -> (follower: [Step], joiner: [Step]) {
        var store = EntityStore()
        let me = store.spawn(kind: 0, fields: [5_000, 5_000, 10, 100, 1])
        let rock = store.spawn(kind: 1, fields: [5_100, 4_900])
        var bullet = store.spawn(kind: 2, fields: [5_200, 5_000, 1])
        let farRock = store.spawn(kind: 1, fields: [9_000, 9_000])
        var encoder = SnapshotEncoder()
        var follower = ViewState()
        var joiner = ViewState()
        var followerClient = TestGame.reconstructor()
        var joinerClient = TestGame.reconstructor()
        var followerSteps: [Step] = []
        var joinerSteps: [Step] = []
        var input: UInt32 = 0

        for tick in UInt32(100) ... 106 {
            switch tick {
            case 100:
                break  // the first snapshot: everything near enters
            case 101:
                store[store.slot(of: me)!, 0] += 3  // small move: delta-coded
                store[store.slot(of: me)!, 3] = 90  // narrow field: raw code
                store[store.slot(of: bullet)!, 0] += 20
            case 102:
                store.despawn(bullet)
                store[store.slot(of: farRock)!, 0] = 5_500  // teleports into view: entered
                store[store.slot(of: farRock)!, 1] = 5_500
                bullet = store.spawn(kind: 2, fields: [5_010, 4_990, 1])
                store[store.slot(of: me)!, 2] = 200  // wide field, big change: raw code
            case 103:
                break  // nothing changes: header only
            case 104:
                store[store.slot(of: rock)!, 1] -= 40  // the follower is skipped this tick
            case 105:
                store[store.slot(of: me)!, 0] = 8_000  // teleport: most of the view leaves
                store[store.slot(of: me)!, 1] = 8_500
            default:  // 106
                store[store.slot(of: bullet)!, 1] += 2
            }
            input &+= tick == 103 ? 0 : 2
            encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: tick)
            if tick != 104 {
                let slot = store.slot(of: me)!
                let (bytes, _) = encodeSnapshot(&encoder, &follower, center: (store.x(at: slot), store.y(at: slot)),
                                                lastInputSequence: input, includeHash: tick % 2 == 0 || tick == 105)
                let result = try! followerClient.apply(snapshot: bytes)
                followerSteps.append(Step(bytes: bytes, result: result, view: followerClient.view, values: followerClient.values))
            }
            if tick >= 105 {
                let (bytes, _) = encodeSnapshot(&encoder, &joiner, center: (5_000, 5_000), lastInputSequence: 0, includeHash: true)
                let result = try! joinerClient.apply(snapshot: bytes)
                joinerSteps.append(Step(bytes: bytes, result: result, view: joinerClient.view, values: joinerClient.values))
            }
        }
        return (followerSteps, joinerSteps)
    }

    /// The changed section's codings, ticks 200…205, over a row of 70 players seen from a
    /// fixed centre: the full snapshot (no survivors: an empty bitmap), all 70 moving (a
    /// bitmap past 64 bits), none moving (an empty list), two moving (a list), every third
    /// moving while one leaves (a bitmap skipping it), and the view emptied (no survivors).
    static func codingStream() -> [Step] {
        var store = EntityStore()
        for i in 0 ..< 70 {
            store.spawn(kind: 0, fields: [Int32(4_000 + 20 * i), 5_000, 0, 100, 0])
        }
        var encoder = SnapshotEncoder()
        var viewer = ViewState()
        var client = TestGame.reconstructor()
        var steps: [Step] = []
        for tick in UInt32(200) ... 205 {
            switch tick {
            case 201:
                for slot in 0 ..< 70 { store[slot, 0] += 3 }
            case 203:
                store[29, 1] += 1
                store[30, 1] += 1
            case 204:
                for slot in stride(from: 0, to: 70, by: 3) { store[slot, 2] = 9 }
                store[5, 1] = 9_000
            default:
                break
            }
            encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: tick)
            let (bytes, _) = encodeSnapshot(&encoder, &viewer, center: tick == 205 ? nil : (5_000, 5_000),
                                            lastInputSequence: 0, includeHash: tick % 2 == 1)
            let result = try! client.apply(snapshot: bytes)
            steps.append(Step(bytes: bytes, result: result, view: client.view, values: client.values))
        }
        return steps
    }

    /// Snapshots to reject, each after a prefix of valid ones.
    static func rejections(_ follower: [Step]) -> [(name: String, prefix: [[UInt8]], bytes: [UInt8], kind: String)] {
        let full = follower[0].bytes
        return [
            ("delta before any full snapshot", [], follower[1].bytes, "baselineMismatch"),
            ("delta from a skipped snapshot", [full], follower[2].bytes, "baselineMismatch"),
            ("entity left that is not in view", [full],
             SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2, left: [4]).bytes, "unknownEntity"),
            ("entity entered that is already in view", [full],
             SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2, entered: [(2, 1, [0, 0])]).bytes, "duplicateEntity"),
            ("entity changed with an empty mask", [full],
             SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2,
                             changed: [.init(id: 2, kind: 1, mask: 0, codes: [])]).bytes, "emptyChangeMask"),
            ("entity changed with an empty mask, in a bitmap", [full],
             SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2,
                             changed: [.init(id: 2, kind: 1, mask: 0, codes: [])], survivors: [1, 2, 3]).bytes, "emptyChangeMask"),
            ("entity changed in a list that is not in view", [full],
             SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2,
                             changed: [.init(id: 4, kind: 1, mask: 1, codes: [(7, 0)])]).bytes, "unknownEntity"),
            ("bitmap shorter than the survivors", [full],
             Array(SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2, survivors: [1, 2]).bytes), "endOfData"),
            ("field marked changed but equal", [full],
             SnapshotBuilder(tick: 101, baselineTick: 100, baselineInputSequence: 2,
                             changed: [.init(id: 1, kind: 0, mask: 1, codes: [(5_000, 5_000)])]).bytes, "unchangedField"),
            ("trailing byte", [], full + [0], "trailingData"),
            ("cut short", [], Array(full.dropLast()), "endOfData"),
            ("not a snapshot", [], PongMessage(clientTime: 1, serverTick: 2).encoded(), "unexpectedMessageType"),
        ]
    }

    static func json(_ step: Step) -> VectorJSON {
        let header = step.result.header
        return .object([
            ("hex", .string(hex(step.bytes))),
            ("tick", .number(header.tick)),
            ("baselineTick", header.baselineTick.map { VectorJSON.number($0) } ?? .null),
            ("lastInputSequence", .number(header.lastInputSequence)),
            ("entered", .number(step.result.entered)), ("left", .number(step.result.left)),
            ("changed", .number(step.result.changed)),
            ("hash", step.result.hash.map { VectorJSON.number($0) } ?? .null),
            ("viewHash", .number(StateHash.of(step.view, fieldCounts: TestGame.descriptor.kinds.map(\.count)))),
            ("view", .array((0 ..< step.view.count).map { index in
                let kind = step.view.kinds[index]
                let count = TestGame.descriptor.kinds[Int(kind)].count
                return VectorJSON.object([
                    ("id", .number(step.view.ids[index])), ("kind", .number(kind)),
                    ("codes", .array(step.view.codes(at: index, fieldCount: count).map { VectorJSON.number($0) })),
                    ("values", .array(step.values[index * 8 ..< index * 8 + count].map { VectorJSON.number($0) })),
                ])
            })),
        ])
    }

    static func fileText() -> String {
        let (follower, joiner) = streams()
        let welcome = TestGame.welcome(tick: 99)
        return VectorJSON.file([
            ("description", .string("Golden vectors for snapshots (Sources/Wire/PROTOCOL.md, 'Snapshot'). Apply welcome, " +
                "then each stream's steps in order to a fresh ViewReconstructor: each must apply with the stated counts, " +
                "leave exactly view, and match hash when present. Each rejection applies prefix, then hex must throw " +
                "error.kind and leave the view unchanged. Generated by Tests/SimulationTests/SnapshotVectorTests.swift.")),
            ("welcome", .string(hex(welcome.encoded()))),
            ("streams", .array([
                .object([("name", .string("follower: enter, delta and raw changes, leave, skipped tick, teleport")),
                         ("steps", .array(follower.map(json)))]),
                .object([("name", .string("joiner at tick 105: full snapshot, then a delta")),
                         ("steps", .array(joiner.map(json)))]),
                .object([("name", .string("changed codings: no survivors, all of 70 changed, none, two, every third, view emptied")),
                         ("steps", .array(codingStream().map(json)))]),
            ])),
            ("rejections", .array(rejections(follower).map { rejection in
                VectorJSON.object([("name", .string(rejection.name)), ("prefix", .array(rejection.prefix.map { VectorJSON.string(hex($0)) })),
                         ("hex", .string(hex(rejection.bytes))), ("error", .object([("kind", .string(rejection.kind))]))])
            })),
        ])
    }

    @Test func fileMatchesTheScript() {
        let text = Self.fileText()
        let (matches, existing) = checkOrRegenerateVectors(named: "snapshots.json", text: text)
        #expect(matches, "snapshots.json is stale: run the tests with WIRE_REGENERATE_VECTORS=1 (\(existing.count) vs \(text.count) chars)")
    }

    @Test func theScriptCoversEverySection() {
        let (follower, joiner) = Self.streams()
        #expect(follower.count == 6 && joiner.count == 2)
        #expect(follower[0].result.header.baselineTick == nil && joiner[0].result.header.baselineTick == nil)
        // Tick 103: nothing changed: the header (26 bits), two empty flags, a 4-bit all-zero
        // bitmap after its flag, the hash flag: 34 bits.
        #expect(follower[3].bytes.count == 5)
        #expect(follower[4].result.header.baselineTick == 103 && follower[4].result.header.tick == 105)
        #expect(follower.contains { $0.result.left > 0 } && follower.contains { $0.result.entered > 0 && $0.result.header.baselineTick != nil })
        #expect(follower.allSatisfy { $0.result.hashMatched != false })
        #expect(joiner.allSatisfy { $0.result.hashMatched == true })
        let coding = Self.codingStream()
        #expect(coding.map(\.result.changed) == [0, 70, 0, 2, 24, 0])
        #expect(coding[4].result.left == 1 && coding[5].result.left == 69 && coding[5].view.count == 0)
        // The bit after the two empty section flags (bit 28 of a delta with a 1-byte check
        // and unchanged input) is the coding: 1 = bitmap.
        #expect(coding.dropFirst().prefix(3).map { $0.bytes[3] >> 4 & 1 } == [1, 0, 0])
        #expect(coding.allSatisfy { $0.result.hashMatched != false })
    }

    @Test func rejectionsThrowTheirError() {
        let (follower, _) = Self.streams()
        for rejection in Self.rejections(follower) {
            var client = TestGame.reconstructor()
            client.apply(welcome: TestGame.welcome(tick: 99))
            for bytes in rejection.prefix { _ = try? client.apply(snapshot: bytes) }
            let before = client.view
            guard case .failure(let error) = apply(rejection.bytes, to: &client) else {
                Issue.record("\(rejection.name): applied")
                continue
            }
            #expect(error.kind == rejection.kind, "\(rejection.name): \(error)")
            #expect(client.view == before)
        }
    }
}
