import Flags
import Testing

@Suite struct FlagParserSyntaxTests {
    @Test func spaceSeparatedAndEqualsFormsGiveTheSameValue() throws {
        let spaced = try #require(Fixtures.parsed(["--port", "8080"]))
        let joined = try #require(Fixtures.parsed(["--port=8080"]))
        #expect(try spaced.int("port", in: 0...65535) == 8080)
        #expect(try joined.int("port", in: 0...65535) == 8080)
        #expect(spaced == joined)
    }

    @Test func equalsSplitsAtTheFirstEqualsSign() throws {
        let flags = try #require(Fixtures.parsed(["--name=a=b"]))
        #expect(try flags.string("name") == "a=b")
    }

    @Test func absentFlagsFallBackToTheirDefaultOrNil() throws {
        let flags = try #require(Fixtures.parsed([]))
        #expect(try flags.int("port", in: 0...65535) == 9001)
        #expect(try flags.string("host") == "127.0.0.1")
        #expect(try flags.byteSize("max-message") == 16 << 20)
        #expect(try flags.duration("idle-timeout") == 30)
        #expect(try flags.int("tick-hz") == nil)
        #expect(try flags.string("name") == nil)
        #expect(!flags.isGiven("port"))
        #expect(flags.subcommand == [])
        #expect(flags.positionals == [])
    }

    @Test func emptyValuesAreKeptAsGiven() throws {
        let joined = try #require(Fixtures.parsed(["--name="]))
        let spaced = try #require(Fixtures.parsed(["--name", ""]))
        #expect(try joined.string("name") == "")
        #expect(try spaced.string("name") == "")
        #expect(joined.isGiven("name"))
    }

    @Test func switchesAreFalseUntilGiven() throws {
        let none = try #require(Fixtures.parsed([]))
        let some = try #require(Fixtures.parsed(["--quiet"]))
        #expect(!none.bool("quiet"))
        #expect(some.bool("quiet"))
        #expect(!some.bool("verbose"))
    }

    @Test func repeatableFlagsCollectEveryValueInOrder() throws {
        let flags = try #require(Fixtures.parsed([
            "--allow-origin", "https://a.example", "--verbose", "--allow-origin=https://b.example", "--verbose",
        ]))
        #expect(flags.values("allow-origin") == ["https://a.example", "https://b.example"])
        #expect(try flags.string("allow-origin") == "https://b.example")
        #expect(flags.count("verbose") == 2)
        #expect(flags.bool("verbose"))
        #expect(flags.count("quiet") == 0)
    }

    @Test func valuesOfAFlagNotGivenAreItsDefault() throws {
        let flags = try #require(Fixtures.parsed([]))
        #expect(flags.values("allow-origin") == [])
        #expect(flags.values("host") == ["127.0.0.1"])
    }

    @Test func aValueMayStartWithASingleDash() throws {
        let flags = try #require(Fixtures.parsed(["--clock-skew", "-250ms", "--name", "-"]))
        #expect(try flags.duration("clock-skew", in: -10...10) == -0.25)
        #expect(try flags.string("name") == "-")
    }

    @Test func equalsFormPassesValuesThatStartWithTwoDashes() throws {
        let flags = try #require(Fixtures.parsed(["--name=--odd"]))
        #expect(try flags.string("name") == "--odd")
    }

    @Test func doubleDashEndsFlags() throws {
        let flags = try #require(Fixtures.parsed(
            ["verify", "--stop-after", "5", "--", "--help", "-h"], spec: Fixtures.replay))
        #expect(flags.subcommand == ["verify"])
        #expect(flags.positionals == ["--help", "-h"])
        #expect(try flags.int("stop-after") == 5)
    }

    @Test(arguments: ["-", "-5", "-0.25", "-1e3", "-.5"])
    func dashAloneAndNegativeNumbersArePositionals(argument: String) throws {
        let flags = try #require(Fixtures.parsed(["info", argument], spec: Fixtures.replay))
        #expect(flags.positionals == [argument])
        #expect(flags.positional("FILE") == argument)
    }

    @Test func subcommandsChooseTheirOwnFlagsAndPositionals() throws {
        let flags = try #require(Fixtures.parsed(["verify", "match.rec", "--stop-after=100"], spec: Fixtures.replay))
        #expect(flags.subcommand == ["verify"])
        #expect(flags.positional("FILE") == "match.rec")
        #expect(flags.positional("REPORT") == nil)
        #expect(try flags.int("stop-after", in: 1...Int.max) == 100)
        #expect(try flags.string("log-level") == "info")
    }

    @Test func optionalPositionalsMayBeGiven() throws {
        let flags = try #require(Fixtures.parsed(["verify", "match.rec", "report.txt"], spec: Fixtures.replay))
        #expect(flags.positionals == ["match.rec", "report.txt"])
        #expect(flags.positional("REPORT") == "report.txt")
    }

    @Test func parentFlagsAreAcceptedBeforeAndAfterTheSubcommand() throws {
        let before = try #require(Fixtures.parsed(["--log-level", "debug", "info", "m.rec"], spec: Fixtures.replay))
        let after = try #require(Fixtures.parsed(["info", "m.rec", "--log-level=debug"], spec: Fixtures.replay))
        #expect(try before.string("log-level") == "debug")
        #expect(before == after)
    }

    @Test func flagsAndPositionalsMayBeInterleaved() throws {
        let flags = try #require(Fixtures.parsed(["info", "--json", "m.rec"], spec: Fixtures.replay))
        #expect(flags.bool("json"))
        #expect(flags.positionals == ["m.rec"])
    }

    @Test(arguments: [["--help"], ["-h"], ["--port", "1", "--help"], ["--bogus", "--help"], ["--port", "-h"], ["x", "-h"]])
    func helpAnywhereShowsHelp(args: [String]) {
        #expect(FlagParser.parse(args, spec: Fixtures.wsecho) == .help(FlagParser.helpText(for: Fixtures.wsecho)))
    }

    @Test(arguments: [
        (["--help"], []), (["verify", "--help"], ["verify"]), (["-h", "verify"], ["verify"]),
        (["--log-level", "info", "verify", "x", "y", "z", "-h"], ["verify"]), (["info", "--nope", "-h"], ["info"]),
        (["verfy", "-h"], []),
    ] as [([String], [String])])
    func helpIsForTheSubcommandNamed(args: [String], path: [String]) {
        let expected = FlagParser.helpText(for: Fixtures.replay, subcommandPath: path)
        #expect(FlagParser.parse(args, spec: Fixtures.replay) == .help(expected))
    }

    @Test func helpAfterDoubleDashIsAPositional() throws {
        let flags = try #require(Fixtures.parsed(["info", "--", "-h"], spec: Fixtures.replay))
        #expect(flags.positionals == ["-h"])
    }
}
