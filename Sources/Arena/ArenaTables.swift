import Simulation
import Wire

/// Arena's entity kinds and their field tables: the single description of what a client can
/// know about each entity, which the server's encoder, the client's decoder and the delta
/// masks all follow.
///
/// Every field is stored in the `EntityStore` exactly as the table sends it (step 1, no
/// rounding), so what a client reconstructs equals the server's state bit for bit: its
/// prediction of its own movement can match exactly, and the view hash can prove it.
/// Fields are ordered most-changing first: x and y move every tick, angles often, health and
/// score rarely, and the owner never (it is sent only when the entity enters a view).
///
/// | kind | field   | range        | bits | meaning                                          |
/// |------|---------|--------------|------|--------------------------------------------------|
/// | 0 player | x, y | 0...65535  | 16+16 | position, 1/16 world unit                       |
/// |      | aim     | 0...1023     | 10   | binary angle, 1,024 per turn, 0 = +x, 256 = +y   |
/// |      | health  | 0...100      | 7    | 0 = dead, waiting to respawn                     |
/// |      | score   | 0...65535    | 16   | kills (saturates)                                |
/// |      | player  | 0...65535    | 16   | the `PlayerID` controlling it                    |
/// | 1 drone | x, y | 0...65535   | 16+16 | position                                         |
/// |      | heading | 0...1023     | 10   | direction of travel                              |
/// |      | health  | 0...100      | 7    |                                                  |
/// | 2 projectile | x, y | 0...65535 | 16+16 | position                                    |
/// |      | heading | 0...1023     | 10   | direction of flight (speed is a setting)         |
/// |      | owner   | 0...65535    | 16   | the `PlayerID` that fired it                     |
///
/// A player entering a view therefore costs 81 bits of fields, a drone 49, a projectile 58;
/// a moving entity's typical delta is x and y only (32 bits plus the mask).
public enum ArenaTables {
    public static let playerKind: UInt8 = 0
    public static let droneKind: UInt8 = 1
    public static let projectileKind: UInt8 = 2

    /// Field indices of a player entity.
    public enum PlayerField {
        public static let x = 0, y = 1, aim = 2, health = 3, score = 4, player = 5
    }

    /// Field indices of a drone entity.
    public enum DroneField {
        public static let x = 0, y = 1, heading = 2, health = 3
    }

    /// Field indices of a projectile entity.
    public enum ProjectileField {
        public static let x = 0, y = 1, heading = 2, owner = 3
    }

    /// Positions: simulation units are wire units (lossless), the whole world in 16 bits.
    public static let position = QuantizedRange(min: ArenaRules.worldMin, max: ArenaRules.worldMax, step: 1)
    /// A 10-bit binary angle. Sent as a plain range, so a client interpolating it must wrap
    /// at 1,024 (the short way round).
    public static let angle = QuantizedRange(min: 0, max: IntegerTrig.fullTurn - 1, step: 1)
    public static let health = QuantizedRange(min: 0, max: ArenaRules.maxHealth, step: 1)
    public static let score = QuantizedRange(min: 0, max: ArenaRules.maxScore, step: 1)
    public static let playerID = QuantizedRange(min: 0, max: Int32(UInt16.max), step: 1)

    public static let player = FieldTable(kind: playerKind, name: "player", fields: [
        FieldSpec("x", position),
        FieldSpec("y", position),
        FieldSpec("aim", angle),
        FieldSpec("health", health),
        FieldSpec("score", score),
        FieldSpec("player", playerID),
    ])

    public static let drone = FieldTable(kind: droneKind, name: "drone", fields: [
        FieldSpec("x", position),
        FieldSpec("y", position),
        FieldSpec("heading", angle),
        FieldSpec("health", health),
    ])

    public static let projectile = FieldTable(kind: projectileKind, name: "projectile", fields: [
        FieldSpec("x", position),
        FieldSpec("y", position),
        FieldSpec("heading", angle),
        FieldSpec("owner", playerID),
    ])

    /// Indexed by kind, as `GameDescriptor.kinds` requires.
    public static let all: [FieldTable] = [player, drone, projectile]
}
