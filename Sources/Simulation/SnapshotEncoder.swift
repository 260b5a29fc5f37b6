import Wire

/// Builds every player's snapshot for one room: one encoder per room, reused every tick.
///
/// Per tick, `beginTick` does the work all players share, once: it quantizes every entity's
/// fields into a flat array of codes and rebuilds the interest grid. Then `encode` runs per
/// player: it selects the entities the player can see, merge-joins them by id with what the
/// player already has (`ViewState`), and writes one snapshot message with three sections —
/// left, entered, changed — plus, when asked, the view hash (layout: `SnapshotHeader`,
/// PROTOCOL.md). A player with an empty `ViewState` gets a full snapshot, which is simply
/// the delta from the empty view.
///
/// **Interest.** A player sees the entities whose raw position (fields 0 and 1) lies in the
/// square of half-side `viewRadius` around its view center: `|x − cx| ≤ r` and
/// `|y − cy| ≤ r`. A square, not a circle, because screens are rectangles and the test is
/// two integer comparisons. A player with no view center sees nothing.
///
/// **Cost.** After warm-up neither call allocates: every buffer (the encoder's and each
/// `ViewState`'s two view buffers) keeps its capacity, and the visible set is sorted in
/// place (`InPlaceSort`). Owned by the room's game thread.
public struct SnapshotEncoder: Sendable {
    static let stride = FieldTable.maxFields

    // Configuration, from the descriptor.
    private var descriptor: GameDescriptor?
    private var fieldCounts: [Int] = []
    /// `ranges[kind * stride + field]`.
    private var ranges: [QuantizedRange] = []
    private var viewRadius: Int64 = 0
    private var grid: SpatialGrid?

    // This tick, per entity slot.
    public private(set) var tick: UInt32 = 0
    private var started = false
    private var ids: [EntityID] = []
    private var kinds: [UInt8] = []
    /// `positions[2 * slot]` is x, `positions[2 * slot + 1]` is y (raw, for interest).
    private var positions: [Int32] = []
    /// `codes[slot * stride + field]`; 0 past the kind's table.
    private var codes: [UInt32] = []

    // Per player, reused.
    /// `id << 32 | slot` of each visible entity, sorted: ascending ids.
    private var visible: [UInt64] = []
    private var diff = SnapshotDiff()

    public init() {}

    /// An encoder already configured for `descriptor`.
    public init(descriptor: GameDescriptor) {
        configure(descriptor)
    }

    // MARK: Per tick

    /// Quantizes every entity of `entities` once and re-indexes them for interest queries.
    /// Call once per tick that publishes snapshots, before the `encode` calls of that tick.
    /// `descriptor` is compared with the previous one and re-read if it changed: for tools and
    /// tests. A server configures the encoder once (`init(descriptor:)`) and calls
    /// `beginTick(entities:tick:)`, which compares nothing.
    public mutating func beginTick(entities store: EntityStore, descriptor: GameDescriptor, tick: UInt32) {
        if self.descriptor != descriptor {
            configure(descriptor)
        }
        beginTick(entities: store, tick: tick)
    }

    /// `beginTick` for an encoder already configured with `init(descriptor:)`.
    public mutating func beginTick(entities store: EntityStore, tick: UInt32) {
        precondition(descriptor != nil, "SnapshotEncoder: configure it with init(descriptor:) first")
        self.tick = tick
        started = true
        ids.removeAll(keepingCapacity: true)
        ids.append(contentsOf: store.ids)
        kinds.removeAll(keepingCapacity: true)
        kinds.append(contentsOf: store.kinds)
        Self.quantize(store, fieldCounts: fieldCounts, ranges: ranges, codes: &codes, positions: &positions)
        grid?.rebuild(from: store)
    }

    private mutating func configure(_ descriptor: GameDescriptor) {
        self.descriptor = descriptor
        let stride = Self.stride
        fieldCounts = descriptor.kinds.map(\.count)
        ranges = []
        for table in descriptor.kinds {
            for field in 0 ..< stride {
                ranges.append(field < table.count ? table.fields[field].range : QuantizedRange(min: 0, max: 0, step: 1))
            }
        }
        viewRadius = Int64(descriptor.viewRadius)
        // Cells about the size of the view radius, so a view touches at most 3×3 cells, but
        // no more than 512 per axis however small the radius is.
        let spanX = Int64(descriptor.worldMaxX) - Int64(descriptor.worldMinX) + 1
        let spanY = Int64(descriptor.worldMaxY) - Int64(descriptor.worldMinY) + 1
        let cell = max(viewRadius, 1, (spanX + 511) / 512, (spanY + 511) / 512)
        grid = SpatialGrid(minX: descriptor.worldMinX, minY: descriptor.worldMinY,
                           maxX: descriptor.worldMaxX, maxY: descriptor.worldMaxY,
                           cellSize: Int32(clamping: cell))
    }

