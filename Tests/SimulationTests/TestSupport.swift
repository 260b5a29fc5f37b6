import Wire
@testable import Simulation

/// A small game shape for the snapshot tests: three kinds with narrow and wide fields, so
/// both the raw and the delta coding of changed fields are exercised.
enum TestGame {
    static let descriptor = GameDescriptor(
        name: "test", version: 1,
        kinds: [
            FieldTable(kind: 0, name: "player", fields: [
                FieldSpec("x", QuantizedRange(min: 0, max: 10_000, step: 1)),
                FieldSpec("y", QuantizedRange(min: 0, max: 10_000, step: 1)),
                FieldSpec("angle", QuantizedRange(min: 0, max: 255, step: 1)),
                FieldSpec("health", QuantizedRange(min: 0, max: 100, step: 1)),
                FieldSpec("flags", QuantizedRange(min: 0, max: 3, step: 1)),
            ]),
            FieldTable(kind: 1, name: "rock", fields: [
                FieldSpec("x", QuantizedRange(min: 0, max: 10_000, step: 4)),
                FieldSpec("y", QuantizedRange(min: 0, max: 10_000, step: 4)),
            ]),
            FieldTable(kind: 2, name: "bullet", fields: [
                FieldSpec("x", QuantizedRange(min: -100, max: 10_100, step: 2)),
                FieldSpec("y", QuantizedRange(min: -100, max: 10_100, step: 2)),
                FieldSpec("owner", QuantizedRange(min: 0, max: 1_023, step: 1)),
            ]),
        ],
        // A move pair, button bits and a coarse angle: what the JS SDK's seam test maps a
        // made-up game's intents onto.
        inputs: InputTable([
            InputField("moveX", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
            InputField("moveY", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
            InputField("buttons", QuantizedRange(min: 0, max: 7, step: 1), whenLate: .release),
            InputField("angle", QuantizedRange(min: 0, max: 255, step: 1), whenLate: .keep),
        ]),
        worldMinX: 0, worldMinY: 0, worldMaxX: 10_000, worldMaxY: 10_000, viewRadius: 1_500)

    static func welcome(tick: UInt32 = 0) -> WelcomeMessage {
        WelcomeMessage(playerID: 1, entityID: 1, tickRate: 60, snapshotInterval: 1, hashInterval: 1,
                       currentTick: tick, resumeToken: 42, game: descriptor)
    }

    /// A reconstructor that has applied a welcome for this game.
    static func reconstructor() -> ViewReconstructor {
        var reconstructor = ViewReconstructor()
        reconstructor.apply(welcome: welcome())
        return reconstructor
    }

    /// Random field values for a new entity of `kind` (some outside the quantized range, to
    /// exercise clamping).
    static func randomFields(kind: UInt8, _ random: inout SeededRandom) -> [Int32] {
        let x = random.int(in: -50 ... 10_050)
        let y = random.int(in: -50 ... 10_050)
        switch kind {
        case 0: return [x, y, random.int(in: 0 ... 255), random.int(in: 0 ... 100), random.int(in: 0 ... 3)]
        case 1: return [x, y]
        default: return [x, y, random.int(in: 0 ... 1_023)]
        }
    }

    /// The view the encoder should produce, by brute force: every entity inside the view
    /// square of `center`, ascending ids, quantized codes.
    static func expectedView(_ store: EntityStore, center: (x: Int32, y: Int32)?) -> [(id: EntityID, kind: UInt8, codes: [UInt32])] {
        guard let center else { return [] }
        let r = Int64(descriptor.viewRadius)
        var out: [(id: EntityID, kind: UInt8, codes: [UInt32])] = []
        for slot in 0 ..< store.count {
            let dx = Int64(store.x(at: slot)) - Int64(center.x)
            let dy = Int64(store.y(at: slot)) - Int64(center.y)
            guard abs(dx) <= r && abs(dy) <= r else { continue }
            let table = descriptor.kinds[Int(store.kinds[slot])]
            let codes = table.fields.enumerated().map { $0.element.range.encode(store[slot, $0.offset]) }
            out.append((store.ids[slot], store.kinds[slot], codes))
        }
        return out.sorted { $0.id < $1.id }
    }

    /// `view` as the same tuples, for comparing with `expectedView`.
    static func tuples(_ view: QuantizedView) -> [(id: EntityID, kind: UInt8, codes: [UInt32])] {
        (0 ..< view.count).map { index in
            let kind = view.kinds[index]
            return (view.ids[index], kind, view.codes(at: index, fieldCount: descriptor.kinds[Int(kind)].count))
        }
    }

    static func same(_ a: [(id: EntityID, kind: UInt8, codes: [UInt32])], _ b: [(id: EntityID, kind: UInt8, codes: [UInt32])]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.id == $1.id && $0.kind == $1.kind && $0.codes == $1.codes }
    }
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return out
}

/// Encodes one snapshot into a fresh array.
@discardableResult
func encodeSnapshot(_ encoder: inout SnapshotEncoder, _ viewer: inout ViewState, center: (x: Int32, y: Int32)?,
                    lastInputSequence: UInt32 = 0, includeHash: Bool = true) -> (bytes: [UInt8], summary: SnapshotSummary) {
    var writer = BitWriter()
    let summary = encoder.encode(for: &viewer, center: center, lastInputSequence: lastInputSequence,
                                 includeHash: includeHash, into: &writer)
    return (writer.finish(), summary)
}

/// Applies a snapshot, turning a thrown error into a test failure message.
func apply(_ bytes: [UInt8], to reconstructor: inout ViewReconstructor) -> Result<SnapshotResult, SnapshotError> {
    do throws(SnapshotError) {
        return .success(try reconstructor.apply(snapshot: bytes))
    } catch {
        return .failure(error)
    }
}
