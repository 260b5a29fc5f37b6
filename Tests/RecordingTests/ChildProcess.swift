import Glibc
import Platform

/// Runs the package's own executables (replay, game-server) from the tests: found next to the
/// test bundle or in `.build/debug` above it, like the conformance suite finds wsecho.
enum ChildProcess {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func locate(_ name: String) throws -> String {
        var starts: [String] = []
        var exe = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &exe, Int(PATH_MAX))
        if length > 0 { starts.append(String(decoding: exe[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
        if let first = CommandLine.arguments.first { starts.append(first) }
        for start in starts {
            var directory = start
            for _ in 0..<8 {
                guard let slash = directory.lastIndex(of: "/"), slash != directory.startIndex else { break }
                directory = String(directory[..<slash])
                for candidate in [directory + "/" + name, directory + "/.build/debug/" + name] where access(candidate, X_OK) == 0 {
                    return candidate
                }
            }
        }
        throw Failure(description: "the \(name) binary was not found: run `swift build` first")
    }

    /// Starts `path` with `arguments`, stdout and stderr to one pipe; returns the pid and the
    /// read end.
    static func spawn(_ path: String, _ arguments: [String]) throws -> (pid: pid_t, output: Int32) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        // Every signal unblocked and at its default action, as from a shell: a mask or a
        // disposition of the test runner's thread (SIGXFSZ blocked, SIGPIPE ignored) would
        // otherwise be inherited and hide what the child does about it itself.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var everySignal = sigset_t(), noSignal = sigset_t()
        sigfillset(&everySignal)
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        guard result == 0 else {
            close(pipeEnds[0])
            throw Failure(description: "cannot start \(path): \(String(cString: strerror(result)))")
        }
        return (pid, pipeEnds[0])
    }

    /// Runs to completion; returns the exit status and everything it printed.
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let child = try spawn(path, arguments)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(child.output, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            output.append(contentsOf: buffer[0..<got])
        }
        close(child.output)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
    }
}

extension ChildProcess {
    /// Runs until it exits or `seconds` pass; a child still running then is stopped (SIGTERM to
    /// its pid, SIGKILL a second later) and reported with a nil status. For commands that should
    /// exit at once, so that a regression that keeps them running fails the test, not hangs it.
    static func runBriefly(_ path: String, _ arguments: [String], seconds: Double = 10) throws -> (status: Int32?, output: String) {
        let child = try spawn(path, arguments)
        defer { close(child.output) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = Monotonic.now() + UInt64(seconds * 1e9)
        var timedOut = false
        while true {
            let now = Monotonic.now()
            guard now < deadline else {
                timedOut = true
                break
            }
            var poller = pollfd(fd: child.output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(1000, (deadline - now) / 1_000_000 + 1)))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let got = buffer.withUnsafeMutableBytes { read(child.output, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            output.append(contentsOf: buffer[0..<got])
        }
        if timedOut { stop(child.pid) }
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        let text = String(decoding: output, as: UTF8.self)
        return (timedOut ? nil : (status >> 8) & 0xFF, text)
    }

    /// SIGTERM to `pid` (a child this test started), SIGKILL if it is still there a second
    /// later; either way it is reaped before this returns.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                return
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        // Reaped here too: a zombie left behind makes Swift Testing's exit-test monitor (which
        // waits for any child) spin at full CPU, and exit tests then never finish.
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Reads `descriptor` until a line containing `marker` has been printed; returns that line.
    static func readLine(containing marker: String, from descriptor: Int32, seconds: Double = 30) throws -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Monotonic.now() + UInt64(seconds * 1e9)
        while Monotonic.now() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 500)
            if ready <= 0 { continue }
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            text += String(decoding: buffer[0..<got], as: UTF8.self)
            if let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().first(where: { $0.contains(marker) }) {
                return String(line)
            }
        }
        throw Failure(description: "no line containing '\(marker)'; it printed: \(text)")
    }
}

extension ChildProcess {
    /// Starts `path` through `/bin/sh` with `limits` applied first (e.g. `ulimit -n 64`), so
    /// only the child runs under them; `exec` keeps the pid the child's own.
    static func spawn(_ path: String, _ arguments: [String], limits: String) throws -> (pid: pid_t, output: Int32) {
        try spawn("/bin/sh", ["-c", limits + " && exec \"$0\" \"$@\"", path] + arguments)
    }

    /// Seconds of CPU (user + system) the process `pid` has used, from /proc/PID/stat; nil if
    /// it cannot be read.
    static func cpuSeconds(_ pid: pid_t) -> Double? {
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard got > 0 else { return nil }
        let line = String(decoding: buffer[0..<got], as: UTF8.self)
        // The command name (field 2) may hold spaces: count fields after its closing ')'.
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Whether `pid` (a child of this process, not yet reaped) is still running. It does not
    /// reap: a child that ended stays a zombie, so its pid cannot be reused before the test's
    /// `stop` reaps it.
    static func isRunning(_ pid: pid_t) -> Bool {
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard got > 0, let close = buffer[0..<got].lastIndex(of: UInt8(ascii: ")")), close + 2 < got else { return false }
        // The state letter follows the command name: Z (zombie) or X (dead) means it ended.
        return buffer[close + 2] != UInt8(ascii: "Z") && buffer[close + 2] != UInt8(ascii: "X")
    }
}
