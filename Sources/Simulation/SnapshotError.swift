import Wire

/// Why a client could not apply a snapshot. Bit-level problems are `wire`; the rest are
/// snapshots that decode but do not fit the view the client has, which means the stream was
/// corrupted or the two sides disagree about what was sent: either way the connection can no
/// longer be trusted and a client should drop it. (A view-hash mismatch is not an error: it
/// is counted and reported by `ViewReconstructor`, see `hashMismatches`.)
///
/// The JS mirror (`web/wire/snapshot.js`) throws the same kinds with the same names.
public enum SnapshotError: Error, Hashable, Sendable {
    /// The bytes did not decode.
    case wire(WireError)
    /// A snapshot arrived before any welcome.
    case notWelcomed
    /// The snapshot is a delta against `received` but the client's last snapshot was
    /// `expected` (nil: none yet, so only a full snapshot can be applied).
    case baselineMismatch(expected: UInt32?, received: UInt32)
    /// The left or changed section names an entity the view does not hold.
    case unknownEntity(EntityID)
    /// The entered section names an entity the view already holds, or an entity is both in
    /// the left and the changed section.
    case duplicateEntity(EntityID)
    /// A changed entity with no field marked changed.
    case emptyChangeMask(EntityID)
    /// A field marked changed whose new code equals the old one.
    case unchangedField(EntityID, field: Int)

    /// The case's name, as the JS mirror and the vectors spell it.
    public var kind: String {
        switch self {
        case .wire(let error): error.kind
        case .notWelcomed: "notWelcomed"
        case .baselineMismatch: "baselineMismatch"
        case .unknownEntity: "unknownEntity"
        case .duplicateEntity: "duplicateEntity"
        case .emptyChangeMask: "emptyChangeMask"
        case .unchangedField: "unchangedField"
        }
    }
}

extension SnapshotError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .wire(let error): "\(error)"
        case .notWelcomed: "snapshot before welcome"
        case .baselineMismatch(let expected, let received):
            "snapshot is a delta from tick \(received) but the last applied was \(expected.map(String.init) ?? "none")"
        case .unknownEntity(let id): "entity \(id) is not in the view"
        case .duplicateEntity(let id): "entity \(id) is already in the view"
        case .emptyChangeMask(let id): "entity \(id) changed with an empty mask"
        case .unchangedField(let id, let field): "entity \(id) field \(field) marked changed but equal"
        }
    }
}
