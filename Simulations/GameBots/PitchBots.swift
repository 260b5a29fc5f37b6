import BotKit
import Pitch
import Wire

/// Pitch played as Pitch is played: each bot reads its team, the ball and the match phase from
/// its rebuilt view and asks `PitchAutopilot`, one bot in four keeping goal. Only the rules'
/// public tables are used, as any game's own autopilot would.
public struct PitchBots: BotAutopilot {
    public init() {}

    public func decide(client: GameClient, seed: UInt64) -> SIMD8<Int32>? {
        guard let x = client.ownValue(field: PitchTables.PlayerField.x), let y = client.ownValue(field: PitchTables.PlayerField.y),
              let team = client.ownValue(field: PitchTables.PlayerField.team) else { return nil }
        let view = client.world.view
        var ball: (x: Int32, y: Int32)?
        var phase = PitchPhase.waiting
        for index in 0..<view.count {
            let id = view.ids[index]
            switch view.kinds[index] {
            case PitchTables.ballKind:
                if let bx = client.world.value(of: id, field: PitchTables.BallField.x),
                   let by = client.world.value(of: id, field: PitchTables.BallField.y) { ball = (bx, by) }
            case PitchTables.matchKind:
                if let code = client.world.value(of: id, field: PitchTables.MatchField.phase) { phase = PitchPhase(rawValue: code) ?? .waiting }
            default:
                continue
            }
        }
        guard let ball else { return nil }
        let role: PitchAutopilot.Role = seed % 4 == 0 ? .keeper : .striker
        let decision = PitchAutopilot.decide(x: x, y: y, team: team, ballX: ball.x, ballY: ball.y, phase: phase, role: role, seed: seed)
        return PitchInput(moveX: decision.moveX, moveY: decision.moveY, kick: decision.kick).playerInput(sequence: 0, tick: 0).values
    }
}

/// The autopilot of each shipped game that has one, by `--game` name (the bots tool's
/// `autopilot` behaviour).
public enum GameAutopilots {
    public static func autopilot(for game: String?) -> (any BotAutopilot)? {
        switch game?.lowercased() {
        case "pitch": PitchBots()
        default: nil
        }
    }
}
