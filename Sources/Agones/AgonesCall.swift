import Platform

/// One call of the Agones SDK server's REST interface: its method, path and JSON body, as
/// the SDK server expects them (an empty object `{}` where there are no fields: the SDK server
/// does not count an empty body as a health ping; 64-bit integers as strings).
public enum AgonesCall: Hashable, Sendable, CustomStringConvertible {
    case ready
    case health
    case allocate
    case shutdown
    /// Reserved for this many seconds (0: until allocated).
    case reserve(seconds: Int)
    /// Stored by Agones as `agones.dev/sdk-KEY`.
    case label(key: String, value: String)
    case annotation(key: String, value: String)
    /// Player tracking (alpha).
    case playerConnect(String)
    case playerDisconnect(String)
    case playerCapacity(Int)
    /// Counters (beta): sets the counter's count.
    case counter(name: String, count: Int)
    /// `GET /gameserver`: the current GameServer (answered through `onGameServer`).
    case gameServer

    public var method: String {
        switch self {
        case .label, .annotation, .playerCapacity: "PUT"
        case .counter: "PATCH"
        case .gameServer: "GET"
        default: "POST"
        }
    }

    public var path: String {
        switch self {
        case .ready: "/ready"
        case .health: "/health"
        case .allocate: "/allocate"
        case .shutdown: "/shutdown"
        case .reserve: "/reserve"
        case .label: "/metadata/label"
        case .annotation: "/metadata/annotation"
        case .playerConnect: "/alpha/player/connect"
        case .playerDisconnect: "/alpha/player/disconnect"
        case .playerCapacity: "/alpha/player/capacity"
        case .counter(let name, _): "/v1beta1/counters/\(Self.pathSegment(name))"
        case .gameServer: "/gameserver"
        }
    }

    public var body: String {
        switch self {
        case .ready, .health, .allocate, .shutdown: "{}"
        case .reserve(let seconds): "{\"seconds\":\"\(seconds)\"}"
        case .label(let key, let value), .annotation(let key, let value):
            "{\"key\":\(JSONString.quoted(key)),\"value\":\(JSONString.quoted(value))}"
        case .playerConnect(let id), .playerDisconnect(let id): "{\"playerID\":\(JSONString.quoted(id))}"
        case .playerCapacity(let count): "{\"count\":\"\(count)\"}"
        case .counter(_, let count): "{\"count\":\"\(count)\"}"
        case .gameServer: ""
        }
    }

    /// Calls that a newer one of the same kind makes pointless while both wait: the later
    /// value is what the SDK server should end up with (a health ping is a ping).
    var coalescingKey: String? {
        switch self {
        case .health: "health"
        case .label(let key, _): "label:\(key)"
        case .annotation(let key, _): "annotation:\(key)"
        case .playerCapacity: "capacity"
        case .counter(let name, _): "counter:\(name)"
        case .gameServer: "gameserver"
        default: nil
        }
    }

    public var description: String { "\(method) \(path)" + (body.isEmpty || body == "{}" ? "" : " \(body)") }

    /// Counter names are [a-z0-9-] in Agones; anything else is percent-encoded.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
