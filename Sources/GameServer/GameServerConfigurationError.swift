/// A `GameServerConfiguration` that cannot run, refused by `GameServer.init` with the reason.
public struct GameServerConfigurationError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
