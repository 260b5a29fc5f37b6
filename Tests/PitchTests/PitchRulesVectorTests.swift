import Foundation
import Simulation
import Testing
import Wire
@testable import Pitch

/// The golden vectors shared with the JS client (`web/test/vectors/pitch-movement.json`,
/// checked by `web/test/pitchRules.test.js`): if both sides reproduce every case, the
/// browser's prediction of its own player matches the server exactly.
///
/// Run with `PITCH_REGENERATE_VECTORS=1` to rewrite the file from `PitchRules` (after a
/// deliberate rule change; then update the JS mirror until its test passes too).
@Suite struct PitchRulesVectorTests {
    struct Move: Codable, Equatable {
        var x: Int32, y: Int32, vx: Int32, vy: Int32, moveX: Int32, moveY: Int32
        var expectX: Int32, expectY: Int32, expectVX: Int32, expectVY: Int32
    }
    struct Path: Codable, Equatable {
        var x: Int32, y: Int32, vx: Int32, vy: Int32
        /// `[moveX, moveY]` per tick.
        var inputs: [[Int32]]
        /// `[x, y, vx, vy]` after each tick.
        var states: [[Int32]]
    }
    struct Constants: Codable, Equatable {
        var width: Int32, height: Int32, playerRadius: Int32, playerAccel: Int32, playerDamping: Int32
        var minVelocity: Int32, maxVelocity: Int32
    }
    struct VectorFile: Codable {
        var description: String
        var constants: Constants
        var moves: [Move]
        var paths: [Path]
    }

    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("web/test/vectors/pitch-movement.json")

    static let constants = Constants(width: PitchRules.width, height: PitchRules.height,
                                     playerRadius: PitchRules.playerRadius, playerAccel: PitchRules.playerAccel,
                                     playerDamping: PitchRules.playerDamping,
                                     minVelocity: PitchRules.playerMinVelocity, maxVelocity: PitchRules.playerMaxVelocity)

    static func move(x: Int32, y: Int32, vx: Int32, vy: Int32, moveX: Int32, moveY: Int32) -> Move {
        let moved = PitchRules.movePlayer(x: x, y: y, vx: vx, vy: vy, moveX: moveX, moveY: moveY)
        return Move(x: x, y: y, vx: vx, vy: vy, moveX: moveX, moveY: moveY,
                    expectX: moved.x, expectY: moved.y, expectVX: moved.vx, expectVY: moved.vy)
    }

    /// Every direction at walls, corners and mid-field from rest and at speed, the velocity
    /// limits, damping on both signs, out-of-range intents and starts, then random cases.
    static func generateMoves() -> [Move] {
        var moves: [Move] = []
        let r = PitchRules.playerRadius, right = PitchRules.width - r, bottom = PitchRules.height - r
        let spots: [(Int32, Int32)] = [(9_600, 5_600), (r, r), (right, bottom), (r, bottom), (right, r),
                                       (r + 10, 5_000), (9_000, bottom - 3), (0, 0), (19_200, 11_200), (-500, 12_000)]
        let velocities: [(Int32, Int32)] = [(0, 0), (100, -100), (511, -512), (-512, 511), (17, -17), (-15, 15)]
        for (x, y) in spots {
            for (vx, vy) in velocities {
                for moveY in Int32(-1)...1 {
                    for moveX in Int32(-1)...1 { moves.append(move(x: x, y: y, vx: vx, vy: vy, moveX: moveX, moveY: moveY)) }
                }
            }
        }
        for (vx, vy) in [(Int32(2_000), Int32(-2_000)), (-5_000, 700), (546, -546), (545, -545), (1, -1), (16, -16), (-31, 33)] {
            moves.append(move(x: 9_000, y: 5_000, vx: vx, vy: vy, moveX: 1, moveY: 1))
            moves.append(move(x: 9_000, y: 5_000, vx: vx, vy: vy, moveX: 0, moveY: 0))
        }
        for (moveX, moveY) in [(Int32(5), Int32(-7)), (.min, .max), (2, 0), (0, -2), (-128, 127)] {
            moves.append(move(x: 1_000, y: 1_000, vx: 0, vy: 0, moveX: moveX, moveY: moveY))
        }
        var random = SeededRandom(seed: 0x9174C)
        for _ in 0..<80 {
            moves.append(move(x: random.int(in: -500...19_700), y: random.int(in: -500...11_700),
                              vx: random.int(in: -512...511), vy: random.int(in: -512...511),
                              moveX: random.int(in: -1...1), moveY: random.int(in: -1...1)))
        }
        return moves
    }

