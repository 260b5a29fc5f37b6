import Wire

/// One player's snapshot as three lists — left, entered, changed — worked out by
/// merge-joining the player's previous view with its new visible set (both in ascending id
/// order, ioquake3's `SV_EmitPacketEntities`), then written out. Part of `SnapshotEncoder`;
/// its arrays are scratch space reused for every player.
///
/// Both passes run over raw buffers (the arrays are sized once per call, never appended to
/// per entity): this is the per-player inner loop of every tick.
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
        let stride = Self.stride
        let oldCount = old.count
        let newCount = visible.count
        // Upper bounds first; trimmed to the real counts at the end.
        left.resize(to: oldCount)
        entered.resize(to: newCount)
        let maxChanged = Swift.min(oldCount, newCount)
        changedNew.resize(to: maxChanged)
        changedOld.resize(to: maxChanged)
        changedMask.resize(to: maxChanged)
        var leftCount = 0
        var enteredCount = 0
        var changedCount = 0
        next.withResized(to: newCount) { nextIDs, nextKinds, nextCodes in
        visible.withUnsafeBufferPointer { visible in
        kinds.withUnsafeBufferPointer { kinds in
        codes.withUnsafeBufferPointer { codes in
        fieldCounts.withUnsafeBufferPointer { fieldCounts in
        old.ids.withUnsafeBufferPointer { oldIDs in
        old.codes.withUnsafeBufferPointer { oldCodes in
        left.withUnsafeMutableBufferPointer { left in
        entered.withUnsafeMutableBufferPointer { entered in
        changedNew.withUnsafeMutableBufferPointer { changedNew in
        changedOld.withUnsafeMutableBufferPointer { changedOld in
        changedMask.withUnsafeMutableBufferPointer { changedMask in
            var i = 0
            for j in 0 ..< newCount {
                let entry = visible[j]
                let newID = EntityID(truncatingIfNeeded: entry >> 32)
                while i < oldCount && oldIDs[i] < newID {
                    left[leftCount] = oldIDs[i]
                    leftCount &+= 1
                    i &+= 1
                }
                let slot = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
                let kind = kinds[slot]
                let base = slot &* stride
                let target = j &* stride
                nextIDs[j] = newID
                nextKinds[j] = kind
                for field in 0 ..< stride {
                    nextCodes[target &+ field] = codes[base &+ field]
                }
                if i < oldCount && oldIDs[i] == newID {
                    // Same id, hence same kind: kinds never change.
                    let oldBase = i &* stride
                    var mask: UInt8 = 0
                    for field in 0 ..< fieldCounts[Int(kind)] where codes[base &+ field] != oldCodes[oldBase &+ field] {
                        mask |= 1 &<< UInt8(truncatingIfNeeded: field)
                    }
                    if mask != 0 {
                        changedNew[changedCount] = Int32(truncatingIfNeeded: j)
                        changedOld[changedCount] = Int32(truncatingIfNeeded: i)
                        changedMask[changedCount] = mask
                        changedCount &+= 1
                    }
                    i &+= 1
                } else {
                    entered[enteredCount] = Int32(truncatingIfNeeded: j)
                    enteredCount &+= 1
                }
            }
            while i < oldCount {
                left[leftCount] = oldIDs[i]
                leftCount &+= 1
                i &+= 1
            }
        }}}}}}}}}}}}
        left.resize(to: leftCount)
        entered.resize(to: enteredCount)
        changedNew.resize(to: changedCount)
        changedOld.resize(to: changedCount)
        changedMask.resize(to: changedCount)
    }

    /// Writes the snapshot message: type byte, header, the three sections, the optional
    /// hash, padding (PROTOCOL.md, "Snapshot").
    func write(header: inout SnapshotHeader, baselineInputSequence: UInt32, old: QuantizedView,
               next: QuantizedView, ranges: [QuantizedRange], fieldCounts: [Int], hash: UInt32?,
               into writer: inout BitWriter) {
        precondition(writer.bitCount & 7 == 0, "a message must start on a byte boundary")
        writer.write(UInt32(MessageType.snapshot.rawValue), bits: 8)
        header.serialize(&writer, baselineInputSequence: baselineInputSequence)
        next.ids.withUnsafeBufferPointer { nextIDs in
        next.kinds.withUnsafeBufferPointer { nextKinds in
        next.codes.withUnsafeBufferPointer { nextCodes in
        old.codes.withUnsafeBufferPointer { oldCodes in
        ranges.withUnsafeBufferPointer { ranges in
        fieldCounts.withUnsafeBufferPointer { fieldCounts in
            Self.writeSections(left: left, entered: entered, changedNew: changedNew, changedOld: changedOld,
                               changedMask: changedMask, nextIDs: nextIDs, nextKinds: nextKinds,
                               nextCodes: nextCodes, oldCodes: oldCodes, ranges: ranges,
                               fieldCounts: fieldCounts, into: &writer)
        }}}}}}
        writer.writeBool(hash != nil)
        if let hash {
            writer.write(hash, bits: 32)
        }
        writer.alignToByte()
    }

    @inline(__always)
    private static func writeSections(
        left: [EntityID], entered: [Int32], changedNew: [Int32], changedOld: [Int32], changedMask: [UInt8],
        nextIDs: UnsafeBufferPointer<EntityID>, nextKinds: UnsafeBufferPointer<UInt8>,
        nextCodes: UnsafeBufferPointer<UInt32>, oldCodes: UnsafeBufferPointer<UInt32>,
        ranges: UnsafeBufferPointer<QuantizedRange>, fieldCounts: UnsafeBufferPointer<Int>,
        into writer: inout BitWriter
    ) {
        let stride = Self.stride
        var count = UInt32(left.count)
        writer.serializeSectionCount(&count)
        var previous: EntityID? = nil
        for id in left {
            var id = id
            writer.serializeEntityID(&id, after: previous)
            previous = id
        }

        count = UInt32(entered.count)
        writer.serializeSectionCount(&count)
        previous = nil
        let lastKind = fieldCounts.count - 1
        for entry in entered {
            let index = Int(entry)
            var id = nextIDs[index]
            writer.serializeEntityID(&id, after: previous)
            previous = id
            let kind = Int(nextKinds[index])
            writer.write(kind, min: 0, max: lastKind)
            let base = index &* stride
            let rangeBase = kind &* stride
            for field in 0 ..< fieldCounts[kind] {
                var code = nextCodes[base &+ field]
                writer.serializeCode(&code, range: ranges[rangeBase &+ field])
            }
        }

        /// One changed entity's mask and codes (its id is the caller's).
        func writeChange(_ entry: Int) {
            let index = Int(changedNew[entry])
            let oldBase = Int(changedOld[entry]) &* stride
            let mask = changedMask[entry]
            let kind = Int(nextKinds[index])
            let fields = fieldCounts[kind]
            writer.write(UInt32(mask), bits: fields)
            let base = index &* stride
            let rangeBase = kind &* stride
            var remaining = mask
            while remaining != 0 {
                let field = remaining.trailingZeroBitCount
                remaining &= remaining &- 1
                var code = nextCodes[base &+ field]
                writer.serializeChangedCode(&code, old: oldCodes[oldBase &+ field], range: ranges[rangeBase &+ field])
            }
        }

        // Changed: a list (count, id gaps) or a bitmap over the survivors, whichever is
        // shorter. The survivors are the new view's entities that did not enter.
        let survivors = nextIDs.count - entered.count
        var listBits = VarUInt.bitCount(of: UInt64(changedNew.count))
        previous = nil
        for entry in changedNew {
            let id = nextIDs[Int(entry)]
            let base: UInt64 = previous.map { UInt64($0) + 1 } ?? 0
            listBits &+= VarUInt.bitCount(of: UInt64(id) - base)
            previous = id
        }
        let coding = SnapshotHeader.ChangedCoding.cheaper(survivors: survivors, listBits: listBits)
        writer.writeBool(coding.flag)
        switch coding {
        case .list:
            writer.writeVarUInt(UInt64(changedNew.count))
            previous = nil
            for entry in changedNew.indices {
                var id = nextIDs[Int(changedNew[entry])]
                writer.serializeEntityID(&id, after: previous)
                previous = id
                writeChange(entry)
            }
        case .bitmap:
            var nextEntered = 0
            var nextChanged = 0
            for index in 0 ..< nextIDs.count {
                if nextEntered < entered.count && Int(entered[nextEntered]) == index {
                    nextEntered &+= 1
                    continue
                }
                let isChanged = nextChanged < changedNew.count && Int(changedNew[nextChanged]) == index
                writer.writeBool(isChanged)
                if isChanged {
                    writeChange(nextChanged)
                    nextChanged &+= 1
                }
            }
        }
    }
}
