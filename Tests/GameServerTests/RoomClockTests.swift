import Testing
import Platform
import Wire
import Simulation
import Arena
@testable import GameServer

/// A room driven by hand on a manual clock, its players on fake connections: every rule that
/// depends on time (ticks = elapsed × rate, catch-up and skipping, stall drops, the resume
/// grace, closing when empty) is checked exactly, tick by tick, with no sleeping and no sockets.
@Suite struct RoomClockTests {
    /// A connection that records what the room's channel flushed to it. It lives on the
    /// fixture's loop; `queued` pretends the peer has not read that many bytes.
    final class FakeConnection: MessageConnection {
        let loop: EventLoop
        let peer = "fake"
        var isOpen = true
        var queued = 0
        /// Bytes that stay queued after every send: a reader that stopped reading.
        var stuckBytes = 0
        var messageTypes: [UInt8] = []
        var closed: (code: UInt16, reason: String)?

        init(loop: EventLoop) { self.loop = loop }

        func send(binary payload: UnsafeRawBufferPointer) -> Bool {
            guard isOpen else { return false }
            messageTypes.append(payload.first ?? 0)
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

    /// A room on a manual clock whose channels flush on a real loop thread; the test's thread
    /// is the room's game thread.
    final class Fixture: @unchecked Sendable {  // the room is driven only by the test's thread; connections only on the loop
        let clock = ManualClock()
        let loop: EventLoop
        let thread: PThread
        let room: Room<Arena>
        let start: UInt64

        init(configure: (inout GameServerConfiguration) -> Void = { _ in }) throws {
            var configuration = GameServerConfiguration()
            configuration.seed = 7
            configure(&configuration)
            loop = try EventLoop()
            thread = loop.startThread(name: "test-loop")
            start = clock.now()
            room = Room<Arena>(id: 1, seed: 7, configuration: configuration, metrics: ServerMetrics(transport: loop.metrics),
                               loop: loop, clock: clock, onPlayerGone: { _ in }, onClosed: { _ in })
        }

        deinit {
            loop.stop()
            thread.join()
        }

        var period: UInt64 { room.driver.period }

        /// A player on a fake connection, seated at the next tick.
        func join(_ name: String, stuckBytes: Int = 0) throws -> (player: PlayerID, channel: SessionChannel, connection: LoopBound<FakeConnection>) {
            let connection = try loop.submitAndWait { () -> LoopBound<FakeConnection> in
                let fake = FakeConnection(loop: self.loop)
                fake.stuckBytes = stuckBytes
                return LoopBound(fake, loop: self.loop)
            }
            let channel = try loop.submitAndWait { SessionChannel(connection: connection.value) }
            let player = try #require(room.inbox.join(name: name, channel: channel, resumeToken: UInt64(name.utf8.count) << 8 | 1))
            return (player, channel, connection)
        }

        /// Runs ticks one at a time up to `ticks` after the start, letting the loop flush each
        /// tick's output before the next, as a loop that keeps up would.
        @discardableResult
        func runTicks(to ticks: Int) throws -> Bool {
            while room.tick < UInt32(ticks) {
                guard room.advance(to: start + UInt64(room.tick + 1) * period) else { return false }
                try loop.submitAndWait {}
            }
            return true
        }

        func onLoop<T>(_ body: @escaping () -> T) throws -> T { try loop.submitAndWait(body) }
    }

    @Test(arguments: [30, 60, 120, 240])
    func aPunctualRoomRunsExactlyElapsedOverPeriodTicks(rate: Int) throws {
        let fixture = try Fixture { $0.tickRate = rate }
        _ = try fixture.join("steady")
        let elapsed: UInt64 = 10_000_000_000
        #expect(fixture.room.advance(to: fixture.start + elapsed))
        #expect(UInt64(fixture.room.tick) == elapsed / fixture.period)
        #expect(abs(Int(fixture.room.tick) - 10 * rate) <= 1)
        #expect(fixture.room.metrics.skippedTicks.current == 0)
    }

    @Test func aLateWakeUpCatchesUpThreeTicksAndCountsTheRestAsSkipped() throws {
        let fixture = try Fixture()
        _ = try fixture.join("late")
        let room = fixture.room
        let wake = room.driver.wake(at: fixture.start + 10 * fixture.period + 5)
        #expect(wake.run == 3 && wake.skipped == 7)
        #expect(room.wake(wake))
        #expect(room.tick == 3)
        #expect(room.metrics.skippedTicks.current == 7)
        // Back on schedule: the next deadline is the eleventh period, not a backlog.
        #expect(room.driver.nextDeadline == fixture.start + 11 * fixture.period)
    }

    @Test func aReaderThatStopsReadingIsDroppedWith4003AfterTheStallTimeAndNotBefore() throws {
        let fixture = try Fixture { $0.stallSeconds = 1 }
        let (_, _, connection) = try fixture.join("stuck", stuckBytes: 1_000)
        let stall = fixture.room.configuration.stallSnapshots  // 60 snapshot ticks
        try fixture.runTicks(to: stall)
        #expect(try fixture.onLoop { connection.value.closed == nil })
        // The welcome, the join event and one snapshot went out; every later one was superseded.
        #expect(try fixture.onLoop { connection.value.messageTypes } ==
                [MessageType.welcome.rawValue, MessageType.events.rawValue, MessageType.snapshot.rawValue])
        try fixture.runTicks(to: stall + 3)
        let closed = try fixture.onLoop { connection.value.closed }
        #expect(closed?.code == GameCloseCode.tooSlow.rawValue)
        #expect(fixture.room.metrics.kicksSlow.current == 1)
    }

