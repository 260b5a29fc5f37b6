import Testing
@testable import WebSocket

@Suite("UTF8Validator")
struct UTF8ValidatorTests {
    /// Validity of a whole byte string according to the standard library.
    static func reference(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// Whether some continuation could still make `prefix` valid: every viable prefix is
    /// completed by one of these (E0 needs A0, F0 needs 90, F4 and ED need 80).
    static func isViablePrefix(_ prefix: [UInt8]) -> Bool {
        let tails: [[UInt8]] = [[], [0x80], [0x80, 0x80], [0x80, 0x80, 0x80], [0xA0, 0x80], [0x90, 0x80, 0x80]]
        return tails.contains { reference(prefix + $0) }
    }

    /// Whole-buffer result: still valid and at a character boundary.
    static func validate(_ bytes: [UInt8]) -> Bool {
        var validator = UTF8Validator()
        let ok = bytes.withUnsafeBytes { validator.validate($0) }
        return ok && validator.isAtCharacterBoundary
    }

    /// Bytes that make tricky sequences likely.
    static let interesting: [UInt8] = [
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
        0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ]

    static let tricky: [(String, [UInt8], Bool)] = [
        ("empty", [], true),
        ("ascii", Array("hello, world: 0123456789".utf8), true),
        ("2-byte min", [0xC2, 0x80], true),
        ("3-byte min", [0xE0, 0xA0, 0x80], true),
        ("4-byte min", [0xF0, 0x90, 0x80, 0x80], true),
        ("max scalar", [0xF4, 0x8F, 0xBF, 0xBF], true),
        ("last before surrogates", [0xED, 0x9F, 0xBF], true),
        ("first after surrogates", [0xEE, 0x80, 0x80], true),
        ("U+FFFF", [0xEF, 0xBF, 0xBF], true),
        ("κόσμε", [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5], true),
        ("overlong NUL", [0xC0, 0x80], false),
        ("overlong C1", [0xC1, 0xBF], false),
        ("overlong 3-byte", [0xE0, 0x80, 0x80], false),
        ("overlong 3-byte max", [0xE0, 0x9F, 0xBF], false),
        ("overlong 4-byte", [0xF0, 0x80, 0x80, 0x80], false),
        ("overlong 4-byte max", [0xF0, 0x8F, 0xBF, 0xBF], false),
        ("high surrogate", [0xED, 0xA0, 0x80], false),
        ("low surrogate", [0xED, 0xBF, 0xBF], false),
        ("surrogate pair", [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80], false),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80], false),
        ("F5", [0xF5, 0x80, 0x80, 0x80], false),
        ("FF", [0xFF], false),
        ("stray continuation", [0x80], false),
        ("stray after ascii", [0x41, 0xBF], false),
        ("truncated 2-byte", [0xC2], false),
        ("truncated 3-byte", [0xE2, 0x82], false),
        ("truncated 4-byte", [0xF0, 0x9F, 0x98], false),
        ("lead then ascii", [0xE2, 0x41, 0x41], false),
        ("too many continuations", [0xC2, 0x80, 0x80], false),
        ("invalid after 9 ascii", Array("abcdefghi".utf8) + [0xFE], false),
        ("invalid inside ascii block", Array("abcdefghijklmnop".utf8) + [0xC0] + Array("abcdefghijklmnop".utf8), false),
    ]

    @Test(arguments: tricky)
    func trickyCases(name: String, bytes: [UInt8], valid: Bool) {
        #expect(Self.reference(bytes) == valid, "reference disagrees on \(name)")
        #expect(Self.validate(bytes) == valid, "\(name)")
    }

    @Test(arguments: 1...8)
    func randomArraysAgreeWithTheStandardLibrary(seed: UInt64) {
        var rng = FrameTestRNG(seed: seed)
        for _ in 0..<1000 {
            let count = Int.random(in: 0...24, using: &rng)
            let bytes: [UInt8] = (0..<count).map { _ in
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: UInt8.random(in: 0...255, using: &rng)
                case 1: UInt8.random(in: 0x20...0x7E, using: &rng)
                default: Self.interesting[Int.random(in: 0..<Self.interesting.count, using: &rng)]
                }
            }
            #expect(Self.validate(bytes) == Self.reference(bytes), "\(bytes)")
        }
    }

    @Test(arguments: 1...4)
    func validRandomTextIsAccepted(seed: UInt64) {
        var generator = FrameStreamGenerator(seed: seed, server: false)
        for _ in 0..<200 {
            let text = generator.text(size: Int.random(in: 0...300, using: &generator.rng))
            #expect(Self.validate(text))
        }
    }

    @Test(arguments: 1...4)
    func failsAtTheFirstImpossibleByte(seed: UInt64) {
        var rng = FrameTestRNG(seed: seed &+ 1000)
        for _ in 0..<400 {
            let bytes: [UInt8] = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                Self.interesting[Int.random(in: 0..<Self.interesting.count, using: &rng)]
            }
            var validator = UTF8Validator()
            var firstFailure: Int?
            for index in bytes.indices where firstFailure == nil {
                if ![bytes[index]].withUnsafeBytes({ validator.validate($0) }) { firstFailure = index }
            }
            let expected = bytes.indices.first { !Self.isViablePrefix(Array(bytes[...$0])) }
            #expect(firstFailure == expected, "\(bytes)")
            if firstFailure == nil {
                #expect(validator.isAtCharacterBoundary == Self.reference(bytes), "\(bytes)")
            }
        }
    }

    @Test(arguments: 1...4)
    func anySplitGivesTheSameAnswer(seed: UInt64) {
        var rng = FrameTestRNG(seed: seed &+ 2000)
        for _ in 0..<300 {
            let bytes: [UInt8] = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                Bool.random(using: &rng) ? UInt8.random(in: 0x20...0x7E, using: &rng)
                    : Self.interesting[Int.random(in: 0..<Self.interesting.count, using: &rng)]
            }
            var validator = UTF8Validator()
            var ok = true
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...9, using: &rng))
                ok = Array(bytes[start..<end]).withUnsafeBytes { validator.validate($0) }
                start = end
            }
            #expect((ok && validator.isAtCharacterBoundary) == Self.reference(bytes), "\(bytes)")
        }
    }

    @Test func failureIsStickyUntilReset() {
        var validator = UTF8Validator()
        #expect(![UInt8(0xC0)].withUnsafeBytes { validator.validate($0) })
        #expect(!Array("fine".utf8).withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isAtCharacterBoundary)
        validator.reset()
        #expect(Array("fine".utf8).withUnsafeBytes { validator.validate($0) })
        #expect(validator.isAtCharacterBoundary)
    }

    @Test func boundaryTracksPartialCharacters() {
        var validator = UTF8Validator()
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        #expect([euro[0]].withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isAtCharacterBoundary)
        #expect([euro[1]].withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isAtCharacterBoundary)
        #expect([euro[2]].withUnsafeBytes { validator.validate($0) })
        #expect(validator.isAtCharacterBoundary)
    }
}
