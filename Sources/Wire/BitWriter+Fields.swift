/// Direct spellings of the composite fields for code that only ever writes (tests, tools,
/// one-off messages). Each forwards to the one `BitStream` definition of the layout, so
/// these cannot drift from what `serialize` produces.
extension BitWriter {
    /// An unsigned integer in the variable-length code (see `VarUInt`).
    @inlinable
    public mutating func writeVarUInt(_ value: UInt64) {
        var value = value
        serializeVarUInt(&value)
    }

    /// A signed integer: ZigZag, then the variable-length code.
    @inlinable
    public mutating func writeVarInt(_ value: Int64) {
        var value = value
        serializeVarInt(&value)
    }

    /// A sequence number or tick as its wrapped distance from `reference`.
    @inlinable
    public mutating func write<T: FixedWidthInteger & UnsignedInteger>(_ value: T, relativeTo reference: T) {
        var value = value
        serialize(&value, relativeTo: reference)
    }

    /// A fixed-point value as its quantized code (clamped into range first).
    @inlinable
    public mutating func write(_ value: Int32, as quantizer: QuantizedRange) {
        var value = value
        serialize(&value, as: quantizer)
    }

    /// A double as its quantized code (clamped into range first).
    @inlinable
    public mutating func write(_ value: Double, as quantizer: QuantizedFloat) {
        var value = value
        serialize(&value, as: quantizer)
    }

    /// An angle in radians as its quantized code (any finite angle; wraps).
    @inlinable
    public mutating func write(radians: Double, as quantizer: QuantizedAngle) {
        var value = radians
        serialize(radians: &value, as: quantizer)
    }

    /// A binary angle (65 536 units per turn) as its quantized code.
    @inlinable
    public mutating func write(binaryAngle: UInt16, as quantizer: QuantizedAngle) {
        var value = binaryAngle
        serialize(binaryAngle: &value, as: quantizer)
    }
}
