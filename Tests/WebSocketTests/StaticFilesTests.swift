import Foundation
import Testing
@testable import WebSocket

/// A tiny web root built in a fresh temporary directory for each test, with a secret
/// file beside it (outside the root) that no request may ever reach.
final class WebRootFixture {
    let base: String
    let root: String
    static let secret = "TOP SECRET outside the web root"

    init() throws {
        let template = NSTemporaryDirectory() + "static-files-XXXXXX"
        var buffer = Array(template.utf8CString)
        guard let made = mkdtemp(&buffer) else { throw CocoaError(.fileWriteUnknown) }
        base = String(cString: made)
        root = base + "/www"
        let files: [String: String] = [
            "index.html": "<h1>home</h1>",
            "app.js": "export {}", "mod.mjs": "export {}", "style.css": "body{}", "data.json": "{}",
            "img.png": "png", "UPPER.PNG": "png", "icon.svg": "<svg/>", "favicon.ico": "ico", "m.wasm": "wasm",
            "notes.txt": "notes", "app.js.map": "{}", "pic.webp": "webp", "photo.jpg": "jpg", "photo.jpeg": "jpg",
            "blob.bin": "bin", "noext": "x", "with space.txt": "spaced", "caf\u{e9}.txt": "unicode",
            ".hidden": "hidden", "sub/index.html": "<h1>sub</h1>", "sub/deeper/page.html": "<p>deep</p>",
            "big.bin": String(repeating: "b", count: 100), "empty.txt": "",
        ]
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/emptydir", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/sub/deeper", withIntermediateDirectories: true)
        for (path, content) in files {
            try Data(content.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        try Data(Self.secret.utf8).write(to: URL(fileURLWithPath: base + "/secret.txt"))
        try manager.createSymbolicLink(atPath: root + "/link-out", withDestinationPath: "../secret.txt")
        try manager.createSymbolicLink(atPath: root + "/link-out-dir", withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: root + "/link-abs", withDestinationPath: base + "/secret.txt")
        try manager.createSymbolicLink(atPath: root + "/link-in.txt", withDestinationPath: "notes.txt")
        try manager.createSymbolicLink(atPath: root + "/sub/up.txt", withDestinationPath: "../notes.txt")
        try manager.createDirectory(atPath: root + "/escape", withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: root + "/escape/index.html", withDestinationPath: "../../secret.txt")
        guard mkfifo(root + "/fifo", 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
    }

    func serve(_ target: String, method: String = "GET", maxFileSize: Int = 16 << 20) -> HTTPResponse {
        StaticFiles(root: root, maxFileSize: maxFileSize)
            .response(for: HTTPRequest(method: method, target: target, headers: ["Host": "localhost"]))
    }
}

@Suite("Static files")
struct StaticFilesTests {
    @Test func rootServesIndexHTML() throws {
        let fixture = try WebRootFixture()
        let response = fixture.serve("/")
        #expect(response.status == .ok)
        #expect(response.body == httpBytes("<h1>home</h1>"))
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(fixture.serve("/?v=3").body == httpBytes("<h1>home</h1>"))
    }

    @Test(arguments: ["/sub", "/sub/", "//sub//", "/sub/index.html"])
    func directoriesServeTheirIndex(target: String) throws {
        let response = try WebRootFixture().serve(target)
        #expect(response.status == .ok)
        #expect(response.body == httpBytes("<h1>sub</h1>"))
    }

    @Test(arguments: [
        ("/index.html", "text/html; charset=utf-8"), ("/app.js", "text/javascript; charset=utf-8"),
        ("/mod.mjs", "text/javascript; charset=utf-8"), ("/style.css", "text/css; charset=utf-8"),
        ("/data.json", "application/json"), ("/img.png", "image/png"), ("/UPPER.PNG", "image/png"),
        ("/icon.svg", "image/svg+xml"), ("/favicon.ico", "image/x-icon"), ("/m.wasm", "application/wasm"),
        ("/notes.txt", "text/plain; charset=utf-8"), ("/app.js.map", "application/json"), ("/pic.webp", "image/webp"),
        ("/photo.jpg", "image/jpeg"), ("/photo.jpeg", "image/jpeg"), ("/blob.bin", "application/octet-stream"),
        ("/noext", "application/octet-stream"), ("/sub/deeper/page.html", "text/html; charset=utf-8"),
    ])
    func contentTypes(target: String, type: String) throws {
        let response = try WebRootFixture().serve(target)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == type)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func percentEncodedNamesAndSymlinksInsideTheRootWork() throws {
        let fixture = try WebRootFixture()
        #expect(fixture.serve("/with%20space.txt").body == httpBytes("spaced"))
        #expect(fixture.serve("/caf%C3%A9.txt").body == httpBytes("unicode"))
        #expect(fixture.serve("/link-in.txt").body == httpBytes("notes"))
        #expect(fixture.serve("/sub/up.txt").body == httpBytes("notes"))
        // Out through a symlink and back in: the canonical file is inside, so it is served.
        #expect(fixture.serve("/link-out-dir/www/index.html").body == httpBytes("<h1>home</h1>"))
        #expect(fixture.serve("/empty.txt").status == .ok)
    }

    @Test func headHasTheSameContentLengthAndNoBody() throws {
        let fixture = try WebRootFixture()
        let get = fixture.serve("/app.js").serialized(keepAlive: true)
        let head = fixture.serve("/app.js", method: "HEAD").serialized(keepAlive: true, headOnly: true)
        let separator = httpBytes("\r\n\r\n")
        guard let end = get.firstRange(of: separator)?.upperBound else { Issue.record("no head"); return }
        #expect(head == Array(get[..<end]))
        #expect(String(decoding: head, as: UTF8.self).contains("Content-Length: 9\r\n"))
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
    func otherMethodsAre405(method: String) throws {
        let response = try WebRootFixture().serve("/index.html", method: method)
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD")
    }

    /// Methods are case-sensitive (RFC 9110 §9.1): `get` is not GET but a method nobody defined.
    @Test(arguments: ["get", "BREW", "PROPFIND"])
    func unknownMethodsAre501(method: String) throws {
        let response = try WebRootFixture().serve("/index.html", method: method)
        #expect(response.status == .notImplemented)
    }

    @Test(arguments: ["/missing.html", "/sub/missing", "/emptydir", "/emptydir/", "/notes.txt/", "/index.html/x"])
    func missingIs404(target: String) throws {
        #expect(try WebRootFixture().serve(target).status == .notFound)
    }

    @Test func nonRegularFilesAre403() throws {
        #expect(try WebRootFixture().serve("/fifo").status == .forbidden)
    }

    @Test func unreadableFileIs403() throws {
        let fixture = try WebRootFixture()
        guard getuid() != 0 else { return } // root reads anything; nothing to check
        chmod(fixture.root + "/notes.txt", 0)
        #expect(fixture.serve("/notes.txt").status == .forbidden)
    }

    @Test func sizeCapIsEnforced() throws {
        let fixture = try WebRootFixture()
        #expect(fixture.serve("/big.bin", maxFileSize: 100).status == .ok)
        #expect(fixture.serve("/big.bin", maxFileSize: 99).status == .internalServerError)
    }

    @Test func missingRootIs500() {
        let response = StaticFiles(root: "/nonexistent/web/root").response(for: HTTPRequest(target: "/"))
        #expect(response.status == .internalServerError)
    }

    /// Every spelling of "outside the root" fails, and none returns the secret.
    @Test(arguments: [
        ("/../etc/passwd", 400), ("/../secret.txt", 400), ("/%2e%2e/", 400), ("/%2e%2e/secret.txt", 400),
        ("/..%2f..%2f", 400), ("/..%2fsecret.txt", 400), ("/%2e%2e%2fsecret.txt", 400), ("/a/../../x", 400),
        ("/sub/../../secret.txt", 400), ("/%2E%2E/%2E%2E/etc/passwd", 400), ("/%2E./secret.txt", 400),
        ("/.%2e/secret.txt", 400), ("/..\\..\\x", 400), ("/..%5csecret.txt", 400), ("/%5c..%5csecret.txt", 400),
        ("/%00", 400), ("/index.html%00.txt", 400), ("/%0a", 400), ("/./index.html", 400), ("/%", 400), ("/%2", 400),
        ("/%zz", 400), ("/%c0%ae%c0%ae/secret.txt", 400), ("/%ff", 400), ("secret.txt", 400), ("*", 400),
        ("//etc/passwd", 404), ("///etc/passwd", 404), ("/%2fetc/passwd", 400), ("/secret.txt", 404),
        ("/link-out", 404), ("/link-out-dir/secret.txt", 404),
        ("/link-abs", 404), ("/escape/", 404), ("/escape", 404), ("/.hidden", 404), ("/%2ehidden", 404),
        ("/%25%32%65%25%32%65/secret.txt", 404), ("/sub/deeper/%2e%2e/%2e%2e/%2e%2e/secret.txt", 400),
        ("http://evil/../secret.txt", 400),
    ])
    func traversalAttemptsFail(target: String, status: Int) throws {
        let fixture = try WebRootFixture()
        for method in ["GET", "HEAD"] {
            let response = fixture.serve(target, method: method)
            #expect(response.status.code == status, "\(method) \(target)")
            let body = String(decoding: response.body, as: UTF8.self)
            #expect(!body.contains("SECRET") && !body.contains("root:"), "\(target) leaked")
        }
    }

    @Test func absolutePathOfTheSecretIsStillRelativeToTheRoot() throws {
        let fixture = try WebRootFixture()
        let response = fixture.serve(fixture.base + "/secret.txt")
        #expect(response.status == .notFound)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("SECRET"))
    }

    @Test func parsedTraversalRequestsNeverLeak() throws {
        // Through the real parser too: what the wire delivers is what StaticFiles sees.
        let fixture = try WebRootFixture()
        for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/link-out", "/link-out-dir/secret.txt"] {
            var parser = HTTPRequestParser()
            guard case .request(let request, _) = parser.feed(httpBytes("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")) else {
                continue
            }
            let response = StaticFiles(root: fixture.root).response(for: request)
            #expect(response.status != .ok)
            #expect(!String(decoding: response.body, as: UTF8.self).contains("SECRET"))
        }
    }

    @Test(arguments: [
        ("/", [String](), false), ("/a/b", ["a", "b"], false), ("/a/b/", ["a", "b"], true),
        ("//a//b", ["a", "b"], false), ("/a%2Bb+c", ["a+b+c"], false), ("/%E2%9C%93", ["\u{2713}"], false),
    ])
    func routeParsing(path: String, segments: [String], trailingSlash: Bool) throws {
        #expect(try StaticFilesRoute.parse(path).get() == StaticFilesRoute(segments: segments, trailingSlash: trailingSlash))
    }
}
