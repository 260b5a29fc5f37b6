import Testing
@testable import Flags

/// A command that works on its own and also has subcommands (`game-server` / `game-server token`).
struct OptionalSubcommandTests {
    static let spec = CommandSpec(
        name: "server", summary: "Serves.",
        flags: [FlagSpec(name: "port", help: "Port.", kind: .value(default: "8080"))],
        subcommands: [CommandSpec(name: "token", summary: "Prints a token.",
                                  flags: [FlagSpec(name: "name", help: "Name.", kind: .value(default: nil))])],
        runsWithoutSubcommand: true)

    @Test func noSubcommandRunsTheCommandItself() throws {
        guard case .parsed(let flags) = FlagParser.parse(["--port", "9"], spec: Self.spec) else {
            Issue.record("not parsed"); return
        }
        #expect(flags.subcommand == [])
        #expect(try flags.int("port") == 9)
    }

    @Test func aSubcommandIsStillChosen() throws {
        guard case .parsed(let flags) = FlagParser.parse(["token", "--name", "Ada"], spec: Self.spec) else {
            Issue.record("not parsed"); return
        }
        #expect(flags.subcommand == ["token"])
        #expect(try flags.string("name") == "Ada")
    }

    @Test func anUnknownWordIsStillAnError() {
        guard case .error = FlagParser.parse(["tokne"], spec: Self.spec) else {
            Issue.record("a misspelt subcommand was accepted"); return
        }
    }
}
