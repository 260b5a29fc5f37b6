import Wire
import Simulation

/// The `/play` protocol of one connection as a value: bytes and events in, one `PlayAction`
/// out. It owns every rule a client's messages meet before the game thread sees them — hello
/// first and once, its version, the hello deadline, the message rate and the flood kick,
/// decoding — and touches no socket, lobby or room, so each rule is tested by feeding it
/// bytes (`PlaySessionTests`). `PlayConnection` carries the actions out.
///
/// Phases: `awaitingHello` → (`receive` of a good hello) `joining` → (`seated`) `playing` →
/// (`closing` any kick, or the transport ends) `closed`. Owned by the I/O thread.
struct PlaySession {
    enum Phase: Equatable {
        case awaitingHello
        /// The hello was good; the lobby decides (`seated` or `joinRefused`).
        case joining
        case playing(PlayerID)
        /// A kick was decided; whatever still arrives is ignored. The player (if one was
        /// seated) stays seated until the transport says the socket is gone.
        case closing(PlayerID?)
        case closed
    }

    private(set) var phase = Phase.awaitingHello
    private var limiter: MessageRateLimiter
    /// Chat budget in nanoseconds: each message costs `refillSeconds`, at most `burst` of them.
    private var chatBudget: UInt64
    private var chatRefilledAt: UInt64
    let maxMessagesPerSecond: Int
    let helloTimeoutSeconds: Double
    /// The game's input fields, which input messages are read with.
    let inputTable: InputTable

    init(maxMessagesPerSecond: Int, helloTimeoutSeconds: Double, inputTable: InputTable, now: UInt64) {
        self.maxMessagesPerSecond = maxMessagesPerSecond
        self.inputTable = inputTable
        self.helloTimeoutSeconds = helloTimeoutSeconds
        limiter = MessageRateLimiter(rate: maxMessagesPerSecond, now: now)
        chatBudget = Self.chatCost * UInt64(ChatMessage.burst)
        chatRefilledAt = now
    }

    static let chatCost = UInt64(ChatMessage.refillSeconds) * 1_000_000_000

    /// Spends one chat message from the budget; false when the sender is over the chat rate.
    private mutating func admitChat(now: UInt64) -> Bool {
        let cap = Self.chatCost * UInt64(ChatMessage.burst)
        chatBudget = min(cap, chatBudget + min(cap, now &- chatRefilledAt))
        chatRefilledAt = now
        guard chatBudget >= Self.chatCost else { return false }
        chatBudget -= Self.chatCost
        return true
    }

    /// The seated player, if the session is playing.
    var player: PlayerID? {
        if case .playing(let player) = phase { return player }
        return nil
    }

    /// One binary message. Inputs of a valid input message are lent to `deliver` (decoded in
    /// stack space, nothing allocated), which returns how many it had to drop, before the
    /// action is returned.
    mutating func receive(binary payload: UnsafeRawBufferPointer, now: UInt64,
                          deliver: (PlayerID, UnsafeBufferPointer<PlayerInput>) -> Int) -> PlayAction {
        switch phase {
        case .closing, .closed, .joining:
            return .none
        case .awaitingHello:
            return receiveHello(payload)
        case .playing(let player):
            guard let first = payload.first else { return kick(.malformedMessage, "empty message", .malformed) }
            guard limiter.admit(now: now) else {
                if limiter.floodSeconds >= MessageRateLimiter.floodKickSeconds {
                    return kick(.inputFlood, "too many messages: over \(maxMessagesPerSecond)/s for \(MessageRateLimiter.floodKickSeconds) s", .flood)
                }
                return .droppedFlood
            }
            let type = MessageType(rawValue: first)
            do throws(WireError) {
                switch type {
                case .input:
                    let dropped = try InputMessage.decodeAll(payload, table: inputTable) { deliver(player, $0) }
                    return .inputs(droppedLate: dropped)
                case .ping:
                    return .pong(clientTime: try PingMessage.decode(payload).clientTime)
                case .probeReply:
                    return .probeAnswered(token: try ProbeReplyMessage.decode(payload).token)
                case .chat:
                    let text = try ChatMessage.decode(payload).text
                    return admitChat(now: now) ? .chat(text) : .droppedChat
                case .hello:
                    return kick(.unexpectedHello, "hello sent twice", .malformed)
                default:
                    return kick(.malformedMessage, "unknown message type \(first)", .malformed)
                }
            } catch {
                return kick(.malformedMessage, "malformed \(type) message: \(error)", .malformed)
            }
        }
    }

