/// The variable-length unsigned integer code used inside bit streams.
///
/// A value falls in one of five classes. A class is announced by a unary prefix — `k`
/// one-bits then a zero-bit for class `k < 4`, four one-bits for class 4 — followed by
/// the value minus the class's `offset`, in the class's `width` bits:
///
/// | class | prefix (in stream order) | payload | values                          | total bits |
/// |-------|--------------------------|---------|---------------------------------|-----------:|
/// | 0     | `0`                      | 4 bits  | 0 ... 15                        | 5          |
/// | 1     | `1 0`                    | 8 bits  | 16 ... 271                      | 10         |
/// | 2     | `1 1 0`                  | 16 bits | 272 ... 65 807                  | 19         |
/// | 3     | `1 1 1 0`                | 32 bits | 65 808 ... 4 295 033 103        | 36         |
/// | 4     | `1 1 1 1`                | 64 bits | 4 295 033 104 ... 2^64 − 1      | 68         |
///
/// Offsets make every value's encoding unique (a reader never sees "16 sent the long
/// way"), so decode-then-encode always reproduces the bytes. In class 4 a payload above
/// `2^64 − 1 − offset` would overflow and is rejected as `.valueOutOfRange`.
/// Small counts cost 5 bits, most entity-id and tick deltas 10.
public enum VarUInt {
    /// Payload width of class `classIndex` (`0...4`).
    @inlinable
    public static func width(ofClass classIndex: Int) -> Int {
        switch classIndex {
        case 0: 4
        case 1: 8
        case 2: 16
        case 3: 32
        default: 64
        }
    }

    /// Smallest value of class `classIndex`: the sum of the sizes of the classes before it.
    @inlinable
    public static func offset(ofClass classIndex: Int) -> UInt64 {
        switch classIndex {
        case 0: 0
        case 1: 16
        case 2: 272
        case 3: 65_808
        default: 4_295_033_104
        }
    }

    /// The class `value` is sent in.
    @inlinable
    public static func classOf(_ value: UInt64) -> Int {
        if value < 16 { return 0 }
        if value < 272 { return 1 }
        if value < 65_808 { return 2 }
        if value < 4_295_033_104 { return 3 }
        return 4
    }

    /// Bits the code takes for `value`, prefix included.
    @inlinable
    public static func bitCount(of value: UInt64) -> Int {
        let classIndex = classOf(value)
        return Swift.min(classIndex + 1, 4) + width(ofClass: classIndex)
    }
}

extension BitStream {
    /// An unsigned integer in the variable-length code described by `VarUInt`.
    @inlinable
    public mutating func serializeVarUInt(_ value: inout UInt64) throws(Failure) {
        if !isReading {
            // Writing and measuring: the prefix (`k` ones then a zero, or four ones) and the
            // payload as one field when they fit in 64 bits (classes 0…3), which is the same
            // bits as the loop below emits one at a time.
            let classIndex = VarUInt.classOf(value)
            let prefixBits = Swift.min(classIndex &+ 1, 4)
            let prefix: UInt64 = (1 &<< UInt64(classIndex)) &- 1
            let payload = value &- VarUInt.offset(ofClass: classIndex)
            let width = VarUInt.width(ofClass: classIndex)
            if classIndex < 4 {
                var combined = prefix | payload &<< UInt64(prefixBits)
                try serialize(&combined, bits: prefixBits &+ width)
            } else {
                var ones = prefix
                try serialize(&ones, bits: prefixBits)
                var rest = payload
                try serialize(&rest, bits: width)
            }
            return
        }
        let start = bitCount
        let wanted = isReading ? 0 : VarUInt.classOf(value)
        // One loop drives all three streams: the writer emits `wanted` ones and a closing
        // zero (none after four ones), the reader counts ones until a zero or four.
        var classIndex = 0
        while classIndex < 4 {
            var more = classIndex < wanted
            try serialize(&more)
            if !more { break }
            classIndex += 1
        }
        let offset = VarUInt.offset(ofClass: classIndex)
        var payload = isReading ? 0 : value &- offset
        try serialize(&payload, bits: VarUInt.width(ofClass: classIndex))
        try require(payload <= UInt64.max &- offset,
                    else: .valueOutOfRange(bitOffset: start, value: payload, limit: UInt64.max &- offset))
        value = payload &+ offset
    }

    /// A `UInt32` in the variable-length code; the reader rejects values above
    /// `UInt32.max` as `.valueOutOfRange`.
    @inlinable
    public mutating func serializeVarUInt(_ value: inout UInt32) throws(Failure) {
        let start = bitCount
        var wide = UInt64(value)
        try serializeVarUInt(&wide)
        try require(wide <= UInt64(UInt32.max),
                    else: .valueOutOfRange(bitOffset: start, value: wide, limit: UInt64(UInt32.max)))
        value = UInt32(truncatingIfNeeded: wide)
    }

    /// A signed integer: ZigZag, then the variable-length code (so -8...7 cost 5 bits).
    @inlinable
    public mutating func serializeVarInt(_ value: inout Int64) throws(Failure) {
        var code = ZigZag.encode(value)
        try serializeVarUInt(&code)
        value = ZigZag.decode(code)
    }

    /// An `Int32`: ZigZag, then the variable-length code; the reader rejects codes above
    /// `UInt32.max` (values outside `Int32`).
    @inlinable
    public mutating func serializeVarInt(_ value: inout Int32) throws(Failure) {
        var code = ZigZag.encode(value)
        try serializeVarUInt(&code)
        value = ZigZag.decode(code)
    }
}
