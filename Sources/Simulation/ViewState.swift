import Wire

/// What one player's socket was last sent: the server's copy of that client's view, which
/// every delta is computed against. One per player, owned by whoever owns the player (the
/// room's game thread).
///
/// No acknowledgements are needed: the transport is TCP, so what was written arrives, in
/// order. The contract is that the server encodes a player's next snapshot only once the
/// previous one was handed to the socket whole; a snapshot that is built but then dropped
/// unsent would desynchronise the two sides (call `reset()` to recover: the next snapshot is
/// then full).
public struct ViewState: Sendable {
    /// The entities the client has, with the codes it has.
    public internal(set) var entities = QuantizedView()
    /// The tick of the last snapshot sent: the next one's baseline. nil before the first
    /// (or after `reset()`): the next snapshot is full.
    public internal(set) var baselineTick: UInt32?
    /// The `lastInputSequence` the last snapshot carried (the next one is sent relative to it).
    public internal(set) var lastInputSequence: UInt32 = 0
    /// The view under construction during an encode; swapped with `entities` at the end, so
    /// both buffers keep their capacity and encoding allocates nothing after warm-up.
    var scratch = QuantizedView()

    public init() {}

    /// Forgets what the client has: the next snapshot will be full. For a client whose
    /// stream was interrupted (a resumed session, a snapshot that could not be sent).
    public mutating func reset() {
        entities.removeAll()
        baselineTick = nil
        lastInputSequence = 0
    }

    /// The view hash of what the client has (`StateHash`), given the game's field tables.
    public func hash(descriptor: GameDescriptor) -> UInt32 {
        StateHash.of(entities, fieldCounts: descriptor.kinds.map(\.count))
    }
}
