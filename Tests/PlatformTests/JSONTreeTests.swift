import Testing
import Platform

/// The whole-document reader: nested values kept, the same strictness as the flat one.
@Suite struct JSONTreeTests {
    static func tree(_ text: String) -> Result<JSONTree, JSONSyntaxError> { JSONObjectReader.parseTree(Array(text.utf8)) }

    @Test func keepsNestedObjectsAndArraysAndReadsProtobufIntegers() throws {
        let text = #"{"result":{"object_meta":{"name":"gs-1","labels":{"agones.dev/sdk-rooms":"2"},"generation":"7"},"# +
            #""status":{"state":"Allocated","ports":[{"name":"game","port":7654}],"players":null}}}"#
        let tree = try Self.tree(text).get()
        #expect(tree[path: "result", "object_meta", "name"]?.string == "gs-1")
        #expect(tree[path: "result", "object_meta", "generation"]?.integer == 7)
        #expect(tree[path: "result", "object_meta", "labels"]?["agones.dev/sdk-rooms"]?.string == "2")
        #expect(tree[path: "result", "status", "state"]?.string == "Allocated")
        let port = try #require(tree[path: "result", "status", "ports"]?.array?.first)
        #expect(port["port"]?.integer == 7654 && port["name"]?.string == "game")
        #expect(tree[path: "result", "status", "players"] == .null)
        #expect(tree[path: "result", "missing", "state"] == nil)
        #expect(JSONTree.number(try #require(Self.number("1.5")))["x"] == nil)
        #expect(JSONTree.number(try #require(Self.number("1.5"))).integer == nil, "not an integer")
    }

    static func number(_ literal: String) -> JSONNumber? {
        guard case .success(let tree) = tree("{\"n\":\(literal)}"), case .number(let number)? = tree["n"] else { return nil }
        return number
    }

    @Test(arguments: [
        #"{"a":{"b":1,"b":2}}"#,   // a duplicate key, nested
        #"{"a":[1,2,]}"#,          // a trailing comma
        #"{"a":1} x"#,             // bytes after the document
        #"["not an object"]"#,
        #"{"a":"\ud800"}"#,        // a lone surrogate
        String(repeating: #"{"a":"#, count: 20) + "1" + String(repeating: "}", count: 20),  // too deep
    ])
    func refusesWhatTheFlatReaderRefuses(text: String) {
        #expect(throws: JSONSyntaxError.self) { try Self.tree(text).get() }
        #expect(throws: JSONSyntaxError.self) { try JSONObjectReader.parse(Array(text.utf8)).get() }
    }

    @Test func theFlatReaderIsTheTreesTopLevel() throws {
        let members = try JSONObjectReader.parse(Array(#"{"s":"x","n":3,"o":{"k":[1]},"a":[],"t":true,"z":null}"#.utf8)).get()
        #expect(members["s"] == .string("x") && members["o"] == .object && members["a"] == .array)
        #expect(members["t"] == .bool(true) && members["z"] == .null)
    }
}
