/// A uniform grid over the world that answers "which entities might be inside this
/// rectangle?" without looking at every entity: interest management asks it for each
/// player's view, and games (Arena's projectiles) ask it for collision candidates.
///
/// It is rebuilt from scratch every tick rather than updated incrementally: with most
/// entities moving every tick, a counting sort over all of them (count per cell, prefix
/// sum, scatter) is O(n + cells), touches only flat `Int32` arrays and, once the arrays
/// have grown to the largest entity count seen, allocates nothing.
///
/// Queries are conservative: `forEachSlot` visits every slot in every cell the rectangle
/// overlaps, so callers test positions exactly themselves. Positions outside the world are
/// clamped into the edge cells (and so are query rectangles), which keeps a stray entity
/// findable rather than silently lost.
///
/// The visiting order is deterministic (cells row by row, and within a cell in ascending
/// slot order), so simulation code may depend on it.
///
/// Slots are `EntityStore` slots as of the last `rebuild`; spawning or despawning afterwards
/// makes them stale until the next rebuild.
public struct SpatialGrid: Sendable {
    public let minX: Int32, minY: Int32, maxX: Int32, maxY: Int32
    public let cellSize: Int32
    /// Cells per row and per column.
    public let columns: Int, rows: Int

    /// `cellStart[c] ..< cellStart[c + 1]` is the range of `sortedSlots` holding cell `c`.
    /// Length `columns * rows + 1`.
    private var cellStart: [Int32]
    /// Entity slots grouped by cell (the counting sort's output).
    private var sortedSlots: [Int32] = []
    /// Each slot's cell, computed once per rebuild and reused by the scatter pass.
    private var cellOfSlot: [Int32] = []
    /// Number of slots indexed by the last rebuild.
    public private(set) var count = 0

    /// A grid covering `minX...maxX` × `minY...maxY` (inclusive, simulation units) with square
    /// cells of side `cellSize`. Choose the cell size near the typical query's half-size: much
    /// smaller multiplies the cells a query walks, much larger the candidates it filters.
    public init(minX: Int32, minY: Int32, maxX: Int32, maxY: Int32, cellSize: Int32) {
        precondition(minX <= maxX && minY <= maxY, "SpatialGrid: empty world")
        precondition(cellSize > 0, "SpatialGrid: cellSize must be positive")
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
        self.cellSize = cellSize
        // Inclusive extent: a world 0...4095 with 1024-unit cells has 4 columns.
        columns = Int((Int64(maxX) - Int64(minX)) / Int64(cellSize)) + 1
        rows = Int((Int64(maxY) - Int64(minY)) / Int64(cellSize)) + 1
        precondition(columns * rows <= 1 << 24, "SpatialGrid: too many cells; use a larger cellSize")
        cellStart = Array(repeating: 0, count: columns * rows + 1)
    }

    public var cellCount: Int { columns * rows }

    /// The column holding `x`, clamped to the grid.
    @inline(__always)
    public func column(of x: Int32) -> Int {
        Self.cellIndex(x, min: minX, max: maxX, cellSize: cellSize)
    }

    /// The row holding `y`, clamped to the grid.
    @inline(__always)
    public func row(of y: Int32) -> Int {
        Self.cellIndex(y, min: minY, max: maxY, cellSize: cellSize)
    }

    @inline(__always)
    private static func cellIndex(_ value: Int32, min: Int32, max: Int32, cellSize: Int32) -> Int {
        let clamped = Swift.min(Swift.max(value, min), max)
        // Both operands are non-negative and fit in 32 bits after widening: no overflow.
        return Int((Int64(clamped) - Int64(min)) / Int64(cellSize))
    }

