import Testing
import Glibc
import Platform

/// Lowering a thread's priority touches that thread only: the spectator thread gives way to
/// the rooms' game threads, which keep theirs.
@Suite struct ThreadPriorityTests {
    static func nice() -> Int32 {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, 63)
        let tid = id_t(String(decoding: buffer.prefix(max(0, length)).map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: "/").last!)!
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid)
    }

    @Test func aThreadLowersItsOwnPriorityAndNoOneElses() throws {
        let mine = Self.nice()
        final class Result: @unchecked Sendable {  // written by the thread before join, read after
            var before: Int32 = 0, after: Int32 = 0, lowered = false
        }
        let result = Result()
        let thread = PThread.start(name: "lowered") {
            result.before = Self.nice()
            result.lowered = ThreadPriority.lowerCurrentThread(by: 3)
            result.after = Self.nice()
        }
        thread.join()
        #expect(result.lowered)
        #expect(result.after == min(19, result.before + 3))
        #expect(Self.nice() == mine, "the calling thread keeps its priority")
    }
}
