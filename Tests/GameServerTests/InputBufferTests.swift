import Testing
import Wire
import Simulation
import Arena
@testable import GameServer

struct InputBufferTests {
    private func input(_ sequence: UInt32, move: Int8 = 1, fire: Bool = false) -> PlayerInput {
        PlayerInput(sequence: sequence, tick: sequence, buttons: fire ? 1 : 0, aim: 0, moveX: move, moveY: 0)
    }

    @Test func appliesOneInputPerTickInOrderDespiteRepeatsAndReordering() {
        var buffer = InputBuffer()
        // Each message repeats the previous two inputs; messages arrive out of order.
        for sequence: UInt32 in [3, 2, 1, 5, 4, 3, 6, 5] { buffer.offer(input(sequence)) }
        var applied: [UInt32] = []
        for _ in 0..<6 { applied.append(buffer.next(table: ArenaInput.table)!.sequence) }
        #expect(applied == [1, 2, 3, 4, 5, 6])
    }

    @Test func repeatsTheLastMoveBrieflyWithoutFireThenStopsThePlayerOnce() {
        var buffer = InputBuffer()
        var first = input(1, move: 1, fire: true)
        first.aim = 0x4000
        buffer.offer(first)
        #expect(buffer.next(table: ArenaInput.table)?.buttons == 1)
        for _ in 0..<InputBuffer.holdTicks {
            let held = buffer.next(table: ArenaInput.table)
            #expect(held?.moveX == 1 && held?.buttons == 0)
        }
        // A game may keep the last applied input as the player's intent (Arena does), so
        // returning nil here would leave the player walking: one neutral input stops it.
        let neutral = buffer.next(table: ArenaInput.table)
        #expect(neutral == PlayerInput(sequence: 1, tick: first.tick, buttons: 0, aim: 0x4000, moveX: 0, moveY: 0))
        #expect(buffer.next(table: ArenaInput.table) == nil)
        // Inputs resume as usual afterwards.
        buffer.offer(input(2, move: -1))
        #expect(buffer.next(table: ArenaInput.table)?.moveX == -1)
    }

    @Test func oldAndDuplicateInputsAreIgnored() {
        var buffer = InputBuffer()
        buffer.offer(input(10))
        #expect(buffer.next(table: ArenaInput.table)?.sequence == 10)
        buffer.offer(input(9))
        buffer.offer(input(10))
        #expect(buffer.bufferedCount == 0)
    }

    @Test func aClientFarAheadLosesItsOldestInputsAndLatencyStaysBounded() {
        var buffer = InputBuffer()
        for sequence in UInt32(1)...UInt32(40) { buffer.offer(input(sequence)) }
        #expect(buffer.dropped == 40 - InputBuffer.capacity)
        #expect(buffer.bufferedCount == InputBuffer.capacity)
        #expect(buffer.next(table: ArenaInput.table)?.sequence == 40 - UInt32(InputBuffer.capacity) + 1)
    }

    @Test func sequenceNumbersWrapAround() {
        var buffer = InputBuffer()
        for sequence: UInt32 in [UInt32.max - 1, UInt32.max, 0, 1] { buffer.offer(input(sequence)) }
        #expect([buffer.next(table: ArenaInput.table)?.sequence, buffer.next(table: ArenaInput.table)?.sequence, buffer.next(table: ArenaInput.table)?.sequence, buffer.next(table: ArenaInput.table)?.sequence]
                == [UInt32.max - 1, UInt32.max, 0, 1])
    }
}

/// The defect this guards against: the room skipped `apply` when no input was due and Arena
/// kept the last one, so a player whose connection went quiet walked on forever.
@Suite struct QuietPlayerTests {
    @Test func aPlayerWhoseInputsStopStandsStillAfterTheHoldTicks() {
        var game = Arena(seed: 11, settings: GameSettings())
        let entity = game.addPlayer(1, name: "quiet")
        var buffer = InputBuffer()
        var events: [GameEvent] = []
        // The room's per-tick order for one player: offer what arrived, apply what is due, step.
        func position() -> (Int32, Int32) {
            let slot = game.entities.slot(of: entity)!
            return (game.entities.x(at: slot), game.entities.y(at: slot))
        }
        for tick in 0..<UInt32(20) {
            if tick < 5 { buffer.offer(PlayerInput(sequence: tick + 1, tick: tick, moveX: 1)) }
            if let input = buffer.next(table: ArenaInput.table) { game.apply(input, for: 1) }
            game.step(tick: tick, events: &events)
        }
        let stopped = position()
        for tick in 20..<UInt32(40) {
            if let input = buffer.next(table: ArenaInput.table) { game.apply(input, for: 1) }
            game.step(tick: tick, events: &events)
        }
        #expect(position() == stopped)
    }
}

/// After a freeze, a burst of held inputs must not stay queued: a backlog above the standing
/// depth for `drainAfterTicks` ticks is drained two inputs a tick, triggers kept; an honest
/// link's jitter, whose backlog keeps falling back, is never drained.
struct InputBufferDrainTests {
    private func input(_ sequence: UInt32, fire: Bool = false) -> PlayerInput {
        PlayerInput(sequence: sequence, tick: sequence, buttons: fire ? 1 : 0, aim: 0, moveX: 1, moveY: 0)
    }

    @Test func aBurstAfterAFreezeDrainsWithinASecondKeepingEveryPress() {
        var buffer = InputBuffer()
        var sequence: UInt32 = 0
        // 18 inputs held by a 300 ms freeze arrive at once; one is a fire press.
        for _ in 0..<15 {
            sequence += 1
            buffer.offer(input(sequence, fire: sequence == 10))
        }
        var fired = 0
        var ticks = 0
        // The client goes on sending one input a tick.
        while buffer.bufferedCount > InputBuffer.standingDepth || ticks < InputBuffer.drainAfterTicks {
            sequence += 1
            buffer.offer(input(sequence))
            if buffer.next(table: ArenaInput.table)!.buttons == 1 { fired += 1 }
            ticks += 1
            guard ticks < 120 else { break }
        }
        #expect(ticks <= 60, "drained in \(ticks) ticks")
        #expect(buffer.bufferedCount <= InputBuffer.standingDepth)
        #expect(fired == 1, "the press survives the merge")
        #expect(buffer.merged > 0)
    }

    @Test func jitterOnAnHonestLinkIsNeverDrained() {
        var buffer = InputBuffer()
        var random = SeededRandom(seed: 9)
        var sequence: UInt32 = 0
        var waiting: [(due: Int, input: PlayerInput)] = []
        var lastDue = 0
        for tick in 0..<3_000 {
            // One input made a tick, delayed 0 to 3 ticks (±25 ms of jitter at 60 Hz) and never
            // overtaking the one before (TCP): bunches, gaps and all.
            sequence += 1
            lastDue = max(lastDue, tick + Int(random.below(4)))
            waiting.append((lastDue, input(sequence)))
            while let first = waiting.first, first.due <= tick {
                buffer.offer(first.input)
                waiting.removeFirst()
            }
            _ = buffer.next(table: ArenaInput.table)
        }
        #expect(buffer.merged == 0)
        #expect(buffer.dropped == 0)
    }
}
