import Dispatch
import Glibc
import Synchronization

/// SIGINT/SIGTERM handling for the executables: the signals are ignored at the process level
/// and delivered through Dispatch instead, so the handler runs as ordinary code (never in a
/// signal context) and can hand the shutdown to a loop with `execute`.
public enum TerminationSignals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []  // set once at startup by main, before any other thread runs

    /// Calls `handler` (on a Dispatch thread) the first time SIGINT or SIGTERM arrives; a
    /// second signal exits at once, for a shutdown that hangs.
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
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
            sources.append(source)
        }
    }
}

private final class ReceivedFlag: Sendable {
    private let flag = Synchronization.Atomic<Bool>(false)
    /// True the first time only.
    func setOnce() -> Bool { !flag.exchange(true, ordering: .relaxed) }
}