    private mutating func receiveHello(_ payload: UnsafeRawBufferPointer) -> PlayAction {
        guard let first = payload.first else { return kick(.malformedMessage, "empty message", .malformed) }
        guard MessageType(rawValue: first) == .hello else {
            return kick(.unexpectedHello, "the first message must be hello", .malformed)
        }
        let hello: HelloMessage
        do throws(WireError) {
            hello = try HelloMessage.decode(payload)
        } catch {
            return kick(.malformedMessage, "malformed hello: \(error)", .malformed)
        }
        guard hello.version == ProtocolVersion.current else {
            return kick(.protocolVersionMismatch,
                        "protocol version \(hello.version) is not supported; this server speaks \(ProtocolVersion.current)", .protocolVersion)
        }
        phase = .joining
        return .join(name: hello.name.isEmpty ? "player" : hello.name, resumeToken: hello.resumeToken)
    }

    /// A text message: not part of the game protocol.
    mutating func receiveText() -> PlayAction {
        switch phase {
        case .closing, .closed: return .none
        default: return kick(code: 1003, "text messages are not part of the game protocol", .malformed)
        }
    }

    /// The lobby seated (or resumed) the player.
    mutating func seated(_ player: PlayerID) {
        precondition(phase == .joining, "PlaySession: seated without a pending join")
        phase = .playing(player)
    }

    /// The lobby had no seat (or takes no new players now: `reason` says why).
    mutating func joinRefused(reason: String = "server full") -> PlayAction {
        precondition(phase == .joining, "PlaySession: join refused without a pending join")
        return kick(.serverFull, reason, .serverFull)
    }

    /// The hello deadline passed: a kick only if no hello ever came.
    mutating func helloDeadlinePassed() -> PlayAction {
        guard phase == .awaitingHello else { return .none }
        let seconds = helloTimeoutSeconds.rounded() == helloTimeoutSeconds && helloTimeoutSeconds < 1e9
            ? String(Int(helloTimeoutSeconds)) : String(helloTimeoutSeconds)
        return kick(.helloTimeout, "no hello within \(seconds) s", .helloTimeout)
    }

    /// The transport ended. Returns the player to take out of its room, if one was seated.
    mutating func transportClosed() -> PlayerID? {
        defer { phase = .closed }
        switch phase {
        case .playing(let player): return player
        case .closing(let player): return player
        default: return nil
        }
    }

    private mutating func kick(_ code: GameCloseCode, _ reason: String, _ cause: PlayAction.Cause) -> PlayAction {
        kick(code: code.rawValue, reason, cause)
    }

    private mutating func kick(code: UInt16, _ reason: String, _ cause: PlayAction.Cause) -> PlayAction {
        phase = .closing(player)
        return .close(code: code, reason: reason, cause: cause)
    }
}

/// What `PlaySession` asks its connection to do.
enum PlayAction: Equatable {
    /// Why a connection is closed, for the kick counters.
    enum Cause: Equatable { case malformed, protocolVersion, flood, serverFull, helloTimeout }

    case none
    /// Seat (or, with a token, resume) a player; answer with `seated` or `joinRefused`.
    case join(name: String, resumeToken: UInt64?)
    /// The inputs went to `deliver`; `droppedLate` of them were too old to keep.
    case inputs(droppedLate: Int)
    /// Over the message rate: this message is dropped, the player not yet kicked.
    case droppedFlood
    /// Over the chat rate: this chat message is not relayed.
    case droppedChat
    case pong(clientTime: UInt32)
    /// The client answered the server's round-trip probe carrying `token`.
    case probeAnswered(token: UInt32)
    case chat(String)
    case close(code: UInt16, reason: String, cause: Cause)
}
