import Arena
import FuzzSupport
import Glibc
import Recording
import Simulation
import Wire

/// libFuzzer target: the recording reader (RecordingFile, RecordingIndex, the chunk framing
/// and every payload decoder under them, the end-record search, and Replayer/verification)
/// over a file of untrusted bytes, written to one temporary file per process.
///
/// Invariants (RECORDING.md, RecordingIndex): no trap; every failure is a RecordingError whose
/// offset lies in the file, at or past the last good chunk; without damage the readable part
/// is the whole file; keyframes are in tick and file order inside the readable part; the end
/// record read from the tail alone is the one the full scan read. A file that reads without
/// damage, cut at any byte, reads as a prefix of itself (the same keyframes and ticks up to
/// the cut, damage only `truncated`), `extend` after the rest is appended reads it all again,
/// and if the whole file verifies as Arena, the cut one verifies up to its cut.
/// Input byte 0 bit 0 picks raw (the payload is the file) or framed (the payload is chunks,
/// each a kind byte, a little-endian u16 length and the payload, which the target frames and
/// checksums, so the fuzzer reaches the decoders behind the CRC); bytes 1-2 pick the cut.
/// With FUZZ_WRITE_SEEDS=dir set, writes seeds made from a recorded Arena match and exits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecording(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 3)
    let framed = (input.choices.first ?? 0) & 1 == 1
    let bytes = framed ? RecordingFuzz.frame(input.payload) : input.payload
    let cut = input.choices.count == 3 ? Int(input.choices[1]) | Int(input.choices[2]) << 8 : 0
    RecordingFuzz.check(bytes, cut: cut)
    return 0
}

enum RecordingFuzz {
    nonisolated(unsafe) static let path: String = {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(directory)/fuzz-recording-\(getpid()).gsr"
    }()

