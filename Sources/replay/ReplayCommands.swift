import Glibc
import GameServer
import Games
import Flags
import Recording
import Simulation

/// The three subcommands. Which game to re-simulate is read from the recording's header and
/// looked up in the catalog the game server uses (`ShippedGames`), so every game it serves
/// can be verified here with no per-game code.
enum ReplayCommands {
    static let games = ShippedGames.catalog

    /// Re-simulates with the game the header names; nil when this build does not have it.
    static func verify(gameNamed name: String, path: String) -> VerificationReport? {
        games.game(named: name)?.verify(path: path)
    }

    static func run(_ flags: ParsedFlags) -> Int32 {
        let path = flags.positional("FILE")!
        switch flags.subcommand.first {
        case "info": return info(path)
        case "verify": return verify(path)
        case "export":
            do {
                return try export(path, to: flags.string("out"))
            } catch {
                return fail(error.description, status: FlagParser.usageExitCode)
            }
        default:
            return fail("choose a subcommand: info, verify or export (replay --help)", status: FlagParser.usageExitCode)
        }
    }

    static func info(_ path: String) -> Int32 {
        let index: RecordingIndex
        do {
            index = try RecordingIndex(file: RecordingFile(path: path))
        } catch {
            return fail("\(path): \(error)", status: 2)
        }
        print(RecordingSummary(index: index, path: path).text)
        return index.damage.map { $0.kind == .truncated ? 0 : 2 } ?? 0
    }

    static func verify(_ path: String) -> Int32 {
        let name: String
        do {
            name = try RecordingIndex.readHeader(RecordingFile(path: path)).0.gameName
        } catch {
            return fail("\(path): unreadable: \(error)", status: 2)
        }
        guard let report = verify(gameNamed: name, path: path) else {
            return fail("\(path): a recording of \(name), which this build of replay cannot simulate (it has \(games.names))", status: 2)
        }
        let text = "\(path): \(report)"
        if report.exitStatus == 0 { print(text) } else { _ = fail(text, status: report.exitStatus) }
        return report.exitStatus
    }

    static func export(_ path: String, to out: String?) -> Int32 {
        let output: JSONOutput
        if let out {
            guard let file = JSONOutput(path: out) else { return fail("cannot write \(out): \(String(cString: strerror(errno)))", status: 2) }
            output = file
        } else {
            output = JSONOutput(descriptor: STDOUT_FILENO)
        }
        do {
            try RecordingExport.write(path: path, to: output)
        } catch {
            output.finish()
            return fail("\(path): \(error)", status: 2)
        }
        output.finish()
        return 0
    }

    @discardableResult
    static func fail(_ message: String, status: Int32) -> Int32 {
        let line = "replay: " + message + "\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        return status
    }
}
