import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// The replay endpoint (`/replay?file=NAME`), on the I/O thread: checks the name and the cap,
/// hands the viewer to the replay thread, and turns each `replayControl` into a request for
/// it. Every refusal is a close code with a reason, logged: 4008 for a name that is not a
/// recording's or a missing file (a damaged file is found by the replay thread, 4008 too),
/// 4004 when the server already shows its maximum of replays, 4001 for anything but a
/// well-formed `replayControl`, 1003 for text.
final class ReplayService<G: Game> {
    static var logger: Logger { Logger(label: "game.replay") }

    let theater: ReplayTheater<G>
    let recordDirectory: String

    init(theater: ReplayTheater<G>, recordDirectory: String) {
        self.theater = theater
        self.recordDirectory = recordDirectory
    }

    /// The delegate for one new `/replay` upgrade.
    func connection(query: String?) -> any MessageHandler { ReplayConnection(service: self, query: query) }
}
