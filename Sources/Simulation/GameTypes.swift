import Wire

/// A player in a room: small, reused after the player leaves.
public typealias PlayerID = UInt16
/// An entity: never reused within a match (ids only grow), so a client can never confuse a
/// new entity with one that left.
public typealias EntityID = UInt32

/// Game-defined integer settings (e.g. "drones": 40). Ordered, so they hash and record the
/// same way every time.
public struct GameSettings: Hashable, Sendable {
    public private(set) var entries: [(name: String, value: Int32)] = []

    public init(_ entries: [(String, Int32)] = []) {
        for (name, value) in entries { self[name] = value }
    }

    public subscript(name: String) -> Int32? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((name, newValue))
                entries.sort { $0.name < $1.name }
            }
        }
    }

    public static func == (lhs: GameSettings, rhs: GameSettings) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.name)
            hasher.combine(entry.value)
        }
    }
}

/// What a game is, for the server, the wire and the client: name, version, entity kinds with
/// their field tables, world bounds and view size. One type serves the game's declaration, the
/// `welcome` message that carries it and the client that decodes with it, so they cannot drift.
public typealias GameDescriptor = GameSchema
