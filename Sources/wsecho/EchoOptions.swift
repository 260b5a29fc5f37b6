import Flags
import Logging

/// wsecho's command line, parsed and checked: flags -> this -> `EchoServerRunner.run`.
struct EchoOptions {
    var host = "127.0.0.1"
    var port = 9001
    var maxMessage = 16 << 20
    var tickHz: Double?
    var tickBytes = 64

    static let spec = CommandSpec(
        name: "wsecho",
        summary: "The bare WebSocket transport as an echo server, for conformance and fan-out benchmarks.",
        usage: [
            "[--host ADDR] [--port PORT] [--max-message BYTES]",
            "--port PORT --tick-hz R --tick-bytes B",
        ],
        flags: [
            FlagSpec(name: "host", valueName: "ADDR", help: "IPv4 address to listen on.", kind: .value(default: "127.0.0.1")),
            FlagSpec(name: "port", valueName: "PORT", help: "TCP port (0 = any free port; the chosen port is printed).", kind: .value(default: "9001")),
            FlagSpec(name: "max-message", valueName: "BYTES", help: "Largest message accepted (e.g. 16MiB); a larger one is refused with close code 1009.", kind: .value(default: "16MiB")),
            FlagSpec(name: "tick-hz", valueName: "R", help: "Fan-out mode: send every client one binary frame R times a second, from one timer.", kind: .value(default: nil)),
            FlagSpec(name: "tick-bytes", valueName: "B", help: "Fan-out mode: size of each per-client frame, at least 24.", kind: .value(default: "64")),
            FlagSpec(name: "log-level", valueName: "LEVEL", help: "trace, debug, info, notice, warning, error or critical.", kind: .value(default: "info")),
        ],
        examples: [
            "wsecho --port 9001",
            "wsecho --port 0 --tick-hz 60 --tick-bytes 512",
        ])

    /// Parses the process's arguments; `--help` prints help and exits 0, a bad flag exits 64.
    static func fromCommandLine() -> EchoOptions {
        FlagParser.parseOrExit(spec: spec) { flags throws(FlagError) in try EchoOptions(flags: flags) }
    }

    init(flags: ParsedFlags) throws(FlagError) {
        if let level = try flags.string("log-level") {
            guard let parsed = LogLevel(string: level) else {
                throw FlagError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(level)'")
            }
            LogConfiguration.set(level: parsed)
        }
        host = try flags.string("host") ?? host
        port = try flags.int("port", in: 0...65535) ?? port
        maxMessage = try flags.byteSize("max-message", in: 1...(1 << 30)) ?? maxMessage
        tickHz = try flags.double("tick-hz", in: 0.1...10_000)
        tickBytes = try flags.int("tick-bytes", in: 24...(1 << 20)) ?? tickBytes
    }
}
