import Wire

/// Pitch's entity kinds and their field tables: what a client can know about each entity.
/// The kind numbers and field orders are fixed: the browser module (`web/games/pitch/`)
/// reads fields by name, but x and y must come first (interest management reads fields 0
/// and 1). Every value is stored exactly as it is sent (step 1), so a client's
/// reconstruction equals the server's state bit for bit.
///
/// | kind | field     | range          | meaning                                            |
/// |------|-----------|----------------|----------------------------------------------------|
/// | 0 player | x, y  | pitch          | position, 1/16 world unit                          |
/// |      | vx, vy    | -512...511     | velocity per tick (the predictor's state)          |
/// |      | score     | 0...255        | goals this match (saturates)                       |
/// |      | team      | 0...1          | 0 red (defends x = 0), 1 blue (defends x = 19,200) |
/// |      | player    | 0...65535      | the `PlayerID` controlling it                      |
/// | 1 ball | x, y    | pitch          | position of its centre                             |
/// |      | vx, vy    | -1024...1023   | velocity per tick                                  |
/// | 2 match | x, y   | pitch          | always the pitch's centre                          |
/// |      | phase     | 0...7          | a `PitchPhase` (7 is unused)                       |
/// |      | ticksLeft | 0...65535      | ticks left in the phase; 0 when untimed            |
/// |      | red, blue | 0...255        | the teams' goals this match (saturate)             |
/// |      | number    | 0...65535      | the match number, from 1                           |
public enum PitchTables {
    public static let playerKind: UInt8 = 0
    public static let ballKind: UInt8 = 1
    public static let matchKind: UInt8 = 2

    /// Field indices of a player entity.
    public enum PlayerField {
        public static let x = 0, y = 1, vx = 2, vy = 3, score = 4, team = 5, player = 6
    }

    /// Field indices of the ball.
    public enum BallField {
        public static let x = 0, y = 1, vx = 2, vy = 3
    }

    /// Field indices of the match entity.
    public enum MatchField {
        public static let x = 0, y = 1, phase = 2, ticksLeft = 3, red = 4, blue = 5, number = 6
    }

    public static let maxScore: Int32 = 255
    public static let maxTicks: Int32 = 65_535
    public static let maxMatchNumber: Int32 = 65_535

    public static let positionX = QuantizedRange(min: 0, max: PitchRules.width, step: 1)
    public static let positionY = QuantizedRange(min: 0, max: PitchRules.height, step: 1)
    public static let playerVelocity = QuantizedRange(min: PitchRules.playerMinVelocity, max: PitchRules.playerMaxVelocity, step: 1)
    public static let ballVelocity = QuantizedRange(min: PitchRules.ballMinVelocity, max: PitchRules.ballMaxVelocity, step: 1)
    public static let score = QuantizedRange(min: 0, max: maxScore, step: 1)
    public static let team = QuantizedRange(min: 0, max: 1, step: 1)
    public static let playerID = QuantizedRange(min: 0, max: Int32(UInt16.max), step: 1)
    public static let phase = QuantizedRange(min: 0, max: 7, step: 1)
    public static let ticks = QuantizedRange(min: 0, max: maxTicks, step: 1)
    public static let matchNumber = QuantizedRange(min: 0, max: maxMatchNumber, step: 1)

    public static let player = FieldTable(kind: playerKind, name: "player", fields: [
        FieldSpec("x", positionX),
        FieldSpec("y", positionY),
        FieldSpec("vx", playerVelocity),
        FieldSpec("vy", playerVelocity),
        FieldSpec("score", score),
        FieldSpec("team", team),
        FieldSpec("player", playerID),
    ])

    public static let ball = FieldTable(kind: ballKind, name: "ball", fields: [
        FieldSpec("x", positionX),
        FieldSpec("y", positionY),
        FieldSpec("vx", ballVelocity),
        FieldSpec("vy", ballVelocity),
    ])

    public static let match = FieldTable(kind: matchKind, name: "match", fields: [
        FieldSpec("x", positionX),
        FieldSpec("y", positionY),
        FieldSpec("phase", phase),
        FieldSpec("ticksLeft", ticks),
        FieldSpec("red", score),
        FieldSpec("blue", score),
        FieldSpec("number", matchNumber),
    ])

    /// Indexed by kind, as `GameDescriptor.kinds` requires.
    public static let all: [FieldTable] = [player, ball, match]
}
