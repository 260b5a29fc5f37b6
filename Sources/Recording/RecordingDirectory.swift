import Glibc

/// The recordings in a directory: plain `*.rec` files, as the HTTP listing, the disk budget
/// and the replay page see them.
public enum RecordingDirectory {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var size: Int64
        /// Seconds since 1970.
        public var modified: Int64
    }

    /// Every `*.rec` regular file in `directory` (none if it does not exist), oldest first.
    public static func list(_ directory: String) -> [Entry] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var entries: [Entry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard isRecordingName(name) else { continue }
            var info = stat()
            guard stat(directory + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            entries.append(Entry(name: name, size: Int64(info.st_size), modified: Int64(info.st_mtim.tv_sec)))
        }
        entries.sort { ($0.modified, $0.name) < ($1.modified, $1.name) }
        return entries
    }

    /// A bare file name ending in `.rec`: no directory parts, no hidden files. What a URL
    /// may name, so a request can never reach outside the directory.
    public static func isRecordingName(_ name: String) -> Bool {
        name.hasSuffix(".rec") && name.count > 4 && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
            && name.utf8.count <= 255
    }
}
