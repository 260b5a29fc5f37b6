import Testing
@testable import EngineIO

/// What the polling client reads from the server besides game messages: the open packet's
/// JSON and the game's close message.
struct EngineIOClientParsingTests {
    @Test func theOpenPacketReadsBackWhatTheServerWrites() throws {
        let sent = EngineIOHandshake(sid: "AbC-_123", upgrades: ["websocket"], pingInterval: 25_000, pingTimeout: 20_000, maxPayload: 1_000_000)
        let read = try EngineIOHandshake.parse(sent.json).get()
        #expect(read.sid == sent.sid)
        #expect(read.pingInterval == 25_000 && read.pingTimeout == 20_000 && read.maxPayload == 1_000_000)
        // Member order and spacing are the writer's choice.
        let other = try EngineIOHandshake.parse(#" { "maxPayload": 100, "pingTimeout": 2, "upgrades": [], "sid": "x", "pingInterval": 1 } "#).get()
        #expect(other.sid == "x" && other.pingInterval == 1 && other.pingTimeout == 2 && other.maxPayload == 100)
    }

    @Test(arguments: [
        "", "[]", #"{"sid":"x"}"#, #"{"sid":"","pingInterval":1,"pingTimeout":1,"maxPayload":1}"#,
        #"{"sid":"x","pingInterval":0,"pingTimeout":1,"maxPayload":1}"#,
        #"{"sid":"x","pingInterval":1.5,"pingTimeout":1,"maxPayload":1}"#,
        #"{"sid":"x","pingInterval":"1","pingTimeout":1,"maxPayload":1}"#,
        #"{"sid":"x","pingInterval":1,"pingTimeout":1,"maxPayload":99999999999}"#,
        #"{"sid":"x","sid":"y","pingInterval":1,"pingTimeout":1,"maxPayload":1}"#,
        #"{"sid":"x","upgrades":"websocket","pingInterval":1,"pingTimeout":1,"maxPayload":1}"#,
        #"{"sid":7,"pingInterval":1,"pingTimeout":1,"maxPayload":1}"#,
    ])
    func aBadOpenPacketIsRefused(_ json: String) {
        #expect(throws: EngineIOError.self) { try EngineIOHandshake.parse(json).get() }
    }

    @Test func theGamesCloseMessageIsRecognisedAndNothingElse() {
        let close = EngineIOClient.gameClose(#"{"close":4003,"reason":"too slow: \"x\""}"#)
        #expect(close?.code == 4003)
        #expect(close?.reason == #"too slow: "x""#)
        #expect(EngineIOClient.gameClose(#"{"close":1000}"#)?.code == 1000)
        for other in ["hello", #"{"close":999,"reason":""}"#, #"{"close":"4003"}"#, #"{"closed":4003}"#, #"{"close":4003"#] {
            #expect(EngineIOClient.gameClose(other) == nil, "\(other)")
        }
    }
}
