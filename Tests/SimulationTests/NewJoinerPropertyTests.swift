import Testing
import Wire
@testable import Simulation

/// The central property of the snapshot machinery, over random worlds: entities spawn,
/// despawn, drift, teleport and cross the views of several players; some players are
/// skipped for a few ticks (their socket was busy), some are reset. For every player, every
/// tick it is sent a snapshot:
/// - the decoded stream rebuilds exactly the server's `ViewState` (and the hash agrees);
/// - that view is exactly the brute-force set of entities in its square, quantized;
/// - a brand-new joiner's single full snapshot equals the accumulated deltas.
@Suite struct NewJoinerPropertyTests {
    struct Player {
        var view = ViewState()
        var client = TestGame.reconstructor()
        /// The entity it follows (its "own" entity), or a fixed point, or nothing.
        var follows: EntityID?
        var fixed: (x: Int32, y: Int32)?
        var inputSequence: UInt32 = 0
    }

    static func center(of player: Player, in store: EntityStore) -> (x: Int32, y: Int32)? {
        if let id = player.follows, let slot = store.slot(of: id) { return (store.x(at: slot), store.y(at: slot)) }
        return player.fixed
    }

    @Test(arguments: 0 ..< 12)
    func deltasRebuildTheServersViewAndEqualAFullSnapshot(seed: Int) {
        var random = SeededRandom(seed: 0xA11C_E000 + UInt64(seed))
        var store = EntityStore()
        for _ in 0 ..< Int(random.below(150)) + 20 {
            let kind = UInt8(random.below(3))
            store.spawn(kind: kind, fields: TestGame.randomFields(kind: kind, &random))
        }
        var players: [Player] = (0 ..< 5).map { index in
            var player = Player()
            switch index % 3 {
            case 0: player.follows = store.ids[Int(random.below(UInt32(store.count)))]
            case 1: player.fixed = (random.int(in: 0 ... 10_000), random.int(in: 0 ... 10_000))
            default: player.fixed = nil
            }
            return player
        }
        var encoder = SnapshotEncoder()
        var tick: UInt32 = UInt32.max - 40 &* UInt32(seed % 2)  // half the seeds cross the tick wrap
        var writer = BitWriter()
        for step in 0 ..< 150 {
            tick &+= 1
            Self.mutate(&store, &random, tick: step)
            encoder.beginTick(entities: store, descriptor: TestGame.descriptor, tick: tick)
            for index in players.indices {
                if random.below(10) == 0 { continue }  // socket busy: skipped this tick
                if random.below(60) == 0 { players[index].view.reset() }  // e.g. resumed session
                players[index].inputSequence &+= random.below(3)
                let center = Self.center(of: players[index], in: store)
                writer.reset()
                let summary = encoder.encode(for: &players[index].view, center: center,
                                             lastInputSequence: players[index].inputSequence,
                                             includeHash: random.below(3) == 0, into: &writer)
                let bytes = writer.finish()
                let applied = apply(bytes, to: &players[index].client)
                guard case .success(let result) = applied else {
                    Issue.record("seed \(seed) step \(step) player \(index): \(applied)")
                    return
                }
                let client = players[index].client
                #expect(client.view == players[index].view.entities)
                #expect(result.hashMatched != false)
                #expect(result.header.lastInputSequence == players[index].inputSequence)
                #expect(result.entered == summary.entered && result.left == summary.left && result.changed == summary.changed)
                #expect(TestGame.same(TestGame.tuples(client.view), TestGame.expectedView(store, center: center)))
                // The decoded values are the quantized raw values.
                if let id = client.view.ids.first, let slot = store.slot(of: id) {
                    let table = TestGame.descriptor.kinds[Int(store.kinds[slot])]
                    #expect(client.value(of: id, field: 1) == table.fields[1].range.quantize(store[slot, 1]))
                }
                // A new joiner at this tick: one full snapshot equals the accumulated deltas.
                if step % 25 == 24 {
                    var joinerView = ViewState()
                    var joiner = TestGame.reconstructor()
                    let (full, fullSummary) = encodeSnapshot(&encoder, &joinerView, center: center, lastInputSequence: 0)
                    #expect(fullSummary.isFull && fullSummary.left == 0 && fullSummary.changed == 0)
                    #expect((try? joiner.apply(snapshot: full)) != nil)
                    #expect(joiner.view == client.view)
                    #expect(joiner.values == client.values)
                }
            }
        }
        #expect(players.allSatisfy { $0.client.hashMismatches == 0 })
        #expect(players.contains { $0.client.hashesChecked > 10 })
    }

    /// One tick of a random world: despawns, spawns, and field changes of every size.
    static func mutate(_ store: inout EntityStore, _ random: inout SeededRandom, tick: Int) {
        for _ in 0 ..< Int(random.below(4)) where store.count > 5 {
            store.despawn(store.ids[Int(random.below(UInt32(store.count)))])
        }
        for _ in 0 ..< Int(random.below(4)) {
            let kind = UInt8(random.below(3))
            store.spawn(kind: kind, fields: TestGame.randomFields(kind: kind, &random))
        }
        for slot in 0 ..< store.count {
            switch random.below(10) {
            case 0 ..< 4:
                break  // still
            case 4 ..< 8:  // drift: small deltas, delta-coded
                store[slot, 0] = min(10_050, max(-50, store[slot, 0] + random.int(in: -12 ... 12)))
                store[slot, 1] = min(10_050, max(-50, store[slot, 1] + random.int(in: -12 ... 12)))
            case 8:  // teleport: large deltas, raw codes
                store[slot, 0] = random.int(in: -50 ... 10_050)
                store[slot, 1] = random.int(in: -50 ... 10_050)
            default:  // other fields
                if store.kinds[slot] == 0 {
                    store[slot, 2] = random.int(in: 0 ... 255)
                    store[slot, 3] = max(0, store[slot, 3] - 1)
                    store[slot, 4] = random.int(in: 0 ... 3)
                }
            }
        }
    }
}
