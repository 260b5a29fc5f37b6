/// A small, fast generator (wyrand) for client frame masking keys, seeded once from the system
/// generator. RFC 6455 asks for unpredictable keys so that a browser script cannot steer the
/// bytes a proxy sees; a seeded 64-bit generator per loop serves that for our headless clients
/// without a getrandom(2) call per frame.
public struct FastRandom: Sendable {
    private var state: UInt64

    public init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0xa076_1d64_78bd_642f
        let product = state.multipliedFullWidth(by: state ^ 0xe703_7ed1_a0b4_28db)
        return product.high ^ product.low
    }
}
