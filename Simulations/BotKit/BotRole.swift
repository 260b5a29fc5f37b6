import Wire

/// What a bot is in a run: an honest player, or one that misbehaves on purpose so a scenario
/// can check that the server closes it with the right code while the honest bots notice
/// nothing. Pass criteria about drops count honest bots only.
public enum BotRole: Sendable, Hashable {
    case honest
    /// Stops reading its socket for a while; the server must drop it as too slow (4003).
    case slowReader
    case badActor(Misbehavior)

    public var isHonest: Bool { self == .honest }

    /// The close code the server must answer this role with; nil for honest bots.
    public var expectedCloseCode: UInt16? {
        switch self {
        case .honest: nil
        case .slowReader: GameCloseCode.tooSlow.rawValue
        case .badActor(let misbehavior): misbehavior.expectedCloseCode
        }
    }

    public var name: String {
        switch self {
        case .honest: "honest"
        case .slowReader: "slow-reader"
        case .badActor(let misbehavior): misbehavior.rawValue
        }
    }
}

/// The ways a bad actor breaks the protocol; bad actors take them in turn.
public enum Misbehavior: String, CaseIterable, Sendable, Hashable {
    /// After its welcome, a message with an unknown type byte.
    case garbage
    /// After its welcome, an input message cut short.
    case truncated
    /// An input as its very first message, instead of a hello.
    case noHello = "no-hello"
    /// After its welcome, ten input messages per tick (well over the server's rate limit).
    case flood
    /// After its welcome, one binary message larger than the server accepts (64 KiB).
    case oversized

    public var expectedCloseCode: UInt16 {
        switch self {
        case .garbage, .truncated: GameCloseCode.malformedMessage.rawValue
        case .noHello: GameCloseCode.unexpectedHello.rawValue
        case .flood: GameCloseCode.inputFlood.rawValue
        case .oversized: 1009
        }
    }
}
