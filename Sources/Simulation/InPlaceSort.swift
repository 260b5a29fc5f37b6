/// Sorting without allocating. The standard library's `sort()` is a merge sort that
/// allocates a temporary buffer on every call; the snapshot encoder sorts every player's
/// visible set every tick and must not allocate, so it uses this instead.
///
/// Quicksort (Hoare partition around the median of three) down to runs of 16, then one
/// insertion sort pass. Recursing into the smaller side and looping on the larger bounds the
/// stack to O(log n). Not stable, which is fine for the distinct keys it is used on.
enum InPlaceSort {
    static func sort(_ buffer: UnsafeMutableBufferPointer<UInt64>) {
        guard buffer.count > 1 else { return }
        quicksort(buffer, buffer.startIndex, buffer.endIndex &- 1)
        insertionSort(buffer)
    }

    /// Partitions `low...high` (inclusive) until every unsorted run is shorter than 17.
    private static func quicksort(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int) {
        var low = low
        var high = high
        while high &- low >= 16 {
            let mid = low &+ (high &- low) / 2
            // Median of three into a[mid]; a[low] <= a[mid] <= a[high] afterwards.
            if a[mid] < a[low] { a.swapAt(mid, low) }
            if a[high] < a[low] { a.swapAt(high, low) }
            if a[high] < a[mid] { a.swapAt(high, mid) }
            let pivot = a[mid]
            var i = low &- 1
            var j = high &+ 1
            while true {
                repeat { i &+= 1 } while a[i] < pivot
                repeat { j &-= 1 } while a[j] > pivot
                if i >= j { break }
                a.swapAt(i, j)
            }
            // low...j and j+1...high, both non-empty.
            if j &- low < high &- j {
                quicksort(a, low, j)
                low = j &+ 1
            } else {
                quicksort(a, j &+ 1, high)
                high = j
            }
        }
    }

    private static func insertionSort(_ a: UnsafeMutableBufferPointer<UInt64>) {
        var index = a.startIndex &+ 1
        while index < a.endIndex {
            let value = a[index]
            var hole = index
            while hole > a.startIndex && a[hole &- 1] > value {
                a[hole] = a[hole &- 1]
                hole &-= 1
            }
            a[hole] = value
            index &+= 1
        }
    }
}
