import Testing
@testable import Platform

@Suite("Strict JSON object reader")
struct JSONObjectReaderTests {
    func parse(_ text: String) -> Result<[String: JSONValue], JSONSyntaxError> {
        JSONObjectReader.parse(Array(text.utf8))
    }

    func members(_ text: String) -> [String: JSONValue]? {
        try? parse(text).get()
    }

    func string(_ json: String) -> String? {
        if case .string(let value)? = members(#"{"s":"# + json + "}")?["s"] { return value }
        return nil
    }

    @Test func valueKinds() throws {
        let object = try #require(members(#" { "s" : "x", "n":-1.5e3 , "t":true,"f":false,"z":null,"a":[1,[2],{}],"o":{"k":[]} } "#))
        #expect(object.count == 7)
        #expect(object["s"] == .string("x"))
        #expect(object["n"] == .number(JSONNumber(literal: "-1.5e3")))
        #expect(object["t"] == .bool(true))
        #expect(object["f"] == .bool(false))
        #expect(object["z"] == .null)
        #expect(object["a"] == .array)
        #expect(object["o"] == .object)
        #expect(members("{}")?.isEmpty == true)
        #expect(members("\t\r\n{\n}\n")?.isEmpty == true)
    }

    @Test func escapes() {
        #expect(string(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(string(#""\u0041\u00e9\u20AC\u0000""#) == "Aé€\u{0}")
        #expect(string(#""\ud83c\udfae and \uD83C\uDFAE""#) == "🎮 and 🎮")
        #expect(string(#""raw é 🎮 UTF-8""#) == "raw é 🎮 UTF-8")
        #expect(string(#""mixed é\n🎮""#) == "mixed é\n🎮")
        #expect(string(#""""#) == "")
    }

    @Test(arguments: [
        #""\ud83c""#,           // lone high surrogate
        #""\ud83cx""#,
        #""\ud83c\u0041""#,     // high surrogate followed by a non-surrogate
        #""\ud83c\ud83c""#,
        #""\udfae""#,           // lone low surrogate
        #""\udfae\ud83c""#,     // pair in the wrong order
        #""\x""#,               // unknown escape
        #""\u12""#,             // short \u
        #""\u12G4""#,
        #""\U0041""#,
        "\"tab\there\"",        // raw control characters
        "\"line\nbreak\"",
        "\"nul\u{0}\"",
        #""unterminated"#,
        #""\"#,
    ])
    func rejectsStrings(json: String) {
        #expect(string(json) == nil, "\(json)")
    }

    @Test(arguments: [
        [0xFF],                 // never valid in UTF-8
        [0xC0, 0xAF],           // overlong '/'
        [0xE0, 0x80, 0xAF],     // overlong
        [0xED, 0xA0, 0x80],     // a surrogate encoded directly
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xE2, 0x82],           // truncated
        [0x80],                 // stray continuation
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        let plain = Array(#"{"s":""#.utf8) + bytes + Array(#""}"#.utf8)
        let escaped = Array(#"{"s":"\n"#.utf8) + bytes + Array(#""}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONObjectReader.parse(plain).get() }
        #expect(throws: JSONSyntaxError.self) { try JSONObjectReader.parse(escaped).get() }
        let inKey = Array(#"{""#.utf8) + bytes + Array(#"":1}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONObjectReader.parse(inKey).get() }
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#,
        #"{"a":1,"\u0061":2}"#,          // the same key spelled differently
        #"{"a":1,"b":{"x":1,"x":2}}"#,   // inside a nested object too
        #"{"a":[{"x":1,"x":2}]}"#,
    ])
    func rejectsDuplicateKeys(json: String) {
        guard case .failure(let error) = parse(json) else {
            Issue.record("accepted \(json)")
            return
        }
        #expect(error.message.hasPrefix("duplicate key"))
    }

    @Test func sameKeyInSiblingObjectsIsFine() {
        #expect(members(#"{"a":{"x":1},"b":{"x":1}}"#) != nil)
    }

    @Test(arguments: [
        "", " ", "[]", #""s""#, "1", "null", "\u{FEFF}{}",   // not an object
        "{} x", "{}{}", "{},", "{}\u{0}",                     // trailing bytes
        #"{"a":1,}"#, #"{"a"}"#, #"{"a":}"#, "{a:1}", "{'a':1}", #"{"a" 1}"#, #"{"a":1 "b":2}"#,
        #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":True}"#, #"{"a":[1,]}"#, #"{"a":[1 2]}"#, #"{"a":[}"#,
        #"{"a":1"#, #"{"a":"#, "{", #"{"a":1}}"#, "{/*c*/}",
    ])
    func rejectsSyntax(json: String) {
        #expect(members(json) == nil, "\(json)")
    }

    @Test(arguments: ["0", "-0", "7", "-12", "1.5", "0.25", "1e3", "1E+3", "-1.25e-2", "123456789012", "1300819380.5", "0e0"])
    func acceptsNumbers(literal: String) {
        #expect(members(#"{"n":"# + literal + "}")?["n"] == .number(JSONNumber(literal: literal)))
    }

    @Test(arguments: ["01", "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "--1", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "١"])
    func rejectsNumbers(literal: String) {
        #expect(members(#"{"n":"# + literal + "}") == nil, "\(literal)")
    }

    /// The top-level object is depth 1; 16 levels pass, 17 do not, for arrays and objects.
    @Test func depthLimit() {
        let arrays16 = "{\"a\":" + String(repeating: "[", count: 15) + String(repeating: "]", count: 15) + "}"
        let arrays17 = "{\"a\":" + String(repeating: "[", count: 16) + String(repeating: "]", count: 16) + "}"
        #expect(members(arrays16) != nil)
        #expect(members(arrays17) == nil)
        let objects16 = String(repeating: "{\"a\":", count: 15) + "{}" + String(repeating: "}", count: 15)
        let objects17 = String(repeating: "{\"a\":", count: 16) + "{}" + String(repeating: "}", count: 16)
        #expect(members(objects16) != nil)
        #expect(members(objects17) == nil)
        // Deep hostile input is refused, not a stack overflow.
        let hostile = "{\"a\":" + String(repeating: "[", count: 100_000)
        #expect(members(hostile) == nil)
    }

    @Test func errorsSayWhatAndWhere() throws {
        guard case .failure(let error) = parse(#"{"a":1} x"#) else {
            Issue.record("accepted trailing garbage")
            return
        }
        #expect(error.offset == 8)
        #expect(error.description == "unexpected bytes after the object at byte 8")
    }
}
