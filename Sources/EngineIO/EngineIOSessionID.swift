/// Session ids: 20 characters of base64url from 15 random bytes (120 bits: not guessable,
/// as a sid is the only thing that ties a POST to a player).
public enum EngineIOSessionID {
    public static let length = 20
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for _ in 0..<length { out.append(alphabet[Int(generator.next() & 63)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Only ids of our own shape are looked up at all.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
