/// Bounds on what the HTTP parsers will buffer, all checked as bytes arrive.
///
/// The defaults are generous for browsers and bots (a WebSocket handshake is well under
/// 1 KiB) while keeping the memory a single idle or hostile connection can pin small.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Largest head (start line, header lines and the blank line that ends them) in bytes.
    /// Exceeding it answers 431.
    public var maxHeaderBytes = 8192
    /// Most header lines accepted. Exceeding it answers 431.
    public var maxHeaderCount = 64
    /// Longest request target in bytes. Exceeding it answers 414 — as soon as the
    /// target grows past it, without waiting for the line to end.
    public var maxTargetLength = 2048
    /// Largest request body the parser will ever read, whatever a route allows (each route
    /// that takes a body sets its own, smaller bound with `HTTPRoute.readBody`). A larger
    /// Content-Length answers 413 from the head alone.
    public var maxBodyBytes = 1 << 20

    public init() {}

    public init(maxHeaderBytes: Int = 8192, maxHeaderCount: Int = 64, maxTargetLength: Int = 2048,
                maxBodyBytes: Int = 1 << 20) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxTargetLength = maxTargetLength
        self.maxBodyBytes = maxBodyBytes
    }
}
