import Flags
import Testing

/// `parseOrExit` as `main.swift` sees it, in child processes (Swift Testing exit tests).
@Suite struct ParseOrExitTests {
    @Test func helpGoesToStandardOutputWithStatusZero() async throws {
        let result = try #require(await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            _ = FlagParser.parseOrExit(spec: Fixtures.replay, arguments: ["info", "--help"])
        })
        #expect(String(decoding: result.standardOutputContent, as: UTF8.self)
            == FlagParser.helpText(for: Fixtures.replay, subcommandPath: ["info"]))
    }

    @Test func parseErrorsGoToStandardErrorWithStatus64() async throws {
        let result = try #require(await #expect(processExitsWith: .exitCode(64), observing: [\.standardErrorContent]) {
            _ = FlagParser.parseOrExit(spec: Fixtures.wsecho, arguments: ["--prot", "9001"])
        })
        #expect(String(decoding: result.standardErrorContent, as: UTF8.self) == """
            error: unknown flag '--prot'; did you mean --port?
            usage: wsecho --port PORT [--max-message BYTES]
                   wsecho --port PORT --tick-hz R --tick-bytes B
            Run 'wsecho --help' for more.

            """)
    }

    @Test func valueErrorsFromTheConfigurationStepExitTheSameWay() async throws {
        let result = try #require(await #expect(processExitsWith: .exitCode(64), observing: [\.standardErrorContent]) {
            _ = FlagParser.parseOrExit(spec: Fixtures.replay, arguments: ["verify", "f", "--stop-after", "soon"]) {
                flags throws(FlagError) in try flags.int("stop-after", in: 1...Int.max)
            }
        })
        #expect(String(decoding: result.standardErrorContent, as: UTF8.self) == """
            error: --stop-after must be an integer of at least 1, got 'soon'
            usage: replay verify [options] FILE [REPORT]
            Run 'replay verify --help' for more.

            """)
    }

    @Test func aGoodCommandLineReturnsTheConfiguration() {
        let port = FlagParser.parseOrExit(spec: Fixtures.wsecho, arguments: ["--port", "0"]) {
            flags throws(FlagError) in try flags.int("port", in: 0...65535)
        }
        #expect(port == 0)
    }
}

/// Mistakes in the program (not the command line) trap.
@Suite struct ProgrammerErrorTests {
    @Test func readingAnUndeclaredFlagTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = try? Fixtures.parsed([])?.string("prot")
        }
    }

    @Test func readingASwitchAsAValueTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = try? Fixtures.parsed([])?.string("quiet")
        }
    }

    @Test func anInvalidDefaultTraps() async {
        await #expect(processExitsWith: .failure) {
            let spec = CommandSpec(name: "x", summary: "", flags: [.value("port", default: "http", help: "")])
            _ = try? Fixtures.parsed([], spec: spec)?.int("port", in: 0...65535)
        }
    }

    @Test func aDuplicateFlagTraps() async {
        await #expect(processExitsWith: .failure) {
            let spec = CommandSpec(
                name: "x", summary: "", flags: [.switch("json", help: "")],
                subcommands: [CommandSpec(name: "y", summary: "", flags: [.switch("json", help: "")])])
            _ = FlagParser.parse([], spec: spec)
        }
    }

    @Test func aRequiredPositionalAfterAnOptionalOneTraps() async {
        await #expect(processExitsWith: .failure) {
            let spec = CommandSpec(
                name: "x", summary: "", positionals: [.optional("A", help: ""), .required("B", help: "")])
            _ = FlagParser.parse([], spec: spec)
        }
    }

    @Test func declaringHelpTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = FlagParser.parse([], spec: CommandSpec(name: "x", summary: "", flags: [.switch("help", help: "")]))
        }
    }
}
