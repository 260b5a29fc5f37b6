import Dispatch
import Glibc
import Synchronization

/// SIGINT/SIGTERM handling for the executables: the signals are ignored at the process level
/// and delivered through Dispatch instead, so the handler runs as ordinary code (never in a
/// signal context) and can hand the shutdown to a loop with `execute`.
public enum TerminationSignals {
    /// Kept alive for the process's life: a released source stops delivering. Guarded, since
    /// `install` may be called from any thread (a test's, a server's).
    private static let sources = Mutex(SignalSources())

    /// Calls `handler` (on a Dispatch thread) the first time SIGINT or SIGTERM arrives; a
    /// second signal exits at once, for a shutdown that hangs. Also ignores the signals whose
    /// default action would kill a server for an error it handles where it happens: SIGPIPE (a
    /// peer gone: `send` fails with EPIPE) and SIGXFSZ (a write past `RLIMIT_FSIZE`: `write`
    /// fails with EFBIG, and the recording writer abandons that recording, not the process).
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        let received = ReceivedFlag()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.setOnce() {
                    handler(number)
                } else {
                    exit(128 + number)
                }
            }
            source.resume()
            let kept = SignalSources(sources: [source])
            sources.withLock { $0.sources += kept.sources }
        }
    }
}

/// Dispatch sources are not Sendable; these are only appended under the mutex and never used
/// again (they are kept so they stay alive).
private struct SignalSources: @unchecked Sendable {
    var sources: [any DispatchSourceSignal] = []
}

private final class ReceivedFlag: Sendable {
    private let flag = Synchronization.Atomic<Bool>(false)
    /// True the first time only.
    func setOnce() -> Bool { !flag.exchange(true, ordering: .relaxed) }
}
