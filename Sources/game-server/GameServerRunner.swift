import Glibc
import GameServer
import Platform

/// Starts the chosen game's server, prints the address to open, and runs until SIGINT/SIGTERM.
enum GameServerRunner {
    static func run(_ game: GameEntry, _ configuration: GameServerConfiguration, agones: AgonesOptions? = nil) -> Int32 {
        Socket.raiseDescriptorLimit()
        let server: any GameServing
        do {
            server = try game.serve(configuration)
        } catch {
            printLine("error: cannot start on \(configuration.host):\(configuration.port): \(error)", to: 2)
            return 1
        }
        // On Agones the lifecycle drains and tells the SDK server; otherwise a plain shutdown.
        let lifecycle = agones.map { AgonesLifecycle(server: server, options: $0) }
        if let lifecycle {
            TerminationSignals.install { _ in lifecycle.terminate() }
            server.loop.execute { lifecycle.start() }
        } else {
            TerminationSignals.install { _ in server.shutdown(timeout: 2) }
        }
        let listening = ListeningURL.describe(host: configuration.host, port: server.port)
        printLine("game-server listening on \(listening.url) (\(listening.note.map { $0 + "; " } ?? "")open it in a browser to play \(game.title); " +
                  "\(configuration.tickRate) Hz tick, snapshots every \(configuration.snapshotInterval) tick(s), \(webRootNote(configuration)))", to: 1)
        if configuration.spectators.maxSpectators > 0 && configuration.webRoot != nil {
            printLine("game-server spectators: \(listening.url)replay.html?live=1 watches room 1 live " +
                      "(WebSocket /spectate?room=ID, delay \(configuration.spectators.delaySeconds) s, at most \(configuration.spectators.maxSpectators))", to: 1)
        }
        if let port = server.metricsPort, let listener = configuration.metricsListener {
            let metrics = ListeningURL.describe(host: listener.host, port: port, path: "metrics")
            printLine("game-server metrics on \(metrics.url)" + (metrics.note.map { " (\($0))" } ?? ""), to: 1)
        }
        server.run()
        printLine("game-server stopped", to: 2)
        return 0
    }

    /// Where the page comes from, as an absolute path: the user sees which directory a
    /// relative `--web-root` meant.
    static func webRootNote(_ configuration: GameServerConfiguration) -> String {
        guard let root = configuration.webRoot else { return "no game page (--no-web-root)" }
        return "web root '\(DirectoryCheck.absolute(root))'"
    }

    /// Whole lines straight to the descriptor: stdout may be a file a script polls for "listening".
    static func printLine(_ text: String, to fd: Int32) { FileDescriptor.printLine(text, to: fd) }
}
