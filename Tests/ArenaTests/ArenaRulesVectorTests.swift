import Foundation
import Simulation
import Testing
import Wire
@testable import Arena

/// The golden vectors shared with the JS client (`web/test/vectors/arena-movement.json`,
/// checked by `web/test/arenaRules.test.js`): if both sides reproduce every case, the
/// browser's prediction of its own player matches the server exactly.
///
/// Run with `ARENA_REGENERATE_VECTORS=1` to rewrite the file from `ArenaRules` (after a
/// deliberate rule change; then update the JS mirror until its test passes too).
@Suite struct ArenaRulesVectorTests {
    struct Move: Codable, Equatable {
        var x: Int32, y: Int32, moveX: Int8, moveY: Int8, speed: Int32, expectX: Int32, expectY: Int32
    }
    struct Aim: Codable, Equatable {
        var aim: UInt16, angle: Int32
    }
    struct Path: Codable, Equatable {
        var x: Int32, y: Int32
        /// `[moveX, moveY]` per tick.
        var inputs: [[Int8]]
        /// `[x, y]` after each tick.
        var positions: [[Int32]]
    }
    struct Constants: Codable, Equatable {
        var worldMin: Int32, worldMax: Int32, playerSpeed: Int32, playerRadius: Int32, sin45: Int32
    }
    struct VectorFile: Codable {
        var description: String
        var constants: Constants
        var moves: [Move]
        var aims: [Aim]
        var paths: [Path]
    }

    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("web/test/vectors/arena-movement.json")

    static let constants = Constants(worldMin: ArenaRules.worldMin, worldMax: ArenaRules.worldMax,
                                     playerSpeed: ArenaRules.playerSpeed, playerRadius: ArenaRules.playerRadius,
                                     sin45: ArenaRules.sin45)

    static func move(x: Int32, y: Int32, moveX: Int8, moveY: Int8, speed: Int32) -> Move {
        var input = PlayerInput(sequence: 0, tick: 0)
        // Bypass the initializer's clamp so out-of-range intents are covered as well.
        input.moveX = moveX
        input.moveY = moveY
        let moved = ArenaRules.movePlayer(x: x, y: y, input: input, speed: speed)
        return Move(x: x, y: y, moveX: moveX, moveY: moveY, speed: speed, expectX: moved.x, expectY: moved.y)
    }

    /// Every direction at edges, corners and mid-field, odd speeds, out-of-range intents,
    /// out-of-world starts, then random cases.
    static func generateMoves() -> [Move] {
        var moves: [Move] = []
        let r = ArenaRules.playerRadius, top = ArenaRules.worldMax - r
        let spots: [(Int32, Int32)] = [(32_768, 32_768), (r, r), (top, top), (r, top), (r + 10, 40_000),
                                       (top - 30, 100), (0, 0), (65_535, 65_535), (-5_000, 70_000)]
        for (x, y) in spots {
            for moveY in Int8(-1)...1 {
                for moveX in Int8(-1)...1 { moves.append(move(x: x, y: y, moveX: moveX, moveY: moveY, speed: ArenaRules.playerSpeed)) }
            }
        }
        for speed: Int32 in [0, 1, 2, 3, 7, 63, 65, 99, 100, 1_000, 12_345, 100_000] {
            moves.append(move(x: 30_000, y: 30_000, moveX: 1, moveY: -1, speed: speed))
            moves.append(move(x: 30_000, y: 30_000, moveX: -1, moveY: 0, speed: speed))
        }
        for (moveX, moveY) in [(Int8(5), Int8(-7)), (.min, .max), (2, 0), (0, -2)] {
            moves.append(move(x: 1_000, y: 1_000, moveX: moveX, moveY: moveY, speed: ArenaRules.playerSpeed))
        }
        var random = SeededRandom(seed: 0xA2E4A)
        for _ in 0..<60 {
            moves.append(move(x: random.int(in: -1_000...66_535), y: random.int(in: -1_000...66_535),
                              moveX: Int8(random.int(in: -1...1)), moveY: Int8(random.int(in: -1...1)),
                              speed: random.int(in: 0...600)))
        }
        return moves
    }

    static func generateAims() -> [Aim] {
        var aims: [UInt16] = [0, 31, 32, 33, 63, 64, 16_384, 32_768, 49_152, 65_472, 65_503, 65_504, 65_535]
        var random = SeededRandom(seed: 0xA1)
        for _ in 0..<20 { aims.append(UInt16(truncatingIfNeeded: random.next()) & 0xFFF0) }
        return aims.map { Aim(aim: $0, angle: ArenaRules.aimAngle($0)) }
    }

