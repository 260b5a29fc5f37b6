/// A GameServer's state as Agones names it (`status.state`). The SDK server reports it on
/// `GET /gameserver` and on every line of `GET /watch/gameserver`; a state this code does not
/// know is kept by name, never guessed.
public enum AgonesState: Hashable, Sendable, CustomStringConvertible {
    case scheduled, requestReady, ready, reserved, allocated, shutdown, unhealthy, error
    case other(String)

    static let names: [(String, AgonesState)] = [
        ("Scheduled", .scheduled), ("RequestReady", .requestReady), ("Ready", .ready), ("Reserved", .reserved),
        ("Allocated", .allocated), ("Shutdown", .shutdown), ("Unhealthy", .unhealthy), ("Error", .error),
    ]

    public init(name: String) {
        self = Self.names.first { $0.0 == name }?.1 ?? .other(name)
    }

    public var description: String {
        if case .other(let name) = self { return name }
        return Self.names.first { $0.1 == self }!.0
    }
}
