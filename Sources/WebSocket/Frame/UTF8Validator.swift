/// An incremental UTF-8 validator: a deterministic finite automaton fed any split of a byte
/// stream, for text messages that arrive in fragments and frames that arrive in pieces.
///
/// It rejects exactly what Unicode's well-formedness table (Unicode §3.9, Table 3-7)
/// forbids: stray continuation bytes, C0/C1 and F5...FF, overlong forms (E0 80...9F,
/// F0 80...8F), surrogates (ED A0...BF) and code points above U+10FFFF (F4 90...BF). It fails
/// on the first byte that no valid continuation could follow, not at the end of the
/// message, so a connection sending bad text fragment by fragment is failed at the first
/// bad fragment (Autobahn 6.x "fail fast").
///
/// The automaton uses the shift-DFA layout: each byte class has one 64-bit row in which
/// the 6-bit field at offset `state` holds the next state, so a step is one shift and one
/// mask with no table memory. The error state is 0, so any transition not listed rejects,
/// and the error state's own fields are all 0, which makes rejection sticky for free.
public struct UTF8Validator: Sendable {
    /// The current DFA state: a bit offset into a transition row (a multiple of 6).
    @usableFromInline
    var state: UInt64

    /// Creates a validator at a character boundary.
    @inlinable
    public init() {
        state = UTF8Validator.accept
    }

    /// Feeds more bytes. Returns false once the bytes seen so far cannot be the start of
    /// valid UTF-8; from then on it keeps returning false until `reset()`.
    @inlinable
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return state != UTF8Validator.reject }
        let count = bytes.count
        var current = state
        var offset = 0
        while offset < count {
            if current == UTF8Validator.accept {
                // ASCII fast path: between characters, skip 8 bytes with no high bit at once.
                while count - offset >= 8,
                      base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    offset += 8
                }
                if offset == count { break }
            }
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            current = (UTF8Validator.row(for: byte) &>> current) & 63
            if current == UTF8Validator.reject { break }
            offset += 1
        }
        state = current
        return current != UTF8Validator.reject
    }

    /// True when the bytes seen so far end between characters (and none were invalid): a
    /// text message is only complete when this holds at its final fragment.
    @inlinable
    public var isAtCharacterBoundary: Bool { state == UTF8Validator.accept }

    /// Forgets everything seen, ready for the next message.
    @inlinable
    public mutating func reset() {
        state = UTF8Validator.accept
    }
}

extension UTF8Validator {
    // States, as bit offsets into a row. `reject` must be 0 (see the type's comment).
    // Computed rather than stored so they fold to constants in the per-byte loop.
    @inlinable static var reject: UInt64 { 0 }
    @inlinable static var accept: UInt64 { 6 }
    /// Expects 1, 2 or 3 more continuation bytes, each 80...BF.
    @inlinable static var need1: UInt64 { 12 }
    @inlinable static var need2: UInt64 { 18 }
    @inlinable static var need3: UInt64 { 24 }
    /// After E0: the next byte must be A0...BF (lower ones would be overlong).
    @inlinable static var afterE0: UInt64 { 30 }
    /// After ED: the next byte must be 80...9F (higher ones would encode surrogates).
    @inlinable static var afterED: UInt64 { 36 }
    /// After F0: the next byte must be 90...BF (lower ones would be overlong).
    @inlinable static var afterF0: UInt64 { 42 }
    /// After F4: the next byte must be 80...8F (higher ones would exceed U+10FFFF).
    @inlinable static var afterF4: UInt64 { 48 }

    /// One transition `from -> to` placed in a row.
    @inlinable
    static func edge(_ from: UInt64, _ to: UInt64) -> UInt64 { to &<< from }

    /// The transition row for a byte: its class decides where each state goes next.
    @inlinable
    static func row(for byte: UInt8) -> UInt64 {
        switch byte {
        case 0x00...0x7F:
            return edge(accept, accept)
        case 0x80...0x8F:
            return edge(need1, accept) | edge(need2, need1) | edge(need3, need2)
                | edge(afterED, need1) | edge(afterF4, need2)
        case 0x90...0x9F:
            return edge(need1, accept) | edge(need2, need1) | edge(need3, need2)
                | edge(afterED, need1) | edge(afterF0, need2)
        case 0xA0...0xBF:
            return edge(need1, accept) | edge(need2, need1) | edge(need3, need2)
                | edge(afterE0, need1) | edge(afterF0, need2)
        case 0xC2...0xDF:
            return edge(accept, need1)
        case 0xE0:
            return edge(accept, afterE0)
        case 0xE1...0xEC, 0xEE...0xEF:
            return edge(accept, need2)
        case 0xED:
            return edge(accept, afterED)
        case 0xF0:
            return edge(accept, afterF0)
        case 0xF1...0xF3:
            return edge(accept, need3)
        case 0xF4:
            return edge(accept, afterF4)
        default:
            // C0, C1 (always overlong) and F5...FF (beyond U+10FFFF).
            return 0
        }
    }
}
