import Wire
@testable import Simulation

/// Writes snapshot messages by hand, field by field, with the Wire layout helpers: for
/// snapshots the encoder would never produce (the reconstructor's rejection paths) and for
/// checking the encoder's bytes against an independent spelling of the layout.
struct SnapshotBuilder {
    struct Changed {
        var id: EntityID
        /// The entity's kind, which the receiver knows from its view (never sent here).
        var kind: UInt8
        var mask: UInt32
        /// (new, old) per set bit, in field order.
        var codes: [(new: UInt32, old: UInt32)]
    }

    var tick: UInt32
    var baselineTick: UInt32?
    var lastInputSequence: UInt32 = 0
    var baselineInputSequence: UInt32 = 0
    var left: [EntityID] = []
    var entered: [(id: EntityID, kind: UInt8, codes: [UInt32])] = []
    var changed: [Changed] = []
    /// Non-nil: write the changed section as a bitmap over these ids (the baseline's
    /// entities that did not leave, ascending); `changed` must name only some of them.
    /// Nil: write it as a list.
    var survivors: [EntityID]?
    var hash: UInt32?
    var descriptor = TestGame.descriptor

    var bytes: [UInt8] {
        var writer = BitWriter()
        writer.write(UInt32(MessageType.snapshot.rawValue), bits: 8)
        var header = SnapshotHeader(tick: tick, baselineTick: baselineTick, lastInputSequence: lastInputSequence)
        header.serialize(&writer, baselineInputSequence: baselineInputSequence)
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
        for entity in entered {
            var id = entity.id
            writer.serializeEntityID(&id, after: previous)
            previous = id
            writer.write(Int(entity.kind), min: 0, max: descriptor.kinds.count - 1)
            for (field, code) in entity.codes.enumerated() {
                var code = code
                writer.serializeCode(&code, range: descriptor.kinds[Int(entity.kind)].fields[field].range)
            }
        }
        func writeChange(_ entry: Changed) {
            let table = descriptor.kinds[Int(entry.kind)]
            writer.write(entry.mask, bits: table.count)
            var next = 0
            for field in 0 ..< table.count where entry.mask & (1 << UInt32(field)) != 0 {
                var code = entry.codes[next].new
                writer.serializeChangedCode(&code, old: entry.codes[next].old, range: table.fields[field].range)
                next += 1
            }
        }
        writer.writeBool(survivors != nil)
        if let survivors {
            for id in survivors {
                let entry = changed.first { $0.id == id }
                writer.writeBool(entry != nil)
                if let entry { writeChange(entry) }
            }
        } else {
            writer.writeVarUInt(UInt64(changed.count))
            previous = nil
            for entry in changed {
                var id = entry.id
                writer.serializeEntityID(&id, after: previous)
                previous = id
                writeChange(entry)
            }
        }
        writer.writeBool(hash != nil)
        if let hash { writer.write(hash, bits: 32) }
        return writer.finish()
    }
}
