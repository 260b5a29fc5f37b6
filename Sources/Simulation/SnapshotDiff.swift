import Wire

/// One player's snapshot as three lists — left, entered, changed — worked out by
/// merge-joining the player's previous view with its new visible set (both in ascending id
/// order, ioquake3's `SV_EmitPacketEntities`), then written out. Part of `SnapshotEncoder`;
/// its arrays are scratch space reused for every player.
struct SnapshotDiff: Sendable {
    static let stride = QuantizedView.stride

    /// Ids in the old view but not the new, ascending.
    private(set) var left: [EntityID] = []
    /// Indexes into the new view of entities the old one lacks, ascending.
    private(set) var entered: [Int32] = []
    /// Entities in both views whose codes differ: index in the new view, index in the old
    /// view, and which fields changed (bit `f` = field `f`).
    private(set) var changedNew: [Int32] = []
    private(set) var changedOld: [Int32] = []
    private(set) var changedMask: [UInt8] = []

    /// Fills the three lists and `next`, the view the client will have: every visible
    /// entity, with this tick's codes.
    mutating func compute(old: QuantizedView, visible: [UInt64], kinds: [UInt8], codes: [UInt32],
                          fieldCounts: [Int], next: inout QuantizedView) {
        left.removeAll(keepingCapacity: true)
        entered.removeAll(keepingCapacity: true)
        changedNew.removeAll(keepingCapacity: true)
        changedOld.removeAll(keepingCapacity: true)
        changedMask.removeAll(keepingCapacity: true)
        next.removeAll()
        next.reserveCapacity(visible.count)
        let stride = Self.stride
        let oldCount = old.count
        let newCount = visible.count
        var i = 0
        var j = 0
        codes.withUnsafeBufferPointer { codes in
            old.codes.withUnsafeBufferPointer { oldCodes in
                while i < oldCount || j < newCount {
                    let newID = j < newCount ? EntityID(truncatingIfNeeded: visible[j] >> 32) : 0
                    if j == newCount || (i < oldCount && old.ids[i] < newID) {
                        left.append(old.ids[i])
                        i &+= 1
                        continue
                    }
                    let slot = Int(truncatingIfNeeded: visible[j] & 0xFFFF_FFFF)
                    let kind = kinds[slot]
                    let base = slot &* stride
                    next.append(id: newID, kind: kind, codes: codes, offset: base)
                    if i == oldCount || newID < old.ids[i] {
                        entered.append(Int32(truncatingIfNeeded: j))
                    } else {
                        // Same id, hence same kind: kinds never change.
                        let oldBase = i &* stride
                        var mask: UInt8 = 0
                        for field in 0 ..< fieldCounts[Int(kind)] where codes[base &+ field] != oldCodes[oldBase &+ field] {
                            mask |= 1 << UInt8(field)
                        }
                        if mask != 0 {
                            changedNew.append(Int32(truncatingIfNeeded: j))
                            changedOld.append(Int32(truncatingIfNeeded: i))
                            changedMask.append(mask)
                        }
                        i &+= 1
                    }
                    j &+= 1
                }
            }
        }
    }

    /// Writes the snapshot message: type byte, header, the three sections, the optional
    /// hash, padding (PROTOCOL.md, "Snapshot").
    func write(header: inout SnapshotHeader, baselineInputSequence: UInt32, old: QuantizedView,
               next: QuantizedView, ranges: [QuantizedRange], fieldCounts: [Int], hash: UInt32?,
               into writer: inout BitWriter) {
        precondition(writer.bitCount & 7 == 0, "a message must start on a byte boundary")
        let stride = Self.stride
        writer.write(UInt32(MessageType.snapshot.rawValue), bits: 8)
        header.serialize(&writer, baselineInputSequence: baselineInputSequence)

        writer.writeVarUInt(UInt64(left.count))
        var previous: EntityID? = nil
        for id in left {
            var id = id
            writer.serializeEntityID(&id, after: previous)
            previous = id
        }

        writer.writeVarUInt(UInt64(entered.count))
        previous = nil
        let lastKind = fieldCounts.count - 1
        for entry in entered {
            let index = Int(entry)
            var id = next.ids[index]
            writer.serializeEntityID(&id, after: previous)
            previous = id
            let kind = Int(next.kinds[index])
            writer.write(kind, min: 0, max: lastKind)
            for field in 0 ..< fieldCounts[kind] {
                var code = next.code(at: index, field: field)
                writer.serializeCode(&code, range: ranges[kind &* stride &+ field])
            }
        }

        writer.writeVarUInt(UInt64(changedNew.count))
        previous = nil
        for entry in changedNew.indices {
            let index = Int(changedNew[entry])
            let oldIndex = Int(changedOld[entry])
            let mask = changedMask[entry]
            var id = next.ids[index]
            writer.serializeEntityID(&id, after: previous)
            previous = id
            let kind = Int(next.kinds[index])
            let fields = fieldCounts[kind]
            writer.write(UInt32(mask), bits: fields)
            for field in 0 ..< fields where mask & (1 << UInt8(field)) != 0 {
                var code = next.code(at: index, field: field)
                writer.serializeChangedCode(&code, old: old.code(at: oldIndex, field: field),
                                            range: ranges[kind &* stride &+ field])
            }
        }

        writer.writeBool(hash != nil)
        if let hash {
            writer.write(hash, bits: 32)
        }
        writer.alignToByte()
    }
}
