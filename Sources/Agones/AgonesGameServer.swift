import Platform

/// The parts of the SDK server's GameServer object the game server acts on, read from the
/// protobuf JSON mapping (snake_case names; 64-bit integers as strings). Missing parts are
/// nil or empty: the local SDK server and older versions leave some out.
public struct AgonesGameServer: Equatable, Sendable {
    public var name: String
    public var namespace: String
    public var state: AgonesState
    public var address: String
    /// `status.ports`: each allocated port's name and number.
    public var ports: [(name: String, port: Int)]
    public var labels: [String: String]
    public var annotations: [String: String]
    /// `status.players.capacity` and `.count` (player tracking, alpha), when reported.
    public var playerCapacity: Int64?
    public var playerCount: Int64?

    public init(name: String, namespace: String = "", state: AgonesState, address: String = "", ports: [(name: String, port: Int)] = [],
                labels: [String: String] = [:], annotations: [String: String] = [:], playerCapacity: Int64? = nil, playerCount: Int64? = nil) {
        self.name = name
        self.namespace = namespace
        self.state = state
        self.address = address
        self.ports = ports
        self.labels = labels
        self.annotations = annotations
        self.playerCapacity = playerCapacity
        self.playerCount = playerCount
    }

    /// From a GameServer object (`GET /gameserver`) or a watch line (`{"result": GameServer}`);
    /// nil when it has no `status.state`, the one part without which it means nothing.
    public init?(_ tree: JSONTree) {
        let server = tree["result"] ?? tree
        guard let state = server[path: "status", "state"]?.string else { return nil }
        self.state = AgonesState(name: state)
        name = server[path: "object_meta", "name"]?.string ?? ""
        namespace = server[path: "object_meta", "namespace"]?.string ?? ""
        address = server[path: "status", "address"]?.string ?? ""
        ports = (server[path: "status", "ports"]?.array ?? []).compactMap { port in
            guard let number = port["port"]?.integer else { return nil }
            return (port["name"]?.string ?? "", Int(number))
        }
        labels = Self.strings(server[path: "object_meta", "labels"])
        annotations = Self.strings(server[path: "object_meta", "annotations"])
        playerCapacity = server[path: "status", "players", "capacity"]?.integer
        playerCount = server[path: "status", "players", "count"]?.integer
    }

    static func strings(_ tree: JSONTree?) -> [String: String] {
        (tree?.object ?? [:]).compactMapValues(\.string)
    }

    public static func == (a: AgonesGameServer, b: AgonesGameServer) -> Bool {
        a.name == b.name && a.namespace == b.namespace && a.state == b.state && a.address == b.address
            && a.ports.map(\.name) == b.ports.map(\.name) && a.ports.map(\.port) == b.ports.map(\.port)
            && a.labels == b.labels && a.annotations == b.annotations
            && a.playerCapacity == b.playerCapacity && a.playerCount == b.playerCount
    }
}
