import Wire

/// The client side of snapshots: applies a welcome and then every snapshot, in order, and
/// keeps the world they describe (id → kind, codes, decoded values). Used by bots and tests;
/// `web/wire/snapshot.js` is its JS mirror, and both are checked against the same vectors.
///
/// It trusts nothing: every snapshot must be a delta from exactly the last one applied (or
/// full), name only entities the view holds (or, when entering, does not hold), and decode
/// strictly; anything else throws `SnapshotError` and leaves the view as it was. When a
/// snapshot carries a view hash, the rebuilt view is hashed and compared: a mismatch is
/// never ignored but counted (`hashMismatches`, `lastMismatchTick`) and returned in the
/// result, for the bot to report.
public struct ViewReconstructor: Sendable {
    static let stride = QuantizedView.stride

    /// The welcome applied, nil before it.
    public private(set) var welcome: WelcomeMessage?
    /// The game, rebuilt from the welcome's schema.
    public private(set) var descriptor: GameDescriptor?
    /// The entities in view, with the codes received.
    public private(set) var view = QuantizedView()
    /// Decoded field values, parallel to `view`: `values[index * stride + field]`.
    public private(set) var values: [Int32] = []
    /// The tick of the last snapshot applied.
    public private(set) var tick: UInt32?
    /// From the last snapshot: the server's last applied input of this player.
    public private(set) var lastInputSequence: UInt32 = 0
    public private(set) var snapshotsApplied = 0
    public private(set) var hashesChecked = 0
    public private(set) var hashMismatches = 0
    public private(set) var lastMismatchTick: UInt32?

    private var fieldCounts: [Int] = []
    /// `ranges[kind * stride + field]`.
    private var ranges: [QuantizedRange] = []
    // Scratch, reused for every snapshot.
    private var next = QuantizedView()
    private var nextValues: [Int32] = []
    private var leftIDs: [EntityID] = []
    private var entered = QuantizedView()
    private var changedIndexes: [Int] = []
    private var changedCodes: [UInt32] = []

    public init() {}

    // MARK: Applying

    /// Starts over with a new welcome: the view is emptied and the next snapshot must be full.
    public mutating func apply(welcome: WelcomeMessage) {
        self.welcome = welcome
        let descriptor = welcome.game
        self.descriptor = descriptor
        fieldCounts = descriptor.kinds.map(\.count)
        ranges = []
        for table in descriptor.kinds {
            for field in 0 ..< Self.stride {
                ranges.append(field < table.count ? table.fields[field].range : QuantizedRange(min: 0, max: 0, step: 1))
            }
        }
        view.removeAll()
        values.removeAll(keepingCapacity: true)
        tick = nil
        lastInputSequence = 0
    }

    /// Decodes and applies a welcome message.
    public mutating func apply(welcome bytes: [UInt8]) throws(WireError) {
        apply(welcome: try WelcomeMessage.decode(bytes))
    }

