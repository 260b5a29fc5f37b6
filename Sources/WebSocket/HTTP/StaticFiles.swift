#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Platform

/// Serves files from a web root (the game page, its scripts and assets).
///
/// Safety comes from three independent layers, so a mistake in one does not expose
/// the machine: (1) the request path is decoded segment by segment and anything that
/// could climb or smuggle a separator (`..`, `.`, `%2f`, backslash, NUL, control bytes)
/// is refused before the file system is touched; (2) the candidate is canonicalised
/// with `realpath` and must still lie under the canonical root, which defeats symlinks
/// pointing outside; (3) the file is opened `O_NOFOLLOW | O_NONBLOCK` and must be a
/// regular file by `fstat` on the open descriptor.
///
/// Remaining gap, accepted: someone who can write inside the web root could swap a
/// directory for a symlink between the `realpath` and the `open`. Such a person can
/// already publish whatever they like, so the race buys them nothing worth a per-component
/// `openat` walk.
///
/// Plain Glibc (`realpath`, `open`, `fstat`, `read`) rather than Foundation: it is a
/// handful of calls, and keeps Foundation out of the WebSocket module entirely.
public struct StaticFiles: Sendable {
    public let root: String
    /// Files larger than this are refused (500) rather than read into memory.
    public let maxFileSize: Int

    public init(root: String, maxFileSize: Int = 16 << 20) {
        self.root = root
        self.maxFileSize = maxFileSize
    }

    /// Answers a GET/HEAD for `request.path`: percent-decodes the path, refuses any escape from the root by any spelling
    /// (.., %2e%2e, %2E., %2f inside a segment, backslashes, NUL, encoded NUL, absolute tricks, symlinks pointing outside the root → 404 or 400 as appropriate,
    /// never a file outside root), maps "/" and directories to index.html, sets Content-Type from the extension (html, js/mjs → text/javascript, css, json, png, svg, ico, wasm, txt, map, webp, jpg),
    /// adds Cache-Control: no-cache; 404 for missing, 405 (Allow: GET, HEAD) for other methods, 403 for non-regular files. Reads with a size cap.
    ///
    /// Statuses: 400 for a path no browser would send (dot segments, encoded
    /// separators, NUL, bad percent-encoding, not UTF-8); 404 for anything that does
    /// not resolve to a file inside the root, including hidden (dot) files and symlinks
    /// leading out; 403 for non-regular files and permission errors; 500 if the root is
    /// missing, the file exceeds `maxFileSize`, or a read fails. The whole body is
    /// always read, for HEAD too, so Content-Length is the same for both.
    public func response(for request: HTTPRequest) -> HTTPResponse {
        if let refusal = Self.methodRefusal(request.method) { return refusal }
        let route: StaticFilesRoute
        switch StaticFilesRoute.parse(request.path) {
        case .success(let parsed): route = parsed
        case .failure(let error): return .text(error.status, error.reason)
        }
        guard let realRoot = Self.canonicalPath(root) else {
            return .text(.internalServerError, "web root is unavailable")
        }
        guard let (path, name) = locate(route, realRoot: realRoot) else {
            return .text(.notFound, "not found")
        }
        return fileResponse(path: path, name: name)
    }

    /// The route for a request: the method is answered at once (405 for a method of HTTP that
    /// files do not take, 501 for one HTTP does not define), before any body is read; the
    /// file itself is read on `worker`, off the I/O thread (503 if its queue is full).
    public func route(for request: HTTPRequest, worker: BlockingWorker) -> HTTPRoute {
        if let refusal = Self.methodRefusal(request.method) { return .response(refusal) }
        return .later { responder in
            let bound = LoopBound(responder, loop: responder.loop)
            let accepted = worker.submit { [self] in
                let response = self.response(for: request)
                bound.loop.execute { bound.value.respond(response) }
            }
            if !accepted { responder.respond(.text(.serviceUnavailable, "busy, try again\n")) }
        }
    }

    /// The methods RFC 9110 (and PATCH, RFC 5789) define: the ones files refuse with 405.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    static func methodRefusal(_ method: String) -> HTTPResponse? {
        if method == "GET" || method == "HEAD" { return nil }
        guard knownMethods.contains(method) else {
            return .text(.notImplemented, "method not implemented")
        }
        var response = HTTPResponse.text(.methodNotAllowed, "only GET and HEAD are allowed here")
        response.headers.add(name: "Allow", value: "GET, HEAD")
        return response
    }

    /// The canonical file to serve and the name its content type comes from, or nil
    /// when nothing inside the root answers to the route.
    private func locate(_ route: StaticFilesRoute, realRoot: String) -> (path: String, name: String)? {
        let joined = ([realRoot] + route.segments).joined(separator: "/")
        guard let real = Self.canonicalPath(joined), Self.isInside(real, root: realRoot) else { return nil }
        var info = stat()
        guard stat(real, &info) == 0 else { return nil }
        guard Self.isDirectory(info) else {
            // "/file.html/" names a directory that does not exist.
            return route.trailingSlash ? nil : (real, route.segments.last ?? "")
        }
        // index.html may itself be a symlink, so it is canonicalised and checked again.
        guard let index = Self.canonicalPath(real + "/index.html"), Self.isInside(index, root: realRoot) else {
            return nil
        }
        return (index, "index.html")
    }

    private func fileResponse(path: String, name: String) -> HTTPResponse {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG: return .text(.notFound, "not found")
            case EACCES, EPERM: return .text(.forbidden, "forbidden")
            default: return .text(.internalServerError, "cannot open file")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .text(.internalServerError, "cannot stat file") }
        guard Self.isRegularFile(info) else { return .text(.forbidden, "not a regular file") }
        guard let size = Int(exactly: info.st_size), size <= maxFileSize else {
            return .text(.internalServerError, "file exceeds the size limit")
        }
        guard let body = Self.readAll(fd, expected: size) else {
            return .text(.internalServerError, "cannot read file")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: StaticFiles.contentType(forFileName: name))
        headers.add(name: "Cache-Control", value: "no-cache")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }

    /// Reads at most `expected` bytes (the size `fstat` reported): a file that grows
    /// meanwhile is cut at that size, one that shrinks is returned short.
    private static func readAll(_ fd: Int32, expected: Int) -> [UInt8]? {
        var body = [UInt8](repeating: 0, count: expected)
        var filled = 0
        while filled < expected {
            let count = body.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, expected - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        body.removeLast(expected - filled)
        return body
    }

    /// `realpath(3)` as a String; nil when the path does not exist or is not UTF-8
    /// (repairing it would name a different file).
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(validatingCString: resolved)
    }

    /// Byte-wise prefix test: String's own `hasPrefix` compares canonically
    /// equivalent Unicode as equal, which is not how the file system compares names.
    static func isInside(_ path: String, root: String) -> Bool {
        if path.utf8.elementsEqual(root.utf8) { return true }
        let base = root.hasSuffix("/") ? root : root + "/"
        return path.utf8.starts(with: base.utf8)
    }

    private static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }
    private static func isRegularFile(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
}
