/// Why `JSONObjectReader` refused its input, and where: the message goes into a
/// `JoinTokenError.malformed` reason, so it names the problem without echoing the input.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// Byte offset into the decoded JSON text where the problem was found.
    public let offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at byte \(offset)" }
}
