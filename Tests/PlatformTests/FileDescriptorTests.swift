import Glibc
import Synchronization
import Testing
@testable import Platform

@Suite struct FileDescriptorTests {
    @Test func writeAllDeliversEveryByteThroughAFullNonBlockingPipe() throws {
        // 1 MiB through a 64 KiB pipe whose write end is non-blocking: partial writes and
        // EAGAIN both happen, and every byte must arrive in order.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let received = Mutex<[UInt8]>([])
        let reader = PThread.start(name: "pipe-reader") {
            var chunk = [UInt8](repeating: 0, count: 7919)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                received.withLock { $0 += chunk[..<count] }
                usleep(100)  // a slow reader, so the writer meets a full pipe
            }
        }
        try FileDescriptor.writeAll(writeEnd, payload)
        close(writeEnd)
        reader.join()
        close(readEnd)
        #expect(received.withLock { $0 } == payload)
    }

    @Test func writeAllNamesTheCallAndErrnoWhenTheReaderIsGone() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        #expect(throws: SystemError("write", errno: EPIPE)) { try FileDescriptor.writeAll(fds[1], "lost") }
    }

    @Test func writeAllReportsAFileSizeLimitInsteadOfLoopingOrDying() async {
        // RLIMIT_FSIZE is process-wide, so this runs in a child process of its own: the
        // second page passes the limit and the kernel says EFBIG (SIGXFSZ ignored).
        await #expect(processExitsWith: .success) {
            signal(SIGXFSZ, SIG_IGN)
            let path = "/tmp/platform-tests-\(getpid())-fsize"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            defer { close(fd); unlink(path) }
            var limited = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limited)
            limited.rlim_cur = 4096
            guard fd >= 0, setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limited) == 0 else { exit(2) }
            do {
                try FileDescriptor.writeAll(fd, [UInt8](repeating: 7, count: 10_000))
                exit(3)
            } catch {
                exit((error as? SystemError) == SystemError("write", errno: EFBIG) ? 0 : 4)
            }
        }
    }
}
