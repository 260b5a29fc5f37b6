/// The start of a snapshot message (type `0x82`), and the field codings its entity
/// sections use. The sections themselves depend on what the receiver already has, so the
/// whole message is written by Simulation's `SnapshotEncoder` and read by its
/// `ViewReconstructor`; the layout lives here, in one place, and PROTOCOL.md describes it.
///
/// Header, after the type byte:
/// - `baselineAge` (`varuint`, ≤ 2³² − 1): `tick − baselineTick`, the distance back to the
///   snapshot this one is a delta against; 0 means none: a full snapshot, a delta against
///   the empty view;
/// - a full snapshot: `tick` (32 bits), the server tick the snapshot shows;
/// - a delta: `baselineCheck` (`baselineCheckBits` bits), the low bits of `baselineTick`.
///   The receiver already holds its baseline (its last applied tick), so the baseline is
///   the tick nearest the receiver's with these low bits (within −2ᵏ⁻¹…2ᵏ⁻¹ − 1 of it), and
///   `tick = baselineTick + baselineAge`. A receiver whose last tick is not the baseline
///   therefore sees a different baseline and rejects the snapshot (`baselineMismatch`);
///   a receiver with no tick yet takes 0 as its reference;
/// - `lastInputSequence` (`relative`, width 32): the sequence of the last input the server
///   applied for this player, relative to the baseline snapshot's `lastInputSequence`
///   (relative to 0 in a full snapshot). 0 means no input applied yet.
public struct SnapshotHeader: Hashable, Sendable {
    public var tick: UInt32
    /// nil for a full snapshot.
    public var baselineTick: UInt32?
    public var lastInputSequence: UInt32

    public init(tick: UInt32, baselineTick: UInt32?, lastInputSequence: UInt32) {
        precondition(baselineTick != tick, "SnapshotHeader: a snapshot cannot be its own baseline")
        self.tick = tick
        self.baselineTick = baselineTick
        self.lastInputSequence = lastInputSequence
    }

    /// How the changed section names its entities (a 1-bit flag before it). The survivors
    /// are the baseline's entities that did not leave, in ascending id order.
    public enum ChangedCoding: Sendable {
        /// `varuint` count, then each changed entity's id gap before its entry.
        case list
        /// One bit per survivor, in id order: 1 = changed, its entry follows at once.
        case bitmap

        /// The flag bit's value: 1 for the bitmap.
        public var flag: Bool { self == .bitmap }

        /// The coding the writer picks: the bitmap when it costs no more than the list's
        /// count and id gaps (`listBits`), which the writer sums with `VarUInt.bitCount`.
        @inlinable
        public static func cheaper(survivors: Int, listBits: Int) -> ChangedCoding {
            survivors <= listBits ? .bitmap : .list
        }
    }

    /// Fields narrower than this are always sent as raw codes in the changed section; wider
    /// ones carry a flag choosing between raw code and delta (see `serializeChangedCode`).
    public static let deltaCodingMinBits = 6

    /// Width of a delta's `baselineCheck`: the low bits of its baseline tick.
    public static let baselineCheckBits = 8

    /// The baseline tick a delta's `baselineCheck` names, seen from a receiver whose last
    /// applied tick is `reference` (0 when it has none): the tick nearest `reference` whose
    /// low `baselineCheckBits` bits are `check` (a distance in −2ᵏ⁻¹…2ᵏ⁻¹ − 1).
    @inlinable
    public static func baselineTick(check: UInt32, reference: UInt32) -> UInt32 {
        let bits = UInt32(baselineCheckBits)
        let mask: UInt32 = (1 << bits) &- 1
        let up = (check &- reference) & mask
        // Sign-extend the k-bit distance.
        let distance = up >= (1 << (bits &- 1)) ? up &- (1 << bits) : up
        return reference &+ distance
    }

    /// The header's fields (the type byte is the caller's). `baselineInputSequence` is the
    /// `lastInputSequence` of the baseline snapshot, which both sides remember; it is unused
    /// for a full snapshot. `receiverTick` is the reader's last applied tick (nil before
    /// the first snapshot); writers and counters ignore it.
    @inlinable
    public mutating func serialize<S: BitStream>(
        _ stream: inout S, baselineInputSequence: UInt32, receiverTick: UInt32? = nil
    ) throws(S.Failure) {
        var age: UInt32 = 0
        if let baselineTick {
            age = tick &- baselineTick
        }
        try stream.serializeVarUInt(&age)
        if age == 0 {
            try stream.serialize(&tick, bits: 32)
            baselineTick = nil
        } else {
            var check = stream.isReading ? 0 : (baselineTick ?? 0) & ((1 << UInt32(Self.baselineCheckBits)) &- 1)
            try stream.serialize(&check, bits: Self.baselineCheckBits)
            if stream.isReading {
                let baseline = Self.baselineTick(check: check, reference: receiverTick ?? 0)
                baselineTick = baseline
                tick = baseline &+ age
            }
        }
        let reference = baselineTick == nil ? 0 : baselineInputSequence
        try stream.serialize(&lastInputSequence, relativeTo: reference)
    }
}

