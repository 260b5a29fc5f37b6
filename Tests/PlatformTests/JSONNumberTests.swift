import Testing
@testable import Platform

@Suite("JSON numbers as whole seconds")
struct JSONNumberTests {
    @Test(arguments: [
        ("0", 0, 0), ("-0", 0, 0), ("0.0", 0, 0), ("0e99999999999999999999", 0, 0),
        ("1", 1, 1), ("1.0", 1, 1), ("1.5", 1, 2), ("1.50", 1, 2), ("-1.5", -2, -1), ("-1.0", -1, -1),
        ("1e3", 1000, 1000), ("1.5e1", 15, 15), ("15e-1", 1, 2), ("-15e-1", -2, -1), ("100e-2", 1, 1),
        ("1e-9999", 0, 1), ("-1e-9999", -1, 0), ("0.001", 0, 1),
        ("1300819380.25", 1_300_819_380, 1_300_819_381), ("1300819380", 1_300_819_380, 1_300_819_380),
        ("1e18", 1_000_000_000_000_000_000, 1_000_000_000_000_000_000),
        ("9223372036854775807", Int64.max, Int64.max),
        ("-9223372036854775808", Int64.min, Int64.min),
        ("9223372036854775806.5", Int64.max - 1, Int64.max),
    ] as [(String, Int64?, Int64?)])
    func rounding(literal: String, floor: Int64?, ceiling: Int64?) {
        let number = JSONNumber(literal: literal)
        #expect(number.floor == floor, "floor(\(literal))")
        #expect(number.ceiling == ceiling, "ceiling(\(literal))")
    }

    @Test(arguments: ["9223372036854775808", "-9223372036854775809", "1e19", "1e99999999999999999999",
                      "-1e19", "12345678901234567890", "92233720368547758080e-1"])
    func outOfRange(literal: String) {
        let number = JSONNumber(literal: literal)
        #expect(number.floor == nil && number.ceiling == nil, "\(literal)")
    }

    @Test func edgeOfRangeWithFraction() {
        #expect(JSONNumber(literal: "9223372036854775807.5").floor == Int64.max)
        #expect(JSONNumber(literal: "9223372036854775807.5").ceiling == nil)
        #expect(JSONNumber(literal: "-9223372036854775808.5").ceiling == Int64.min)
        #expect(JSONNumber(literal: "-9223372036854775808.5").floor == nil)
    }
}
