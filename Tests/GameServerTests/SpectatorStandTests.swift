import Testing
import Platform
import Wire
import Simulation
import Recording
import Arena
@testable import GameServer

/// Spectating driven by hand: a room on a manual clock (`RoomClockTests.Fixture`) and the
/// spectator thread's frames called from the test's thread, spectators on fake connections
/// that keep every message. So the delay, the grouping and the stall rule are checked tick by
/// tick, with no sleeping and no sockets.
@Suite struct SpectatorStandTests {
    typealias Fixture = RoomClockTests.Fixture

    /// A spectator's end: every message the channel flushed; `stuckBytes` stay queued after
    /// each send (a reader that stopped reading).
    final class Screen: MessageConnection {
        let loop: EventLoop
        let peer = "screen"
        var isOpen = true
        var queued = 0
        var stuckBytes = 0
        var messages: [[UInt8]] = []
        var closed: (code: UInt16, reason: String)?

        init(loop: EventLoop) { self.loop = loop }

        func send(binary payload: UnsafeRawBufferPointer) -> Bool {
            guard isOpen else { return false }
            messages.append(Array(payload))
            queued += stuckBytes
            return true
        }

        func closeConnection(code: UInt16, reason: String) {
            guard isOpen else { return }
            isOpen = false
            closed = (code, reason)
        }

        var queuedByteCount: Int { queued }
    }

    /// A stand run by hand beside the fixture's room.
    final class Watch: @unchecked Sendable {  // driven only by the test's thread; screens only on the loop
        let fixture: Fixture
        let stand: SpectatorStand<Arena>
        let registry = MetricsRegistry()
        let metrics: SpectatorStand<Arena>.Metrics
        let interval: Int
        /// The room's world hash after each tick (index = ticks simulated).
        var roomHashes: [UInt64] = []

        init(_ fixture: Fixture, delaySeconds: Double = 0, stallSeconds: Double = 5) {
            self.fixture = fixture
            var configuration = SpectatorConfiguration()
            configuration.delaySeconds = delaySeconds
            configuration.stallSeconds = stallSeconds
            interval = configuration.snapshotInterval
            metrics = .init(bytes: registry.counter("b", help: ""), snapshots: registry.counter("s", help: ""),
                            encodes: registry.counter("e", help: ""), slowKicks: registry.counter("k", help: ""))
            stand = SpectatorStand<Arena>(
                configuration: configuration, tickRate: fixture.room.configuration.tickRate, hashInterval: 30, loop: fixture.loop,
                metrics: metrics)
            roomHashes = [WorldHash.of(fixture.room.game.entities)]
        }

        var encodes: Int { metrics.encodes.current }

        func spectate(stuckBytes: Int = 0) throws -> (screen: LoopBound<Screen>, controls: ReplayControls) {
            let loop = fixture.loop
            let screen = try loop.submitAndWait { () -> LoopBound<Screen> in
                let screen = Screen(loop: loop)
                screen.stuckBytes = stuckBytes
                return LoopBound(screen, loop: loop)
            }
            let channel = try loop.submitAndWait { SessionChannel(connection: screen.value) }
            let controls = ReplayControls()
            let arrival = SpectatorStand<Arena>.Arrival(roomID: fixture.room.id, tap: fixture.room.spectatorTap, peer: "test",
                                                       channel: channel, controls: controls)
            #expect(stand.admit(arrival, manual: true))
            return (screen, controls)
        }

        /// Room ticks one at a time up to `ticks`, a spectator frame every `interval` ticks,
        /// the loop flushing after each.
        func run(to ticks: Int) throws {
            let room = fixture.room
            while room.tick < UInt32(ticks) {
                #expect(room.advance(to: fixture.start + UInt64(room.tick + 1) * fixture.period))
                roomHashes.append(WorldHash.of(room.game.entities))
                if Int(room.tick) % interval == 0 { stand.frame() }
                try fixture.loop.submitAndWait {}
            }
        }

        /// What a client rebuilt from a screen's messages: its view, the snapshot ticks, errors.
        func decode(_ screen: LoopBound<Screen>) throws -> (world: ViewReconstructor, ticks: [UInt32], welcomes: [WelcomeMessage], errors: [String]) {
            let messages = try fixture.loop.submitAndWait { screen.value.messages }
            var world = ViewReconstructor()
            var ticks: [UInt32] = []
            var welcomes: [WelcomeMessage] = []
            var errors: [String] = []
            for message in messages {
                do {
                    try message.withUnsafeBytes { payload in
                        switch try MessageType.of(payload) {
                        case .welcome:
                            let welcome = try WelcomeMessage.decode(payload)
                            welcomes.append(welcome)
                            world.apply(welcome: welcome)
                        case .snapshot: ticks.append(try world.apply(snapshot: payload).header.tick)
                        case .events, .replayStatus: break
                        case let other: errors.append("unexpected \(other)")
                        }
                    }
                } catch {
                    errors.append("\(error)")
                }
            }
            return (world, ticks, welcomes, errors)
        }
    }

    static func fixture() throws -> Fixture {
        try Fixture { configuration in
            configuration.settings["drones"] = 6
        }
    }

    @Test func aRoomNobodyWatchesHasNoFeedAndTheFirstSpectatorStartsOne() throws {
        let fixture = try Self.fixture()
        _ = try fixture.join("alice")
        let watch = Watch(fixture)
        try watch.run(to: 20)
        #expect(fixture.room.spectatorFeed == nil)
        _ = try watch.spectate()
        try watch.run(to: 24)
        #expect(fixture.room.spectatorFeed != nil)
        #expect(fixture.room.metrics.players.current == 1, "a spectator is not a player")
    }

