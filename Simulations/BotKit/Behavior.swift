import Foundation
import Simulation

/// How a bot plays. Decisions use a per-bot seeded random stream and integer movement, so
/// the same seed makes the same choices given the same world.
public enum Behavior: String, CaseIterable, Sendable, Codable {
    case idle, wander, chase, shooter
    /// Walks a seeded path near where it spawned and shoots at the nearest player, led by the
    /// velocity it sees, as fast as the game allows: the fairness scenario's marksman.
    case duelist
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
    /// Duelist: where it first stood, and where it last saw each other player (and when).
    private var home: (x: Int32, y: Int32)?
    private var lastSeen: [EntityID: (x: Int32, y: Int32, tick: UInt32)] = [:]
    /// Duelist: the moves of its recent inputs by sequence, to predict where it is now.
    private var recentMoves: [(sequence: UInt32, x: Int8, y: Int8)] = []

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
        case .duelist:
            return duel(client)
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

    /// Arena's default projectile speed (simulation units a tick), for leading a target.
    static let projectileSpeed = 192.0
    /// How far a duelist strays from home before it turns back (150 world units).
    static let duelRange: Int64 = 2_400

    private mutating func duel(_ client: GameClient) -> Decision {
        guard let me = client.entityID, let own = client.world.entity(me), own.values.count >= 2,
              let tick = client.world.tick else { return Decision(moveX: 0, moveY: 0, buttons: 0, aim: aim) }
        // Shots leave from where the player is when the server applies the input, not from where
        // the newest snapshot showed it: predict, as a browser does, by replaying the moves the
        // server has not applied yet (Arena's movement: 64 units a tick, 45 on a diagonal).
        var x = own.values[0], y = own.values[1]
        let applied = client.world.lastInputSequence
        for move in recentMoves where Int32(bitPattern: move.sequence &- applied) > 0 {
            let step: Int32 = move.x != 0 && move.y != 0 ? 45 : 64
            x += Int32(move.x) * step
            y += Int32(move.y) * step
        }
        if home == nil { home = (x, y) }
        if random.below(90) == 0 || (moveX == 0 && moveY == 0) {
            repeat {
                moveX = Int8(random.int(in: -1...1))
                moveY = Int8(random.int(in: -1...1))
            } while moveX == 0 && moveY == 0
        }
        if let home {
            if Int64(x) - Int64(home.x) > Self.duelRange { moveX = -1 } else if Int64(home.x) - Int64(x) > Self.duelRange { moveX = 1 }
            if Int64(y) - Int64(home.y) > Self.duelRange { moveY = -1 } else if Int64(home.y) - Int64(y) > Self.duelRange { moveY = 1 }
        }
        // The nearest other player, led by its velocity since it was last seen.
        let view = client.world.view
        var best: (dx: Double, dy: Double, d: Double)?
        for index in 0..<view.count where view.ids[index] != me && view.kinds[index] == own.kind {
            let id = view.ids[index]
            guard let tx = client.world.value(of: id, field: 0), let ty = client.world.value(of: id, field: 1) else { continue }
            var vx = 0.0, vy = 0.0
            if let before = lastSeen[id], before.tick != tick {
                let ticks = Double(tick &- before.tick)
                vx = Double(tx - before.x) / ticks
                vy = Double(ty - before.y) / ticks
            }
            if lastSeen[id]?.tick != tick { lastSeen[id] = (tx, ty, tick) }
            var dx = Double(Int64(tx) - Int64(x)), dy = Double(Int64(ty) - Int64(y))
            let d = dx * dx + dy * dy
            guard best == nil || d < best!.d else { continue }
            var lead = 0.0
            for _ in 0..<3 {
                lead = ((dx + vx * lead) * (dx + vx * lead) + (dy + vy * lead) * (dy + vy * lead)).squareRoot() / Self.projectileSpeed
            }
            dx += vx * lead
            dy += vy * lead
            best = (dx, dy, d)
        }
        if lastSeen.count > 256 { lastSeen.removeAll(keepingCapacity: true) }
        recentMoves.append((client.nextSequence, moveX, moveY))
        if recentMoves.count > 120 { recentMoves.removeFirst(recentMoves.count - 120) }
        guard let best else { return Decision(moveX: moveX, moveY: moveY, buttons: 0, aim: aim) }
        aim = Self.aim(dx: Int64(best.dx.rounded()), dy: Int64(best.dy.rounded()))
        return Decision(moveX: moveX, moveY: moveY, buttons: 1, aim: aim)
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
