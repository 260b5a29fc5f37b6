@testable import Wire

/// Byte strings every message decoder must reject, each with the error it must throw.
/// The expected kinds and offsets are worked out by hand here (not recorded from the
/// decoder), then written to the golden vectors so the JS mirror must agree.
struct RejectionSample: Sendable {
    var name: String
    /// The decoder to use.
    var type: MessageType
    var bytes: [UInt8]
    var kind: String
    var bitOffset: Int
}

enum Rejections {
    static var all: [RejectionSample] {
        var list: [RejectionSample] = []
        func add(_ name: String, _ type: MessageType, _ bytes: [UInt8], _ kind: String, _ bitOffset: Int) {
            list.append(RejectionSample(name: name, type: type, bytes: bytes, kind: kind, bitOffset: bitOffset))
        }
        let ping = PingMessage(clientTime: 0x0102_0304).encoded()
        add("empty message", .ping, [], "endOfData", 0)
        add("unknown type byte", .ping, [0x7F, 1, 2, 3, 4], "unexpectedMessageType", 0)
        add("ping handed to the pong decoder", .pong, ping, "unexpectedMessageType", 0)
        add("ping with a trailing byte", .ping, ping + [0], "trailingData", 40)
        add("ping one byte short", .ping, Array(ping.dropLast()), "endOfData", 8)

        // Input: type (8) · count−1 (3) · first sequence (32) · tick (32) · buttons (8) ·
        // aim (12) · moveX (2) · moveY (2) = 99 bits, 5 bits of padding.
        var input = InputMessage(inputs: [PlayerInput(sequence: 9, tick: 99, buttons: 1, aim: 0x4440, moveX: 1, moveY: 0)]).encoded()
        input[input.count - 1] |= 0x80
        add("input with a padding bit set", .input, input, "nonZeroPadding", 99)
        var writer = BitWriter()
        writer.write(0x02, bits: 8)
        writer.write(0, bits: 3)
        writer.write(9, bits: 32)
        writer.write(99, bits: 32)
        writer.write(0, bits: 8)
        writer.write(0, bits: 12)
        writer.write(3, bits: 2)
        writer.write(1, bits: 2)
        add("input with move code 3", .input, writer.finish(), "valueOutOfRange", 95)

        // Hello: type (8) · version (16) · hasToken (1) · name length (5)…
        writer.reset()
        writer.write(0x01, bits: 8)
        writer.write(UInt32(ProtocolVersion.current), bits: 16)
        writer.writeBool(false)
        writer.write(17, bits: 5)
        writer.writeAlignedBytes(Array(repeating: UInt8(ascii: "a"), count: 17))
        add("hello with a 17-byte name", .hello, writer.finish(), "valueOutOfRange", 25)
        writer.reset()
        writer.write(0x01, bits: 8)
        writer.write(UInt32(ProtocolVersion.current), bits: 16)
        writer.writeBool(false)
        writer.write(2, bits: 5)
        writer.writeAlignedBytes([0xC3, 0x28])
        add("hello with a malformed UTF-8 name", .hello, writer.finish(), "invalidUTF8", 25)
        add("hello cut inside the version", .hello, [0x01, 0x01], "endOfData", 8)

        add("chat with length 121", .chat, [0x04, 121], "valueOutOfRange", 8)

        // Welcome: type (8) · playerID (16) · entityID (32) · tickRate−1 (16, at 56) ·
        // snapshotInterval−1 (8, at 72) · …
        let welcome = WelcomeMessage(playerID: 1, entityID: 2, tickRate: 60, snapshotInterval: 1, hashInterval: 0,
                                     currentTick: 0, resumeToken: 0, game: Samples.game).encoded()
        var badInterval = welcome
        badInterval[9] = 0xFF
        add("welcome with snapshotInterval code 255", .welcome, badInterval, "valueOutOfRange", 72)
        var badRate = welcome
        badRate[7] = 0xFF
        badRate[8] = 0xFF
        add("welcome with tickRate code 65535", .welcome, badRate, "valueOutOfRange", 56)
        add("welcome cut short", .welcome, Array(welcome.prefix(40)), "endOfData", welcomeTruncationOffset(welcome))

        // Schema, after the welcome's fixed part (8+16+32+16+8+16+32+64 = 192 bits):
        // name "" (6 bits, aligned to 200) · version (16) · minX (32) · span (32, at 248).
        writer.reset()
        writeWelcomePrefix(&writer)
        writer.write("", maxBytes: 32)
        writer.write(UInt32(ProtocolVersion.current), bits: 16)
        writer.write(1, bits: 32)
        writer.write(0x7FFF_FFFF, bits: 32)
        add("welcome whose world max passes Int32.max", .welcome, writer.finish(), "valueOutOfRange", 248)
        // Name "" (6 bits at 192, aligned to 200) · version (200) · minX (216) · span (248) ·
        // minY (280) · span (312) · viewRadius (31 bits at 344) · kinds−1 (8 at 375) ·
        // kind name "" (6 at 383, aligned to 392) · fields−2 (3 at 392).
        writer.reset()
        writeWelcomePrefix(&writer)
        writer.write("", maxBytes: 32)
        writer.write(UInt32(ProtocolVersion.current), bits: 16)
        for _ in 0 ..< 4 { writer.write(100, bits: 32) }
        writer.write(10, bits: 31)
        writer.write(0, bits: 8)
        writer.write("", maxBytes: 32)
        writer.write(7, bits: 3)
        add("welcome with a kind of 9 fields", .welcome, writer.finish(), "valueOutOfRange", 392)

        // Events: type (8) · tick (32) · count (varuint, 5 bits for 1) · tag (2) · player (16).
        writer.reset()
        writer.write(0x84, bits: 8)
        writer.write(1, bits: 32)
        writer.writeVarUInt(2)
        writer.write(1, bits: 2)
        writer.write(7, bits: 16)
        add("events announcing more than they hold", .events, writer.finish(), "endOfData", 63)

        // Replay control: type (8) · action (3 bits at 8) · its value (at 11). Every 5-bit
        // speed code is a valid speed (1…32 quarters), so only the action can be out of range.
        add("replayControl with action 6", .replayControl, [0x05, 0x06], "valueOutOfRange", 8)
        add("replayControl, seek cut short", .replayControl, [0x05, 0x03, 0, 0], "endOfData", 11)
        add("replayControl with a trailing byte", .replayControl, [0x05, 0x00, 0x00], "trailingData", 11)
        // Status: type (8) · tick (32) · endTick (32) · paused (1 at 72) · quarters−1 (5 at 73)
        // · followed (16 at 78) · hasTimeline (1 at 94) · keyframe count (varuint at 95) · gaps.
        // Timeline: tickRate−1 (16 bits at 95) · keyframe count (varuint at 111, 5 bits for 2)
        // · the first gap, 4 294 967 295 (class 3, 36 bits at 116) · the second gap at 152: a
        // gap of 0 would be tick 2³², past 32 bits.
        writer.reset()
        writer.write(0x85, bits: 8)
        writer.write(0, bits: 32)
        writer.write(0, bits: 32)
        writer.writeBool(false)
        writer.write(3, bits: 5)
        writer.write(0, bits: 16)
        writer.writeBool(true)
        writer.write(59, bits: 16)
        writer.writeVarUInt(2)
        writer.writeVarUInt(UInt64(UInt32.max))
        writer.writeVarUInt(0)
        writer.writeVarUInt(0)
        add("replayStatus with a keyframe tick past 32 bits", .replayStatus, writer.finish(), "valueOutOfRange", 152)
        // A timeline claiming 3 players and holding one.
        writer.reset()
        writer.write(0x85, bits: 8)
        writer.write(0, bits: 32)
        writer.write(0, bits: 32)
        writer.writeBool(false)
        writer.write(3, bits: 5)
        writer.write(0, bits: 16)
        writer.writeBool(true)
        writer.write(59, bits: 16)
        writer.writeVarUInt(0)
        writer.writeVarUInt(3)
        writer.write(UInt32(ProtocolVersion.current), bits: 16)
        writer.write("a", maxBytes: 16)
        add("replayStatus announcing more players than it holds", .replayStatus, writer.finish(), "endOfData", 152)
        return list
    }

    /// The welcome's fixed fields, all valid, ending at bit 192.
    static func writeWelcomePrefix(_ writer: inout BitWriter) {
        writer.write(0x81, bits: 8)
        writer.write(UInt32(ProtocolVersion.current), bits: 16)
        writer.write(2, bits: 32)
        writer.write(59, bits: 16)
        writer.write(0, bits: 8)
        writer.write(0, bits: 16)
        writer.write(0, bits: 32)
        writer.write(UInt64(0), bits: 64)
    }

    /// Where decoding a welcome cut to 40 bytes (320 bits) runs short. After the fixed
    /// 192 bits: the name "sample" (length, 6 bits at 192; bytes 200–247), version (248),
    /// minX (264), then the X span, a 32-bit read at 296 that finds only 24 bits.
    static func welcomeTruncationOffset(_ welcome: [UInt8]) -> Int {
        296
    }
}
