/// How far a once-a-second figure (the server's memory, its descriptors) rose during a long
/// run, after its warm-up: the samples after `warmup` are cut into `windows` equal spans, and
/// the growth is the largest span's median against the first span's, in percent. Medians, so
/// that one busy second (a burst of joins, a garbage spike) is not read as a leak; every span
/// against the first, so that a rise that later falls back is still seen.
public struct SeriesGrowth: Sendable, Equatable {
    /// The first span's median, the largest span's median, and where that span ends (seconds).
    public var baseline: Double
    public var peak: Double
    public var peakEndsAt: Double

    public var percent: Double { baseline > 0 ? (peak / baseline - 1) * 100 : (peak > 0 ? .infinity : 0) }

    /// Nil when there are fewer than `windows` × 3 samples after the warm-up: too short to say.
    public init?(_ points: [(seconds: Double, value: Double)], warmup: Double, windows: Int = 10) {
        let kept = points.filter { $0.seconds >= warmup }
        guard windows >= 2, kept.count >= windows * 3 else { return nil }
        var medians: [(Double, Double)] = []
        for index in 0..<windows {
            let span = kept[(kept.count * index / windows) ..< (kept.count * (index + 1) / windows)]
            let values = span.map(\.value).sorted()
            medians.append((values[values.count / 2], span.last!.seconds))
        }
        baseline = medians[0].0
        let top = medians.dropFirst().max { $0.0 < $1.0 }!
        peak = max(top.0, baseline)
        peakEndsAt = top.0 >= baseline ? top.1 : medians[0].1
    }
}
