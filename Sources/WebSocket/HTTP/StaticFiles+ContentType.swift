/// Content types by file extension, for the file kinds a browser game ships.
///
/// Text types carry `charset=utf-8` so browsers never guess; JavaScript is
/// `text/javascript` as RFC 9239 now specifies, which module scripts require.
/// Unknown extensions are `application/octet-stream` (with the `nosniff` header the
/// server adds, a browser will not execute them).
extension StaticFiles {
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "json": "application/json",
        "map": "application/json",
        "txt": "text/plain; charset=utf-8",
        "png": "image/png",
        "svg": "image/svg+xml",
        "ico": "image/x-icon",
        "webp": "image/webp",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "wasm": "application/wasm",
    ]

    /// The type for `name`'s extension (case-insensitive).
    public static func contentType(forFileName name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            return "application/octet-stream"
        }
        let ext = String(name[name.index(after: dot)...]).lowercased()
        return contentTypes[ext] ?? "application/octet-stream"
    }
}
