import Foundation
import Simulation

/// How a bot plays. Decisions use a per-bot seeded random stream and integer movement, so
/// the same seed makes the same choices given the same world.
public enum Behavior: String, CaseIterable, Sendable, Codable {
    case idle, wander, chase, shooter
    /// The game's own `BotAutopilot` (the plan's), or `wander` where it has none.
    case autopilot
}

/// A weighted mix such as `wander:3,shooter:1`; bot i gets a behavior by its seeded draw.
public struct BehaviorMix: Sendable, Hashable, CustomStringConvertible {
    public var weights: [(Behavior, Int)] { entries.map { ($0.behavior, $0.weight) } }
    private var entries: [Entry]
    private struct Entry: Sendable, Hashable { var behavior: Behavior; var weight: Int }

    public init(_ weights: [(Behavior, Int)]) {
        entries = weights.map { Entry(behavior: $0.0, weight: $0.1) }
    }

    /// Parses `wander`, or `wander:3,shooter:1`; nil with a message on error.
    public static func parse(_ text: String) -> Result<BehaviorMix, ParseError> {
        var weights: [(Behavior, Int)] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count), let behavior = Behavior(rawValue: String(pieces[0])) else {
                return .failure(ParseError(message: "unknown behavior '\(part)'; use \(Behavior.allCases.map(\.rawValue).joined(separator: ", ")), optionally with :WEIGHT"))
            }
            var weight = 1
            if pieces.count == 2 {
                guard let w = Int(pieces[1]), (1...1000).contains(w) else {
                    return .failure(ParseError(message: "weight of '\(part)' must be an integer from 1 to 1000"))
                }
                weight = w
            }
            weights.append((behavior, weight))
        }
        return weights.isEmpty ? .failure(ParseError(message: "no behavior given")) : .success(BehaviorMix(weights))
    }

    public struct ParseError: Error, Sendable { public var message: String }

    /// The behavior for a draw in 0..<totalWeight.
    public func pick(_ random: inout SeededRandom) -> Behavior {
        let total = entries.reduce(0) { $0 + $1.weight }
        var draw = Int(random.below(UInt32(max(total, 1))))
        for entry in entries {
            if draw < entry.weight { return entry.behavior }
            draw -= entry.weight
        }
        return entries.last?.behavior ?? .idle
    }

    public var description: String { entries.map { "\($0.behavior.rawValue):\($0.weight)" }.joined(separator: ",") }
}

/// One bot's decisions: what to send this tick, given what it sees.
public struct BotBrain: Sendable {
    public let behavior: Behavior
    /// The seed the bot's decisions come from (an autopilot gets it too).
    public let seed: UInt64
    private var random: SeededRandom
    private var moveX: Int8 = 0
    private var moveY: Int8 = 0
    private var aim: UInt16 = 0

    public init(behavior: Behavior, seed: UInt64) {
        self.behavior = behavior
        self.seed = seed
        random = SeededRandom(seed: seed)
    }

    public struct Decision: Sendable, Equatable {
        public var moveX: Int8, moveY: Int8, buttons: UInt8, aim: UInt16
    }

    /// The next input. `x`/`y` fields are read from the client's own entity (fields 0 and 1,
    /// the convention of the reference game's tables).
    public mutating func decide(client: GameClient) -> Decision {
        switch behavior {
        case .idle:
            return Decision(moveX: 0, moveY: 0, buttons: 0, aim: aim)
        case .wander, .autopilot:
            turnSometimes()
            return Decision(moveX: moveX, moveY: moveY, buttons: 0, aim: aim)
        case .shooter:
            turnSometimes()
            if let target = nearestTarget(client) { aim = Self.aim(dx: target.dx, dy: target.dy) }
            return Decision(moveX: moveX, moveY: moveY, buttons: random.below(8) == 0 ? 1 : 0, aim: aim)
        case .chase:
            guard let target = nearestTarget(client) else {
                turnSometimes()
                return Decision(moveX: moveX, moveY: moveY, buttons: 0, aim: aim)
            }
            aim = Self.aim(dx: target.dx, dy: target.dy)
            return Decision(moveX: Int8(target.dx.signum()), moveY: Int8(target.dy.signum()),
                            buttons: random.below(15) == 0 ? 1 : 0, aim: aim)
        }
    }

    private mutating func turnSometimes() {
        if random.below(30) == 0 {
            moveX = Int8(random.int(in: -1...1))
            moveY = Int8(random.int(in: -1...1))
            aim = UInt16(truncatingIfNeeded: random.next())
        }
    }

    /// The nearest other entity of the bot's own kind (another player), as integer offsets.
    private func nearestTarget(_ client: GameClient) -> (dx: Int64, dy: Int64)? {
        guard let me = client.entityID, let own = client.world.entity(me), own.values.count >= 2 else { return nil }
        let view = client.world.view
        var best: (dx: Int64, dy: Int64, d: Int64)?
        for index in 0..<view.count where view.ids[index] != me && view.kinds[index] == own.kind {
            guard let x = client.world.value(of: view.ids[index], field: 0),
                  let y = client.world.value(of: view.ids[index], field: 1) else { continue }
            let dx = Int64(x) - Int64(own.values[0]), dy = Int64(y) - Int64(own.values[1])
            let d = dx * dx + dy * dy
            if best == nil || d < best!.d { best = (dx, dy, d) }
        }
        return best.map { ($0.dx, $0.dy) }
    }

    /// A full-circle angle in 16 bits (0 = +x, counter-clockwise).
    static func aim(dx: Int64, dy: Int64) -> UInt16 {
        guard dx != 0 || dy != 0 else { return 0 }
        var angle = atan2(Double(dy), Double(dx))
        if angle < 0 { angle += 2 * .pi }
        return UInt16(truncatingIfNeeded: Int(angle / (2 * .pi) * 65536))
    }
}
