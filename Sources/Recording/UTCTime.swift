import Glibc

/// A wall-clock instant in UTC, split into fields with zero-padded text: recordings are named
/// by their start (`RecordingWriter.fileName`) and described by it (`replay info`).
public struct UTCTime: Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int

    /// `millis` since 1970.
    public init(millis: UInt64) {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
        millisecond = Int(millis % 1000)
    }

    /// `value` with leading zeros to `width` digits.
    public static func padded(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
