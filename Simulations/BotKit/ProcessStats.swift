import Glibc

/// CPU time and memory of a process, read from /proc (Linux).
public enum ProcessStats {
    /// User + system CPU seconds of `pid` so far.
    public static func cpuSeconds(pid: Int32) -> Double? {
        cpuSeconds(statFile: "/proc/\(pid)/stat")
    }

    /// User + system CPU seconds of the threads of `pid` whose name starts with `prefix` (the
    /// game threads are `room-N`): a thread's own CPU, apart from the rest of the process.
    public static func threadCPUSeconds(pid: Int32, namePrefix prefix: String) -> Double? {
        let tasks = "/proc/\(pid)/task"
        guard let handle = opendir(tasks) else { return nil }
        defer { closedir(handle) }
        var total: Double?
        while let entry = readdir(handle) {
            let tid = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard tid.first?.isNumber == true, read("\(tasks)/\(tid)/comm")?.hasPrefix(prefix) == true,
                  let seconds = cpuSeconds(statFile: "\(tasks)/\(tid)/stat") else { continue }
            total = (total ?? 0) + seconds
        }
        return total
    }

    /// utime + stime of a /proc `stat` file, in seconds.
    private static func cpuSeconds(statFile path: String) -> Double? {
        guard let text = read(path), let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident set size in bytes.
    public static func residentBytes(pid: Int32) -> Int? {
        guard let text = read("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return digits.map { $0 * 1024 }
        }
        return nil
    }

    /// Open file descriptors of `pid` (the entries of /proc/PID/fd), or nil if it cannot be read.
    public static func openDescriptors(pid: Int32) -> Int? {
        guard let handle = opendir("/proc/\(pid)/fd") else { return nil }
        defer { closedir(handle) }
        var count = 0
        while let entry = readdir(handle) {
            if entry.pointee.d_name.0 != CChar(46) { count += 1 }  // not "." or ".."
        }
        return count
    }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
