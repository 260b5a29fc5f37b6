import Recording
import Simulation

/// One game an executable can serve and verify by name, with its type erased once, here:
/// the executables hold a `GameCatalog` of these and never name a game's type themselves.
/// Built from the type alone (`GameEntry(Arena.self, summary: …)`), so a package that adds a
/// game registers it in one line.
public struct GameEntry: Sendable {
    /// What `--game` takes: the descriptor's name in lower case (`arena`).
    public let name: String
    /// The descriptor's name (`Arena`), as recordings and logs spell it.
    public let title: String
    public let version: UInt16
    public let summary: String
    public let settings: [GameSettingSpec]
    private let makeServer: @Sendable (GameServerConfiguration) throws -> any GameServing
    private let verifier: @Sendable (String) -> VerificationReport

    public init<G: Game>(_ game: G.Type, summary: String) {
        title = G.descriptor.name
        name = G.descriptor.name.lowercased()
        version = G.descriptor.version
        self.summary = summary
        settings = G.settingSpecs
        makeServer = { configuration in try GameServer<G>(configuration: configuration) }
        verifier = { path in VerificationReport.verify(G.self, path: path) }
    }

    /// A server for this game (not yet running: call `run`).
    public func serve(_ configuration: GameServerConfiguration) throws -> any GameServing {
        try makeServer(configuration)
    }

    /// Re-simulates the recording at `path` with this game and compares every hash.
    public func verify(path: String) -> VerificationReport {
        verifier(path)
    }
}
