import Glibc
import Testing
import Arena
import BotKit
import GameServer
import Simulation
import WebSocket
import Platform
import Wire
@testable import Recording

/// A match played by bots against a recording server in the test, then checked from the
/// file: verified tick for tick, seekable, and robust against truncation and damage.
@Suite(.serialized) struct RecordedMatchTests {
    /// One recorded match shared by the tests below (recording it takes a few seconds).
    static let match: Result<RecordedMatch, RecordedMatch.Failure> = Result { () throws(RecordedMatch.Failure) in try RecordedMatch.play() }

    struct RecordedMatch: Sendable {
        struct Failure: Error, CustomStringConvertible { var description: String }

        let directory: String
        let path: String
        let bytes: [UInt8]

        /// Six bots of every behaviour play about three seconds, half of them on a 120 ms round
        /// trip so that their shots are lag-compensated (rewound, judged against the history
        /// keyframes carry); keyframes every 0.25 s.
        static func play() throws(Failure) -> RecordedMatch {
            do {
                let directory = try TemporaryDirectory()
                var configuration = GameServerConfiguration()
                configuration.port = 0
                configuration.seed = 21
                configuration.webRoot = nil
                configuration.recording = true
                configuration.recordDirectory = directory.path
                configuration.keyframeSeconds = 0.25
                configuration.resumeGraceSeconds = 0
                let server = try GameServer<Arena>(configuration: configuration)
                let serverThread = server.start()
                let loop = try EventLoop()
                let loopThread = loop.startThread(name: "test-bots")
                let mix = try BehaviorMix.parse("idle:1,wander:1,chase:1,shooter:1,duelist:2").get()
                var plan = FleetPlan(port: server.port, players: 6, ramp: 20, behaviors: mix, seed: 4)
                plan.links = try LinkMix.parse("direct@1;60ms±10ms@1")
                let fleet = BotFleet(loop: loop, plan: plan)
                try loop.submitAndWait { fleet.start() }
                usleep(1_500_000)
                // A line of chat, which the recording keeps for the replay to show.
                try loop.submitAndWait { fleet.bots.first?.client.sendChat(RecordedMatchTests.chatLine) }
                usleep(1_500_000)
                try loop.submitAndWait { fleet.stop() }
                usleep(200_000)
                server.shutdown()
                serverThread.join()
                loop.stop()
                loopThread.join()
                let names = directory.files()
                guard names.count == 1, let name = names.first else { throw Failure(description: "expected one recording, found \(names)") }
                let path = directory.path + "/" + name
                // Keep a copy outside the directory object's lifetime.
                let bytes = try directory.read(path)
                let keep = RecordedMatchTests.sharedCopy
                try directory.write(bytes, to: keep)
                atexit { unlink(RecordedMatchTests.sharedCopy) }
                return RecordedMatch(directory: directory.path, path: keep, bytes: bytes)
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(description: "recording a match failed: \(error)")
            }
        }
    }

    static func recorded() throws -> RecordedMatch { try match.get() }

    static let chatLine = "gg, well played"

    /// Where the shared recording is kept for the tests (removed when the test process exits).
    static let sharedCopy = "/tmp/recording-tests-match-\(getpid()).rec"

    @Test func aBotMatchVerifiesWithEveryHashEqualAndTwiceTheSame() throws {
        let match = try Self.recorded()
        let first = VerificationReport.verify(Arena.self, path: match.path)
        #expect(first.outcome == .verified, "\(first)")
        #expect(first.complete)
        #expect(first.ticksVerified > 120)
        #expect(first.hashesChecked == Int(first.ticksVerified))
        #expect(first.keyframesChecked >= 8)
        let index = try RecordingIndex(file: RecordingFile(path: match.path))
        #expect(index.everyone.count == 6)
        #expect(index.inputCount > 300)
        #expect(index.leaveCount == 6)
        #expect(index.chatCount == 1)
        // The end record, read from the tail alone, says the same.
        let end = try #require(index.end)
        #expect(end.players == 6 && end.names == index.everyone.map(\.name) && end.ticks == first.ticksVerified)
        #expect(try RecordingFile(path: match.path).endRecord() == end)

        let second = VerificationReport.verify(Arena.self, path: match.path)
        #expect(second.outcome == first.outcome)
        #expect(second.ticksVerified == first.ticksVerified)
        #expect(second.hashesChecked == first.hashesChecked)
        #expect(second.keyframesChecked == first.keyframesChecked)
    }

