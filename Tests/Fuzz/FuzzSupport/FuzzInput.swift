/// A fuzzer's input split into the choices it makes and the bytes under test, so one
/// libFuzzer input decides both what is parsed and how it arrives (chunk sizes, flags),
/// the way an epoll reader sees a stream cut at arbitrary points.
public struct FuzzInput {
    /// The bytes to parse: everything after the choice bytes.
    public let payload: [UInt8]
    /// The choice bytes, read cyclically for split points.
    public let choices: [UInt8]

    /// The first `choiceCount` bytes (fewer if the input is shorter) are choices.
    public init(_ data: UnsafePointer<UInt8>, _ size: Int, choiceCount: Int) {
        let all = Array(UnsafeBufferPointer(start: data, count: size))
        let n = min(choiceCount, all.count)
        choices = Array(all[0 ..< n])
        payload = Array(all[n...])
    }

    /// The payload cut into chunks whose sizes (1…256) come from the choice bytes in turn;
    /// concatenated, they are the payload again.
    public func chunks() -> [[UInt8]] {
        guard !choices.isEmpty else { return [payload] }
        var result: [[UInt8]] = []
        var offset = 0
        var i = 0
        while offset < payload.count {
            let size = min(Int(choices[i % choices.count]) + 1, payload.count - offset)
            result.append(Array(payload[offset ..< offset + size]))
            offset += size
            i += 1
        }
        return result
    }
}

/// Fails the run (libFuzzer records the input as a crash) when an invariant the code
/// promises does not hold: a plain `precondition` would be compiled out with -Ounchecked.
public func fuzzRequire(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant: \(message())") }
}

@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable with `main` aliased to `<module>_main`, so libFuzzer's own
/// `main` is never used: each target's `<module>_main` calls this, which runs libFuzzer's
/// driver (`LLVMFuzzerRunDriver`) with the target's test function.
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                     _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments, body)
}
