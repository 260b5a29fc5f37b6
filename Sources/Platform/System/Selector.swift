/// What a descriptor wants to hear about.
public struct SelectorInterest: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = SelectorInterest(rawValue: 1)
    public static let write = SelectorInterest(rawValue: 2)
}

/// One readiness report: the registration's token and what happened.
public struct SelectorEvent: Sendable {
    public var token: UInt64
    public var readable: Bool
    public var writable: Bool
    /// Error or hang-up: the owner should read (to see EOF / the error) and tear down.
    public var failed: Bool
}

/// The readiness API the event loop is written against. Linux implements it with epoll
/// (`Selector+Epoll.swift`); a kqueue backend can sit beside it without touching the loop.
/// The loop uses the concrete `PlatformSelector`, so calls are static, not existential.
protocol IOSelector: ~Copyable {
    init(maxEvents: Int) throws(SystemError)
    func register(fd: Int32, token: UInt64, interest: SelectorInterest) throws(SystemError)
    func reregister(fd: Int32, token: UInt64, interest: SelectorInterest) throws(SystemError)
    func deregister(fd: Int32)
    /// Waits up to `timeoutMilliseconds` (-1 = forever) and calls `body` for each ready descriptor.
    func wait(timeoutMilliseconds: Int32, _ body: (SelectorEvent) -> Void) throws(SystemError)
}

#if os(Linux)
typealias PlatformSelector = EpollSelector
#endif
