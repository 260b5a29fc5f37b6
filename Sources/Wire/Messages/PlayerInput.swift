/// One tick's worth of a player's controls, exactly as it crossed the wire (so the server, the
/// recording and a replay all see the same values). What the values mean is the game's: its
/// `InputTable` names them, gives each a range, and says how each one behaves while the
/// player's inputs are late. Value `i` is the table's field `i`; fields past the table's
/// count are 0.
///
/// A trivial type of fixed size, so the server buffers, copies and decodes inputs without
/// allocating.
public struct PlayerInput: Hashable, Sendable {
    /// The most fields an input has (`InputTable.maxFields`).
    public static let maxFields = 8

    /// Increases by one per input the client makes (wraps at 2^32).
    public var sequence: UInt32
    /// The viewed tick: the snapshot tick at which the client was showing other entities when
    /// it made this input (a browser's render tick). Games use it for lag compensation.
    public var tick: UInt32
    /// The field values, in the game's `InputTable` order.
    public var values: SIMD8<Int32>

    public init(sequence: UInt32, tick: UInt32, values: SIMD8<Int32> = .zero) {
        self.sequence = sequence
        self.tick = tick
        self.values = values
    }

    /// Field `index`'s value (0 ..< `maxFields`).
    @inlinable
    public subscript(index: Int) -> Int32 {
        get { values[index] }
        set { values[index] = newValue }
    }
}
