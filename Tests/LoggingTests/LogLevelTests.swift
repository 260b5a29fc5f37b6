@testable import Logging
import Testing

@Suite struct LogLevelTests {
    @Test(arguments: [
        ("trace", LogLevel.trace), ("debug", .debug), ("info", .info), ("notice", .notice), ("warning", .warning),
        ("warn", .warning), ("WARNING", .warning), (" Error\n", .error), ("critical", .critical),
    ] as [(String, LogLevel)])
    func parsesNames(text: String, level: LogLevel) {
        #expect(LogLevel(string: text) == level)
    }

    @Test(arguments: ["", "verbose", "inf", "0", "fatal", "warnings"])
    func refusesOtherWords(text: String) {
        #expect(LogLevel(string: text) == nil)
    }

    @Test func namesRoundTripAndLevelsAreOrdered() {
        for level in LogLevel.allCases {
            #expect(LogLevel(string: level.name) == level)
            #expect("\(level)" == level.name)
        }
        #expect(LogLevel.allCases == LogLevel.allCases.sorted())
        #expect(LogLevel.trace < .debug && .error < .critical)
    }

    @Test func environmentVariableChoosesTheSharedLevel() {
        #expect(LogSystem.level(fromEnvironment: nil) == (.info, nil))
        #expect(LogSystem.level(fromEnvironment: "debug") == (.debug, nil))
        #expect(LogSystem.level(fromEnvironment: "loud") == (.info,
            "ignoring SWIFT_GAME_LOG_LEVEL='loud': expected one of trace, debug, info, notice, warning, error, critical; using info"))
    }
}