    /// Verification is a real check: a recording whose input was changed (and re-sealed, so
    /// the checksum cannot catch it) diverges, and a diverging tick is named.
    @Test func aChangedInputIsCaught() throws {
        let match = try Self.recorded()
        let file = try RecordingFile(path: match.path)
        let index = try RecordingIndex(file: file)
        // The first tick with inputs after a keyframe: its inputs are coded against zero, so
        // it can be re-encoded on its own. Reverse one player's horizontal movement.
        var bytes = match.bytes
        var changedTick: UInt32?
        for keyframe in index.keyframes.dropFirst(2) where changedTick == nil {
            guard let chunk = try file.chunk(at: try #require(try file.chunk(at: keyframe.offset)).next), chunk.kind == .tick else { continue }
            var reader = ByteReader(chunk.payload)
            var context = RecordedInputs(header: index.header)
            let tick = try RecordedTick.decode(&reader, inputs: &context)
            guard let at = tick.operations.firstIndex(where: { if case .input = $0 { true } else { false } }),
                  case let .input(player, input) = tick.operations[at] else { continue }
            var operations = tick.operations
            operations[at] = .input(player, PlayerInput(sequence: input.sequence, tick: input.tick, buttons: input.buttons,
                                                        aim: input.aim, moveX: input.moveX == 1 ? -1 : 1, moveY: input.moveY))
            var fresh = RecordedInputs(header: index.header)
            var writer = ByteWriter()
            RecordedTick(tick: tick.tick, operations: operations, hash: tick.hash).encode(into: &writer, inputs: &fresh)
            let payload = writer.bytes
            bytes.replaceSubrange(chunk.offset..<chunk.next, with: ChunkFraming.sealedChunk(.tick) { $0.append(payload) })
            changedTick = tick.tick
        }
        let tick = try #require(changedTick)
        let directory = try TemporaryDirectory()
        let path = directory.path + "/changed.rec"
        try directory.write(bytes, to: path)
        let report = VerificationReport.verify(Arena.self, path: path)
        guard case let .diverged(divergence) = report.outcome else {
            Issue.record("a changed input verified: \(report)")
            return
        }
        // A moving player moves differently at once; a dead one only once it respawns.
        #expect(divergence.tick >= tick)
        #expect(report.ticksVerified == divergence.tick)
        #expect(report.exitStatus == 1)
        #expect(report.description.hasPrefix("DIVERGED at tick \(divergence.tick)"))
    }

    /// Seeking to any tick (through the keyframe before it) and playing on gives the same
    /// world, tick for tick, as playing from the start; so does seeking backwards.
    @Test func seekingThenPlayingMatchesPlayingFromTheStart() throws {
        let match = try Self.recorded()
        var replayer = try Replayer<Arena>(path: match.path)
        var events: [GameEvent] = []
        var hashes: [UInt64] = [WorldHash.of(replayer.game.entities)]
        while try replayer.step(events: &events) { hashes.append(WorldHash.of(replayer.game.entities)) }
        #expect(replayer.firstDivergence == nil)
        #expect(hashes.count == Int(replayer.endTick) + 1)
        // The bot's chat line is replayed where it was said.
        #expect(events.contains { if case .chat(_, Self.chatLine) = $0 { true } else { false } })
        #expect(replayer.keyframeTicks.count >= 8)

        var targets = replayer.keyframeTicks
        var random = SeededRandom(seed: 8)
        for _ in 0..<10 { targets.append(random.below(replayer.endTick + 1)) }
        targets.append(replayer.endTick)
        targets.append(3)  // backwards from the end
        for target in targets {
            try replayer.seek(to: target)
            #expect(replayer.tick == target)
            #expect(WorldHash.of(replayer.game.entities) == hashes[Int(target)], "after seeking to \(target)")
            var steps = 0
            while steps < 40, try replayer.step(events: &events) {
                steps += 1
                #expect(WorldHash.of(replayer.game.entities) == hashes[Int(replayer.tick)], "tick \(replayer.tick) after seeking to \(target)")
            }
        }
        #expect(replayer.firstDivergence == nil)
        // The roster follows seeks: at the end everyone has left, at tick 0 nobody is there yet.
        try replayer.seek(to: replayer.endTick)
        #expect(replayer.roster.isEmpty)
        try replayer.seek(to: replayer.endTick / 2)
        #expect(!replayer.roster.isEmpty)
    }

    /// Cut anywhere: the reader never traps, what precedes the cut verifies, and the longer
    /// the prefix the more ticks verify.
    @Test func truncatedAtRandomOffsetsReadsUpToTheCut() throws {
        let match = try Self.recorded()
        let directory = try TemporaryDirectory()
        var random = SeededRandom(seed: 31)
        var offsets = (0..<120).map { _ in Int(random.below(UInt32(match.bytes.count))) }
        offsets.append(contentsOf: [0, 1, 7, 8, 9, match.bytes.count - 1])
        offsets.sort()
        var previous: UInt32 = 0
        for offset in offsets {
            let path = directory.path + "/cut.rec"
            try directory.write(Array(match.bytes.prefix(offset)), to: path)
            let report = VerificationReport.verify(Arena.self, path: path)
            // Without its last byte the end chunk is gone; the tail probe must not invent one.
            #expect((try? RecordingFile(path: path).endRecord()) == nil, "cut at \(offset)")
            switch report.outcome {
            case .verified:
                #expect(!report.complete)
                if let truncation = report.truncation { #expect(truncation.offset <= offset) }
            case let .unreadable(error):
                // Only when not even the header and first keyframe survive.
                #expect(error.kind == .truncated || error.kind == .foreign, "\(error)")
                #expect(report.ticksVerified == 0)
            case .diverged:
                Issue.record("a truncated file diverged at \(offset): \(report)")
            }
            #expect(report.ticksVerified >= previous, "cut at \(offset)")
            previous = report.ticksVerified
        }
        #expect(previous > 100)
    }

    /// Random flipped bytes: the damage is found at or before the flipped byte (the chunk
    /// holding it), everything before that chunk verifies, and nothing traps or diverges.
    @Test func flippedBytesAreFoundAndThePrefixStillVerifies() throws {
        let match = try Self.recorded()
        let directory = try TemporaryDirectory()
        let index = try RecordingIndex(file: RecordingFile(path: match.path))
        var random = SeededRandom(seed: 47)
        for _ in 0..<150 {
            var bytes = match.bytes
            let at = Int(random.below(UInt32(bytes.count)))
            bytes[at] ^= UInt8(1 << random.below(8))
            let path = directory.path + "/flipped.rec"
            try directory.write(bytes, to: path)
            let report = VerificationReport.verify(Arena.self, path: path)
            guard case let .unreadable(error) = report.outcome else {
                Issue.record("a flip at \(at) gave \(report)")
                continue
            }
            #expect(error.offset <= at, "flip at \(at), reported \(error)")
            // Every keyframe interval wholly before the damaged chunk verified.
            if let before = index.keyframes.last(where: { $0.offset < error.offset }) {
                #expect(report.ticksVerified >= before.tick, "flip at \(at): \(report)")
            }
        }
    }

    @Test func theReplayCommandAgrees() throws {
        let match = try Self.recorded()
        let replay = try ChildProcess.locate("replay")
        let verify = try ChildProcess.run(replay, ["verify", match.path])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("verified:"))
        let info = try ChildProcess.run(replay, ["info", match.path])
        #expect(info.status == 0)
        #expect(info.output.contains("Arena v\(Arena.descriptor.version), 60 Hz, seed 21"))
        #expect(info.output.contains("complete"))
        let export = try ChildProcess.run(replay, ["export", match.path, "--json"])
        #expect(export.status == 0)
        #expect(export.output.hasPrefix("{\"format\":\(RecordingFormat.version),\"game\":\"Arena\""))
        #expect(export.output.contains("\"chat\":[{\"player\":"), "the chat line is exported")
        #expect(export.output.contains(Self.chatLine))
        #expect(export.output.contains("\"complete\":true"))
        let foreign = try ChildProcess.run(replay, ["verify", "/etc/hostname"])
        #expect(foreign.status == 2)
        #expect(foreign.output.contains("not a recording"))
    }
}
