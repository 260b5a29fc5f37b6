/// What a flag's text turned out to be.
enum Conversion<Value> {
    case value(Value)
    /// The right form, but too large (or small) for the type: `99999999999999999999G`.
    case outOfRange
    case malformed
}

/// The text forms of numbers, byte sizes and durations, and how ranges are described in
/// messages. Pure functions over strings, so every edge is tested directly.
enum ValueSyntax {
    // MARK: Numbers

    /// An integer with an optional sign: `42`, `-7`, `+3`.
    static func parseInteger(_ text: String) -> Conversion<Int> {
        if let value = Int(text) { return .value(value) }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        let isInteger = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        return isInteger ? .outOfRange : .malformed
    }

    /// A decimal number: digits with an optional point, sign and exponent. Unlike
    /// `Double.init(_:)` this refuses `nan`, `inf` and hexadecimal.
    static func parseDecimal(_ text: String) -> Conversion<Double> {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(text) else { return .malformed }
        return value.isFinite ? .value(value) : .outOfRange
    }

    // MARK: Byte sizes

    /// Binary multipliers by lower-cased unit. Every unit is binary: K = KB = KiB = 1024.
    private static let byteUnits: [String: Int] = [
        "": 1, "b": 1,
        "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
        "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
        "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
        "t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
    ]

    /// `16777216`, `16M`, `16MiB`, `64k`, `512 KiB` → bytes. Whole numbers only.
    static func parseByteSize(_ text: String) -> Conversion<Int> {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        var unit = text[digits.endIndex...]
        if unit.first == " " { unit = unit.dropFirst() }
        guard !digits.isEmpty, let multiplier = byteUnits[unit.lowercased()] else { return .malformed }
        guard let number = Int(digits) else { return .outOfRange }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? .outOfRange : .value(bytes)
    }

    /// `16MiB` for exact multiples of a binary unit, else the plain number of bytes.
    static func formatByteSize(_ bytes: Int) -> String {
        for (unit, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)]
        where bytes != 0 && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return String(bytes)
    }

    // MARK: Durations

    private static let durationUnits: [(suffix: String, seconds: Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("\u{B5}s", 1e-6), ("\u{3BC}s", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
    ]

    /// `10s`, `500ms`, `2m`, `1h30m`, `1.5s`, `250us`; a bare number is seconds. A leading
    /// `-` negates the whole duration. Returns seconds.
    static func parseDuration(_ text: String) -> Conversion<Double> {
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        }
        guard let leading = takeDecimal(&rest) else { return .malformed }
        if rest.isEmpty { return finite(sign * leading) }
        var total = 0.0
        var number = leading
        while true {
            let letters = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = durationUnits.first(where: { $0.suffix == letters }) else { return .malformed }
            total += number * unit.seconds
            rest = rest.dropFirst(letters.count)
            if rest.isEmpty { return finite(sign * total) }
            guard let next = takeDecimal(&rest) else { return .malformed }
            number = next
        }
    }

    /// Reads `12`, `1.5` or `.5` from the front of `text`.
    private static func takeDecimal(_ text: inout Substring) -> Double? {
        let end = text.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? text.endIndex
        let number = text[..<end]
        guard number.contains(where: \.isNumber), number.filter({ $0 == "." }).count <= 1,
              let value = Double(number) else { return nil }
        text = text[end...]
        return value
    }

    private static func finite(_ value: Double) -> Conversion<Double> {
        value.isFinite ? .value(value) : .outOfRange
    }

    /// `1h`, `2m`, `10s`, `1.5s`, `500ms`: the largest unit that shows the value exactly.
    static func formatDuration(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        if seconds.magnitude >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 {
            return formatNumber(seconds / 3600) + "h"
        }
        if seconds.magnitude >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 {
            return formatNumber(seconds / 60) + "m"
        }
        if seconds.magnitude >= 1 { return formatNumber(seconds) + "s" }
        let milliseconds = seconds * 1000
        if milliseconds == milliseconds.rounded() { return formatNumber(milliseconds) + "ms" }
        return formatNumber(seconds) + "s"
    }

    // MARK: Messages

    /// `1` rather than `1.0`; other values as Swift prints them.
    static func formatNumber(_ value: Double) -> String {
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// `" from 0 to 65535"`, `" of at least 1"`, `" of at most 10"` or `""`: the range as
    /// a phrase following "must be an integer". A bound equal to `natural` (the type's own
    /// limit, such as 0 for sizes) goes unmentioned.
    static func describeRange<T: Comparable>(
        _ range: ClosedRange<T>, naturalLower: T, naturalUpper: T, format: (T) -> String
    ) -> String {
        switch (range.lowerBound <= naturalLower, range.upperBound >= naturalUpper) {
        case (true, true): return ""
        case (true, false): return " of at most \(format(range.upperBound))"
        case (false, true): return " of at least \(format(range.lowerBound))"
        case (false, false): return " from \(format(range.lowerBound)) to \(format(range.upperBound))"
        }
    }
}
