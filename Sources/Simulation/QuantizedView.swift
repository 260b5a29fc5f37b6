import Wire

/// A set of entities exactly as a client sees them: ascending ids, each with its kind and
/// the quantized code of each field. It is both what the server remembers having sent a
/// player (`ViewState`) and what the client rebuilt (`ViewReconstructor`): the two must be
/// equal, which `StateHash` proves.
///
/// Structure of arrays with a fixed stride of `FieldTable.maxFields` codes per entity
/// (fields past the kind's table are 0), so copying an entity is a fixed-size block move and
/// the arrays are reused tick after tick without allocating.
public struct QuantizedView: Hashable, Sendable {
    public static let stride = FieldTable.maxFields

    /// Ascending.
    public private(set) var ids: [EntityID] = []
    public private(set) var kinds: [UInt8] = []
    /// `codes[index * stride + field]`.
    public private(set) var codes: [UInt32] = []

    public init() {}

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    /// The position of `id`, by binary search.
    public func index(of id: EntityID) -> Int? {
        var low = 0
        var high = ids.count
        while low < high {
            let mid = (low &+ high) >> 1
            if ids[mid] < id { low = mid &+ 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id ? low : nil
    }

    /// The code of `field` of the entity at `index`.
    @inline(__always)
    public func code(at index: Int, field: Int) -> UInt32 {
        codes[index &* Self.stride &+ field]
    }

    /// The codes of the entity at `index`: `fieldCount` values.
    public func codes(at index: Int, fieldCount: Int) -> [UInt32] {
        Array(codes[index * Self.stride ..< index * Self.stride + fieldCount])
    }

    /// Flips the lowest bit of one code: only for tests that prove a corrupted view is caught.
    mutating func flipLowBit(at index: Int, field: Int) {
        codes[index &* Self.stride &+ field] ^= 1
    }

    /// Empties the view, keeping its capacity.
    mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
    }

    mutating func reserveCapacity(_ count: Int) {
        ids.reserveCapacity(count)
        kinds.reserveCapacity(count)
        codes.reserveCapacity(count * Self.stride)
    }

    /// Resizes the view to `count` entities, keeping capacity (grown entries are zero, kept
    /// ones keep their old contents), and lends its three arrays for overwriting in place:
    /// the encoder fills a whole view this way without a per-entity append.
    /// The caller must leave ids ascending.
    @inline(__always)
    mutating func withResized<R>(
        to count: Int,
        _ body: (UnsafeMutableBufferPointer<EntityID>, UnsafeMutableBufferPointer<UInt8>,
                 UnsafeMutableBufferPointer<UInt32>) -> R
    ) -> R {
        ids.resize(to: count)
        kinds.resize(to: count)
        codes.resize(to: count &* Self.stride)
        return ids.withUnsafeMutableBufferPointer { ids in
            kinds.withUnsafeMutableBufferPointer { kinds in
                codes.withUnsafeMutableBufferPointer { codes in body(ids, kinds, codes) }
            }
        }
    }

    /// Appends an entity whose codes are `source[offset ..< offset + stride]`. The caller
    /// keeps ids ascending.
    @inline(__always)
    mutating func append(id: EntityID, kind: UInt8, codes source: UnsafeBufferPointer<UInt32>, offset: Int) {
        ids.append(id)
        kinds.append(kind)
        for field in 0 ..< Self.stride {
            codes.append(source[offset &+ field])
        }
    }

    /// Appends an entity whose codes are `source[offset ..< offset + stride]`.
    @inline(__always)
    mutating func append(id: EntityID, kind: UInt8, codes source: [UInt32], offset: Int) {
        ids.append(id)
        kinds.append(kind)
        for field in 0 ..< Self.stride {
            codes.append(source[offset &+ field])
        }
    }

    /// Appends an entity with the codes of the entity at `index` of `other`.
    @inline(__always)
    mutating func append(from other: QuantizedView, at index: Int) {
        append(id: other.ids[index], kind: other.kinds[index], codes: other.codes, offset: index &* Self.stride)
    }
}

extension Array where Element: FixedWidthInteger {
    /// Grows (with zeros) or shrinks to `count` elements without giving capacity back.
    @inline(__always)
    mutating func resize(to count: Int) {
        if self.count < count {
            append(contentsOf: repeatElement(0, count: count &- self.count))
        } else if self.count > count {
            removeLast(self.count &- count)
        }
    }
}
