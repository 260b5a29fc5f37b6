import Wire

/// Every constant of the recording file format, in one place: the writer, the reader and the
/// tests use these and nothing else. The layout, byte by byte, is in `RECORDING.md`.
///
/// A recording is the 8-byte `magic`, then chunks. A chunk is a little-endian `UInt32`
/// payload length, a kind byte, a header check byte (the low byte of the CRC-32 of the
/// length and kind), the payload, and a CRC-32 (IEEE) of everything after the length (kind,
/// check byte, payload). A crash leaves at most one partial chunk at the end, whose header
/// is intact and whose length runs past the end of the file: that reads as "truncated", and
/// everything before it stays usable. The header check tells that apart from a damaged
/// length in the middle of a file, which would otherwise look the same.
public enum RecordingFormat {
    /// PNG-style: a high byte (catches 7-bit transfers), a name, CR LF (catches newline
    /// conversion), ^Z and LF.
    public static let magic: [UInt8] = [0x89, 0x47, 0x53, 0x52, 0x0D, 0x0A, 0x1A, 0x0A]  // \x89 G S R \r \n ^Z \n
    /// Bumped on any change a previous reader would misread. 2: ticks may hold `chat`.
    /// 3: the header carries the game's input fields and inputs are coded by them.
    /// 4: the end record ends with the match ticks (`RecordedEnd.matchTicks`).
    public static let version: UInt16 = 4
    /// The first version whose inputs follow the header's input table.
    public static let gameInputsVersion: UInt16 = 3
    /// The oldest version this reader still reads (every later change only added to it).
    public static let oldestReadableVersion: UInt16 = 1
    /// Length (4), kind (1), header check (1) before the payload; CRC (4) after it.
    public static let chunkHeaderSize = 6
    public static let chunkTrailerSize = 4
    /// Largest payload a reader accepts: a damaged length must not make it allocate gigabytes.
    /// A keyframe of 100,000 entities is about 7 MB.
    public static let maxPayload = 64 << 20

    /// What a chunk holds.
    public enum ChunkKind: UInt8, Sendable, CaseIterable {
        /// Exactly once, first: `RecordingHeader`.
        case header = 1
        /// One simulated tick: the game calls made, in order, and the world hash after it.
        case tick = 2
        /// The full state at a tick boundary, with its hash and the players present.
        case keyframe = 3
        /// The match ended cleanly; absent after a crash.
        case end = 4
    }

    /// The game calls a tick chunk records, in the order the server made them. Each starts
    /// with one byte: these values, or for an input (by far the most common call) the
    /// `InputFlag.operation` bit with the input's flags in the low bits, so a player whose
    /// input changed in nothing unexpected costs that byte and its id.
    public enum Operation: UInt8, Sendable {
        /// Ends the list of calls; the world hash follows.
        case endOfTick = 0
        /// `addPlayer(player, name)`, with the entity id it returned.
        case join = 1
        /// `removePlayer(player)`.
        case leave = 2
        /// A line of chat the room relayed (player varint, then the text): not a game call,
        /// so it changes no state, but a replay shows it where it was said. Version 2.
        case chat = 3
    }

    /// An `apply(input, for: player)` operation: `operation | flags`, the player (varint), then
    /// what the flags name: the sequence (u32), the tick (u32), then each changed input
    /// field's code (its range's, varint), in field order. Which fields changed: for a table
    /// of at most `inlineFields` fields, bit `inlineShift + i` of the operation byte for field
    /// `i`; for a larger one, `values` and then a mask byte (bit `i` for field `i`). What is
    /// not written equals the player's previous input's (sequence and tick: previous plus
    /// one). The previous input starts as all zero at every keyframe and every join, so
    /// decoding can begin at any keyframe.
    public enum InputFlag {
        public static let operation: UInt8 = 0x80
        public static let sequence: UInt8 = 0x01
        public static let tick: UInt8 = 0x02
        /// Tables of up to 5 fields flag them in bits 0x04...0x40 of the operation byte.
        public static let inlineFields = 5
        public static let inlineShift: UInt8 = 2
        /// Larger tables: a mask byte follows the player.
        public static let values: UInt8 = 0x04
        /// Versions 1 and 2: buttons (u8), aim (u16), the movement pair (one byte,
        /// `(moveX + 1) * 3 + moveY + 1`).
        public static let legacyButtons: UInt8 = 0x04
        public static let legacyAim: UInt8 = 0x08
        public static let legacyMove: UInt8 = 0x10
        public static let legacyAll: UInt8 = 0x1F
    }

    /// The inputs of every file before version 3, whose header has no input table: the four
    /// fields Arena's inputs had, at the places those files stored them.
    public static let legacyInputs = InputTable([
        InputField("buttons", QuantizedRange(min: 0, max: 255, step: 1), whenLate: .release),
        InputField("aim", QuantizedRange(min: 0, max: 65_520, step: 16), whenLate: .keep),
        InputField("moveX", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
        InputField("moveY", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
    ])

    /// Longest player name a recording carries (the wire's limit is far below).
    public static let maxNameBytes = 256
    /// Longest chat line a recording carries (the wire's limit is far below).
    public static let maxChatBytes = 256
}
