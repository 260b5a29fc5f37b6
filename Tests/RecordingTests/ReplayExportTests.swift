import Glibc
import Testing
import Arena
import Platform
import Simulation
import Wire
@testable import Recording

/// `replay export --json` is read by JavaScript, whose numbers are doubles: a 64-bit value
/// above 2^53 (a random seed usually is) would be read rounded, so those are strings.
@Suite struct ReplayExportTests {
    /// A short recorded match with a seed and start time that need all 64 bits, written the way
    /// a room writes one.
    static func record(in directory: TemporaryDirectory, seed: UInt64, startedAtMillis: UInt64) throws -> String {
        let writer = RecordingWriter(options: .init(directory: directory.path, maxBytes: 0))
        writer.start()
        let settings = GameSettings([("drones", 1)])
        let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: 60, seed: seed,
                                     settings: settings, inputs: Arena.descriptor.inputs, keyframeInterval: 10, roomID: 1,
                                     startedAtMillis: startedAtMillis)
        let sink = writer.open(roomID: 1, startedAtMillis: startedAtMillis)
        var recorder = MatchRecorder(sink: sink, header: header)
        var game = Arena(seed: seed, settings: settings)
        var events: [GameEvent] = []
        for tick in UInt32(0)..<12 {
            if recorder.keyframeDue(before: tick) { recorder.keyframe(of: &game, tick: tick, roster: []) }
            recorder.beginTick(tick)
            game.step(tick: tick, events: &events)
            recorder.endTick(hash: WorldHash.of(game.entities))
        }
        recorder.finish(ticks: 12, reason: "done")
        writer.stop()
        return sink.path
    }

    @Test func sixtyFourBitValuesAreExportedAsStringsThatJavaScriptReadsExactly() throws {
        let directory = try TemporaryDirectory()
        let seed: UInt64 = 0xDEAD_BEEF_0000_0001  // 16045690981097406465: far above 2^53
        let path = try Self.record(in: directory, seed: seed, startedAtMillis: 1_795_000_000_123)
        let export = try ChildProcess.run(try ChildProcess.locate("replay"), ["export", path, "--json"])
        #expect(export.status == 0, "\(export.output)")
        #expect(export.output.contains("\"seed\":\"16045690981097406465\""), "\(export.output.prefix(300))")
        #expect(export.output.contains("\"startedAtMillis\":\"1795000000123\""), "\(export.output.prefix(300))")
        let tree = try JSONObjectReader.parseTree(Array(export.output.utf8)).get()
        #expect(tree["seed"]?.string.flatMap { UInt64($0) } == seed)
        #expect(tree["tickRate"]?.integer == 60, "small numbers stay numbers")
    }
}
