import Foundation

/// A `game-server` (or any server that prints "listening on http://HOST:PORT/") started as a
/// child process on a free port, for benchmarks and `bots --spawn-server`. Foundation's
/// Process is fine here: this is set-up code, far from any hot path.
public final class ServerProcess {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    public let process: Process
    public let port: Int
    public var pid: Int32 { process.processIdentifier }

    /// Starts `executable` with `arguments` (which should include `--port 0`) and waits up to
    /// `timeout` seconds for its "listening" line.
    public init(executable: String, arguments: [String], timeout: Double = 30) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "\(executable) is not an executable file (build it first: swift build -c release)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let reader = output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while found == nil && Date() < deadline && process.isRunning {
            let data = reader.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            found = Self.port(in: text)
        }
        guard let found else {
            process.terminate()
            throw Failure(description: "server did not report a listening port; it printed: \(text)")
        }
        port = found
        // Keep draining stdout so the child never blocks on a full pipe.
        reader.readabilityHandler = { handle in _ = handle.availableData }
    }

    static func port(in text: String) -> Int? {
        guard let range = text.range(of: "listening on ") else { return nil }
        let rest = text[range.upperBound...]
        guard let schemeEnd = rest.range(of: "://") else { return nil }
        let afterScheme = rest[schemeEnd.upperBound...]
        guard let colon = afterScheme.firstIndex(of: ":") else { return nil }
        let digits = afterScheme[afterScheme.index(after: colon)...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// SIGTERM, then wait for the exit.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