    static func write(_ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        fuzzRequire(fd >= 0, "cannot write \(path)")
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            fuzzRequire(n > 0, "write failed")
            done += n
        }
        close(fd)
    }

    /// The payload as chunks: kind byte (1…4 after `% 4 + 1`), u16 length, bytes.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out = RecordingFormat.magic
        var offset = 0
        while offset + 3 <= payload.count {
            let kind = RecordingFormat.ChunkKind(rawValue: payload[offset] % 4 + 1)!
            let length = min(Int(payload[offset + 1]) | Int(payload[offset + 2]) << 8, payload.count - offset - 3)
            let body = payload[(offset + 3) ..< (offset + 3 + length)]
            out += ChunkFraming.sealedChunk(kind) { $0.append(body) }
            offset += 3 + length
        }
        return out
    }

    /// Everything observable about an index.
    struct Summary: Equatable {
        var keyframes: [RecordingIndex.Keyframe]
        var endTick: UInt32
        var players: [String]
        var counts: [Int]
        var end: RecordedEnd?
        var readableBytes: Int

        init(_ index: RecordingIndex) {
            keyframes = index.keyframes; endTick = index.endTick
            players = index.everyone.map { "\($0.player):\($0.name)" }
            counts = [index.peakPlayers, index.inputCount, index.joinCount, index.leaveCount, index.chatCount]
            end = index.end; readableBytes = index.readableBytes
        }
    }

    static func check(_ bytes: [UInt8], cut choice: Int) {
        write(bytes)
        guard let (file, opened) = read(size: bytes.count), let index = opened else { return }
        if let end = file.endRecord() {
            fuzzRequire(index.damage != nil || index.end == end, "the tail's end record \(end) is not the scan's \(String(describing: index.end))")
        } else {
            fuzzRequire(index.end == nil || index.damage != nil, "the scan read an end record the tail search missed")
        }
        guard index.damage == nil, bytes.count > RecordingFile.firstChunkOffset else { return }
        let whole = Summary(index)
        let report = index.header.gameName == Arena.descriptor.name && index.endTick <= 256
            ? VerificationReport.verify(Arena.self, path: path) : nil
        if let report, report.outcome == .verified {
            fuzzRequire(report.ticksVerified == index.endTick, "verified \(report.ticksVerified) of \(index.endTick) ticks")
        }

        let cut = RecordingFile.firstChunkOffset + choice % (bytes.count - RecordingFile.firstChunkOffset)
        write(Array(bytes[..<cut]))
        guard let (cutFile, cutIndexOrNil) = read(size: cut, headerMayBeCut: true) else { return }
        guard var cutIndex = cutIndexOrNil else { return }
        let part = Summary(cutIndex)
        fuzzRequire(cutIndex.damage == nil || cutIndex.damage?.kind == .truncated, "a cut file reads as \(cutIndex.damage!)")
        fuzzRequire(part.endTick <= whole.endTick && part.readableBytes <= cut, "a cut file reads past its cut")
        fuzzRequire(Array(whole.keyframes.prefix(part.keyframes.count)) == part.keyframes, "a cut file's keyframes differ")
        fuzzRequire(Array(whole.players.prefix(part.players.count)) == part.players, "a cut file's players differ")
        fuzzRequire(zip(part.counts, whole.counts).allSatisfy { $0 <= $1 }, "a cut file counts more: \(part.counts) > \(whole.counts)")
        if let report, report.outcome == .verified {
            let partial = VerificationReport.verify(Arena.self, path: path)
            fuzzRequire(partial.outcome == .verified && partial.ticksVerified == part.endTick,
                        "the cut file does not verify to its cut: \(partial)")
        }

        write(bytes)
        cutFile.refreshSize()
        cutIndex.extend(cutFile)
        fuzzRequire(cutIndex.damage == nil && Summary(cutIndex) == whole, "extend does not read the rest as the whole file reads")
    }

    /// Opens and indexes the file; nil when it is refused (which is checked). With
    /// `headerMayBeCut`, a header refused as truncated gives the file and no index.
    static func read(size: Int, headerMayBeCut: Bool = false) -> (RecordingFile, RecordingIndex?)? {
        let file: RecordingFile
        do {
            file = try RecordingFile(path: path)
        } catch {
            fuzzRequire([.foreign, .truncated].contains(error.kind) && error.offset <= size, "open: \(error)")
            fuzzRequire(!headerMayBeCut, "a cut file is refused on opening: \(error)")
            return nil
        }
        fuzzRequire(file.size == size, "size \(file.size) of \(size)")
        let index: RecordingIndex
        do {
            index = try RecordingIndex(file: file)
        } catch {
            fuzzRequire(error.offset >= RecordingFile.firstChunkOffset && error.offset <= size, "header error offset: \(error)")
            if headerMayBeCut {
                fuzzRequire(error.kind == .truncated, "a cut header reads as \(error)")
                return (file, nil)
            }
            return nil
        }
        fuzzRequire(index.fileSize == size && index.readableBytes <= size, "readable \(index.readableBytes) of \(size)")
        if let damage = index.damage {
            fuzzRequire(damage.offset >= index.readableBytes && damage.offset <= size,
                        "damage at \(damage.offset), readable \(index.readableBytes), size \(size): \(damage)")
        } else {
            fuzzRequire(index.readableBytes == size, "no damage but \(index.readableBytes) of \(size) readable")
        }
        for (i, keyframe) in index.keyframes.enumerated() {
            fuzzRequire(keyframe.offset < index.readableBytes && keyframe.tick <= index.endTick, "keyframe \(keyframe)")
            if i > 0 {
                let previous = index.keyframes[i - 1]
                fuzzRequire(previous.tick < keyframe.tick || (previous.tick == keyframe.tick && previous.offset < keyframe.offset),
                            "keyframes out of order")
            }
        }
        return (file, index)
    }

    // MARK: Seeds

    /// A short Arena match, recorded the way a room records one: keyframes every 10 ticks,
    /// two joins, inputs, a chat line, a leave, the end record.
    static func match(ticks: UInt32 = 24) -> [UInt8] {
        let settings = GameSettings([("drones", 2)])
        let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: 60, seed: 7,
                                     settings: settings, inputs: Arena.descriptor.inputs, keyframeInterval: 10, roomID: 1,
                                     startedAtMillis: 1_795_000_000_000)
        var out = RecordingFormat.magic
        out += ChunkFraming.sealedChunk(.header) { header.encode(into: &$0) }
        var inputs = RecordedInputs(header: header)
        var game = Arena(seed: 7, settings: settings)
        var roster: [RecordedPlayer] = []
        var events: [GameEvent] = []
        for tick in UInt32(0) ..< ticks {
            if tick % 10 == 0 {
                out += ChunkFraming.sealedChunk(.keyframe) { writer in
                    RecordedKeyframe.encode(tick: tick, hash: WorldHash.of(game.entities), roster: roster, into: &writer) { game.saveState(into: &$0) }
                }
                inputs.reset()
            }
            var operations: [RecordedOperation] = []
            if tick == 1 || tick == 3 {
                let player = PlayerID(tick)
                let entity = game.addPlayer(player, name: "p\(tick)")
                operations.append(.join(player, name: "p\(tick)", entity: entity))
                roster.append(RecordedPlayer(player: player, entity: entity, name: "p\(tick)"))
            }
            if tick == 5 { operations.append(.chat(1, text: "gg")) }
            if tick == 15 {
                game.removePlayer(1)
                operations.append(.leave(1))
                roster.removeFirst()
            }
            for player in roster.map(\.player) {
                let input = PlayerInput(sequence: tick, tick: tick, buttons: UInt8(tick % 2), aim: UInt16(tick) << 8, moveX: 1, moveY: -1)
                game.apply(input, for: player)
                operations.append(.input(player, input))
            }
            game.step(tick: tick, events: &events)
            let recorded = RecordedTick(tick: tick, operations: operations, hash: WorldHash.of(game.entities))
            out += ChunkFraming.sealedChunk(.tick) { recorded.encode(into: &$0, inputs: &inputs) }
        }
        out += ChunkFraming.sealedChunk(.end) { RecordedEnd(ticks: ticks, reason: "done", players: 2, names: ["p1", "p3"]).encode(into: &$0) }
        return out
    }

    /// A file in the framed form `frame` reads: its chunks' kinds, lengths and payloads.
    static func unframe(_ file: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var offset = RecordingFormat.magic.count
        while offset + 10 <= file.count {
            let length = Int(file[offset]) | Int(file[offset + 1]) << 8 | Int(file[offset + 2]) << 16
            out += [file[offset + 4] - 1, UInt8(length & 0xFF), UInt8(length >> 8)]
            out += file[(offset + 6) ..< (offset + 6 + length)]
            offset += 10 + length
        }
        return out
    }

    static func writeSeeds(to directory: String) {
        let whole = match()
        fuzzRequire(frame(unframe(whole)) == whole, "framing seeds does not round-trip")
        let seeds: [(String, [UInt8])] = [
            ("raw-match", [0, 0x40, 0x01] + whole),
            ("raw-match-cut-mid-chunk", [0, 0x33, 0x00] + Array(whole.prefix(whole.count * 2 / 3))),
            ("raw-header-only", [0, 0, 0] + Array(whole.prefix(RecordingFormat.magic.count + 10 + (Int(whole[8]) | Int(whole[9]) << 8)))),
            ("raw-short", [0, 0, 0] + match(ticks: 3)),
            ("framed-match", [1, 0x10, 0x02] + unframe(whole)),
            ("framed-short", [1, 0x05, 0x00] + unframe(match(ticks: 3))),
        ]
        for (name, bytes) in seeds {
            let fd = open("\(directory)/\(name)", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
            close(fd)
        }
    }
}

@_cdecl("fuzz_recording_main")
public func fuzzRecordingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if let directory = getenv("FUZZ_WRITE_SEEDS") {
        RecordingFuzz.writeSeeds(to: String(cString: directory))
        return 0
    }
    let status = fuzzMain(argc, argv) { data, size in fuzzRecording(data ?? UnsafePointer(bitPattern: 1)!, size) }
    unlink(RecordingFuzz.path)
    return status
}
