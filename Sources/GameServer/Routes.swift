import Logging
import Auth
import EngineIO
import WebSocket
import Platform
import Recording

/// The server's HTTP surface: the game page and its modules from the web root, the players'
/// WebSocket at /play, Engine.IO at /engine.io/ (players, or replay viewers with
/// `endpoint=replay`, or spectators with `endpoint=spectate`, over long-polling), /healthz,
/// /metrics (Prometheus text), /replays (the recordings), the replay viewers' WebSocket at
/// /replay and the live spectators' at /spectate. Whatever reads the disk (files, the listing)
/// runs on `disk`, not on the I/O thread.
struct Routes {
    static let logger = Logger(label: "game.routes")
    /// nil: no page is served (`--no-web-root`).
    let staticFiles: StaticFiles?
    let disk: BlockingWorker
    let metrics: ServerMetrics
    let recordDirectory: String
    /// A new delegate for each `/play` upgrade, given the join token's claims when required.
    let play: (JoinClaims?) -> any MessageHandler
    /// The join-token rule every /play upgrade passes first.
    var admission = JoinAdmission(verifier: nil)
    /// Counts /play upgrades refused for their token.
    var tokenRefusals: Counter?
    /// A new handler for each replay viewer, given the request's query (it names the file).
    let replay: (String?) -> any MessageHandler
    /// A new handler for each live spectator, given the request's query (`room=ID`); nil when
    /// spectating is off (`--max-spectators 0`).
    var spectate: ((String?) -> any MessageHandler)?
    /// False when /metrics has its own listener (`metricsRoute`).
    var servesMetrics = true
    /// False with `--no-replays`: the recordings, their socket and their page are not served.
    var servesReplays = true
    /// The Engine.IO sessions, nil with `--no-polling`.
    var engineIO: EngineIOServer?
    /// `--refuse-websocket`: every upgrade is answered 400.
    var refusesWebSocket = false
    /// `/game.json`: which game this server plays, so a page can load that game's client
    /// module (`web/games/index.js`) without being told in its URL.
    var gameJSON = #"{"id":"","name":"","version":0}"#

