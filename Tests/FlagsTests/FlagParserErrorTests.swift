import Flags
import Testing

/// Every parse error, by its exact text.
@Suite struct FlagParserErrorTests {
    @Test(arguments: [
        (["--prot", "1"], "unknown flag '--prot'; did you mean --port?"),
        (["--Port=1"], "unknown flag '--Port=1'; did you mean --port?"),
        (["--max-mesage", "1"], "unknown flag '--max-mesage'; did you mean --max-message?"),
        (["--max-m", "1"], "unknown flag '--max-m'; did you mean --max-message?"),
        (["--tickhz", "60"], "unknown flag '--tickhz'; did you mean --tick-hz?"),
        (["--hepl"], "unknown flag '--hepl'; did you mean --help?"),
        (["--zzz"], "unknown flag '--zzz'"),
        (["-port", "1"], "unknown flag '-port'; did you mean --port?"),
        (["-p"], "unknown flag '-p'"),
        (["-"], "unexpected argument '-'"),
    ] as [([String], String)])
    func unknownFlagsSuggestTheClosestKnownOne(args: [String], message: String) {
        #expect(Fixtures.error(args) == message)
    }

    @Test(arguments: [
        (["--port"], "--port needs a value (--port PORT)"),
        (["--port", "--quiet"], "--port needs a value (--port PORT)"),
        (["--port", "--", "1"], "--port needs a value (--port PORT)"),
        (["--quiet=yes"], "--quiet is a switch and takes no value, got 'yes'"),
        (["--quiet="], "--quiet is a switch and takes no value, got ''"),
        (["--port", "1", "--port=2"], "--port may be given only once"),
        (["--quiet", "--quiet"], "--quiet may be given only once"),
        (["extra"], "unexpected argument 'extra'"),
        (["--", "--port"], "unexpected argument '--port'"),
    ] as [([String], String)])
    func flagMistakes(args: [String], message: String) {
        #expect(Fixtures.error(args) == message)
    }

    @Test(arguments: [
        ([], "missing subcommand; expected one of: info, verify"),
        (["--log-level", "debug"], "missing subcommand; expected one of: info, verify"),
        (["verfy", "x"], "unknown subcommand 'verfy'; did you mean verify?"),
        (["zap"], "unknown subcommand 'zap'; expected one of: info, verify"),
        (["--", "info"], "unexpected argument 'info'"),
        (["info"], "missing argument FILE"),
        (["verify", "--stop-after", "3"], "missing argument FILE"),
        (["info", "a", "b"], "unexpected argument 'b'"),
        (["verify", "a", "b", "c"], "unexpected argument 'c'"),
        (["info", "--stop-after", "3", "f"], "unknown flag '--stop-after'"),
        (["--json", "info", "f"], "unknown flag '--json'"),
        (["info", "f", "--jsn"], "unknown flag '--jsn'; did you mean --json?"),
        (["info", "f", "--log-levl=x"], "unknown flag '--log-levl=x'; did you mean --log-level?"),
    ] as [([String], String)])
    func subcommandAndPositionalMistakes(args: [String], message: String) {
        #expect(Fixtures.error(args, spec: Fixtures.replay) == message)
    }

    @Test func theFirstMistakeIsReported() {
        #expect(Fixtures.error(["--prot", "1", "extra"]) == "unknown flag '--prot'; did you mean --port?")
    }

    @Test func errorsDescribeThemselvesByTheirMessage() {
        let error = FlagError("--tick-bytes needs --tick-hz")
        #expect("\(error)" == "--tick-bytes needs --tick-hz")
    }

    @Test func usageErrorTextNamesTheCommandTheArgumentsReached() {
        let wsecho = FlagParser.usageErrorText(
            FlagError("unknown flag '--prot'; did you mean --port?"), spec: Fixtures.wsecho, arguments: ["--prot"])
        #expect(wsecho == """
            error: unknown flag '--prot'; did you mean --port?
            usage: wsecho --port PORT [--max-message BYTES]
                   wsecho --port PORT --tick-hz R --tick-bytes B
            Run 'wsecho --help' for more.

            """)
        let verify = FlagParser.usageErrorText(
            FlagError("missing argument FILE"), spec: Fixtures.replay, arguments: ["--log-level", "x", "verify"])
        #expect(verify == """
            error: missing argument FILE
            usage: replay verify [options] FILE [REPORT]
            Run 'replay verify --help' for more.

            """)
    }
}