    /// Walks that hold each direction long enough to reach top speed and hit walls.
    static func generatePaths() -> [Path] {
        var random = SeededRandom(seed: 0x9A7)
        var paths: [Path] = []
        for start: (Int32, Int32) in [(1_000, 1_000), (18_000, 6_000), (9_600, 5_600)] {
            var state = (x: start.0, y: start.1, vx: Int32(0), vy: Int32(0))
            var path = Path(x: state.x, y: state.y, vx: 0, vy: 0, inputs: [], states: [])
            var moveX: Int32 = 0, moveY: Int32 = 0
            for tick in 0..<600 {
                if tick % 45 == 0 {
                    moveX = random.int(in: -1...1)
                    moveY = random.int(in: -1...1)
                }
                state = PitchRules.movePlayer(x: state.x, y: state.y, vx: state.vx, vy: state.vy, moveX: moveX, moveY: moveY)
                path.inputs.append([moveX, moveY])
                path.states.append([state.x, state.y, state.vx, state.vy])
            }
            paths.append(path)
        }
        return paths
    }

    static func render(_ file: VectorFile) -> String {
        func object(_ pairs: [(String, Int32)]) -> String {
            "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        func list(_ items: [String]) -> String {
            "[\n" + items.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]"
        }
        func rows(_ rows: [[Int32]]) -> String {
            "[" + rows.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
        let c = file.constants
        let constants = object([("width", c.width), ("height", c.height), ("playerRadius", c.playerRadius),
                                ("playerAccel", c.playerAccel), ("playerDamping", c.playerDamping),
                                ("minVelocity", c.minVelocity), ("maxVelocity", c.maxVelocity)])
        let moves = file.moves.map {
            object([("x", $0.x), ("y", $0.y), ("vx", $0.vx), ("vy", $0.vy), ("moveX", $0.moveX), ("moveY", $0.moveY),
                    ("expectX", $0.expectX), ("expectY", $0.expectY), ("expectVX", $0.expectVX), ("expectVY", $0.expectVY)])
        }
        let paths = file.paths.map { path in
            "{\"x\": \(path.x), \"y\": \(path.y), \"vx\": \(path.vx), \"vy\": \(path.vy), "
                + "\"inputs\": \(rows(path.inputs)), \"states\": \(rows(path.states))}"
        }
        return "{\n"
            + "  \"description\": \"\(file.description)\",\n"
            + "  \"constants\": \(constants),\n"
            + "  \"moves\": \(list(moves)),\n"
            + "  \"paths\": \(list(paths))\n"
            + "}\n"
    }

    static func load() throws -> VectorFile {
        if ProcessInfo.processInfo.environment["PITCH_REGENERATE_VECTORS"] == "1" {
            let file = VectorFile(
                description: "Pitch player movement (Sources/Pitch/PitchRules.swift, web/games/pitch/rules.js). "
                    + "Generated by Tests/PitchTests/PitchRulesVectorTests.swift with PITCH_REGENERATE_VECTORS=1; do not edit.",
                constants: constants, moves: generateMoves(), paths: generatePaths())
            try FileManager.default.createDirectory(at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(render(file).utf8).write(to: fileURL, options: .atomic)
        }
        return try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: fileURL))
    }

    @Test func constantsMatchTheRules() throws {
        #expect(try Self.load().constants == Self.constants)
    }

    @Test func everyMoveMatches() throws {
        let file = try Self.load()
        #expect(file.moves.count >= 500)
        for vector in file.moves {
            #expect(Self.move(x: vector.x, y: vector.y, vx: vector.vx, vy: vector.vy, moveX: vector.moveX, moveY: vector.moveY) == vector)
        }
        // The file still covers what the generator covers (nothing was dropped by hand).
        #expect(file.moves == Self.generateMoves())
    }

    @Test func everyPathMatches() throws {
        let file = try Self.load()
        #expect(file.paths == Self.generatePaths())
        for path in file.paths {
            var state = (x: path.x, y: path.y, vx: path.vx, vy: path.vy)
            for (input, expected) in zip(path.inputs, path.states) {
                state = PitchRules.movePlayer(x: state.x, y: state.y, vx: state.vx, vy: state.vy, moveX: input[0], moveY: input[1])
                #expect([state.x, state.y, state.vx, state.vy] == expected)
            }
        }
    }
}
