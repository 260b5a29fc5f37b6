import Testing
import Platform
@testable import Agones

/// What the game server reads from and writes to the Agones SDK server, against the shapes
/// of its REST interface (protobuf JSON: snake_case, 64-bit integers as strings).
@Suite struct AgonesModelTests {
    static let gameServer = #"""
    {"object_meta":{"name":"game-server-x7k2p","namespace":"default","uid":"5a1b","resource_version":"12","generation":"1",
    "creation_timestamp":"1765000000","deletion_timestamp":"0","annotations":{"agones.dev/sdk-version":"1.56"},
    "labels":{"agones.dev/fleet":"game-server","agones.dev/sdk-players":"3"}},
    "spec":{"health":{"disabled":false,"period_seconds":5,"failure_threshold":3,"initial_delay_seconds":5}},
    "status":{"state":"Allocated","address":"10.0.0.7","ports":[{"name":"game","port":7431}],
    "players":{"count":"3","capacity":"64","ids":["1.1","1.2","1.3"]},"counters":{},"lists":{}}}
    """#

    @Test func readsAGameServerAndAWatchLine() throws {
        let tree = try JSONObjectReader.parseTree(Array(Self.gameServer.utf8)).get()
        let server = try #require(AgonesGameServer(tree))
        #expect(server.name == "game-server-x7k2p" && server.namespace == "default")
        #expect(server.state == .allocated && server.address == "10.0.0.7")
        #expect(server.ports.count == 1 && server.ports[0].name == "game" && server.ports[0].port == 7431)
        #expect(server.labels["agones.dev/sdk-players"] == "3")
        #expect(server.playerCapacity == 64 && server.playerCount == 3)
        let line = try JSONObjectReader.parseTree(Array(("{\"result\":" + Self.gameServer + "}").utf8)).get()
        #expect(AgonesGameServer(line) == server)
    }

    @Test func statesByNameAndAnUnknownOneKept() {
        for name in ["Scheduled", "RequestReady", "Ready", "Reserved", "Allocated", "Shutdown", "Unhealthy", "Error"] {
            #expect(AgonesState(name: name).description == name)
        }
        #expect(AgonesState(name: "Creating") == .other("Creating"))
        #expect(AgonesGameServer(try! JSONObjectReader.parseTree(Array(#"{"status":{}}"#.utf8)).get()) == nil, "no state, no GameServer")
    }

    @Test func callsHaveTheSDKServersMethodsPathsAndBodies() {
        #expect(AgonesCall.health.method == "POST" && AgonesCall.health.path == "/health" && AgonesCall.health.body == "{}")
        #expect(AgonesCall.ready.body == "{}", "an empty body would not count")
        #expect(AgonesCall.reserve(seconds: 30).body == #"{"seconds":"30"}"#)
        let label = AgonesCall.label(key: "players", value: "a\"b")
        #expect(label.method == "PUT" && label.path == "/metadata/label" && label.body == #"{"key":"players","value":"a\"b"}"#)
        #expect(AgonesCall.playerConnect("1.2").path == "/alpha/player/connect" && AgonesCall.playerConnect("1.2").body == #"{"playerID":"1.2"}"#)
        #expect(AgonesCall.playerCapacity(64).method == "PUT" && AgonesCall.playerCapacity(64).body == #"{"count":"64"}"#)
        let counter = AgonesCall.counter(name: "players", count: 5)
        #expect(counter.method == "PATCH" && counter.path == "/v1beta1/counters/players" && counter.body == #"{"count":"5"}"#)
        #expect(AgonesCall.counter(name: "a/b c", count: 1).path == "/v1beta1/counters/a%2Fb%20c")
        #expect(AgonesCall.gameServer.method == "GET" && AgonesCall.gameServer.body.isEmpty)
    }

    @Test func newerCallsOfAKindStandForWaitingOnes() {
        #expect(AgonesCall.health.coalescingKey == AgonesCall.health.coalescingKey)
        #expect(AgonesCall.label(key: "a", value: "1").coalescingKey == AgonesCall.label(key: "a", value: "2").coalescingKey)
        #expect(AgonesCall.label(key: "a", value: "1").coalescingKey != AgonesCall.label(key: "b", value: "1").coalescingKey)
        // Players connecting and leaving are events, in order: never merged.
        #expect(AgonesCall.playerConnect("1.1").coalescingKey == nil && AgonesCall.shutdown.coalescingKey == nil)
    }
}
