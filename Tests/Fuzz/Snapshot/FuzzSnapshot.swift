import FuzzSupport
import Simulation
import Wire

/// libFuzzer target: `ViewReconstructor` (and the `SnapshotReader` under it) over a stream
/// of untrusted messages: a welcome, then snapshots.
///
/// Invariants (ViewReconstructor's documentation): no trap; a snapshot that throws leaves the
/// reconstructor exactly as it was; one that applies leaves a view of strictly ascending ids
/// whose codes lie in their fields' ranges and whose values are those codes decoded, grows
/// the view by at most one entity per bit of the snapshot (a hostile count cannot make it
/// allocate more than the bytes pay for), and reports counts that add up to the new view;
/// a hash it reports as matched is the view's hash; a welcome that decodes re-encodes to its
/// bytes (the format is canonical) and empties the view. A copy of the reconstructor taken
/// mid-stream, fed the same rest, ends in the same state (the scratch buffers it swaps are
/// not shared). Input byte 0 picks the message after which the copy is taken; the rest is
/// messages, each a little-endian u16 length and that many bytes, the first the welcome.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 1)
    let messages = SnapshotStream.messages(input.payload)
    guard let welcomeBytes = messages.first, let welcome = try? WelcomeMessage.decode(welcomeBytes) else { return 0 }
    fuzzRequire(welcome.encoded() == welcomeBytes, "welcome re-encodes differently")
    var reconstructor = ViewReconstructor()
    reconstructor.apply(welcome: welcome)
    fuzzRequire(reconstructor.view.isEmpty && reconstructor.tick == nil, "a welcome did not reset the view")
    let forkAt = Int(input.choices.first ?? 0) % messages.count
    var fork: ViewReconstructor?
    var forkResults: [Result<SnapshotResult, SnapshotError>] = []
    var results: [Result<SnapshotResult, SnapshotError>] = []
    for (index, bytes) in messages.enumerated().dropFirst() {
        if index == forkAt { fork = reconstructor }
        results.append(SnapshotStream.apply(bytes, to: &reconstructor, welcome: welcome))
        if fork != nil { forkResults.append(SnapshotStream.apply(bytes, to: &fork!, welcome: welcome)) }
    }
    if let fork {
        fuzzRequire(SnapshotStream.State(fork) == SnapshotStream.State(reconstructor), "a copy fed the same snapshots differs")
        fuzzRequire(forkResults == Array(results.suffix(forkResults.count)), "a copy's results differ")
    }
    return 0
}

enum SnapshotStream {
    /// Everything observable about a reconstructor.
    struct State: Equatable {
        var view: QuantizedView
        var values: [Int32]
        var tick: UInt32?
        var lastInputSequence: UInt32
        var snapshotsApplied: Int
        var hashesChecked: Int
        var hashMismatches: Int
        var lastMismatchTick: UInt32?

        init(_ r: ViewReconstructor) {
            view = r.view; values = r.values; tick = r.tick; lastInputSequence = r.lastInputSequence
            snapshotsApplied = r.snapshotsApplied; hashesChecked = r.hashesChecked
            hashMismatches = r.hashMismatches; lastMismatchTick = r.lastMismatchTick
        }
    }

    static func messages(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        while offset + 2 <= bytes.count {
            let length = min(Int(bytes[offset]) | Int(bytes[offset + 1]) << 8, bytes.count - offset - 2)
            result.append(Array(bytes[(offset + 2) ..< (offset + 2 + length)]))
            offset += 2 + length
        }
        return result
    }

    static func apply(_ bytes: [UInt8], to r: inout ViewReconstructor, welcome: WelcomeMessage) -> Result<SnapshotResult, SnapshotError> {
        let before = State(r)
        let result: SnapshotResult
        do {
            result = try r.apply(snapshot: bytes)
        } catch {
            fuzzRequire(State(r) == before, "a rejected snapshot (\(error)) changed the reconstructor")
            return .failure(error)
        }
        check(r, result: result, before: before, byteCount: bytes.count, welcome: welcome)
        return .success(result)
    }

    static func check(_ r: ViewReconstructor, result: SnapshotResult, before: State, byteCount: Int, welcome: WelcomeMessage) {
        let view = r.view
        let oldCount = result.header.baselineTick == nil ? 0 : before.view.count
        fuzzRequire(r.snapshotsApplied == before.snapshotsApplied + 1, "snapshotsApplied")
        fuzzRequire(r.tick == result.header.tick, "tick \(String(describing: r.tick)) after a snapshot of tick \(result.header.tick)")
        fuzzRequire(result.entered <= byteCount * 8, "\(result.entered) entered from \(byteCount) bytes")
        fuzzRequire(view.count <= oldCount + byteCount * 8, "view of \(view.count) from \(oldCount) and \(byteCount) bytes")
        fuzzRequire(view.count == oldCount + result.entered - result.left, "counts: \(oldCount) + \(result.entered) - \(result.left) != \(view.count)")
        fuzzRequire(result.changed <= oldCount - result.left, "changed \(result.changed)")
        fuzzRequire(r.values.count == view.count * QuantizedView.stride, "values of \(r.values.count) for \(view.count) entities")
        if let hash = result.hash {
            fuzzRequire(result.hashMatched == (r.viewHash == hash), "hashMatched disagrees with the view hash")
        } else {
            fuzzRequire(result.hashMatched == nil, "hashMatched without a hash")
        }
        let kinds = welcome.game.kinds
        for index in 0 ..< view.count {
            if index > 0 { fuzzRequire(view.ids[index - 1] < view.ids[index], "view ids not ascending") }
            let kind = Int(view.kinds[index])
            fuzzRequire(kind < kinds.count, "kind \(kind) of \(kinds.count)")
            guard let entity = r.entity(view.ids[index]) else { fuzzRequire(false, "entity not found"); return }
            let fields = kinds[kind].fields
            fuzzRequire(entity.codes.count == fields.count && entity.values.count == fields.count, "field count")
            for field in 0 ..< fields.count {
                let range = fields[field].range
                fuzzRequire(entity.codes[field] <= range.maxCode, "code \(entity.codes[field]) over \(range.maxCode)")
                fuzzRequire(entity.values[field] == range.decode(entity.codes[field]), "value is not its code decoded")
            }
            for field in fields.count ..< QuantizedView.stride {
                fuzzRequire(view.code(at: index, field: field) == 0, "a code past the kind's fields")
            }
        }
    }
}

@_cdecl("fuzz_snapshot_main")
public func fuzzSnapshotMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzzMain(argc, argv) { data, size in fuzzSnapshot(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
