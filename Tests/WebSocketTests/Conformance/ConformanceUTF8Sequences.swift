import Testing

/// Autobahn 6.5–6.23: the UTF-8 decoder stress sequences (after Markus Kuhn's UTF-8-test.txt),
/// numbered as Autobahn numbers them. Each is sent as one text frame (Autobahn's case) and again
/// as one frame per byte: valid text is echoed, invalid text fails with 1007, and in the
/// fragmented form it must fail on the very fragment that makes it invalid.
@Suite("Conformance 6.5–6.23: UTF-8 sequences", .wsecho)
struct ConformanceUTF8Sequences {
    @Test("6.5.1–6.23.7 one frame: valid echoed, invalid fails with 1007", arguments: UTF8Sequences.all)
    func oneFrame(_ testCase: UTF8Sequences.Case) throws {
        let peer = try Peer()
        if testCase.valid {
            try peer.send([WireFrame.make(Op.text, testCase.bytes)])
            try peer.expect(.text(testCase.bytes), testCase.id)
            try peer.closeNormally()
        } else {
            peer.sendExpectingFailure([WireFrame.make(Op.text, testCase.bytes)])
            try peer.expectFailure(Code.invalidPayload, testCase.id)
        }
    }

    @Test("6.5.1–6.23.7 one frame per byte: valid echoed, invalid fails fast with 1007", arguments: UTF8Sequences.all)
    func oneFramePerByte(_ testCase: UTF8Sequences.Case) throws {
        let peer = try Peer()
        let fragments = ConformanceUTF8.octetFragments(testCase.bytes)
        if let bad = UTF8Reference.failureIndex(testCase.bytes) {
            try ConformanceUTF8.expectFailFast(peer, fragments: fragments, badFragment: min(bad, fragments.count - 1), id: testCase.id)
        } else {
            try peer.send(fragments)
            try peer.expect(.text(testCase.bytes), testCase.id)
            try peer.closeNormally()
        }
    }
}

enum UTF8Sequences {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var bytes: [UInt8]
        var valid: Bool
        var testDescription: String { "\(id) \(valid ? "valid" : "invalid") \(Bytes.summary(bytes))" }
    }

    /// Autobahn's groups in order, starting at 6.5; each entry is (valid, hex bytes).
    static let groups: [[(Bool, String)]] = [
        // 6.5 some valid UTF-8
        [(true, "68656c6c6f24776f726c64"), (true, "68656c6c6fc2a2776f726c64"), (true, "68656c6c6fe282ac776f726c64"),
         (true, "68656c6c6ff0a4ada2776f726c64"), (true, "cebae1bdb9cf83cebcceb5")],
        // 6.6 every prefix of κόσμε: valid only when it ends on a character boundary
        (1...11).map { length in
            let hex = String("cebae1bdb9cf83cebcceb5".prefix(2 * length))
            return ([2, 5, 7, 9, 11].contains(length), hex)
        },
        // 6.7 first possible sequence of each length
        [(true, "00"), (true, "c280"), (true, "e0a080"), (true, "f0908080")],
        // 6.8 first possible 5- and 6-byte sequences (not Unicode)
        [(false, "f888808080"), (false, "fc8480808080")],
        // 6.9 last possible sequence of each length
        [(true, "7f"), (true, "dfbf"), (true, "efbfbf"), (true, "f48fbfbf")],
        // 6.10 last possible 4/5/6-byte patterns (beyond U+10FFFF)
        [(false, "f7bfbfbf"), (false, "fbbfbfbfbf"), (false, "fdbfbfbfbfbf")],
        // 6.11 other boundary conditions
        [(true, "ed9fbf"), (true, "ee8080"), (true, "efbfbd"), (true, "f48fbfbf"), (false, "f4908080")],
        // 6.12 unexpected continuation bytes
        [(false, "80"), (false, "bf"), (false, "80bf"), (false, "80bf80"), (false, "80bf80bf"), (false, "80bf80bf80"),
         (false, "80bf80bf80bf"), (false, hex(Array(0x80...0xbe)))],
        // 6.13 lonely start bytes, each followed by a space
        [(0xc0, 0xdf), (0xe0, 0xef), (0xf0, 0xf7), (0xf8, 0xfb), (0xfc, 0xfd)].map { range in
            (false, hex((range.0..<range.1).flatMap { [$0, 0x20] }))
        },
        // 6.14 sequences with the last continuation byte missing
        incomplete.map { (false, $0) },
        // 6.15 all of 6.14 concatenated
        [(false, incomplete.joined())],
        // 6.16 impossible bytes
        [(false, "fe"), (false, "ff"), (false, "fefeffff")],
        // 6.17 overlong ASCII "/"
        [(false, "c0af"), (false, "e080af"), (false, "f08080af"), (false, "f8808080af"), (false, "fc80808080af")],
        // 6.18 maximum overlong sequences
        [(false, "c1bf"), (false, "e09fbf"), (false, "f08fbfbf"), (false, "f887bfbfbf"), (false, "fc83bfbfbfbf")],
        // 6.19 overlong NUL
        [(false, "c080"), (false, "e08080"), (false, "f0808080"), (false, "f880808080"), (false, "fc8080808080")],
        // 6.20 single UTF-16 surrogates
        ["eda080", "edadbf", "edae80", "edafbf", "edb080", "edbe80", "edbfbf"].map { (false, $0) },
        // 6.21 paired UTF-16 surrogates
        ["eda080edb080", "eda080edbfbf", "edadbfedb080", "edadbfedbfbf",
         "edae80edb080", "edae80edbfbf", "edafbfedb080", "edafbfedbfbf"].map { (false, $0) },
        // 6.22 non-characters: valid UTF-8 (RFC 3629)
        nonCharacters.map { (true, $0) },
        // 6.23 Unicode specials, including U+FFFD
        ["efbfb9", "efbfba", "efbfbb", "efbfbc", "efbfbd", "efbfbe", "efbfbf"].map { (true, $0) },
    ]

    static let incomplete = ["c0", "e080", "f08080", "f8808080", "fc80808080", "df", "efbf", "f7bfbf", "fbbfbfbf", "fdbfbfbfbf"]

    /// EF BF BE/BF, then F0–F4 × (8F|9F|AF|BF) × BF × (BE|BF), minus overlong F0 8F and F4 beyond 8F.
    static let nonCharacters: [String] = ["efbfbe", "efbfbf"] + ["f0", "f1", "f2", "f3", "f4"].flatMap { first in
        ["8f", "9f", "af", "bf"].flatMap { second -> [String] in
            if first == "f4" && second != "8f" { return [] }
            if first == "f0" && second == "8f" { return [] }
            return ["be", "bf"].map { first + second + "bf" + $0 }
        }
    }

    static let all: [Case] = groups.enumerated().flatMap { group in
        group.element.enumerated().map { entry in
            Case(id: "6.\(group.offset + 5).\(entry.offset + 1)", bytes: Bytes.fromHex(entry.element.1), valid: entry.element.0)
        }
    }

    static func hex(_ values: [Int]) -> String { values.map { Bytes.hex(UInt8($0)) }.joined() }
}
