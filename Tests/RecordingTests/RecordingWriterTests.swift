import Glibc
import Testing
import Simulation
import Wire
@testable import Recording
import Arena

/// The writer thread: files appear as rooms record, the disk budget deletes the oldest
/// finished recordings (never one being written), and a writer far behind abandons the
/// recording instead of growing memory.
@Suite struct RecordingWriterTests {
    static func header(room: UInt32 = 1) -> RecordingHeader {
        RecordingHeader(gameName: "Test", gameVersion: 1, tickRate: 60, seed: 1, settings: GameSettings(),
                        inputs: ArenaInput.table, keyframeInterval: 60, roomID: room, startedAtMillis: 0)
    }

    /// The recorder and writer by hand, the way a room drives them: keyframes, joins, inputs,
    /// leaves; the file verifies and is complete.
    @Test func aRecordingIsWrittenSealedAndClosedAndVerifies() throws {
        let directory = try TemporaryDirectory()
        var options = RecordingWriter.Options(directory: directory.path, maxBytes: 0)
        options.flushInterval = 20_000_000
        let writer = RecordingWriter(options: options)
        writer.start()
        let settings = GameSettings([("drones", 3)])
        let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: 60, seed: 9,
                                     settings: settings, inputs: Arena.descriptor.inputs, keyframeInterval: 10, roomID: 3, startedAtMillis: 1_795_000_000_000)
        let sink = writer.open(roomID: 3, startedAtMillis: header.startedAtMillis)
        var recorder = MatchRecorder(sink: sink, header: header)
        var game = Arena(seed: 9, settings: settings)
        var roster: [RecordedPlayer] = []
        var events: [GameEvent] = []
        for tick in UInt32(0)..<45 {
            if recorder.keyframeDue(before: tick) { recorder.keyframe(of: &game, tick: tick, roster: roster) }
            recorder.beginTick(tick)
            if tick == 2 || tick == 3 {
                let player = PlayerID(tick)
                let entity = game.addPlayer(player, name: "p\(tick)")
                recorder.join(player, name: "p\(tick)", entity: entity)
                roster.append(RecordedPlayer(player: player, entity: entity, name: "p\(tick)"))
            }
            if tick == 30 {
                game.removePlayer(2)
                recorder.leave(2)
                roster.removeFirst()
            }
            for player in roster.map(\.player) {
                let input = PlayerInput(sequence: tick, tick: tick, buttons: UInt8(tick % 2), aim: UInt16(tick) << 8, moveX: 1, moveY: -1)
                game.apply(input, for: player)
                recorder.input(input, for: player)
            }
            game.step(tick: tick, events: &events)
            recorder.endTick(hash: WorldHash.of(game.entities))
        }
        recorder.finish(ticks: 45, reason: "done")
        writer.stop()
        #expect(directory.files() == [RecordingWriter.fileName(roomID: 3, millis: 1_795_000_000_000)])
        let report = VerificationReport.verify(Arena.self, path: sink.path)
        #expect(report.outcome == .verified, "\(report)")
        #expect(report.complete)
        #expect(report.ticksVerified == 45)
        #expect(report.keyframesChecked == 4)
        let index = try RecordingIndex(file: RecordingFile(path: sink.path))
        #expect(index.header == header)
        #expect(index.joinCount == 2 && index.leaveCount == 1 && index.peakPlayers == 2)
        #expect(index.end == RecordedEnd(ticks: 45, reason: "done", players: 2, names: ["p2", "p3"]))
        // A listing reads the same end record from the tail alone.
        #expect(try RecordingFile(path: sink.path).endRecord() == index.end)
    }

    /// A match still being recorded replays as far as it has been written, and `refresh` takes
    /// what the room appends (a partly written last chunk included), up to the end record.
    @Test func aRunningMatchReplaysAsItGrows() throws {
        let directory = try TemporaryDirectory()
        var options = RecordingWriter.Options(directory: directory.path, maxBytes: 0)
        options.flushInterval = 10_000_000
        let writer = RecordingWriter(options: options)
        writer.start()
        defer { writer.stop() }
        let settings = GameSettings([("drones", 5)])
        let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: 60, seed: 3,
                                     settings: settings, inputs: Arena.descriptor.inputs, keyframeInterval: 20, roomID: 1, startedAtMillis: 0)
        let sink = writer.open(roomID: 1, startedAtMillis: 0)
        var recorder = MatchRecorder(sink: sink, header: header)
        var game = Arena(seed: 3, settings: settings)
        var roster: [RecordedPlayer] = []
        var events: [GameEvent] = []
        var hashes: [UInt64] = []
        var tick: UInt32 = 0
        func play(_ ticks: Int) {
            for _ in 0..<ticks {
                if recorder.keyframeDue(before: tick) { recorder.keyframe(of: &game, tick: tick, roster: roster) }
                recorder.beginTick(tick)
                if tick % 25 == 1 {
                    let player = PlayerID(tick / 25)
                    let entity = game.addPlayer(player, name: "p\(player)")
                    recorder.join(player, name: "p\(player)", entity: entity)
                    roster.append(RecordedPlayer(player: player, entity: entity, name: "p\(player)"))
                }
                for player in roster.map(\.player) {
                    let input = PlayerInput(sequence: tick, tick: tick, aim: UInt16(truncatingIfNeeded: tick &* 331) & 0xFFF0, moveX: 1, moveY: Int8(tick % 3) - 1)
                    game.apply(input, for: player)
                    recorder.input(input, for: player)
                }
                game.step(tick: tick, events: &events)
                recorder.endTick(hash: WorldHash.of(game.entities))
                hashes.append(WorldHash.of(game.entities))
                tick += 1
            }
        }
        play(50)
        // The writer flushes every 10 ms: wait until all 50 ticks are in the file.
        #expect(waitUntil { (try? Replayer<Arena>(path: sink.path))?.endTick == 50 })
        var replayer = try Replayer<Arena>(path: sink.path)
        #expect(replayer.endTick == 50 && !replayer.isComplete)
        while try replayer.step(events: &events) {}
        #expect(replayer.tick == 50)
        let early = replayer.refresh()
        #expect(!early)  // nothing new yet

        play(70)
        // Refresh as the writer appends (a part-written last chunk may be read first).
        var grew = false
        #expect(waitUntil {
            grew = replayer.refresh() || grew
            return replayer.endTick == 120
        })
        #expect(grew)
        #expect(replayer.endTick == 120 && replayer.keyframeTicks.last == 100)
        while try replayer.step(events: &events) {
            #expect(WorldHash.of(replayer.game.entities) == hashes[Int(replayer.tick) - 1])
        }
        #expect(replayer.tick == 120 && replayer.firstDivergence == nil)
        #expect(replayer.everyone.count == 5)
        try replayer.seek(to: 110)
        #expect(WorldHash.of(replayer.game.entities) == hashes[109])

        recorder.finish(ticks: tick, reason: "done")
        var added = false
        #expect(waitUntil {
            added = replayer.refresh() || added
            return replayer.isComplete
        })
        #expect(!added && replayer.isComplete)  // the end record adds no ticks, but completes it
    }

    /// A reader may catch the recorder mid-chunk: the cut-off tail reads as truncated, and once
    /// the rest is there, `refresh` reads on through it.
    @Test func aChunkCaughtHalfWrittenIsReadOnceWhole() throws {
        let directory = try TemporaryDirectory()
        let settings = GameSettings([("drones", 2)])
        let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: 60, seed: 1,
                                     settings: settings, inputs: Arena.descriptor.inputs, keyframeInterval: 10, roomID: 1, startedAtMillis: 0)
        // The whole recording, framed and sealed as the writer would.
        var whole = RecordingFormat.magic
        whole += ChunkFraming.sealedChunk(.header) { header.encode(into: &$0) }
        var game = Arena(seed: 1, settings: settings)
        var inputs = RecordedInputs(header: header)
        var events: [GameEvent] = []
        var cuts: [Int] = []
        for tick in UInt32(0)..<30 {
            if tick % 10 == 0 {
                let hash = WorldHash.of(game.entities)
                whole += ChunkFraming.sealedChunk(.keyframe) { writer in
                    RecordedKeyframe.encode(tick: tick, hash: hash, roster: [], into: &writer) { game.saveState(into: &$0) }
                }
                inputs.reset()
            }
            game.step(tick: tick, events: &events)
            let record = RecordedTick(tick: tick, operations: [], hash: WorldHash.of(game.entities))
            whole += ChunkFraming.sealedChunk(.tick) { record.encode(into: &$0, inputs: &inputs) }
            cuts.append(whole.count)
        }
        let path = directory.path + "/growing.rec"
        // Written up to the middle of tick 20's chunk.
        try directory.write(Array(whole.prefix(cuts[19] + 7)), to: path)
        var replayer = try Replayer<Arena>(path: path)
        #expect(replayer.endTick == 20 && replayer.index.damage?.kind == .truncated)
        // The rest arrives.
        try directory.write(whole, to: path)
        let grew = replayer.refresh()
        #expect(grew && replayer.endTick == 30 && replayer.index.damage == nil)
        while try replayer.step(events: &events) {}
        #expect(replayer.tick == 30 && replayer.firstDivergence == nil && replayer.hashesChecked == 30)
    }

    @Test func fileNamesSortByStartTime() {
        #expect(RecordingWriter.fileName(roomID: 2, millis: 1_795_356_346_044) == "20261122-140546.044-room2.rec")
        #expect(RecordingWriter.fileName(roomID: 12, millis: 5) == "19700101-000000.005-room12.rec")
    }

    @Test func theBudgetDeletesTheOldestFinishedRecordingsFirst() throws {
        let directory = try TemporaryDirectory()
        // Three finished recordings of 1,000 bytes, oldest first, and a file that is not one.
        for (age, name) in [(300, "a-old.rec"), (200, "b-middle.rec"), (100, "c-new.rec")] {
            let path = directory.path + "/" + name
            try directory.write([UInt8](repeating: 1, count: 1_000), to: path)
            var times = [timeval(tv_sec: time(nil) - age, tv_usec: 0), timeval(tv_sec: time(nil) - age, tv_usec: 0)]
            utimes(path, &times)
        }
        try directory.write([UInt8](repeating: 1, count: 5_000), to: directory.path + "/notes.txt")
        var options = RecordingWriter.Options(directory: directory.path, maxBytes: 2_300)
        options.flushInterval = 20_000_000
        let writer = RecordingWriter(options: options)
        writer.start()
        let sink = writer.open(roomID: 1, startedAtMillis: 1_795_000_000_000)
        var recorder = MatchRecorder(sink: sink, header: Self.header())
        // The active recording (~60 bytes) plus two old ones fit; the oldest had to go. Polled
        // for the whole directory, so a budget pass that deletes too much cannot slip by.
        let active = String(sink.path.split(separator: "/").last!)
        #expect(waitUntil { Set(directory.files()) == ["notes.txt", "b-middle.rec", "c-new.rec", active] }, "\(directory.files())")
        #expect(directory.files().contains("notes.txt"))
        #expect(!directory.files().contains("a-old.rec"))
        #expect(directory.files().contains("b-middle.rec"))
        #expect(directory.files().contains("c-new.rec"))
        #expect(access(sink.path, F_OK) == 0)
        recorder.finish(ticks: 0, reason: "done")
        writer.stop()
    }

    @Test func aWriterFarBehindAbandonsTheRecordingNotTheMatch() throws {
        let directory = try TemporaryDirectory()
        var options = RecordingWriter.Options(directory: directory.path, maxBytes: 0)
        options.maxPendingBytes = 4_096
        let writer = RecordingWriter(options: options)  // never started: nothing drains the sink
        let sink = writer.open(roomID: 1, startedAtMillis: 0)
        var recorder = MatchRecorder(sink: sink, header: Self.header())
        var tick: UInt32 = 0
        while recorder.isRecording && tick < 10_000 {
            recorder.beginTick(tick)
            for player in PlayerID(0)..<50 { recorder.input(PlayerInput(sequence: tick, tick: tick, aim: UInt16(truncatingIfNeeded: tick &* 97) & 0xFFF0), for: player) }
            recorder.endTick(hash: 0)
            tick += 1
        }
        #expect(!recorder.isRecording)
        #expect(tick < 100)
        #expect(sink.abandonedReason?.contains("behind") == true)
        // Later calls are no-ops, not crashes.
        recorder.beginTick(tick)
        recorder.endTick(hash: 0)
        recorder.finish(ticks: tick, reason: "done")
    }
}
