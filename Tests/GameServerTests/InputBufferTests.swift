import Testing
import Wire
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
        for _ in 0..<6 { applied.append(buffer.next()!.sequence) }
        #expect(applied == [1, 2, 3, 4, 5, 6])
    }

    @Test func repeatsTheLastMoveBrieflyWithoutFireThenStops() {
        var buffer = InputBuffer()
        buffer.offer(input(1, move: 1, fire: true))
        #expect(buffer.next()?.buttons == 1)
        for _ in 0..<InputBuffer.holdTicks {
            let held = buffer.next()
            #expect(held?.moveX == 1 && held?.buttons == 0)
        }
        #expect(buffer.next() == nil)
    }

    @Test func oldAndDuplicateInputsAreIgnored() {
        var buffer = InputBuffer()
        buffer.offer(input(10))
        #expect(buffer.next()?.sequence == 10)
        buffer.offer(input(9))
        buffer.offer(input(10))
        #expect(buffer.bufferedCount == 0)
    }

    @Test func aClientFarAheadLosesItsOldestInputsAndLatencyStaysBounded() {
        var buffer = InputBuffer()
        for sequence in UInt32(1)...UInt32(40) { buffer.offer(input(sequence)) }
        #expect(buffer.dropped == 40 - InputBuffer.capacity)
        #expect(buffer.bufferedCount == InputBuffer.capacity)
        #expect(buffer.next()?.sequence == 40 - UInt32(InputBuffer.capacity) + 1)
    }

    @Test func sequenceNumbersWrapAround() {
        var buffer = InputBuffer()
        for sequence: UInt32 in [UInt32.max - 1, UInt32.max, 0, 1] { buffer.offer(input(sequence)) }
        #expect([buffer.next()?.sequence, buffer.next()?.sequence, buffer.next()?.sequence, buffer.next()?.sequence]
                == [UInt32.max - 1, UInt32.max, 0, 1])
    }
}
