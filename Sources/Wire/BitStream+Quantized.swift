/// Quantized fields: the declared quantizer turns the value into a code, the code goes
/// on the wire, and the reader turns it back. On writing the `inout` value is left as is
/// (not replaced by its quantized form): use the quantizer's `quantize` to get what the
/// receiver will see.
extension BitStream {
    /// A fixed-point integer as its `QuantizedRange` code (a ranged integer
    /// `0...maxCode`, so a reader rejects codes above it).
    @inlinable
    public mutating func serialize(_ value: inout Int32, as quantizer: QuantizedRange) throws(Failure) {
        var code = isReading ? 0 : Int(quantizer.encode(value))
        try serialize(&code, min: 0, max: Int(quantizer.maxCode))
        if isReading {
            value = quantizer.decode(UInt32(truncatingIfNeeded: code))
        }
    }

    /// A double as its `QuantizedFloat` code in `bits` bits (every code is valid).
    @inlinable
    public mutating func serialize(_ value: inout Double, as quantizer: QuantizedFloat) throws(Failure) {
        var code = isReading ? 0 : quantizer.encode(value)
        try serialize(&code, bits: quantizer.bits)
        if isReading {
            value = quantizer.decode(code)
        }
    }

    /// An angle in radians as its `QuantizedAngle` code; decodes into `0 ..< 2π`.
    @inlinable
    public mutating func serialize(radians value: inout Double, as quantizer: QuantizedAngle) throws(Failure) {
        var code = isReading ? 0 : quantizer.encode(radians: value)
        try serialize(&code, bits: quantizer.bits)
        if isReading {
            value = quantizer.decodeRadians(code)
        }
    }

    /// A binary angle (65 536 units per turn) as its `QuantizedAngle` code.
    @inlinable
    public mutating func serialize(binaryAngle value: inout UInt16, as quantizer: QuantizedAngle) throws(Failure) {
        var code = isReading ? 0 : quantizer.encode(binaryAngle: value)
        try serialize(&code, bits: quantizer.bits)
        if isReading {
            value = quantizer.decodeBinaryAngle(code)
        }
    }
}
