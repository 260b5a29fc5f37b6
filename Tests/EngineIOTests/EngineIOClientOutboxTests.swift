import Testing
import WebSocket
@testable import EngineIO

/// The polling client's outbox and base64: what a POST body carries must decode, with the
/// protocol's own payload decoder, to exactly the packets queued.
struct EngineIOClientOutboxTests {
    @Test func base64BufferFormsAgreeWithTheStringForms() {
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var encoded: [UInt8] = []
            bytes.withUnsafeBytes { Base64.encode($0, appendingTo: &encoded) }
            #expect(String(decoding: encoded, as: UTF8.self) == Base64.encode(bytes))
            var decoded: [UInt8] = [9]
            #expect(encoded.withUnsafeBytes { Base64.decode($0, into: &decoded) })
            #expect(decoded == bytes)
        }
        var out: [UInt8] = []
        #expect(!Array("ab!d".utf8).withUnsafeBytes { Base64.decode($0, into: &out) })
        #expect(!Array("abc".utf8).withUnsafeBytes { Base64.decode($0, into: &out) })
        // Canonical only: non-zero pad bits and misplaced padding are refused, as the String form does.
        for bad in ["QR==", "QUJ=", "a===", "ab=c", "=AAA"] {
            #expect(!Array(bad.utf8).withUnsafeBytes { Base64.decode($0, into: &out) })
            #expect(Base64.decode(bad) == nil)
        }
    }

    @Test func batchIsAPayloadOfTheQueuedPackets() {
        var outbox = EngineIOClientOutbox()
        [UInt8]([1, 2, 3]).withUnsafeBytes { outbox.appendBinary($0) }
        outbox.append(.pong(""))
        var batch: [UInt8] = []
        outbox.takeBatch(into: &batch, limit: 1000)
        #expect(outbox.isEmpty)
        #expect(EngineIOPayload.decode(batch) == .success([.binary([1, 2, 3]), .pong("")]))
    }

    @Test func batchIsCutAtAPacketBoundaryUnderTheLimit() {
        var outbox = EngineIOClientOutbox()
        for value in 0..<10 { [UInt8](repeating: UInt8(value), count: 30).withUnsafeBytes { outbox.appendBinary($0) } }
        var batch: [UInt8] = []
        var packets: [EngineIOPacket] = []
        while !outbox.isEmpty {
            outbox.takeBatch(into: &batch, limit: 100)
            #expect(batch.count <= 100)
            guard case .success(let part) = EngineIOPayload.decode(batch) else { Issue.record("bad batch"); return }
            packets += part
        }
        #expect(packets == (0..<10).map { .binary([UInt8](repeating: UInt8($0), count: 30)) })
    }
}
