import Testing
@testable import EngineIO

struct EngineIOQueryTests {
    static let sid = "AbCdEfGhIjKlMnOpQr_-"

    @Test func aHandshakeAndASessionRequest() {
        #expect(EngineIOQuery.parse("EIO=4&transport=polling&t=NfZ2v1q") == .success(EngineIOQuery(transport: .polling, sid: nil)))
        #expect(EngineIOQuery.parse("EIO=4&transport=websocket&sid=\(Self.sid)") == .success(EngineIOQuery(transport: .websocket, sid: Self.sid)))
    }

    /// fuzz-engineio's finding: split on characters, `&` followed by a combining mark is one
    /// character, so the parameter after it vanished into the one before, and the same query
    /// parsed differently with its parameters reordered.
    @Test func parametersAreSplitOnBytesNotCharacters() {
        let ok: Result<EngineIOQuery, EngineIOError> = .success(EngineIOQuery(transport: .polling, sid: nil))
        #expect(EngineIOQuery.parse("\u{301}x=1&EIO=4&transport=polling") == ok)
        #expect(EngineIOQuery.parse("EIO=4&\u{301}x=1&transport=polling") == ok)
        #expect(EngineIOQuery.parse("transport=polling&EIO=4&\u{301}x=1") == ok)
        #expect(EngineIOQuery.parse("EIO=4&transport=polling&\u{301}") == ok)
    }

    @Test(arguments: [
        (nil, EngineIOError.unsupportedProtocolVersion), ("transport=polling", .unsupportedProtocolVersion),
        ("EIO=3&transport=polling", .unsupportedProtocolVersion), ("EIO=4", .unknownTransport),
        ("EIO=4&transport=flashsocket", .unknownTransport), ("EIO=4&transport=polling&sid=short", .unknownSession),
        ("EIO=4&transport=polling&sid=\(sid)&sid=\(sid)", .badRequest("sid given twice")),
        ("EIO=4&EIO=4&transport=polling", .badRequest("EIO given twice")),
    ] as [(String?, EngineIOError)])
    func refusals(query: String?, error: EngineIOError) {
        #expect(EngineIOQuery.parse(query) == .failure(error))
    }

    @Test func theProtocolsErrorCodes() {
        #expect(EngineIOError.unknownTransport.code == 0)
        #expect(EngineIOError.unknownSession.code == 1)
        #expect(EngineIOError.badHandshakeMethod.code == 2)
        #expect(EngineIOError.badRequest("x").code == 3)
        #expect(EngineIOError.unsupportedProtocolVersion.code == 5)
    }

    @Test func sessionIDsAreWellFormedAndDistinct() {
        var generator = SystemRandomNumberGenerator()
        let ids = (0..<1000).map { _ in EngineIOSessionID.make(using: &generator) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { EngineIOSessionID.isWellFormed($0) })
        #expect(!EngineIOSessionID.isWellFormed("AbCdEfGhIjKlMnOpQr_!"))
    }
}
