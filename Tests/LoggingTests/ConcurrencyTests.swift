#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
    /// Eight threads write lines of up to 6 KB through one pipe (lines longer than PIPE_BUF
    /// are cut to it); every line must arrive whole, in each thread's own order.
    @Test func linesFromManyThreadsThroughAPipeNeverInterleave() throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        let system = LogSystem(level: .info, sink: FileDescriptorLogSink(fileDescriptor: writeEnd), rateLimit: .default)
        let threads = 8
        let linesPerThread = 400

        let received = Mutex<[UInt8]>([])  // guarded by itself; filled by the reader thread
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count > 0 {
                    received.withLock { $0 += buffer[..<count] }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            readerDone.signal()
        }

        let writersDone = DispatchSemaphore(value: 0)
        for thread in 0..<threads {
            Thread.detachNewThread {
                let log = Logger(label: "thread.\(thread)", system: system)
                let letter = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(thread)))
                for index in 0..<linesPerThread {
                    let length = (index * 97 + thread * 31) % 6000
                    log.info("line \(index)", ["payload": String(repeating: letter, count: length)])
                }
                writersDone.signal()
            }
        }
        for _ in 0..<threads { writersDone.wait() }
        close(writeEnd)
        readerDone.wait()
        close(readEnd)

        let text = String(decoding: received.withLock { $0 }, as: UTF8.self)
        #expect(text.last == "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == threads * linesPerThread)
        var nextIndex = [Int](repeating: 0, count: threads)
        var malformed = 0
        for line in lines {
            #expect(line.utf8.count < LogRecord.maxLineBytes)
            guard let (thread, index) = Self.check(line) else {
                malformed += 1
                continue
            }
            #expect(index == nextIndex[thread])
            nextIndex[thread] = index + 1
        }
        #expect(malformed == 0)
        #expect(nextIndex == [Int](repeating: linesPerThread, count: threads))
    }

    /// Parses `<time> info thread.<t>: line <i> payload=<letter * n>[ [truncated]]`, checking
    /// that the payload is the thread's letter only, as long as it should be.
    private static func check(_ line: Substring) -> (thread: Int, index: Int)? {
        let parts = line.split(separator: " ")
        guard parts.count >= 5, parts[1] == "info", parts[2].hasPrefix("thread."), parts[3] == "line",
              let thread = Int(parts[2].dropFirst("thread.".count).dropLast()), (0..<8).contains(thread),
              let index = Int(parts[4]) else { return nil }
        let length = (index * 97 + thread * 31) % 6000
        let letter = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(thread)))
        var payload = parts.count > 5 ? parts[5].dropFirst("payload=".count) : ""
        if payload == "\"\"" { payload = "" }  // an empty value is quoted
        let truncated = parts.count == 7 && parts[6] == "[truncated]"
        guard parts.count == 6 || truncated, payload.allSatisfy({ $0 == letter }) else { return nil }
        guard truncated ? payload.count < length : payload.count == length else { return nil }
        return (thread, index)
    }

    @Test func oneSystemSharedByManyThreadsKeepsCountsExact() async {
        let harness = Harness(level: .info, rateLimit: LogRateLimit(linesPerSecond: 0, burst: 100))
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let log = harness.logger("shared")
                    for index in 0..<250 {
                        log.warning("w", ["task": "\(task)", "i": "\(index)"])
                        log.info("i")
                    }
                }
            }
        }
        let records = harness.sink.captured
        #expect(records.filter { $0.level == .warning }.count == 100)
        #expect(records.filter { $0.level == .info }.count == 2000)
        #expect(harness.system.suppressedLineCount == 1900)
    }
}
