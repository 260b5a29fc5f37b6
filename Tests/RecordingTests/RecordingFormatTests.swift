import Glibc
import Testing
import Simulation
import Wire
import Arena
@testable import Recording

/// The format's pieces, each against known values and against random data.
@Suite struct RecordingFormatTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func headerRoundTripsAndRefusesOtherVersions() throws {
        let header = RecordingHeader(gameName: "Arena", gameVersion: 3, tickRate: 60, seed: 0xDEAD_BEEF_0000_0001,
                                     settings: GameSettings([("drones", 4), ("spawnSpread", 60)]),
                                     inputs: ArenaInput.table, keyframeInterval: 300, roomID: 7, startedAtMillis: 1_795_000_000_123)
        var writer = ByteWriter()
        header.encode(into: &writer)
        var reader = ByteReader(writer.bytes)
        #expect(try RecordingHeader.decode(&reader) == header)

        // Versions 1 (before chat) and 2 (before game-defined inputs, so no input table)
        // still read, with the inputs Arena had then; the next version does not.
        for version: UInt16 in [1, 2] {
            var older = Self.legacyHeaderBytes(header, version: version)
            var olderReader = ByteReader(older)
            let decoded = try RecordingHeader.decode(&olderReader)
            #expect(decoded.gameName == "Arena" && decoded.formatVersion == version && decoded.keyframeInterval == 300)
            #expect(decoded.inputs == RecordingFormat.legacyInputs && decoded.inputs == ArenaInput.table)
            older[older.count - 1] ^= 1
            olderReader = ByteReader(older)
            #expect(try RecordingHeader.decode(&olderReader).startedAtMillis != header.startedAtMillis)
        }
        var newer = writer.bytes
        newer[0] = UInt8(RecordingFormat.version + 1)
        var newerReader = ByteReader(newer)
        do {
            _ = try RecordingHeader.decode(&newerReader)
            Issue.record("a version-\(RecordingFormat.version + 1) header was accepted")
        } catch {
            guard case .unsupported = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    /// A header as versions 1 and 2 wrote it: no input table.
    static func legacyHeaderBytes(_ header: RecordingHeader, version: UInt16) -> [UInt8] {
        var writer = ByteWriter()
        writer.u16(version)
        writer.string(header.gameName)
        writer.u16(header.gameVersion)
        writer.u16(UInt16(header.tickRate))
        writer.u64(header.seed)
        writer.varint(UInt64(header.settings.entries.count))
        for entry in header.settings.entries {
            writer.string(entry.name)
            writer.i32(entry.value)
        }
        writer.u32(header.keyframeInterval)
        writer.u32(header.roomID)
        writer.u64(header.startedAtMillis)
        return writer.bytes
    }

    static let arenaHeader = RecordingHeader(gameName: "Arena", gameVersion: 1, tickRate: 60, seed: 1, settings: GameSettings(),
                                             inputs: ArenaInput.table, keyframeInterval: 60, roomID: 1, startedAtMillis: 0)

    /// Version 2's input coding (fixed buttons, aim and move flags) reads into Arena's fields.
    @Test func aVersion2InputReadsIntoArenasFields() throws {
        var legacy = Self.arenaHeader
        legacy.formatVersion = 2
        var inputs = RecordedInputs(header: legacy)
        // operation | sequence | tick | buttons | aim | move; player 5; 9; 70; 1; 0x4440; (1+1)*3 + 0+1 = 7 (little-endian)
        let bytes: [UInt8] = [0x80 | 0x1F, 5, 9, 0, 0, 0, 70, 0, 0, 0, 1, 0x40, 0x44, 7]
        var reader = ByteReader(bytes)
        let first = try reader.u8()
        let (player, input) = try inputs.decode(operationByte: first, at: 0, from: &reader)
        #expect(player == 5)
        #expect(input == PlayerInput(sequence: 9, tick: 70, buttons: 1, aim: 0x4440, moveX: 1, moveY: 0))
        // Read as version 3 (Arena's four fields flagged in the operation byte), the same
        // bytes are damage: a movement code of 68.
        var current = RecordedInputs(header: Self.arenaHeader)
        var again = ByteReader(bytes)
        _ = try again.u8()
        #expect(throws: ByteReadError.self) { _ = try current.decode(operationByte: first, at: 0, from: &again) }
    }

    /// A code above a field's range, or a flag or mask naming a field the game does not have,
    /// is damage, not a value. Arena's four fields are flagged in the operation byte; a table
    /// of six has a mask byte.
    @Test func version3InputsRefuseCodesAndFieldsOutsideTheTable() {
        var six = Self.arenaHeader
        six.inputs = InputTable((0..<6).map { InputField("f\($0)", QuantizedRange(min: 0, max: 3, step: 1), whenLate: .hold) })
        let cases: [(RecordingHeader, [UInt8])] = [
            (Self.arenaHeader, [0x80 | 0x40, 1]),              // field 4 of 4
            (Self.arenaHeader, [0x80 | 0x10, 1, 3]),           // moveX code 3 of 0...2
            (Self.arenaHeader, [0x80 | 0x04, 1, 0x82, 0x02]),  // buttons code 258
            (six, [0x84, 1, 0x00]),                            // an empty mask
            (six, [0x84, 1, 0x40]),                            // field 6 of 6
            (six, [0x80 | 0x08, 1]),                           // a flag six fields do not use
        ]
        for (header, bytes) in cases {
            var inputs = RecordedInputs(header: header)
            var reader = ByteReader(bytes)
            let first = try! reader.u8()
            #expect(throws: ByteReadError.self, "\(bytes)") { _ = try inputs.decode(operationByte: first, at: 0, from: &reader) }
        }
        // And what they write reads back, mask byte or not.
        for header in [Self.arenaHeader, six] {
            var writer = RecordedInputs(header: header), reader = RecordedInputs(header: header)
            var bytes = ByteWriter()
            let input = PlayerInput(sequence: 4, tick: 9, values: SIMD8(1, 0, 2, 1, 0, 3, 0, 0))
            let expected = header.inputs.quantized(input)
            writer.encode(expected, for: 2, into: &bytes)
            var byteReader = ByteReader(bytes.bytes)
            let first = try! byteReader.u8()
            #expect(try! reader.decode(operationByte: first, at: 0, from: &byteReader) == (2, expected))
        }
    }

    /// Inputs are coded against the previous one; random sequences (with repeats, jumps and
    /// joins resetting the context) must decode to exactly what was written.
    @Test func ticksRoundTripWithDeltaCodedInputs() throws {
        var random = SeededRandom(seed: 5)
        var writeInputs = RecordedInputs(header: Self.arenaHeader), readInputs = RecordedInputs(header: Self.arenaHeader)
        var lastInput: [PlayerID: PlayerInput] = [:]
        for tickNumber in UInt32(0)..<300 {
            var operations: [RecordedOperation] = []
            for _ in 0..<random.below(12) {
                // Small ids (one varint byte) and large ones (three), up to the largest.
                let player = random.below(4) == 0 ? PlayerID(65_535 - random.below(3) * 30_000) : PlayerID(random.below(20))
                switch random.below(10) {
                case 0: operations.append(.join(player, name: "p\(player)-é", entity: random.below(1000) + 1))
                case 1: operations.append(.leave(player))
                case 2: operations.append(.chat(player, text: "gg \(tickNumber) ✓"))
                default:
                    var input = lastInput[player] ?? PlayerInput(sequence: 0, tick: 0)
                    input.sequence = random.below(5) == 0 ? UInt32(truncatingIfNeeded: random.next()) : input.sequence &+ 1
                    input.tick = random.below(3) == 0 ? tickNumber : input.tick &+ 1
                    if random.below(4) == 0 { input.buttons = UInt8(truncatingIfNeeded: random.next()) }
                    if random.below(2) == 0 { input.aim = UInt16(truncatingIfNeeded: random.next()) & 0xFFF0 }  // as the wire delivers it
                    if random.below(4) == 0 {
                        input = PlayerInput(sequence: input.sequence, tick: input.tick, buttons: input.buttons, aim: input.aim,
                                            moveX: Int8(random.int(in: -1...1)), moveY: Int8(random.int(in: -1...1)))
                    }
                    lastInput[player] = input
                    operations.append(.input(player, input))
                }
            }
            let tick = RecordedTick(tick: tickNumber, operations: operations, hash: random.next())
            var writer = ByteWriter()
            tick.encode(into: &writer, inputs: &writeInputs)
            var reader = ByteReader(writer.bytes)
            #expect(try RecordedTick.decode(&reader, inputs: &readInputs) == tick)
        }
    }

    @Test func anUnchangedInputCostsTwoBytes() {
        var inputs = RecordedInputs(header: Self.arenaHeader)
        var writer = ByteWriter()
        var input = PlayerInput(sequence: 10, tick: 100, buttons: 1, aim: 0x1230, moveX: 1, moveY: -1)
        RecordedTick.encodeInput(input, for: 3, into: &writer, inputs: &inputs)
        writer.reset()
        input.sequence += 1
        input.tick += 1
        RecordedTick.encodeInput(input, for: 3, into: &writer, inputs: &inputs)
        #expect(writer.count == 2)  // operation with flags, player
        writer.reset()
        input.sequence += 1
        input.tick += 1
        RecordedTick.encodeInput(input, for: 300, into: &writer, inputs: &inputs)
        // A player id over 127 takes 2 bytes; a first input writes every field (flagged in the
        // operation byte): the codes of buttons (1), aim (0x123: 2 bytes), moveX (2), moveY (0).
        #expect(writer.count == 3 + 4 + 4 + 1 + 2 + 1 + 1)
    }

    @Test func keyframeAndEndRoundTrip() throws {
        var writer = ByteWriter()
        let roster = [RecordedPlayer(player: 1, entity: 70, name: "ann"), RecordedPlayer(player: 4, entity: 9, name: "bo")]
        RecordedKeyframe.encode(tick: 600, hash: 42, roster: roster, into: &writer) {
            $0.append([1, 2, 3, 4, 5])
        }
        var reader = ByteReader(writer.bytes)
        let keyframe = try RecordedKeyframe.decode(&reader)
        #expect(keyframe == RecordedKeyframe(tick: 600, hash: 42, roster: roster, state: [1, 2, 3, 4, 5]))

        writer.reset()
        let end = RecordedEnd(ticks: 9, reason: "room empty", players: 40, names: (0..<40).map { "p\($0)" })
        #expect(end.names.count == RecordedEnd.maxNames)
        end.encode(into: &writer)
        var endReader = ByteReader(writer.bytes)
        #expect(try RecordedEnd.decode(&endReader) == end)
    }

    /// Version 4 ends the end record with the match ticks; a version-3 end record (exact bytes,
    /// without them) still reads, every tick counted as match time; more match ticks than
    /// ticks is damage, named.
    @Test func theEndRecordCarriesMatchTicksAndOlderOnesStillRead() throws {
        var writer = ByteWriter()
        let end = RecordedEnd(ticks: 900, reason: "room empty", players: 1, names: ["ann"], matchTicks: 300)
        end.encode(into: &writer)
        #expect(writer.bytes == [0x84, 0x03, 0x00, 0x00, 0x0A] + Array("room empty".utf8) + [0x01, 0x01, 0x03] + Array("ann".utf8) + [0x2C, 0x01, 0x00, 0x00])
        var reader = ByteReader(writer.bytes)
        #expect(try RecordedEnd.decode(&reader) == end)

        let version3 = Array(writer.bytes.dropLast(4))
        var oldReader = ByteReader(version3)
        let old = try RecordedEnd.decode(&oldReader)
        #expect(old.ticks == 900 && old.matchTicks == 900 && old.names == ["ann"])

        let tooMany = version3 + [0x85, 0x03, 0x00, 0x00]
        var badReader = ByteReader(tooMany)
        #expect(throws: ByteReadError.self) { try RecordedEnd.decode(&badReader) }
        #expect(RecordedEnd(ticks: 5, reason: "x", matchTicks: 9).matchTicks == 5, "clamped when made")
    }

    @Test func sealingFillsEachChunksChecksumOverKindAndPayload() {
        var writer = ByteWriter()
        for kind in [RecordingFormat.ChunkKind.tick, .keyframe] {
            let start = ChunkFraming.begin(kind, in: &writer)
            writer.append([9, 8, 7])
            ChunkFraming.end(startedAt: start, in: &writer)
        }
        var bytes = writer.bytes
        bytes.withUnsafeMutableBytes { ChunkFraming.seal($0) }
        #expect(bytes.count == 2 * (6 + 3 + 4))
        #expect(Array(bytes[0..<5]) == [3, 0, 0, 0, RecordingFormat.ChunkKind.tick.rawValue])
        #expect(bytes[5] == UInt8(truncatingIfNeeded: CRC32.checksum([3, 0, 0, 0, RecordingFormat.ChunkKind.tick.rawValue])))
        let crc = CRC32.checksum([RecordingFormat.ChunkKind.tick.rawValue, bytes[5], 9, 8, 7])
        #expect(Array(bytes[9..<13]) == [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)])
    }

    @Test func filesThatAreNotRecordingsAreNamedAsSuch() throws {
        let directory = try TemporaryDirectory()
        let text = directory.path + "/notes.rec"
        try directory.write(Array("hello, this is text\n".utf8), to: text)
        #expect(throws: RecordingError(.foreign, at: 0, "not a recording: the first bytes are not the recording signature")) {
            _ = try RecordingFile(path: text)
        }
        let short = directory.path + "/short.rec"
        try directory.write(Array(RecordingFormat.magic.prefix(3)), to: short)
        do {
            _ = try RecordingFile(path: short)
            Issue.record("a 3-byte file opened")
        } catch {
            #expect(error.kind == .truncated)
        }
        do {
            _ = try RecordingFile(path: directory.path + "/missing.rec")
            Issue.record("a missing file opened")
        } catch {
            #expect(error.kind == .io)
        }
        // The signature alone: no header.
        let bare = directory.path + "/bare.rec"
        try directory.write(RecordingFormat.magic, to: bare)
        do {
            _ = try RecordingIndex(file: RecordingFile(path: bare))
            Issue.record("a header-less file indexed")
        } catch {
            #expect(error.kind == .truncated && error.offset == 8)
        }
    }

    @Test func recordingNamesCannotLeaveTheDirectory() {
        #expect(RecordingDirectory.isRecordingName("20261122-134501.123-room1.rec"))
        for bad in ["../x.rec", "a/b.rec", ".hidden.rec", ".rec", "x.txt", "x.rec\0", "/etc/x.rec"] {
            #expect(!RecordingDirectory.isRecordingName(bad), "\(bad)")
        }
    }
}
