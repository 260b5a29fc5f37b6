import Wire

/// Every entity of a world in flat arrays (structure of arrays): ids, kinds and a fixed stride
/// of `FieldTable.maxFields` integer field values per entity, so the per-tick passes (movement,
/// the interest grid, snapshot encoding) walk contiguous memory and never touch an object.
///
/// Slots are dense: despawning moves the last entity into the freed slot. The order is a pure
/// function of the spawn/despawn sequence, which keeps iteration deterministic. Ids only grow.
public struct EntityStore: Sendable {
    public static let stride = FieldTable.maxFields

    public private(set) var ids: [EntityID] = []
    public private(set) var kinds: [UInt8] = []
    /// `values[slot * stride + field]`.
    public private(set) var values: [Int32] = []
    private var slotByID: [EntityID: Int] = [:]
    public private(set) var nextID: EntityID = 1

    public init() {}

    public var count: Int { ids.count }

    /// Adds an entity with the given field values (missing trailing fields are 0) and returns its id.
    @discardableResult
    public mutating func spawn(kind: UInt8, fields: [Int32]) -> EntityID {
        precondition(fields.count <= Self.stride, "at most \(Self.stride) fields")
        let id = nextID
        nextID += 1
        slotByID[id] = ids.count
        ids.append(id)
        kinds.append(kind)
        for index in 0..<Self.stride { values.append(index < fields.count ? fields[index] : 0) }
        return id
    }

    /// Removes an entity; unknown ids are ignored.
    public mutating func despawn(_ id: EntityID) {
        guard let slot = slotByID.removeValue(forKey: id) else { return }
        let last = ids.count - 1
        if slot != last {
            ids[slot] = ids[last]
            kinds[slot] = kinds[last]
            for field in 0..<Self.stride { values[slot * Self.stride + field] = values[last * Self.stride + field] }
            slotByID[ids[slot]] = slot
        }
        ids.removeLast()
        kinds.removeLast()
        values.removeLast(Self.stride)
    }

    public func slot(of id: EntityID) -> Int? { slotByID[id] }

    public func contains(_ id: EntityID) -> Bool { slotByID[id] != nil }

    @inline(__always)
    public subscript(slot: Int, field: Int) -> Int32 {
        get { values[slot &* Self.stride &+ field] }
        set { values[slot &* Self.stride &+ field] = newValue }
    }

    @inline(__always) public func x(at slot: Int) -> Int32 { values[slot &* Self.stride] }
    @inline(__always) public func y(at slot: Int) -> Int32 { values[slot &* Self.stride &+ 1] }

    /// Replaces everything with a copy of `other` (keyframe restore in replays).
    public mutating func restore(from other: EntityStore) { self = other }

    /// Writes `nextID`, the count, then each slot's id, kind and fields, in slot order: the
    /// order is state too (it decides iteration order, hence the future).
    public func save(into writer: inout ByteWriter) {
        writer.u32(nextID)
        writer.varint(UInt64(count))
        for slot in 0..<count {
            writer.u32(ids[slot])
            writer.u8(kinds[slot])
            for field in 0..<Self.stride { writer.i32(values[slot &* Self.stride &+ field]) }
        }
    }

    /// Reads what `save` wrote. Ids must be unique and below `nextID`.
    public static func load(from reader: inout ByteReader, maxEntities: Int = 1 << 20) throws(ByteReadError) -> EntityStore {
        var store = EntityStore()
        store.nextID = try reader.u32()
        let count = try reader.count(atMost: maxEntities, "entity count")
        store.ids.reserveCapacity(count)
        store.kinds.reserveCapacity(count)
        store.values.reserveCapacity(count * Self.stride)
        for slot in 0..<count {
            let at = reader.offset
            let id = try reader.u32()
            guard id != 0, id < store.nextID, store.slotByID[id] == nil else {
                throw ByteReadError(offset: at, "entity id \(id) is repeated, 0 or not below the next id \(store.nextID)")
            }
            store.slotByID[id] = slot
            store.ids.append(id)
            store.kinds.append(try reader.u8())
            for _ in 0..<Self.stride { store.values.append(try reader.i32()) }
        }
        return store
    }
}