    /// Walks that hold each direction long enough to hit walls.
    static func generatePaths() -> [Path] {
        var random = SeededRandom(seed: 0xBA7)
        var paths: [Path] = []
        for start: (Int32, Int32) in [(1_000, 1_000), (64_000, 32_000)] {
            var x = start.0, y = start.1
            var path = Path(x: x, y: y, inputs: [], positions: [])
            var moveX: Int8 = 0, moveY: Int8 = 0
            for tick in 0..<240 {
                if tick % 30 == 0 {
                    moveX = Int8(random.int(in: -1...1))
                    moveY = Int8(random.int(in: -1...1))
                }
                (x, y) = ArenaRules.movePlayer(x: x, y: y, input: PlayerInput(sequence: 0, tick: 0, moveX: moveX, moveY: moveY))
                path.inputs.append([moveX, moveY])
                path.positions.append([x, y])
            }
            paths.append(path)
        }
        return paths
    }

    static func render(_ file: VectorFile) -> String {
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        func list(_ items: [String], indent: String) -> String {
            "[\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
        }
        let c = file.constants
        let constants = object([("worldMin", "\(c.worldMin)"), ("worldMax", "\(c.worldMax)"),
                                ("playerSpeed", "\(c.playerSpeed)"), ("playerRadius", "\(c.playerRadius)"),
                                ("sin45", "\(c.sin45)")])
        let moves = file.moves.map {
            object([("x", "\($0.x)"), ("y", "\($0.y)"), ("moveX", "\($0.moveX)"), ("moveY", "\($0.moveY)"),
                    ("speed", "\($0.speed)"), ("expectX", "\($0.expectX)"), ("expectY", "\($0.expectY)")])
        }
        let aims = file.aims.map { object([("aim", "\($0.aim)"), ("angle", "\($0.angle)")]) }
        let paths = file.paths.map { path in
            object([("x", "\(path.x)"), ("y", "\(path.y)"),
                    ("inputs", "[" + path.inputs.map { "[\($0[0]), \($0[1])]" }.joined(separator: ", ") + "]"),
                    ("positions", "[" + path.positions.map { "[\($0[0]), \($0[1])]" }.joined(separator: ", ") + "]")])
        }
        return "{\n"
            + "  \"description\": \"\(file.description)\",\n"
            + "  \"constants\": \(constants),\n"
            + "  \"moves\": \(list(moves, indent: "  ")),\n"
            + "  \"aims\": \(list(aims, indent: "  ")),\n"
            + "  \"paths\": \(list(paths, indent: "  "))\n"
            + "}\n"
    }

    static func load() throws -> VectorFile {
        if ProcessInfo.processInfo.environment["ARENA_REGENERATE_VECTORS"] == "1" {
            let file = VectorFile(
                description: "Arena player movement (Sources/Arena/ArenaRules.swift, web/games/arena/rules.js). "
                    + "Generated by Tests/ArenaTests/ArenaRulesVectorTests.swift with ARENA_REGENERATE_VECTORS=1; do not edit.",
                constants: constants, moves: generateMoves(), aims: generateAims(), paths: generatePaths())
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
        #expect(file.moves.count >= 150)
        for vector in file.moves {
            let recomputed = Self.move(x: vector.x, y: vector.y, moveX: vector.moveX, moveY: vector.moveY, speed: vector.speed)
            #expect(recomputed == vector)
        }
        // The file still covers what the generator covers (nothing was dropped by hand).
        #expect(file.moves == Self.generateMoves())
    }

    @Test func everyAimMatches() throws {
        let file = try Self.load()
        for vector in file.aims { #expect(ArenaRules.aimAngle(vector.aim) == vector.angle) }
        #expect(file.aims == Self.generateAims())
    }

    @Test func everyPathMatches() throws {
        let file = try Self.load()
        #expect(file.paths == Self.generatePaths())
        for path in file.paths {
            var x = path.x, y = path.y
            for (input, position) in zip(path.inputs, path.positions) {
                (x, y) = ArenaRules.movePlayer(x: x, y: y, input: PlayerInput(sequence: 0, tick: 0, moveX: input[0], moveY: input[1]))
                #expect([x, y] == position)
            }
        }
    }
}
