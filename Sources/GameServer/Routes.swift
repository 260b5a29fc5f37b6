import Glibc
import WebSocket

/// The server's HTTP surface: the game page and its modules from the web root, the players'
/// WebSocket at /play, /healthz, /metrics (Prometheus text) and /replays.
struct Routes {
    let staticFiles: StaticFiles
    let metrics: ServerMetrics
    let recordDirectory: String
    let service: any WebSocketDelegate

    func route(_ request: HTTPRequest) -> HTTPRoute {
        switch request.path {
        case "/play":
            guard WebSocketHandshake.isUpgradeRequest(request) else {
                return .response(.text(.upgradeRequired, "/play is the players' WebSocket endpoint\n"))
            }
            return .webSocket(service)
        case "/healthz":
            return .response(.text(.ok, "ok\n"))
        case "/metrics":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .response(.text(.methodNotAllowed, "GET only\n"))
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            headers.add(name: "Cache-Control", value: "no-store")
            return .response(HTTPResponse(status: .ok, headers: headers, body: Array(metrics.registry.render().utf8)))
        case "/replays", "/replays/":
            return .response(replayList())
        default:
            return .response(staticFiles.response(for: request))
        }
    }

    /// The recordings on disk as a JSON array of file names (newest last).
    private func replayList() -> HTTPResponse {
        var names: [String] = []
        if let directory = opendir(recordDirectory) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasSuffix(".rec") { names.append(name) }
            }
            closedir(directory)
        }
        names.sort()
        let body = "[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: Array(body.utf8))
    }
}