    @Test func aReaderThatKeepsUpGetsEverySnapshotAndIsNeverDropped() throws {
        let fixture = try Fixture { $0.stallSeconds = 0.1 }
        let (_, _, connection) = try fixture.join("reader")
        try fixture.runTicks(to: 300)
        #expect(try fixture.onLoop { connection.value.closed == nil })
        let types = try fixture.onLoop { connection.value.messageTypes }
        #expect(types.filter { $0 == MessageType.snapshot.rawValue }.count == 300)
        #expect(fixture.room.metrics.snapshotsSuperseded.current == 0)
    }

    @Test func aDisconnectedPlayerKeepsItsSeatForTheGraceExactlyThenLeaves() throws {
        let fixture = try Fixture { $0.resumeGraceSeconds = 1 }
        let (player, channel, _) = try fixture.join("away")
        let (_, _, watcher) = try fixture.join("watcher")
        try fixture.runTicks(to: 10)
        fixture.room.inbox.disconnected(player, channel: channel)
        try fixture.runTicks(to: 11)  // the disconnect is applied in tick 11
        let grace = Int(fixture.room.configuration.resumeGraceTicks)
        try fixture.runTicks(to: 10 + grace)
        #expect(fixture.room.slots[Int(player)] != nil)
        #expect(fixture.room.metrics.players.current == 2)
        try fixture.runTicks(to: 11 + grace)
        #expect(fixture.room.slots[Int(player)] == nil)
        #expect(fixture.room.metrics.players.current == 1)
        // The watcher hears the leave in an events message after the grace, not before.
        try fixture.runTicks(to: 12 + grace)
        #expect(try fixture.onLoop { watcher.value.messageTypes.contains(MessageType.events.rawValue) })
    }

    @Test func anEmptyRoomClosesItselfAfterTwoSecondsOfTicks() throws {
        let fixture = try Fixture()
        let limit = fixture.room.configuration.tickRate * 2
        #expect(try fixture.runTicks(to: limit - 1))
        #expect(try !fixture.runTicks(to: limit + 1))
        #expect(fixture.room.tick == UInt32(limit))
    }
}
