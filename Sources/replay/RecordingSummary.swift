import Glibc
import Logging
import Recording

/// `replay info`'s text: what a person wants to know about a recording at a glance.
struct RecordingSummary {
    let index: RecordingIndex
    let path: String

    var text: String {
        let header = index.header
        // Match time: a finished match's end excludes what ran after the last player left.
        let matchTicks = index.end.map { min($0.matchTicks, index.endTick) } ?? index.endTick
        let seconds = Double(matchTicks) / Double(header.tickRate)
        var lines = [path]
        let settings = header.settings.entries.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        lines.append("  game       \(header.gameName) v\(header.gameVersion), \(header.tickRate) Hz, seed \(header.seed)"
                     + (settings.isEmpty ? "" : ", settings \(settings)"))
        lines.append("  started    \(Self.utc(millis: header.startedAtMillis)) (room \(header.roomID))")
        lines.append("  duration   \(Self.duration(seconds)) (\(matchTicks) ticks"
                     + (matchTicks < index.endTick ? "; \(index.endTick) recorded, the rest after the last player left" : "") + ")")
        let names = index.everyone.prefix(20).map { "\($0.name) (#\($0.player))" }.joined(separator: ", ")
        lines.append("  players    \(index.everyone.count) (at most \(index.peakPlayers) at once)"
                     + (names.isEmpty ? "" : ": \(names)\(index.everyone.count > 20 ? ", …" : "")"))
        lines.append("  calls      \(index.inputCount) inputs, \(index.joinCount) joins, \(index.leaveCount) leaves")
        lines.append("  keyframes  \(index.keyframes.count) (every \(header.keyframeInterval) ticks)")
        let ticks = index.bytesByKind[.tick] ?? 0, keyframes = index.bytesByKind[.keyframe] ?? 0
        lines.append("  size       \(Self.bytes(index.fileSize)) (ticks \(Self.bytes(ticks)), keyframes \(Self.bytes(keyframes))"
                     + (index.endTick > 0 ? ", \(Self.bytes(Int(Double(index.fileSize) * Double(header.tickRate) / Double(index.endTick))))/s" : "") + ")")
        if let end = index.end {
            lines.append("  status     complete: \(end.reason)")
        } else if let damage = index.damage {
            switch damage.kind {
            case .truncated: lines.append("  status     cut off (\(damage)); the \(index.endTick) ticks before it are readable")
            default: lines.append("  status     DAMAGED (\(damage)); the \(index.endTick) ticks before it are readable")
            }
        } else {
            lines.append("  status     no end record (the match may still be running)")
        }
        return lines.joined(separator: "\n")
    }

    static func utc(millis: UInt64) -> String {
        let t = UTCTime(millis: millis), p = UTCTime.padded
        return "\(t.year)-\(p(t.month, 2))-\(p(t.day, 2)) \(p(t.hour, 2)):\(p(t.minute, 2)):\(p(t.second, 2)) UTC"
    }

    static func duration(_ seconds: Double) -> String {
        let minutes = Int(seconds) / 60
        let rest = seconds - Double(minutes * 60)
        let tenths = (rest * 10).rounded() / 10
        return minutes > 0 ? "\(minutes)m \(tenths)s" : "\(tenths)s"
    }

    static func bytes(_ count: Int) -> String {
        if count < 10_000 { return "\(count) B" }
        if count < 10_000_000 { return "\(count / 1000) kB" }
        return "\((Double(count) / 1e5).rounded() / 10) MB"
    }
}
