import Wire

/// A `BitReader` whose reads throw `SnapshotError.wire`, so `ViewReconstructor` can mix
/// bit-level reads with its checks against the view under one error type. Each read is the
/// `BitStream` definition of the field (`SnapshotHeader`), nothing re-implemented.
struct SnapshotReader {
    private var reader: BitReader

    init(_ bytes: UnsafeRawBufferPointer) {
        reader = BitReader(bytes)
    }

    mutating func header(baselineInputSequence: UInt32, receiverTick: UInt32?) throws(SnapshotError) -> SnapshotHeader {
        do throws(WireError) {
            try reader.expectMessageType(.snapshot)
            var header = SnapshotHeader(tick: 0, baselineTick: nil, lastInputSequence: 0)
            try header.serialize(&reader, baselineInputSequence: baselineInputSequence, receiverTick: receiverTick)
            return header
        } catch {
            throw .wire(error)
        }
    }

    /// A left or entered section's entry count (empty flag, then `count − 1`).
    mutating func sectionCount() throws(SnapshotError) -> UInt32 {
        do throws(WireError) {
            var count: UInt32 = 0
            try reader.serializeSectionCount(&count)
            return count
        } catch {
            throw .wire(error)
        }
    }

    /// The changed section's entry count, in its list coding.
    mutating func count() throws(SnapshotError) -> UInt32 {
        do throws(WireError) {
            var count: UInt32 = 0
            try reader.serializeVarUInt(&count)
            return count
        } catch {
            throw .wire(error)
        }
    }

    mutating func entityID(after previous: EntityID?) throws(SnapshotError) -> EntityID {
        do throws(WireError) {
            var id: EntityID = 0
            try reader.serializeEntityID(&id, after: previous)
            return id
        } catch {
            throw .wire(error)
        }
    }

    mutating func kind(count: Int) throws(SnapshotError) -> UInt8 {
        do throws(WireError) {
            return UInt8(truncatingIfNeeded: try reader.read(min: 0, max: count - 1))
        } catch {
            throw .wire(error)
        }
    }

    mutating func code(_ range: QuantizedRange) throws(SnapshotError) -> UInt32 {
        do throws(WireError) {
            var code: UInt32 = 0
            try reader.serializeCode(&code, range: range)
            return code
        } catch {
            throw .wire(error)
        }
    }

    mutating func changedCode(old: UInt32, _ range: QuantizedRange) throws(SnapshotError) -> UInt32 {
        do throws(WireError) {
            var code: UInt32 = 0
            try reader.serializeChangedCode(&code, old: old, range: range)
            return code
        } catch {
            throw .wire(error)
        }
    }

    mutating func bits(_ count: Int) throws(SnapshotError) -> UInt32 {
        do throws(WireError) {
            return try reader.readUInt32(bits: count)
        } catch {
            throw .wire(error)
        }
    }

    mutating func finish() throws(SnapshotError) {
        do throws(WireError) {
            try reader.finish()
        } catch {
            throw .wire(error)
        }
    }
}
