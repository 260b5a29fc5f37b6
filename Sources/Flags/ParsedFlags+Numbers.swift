extension ParsedFlags {
    /// An integer in `range`: `--port must be an integer from 0 to 65535, got 'abc'`.
    public func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(FlagError) -> Int? {
        let expected = "an integer" + ValueSyntax.describeRange(
            range, naturalLower: Int.min, naturalUpper: Int.max, format: String.init)
        return try convert(name, range: range, expected: expected, parse: ValueSyntax.parseInteger)
    }

    /// A finite decimal number in `range` (`0.25`, `-3`, `1e-3`; never `nan` or `inf`).
    public func double(
        _ name: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) throws(FlagError) -> Double? {
        let expected = "a number" + ValueSyntax.describeRange(
            range, naturalLower: -Double.greatestFiniteMagnitude, naturalUpper: Double.greatestFiniteMagnitude,
            format: ValueSyntax.formatNumber)
        return try convert(name, range: range, expected: expected, parse: ValueSyntax.parseDecimal)
    }

    /// A size in bytes: `16777216`, `16M`, `16MiB`, `64k`, `512KiB`. Every unit is binary
    /// (K, KB and KiB all mean 1024); units are case-insensitive; whole numbers only.
    public func byteSize(_ name: String, in range: ClosedRange<Int> = 0...Int.max) throws(FlagError) -> Int? {
        let expected = "a byte size" + ValueSyntax.describeRange(
            range, naturalLower: 0, naturalUpper: Int.max, format: ValueSyntax.formatByteSize)
        return try convert(
            name, range: range, expected: expected, example: "like 65536, 64K or 16MiB",
            parse: ValueSyntax.parseByteSize)
    }

    /// A duration in seconds: `10s`, `500ms`, `2m`, `1h30m`, `250us`, or a bare number of
    /// seconds (`1.5`). A leading `-` is allowed when `range` admits negative durations.
    public func duration(
        _ name: String, in range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude
    ) throws(FlagError) -> Double? {
        let expected = "a duration" + ValueSyntax.describeRange(
            range, naturalLower: -Double.greatestFiniteMagnitude, naturalUpper: Double.greatestFiniteMagnitude,
            format: ValueSyntax.formatDuration)
        return try convert(
            name, range: range, expected: expected, example: "like 10s, 500ms, 2m or 1.5 for seconds",
            parse: ValueSyntax.parseDuration)
    }

    /// Reads the flag's value (or default) with `parse` and checks it against `range`.
    /// `example` shows the accepted forms, and is added to the message only when the text
    /// does not have one of them.
    private func convert<T: Comparable>(
        _ name: String, range: ClosedRange<T>, expected: String, example: String? = nil,
        parse: (String) -> Conversion<T>
    ) throws(FlagError) -> T? {
        guard let (text, isDefault) = rawValue(name) else { return nil }
        let conversion = parse(text)
        if case .value(let value) = conversion, range.contains(value) { return value }
        precondition(!isDefault, "Flags: the default '\(text)' of --\(name) is not \(expected)")
        var phrase = expected
        if let example, case .malformed = conversion { phrase += " (\(example))" }
        throw FlagError("--\(name) must be \(phrase), got '\(text)'")
    }
}
