import Glibc
import Arena
import Recording
import Simulation
import Wire

/// The game thread's work per tick with and without recording, in one process with no
/// network: Arena with N players (inputs applied in player order, then step), every player's
/// snapshot encoded, and with recording on, what a room adds (each input into the
/// `MatchRecorder`, the world hash, a keyframe every 5 s) with a real recorder thread writing
/// to a temporary directory. Blocks of ticks alternate between the two ways, and the thread's
/// own CPU time is compared, so a shared, noisy machine affects both sides alike.
enum RecordingOverhead {
    struct Figures {
        var offMicros: Double
        var onMicros: Double
        var blocks: Int
        var recordedBytesPerSecond: Double
    }

    static func run(players: Int, blocks: Int, ticksPerBlock: Int, tickRate: Int) -> Figures {
        var template = Array("/tmp/gamebench-overhead-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) } ?? "/tmp"
        let writer = RecordingWriter(options: .init(directory: directory, maxBytes: 0))
        writer.start()
        let keyframeInterval = UInt32(5 * tickRate)
        let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: tickRate,
                                     seed: 1, settings: GameSettings(),
                                     inputs: Arena.descriptor.inputs, keyframeInterval: keyframeInterval, roomID: 1, startedAtMillis: 0)
        let sink = writer.open(roomID: 1, startedAtMillis: 0)
        var recorder = MatchRecorder(sink: sink, header: header)

        var game = Arena(seed: 1, settings: GameSettings())
        var random = SeededRandom(seed: 3)
        var roster: [RecordedPlayer] = []
        for player in 0..<players {
            let entity = game.addPlayer(PlayerID(player), name: "bot\(player)")
            roster.append(RecordedPlayer(player: PlayerID(player), entity: entity, name: "bot\(player)"))
        }
        var inputs = (0..<players).map { _ in PlayerInput(sequence: 0, tick: 0, aim: UInt16(truncatingIfNeeded: random.next()) & 0xFFF0) }
        var views = [ViewState](repeating: ViewState(), count: players)
        var encoder = SnapshotEncoder()
        var bits = BitWriter(capacity: 4096)
        var events: [GameEvent] = []
        var tick: UInt32 = 0
        var off: [Double] = [], on: [Double] = []

        func runTick(recording: Bool) {
            if recording {
                if tick % keyframeInterval == 0 { recorder.keyframe(of: &game, tick: tick, roster: roster) }
                recorder.beginTick(tick)
            }
            for player in 0..<players {
                var input = inputs[player]
                input.sequence &+= 1
                input.tick = tick
                if random.below(40) == 0 {
                    input = PlayerInput(sequence: input.sequence, tick: tick, buttons: UInt8(random.below(2)), aim: input.aim,
                                        moveX: Int8(random.int(in: -1...1)), moveY: Int8(random.int(in: -1...1)))
                }
                input.aim = input.aim &+ 0x0010
                inputs[player] = input
                game.apply(input, for: PlayerID(player))
                if recording { recorder.input(input, for: PlayerID(player)) }
            }
            events.removeAll(keepingCapacity: true)
            game.step(tick: tick, events: &events)
            if recording { recorder.endTick(hash: WorldHash.of(game.entities)) }
            tick &+= 1
            encoder.beginTick(entities: game.entities, descriptor: Arena.descriptor, tick: tick)
            for player in 0..<players {
                bits.reset()
                encoder.encode(for: &views[player], center: game.viewCenter(of: PlayerID(player)),
                               lastInputSequence: inputs[player].sequence, includeHash: tick % 30 == 0, into: &bits)
            }
        }

        // Warm up (views filled, arrays grown) with recording on, so both sides start equal.
        for _ in 0..<ticksPerBlock { runTick(recording: true) }
        var bytes0 = 0
        for block in 0..<(2 * blocks) {
            let recording = block % 2 == 1
            if block == 1 { bytes0 = fileSize(sink.path) }
            let cpu0 = threadCPU()
            for _ in 0..<ticksPerBlock { runTick(recording: recording) }
            let perTick = (threadCPU() - cpu0) / Double(ticksPerBlock) * 1e6
            if recording { on.append(perTick) } else { off.append(perTick) }
        }
        recorder.finish(ticks: tick, reason: "benchmark")
        writer.stop()
        // Recorded bytes per second of match time: the recording blocks' ticks at the tick rate
        // (the final keyframe-free off blocks add nothing).
        let recordedTicks = Double(blocks * ticksPerBlock)
        let bytes = Double(fileSize(sink.path) - bytes0) / max(1, recordedTicks) * Double(tickRate)
        unlink(sink.path)
        rmdir(directory)
        return Figures(offMicros: median(off), onMicros: median(on), blocks: blocks, recordedBytesPerSecond: bytes)
    }

    static func threadCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
