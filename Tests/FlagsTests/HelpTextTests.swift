import Flags
import Testing

/// The help text, whole. When a change here is intended, update the snapshot.
@Suite struct HelpTextTests {
    @Test func rootCommandWithUsageLinesAndDefaults() {
        #expect(FlagParser.helpText(for: Fixtures.wsecho) == """
            wsecho: The bare WebSocket transport as an echo server, for conformance runs and
            the fan-out benchmark.

            Usage:
              wsecho --port PORT [--max-message BYTES]
              wsecho --port PORT --tick-hz R --tick-bytes B

            Options:
              --port PORT              TCP port to listen on; 0 picks any free port and
                                       prints the one chosen. (default: 9001)
              --host HOST              Address to listen on. (default: 127.0.0.1)
              --max-message BYTES      Largest message accepted; a larger one is refused
                                       with close code 1009. (default: 16MiB)
              --tick-hz R              Send every client a binary frame R times a second.
              --tick-bytes B           Size of each tick frame.
              --idle-timeout DURATION  Close connections idle this long. (default: 30s)
              --clock-skew DURATION    Shift the tick clock; negative runs it behind.
                                       (default: 0s)
              --loss FRACTION          Drop this fraction of outgoing frames. (default: 0)
              --allow-origin ORIGIN    Accept upgrades from this Origin. (repeatable)
              --name TEXT              A label for the logs.
              --quiet                  Log warnings and errors only.
              --verbose                Log more; give twice for frame dumps. (repeatable)
              -h, --help               Show this help and exit.

            Examples:
              wsecho --port 9001
              wsecho --port 0 --tick-hz 60 --tick-bytes 512

            """)
    }

    @Test func commandWithSubcommands() {
        #expect(FlagParser.helpText(for: Fixtures.replay) == """
            replay: Inspect and verify match recordings.

            Usage:
              replay [options] <subcommand>

            Options:
              --log-level LEVEL  Least severe log level written. (default: info)
              -h, --help         Show this help and exit.

            Subcommands:
              info               Describe a recording.
              verify             Re-simulate a recording; exit 0 only if every recorded hash
                                 matches.

            Examples:
              replay info recordings/match-1.rec
              replay verify recordings/match-1.rec

            Run 'replay <subcommand> --help' for a subcommand's own arguments and options.

            """)
    }

    @Test func subcommandListsItsArgumentsThenOwnAndInheritedOptions() {
        #expect(FlagParser.helpText(for: Fixtures.replay, subcommandPath: ["verify"]) == """
            replay verify: Re-simulate a recording; exit 0 only if every recorded hash
            matches.

            Usage:
              replay verify [options] FILE [REPORT]

            Arguments:
              FILE                The recording to verify.
              REPORT              Where to write the report of mismatches.

            Options:
              --stop-after TICKS  Stop after this many ticks.
              --log-level LEVEL   Least severe log level written. (default: info)
              -h, --help          Show this help and exit.

            """)
    }

    @Test func longLabelsPutTheirHelpOnTheNextLineAndLongWordsOverflow() {
        let spec = CommandSpec(
            name: "bots", summary: "Headless bots.",
            flags: [
                .value("url", valueName: "URL", default: "ws://127.0.0.1:8080/play", help: "Server to play on."),
                .value("reconnect-backoff-maximum", valueName: "DURATION", default: "", help: "Longest wait."),
                .value("json", valueName: "FILE",
                       help: "Write the report to https://example.invalid/an/address/far/too/long/to/fit/on/one/line"),
                .switch("dry-run", help: ""),
            ])
        #expect(FlagParser.helpText(for: spec) == """
            bots: Headless bots.

            Usage:
              bots [options]

            Options:
              --url URL    Server to play on. (default: ws://127.0.0.1:8080/play)
              --reconnect-backoff-maximum DURATION
                           Longest wait. (default: "")
              --json FILE  Write the report to
                           https://example.invalid/an/address/far/too/long/to/fit/on/one/line
              --dry-run
              -h, --help   Show this help and exit.

            """)
    }

    @Test func commandWithoutFlagsHasNoOptionsInItsUsage() {
        let spec = CommandSpec(name: "version", summary: "Print the version.")
        #expect(FlagParser.helpText(for: spec) == """
            version: Print the version.

            Usage:
              version

            Options:
              -h, --help  Show this help and exit.

            """)
    }

    @Test func helpLinesFitInEightyColumnsWithoutTrailingSpaces() {
        for (spec, path) in [(Fixtures.wsecho, []), (Fixtures.replay, []), (Fixtures.replay, ["verify"])] {
            let lines = FlagParser.helpText(for: spec, subcommandPath: path).split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= FlagParser.helpWidth && $0.last != " " })
        }
    }
}
