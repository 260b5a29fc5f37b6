import Flags
import Testing

/// Typed accessors: what they accept, and the exact message for what they refuse.
@Suite struct ValueTests {
    private func flags(_ args: [String]) throws -> ParsedFlags {
        try #require(Fixtures.parsed(args))
    }

    // MARK: Integers

    @Test(arguments: [("0", 0), ("65535", 65535), ("+80", 80), ("-0", 0), ("007", 7)] as [(String, Int)])
    func integersInRange(text: String, value: Int) throws {
        #expect(try flags(["--port", text]).int("port", in: 0...65535) == value)
    }

    @Test(arguments: ["abc", "", "65536", "-1", " 80", "80 ", "8_0", "0x50", "1e3", "99999999999999999999", "-", "+"])
    func integersRefused(text: String) throws {
        let parsed = try flags(["--port=\(text)"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.int("port", in: 0...65535) }
            == "--port must be an integer from 0 to 65535, got '\(text)'")
    }

    @Test func integerRangePhrases() throws {
        let parsed = try flags(["--tick-hz", "x"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.int("tick-hz") }
            == "--tick-hz must be an integer, got 'x'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.int("tick-hz", in: 1...Int.max) }
            == "--tick-hz must be an integer of at least 1, got 'x'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.int("tick-hz", in: Int.min...10) }
            == "--tick-hz must be an integer of at most 10, got 'x'")
    }

    @Test func negativeIntegers() throws {
        #expect(try flags(["--tick-hz", "-5"]).int("tick-hz") == -5)
        #expect(try flags(["--tick-hz=-9223372036854775808"]).int("tick-hz") == Int.min)
    }

    // MARK: Doubles

    @Test(arguments: [("0", 0.0), ("0.25", 0.25), ("1", 1), ("1e-3", 0.001), (".5", 0.5), ("1.", 1)])
    func numbersInRange(text: String, value: Double) throws {
        #expect(try flags(["--loss", text]).double("loss", in: 0...1) == value)
    }

    @Test(arguments: ["-0.5", "1.01", "nan", "inf", "-inf", "0x1p-2", "", "half", "1e999", "1,5"])
    func numbersRefused(text: String) throws {
        let parsed = try flags(["--loss=\(text)"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.double("loss", in: 0...1) }
            == "--loss must be a number from 0 to 1, got '\(text)'")
    }

    @Test func numberRangesPrintFractionsAsTheyAre() throws {
        let parsed = try flags(["--loss", "2"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.double("loss", in: 0.05...0.5) }
            == "--loss must be a number from 0.05 to 0.5, got '2'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.double("loss", in: -1e300...1) }
            == "--loss must be a number from -1e+300 to 1, got '2'")
        #expect(try parsed.double("loss") == 2)
    }

    // MARK: Byte sizes

    @Test(arguments: [
        ("16777216", 16_777_216), ("16M", 16 << 20), ("16MiB", 16 << 20), ("16mb", 16 << 20), ("64k", 64 << 10),
        ("512KiB", 512 << 10), ("512kib", 512 << 10), ("1G", 1 << 30), ("1 GiB", 1 << 30), ("2t", 2 << 40),
        ("0", 0), ("0K", 0), ("100B", 100), ("8388607T", 8_388_607 << 40),
    ] as [(String, Int)])
    func byteSizesInAllUnits(text: String, bytes: Int) throws {
        #expect(try flags(["--max-message", text]).byteSize("max-message") == bytes)
    }

    @Test(arguments: ["16Q", "", "-1", "1.5M", "M", "16 M B", "16  M", "0x10", "16MiB ", "Ⅷ", "１６"])
    func malformedByteSizesShowExamples(text: String) throws {
        let parsed = try flags(["--max-message=\(text)"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.byteSize("max-message", in: 1...(1 << 30)) }
            == "--max-message must be a byte size from 1 to 1GiB (like 65536, 64K or 16MiB), got '\(text)'")
    }

    @Test(arguments: ["99999999999999999999G", "99999999999999999999", "8388608T", "2GiB", "0"])
    func oversizedByteSizesShowTheRange(text: String) throws {
        let parsed = try flags(["--max-message", text])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.byteSize("max-message", in: 1...(1 << 30)) }
            == "--max-message must be a byte size from 1 to 1GiB, got '\(text)'")
    }

    @Test func byteSizeRangePhrases() throws {
        let parsed = try flags(["--max-message", "x"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.byteSize("max-message") }
            == "--max-message must be a byte size (like 65536, 64K or 16MiB), got 'x'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.byteSize("max-message", in: 1000...1_048_577) }
            == "--max-message must be a byte size from 1000 to 1048577 (like 65536, 64K or 16MiB), got 'x'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.byteSize("max-message", in: 0...(3 << 40)) }
            == "--max-message must be a byte size of at most 3TiB (like 65536, 64K or 16MiB), got 'x'")
    }

    // MARK: Durations

    @Test(arguments: [
        ("10s", 10.0), ("500ms", 0.5), ("2m", 120), ("1h", 3600), ("1h30m", 5400), ("1m0.5s", 60.5),
        ("1.5", 1.5), ("10", 10), ("0", 0), (".25s", 0.25), ("250us", 0.00025), ("250µs", 0.00025), ("250μs", 0.00025), ("100ns", 1e-7),
    ] as [(String, Double)])
    func durationsInAllUnits(text: String, seconds: Double) throws {
        let value = try #require(try flags(["--idle-timeout", text]).duration("idle-timeout"))
        #expect(abs(value - seconds) <= seconds * 1e-12)
    }

    @Test(arguments: ["10x", "s", "", "1.2.3s", "10 s", "10S", "inf", "nan", "1e3s", "+5s", "5s-", "--5s", "1h 30m"])
    func malformedDurationsShowExamples(text: String) throws {
        let parsed = try flags(["--idle-timeout=\(text)"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.duration("idle-timeout", in: 1...3600) }
            == "--idle-timeout must be a duration from 1s to 1h (like 10s, 500ms, 2m or 1.5 for seconds), got '\(text)'")
    }

    @Test(arguments: ["0.5s", "61m", "-5s", String(repeating: "9", count: 400) + "h"])
    func durationsOutOfRangeShowTheRange(text: String) throws {
        let parsed = try flags(["--idle-timeout", text])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.duration("idle-timeout", in: 1...3600) }
            == "--idle-timeout must be a duration from 1s to 1h, got '\(text)'")
    }

    @Test func durationRangePhrases() throws {
        let parsed = try flags(["--idle-timeout", "-1s"])
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.duration("idle-timeout") }
            == "--idle-timeout must be a duration of at least 0s, got '-1s'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.duration("idle-timeout", in: 0.25...90) }
            == "--idle-timeout must be a duration from 250ms to 90s, got '-1s'")
        #expect(Fixtures.valueError { () throws(FlagError) in try parsed.duration("idle-timeout", in: 0.0005...7200) }
            == "--idle-timeout must be a duration from 0.0005s to 2h, got '-1s'")
        #expect(try parsed.duration("idle-timeout", in: -2...2) == -1)
    }
}
