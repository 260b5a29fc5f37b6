import Glibc

/// CPU time of a process's threads by name, from /proc/PID/task/TID/{comm,stat}: the game
/// threads are named `room-N`, so their own CPU per tick can be measured apart from the I/O
/// thread's (what the recording overhead figure needs).
enum ThreadCPU {
    /// Seconds of user + system CPU of the threads of `pid` whose name starts with `prefix`.
    static func seconds(pid: Int32, namePrefix prefix: String) -> Double? {
        let taskDirectory = "/proc/\(pid)/task"
        guard let handle = opendir(taskDirectory) else { return nil }
        defer { closedir(handle) }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        var found = false
        while let entry = readdir(handle) {
            let tid = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard tid.first?.isNumber == true,
                  let name = read("\(taskDirectory)/\(tid)/comm"), name.hasPrefix(prefix),
                  let stat = read("\(taskDirectory)/\(tid)/stat"),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after "(comm) ": state is 3rd, utime the 14th and stime the 15th field overall.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            total += (user + system) / ticksPerSecond
            found = true
        }
        return found ? total : nil
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = fread(&buffer, 1, buffer.count - 1, file)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
