import Glibc
import Synchronization
import Platform

/// Keeps reading a child's output on a thread of its own, so a child that logs a lot never
/// blocks on a full pipe while a test is busy elsewhere; the text is kept for assertions.
final class ChildOutput: Sendable {
    private let text = Mutex("")
    private let thread = Mutex<PThread?>(nil)

    /// Takes over `descriptor` (closed when the child ends its output).
    init(_ descriptor: Int32) {
        let started = PThread.start(name: "child-output") { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                let chunk = String(decoding: buffer[0..<got], as: UTF8.self)
                text.withLock { $0 += chunk }
            }
            close(descriptor)
        }
        thread.withLock { $0 = started }
    }

    /// What the child printed so far.
    var printed: String { text.withLock { $0 } }

    /// Waits for the child's end of output (call after the child was stopped and reaped).
    func finish() -> String {
        thread.withLock { current in defer { current = nil }; return current }?.join()
        return printed
    }
}