    func route(_ request: HTTPRequest) -> HTTPRoute {
        if !servesReplays && request.path.hasPrefix("/replay") {
            return .response(.text(.notFound, "replays are not served here\n"))
        }
        if refusesWebSocket && WebSocketHandshake.isUpgradeRequest(request) {
            return .response(.text(.badRequest, "WebSocket upgrades are refused here (--refuse-websocket)\n"))
        }
        switch request.path {
        case "/play":
            guard WebSocketHandshake.isUpgradeRequest(request) else {
                return .response(.text(.upgradeRequired, "/play is the players' WebSocket endpoint\n"))
            }
            switch openPlayer(request) {
            case .success(let handler): return .messages(handler)
            case .failure(let refusal): return .response(refusal.response)
            }
        case "/engine.io/", "/engine.io":
            guard let engineIO else { return .response(.text(.notFound, "long-polling is turned off here (--no-polling)\n")) }
            return engineIO.route(request) { openEngineIO($0) }
        case "/replay":
            guard WebSocketHandshake.isUpgradeRequest(request) else {
                return .response(.text(.upgradeRequired, "/replay?file=NAME.rec is the replay viewers' WebSocket endpoint; the page is /replay.html\n"))
            }
            return .messages(replay(request.query))
        case "/spectate":
            guard let spectate else { return .response(.text(.notFound, "spectating is turned off here (--max-spectators 0)\n")) }
            guard WebSocketHandshake.isUpgradeRequest(request) else {
                return .response(.text(.upgradeRequired, "/spectate?room=ID is the live spectators' WebSocket endpoint; the page is /replay.html?live=ID\n"))
            }
            return .messages(spectate(request.query))
        case "/healthz":
            return .response(.text(.ok, "ok\n"))
        case "/game.json":
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Cache-Control", value: "no-store")
            return .response(HTTPResponse(status: .ok, headers: headers, body: Array((gameJSON + "\n").utf8)))
        case "/metrics" where servesMetrics:
            return Self.metricsRoute(request, metrics: metrics)
        case "/replays", "/replays/":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .response(.text(.methodNotAllowed, "GET only\n"))
            }
            let directory = recordDirectory
            return .later { [disk] responder in
                let bound = LoopBound(responder, loop: responder.loop)
                let accepted = disk.submit {
                    let response = Self.replayList(directory)
                    bound.loop.execute { bound.value.respond(response) }
                }
                if !accepted { responder.respond(.text(.serviceUnavailable, "busy, try again\n")) }
            }
        default:
            guard let staticFiles else { return .response(.text(.notFound, "this server serves no game page (--no-web-root)\n")) }
            return staticFiles.route(for: request, worker: disk)
        }
    }

    /// A player's handler, once the join-token rule admits the request (a WebSocket upgrade
    /// or an Engine.IO handshake alike).
    private func openPlayer(_ request: HTTPRequest) -> Result<any MessageHandler, EngineIOServer.Refusal> {
        switch admission.admit(request) {
        case .admitted(let claims):
            return .success(play(claims))
        case .refused(let reason):
            tokenRefusals?.increment()
            Self.logger.warning("refused \(request.path) from \(request.clientDescription): \(reason)")
            var response = HTTPResponse.text(.unauthorized, reason + "\n")
            response.headers.add(name: "WWW-Authenticate", value: "Bearer")
            return .failure(EngineIOServer.Refusal(response))
        }
    }

    /// What a new Engine.IO session carries: a player (the default, `endpoint=play`), a
    /// replay viewer (`endpoint=replay&file=NAME.rec`) or a spectator (`endpoint=spectate&room=ID`).
    private func openEngineIO(_ request: HTTPRequest) -> Result<any MessageHandler, EngineIOServer.Refusal> {
        switch request.queryValue("endpoint") ?? "play" {
        case "play":
            return openPlayer(request)
        case "replay" where servesReplays:
            return .success(replay(request.query))
        case "replay":
            return .failure(EngineIOServer.Refusal(.text(.notFound, "replays are not served here\n")))
        case "spectate":
            guard let spectate else { return .failure(EngineIOServer.Refusal(.text(.notFound, "spectating is turned off here\n"))) }
            return .success(spectate(request.query))
        default:
            return .failure(EngineIOServer.Refusal(.text(.badRequest, "endpoint must be play, replay or spectate\n")))
        }
    }

    /// /metrics in Prometheus' text format; the whole router of the separate metrics listener
    /// (with /healthz), so that scraping need not be public.
    static func metricsRoute(_ request: HTTPRequest, metrics: ServerMetrics) -> HTTPRoute {
        switch request.path {
        case "/metrics":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .response(.text(.methodNotAllowed, "GET only\n"))
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            headers.add(name: "Cache-Control", value: "no-store")
            return .response(HTTPResponse(status: .ok, headers: headers, body: Array(metrics.registry.render().utf8)))
        case "/healthz":
            return .response(.text(.ok, "ok\n"))
        default:
            return .response(.text(.notFound, "this listener serves /metrics and /healthz\n"))
        }
    }

    /// Recordings a listing describes beyond name, size and time (the newest): each costs an
    /// open and a few small reads on the I/O thread.
    static let describedRecordings = 200

    /// The recordings on disk as a JSON array, newest first:
    /// `[{"name": "….rec", "bytes": 1234, "modified": <ms since 1970>, …}, …]` (whole seconds),
    /// the newest also with what their header and end record say (`describe`).
    static func replayList(_ recordDirectory: String) -> HTTPResponse {
        let items = RecordingDirectory.list(recordDirectory).reversed().enumerated().map { index, entry in
            "{\"name\":\(JSONString.quoted(entry.name)),\"bytes\":\(entry.size),\"modified\":\(entry.modified * 1000)"
                + (index < Self.describedRecordings ? Self.describe(recordDirectory + "/" + entry.name) : "") + "}"
        }
        let body = "[" + items.joined(separator: ",") + "]\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: Array(body.utf8))
    }

    /// More fields of a listing entry, from the file's header and (if the match ended cleanly)
    /// its end record, read from the tail: `"game"`, `"tickRate"`, `"startedAt"` (ms),
    /// `"complete"`, and when complete `"ticks"`, `"players"` and the first `"names"`; or an
    /// `"error"` saying why the file cannot be read.
    static func describe(_ path: String) -> String {
        let file: RecordingFile
        let header: RecordingHeader
        do {
            file = try RecordingFile(path: path)
            header = try RecordingIndex.readHeader(file).0
        } catch {
            return ",\"error\":\(JSONString.quoted(error.description))"
        }
        var fields = ",\"game\":\(JSONString.quoted(header.gameName)),\"tickRate\":\(header.tickRate),\"startedAt\":\(header.startedAtMillis)"
        guard let end = file.endRecord() else { return fields + ",\"complete\":false" }
        // The match's length: without the ticks run after the last player left.
        fields += ",\"complete\":true,\"ticks\":\(end.matchTicks),\"recordedTicks\":\(end.ticks),\"players\":\(end.players),\"names\":["
        fields += end.names.map(JSONString.quoted).joined(separator: ",") + "]"
        return fields
    }
}