    private static func quantize(_ store: EntityStore, fieldCounts: [Int], ranges: [QuantizedRange],
                                 codes: inout [UInt32], positions: inout [Int32]) {
        let count = store.count
        resize(&codes, to: count * stride)
        resize(&positions, to: count * 2)
        store.values.withUnsafeBufferPointer { values in
            store.kinds.withUnsafeBufferPointer { kinds in
                ranges.withUnsafeBufferPointer { ranges in
                    codes.withUnsafeMutableBufferPointer { codes in
                        positions.withUnsafeMutableBufferPointer { positions in
                            for slot in 0 ..< count {
                                let kind = Int(kinds[slot])
                                precondition(kind < fieldCounts.count, "entity kind \(kind) has no field table")
                                let base = slot &* stride
                                positions[slot &* 2] = values[base]
                                positions[slot &* 2 &+ 1] = values[base &+ 1]
                                let fields = fieldCounts[kind]
                                let rangeBase = kind &* stride
                                for field in 0 ..< stride {
                                    codes[base &+ field] = field < fields
                                        ? ranges[rangeBase &+ field].encode(values[base &+ field]) : 0
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Per player

    /// Writes one snapshot message for the player whose client has `viewer`, appending it
    /// to `writer` (which must be at a byte boundary), and updates `viewer` to what the
    /// client will have once it applies the message.
    ///
    /// - Parameters:
    ///   - center: where the player's view is centred; nil sees nothing.
    ///   - lastInputSequence: the last input applied for this player (0: none yet).
    ///   - includeHash: append the view hash (the server does every K ticks).
    /// - Precondition: `beginTick` ran for a tick newer than `viewer.baselineTick`: at most
    ///   one snapshot per player per tick.
    @discardableResult
    public mutating func encode(
        for viewer: inout ViewState, center: (x: Int32, y: Int32)?, lastInputSequence: UInt32,
        includeHash: Bool, into writer: inout BitWriter
    ) -> SnapshotSummary {
        precondition(started, "SnapshotEncoder: beginTick must come first")
        if let baseline = viewer.baselineTick {
            precondition(SequenceNumber.isNewer(tick, than: baseline), "SnapshotEncoder: one snapshot per player per tick")
        } else {
            viewer.entities.removeAll()
        }
        Self.collectVisible(center: center, radius: viewRadius, grid: grid, ids: ids, positions: positions, into: &visible)
        diff.compute(old: viewer.entities, visible: visible, kinds: kinds, codes: codes,
                     fieldCounts: fieldCounts, next: &viewer.scratch)
        let hash = includeHash ? StateHash.of(viewer.scratch, fieldCounts: fieldCounts) : nil
        var header = SnapshotHeader(tick: tick, baselineTick: viewer.baselineTick, lastInputSequence: lastInputSequence)
        diff.write(header: &header, baselineInputSequence: viewer.lastInputSequence, old: viewer.entities,
                   next: viewer.scratch, ranges: ranges, fieldCounts: fieldCounts, hash: hash, into: &writer)
        swap(&viewer.entities, &viewer.scratch)
        let summary = SnapshotSummary(
            tick: tick, isFull: viewer.baselineTick == nil, visible: viewer.entities.count,
            entered: diff.entered.count, left: diff.left.count, changed: diff.changedNew.count, hash: hash)
        viewer.baselineTick = tick
        viewer.lastInputSequence = lastInputSequence
        return summary
    }

    /// Fills `visible` with `id << 32 | slot` of every entity inside the view square, sorted.
    private static func collectVisible(center: (x: Int32, y: Int32)?, radius: Int64, grid: SpatialGrid?,
                                       ids: [EntityID], positions: [Int32], into visible: inout [UInt64]) {
        visible.removeAll(keepingCapacity: true)
        guard let center, let grid else { return }
        let cx = Int64(center.x)
        let cy = Int64(center.y)
        ids.withUnsafeBufferPointer { ids in
            positions.withUnsafeBufferPointer { positions in
                grid.forEachSlot(minX: Int32(clamping: cx - radius), minY: Int32(clamping: cy - radius),
                                 maxX: Int32(clamping: cx + radius), maxY: Int32(clamping: cy + radius)) { slot in
                    let dx = Int64(positions[slot &* 2]) - cx
                    let dy = Int64(positions[slot &* 2 &+ 1]) - cy
                    if dx >= -radius && dx <= radius && dy >= -radius && dy <= radius {
                        visible.append(UInt64(ids[slot]) << 32 | UInt64(slot))
                    }
                }
            }
        }
        visible.withUnsafeMutableBufferPointer { InPlaceSort.sort($0) }
    }

    /// Grows or shrinks `array` to `count` elements without giving capacity back.
    private static func resize<T: FixedWidthInteger>(_ array: inout [T], to count: Int) {
        if array.count < count {
            array.append(contentsOf: repeatElement(0, count: count - array.count))
        } else if array.count > count {
            array.removeLast(array.count - count)
        }
    }
}

/// What one `encode` produced, for metrics and tests.
public struct SnapshotSummary: Hashable, Sendable {
    public var tick: UInt32
    /// True when the snapshot had no baseline (the player's first, or after `ViewState.reset`).
    public var isFull: Bool
    /// Entities in the player's view after this snapshot.
    public var visible: Int
    public var entered: Int
    public var left: Int
    public var changed: Int
    /// The view hash, if the snapshot carries one.
    public var hash: UInt32?
}