    /// `apply(snapshot:)` for an array.
    @discardableResult
    public mutating func apply(snapshot bytes: [UInt8]) throws(SnapshotError) -> SnapshotResult {
        let result: Result<SnapshotResult, SnapshotError> = bytes.withUnsafeBytes { raw in
            do throws(SnapshotError) { return .success(try apply(snapshot: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes a snapshot message (type byte included), checks it against the view, and
    /// applies it. On error nothing changes.
    @discardableResult
    public mutating func apply(snapshot bytes: UnsafeRawBufferPointer) throws(SnapshotError) -> SnapshotResult {
        guard welcome != nil else { throw .notWelcomed }
        var reader = SnapshotReader(bytes)
        let header = try reader.header(baselineInputSequence: lastInputSequence, receiverTick: tick)
        if let baseline = header.baselineTick, baseline != tick {
            throw .baselineMismatch(expected: tick, received: baseline)
        }
        // A full snapshot is a delta from the empty view, whatever the client had.
        let old = header.baselineTick == nil ? QuantizedView() : view
        try readLeft(&reader, old: old)
        try readEntered(&reader, old: old)
        try readChanged(&reader, old: old)
        var hash: UInt32? = nil
        if try reader.bits(1) == 1 {
            hash = try reader.bits(32)
        }
        try reader.finish()

        merge(old: old)
        swap(&view, &next)
        swap(&values, &nextValues)
        tick = header.tick
        lastInputSequence = header.lastInputSequence
        snapshotsApplied += 1
        var matched: Bool? = nil
        if let hash {
            hashesChecked += 1
            matched = StateHash.of(view, fieldCounts: fieldCounts) == hash
            if matched == false {
                hashMismatches += 1
                lastMismatchTick = header.tick
            }
        }
        return SnapshotResult(header: header, entered: entered.count, left: leftIDs.count,
                              changed: changedIndexes.count, hash: hash, hashMatched: matched)
    }

    // MARK: Reading the sections

    private mutating func readLeft(_ reader: inout SnapshotReader, old: QuantizedView) throws(SnapshotError) {
        leftIDs.removeAll(keepingCapacity: true)
        var previous: EntityID? = nil
        var cursor = 0
        for _ in 0 ..< (try reader.sectionCount()) {
            let id = try reader.entityID(after: previous)
            previous = id
            while cursor < old.count && old.ids[cursor] < id { cursor += 1 }
            guard cursor < old.count && old.ids[cursor] == id else { throw .unknownEntity(id) }
            leftIDs.append(id)
        }
    }

    private mutating func readEntered(_ reader: inout SnapshotReader, old: QuantizedView) throws(SnapshotError) {
        entered.removeAll()
        var previous: EntityID? = nil
        var cursor = 0
        var codes = [UInt32](repeating: 0, count: Self.stride)
        for _ in 0 ..< (try reader.sectionCount()) {
            let id = try reader.entityID(after: previous)
            previous = id
            while cursor < old.count && old.ids[cursor] < id { cursor += 1 }
            if cursor < old.count && old.ids[cursor] == id { throw .duplicateEntity(id) }
            let kind = try reader.kind(count: fieldCounts.count)
            for field in 0 ..< Self.stride {
                codes[field] = 0
                if field < fieldCounts[Int(kind)] {
                    codes[field] = try reader.code(ranges[Int(kind) * Self.stride + field])
                }
            }
            entered.append(id: id, kind: kind, codes: codes, offset: 0)
        }
    }

    /// The changed section: a flag, then either a list (count, then per entity its id gap
    /// and entry) or a bitmap (per survivor of `old`, in id order, a bit; 1 = its entry
    /// follows).
    private mutating func readChanged(_ reader: inout SnapshotReader, old: QuantizedView) throws(SnapshotError) {
        changedIndexes.removeAll(keepingCapacity: true)
        changedCodes.removeAll(keepingCapacity: true)
        if try reader.bits(1) == 1 {
            var leftCursor = 0
            for cursor in 0 ..< old.count {
                if leftCursor < leftIDs.count && leftIDs[leftCursor] == old.ids[cursor] {
                    leftCursor += 1
                    continue
                }
                if try reader.bits(1) == 1 {
                    try readChange(&reader, old: old, at: cursor)
                }
            }
            return
        }
        var previous: EntityID? = nil
        var cursor = 0
        var leftCursor = 0
        for _ in 0 ..< (try reader.count()) {
            let id = try reader.entityID(after: previous)
            previous = id
            while cursor < old.count && old.ids[cursor] < id { cursor += 1 }
            guard cursor < old.count && old.ids[cursor] == id else { throw .unknownEntity(id) }
            while leftCursor < leftIDs.count && leftIDs[leftCursor] < id { leftCursor += 1 }
            if leftCursor < leftIDs.count && leftIDs[leftCursor] == id { throw .duplicateEntity(id) }
            try readChange(&reader, old: old, at: cursor)
        }
    }

    /// One changed entity's mask and codes; `cursor` is its index in `old`.
    private mutating func readChange(_ reader: inout SnapshotReader, old: QuantizedView, at cursor: Int) throws(SnapshotError) {
        let id = old.ids[cursor]
        let kind = Int(old.kinds[cursor])
        let fields = fieldCounts[kind]
        let mask = try reader.bits(fields)
        guard mask != 0 else { throw .emptyChangeMask(id) }
        for field in 0 ..< Self.stride {
            let oldCode = old.code(at: cursor, field: field)
            guard field < fields && mask & (1 << UInt32(field)) != 0 else {
                changedCodes.append(oldCode)
                continue
            }
            let code = try reader.changedCode(old: oldCode, ranges[kind * Self.stride + field])
            guard code != oldCode else { throw .unchangedField(id, field: field) }
            changedCodes.append(code)
        }
        changedIndexes.append(cursor)
    }

    /// Builds `next` (and `nextValues`): `old` without the left entities, with the changed
    /// codes, merged by id with the entered ones.
    private mutating func merge(old: QuantizedView) {
        next.removeAll()
        next.reserveCapacity(old.count + entered.count)
        var i = 0, e = 0, l = 0, c = 0
        while i < old.count || e < entered.count {
            if e < entered.count && (i == old.count || entered.ids[e] < old.ids[i]) {
                next.append(from: entered, at: e)
                e += 1
                continue
            }
            let id = old.ids[i]
            if l < leftIDs.count && leftIDs[l] == id {
                l += 1
            } else if c < changedIndexes.count && changedIndexes[c] == i {
                next.append(id: id, kind: old.kinds[i], codes: changedCodes, offset: c * Self.stride)
                c += 1
            } else {
                next.append(from: old, at: i)
            }
            i += 1
        }
        nextValues.removeAll(keepingCapacity: true)
        for index in 0 ..< next.count {
            let kind = Int(next.kinds[index])
            for field in 0 ..< Self.stride {
                nextValues.append(field < fieldCounts[kind]
                    ? ranges[kind * Self.stride + field].decode(next.code(at: index, field: field)) : 0)
            }
        }
    }

    /// Test hook: flips the low bit of one field code of `id`, as a corrupted snapshot would,
    /// so that the next view hash must mismatch. Returns false if `id` is not in view.
    @discardableResult
    public mutating func corruptCodeForTesting(entity id: EntityID, field: Int) -> Bool {
        guard let index = view.index(of: id), field >= 0, field < Self.stride else { return false }
        view.flipLowBit(at: index, field: field)
        return true
    }

    // MARK: Reading the world

    /// The view hash of what this client holds now.
    public var viewHash: UInt32 {
        StateHash.of(view, fieldCounts: fieldCounts)
    }

    /// One entity of the view, copied out.
    public struct Entity: Hashable, Sendable {
        public var id: EntityID
        public var kind: UInt8
        /// One per field of the kind's table.
        public var codes: [UInt32]
        public var values: [Int32]
    }

    public func entity(_ id: EntityID) -> Entity? {
        guard let index = view.index(of: id) else { return nil }
        let fields = fieldCounts[Int(view.kinds[index])]
        let base = index * Self.stride
        return Entity(id: id, kind: view.kinds[index], codes: view.codes(at: index, fieldCount: fields),
                      values: Array(values[base ..< base + fields]))
    }

    /// A decoded field value, or nil if the entity is not in view.
    public func value(of id: EntityID, field: Int) -> Int32? {
        view.index(of: id).map { values[$0 * Self.stride + field] }
    }
}

/// What applying one snapshot did.
public struct SnapshotResult: Hashable, Sendable {
    public var header: SnapshotHeader
    public var entered: Int
    public var left: Int
    public var changed: Int
    /// The view hash the snapshot carried, if any.
    public var hash: UInt32?
    /// Whether the rebuilt view hashed to it; nil when there was no hash.
    public var hashMatched: Bool?
}
