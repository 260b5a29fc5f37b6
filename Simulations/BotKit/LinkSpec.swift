import Foundation

/// A network link as the load tester simulates it, written `DELAY[±JITTER][,bw=RATE][,stall=DURATION/EVERY]`:
/// one-way delay and its jitter (uniform, each direction; delivery stays in order, as on TCP),
/// a bandwidth cap (`kbit`, `mbit` or `bit` per second; serialization delay queues behind it)
/// and periodic stalls (nothing is delivered for DURATION once every EVERY, then the backlog
/// arrives at once, as after a Wi-Fi or cellular hiccup). `75ms±20ms`, `150ms+-30ms,bw=2mbit`,
/// `100ms±30ms,stall=300ms/5s`; `0ms` is a direct link.
public struct LinkSpec: Sendable, Hashable, CustomStringConvertible {
    public var delay: Double
    public var jitter: Double
    /// Bits per second; nil: no cap.
    public var bitsPerSecond: Double?
    public var stall: (duration: Double, every: Double)?

    public init(delay: Double, jitter: Double = 0, bitsPerSecond: Double? = nil, stall: (duration: Double, every: Double)? = nil) {
        self.delay = delay
        self.jitter = jitter
        self.bitsPerSecond = bitsPerSecond
        self.stall = stall
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ text: String) throws(ParseError) -> LinkSpec {
        func fail(_ why: String) -> ParseError { ParseError(description: "link '\(text)': \(why) (e.g. 75ms±20ms,bw=2mbit,stall=300ms/5s)") }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { throw fail("no delay") }
        let delayParts = first.replacingOccurrences(of: "+-", with: "±").split(separator: "±", omittingEmptySubsequences: false)
        guard (1...2).contains(delayParts.count), let delay = duration(String(delayParts[0])) else { throw fail("bad delay") }
        var spec = LinkSpec(delay: delay)
        if delayParts.count == 2 {
            guard let jitter = duration(String(delayParts[1])), jitter <= delay else { throw fail("bad jitter (at most the delay)") }
            spec.jitter = jitter
        }
        for part in parts.dropFirst() {
            if part.hasPrefix("bw=") {
                guard let rate = bitRate(String(part.dropFirst(3))), rate >= 1_000 else { throw fail("bad bandwidth (at least 1kbit)") }
                spec.bitsPerSecond = rate
            } else if part.hasPrefix("stall=") {
                let pieces = part.dropFirst(6).split(separator: "/", omittingEmptySubsequences: false)
                guard pieces.count == 2, let length = duration(String(pieces[0])), let every = duration(String(pieces[1])),
                      length > 0, every > length else { throw fail("bad stall (DURATION/EVERY, EVERY longer)") }
                spec.stall = (length, every)
            } else {
                throw fail("unknown part '\(part)'")
            }
        }
        guard spec.delay <= 10 else { throw fail("a delay over 10 s") }
        return spec
    }

    /// `75ms`, `0.2s`, `1s`: seconds.
    static func duration(_ text: String) -> Double? {
        let value: Double?
        if text.hasSuffix("ms") { value = Double(text.dropLast(2)).map { $0 / 1_000 } } else if text.hasSuffix("s") { value = Double(text.dropLast()) } else { value = nil }
        guard let value, value.isFinite, value >= 0 else { return nil }
        return value
    }

    static func bitRate(_ text: String) -> Double? {
        let units: [(String, Double)] = [("mbit", 1e6), ("kbit", 1e3), ("bit", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite, value > 0 else { return nil }
            return value * scale
        }
        return nil
    }

    public var description: String {
        var text = "\(Self.format(delay))"
        if jitter > 0 { text += "±\(Self.format(jitter))" }
        if let bitsPerSecond { text += ",bw=\(bitsPerSecond >= 1e6 ? "\(Self.trim(bitsPerSecond / 1e6))mbit" : "\(Self.trim(bitsPerSecond / 1e3))kbit")" }
        if let stall { text += ",stall=\(Self.format(stall.duration))/\(Self.format(stall.every))" }
        return text
    }

    static func format(_ seconds: Double) -> String { seconds < 1 || seconds != seconds.rounded() ? "\(trim(seconds * 1_000))ms" : "\(trim(seconds))s" }
    static func trim(_ value: Double) -> String { value == value.rounded() ? "\(Int(value))" : "\(value)" }

    public static func == (a: LinkSpec, b: LinkSpec) -> Bool {
        a.delay == b.delay && a.jitter == b.jitter && a.bitsPerSecond == b.bitsPerSecond
            && a.stall?.duration == b.stall?.duration && a.stall?.every == b.stall?.every
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(delay); hasher.combine(jitter); hasher.combine(bitsPerSecond)
        hasher.combine(stall?.duration); hasher.combine(stall?.every)
    }
}
