import Glibc
import Synchronization
import Testing

/// A real `wsecho` child process for the conformance suites.
///
/// wsecho runs under a tiny `sh` guard whose stdin is a pipe from this process (the "lifeline").
/// When the lifeline reaches EOF the guard sends wsecho SIGTERM and waits for it. `terminate()`
/// closes the lifeline; if the test process dies without getting that far (a crash, a kill), the
/// kernel closes it, so no server is ever left behind.
final class WSEchoProcess: Sendable {
    struct LaunchError: Error, CustomStringConvertible { var description: String }

    let port: Int
    let arguments: [String]
    private let guardPID: pid_t
    private let echoPID: pid_t
    private let lifeline: Int32
    private let output: Int32
    private let terminated = Atomic<Bool>(false)

    private init(port: Int, arguments: [String], guardPID: pid_t, echoPID: pid_t, lifeline: Int32, output: Int32) {
        self.port = port
        self.arguments = arguments
        self.guardPID = guardPID
        self.echoPID = echoPID
        self.lifeline = lifeline
        self.output = output
    }

    deinit { terminate() }

    /// Starts `wsecho --port 0 --log-level error <extra>` and waits for its "listening" line.
    static func launch(extraArguments: [String] = [], startTimeout: Double = 20) throws -> WSEchoProcess {
        let binary = try locateBinary()
        let arguments = ["--port", "0", "--log-level", "error"] + extraArguments
        // $0 is the wsecho path, "$@" its arguments. The guard prints wsecho's pid, then blocks on
        // the lifeline; when that ends, for whatever reason, it stops wsecho and waits for it.
        let script = #""$0" "$@" </dev/null & child=$!; echo "wsecho-pid $child"; "#
            + #"read -r _ || true; kill -TERM $child 2>/dev/null; wait $child"#
        let argv = ["/bin/sh", "-c", script, binary] + arguments

        // Pipes are made close-on-exec and spawned under one lock: another suite's guard, spawned
        // concurrently, must not inherit our lifeline (it would then never see EOF).
        let (stdinPipe, stdoutPipe, pid) = try spawnLock.withLock { _ in
            let stdinPipe = try makePipe(), stdoutPipe = try makePipe()
            return (stdinPipe, stdoutPipe, try spawn(argv, stdin: stdinPipe, stdout: stdoutPipe))
        }
        var text = ""
        var echoPID: pid_t?
        var port: Int?
        let deadline = now() + startTimeout
        while port == nil || echoPID == nil {
            let remaining = deadline - now()
            var descriptor = pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0)
            let ready = remaining > 0 ? poll(&descriptor, 1, Int32(remaining * 1000) + 1) : 0
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = ready > 0 ? chunk.withUnsafeMutableBytes { read(stdoutPipe[0], $0.baseAddress, 4096) } : 0
            if ready < 0 && errno == EINTR { continue }
            if count <= 0 {
                // Timed out or wsecho exited before listening: stop everything and explain.
                if let echoPID { kill(echoPID, SIGKILL) }
                close(stdinPipe[1])
                var status: Int32 = 0
                if ready == 0 { kill(pid, SIGKILL) }
                waitpid(pid, &status, 0)
                close(stdoutPipe[0])
                let why = ready == 0 ? "did not print 'listening' within \(Int(startTimeout)) s" : "exited before listening"
                throw LaunchError(description: "\(binary) \(arguments.joined(separator: " ")) \(why); its output: \(text)")
            }
            text += String(decoding: chunk[0..<count], as: UTF8.self)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("wsecho-pid "), let value = pid_t(line.dropFirst(11)) { echoPID = value }
                if line.contains("listening"), let parsed = parsePort(String(line)) { port = parsed }
            }
        }
        return WSEchoProcess(port: port!, arguments: arguments, guardPID: pid, echoPID: echoPID!,
                             lifeline: stdinPipe[1], output: stdoutPipe[0])
    }

    private static let spawnLock = Mutex<Void>(())

    private static func makePipe() throws(LaunchError) -> [Int32] {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw LaunchError(description: "pipe failed: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// Spawns `argv` with the pipes' child ends as stdin and stdout, and closes those ends here.
    private static func spawn(_ argv: [String], stdin: [Int32], stdout: [Int32]) throws(LaunchError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdout[1], 1)
        // Test sockets are not close-on-exec: a copy held by wsecho would keep a test's connection
        // open after the test closed it. glibc ≥ 2.34 closes them all; Glibc does not import it.
        if let closeFrom = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)
        }
        // The spawning thread (a Swift Testing worker) blocks most signals, SIGCHLD and SIGTERM
        // among them, and a child inherits that mask: `sh`'s `wait` would never return.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t(), defaults = sigset_t()
        sigemptyset(&mask)
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        close(stdin[0])
        close(stdout[1])
        guard spawned == 0 else {
            close(stdin[1]); close(stdout[0])
            throw LaunchError(description: "posix_spawn \(argv[0]) failed: error \(spawned)")
        }
        return pid
    }

    /// "wsecho listening on ws://127.0.0.1:PORT/ (...)" -> PORT.
    static func parsePort(_ line: String) -> Int? {
        guard let start = line.range(of: "ws://127.0.0.1:") else { return nil }
        let digits = line[start.upperBound...].prefix(while: { $0.isNumber })
        return Int(digits)
    }

    /// Closes the lifeline, so the guard sends wsecho one SIGTERM (a second one would make wsecho
    /// exit at once, skipping its clean shutdown) and waits for it; SIGKILL both after 10 s.
    /// Returns wsecho's exit status (the guard exits with it), or nil if already terminated or killed.
    @discardableResult
    func terminate() -> Int32? {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        close(lifeline)
        defer { close(output) }
        var status: Int32 = 0
        let deadline = Self.now() + 10
        while waitpid(guardPID, &status, WNOHANG) == 0 {
            if Self.now() > deadline {
                kill(echoPID, SIGKILL)
                kill(guardPID, SIGKILL)
                waitpid(guardPID, &status, 0)
                return nil
            }
            usleep(2_000)
        }
        // WIFEXITED / WEXITSTATUS (macros Glibc does not import).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }

    /// The wsecho built with the tests: next to the test bundle (`.build/<triple>/debug/`), or in
    /// `.build/debug/` of a directory above it; `WSECHO_PATH` overrides.
    static func locateBinary() throws -> String {
        if let override = getenv("WSECHO_PATH").map({ String(cString: $0) }), access(override, X_OK) == 0 {
            return override
        }
        var starts: [String] = []
        if let first = CommandLine.arguments.first { starts.append(directory(of: first)) }
        var exe = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &exe, Int(PATH_MAX))
        if length > 0 { starts.append(directory(of: String(decoding: exe[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))) }
        var looked: [String] = []
        for start in starts {
            var directory = start
            for _ in 0..<8 {
                for candidate in [directory + "/wsecho", directory + "/.build/debug/wsecho"] {
                    looked.append(candidate)
                    if access(candidate, X_OK) == 0 { return candidate }
                }
                let parent = Self.directory(of: directory)
                if parent == directory { break }
                directory = parent
            }
        }
        throw LaunchError(description: "the wsecho binary was not found (looked in \(looked.prefix(4).joined(separator: ", ")) and above): "
            + "run `swift build` (or `swift build --build-tests`) first")
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Suite trait: one wsecho for the whole suite, started before its first test and always
/// terminated after its last (even when tests fail or throw). Tests reach it through `current`.
struct WSEchoServer: SuiteTrait, TestScoping {
    let extraArguments: [String]

    @TaskLocal static var current: WSEchoProcess?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let process = try WSEchoProcess.launch(extraArguments: extraArguments)
        do {
            try await Self.$current.withValue(process) { try await function() }
        } catch {
            process.terminate()
            throw error
        }
        let status = process.terminate()
        #expect(status == 0, "wsecho \(process.arguments.joined(separator: " ")) did not stop cleanly on SIGTERM (exit status \(status.map(String.init) ?? "none: killed"))")
    }

    /// The port of the enclosing suite's wsecho.
    static func port() throws -> Int {
        guard let current else {
            throw WSEchoProcess.LaunchError(description: "no wsecho running: put `.wsecho` on the enclosing @Suite")
        }
        return current.port
    }
}

extension Trait where Self == WSEchoServer {
    /// wsecho with its defaults (16 MiB max message).
    static var wsecho: Self { WSEchoServer(extraArguments: []) }
    /// wsecho with extra flags, e.g. `.wsecho("--max-message", "1MiB")`.
    static func wsecho(_ arguments: String...) -> Self { WSEchoServer(extraArguments: arguments) }
}
