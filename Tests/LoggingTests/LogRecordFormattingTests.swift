#if canImport(Glibc)
import Glibc
#endif
@testable import Logging
import Testing

@Suite struct LogRecordFormattingTests {
    private func line(_ message: String, _ metadata: [(key: String, value: String)] = [], suppressed: Int = 0,
                      label: String = "ws.server", maxBytes: Int = LogRecord.maxLineBytes - 1) -> String {
        LogRecord(wallClockNanoseconds: 0, level: .error, label: label, message: message, metadata: metadata,
                  suppressedCount: suppressed).formatted(maxBytes: maxBytes)
    }

    @Test(arguments: [
        (1_795_347_822_123_000_000, "2026-11-22T11:43:42.123Z"),
        (951_868_799_999_000_000, "2000-02-29T23:59:59.999Z"),
        (4_107_542_400_000_000_000, "2100-03-01T00:00:00.000Z"),
        (1_700_000_000_000_999_999, "2023-11-14T22:13:20.000Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-2_208_988_800_000_000_000, "1900-01-01T00:00:00.000Z"),
        (Int64.max, "2262-04-11T23:47:16.854Z"),
        (Int64.min, "1677-09-21T00:12:43.145Z"),
    ] as [(Int64, String)])
    func timestamps(nanoseconds: Int64, text: String) {
        #expect(UTCTime(nanosecondsSince1970: nanoseconds).iso8601 == text)
    }

    @Test func utcFieldsAgreeWithTheCLibraryOverTwoCenturies() {
        // The recordings' names used gmtime_r before there was one UTC formatter: the fields
        // must be the same for every instant a recording can carry.
        var mismatches = 0
        var millis: UInt64 = 0
        while millis < 7_258_118_400_000 {  // 1970 ... 2200, in steps that visit every hour and day
            var seconds = time_t(millis / 1000)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            let t = UTCTime(millis: millis)
            let fields: [Int64] = [t.year, t.month, t.day, t.hour, t.minute, t.second, t.millisecond]
            var expected: [Int64] = [Int64(parts.tm_year) + 1900, Int64(parts.tm_mon) + 1, Int64(parts.tm_mday)]
            expected += [Int64(parts.tm_hour), Int64(parts.tm_min), Int64(parts.tm_sec), Int64(millis % 1000)]
            if fields != expected { mismatches += 1 }
            millis += 3_599_999_937
        }
        #expect(mismatches == 0)
    }

    @Test func civilDatesMatchCountingDayByDayFrom1600To2400() {
        func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
        let lengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var (year, month, day): (Int64, Int64, Int64) = (1600, 1, 1)
        var days: Int64 = -135_140  // 1600-01-01
        var mismatches = 0
        while year < 2400 {
            if UTCTime.civilDate(daysSince1970: days) != (year, month, day) { mismatches += 1 }
            days += 1
            day += 1
            if day > lengths[Int(month) - 1] + (month == 2 && isLeap(year) ? 1 : 0) {
                (month, day) = (month + 1, 1)
                if month > 12 { (year, month) = (year + 1, 1) }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func controlCharactersCannotStartANewLine() {
        #expect(line("bad name: a\nb\r\tc\u{1B}[2J\u{7F}\u{85}é")
            == #"1970-01-01T00:00:00.000Z error ws.server: bad name: a\nb\r\tc\u{1B}[2J\u{7F}\u{85}é"#)
        #expect(line("x", label: "a\nb") == #"1970-01-01T00:00:00.000Z error a\nb: x"#)
    }

    @Test func metadataValuesAreQuotedWhenTheyCouldBeMisread() {
        let fields: [(key: String, value: String)] = [
            ("plain", "127.0.0.1:5512"), ("empty", ""), ("space", "a b"), ("quote", #"say "hi""#),
            ("equals", "a=b"), ("slash", #"C:\x"#), ("newline", "a\nb"), ("odd key", "v"), ("unicode", "héllo"),
        ]
        #expect(line("m", fields) == "1970-01-01T00:00:00.000Z error ws.server: m plain=127.0.0.1:5512 empty=\"\" "
            + #"space="a b" quote="say \"hi\"" equals="a=b" slash="C:\\x" newline=a\nb "odd key"=v unicode=héllo"#)
    }

    @Test func suppressedLinesAreNotedAtTheEnd() {
        #expect(line("m", [("k", "v")], suppressed: 1).hasSuffix("m k=v (1 similar line suppressed)"))
        #expect(line("m", suppressed: 37).hasSuffix("m (37 similar lines suppressed)"))
    }

    @Test func longLinesAreCutBetweenCharactersAndKeepTheirNote() {
        let message = String(repeating: "é", count: 5000)  // 2 bytes each
        let full = line(message, [("k", "v")], suppressed: 3)
        #expect(full.utf8.count <= LogRecord.maxLineBytes - 1)
        #expect(full.utf8.count >= LogRecord.maxLineBytes - 2)
        #expect(full.hasSuffix("éé [truncated] (3 similar lines suppressed)"))
        #expect(full.hasPrefix("1970-01-01T00:00:00.000Z error ws.server: éé"))

        let alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        #expect(line(alphabet, maxBytes: 60) == "1970-01-01T00:00:00.000Z error ws.server: 012345 [truncated]")
        #expect(line("0123456789", maxBytes: 52) == "1970-01-01T00:00:00.000Z error ws.server: 0123456789")
        #expect(line(alphabet, maxBytes: 20) == "1970-01-01T00:00:00.")
    }
}
