import Foundation
import Simulation
import Testing
@testable import Arena

/// The integer trigonometry every direction in the game comes from.
@Suite struct IntegerTrigTests {
    @Test func cardinalAnglesAreExact() {
        #expect(IntegerTrig.sin(0) == 0 && IntegerTrig.cos(0) == IntegerTrig.one)
        #expect(IntegerTrig.sin(256) == IntegerTrig.one && IntegerTrig.cos(256) == 0)
        #expect(IntegerTrig.sin(512) == 0 && IntegerTrig.cos(512) == -IntegerTrig.one)
        #expect(IntegerTrig.sin(768) == -IntegerTrig.one && IntegerTrig.cos(768) == 0)
        #expect(IntegerTrig.sin(128) == ArenaRules.sin45)
        #expect(IntegerTrig.sin(1_024 + 5) == IntegerTrig.sin(5) && IntegerTrig.sin(-5) == -IntegerTrig.sin(5))
    }

    @Test func tablesAgreeWithFloatingPointEverywhere() {
        for angle in Int32(0)..<1_024 {
            let radians = Double(angle) * 2 * Double.pi / 1_024
            #expect(abs(Double(IntegerTrig.sin(angle)) - 16_384 * sin(radians)) <= 0.5 + 1e-9, "sin \(angle)")
            #expect(abs(Double(IntegerTrig.cos(angle)) - 16_384 * cos(radians)) <= 0.5 + 1e-9, "cos \(angle)")
        }
    }

    @Test func atan2IsTheNearestUnit() {
        var random = SeededRandom(seed: 99)
        for _ in 0..<5_000 {
            let x = random.int(in: -70_000...70_000), y = random.int(in: -70_000...70_000)
            guard x != 0 || y != 0 else { continue }
            let angle = IntegerTrig.atan2(y: y, x: x)
            #expect((0..<1_024).contains(angle))
            let exact = atan2(Double(y), Double(x)) * 1_024 / (2 * Double.pi)
            var error = (Double(angle) - exact).truncatingRemainder(dividingBy: 1_024)
            if error > 512 { error -= 1_024 } else if error < -512 { error += 1_024 }
            #expect(abs(error) <= 0.52, "atan2(\(y), \(x)) = \(angle), exact \(exact)")
        }
        #expect(IntegerTrig.atan2(y: 0, x: 0) == 0)
        #expect(IntegerTrig.atan2(y: 0, x: -3) == 512)
        #expect(IntegerTrig.atan2(y: -3, x: 0) == 768)
    }

    @Test func shortestTurnWraps() {
        #expect(IntegerTrig.shortestTurn(from: 1_000, to: 10) == 34)
        #expect(IntegerTrig.shortestTurn(from: 10, to: 1_000) == -34)
        #expect(IntegerTrig.shortestTurn(from: 0, to: 512) == -512)
        for from in stride(from: Int32(0), to: 1_024, by: 7) {
            for to in stride(from: Int32(0), to: 1_024, by: 13) {
                let turn = IntegerTrig.shortestTurn(from: from, to: to)
                #expect(turn >= -512 && turn < 512 && (from + turn) & 1_023 == to)
            }
        }
    }

    @Test func scaleRoundsToNearest() {
        #expect(IntegerTrig.scale(IntegerTrig.one, by: 192) == 192)
        #expect(IntegerTrig.scale(-IntegerTrig.one, by: 192) == -192)
        #expect(IntegerTrig.scale(IntegerTrig.sin(128), by: 64) == 45)
        #expect(IntegerTrig.scale(8_192, by: 1) == 1, "a half rounds up")
        #expect(IntegerTrig.scale(-8_192, by: 1) == 0, "towards +infinity")
    }
}
