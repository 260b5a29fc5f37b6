/// Direct spellings of the composite fields for code that only ever reads. Each forwards
/// to the one `BitStream` definition of the layout (see `BitWriter+Fields.swift`).
extension BitReader {
    @inlinable
    public mutating func readVarUInt() throws(WireError) -> UInt64 {
        var value: UInt64 = 0
        try serializeVarUInt(&value)
        return value
    }

    @inlinable
    public mutating func readVarInt() throws(WireError) -> Int64 {
        var value: Int64 = 0
        try serializeVarInt(&value)
        return value
    }

    @inlinable
    public mutating func read<T: FixedWidthInteger & UnsignedInteger>(relativeTo reference: T) throws(WireError) -> T {
        var value: T = 0
        try serialize(&value, relativeTo: reference)
        return value
    }

    @inlinable
    public mutating func read(_ quantizer: QuantizedRange) throws(WireError) -> Int32 {
        var value: Int32 = 0
        try serialize(&value, as: quantizer)
        return value
    }

    @inlinable
    public mutating func read(_ quantizer: QuantizedFloat) throws(WireError) -> Double {
        var value = 0.0
        try serialize(&value, as: quantizer)
        return value
    }

    /// An angle in radians, in `0 ..< 2π`.
    @inlinable
    public mutating func readRadians(_ quantizer: QuantizedAngle) throws(WireError) -> Double {
        var value = 0.0
        try serialize(radians: &value, as: quantizer)
        return value
    }

    @inlinable
    public mutating func readBinaryAngle(_ quantizer: QuantizedAngle) throws(WireError) -> UInt16 {
        var value: UInt16 = 0
        try serialize(binaryAngle: &value, as: quantizer)
        return value
    }
}
