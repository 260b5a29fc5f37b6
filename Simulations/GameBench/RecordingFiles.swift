import Glibc

/// The recordings a benchmarked server wrote, to size them and clean up after.
enum RecordingFiles {
    static func list(_ directory: String) -> [(name: String, size: Int)] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var entries: [(name: String, size: Int)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var info = stat()
            guard name.hasSuffix(".rec"), stat(directory + "/" + name, &info) == 0 else { continue }
            entries.append((name, Int(info.st_size)))
        }
        return entries
    }

    static func totalBytes(_ directory: String) -> Int {
        list(directory).reduce(0) { $0 + $1.size }
    }
}
