import Glibc
import Synchronization
import Testing
@testable import Platform

/// The loop's registration is open: anything owning a descriptor conforms to
/// `EventLoopHandler`. These tests register plain pipes, the way a polling session or an SDK
/// client would register its sockets, with no WebSocket in sight.
@Suite struct EventLoopHandlerTests {
    /// Reads whatever arrives on its pipe and counts the bytes.
    final class PipeReader: EventLoopHandler {
        let fd: Int32
        var token: UInt64 = 0
        var bytes: [UInt8] = []
        var events = 0
        let onRead: (PipeReader) -> Void

        init(fd: Int32, onRead: @escaping (PipeReader) -> Void = { _ in }) {
            self.fd = fd
            self.onRead = onRead
        }

        func handle(_ event: SelectorEvent) {
            events += 1
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { bytes += chunk[..<count] }
            onRead(self)
        }
    }

    private func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }

    @Test func aCustomHandlerHearsItsDescriptorAndStopsHearingItOnceDeregistered() throws {
        let loop = try EventLoop()
        let thread = loop.startThread(name: "test-loop")
        defer { loop.stop(); thread.join() }
        let (readEnd, writeEnd) = makePipe()
        defer { close(readEnd); close(writeEnd) }
        let reader = LoopBound(PipeReader(fd: readEnd), loop: loop)
        try loop.submitAndWait { reader.value.token = try loop.register(reader.value, fd: readEnd, interest: .read) }

        #expect(write(writeEnd, "hello", 5) == 5)
        #expect(waitUntil { (try? loop.submitAndWait { reader.value.bytes }) == Array("hello".utf8) })

        try loop.submitAndWait { loop.deregister(fd: readEnd, token: reader.value.token) }
        #expect(write(writeEnd, "more", 4) == 4)
        // Give the loop a chance to (wrongly) deliver; then nothing may have been read.
        usleep(50_000)
        let (events, bytes) = try loop.submitAndWait { (reader.value.events, reader.value.bytes.count) }
        #expect(events == 1)
        #expect(bytes == 5)
    }

    @Test func aHandlerDeregisteredEarlierInTheSameBatchIsNotCalled() throws {
        // Two pipes become readable in one wake-up; the first handler to run deregisters the
        // other. The generation in the token must keep the stale event from reaching it.
        let loop = try EventLoop()
        let (readA, writeA) = makePipe()
        let (readB, writeB) = makePipe()
        defer { [readA, writeA, readB, writeB].forEach { close($0) } }
        let heard = Mutex<[String]>([])
        var readers: [PipeReader] = []
        let onRead: (PipeReader) -> Void = { current in
            heard.withLock { $0.append(current.fd == readA ? "A" : "B") }
            let other = readers.first { $0 !== current }!
            loop.deregister(fd: other.fd, token: other.token)
        }
        readers = [PipeReader(fd: readA, onRead: onRead), PipeReader(fd: readB, onRead: onRead)]
        for reader in readers { reader.token = try loop.register(reader, fd: reader.fd, interest: .read) }
        #expect(write(writeA, "a", 1) == 1)
        #expect(write(writeB, "b", 1) == 1)
        loop.schedule(at: Monotonic.now() + 20_000_000) { loop.stop() }
        loop.run()
        #expect(heard.withLock { $0.count } == 1)
        readers.removeAll()
    }

    @Test func tasksFromOtherThreadsRunOnTheLoopInOrder() throws {
        let loop = try EventLoop()
        let thread = loop.startThread(name: "test-loop")
        defer { loop.stop(); thread.join() }
        let seen = Mutex<[Int]>([])
        let onLoop = Atomic<Int>(0)
        for index in 0..<100 {
            loop.execute {
                if loop.inEventLoop { onLoop.wrappingAdd(1, ordering: .relaxed) }
                seen.withLock { $0.append(index) }
            }
        }
        #expect(waitUntil { seen.withLock { $0.count } == 100 })
        #expect(seen.withLock { $0 } == Array(0..<100))
        #expect(onLoop.load(ordering: .relaxed) == 100)
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesNever() throws {
        let loop = try EventLoop()
        var order: [Int] = []
        let start = Monotonic.now()
        loop.schedule(at: start + 30_000_000) { order.append(3) }
        let cancelled = loop.schedule(at: start + 10_000_000) { order.append(-1) }
        loop.schedule(at: start + 20_000_000) { order.append(2) }
        loop.schedule(at: start + 5_000_000) { order.append(1) }
        loop.cancel(cancelled)
        loop.schedule(at: start + 40_000_000) { loop.stop() }
        loop.run()
        #expect(order == [1, 2, 3])
    }

    @Test func aLoopBoundValueTrapsOffItsLoopInEveryBuild() async {
        await #expect(processExitsWith: .failure) {
            let loop = try EventLoop()
            let thread = loop.startThread(name: "test-loop")
            while !loop.inEventLoop && (try? loop.submitAndWait { true }) != true {}
            let bound = LoopBound(42, loop: loop)
            _ = bound.value  // on the test's thread, not the loop's: must trap
            thread.join()
        }
    }
}

/// Polls `condition` for up to `seconds`: tests wait for an outcome, never for a fixed time.
func waitUntil(seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Monotonic.now() + UInt64(seconds * 1e9)
    while Monotonic.now() < deadline {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}