extension BitStream {
    /// A left or entered section's entry count: a flag bit, 0 = empty; 1 = not empty, then
    /// `count − 1` as a `varuint`. An empty section costs 1 bit. The reader rejects a count
    /// past `UInt32.max` as `valueOutOfRange`.
    @inlinable
    public mutating func serializeSectionCount(_ count: inout UInt32) throws(Failure) {
        var any = count != 0
        try serialize(&any)
        guard any else {
            count = 0
            return
        }
        let start = bitCount
        var rest = isReading ? 0 : UInt64(count) - 1
        try serializeVarUInt(&rest)
        try require(rest < UInt64(UInt32.max),
                    else: .valueOutOfRange(bitOffset: start, value: rest, limit: UInt64(UInt32.max) - 1))
        count = UInt32(truncatingIfNeeded: rest + 1)
    }

    /// An entity id in an ascending list, as its gap from the previous one: the first id
    /// (`previous == nil`) as itself, every later one as `id − previous − 1`, both in the
    /// `varuint` code. Ids are therefore strictly ascending by construction; the reader
    /// rejects an id past `UInt32.max` as `valueOutOfRange`.
    @inlinable
    public mutating func serializeEntityID(_ id: inout UInt32, after previous: UInt32?) throws(Failure) {
        let start = bitCount
        let base: UInt64 = previous.map { UInt64($0) + 1 } ?? 0
        if !isReading {
            precondition(UInt64(id) >= base, "entity ids must be written in ascending order")
        }
        var gap = isReading ? 0 : UInt64(id) - base
        try serializeVarUInt(&gap)
        // After an id of UInt32.max nothing can follow: base is then past the limit.
        let limit = UInt64(UInt32.max) >= base ? UInt64(UInt32.max) - base : 0
        try require(base <= UInt64(UInt32.max) && gap <= limit,
                    else: .valueOutOfRange(bitOffset: start, value: gap, limit: limit))
        id = UInt32(truncatingIfNeeded: base + gap)
    }

    /// A changed field's new code, given the code the receiver has (`old`).
    ///
    /// A field of fewer than `SnapshotHeader.deltaCodingMinBits` bits sends the code as a
    /// ranged integer `0…maxCode`. A wider one first sends a flag: 1 = a delta follows,
    /// `code − old` as a `varint`; 0 = the code follows as a ranged integer. The writer
    /// picks the delta exactly when its `varint` is shorter than the code's width (a tie
    /// sends the code). The reader rejects a delta landing outside `0…maxCode` as
    /// `valueOutOfRange` (value = the resulting code, as a two's-complement 64-bit pattern).
    @inlinable
    public mutating func serializeChangedCode(_ code: inout UInt32, old: UInt32, range: QuantizedRange) throws(Failure) {
        let start = bitCount
        var useDelta = false
        if range.bits >= SnapshotHeader.deltaCodingMinBits {
            if !isReading {
                let delta = ZigZag.encode(Int64(code) - Int64(old))
                useDelta = VarUInt.bitCount(of: delta) < range.bits
            }
            try serialize(&useDelta)
        }
        if useDelta {
            var delta = isReading ? 0 : Int64(code) - Int64(old)
            try serializeVarInt(&delta)
            let (sum, overflow) = Int64(old).addingReportingOverflow(delta)
            try require(!overflow && sum >= 0 && sum <= Int64(range.maxCode),
                        else: .valueOutOfRange(bitOffset: start, value: UInt64(bitPattern: sum), limit: UInt64(range.maxCode)))
            code = UInt32(truncatingIfNeeded: sum)
        } else {
            var raw = Int(code)
            try serialize(&raw, min: 0, max: Int(range.maxCode))
            code = UInt32(truncatingIfNeeded: raw)
        }
    }

    /// A field's code in full (entered entities): a ranged integer `0…maxCode`.
    @inlinable
    public mutating func serializeCode(_ code: inout UInt32, range: QuantizedRange) throws(Failure) {
        var raw = Int(code)
        try serialize(&raw, min: 0, max: Int(range.maxCode))
        code = UInt32(truncatingIfNeeded: raw)
    }
}
