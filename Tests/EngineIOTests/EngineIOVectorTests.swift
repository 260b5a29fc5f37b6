import Foundation
import Testing
@testable import EngineIO

/// The polling payload vectors the JS client checks too (`web/test/vectors/engineio.json`).
struct EngineIOVectorTests {
    static func load() -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("web/test/vectors/engineio.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static func packet(_ pair: [Any]) -> EngineIOPacket? {
        guard pair.count == 2, let type = pair[0] as? String else { return nil }
        let text = pair[1] as? String ?? ""
        switch type {
        case "open": return .open(text)
        case "close": return .close
        case "ping": return .ping(text)
        case "pong": return .pong(text)
        case "text": return .text(text)
        case "binary": return (pair[1] as? [Int]).map { .binary($0.map(UInt8.init)) }
        case "upgrade": return .upgrade
        case "noop": return .noop
        default: return nil
        }
    }

    @Test func everyPayloadEncodesAndDecodesExactly() throws {
        let payloads = try #require(Self.load()["payloads"] as? [[String: Any]])
        #expect(payloads.count >= 8)
        for payload in payloads {
            let wire = Array(try #require(payload["wire"] as? String).utf8)
            let packets = try #require((payload["packets"] as? [[Any]])?.compactMap(Self.packet))
            var out: [UInt8] = []
            EngineIOPayload.encode(packets, into: &out)
            #expect(out == wire, "\(payload)")
            #expect(EngineIOPayload.decode(wire) == .success(packets), "\(payload)")
        }
    }

    @Test func everyRejectionIsRefused() throws {
        let rejections = try #require(Self.load()["rejections"] as? [String])
        for wire in rejections {
            guard case .failure = EngineIOPayload.decode(Array(wire.utf8)) else { Issue.record("'\(wire)' decoded"); continue }
        }
    }
}
