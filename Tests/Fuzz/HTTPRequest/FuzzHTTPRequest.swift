import FuzzSupport
import WebSocket

/// libFuzzer target: the HTTP/1.1 request parser over untrusted bytes.
///
/// Invariants the parser promises (HTTPRequestParser's documentation): no trap on any
/// input; the bytes it holds never exceed the head limit plus the announced body (which is
/// itself bounded by `maxBodyBytes`); and any split of the stream across `feed` calls
/// gives the same requests and the same failure as the whole stream in one call. The
/// first 8 input bytes choose the split points.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 8)
    let limits = HTTPParserLimits()
    let whole = HTTPRequestStream.parse([input.payload], limits: limits)
    let split = HTTPRequestStream.parse(input.chunks(), limits: limits)
    fuzzRequire(whole == split, "split changed the result: \(whole) vs \(split)")
    return 0
}

/// What a connection would see from a stream of reads: requests (pipelined ones too),
/// heads whose body is then read, and at most one failure, which ends the stream.
enum HTTPRequestStream {
    enum Outcome: Equatable {
        case request(HTTPRequest)
        case head(HTTPRequest)
        case failure(HTTPParseError)
    }

    static func parse(_ chunks: [[UInt8]], limits: HTTPParserLimits) -> [Outcome] {
        var parser = HTTPRequestParser(limits: limits)
        var outcomes: [Outcome] = []
        for chunk in chunks {
            var rest = chunk[...]
            while true {
                let result = rest.withUnsafeBytes { parser.feed($0) }
                fuzzRequire(parser.bufferedByteCount <= limits.maxHeaderBytes + limits.maxBodyBytes,
                            "parser holds \(parser.bufferedByteCount) bytes")
                switch result {
                case .needMore:
                    break
                case .request(let request, let consumed):
                    fuzzRequire(consumed >= 0 && consumed <= rest.count, "consumed \(consumed) of \(rest.count)")
                    fuzzRequire(request.body.count == request.contentLength, "body length")
                    outcomes.append(.request(request))
                    rest = rest[(rest.startIndex + consumed)...]
                    if !rest.isEmpty { continue }
                case .head(let request, let consumed):
                    fuzzRequire(consumed >= 0 && consumed <= rest.count, "consumed \(consumed) of \(rest.count)")
                    fuzzRequire(request.contentLength > 0 && request.contentLength <= limits.maxBodyBytes, "head's length")
                    outcomes.append(.head(request))
                    parser.readBody()
                    rest = rest[(rest.startIndex + consumed)...]
                    if !rest.isEmpty { continue }
                case .failure(let error):
                    outcomes.append(.failure(error))
                    return outcomes
                }
                break
            }
        }
        return outcomes
    }
}

@_cdecl("fuzz_http_main")
public func fuzzHTTPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzzMain(argc, argv) { data, size in fuzzHTTPRequest(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
