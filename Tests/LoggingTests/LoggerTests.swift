import Logging
import Testing

@Suite struct LoggerTests {
    @Test func linesBelowTheLevelAreSkipped() {
        let harness = Harness(level: .notice)
        let log = harness.logger()
        log.trace("t")
        log.debug("d")
        log.info("i")
        log.notice("n")
        log.warning("w")
        log.error("e")
        log.critical("c")
        log.log(.info, "i2")
        log.log(.error, "e2")
        #expect(harness.lines == [
            "notice ws.server: n", "warning ws.server: w", "error ws.server: e", "critical ws.server: c",
            "error ws.server: e2",
        ])
    }

    @Test func disabledLinesEvaluateNeitherMessageNorMetadata() {
        let harness = Harness(level: .warning)
        let log = harness.logger()
        let counter = Counter()
        log.debug(counter.string("message"), ["key": counter.string("value")])
        log.info(counter.string("message"), ["key": counter.string("value")])
        #expect(counter.count == 0)
        #expect(!log.isEnabled(.info))
        log.warning(counter.string("message"), ["key": counter.string("value")])
        #expect(counter.count == 2)
        #expect(harness.lines == ["warning ws.server: message key=value"])
    }

    @Test func theLevelCanChangeWhileRunning() {
        let harness = Harness(level: .info)
        let log = harness.logger()
        log.debug("before")
        harness.system.set(level: .debug)
        #expect(harness.system.level == .debug)
        log.debug("after")
        #expect(harness.lines == ["debug ws.server: after"])
    }

    @Test func lineFormat() {
        let harness = Harness()
        harness.logger().warning("closing connection: unmasked client frame", ["peer": "127.0.0.1:5512", "code": "1002"])
        #expect(harness.sink.lines == [
            "2026-11-22T11:43:42.123Z warning ws.server: closing connection: unmasked client frame peer=127.0.0.1:5512 code=1002",
        ])
    }

    @Test func loggerMetadataComesFirstAndCallMetadataWins() {
        let harness = Harness()
        var log = harness.logger("ws.connection")
        log[metadataKey: "peer"] = "10.0.0.1:1"
        log[metadataKey: "id"] = "7"
        log[metadataKey: "peer"] = "10.0.0.2:2"
        #expect(log[metadataKey: "peer"] == "10.0.0.2:2")
        log.info("opened")
        log.info("moved", ["id": "8", "why": "resume"])
        log[metadataKey: "peer"] = nil
        log.info("anonymous")
        #expect(harness.lines == [
            "info ws.connection: opened peer=10.0.0.2:2 id=7",
            "info ws.connection: moved peer=10.0.0.2:2 id=8 why=resume",
            "info ws.connection: anonymous id=7",
        ])
    }

    @Test func sinkAndClockCanBeReplaced() {
        let harness = Harness()
        let other = CapturingLogSink()
        harness.system.set(sink: other)
        harness.system.set(clock: ManualClock(wall: 0))
        harness.logger().info("moved")
        #expect(harness.sink.captured.isEmpty)
        #expect(other.lines == ["1970-01-01T00:00:00.000Z info ws.server: moved"])
    }

    @Test func capturingSinkKeepsOnlyTheNewestRecords() {
        let sink = CapturingLogSink(capacity: 2)
        let log = Logger(label: "x", system: LogSystem(level: .info, sink: sink, clock: ManualClock(wall: 0)))
        for index in 1...3 { log.info("\(index)") }
        #expect(sink.captured.map(\.message) == ["2", "3"])
        sink.removeAll()
        #expect(sink.captured.isEmpty)
    }

    @Test func sharedConfigurationReachesLoggersMadeWithoutASystem() {
        // The only test that touches the shared system; it restores what it changes.
        let sink = CapturingLogSink()
        let before = LogConfiguration.level
        LogConfiguration.set(sink: sink)
        LogConfiguration.set(clock: ManualClock())
        LogConfiguration.set(rateLimit: nil)
        LogConfiguration.set(level: .critical)
        defer {
            LogConfiguration.set(level: before)
            LogConfiguration.set(rateLimit: .default)
            LogConfiguration.set(clock: SystemLogClock())
            LogConfiguration.set(sink: FileDescriptorLogSink.standardError)
        }
        #expect(LogConfiguration.level == .critical)
        Logger(label: "shared.test").error("not shown")
        Logger(label: "shared.test").critical("shown")
        // Other test targets in the same process may log through the shared system meanwhile.
        #expect(sink.lines.filter { $0.contains(" shared.test: ") } == ["2026-11-22T11:43:42.123Z critical shared.test: shown"])
    }
}