    @Test(arguments: [0.0, 0.5, 1.0])
    func aSpectatorSeesTheRoomAsItWasDelayTicksAgoWithExactViews(delaySeconds: Double) throws {
        let fixture = try Self.fixture()
        let (alice, _, _) = try fixture.join("alice")
        let watch = Watch(fixture, delaySeconds: delaySeconds)
        try watch.run(to: 10)
        let (screen, _) = try watch.spectate()
        let delay = Int((delaySeconds * 60).rounded())
        try watch.run(to: 10 + delay + 120)
        let seen = try watch.decode(screen)
        #expect(seen.errors.isEmpty, "\(seen.errors)")
        #expect(seen.welcomes.first?.playerID == alice)
        #expect(seen.world.hashesChecked > 0)
        #expect(seen.world.hashMismatches == 0)
        // At room tick T the spectator is shown tick T − delay, and the mirror's whole world
        // there is the room's world then, hash for hash.
        let now = Int(fixture.room.tick)
        #expect(seen.ticks.last.map(Int.init) == now - delay)
        let mirror = try #require(watch.stand.mirror(ofRoom: fixture.room.id)?.live.simulation)
        #expect(Int(mirror.tick) == now - delay)
        #expect(WorldHash.of(mirror.game.entities) == watch.roomHashes[now - delay])
        #expect(mirror.firstDivergence == nil)
        #expect(mirror.hashesChecked >= 100)
        // Nothing is shown from before the spectator came plus the delay (the mirror starts
        // at the room's state then), and ticks only go forward.
        #expect(seen.ticks.first.map(Int.init)! >= 10)
        #expect(zip(seen.ticks, seen.ticks.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func spectatorsFollowingTheSamePlayerShareOneEncodePerFrame() throws {
        let fixture = try Self.fixture()
        let (alice, _, _) = try fixture.join("alice")
        let (bob, _, _) = try fixture.join("bob")
        let watch = Watch(fixture)
        try watch.run(to: 4)
        var screens: [LoopBound<Screen>] = []
        for index in 0 ..< 6 {
            let (screen, controls) = try watch.spectate()
            if index % 2 == 1 { controls.submit(.follow(player: bob)) }
            screens.append(screen)
        }
        try watch.run(to: 20)
        let before = watch.encodes
        try watch.run(to: 60)
        // Two groups (alice's view, bob's view), 20 frames: one delta encode each per frame,
        // not one per spectator.
        #expect(watch.encodes - before == 2 * 20)
        for (index, screen) in screens.enumerated() {
            let seen = try watch.decode(screen)
            #expect(seen.errors.isEmpty, "\(seen.errors)")
            #expect(seen.world.hashMismatches == 0 && seen.world.hashesChecked > 0)
            #expect(seen.welcomes.last?.playerID == (index % 2 == 1 ? bob : alice))
            #expect(seen.ticks.last == 60)
        }
    }

    @Test func aFreeCameraSeesWhatIsThereAndStaysExact() throws {
        let fixture = try Self.fixture()
        _ = try fixture.join("alice")
        let watch = Watch(fixture)
        let (screen, controls) = try watch.spectate()
        controls.submit(.camera(x: 0, y: 0))
        try watch.run(to: 90)
        controls.submit(.camera(x: 2000, y: -1500))
        try watch.run(to: 180)
        let seen = try watch.decode(screen)
        #expect(seen.errors.isEmpty, "\(seen.errors)")
        #expect(seen.welcomes.last?.playerID == 0 && seen.welcomes.last?.entityID == 0)
        #expect(seen.world.hashMismatches == 0 && seen.world.hashesChecked > 0)
        #expect(seen.ticks.last == 180)
    }

    @Test func aSpectatorThatStopsReadingIsDroppedAndThePlayersNeverNotice() throws {
        let fixture = try Self.fixture()
        let (_, _, player) = try fixture.join("alice")
        let watch = Watch(fixture, stallSeconds: 1)
        let (stuck, _) = try watch.spectate(stuckBytes: 100_000)
        let (reader, _) = try watch.spectate()
        try watch.run(to: 200)
        let closed = try fixture.onLoop { stuck.value.closed }
        #expect(closed?.code == GameCloseCode.tooSlow.rawValue)
        #expect(try fixture.onLoop { reader.value.closed == nil })
        // The player got every tick's snapshot, none superseded, none skipped.
        let types = try fixture.onLoop { player.value.messageTypes }
        #expect(types.filter { $0 == MessageType.snapshot.rawValue }.count == 200)
        #expect(fixture.room.metrics.snapshotsSuperseded.current == 0)
        #expect(fixture.room.metrics.skippedTicks.current == 0)
        #expect(watch.metrics.slowKicks.current == 1)
        let seen = try watch.decode(reader)
        #expect(seen.world.hashMismatches == 0 && seen.ticks.last == 200)
    }

    @Test func theLastSpectatorLeavingStopsTheRoomsFeed() throws {
        let fixture = try Self.fixture()
        _ = try fixture.join("alice")
        let watch = Watch(fixture)
        let (_, controls) = try watch.spectate()
        try watch.run(to: 30)
        #expect(fixture.room.spectatorFeed != nil)
        controls.markClosed()
        watch.stand.release()
        // Ten seconds without spectators end the mirror; the room stops feeding at its next tick.
        try watch.run(to: 30 + 60 * 10 + 10)
        #expect(watch.stand.mirror(ofRoom: fixture.room.id) == nil)
        #expect(fixture.room.spectatorFeed == nil)
        #expect(watch.stand.spectatorCount.load(ordering: .relaxed) == 0)
    }
}
