import Testing
import Simulation

/// The grid is conservative by contract: a query may return extra slots (callers filter
/// exactly) but must never miss one, must return each at most once, and must stay local
/// (nothing from cells the rectangle does not touch).
@Suite struct SpatialGridTests {
    /// Builds a store with `count` entities at random positions in `xs` × `ys`.
    static func randomStore(count: Int, xs: ClosedRange<Int32>, ys: ClosedRange<Int32>,
                            random: inout SeededRandom) -> EntityStore {
        var store = EntityStore()
        for index in 0..<count {
            store.spawn(kind: UInt8(index % 3), fields: [random.int(in: xs), random.int(in: ys)])
        }
        return store
    }

    static func slots(in grid: SpatialGrid, minX: Int32, minY: Int32, maxX: Int32, maxY: Int32) -> [Int] {
        var result: [Int] = []
        grid.forEachSlot(minX: minX, minY: minY, maxX: maxX, maxY: maxY) { result.append($0) }
        return result
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6, 7, 8])
    func randomQueriesNeverMissAndStayLocal(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let cellSize = random.int(in: 16...700)
        var grid = SpatialGrid(minX: -1_000, minY: 0, maxX: 3_000, maxY: 2_000, cellSize: cellSize)
        // Some entities stray outside the world: they must still be found via the edge cells.
        let store = Self.randomStore(count: Int(random.int(in: 0...600)), xs: -1_300...3_300, ys: -300...2_300,
                                     random: &random)
        grid.rebuild(from: store)
        #expect(grid.count == store.count)

        for _ in 0..<200 {
            let x0 = random.int(in: -1_500...3_500), y0 = random.int(in: -500...2_500)
            let x1 = x0 + random.int(in: 0...1_200), y1 = y0 + random.int(in: 0...1_200)
            let found = Self.slots(in: grid, minX: x0, minY: y0, maxX: x1, maxY: y1)
            #expect(Set(found).count == found.count, "a slot was visited twice")

            let foundSet = Set(found)
            for slot in 0..<store.count {
                // Exact answer, with positions clamped to the world the way the grid does.
                let x = min(max(store.x(at: slot), grid.minX), grid.maxX)
                let y = min(max(store.y(at: slot), grid.minY), grid.maxY)
                let qx0 = min(max(x0, grid.minX), grid.maxX), qx1 = min(max(x1, grid.minX), grid.maxX)
                let qy0 = min(max(y0, grid.minY), grid.maxY), qy1 = min(max(y1, grid.minY), grid.maxY)
                if x >= qx0 && x <= qx1 && y >= qy0 && y <= qy1 {
                    #expect(foundSet.contains(slot), "missed slot \(slot) at (\(x), \(y))")
                }
            }
            // Locality: every candidate lies in a cell the query rectangle overlaps.
            let columns = grid.column(of: x0)...grid.column(of: x1)
            let rows = grid.row(of: y0)...grid.row(of: y1)
            for slot in found {
                #expect(columns.contains(grid.column(of: store.x(at: slot))))
                #expect(rows.contains(grid.row(of: store.y(at: slot))))
            }
        }
    }

    @Test func visitsCellsRowByRowAndSlotsInAscendingOrder() {
        var grid = SpatialGrid(minX: 0, minY: 0, maxX: 99, maxY: 99, cellSize: 10)
        var store = EntityStore()
        // Slots 0...3, deliberately spawned out of cell order.
        store.spawn(kind: 0, fields: [55, 15])  // cell (5, 1)
        store.spawn(kind: 0, fields: [5, 5])    // cell (0, 0)
        store.spawn(kind: 0, fields: [51, 11])  // cell (5, 1)
        store.spawn(kind: 0, fields: [95, 5])   // cell (9, 0)
        grid.rebuild(from: store)
        #expect(Self.slots(in: grid, minX: 0, minY: 0, maxX: 99, maxY: 99) == [1, 3, 0, 2])
        #expect(grid.slotCount(column: 5, row: 1) == 2)
        #expect(grid.slotCount(column: 0, row: 0) == 1)
        #expect(grid.slotCount(column: 4, row: 1) == 0)
    }

    @Test func positionsOutsideTheWorldClampToEdgeCells() {
        var grid = SpatialGrid(minX: 0, minY: 0, maxX: 999, maxY: 999, cellSize: 100)
        var store = EntityStore()
        store.spawn(kind: 0, fields: [-5_000, -5_000])           // → corner cell (0, 0)
        store.spawn(kind: 0, fields: [Int32.max, 500])           // → column 9, row 5
        store.spawn(kind: 0, fields: [500, Int32.min])           // → column 5, row 0
        store.spawn(kind: 0, fields: [Int32.min, Int32.max])     // → column 0, row 9
        grid.rebuild(from: store)
        #expect(grid.columns == 10 && grid.rows == 10)
        #expect(grid.slotCount(column: 0, row: 0) == 1)
        #expect(grid.slotCount(column: 9, row: 5) == 1)
        #expect(grid.slotCount(column: 5, row: 0) == 1)
        #expect(grid.slotCount(column: 0, row: 9) == 1)
        // Querying the corner finds the clamped entity; querying beyond it does too.
        #expect(Self.slots(in: grid, minX: 0, minY: 0, maxX: 10, maxY: 10) == [0])
        #expect(Self.slots(in: grid, minX: -9_000, minY: -9_000, maxX: -8_000, maxY: -8_000) == [0])
        #expect(Self.slots(in: grid, minX: Int32.min, minY: Int32.min, maxX: Int32.max, maxY: Int32.max).count == 4)
    }

    @Test func emptyStoresAndEmptyRectanglesVisitNothing() {
        var grid = SpatialGrid(minX: 0, minY: 0, maxX: 4_095, maxY: 4_095, cellSize: 256)
        grid.rebuild(from: EntityStore())
        #expect(grid.count == 0)
        #expect(Self.slots(in: grid, minX: 0, minY: 0, maxX: 4_095, maxY: 4_095).isEmpty)

        var store = EntityStore()
        store.spawn(kind: 0, fields: [100, 100])
        grid.rebuild(from: store)
        #expect(Self.slots(in: grid, minX: 200, minY: 0, maxX: 100, maxY: 4_095).isEmpty, "minX > maxX")
        #expect(Self.slots(in: grid, minX: 0, minY: 200, maxX: 4_095, maxY: 100).isEmpty, "minY > maxY")
        // And shrinking back to nothing forgets the old contents.
        grid.rebuild(from: EntityStore())
        #expect(Self.slots(in: grid, minX: 0, minY: 0, maxX: 4_095, maxY: 4_095).isEmpty)
    }

    @Test func rebuildFollowsMovementAndDespawns() {
        var grid = SpatialGrid(minX: 0, minY: 0, maxX: 1_023, maxY: 1_023, cellSize: 64)
        var random = SeededRandom(seed: 42)
        var store = Self.randomStore(count: 300, xs: 0...1_023, ys: 0...1_023, random: &random)
        for round in 0..<20 {
            for slot in 0..<store.count {
                store[slot, 0] = random.int(in: 0...1_023)
                store[slot, 1] = random.int(in: 0...1_023)
            }
            if round % 2 == 1 { store.despawn(store.ids[Int(random.below(UInt32(store.count)))]) }
            else { store.spawn(kind: 1, fields: [random.int(in: 0...1_023), random.int(in: 0...1_023)]) }
            grid.rebuild(from: store)
            let all = Self.slots(in: grid, minX: 0, minY: 0, maxX: 1_023, maxY: 1_023)
            #expect(all.sorted() == Array(0..<store.count))
            // A single-cell query holds exactly the entities of that cell.
            let inCell = Self.slots(in: grid, minX: 128, minY: 192, maxX: 191, maxY: 255)
            let expected = (0..<store.count).filter {
                (128...191).contains(store.x(at: $0)) && (192...255).contains(store.y(at: $0))
            }
            #expect(inCell == expected)
        }
    }

    @Test func oneCellGridHoldsEverything() {
        var grid = SpatialGrid(minX: 0, minY: 0, maxX: 10, maxY: 10, cellSize: 1_000)
        #expect(grid.cellCount == 1)
        var random = SeededRandom(seed: 9)
        let store = Self.randomStore(count: 50, xs: -20...30, ys: -20...30, random: &random)
        grid.rebuild(from: store)
        #expect(Self.slots(in: grid, minX: 3, minY: 3, maxX: 3, maxY: 3) == Array(0..<50))
    }
}
