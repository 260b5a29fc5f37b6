import Flags

/// Specs shaped like the project's executables.
enum Fixtures {
    static let wsecho = CommandSpec(
        name: "wsecho",
        summary: "The bare WebSocket transport as an echo server, for conformance runs and the fan-out benchmark.",
        usage: ["--port PORT [--max-message BYTES]", "--port PORT --tick-hz R --tick-bytes B"],
        flags: [
            .value("port", valueName: "PORT", default: "9001",
                   help: "TCP port to listen on; 0 picks any free port and prints the one chosen."),
            .value("host", valueName: "HOST", default: "127.0.0.1", help: "Address to listen on."),
            .value("max-message", valueName: "BYTES", default: "16MiB",
                   help: "Largest message accepted; a larger one is refused with close code 1009."),
            .value("tick-hz", valueName: "R", help: "Send every client a binary frame R times a second."),
            .value("tick-bytes", valueName: "B", help: "Size of each tick frame."),
            .value("idle-timeout", valueName: "DURATION", default: "30s", help: "Close connections idle this long."),
            .value("clock-skew", valueName: "DURATION", default: "0s", help: "Shift the tick clock; negative runs it behind."),
            .value("loss", valueName: "FRACTION", default: "0", help: "Drop this fraction of outgoing frames."),
            .value("allow-origin", valueName: "ORIGIN", help: "Accept upgrades from this Origin.", repeatable: true),
            .value("name", valueName: "TEXT", help: "A label for the logs."),
            .switch("quiet", help: "Log warnings and errors only."),
            .switch("verbose", help: "Log more; give twice for frame dumps.", repeatable: true),
        ],
        examples: ["wsecho --port 9001", "wsecho --port 0 --tick-hz 60 --tick-bytes 512"])

    static let replay = CommandSpec(
        name: "replay",
        summary: "Inspect and verify match recordings.",
        flags: [.value("log-level", valueName: "LEVEL", default: "info", help: "Least severe log level written.")],
        subcommands: [
            CommandSpec(
                name: "info", summary: "Describe a recording.",
                flags: [.switch("json", help: "Print JSON.")],
                positionals: [.required("FILE", help: "The recording to describe.")]),
            CommandSpec(
                name: "verify", summary: "Re-simulate a recording; exit 0 only if every recorded hash matches.",
                flags: [.value("stop-after", valueName: "TICKS", help: "Stop after this many ticks.")],
                positionals: [
                    .required("FILE", help: "The recording to verify."),
                    .optional("REPORT", help: "Where to write the report of mismatches."),
                ]),
        ],
        examples: ["replay info recordings/match-1.rec", "replay verify recordings/match-1.rec"])

    /// Parses and expects success.
    static func parsed(_ args: [String], spec: CommandSpec = wsecho) -> ParsedFlags? {
        if case .parsed(let flags) = FlagParser.parse(args, spec: spec) { return flags }
        return nil
    }

    /// Parses and returns the error message, if any.
    static func error(_ args: [String], spec: CommandSpec = wsecho) -> String? {
        if case .error(let error) = FlagParser.parse(args, spec: spec) { return error.message }
        return nil
    }

    /// The message a typed accessor throws, if any.
    static func valueError<T>(_ read: () throws(FlagError) -> T) -> String? {
        do {
            _ = try read()
            return nil
        } catch {
            return error.message
        }
    }
}
