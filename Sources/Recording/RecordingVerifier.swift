import Simulation
import Wire

/// `replay verify`: re-simulates a whole recording and says whether it reproduces, in a
/// form both the command and tests read.
public struct VerificationReport: Sendable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        /// Every hash and keyframe of the readable part matched.
        case verified
        /// The re-simulation disagreed with the recording from this tick on.
        case diverged(ReplayDivergence)
        /// The file is not a readable recording, or is damaged before its end.
        case unreadable(RecordingError)
    }

    public var outcome: Outcome
    public var ticksVerified: UInt32 = 0
    public var hashesChecked = 0
    public var keyframesChecked = 0
    /// The recording ended cleanly with an end record.
    public var complete = false
    /// Why reading stopped early, when it did without damage (a cut-off tail).
    public var truncation: RecordingError?

    /// The process exit status `replay verify` uses: 0 verified, 1 diverged, 2 unreadable.
    public var exitStatus: Int32 {
        switch outcome {
        case .verified: 0
        case .diverged: 1
        case .unreadable: 2
        }
    }

    public var description: String {
        switch outcome {
        case .verified:
            var text = "verified: \(ticksVerified) ticks re-simulated, \(hashesChecked) tick hashes and \(keyframesChecked) keyframes equal"
            if let truncation {
                text += "\nnote: the recording was cut off (\(truncation)); everything before it verified"
            } else if !complete {
                text += "\nnote: the recording has no end record (the match may still be running)"
            }
            return text
        case let .diverged(divergence):
            return "DIVERGED at tick \(divergence.tick): \(divergence.problem) (the \(ticksVerified) ticks before it matched)"
        case let .unreadable(error):
            return "unreadable: \(error)" + (ticksVerified > 0 ? " (the \(ticksVerified) ticks before it verified)" : "")
        }
    }
}

extension VerificationReport {
    /// Re-simulates the recording at `path` as game `G` to its last readable tick, stopping
    /// at the first divergence.
    public static func verify<G: Game>(_ game: G.Type, path: String) -> VerificationReport {
        var report = VerificationReport(outcome: .verified)
        let replayer: Replayer<G>
        do {
            replayer = try Replayer<G>(path: path)
        } catch {
            report.outcome = .unreadable(error)
            return report
        }
        return verify(replayer)
    }

    public static func verify<G: Game>(_ replayer: Replayer<G>) -> VerificationReport {
        var replayer = replayer
        var report = VerificationReport(outcome: .verified)
        var events: [GameEvent] = []
        do throws(RecordingError) {
            while try replayer.step(events: &events) {
                events.removeAll(keepingCapacity: true)
                if replayer.firstDivergence != nil { break }
            }
        } catch {
            report.outcome = .unreadable(error)
        }
        report.ticksVerified = replayer.tick
        report.hashesChecked = replayer.hashesChecked
        report.keyframesChecked = replayer.keyframesChecked
        report.complete = replayer.index.end != nil
        if let divergence = replayer.firstDivergence {
            report.outcome = .diverged(divergence)
            report.ticksVerified = divergence.tick
        } else if case .verified = report.outcome, let damage = replayer.index.damage {
            if damage.kind == .truncated { report.truncation = damage } else { report.outcome = .unreadable(damage) }
        }
        return report
    }
}
