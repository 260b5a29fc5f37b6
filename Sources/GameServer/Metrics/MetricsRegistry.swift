import Synchronization

/// A monotonically increasing count, updated with one relaxed atomic add from any thread.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    @inline(__always) public func increment(by amount: Int = 1) { value.wrappingAdd(amount, ordering: .relaxed) }
    public var current: Int { value.load(ordering: .relaxed) }
}

/// A value that goes up and down (players online, rooms).
public final class Gauge: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    @inline(__always) public func set(_ newValue: Int) { value.store(newValue, ordering: .relaxed) }
    @inline(__always) public func add(_ amount: Int) { value.wrappingAdd(amount, ordering: .relaxed) }
    public var current: Int { value.load(ordering: .relaxed) }
}

/// Observations counted into fixed buckets (cumulative on output, as Prometheus expects).
/// Bucket bounds are in the histogram's unit (e.g. seconds). One lock keeps count, sum and
/// buckets consistent; a hot path (a room's ticks) batches its observations with
/// `observe(contentsOf:)` so that every room's thread does not take it every tick.
public final class Histogram: Sendable {
    struct State {
        var buckets: [Int]
        var count = 0
        var sum = 0.0
    }

    public let bounds: [Double]
    private let state: Mutex<State>

    public init(bounds: [Double]) {
        precondition(bounds == bounds.sorted(), "histogram bounds must be ascending")
        self.bounds = bounds
        state = Mutex(State(buckets: Array(repeating: 0, count: bounds.count)))
    }

    public func observe(_ value: Double) {
        let index = bucket(of: value)
        state.withLock { state in
            if index < state.buckets.count { state.buckets[index] += 1 }
            state.count += 1
            state.sum += value
        }
    }

    /// Many observations under one lock.
    public func observe(contentsOf values: some Collection<Double>) {
        guard !values.isEmpty else { return }
        state.withLock { state in
            for value in values {
                let index = bucket(of: value)
                if index < state.buckets.count { state.buckets[index] += 1 }
                state.count += 1
                state.sum += value
            }
        }
    }

    private func bucket(of value: Double) -> Int {
        var index = 0
        while index < bounds.count && value > bounds[index] { index += 1 }
        return index
    }

    public var observations: Int { state.withLock { $0.count } }

    /// Cumulative bucket counts, the +Inf count and the sum.
    func snapshot() -> (cumulative: [Int], count: Int, sum: Double) {
        state.withLock { state in
            var running = 0
            let cumulative = state.buckets.map { bucket -> Int in
                running += bucket
                return running
            }
            return (cumulative, state.count, state.sum)
        }
    }
}

/// Named metrics rendered in the Prometheus text exposition format (version 0.0.4). Metrics
/// are registered once at start-up; rendering reads atomics and never blocks the game.
public final class MetricsRegistry: Sendable {
    enum Metric {
        case counter(Counter)
        case gauge(Gauge)
        case computedGauge(@Sendable () -> Double)
        case histogram(Histogram)
        case summary(RecentWindow)
    }

    struct Entry {
        var name: String
        var help: String
        var type: String
        var series: [(labels: String, metric: Metric)]
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        let counter = Counter()
        add(name, help: help, type: "counter", labels: labels, metric: .counter(counter))
        return counter
    }

    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        let gauge = Gauge()
        add(name, help: help, type: "gauge", labels: labels, metric: .gauge(gauge))
        return gauge
    }

    /// A gauge read at scrape time (e.g. a value another component already keeps).
    public func gauge(_ name: String, help: String, labels: [(String, String)] = [], read: @escaping @Sendable () -> Double) {
        add(name, help: help, type: "gauge", labels: labels, metric: .computedGauge(read))
    }

    /// A counter read at scrape time from a count another component keeps.
    public func counter(_ name: String, help: String, labels: [(String, String)] = [], read: @escaping @Sendable () -> Double) {
        add(name, help: help, type: "counter", labels: labels, metric: .computedGauge(read))
    }

    public func histogram(_ name: String, help: String, bounds: [Double]) -> Histogram {
        let histogram = Histogram(bounds: bounds)
        add(name, help: help, type: "histogram", labels: [], metric: .histogram(histogram))
        return histogram
    }

    private func add(_ name: String, help: String, type: String, labels: [(String, String)], metric: Metric) {
        precondition(Self.isValidName(name), "invalid metric name \(name)")
        let labelText = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.name == name }) {
                precondition(entries[index].type == type, "metric \(name) registered with two types")
                entries[index].series.append((labelText, metric))
            } else {
                entries.append(Entry(name: name, help: help, type: type, series: [(labelText, metric)]))
            }
        }
    }

    /// Quantiles 0.5, 0.9, 0.99 and 1 (the maximum) over a sliding window of observations.
    public func summary(_ name: String, help: String, window: Int) -> RecentWindow {
        let recent = RecentWindow(capacity: window)
        add(name, help: help, type: "summary", labels: [], metric: .summary(recent))
        return recent
    }

    static let summaryQuantiles: [Double] = [0.5, 0.9, 0.99, 1]

    /// The whole exposition, one `# HELP` and `# TYPE` line per family.
    public func render() -> String {
        var out = ""
        for entry in entries.withLock({ $0 }) {
            out += "# HELP \(entry.name) \(entry.help)\n# TYPE \(entry.name) \(entry.type)\n"
            for (labels, metric) in entry.series {
                switch metric {
                case .counter(let counter): out += "\(entry.name)\(labels) \(counter.current)\n"
                case .gauge(let gauge): out += "\(entry.name)\(labels) \(gauge.current)\n"
                case .computedGauge(let read): out += "\(entry.name)\(labels) \(Self.format(read()))\n"
                case .histogram(let histogram):
                    let (cumulative, count, sum) = histogram.snapshot()
                    for (bound, value) in zip(histogram.bounds, cumulative) {
                        out += "\(entry.name)_bucket{le=\"\(Self.format(bound))\"} \(value)\n"
                    }
                    out += "\(entry.name)_bucket{le=\"+Inf\"} \(count)\n"
                    out += "\(entry.name)_sum \(Self.format(sum))\n\(entry.name)_count \(count)\n"
                case .summary(let window):
                    for (q, value) in zip(Self.summaryQuantiles, window.quantiles(Self.summaryQuantiles)) {
                        out += "\(entry.name){quantile=\"\(Self.format(q))\"} \(value)\n"
                    }
                    out += "\(entry.name)_count \(window.count)\n"
                }
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == ":" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