    /// Re-indexes every entity of `store` by its position (fields 0 and 1).
    public mutating func rebuild(from store: EntityStore) {
        let n = store.count
        count = n
        // Grow the per-slot arrays only when the world has grown; never shrink, so a world
        // that breathes between sizes stops allocating after warm-up.
        if cellOfSlot.count < n {
            let capacity = Swift.max(n, cellOfSlot.count * 2)
            cellOfSlot = Array(repeating: 0, count: capacity)
            sortedSlots = Array(repeating: 0, count: capacity)
        }
        let columns = self.columns
        let minX = self.minX, minY = self.minY, maxX = self.maxX, maxY = self.maxY
        let cellSize = self.cellSize

        // Move the arrays into locals (leaving empty ones behind, which allocates nothing) so
        // each is uniquely referenced and the passes below never trigger a copy-on-write.
        var start = cellStart, cellOf = cellOfSlot, sorted = sortedSlots
        cellStart = []
        cellOfSlot = []
        sortedSlots = []
        defer {
            cellStart = start
            cellOfSlot = cellOf
            sortedSlots = sorted
        }
        store.values.withUnsafeBufferPointer { values in
            start.withUnsafeMutableBufferPointer { start in
                cellOf.withUnsafeMutableBufferPointer { cellOf in
                    sorted.withUnsafeMutableBufferPointer { sorted in
                        Self.countingSort(values: values, count: n, start: start, cellOf: cellOf, sorted: sorted,
                                          columns: columns, minX: minX, minY: minY, maxX: maxX, maxY: maxY,
                                          cellSize: cellSize)
                    }
                }
            }
        }
    }

    /// The three passes of the rebuild over raw buffers.
    private static func countingSort(values: UnsafeBufferPointer<Int32>, count n: Int,
                                     start: UnsafeMutableBufferPointer<Int32>,
                                     cellOf: UnsafeMutableBufferPointer<Int32>,
                                     sorted: UnsafeMutableBufferPointer<Int32>,
                                     columns: Int, minX: Int32, minY: Int32, maxX: Int32, maxY: Int32,
                                     cellSize: Int32) {
        let stride = EntityStore.stride
        // Pass 1: each slot's cell, and the size of each cell (stored one to the right so the
        // prefix sum below leaves start[c] = first index of c).
        for index in start.indices { start[index] = 0 }
        for slot in 0..<n {
            let column = cellIndex(values[slot &* stride], min: minX, max: maxX, cellSize: cellSize)
            let row = cellIndex(values[slot &* stride &+ 1], min: minY, max: maxY, cellSize: cellSize)
            let cell = row &* columns &+ column
            cellOf[slot] = Int32(truncatingIfNeeded: cell)
            start[cell &+ 1] &+= 1
        }
        // Pass 2: prefix sum.
        for index in 1..<start.count { start[index] &+= start[index &- 1] }
        // Pass 3: scatter in ascending slot order (stable), using start[c] as a cursor;
        // afterwards start[c] has advanced to the old start[c + 1].
        for slot in 0..<n {
            let cell = Int(cellOf[slot])
            sorted[Int(start[cell])] = Int32(truncatingIfNeeded: slot)
            start[cell] &+= 1
        }
        // Shift back: start[c] becomes the beginning of c again.
        var index = start.count &- 1
        while index > 0 {
            start[index] = start[index &- 1]
            index &-= 1
        }
        start[0] = 0
    }

    /// Calls `body` with every slot in the cells overlapping `minX...maxX` × `minY...maxY`
    /// (inclusive), each once, in deterministic order. A superset of the slots inside the
    /// rectangle: callers filter exactly. A rectangle with `minX > maxX` or `minY > maxY`
    /// visits nothing; one outside the world visits the edge cells it clamps to.
    @inline(__always)
    public func forEachSlot(minX: Int32, minY: Int32, maxX: Int32, maxY: Int32, _ body: (Int) -> Void) {
        guard minX <= maxX, minY <= maxY, count > 0 else { return }
        let firstColumn = column(of: minX), lastColumn = column(of: maxX)
        let firstRow = row(of: minY), lastRow = row(of: maxY)
        let columns = self.columns
        cellStart.withUnsafeBufferPointer { start in
            sortedSlots.withUnsafeBufferPointer { sorted in
                for row in firstRow...lastRow {
                    // Cells of one row are adjacent in `sorted`: one contiguous run per row.
                    let rowBase = row &* columns
                    let begin = Int(start[rowBase &+ firstColumn])
                    let end = Int(start[rowBase &+ lastColumn &+ 1])
                    var index = begin
                    while index < end {
                        body(Int(sorted[index]))
                        index &+= 1
                    }
                }
            }
        }
    }

    /// The number of slots in the cell at `column`, `row` (for tests and tuning).
    public func slotCount(column: Int, row: Int) -> Int {
        precondition(column >= 0 && column < columns && row >= 0 && row < rows)
        let cell = row * columns + column
        return Int(cellStart[cell + 1] - cellStart[cell])
    }
}
