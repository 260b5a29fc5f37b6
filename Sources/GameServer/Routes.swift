import Glibc
import WebSocket

/// The server's HTTP surface: the game page and its modules from the web root, the players'
/// WebSocket at /play, /healthz, /metrics (Prometheus text), /replays (the recordings) and
/// the replay viewers' WebSocket at /replay.
struct Routes {
    let staticFiles: StaticFiles
    let metrics: ServerMetrics
    let recordDirectory: String
    let service: any WebSocketDelegate
    let replays: any WebSocketDelegate

    func route(_ request: HTTPRequest) -> HTTPRoute {
        switch request.path {
        case "/play":
            guard WebSocketHandshake.isUpgradeRequest(request) else {
                return .response(.text(.upgradeRequired, "/play is the players' WebSocket endpoint\n"))
            }
            return .webSocket(service)
        case "/replay":
            guard WebSocketHandshake.isUpgradeRequest(request) else {
                return .response(.text(.upgradeRequired, "/replay?file=NAME.rec is the replay viewers' WebSocket endpoint; the page is /replay.html\n"))
            }
            return .webSocket(replays)
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

    /// The recordings on disk as a JSON array, newest first:
    /// `[{"name": "….rec", "bytes": 1234, "modified": <ms since 1970>}, …]`.
    private func replayList() -> HTTPResponse {
        var entries: [(name: String, bytes: Int, modified: Int)] = []
        if let directory = opendir(recordDirectory) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard case .success = ReplayRequest.validate(name) else { continue }
                var info = stat()
                guard stat(recordDirectory + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                let modified = Int(info.st_mtim.tv_sec) * 1000 + Int(info.st_mtim.tv_nsec) / 1_000_000
                entries.append((name, Int(info.st_size), modified))
            }
            closedir(directory)
        }
        entries.sort { ($0.modified, $0.name) > ($1.modified, $1.name) }
        let items = entries.map { "{\"name\":\(Self.jsonString($0.name)),\"bytes\":\($0.bytes),\"modified\":\($0.modified)}" }
        let body = "[" + items.joined(separator: ",") + "]\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: Array(body.utf8))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
