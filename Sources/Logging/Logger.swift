/// Writes leveled lines under a label such as `ws.server`.
///
/// ```swift
/// let log = Logger(label: "ws.server")
/// log.warning("closing connection: unmasked client frame", ["peer": "\(peer)", "code": "1002"])
/// // 2026-11-22T11:43:42.123Z warning ws.server: closing connection: unmasked client frame peer=127.0.0.1:5512 code=1002
/// ```
///
/// The message and the metadata are autoclosures: when the level is disabled neither is
/// evaluated, so a disabled `debug` with interpolated strings costs no allocation.
/// Warnings and worse are rate limited per label and level (see ``LogRateLimit``).
public struct Logger: Sendable {
    public let label: String
    public let system: LogSystem
    /// Fields added to every line, before the call's own; set with ``subscript(metadataKey:)``.
    private var metadata: [(key: String, value: String)] = []

    public init(label: String, system: LogSystem = .shared) {
        self.label = label
        self.system = system
    }

    /// A field written on every line of this logger, such as the peer of a connection's
    /// logger; a call's metadata with the same key wins.
    public subscript(metadataKey key: String) -> String? {
        get { metadata.first { $0.key == key }?.value }
        set {
            if let index = metadata.firstIndex(where: { $0.key == key }) {
                if let newValue { metadata[index].value = newValue } else { metadata.remove(at: index) }
            } else if let newValue {
                metadata.append((key, newValue))
            }
        }
    }

    /// Whether lines at `level` would be written (before rate limiting): for work that is
    /// worth skipping beyond building the message.
    public func isEnabled(_ level: LogLevel) -> Bool {
        system.isEnabled(level)
    }

    public func log(
        _ level: LogLevel, _ message: @autoclosure () -> String,
        _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]
    ) {
        system.log(level, label: label, loggerMetadata: self.metadata, message: message, metadata: metadata)
    }

    public func trace(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.trace, message(), metadata())
    }

    public func debug(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.debug, message(), metadata())
    }

    public func info(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.info, message(), metadata())
    }

    public func notice(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.notice, message(), metadata())
    }

    public func warning(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.warning, message(), metadata())
    }

    public func error(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.error, message(), metadata())
    }

    public func critical(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.critical, message(), metadata())
    }
}
