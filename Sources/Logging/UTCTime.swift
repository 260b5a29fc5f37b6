/// A wall-clock instant in UTC split into calendar fields, computed in plain integer arithmetic:
/// no locale, no time zone database, no Foundation, no `gmtime`. The one UTC formatter of the
/// package: log lines (`iso8601`), recording file names and `replay info` all read these fields.
public struct UTCTime: Sendable, Equatable {
    public var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millisecond: Int64

    public init(nanosecondsSince1970 nanoseconds: Int64) {
        let milliseconds = Self.floorDivide(nanoseconds, 1_000_000)
        let seconds = Self.floorDivide(milliseconds, 1000)
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        (year, month, day) = Self.civilDate(daysSince1970: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        millisecond = milliseconds - seconds * 1000
    }

    /// `millis` since 1970 (the unit recordings store).
    public init(millis: UInt64) {
        let (nanoseconds, overflow) = Int64(clamping: millis).multipliedReportingOverflow(by: 1_000_000)
        self.init(nanosecondsSince1970: overflow ? Int64.max : nanoseconds)
    }

    /// `2026-11-22T11:43:42.123Z`.
    public var iso8601: String {
        var text = ""
        text.reserveCapacity(24)
        text += Self.padded(year, 4) + "-" + Self.padded(month) + "-" + Self.padded(day)
        text += "T" + Self.padded(hour) + ":" + Self.padded(minute) + ":" + Self.padded(second)
        text += "." + Self.padded(millisecond, 3) + "Z"
        return text
    }

    /// `value` with leading zeros to `width` digits (a sign first if negative).
    public static func padded(_ value: Int64, _ width: Int = 2) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`: count in 400-year eras of 146,097 days starting on 1 March).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // from 1 March
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
