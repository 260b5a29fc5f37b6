#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// Checks a directory a server is about to depend on, once at start-up, so that a path that
/// cannot work is refused with its reason before the first request or the first recording
/// instead of failing later, one request at a time, far from the flag that caused it.
public enum DirectoryCheck {
    /// Why a directory cannot be used; `description` is a phrase to follow the path.
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case missing
        case notADirectory
        case notReadable(String)
        case cannotCreate(String)
        case notWritable(String)

        public var description: String {
            switch self {
            case .missing: "does not exist"
            case .notADirectory: "is not a directory"
            case .notReadable(let reason): "is not readable (\(reason))"
            case .cannotCreate(let reason): "cannot be created (\(reason))"
            case .notWritable(let reason): "is not writable (\(reason))"
            }
        }
    }

    /// The directory files are served from: it must exist, be a directory and be listable.
    public static func readable(_ path: String) -> Problem? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = csys_errno()
            return code == ENOENT ? .missing : code == ENOTDIR ? .notADirectory : .notReadable(Self.text(code))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .notADirectory }
        guard access(path, R_OK | X_OK) == 0 else { return .notReadable(Self.text(csys_errno())) }
        return nil
    }

    /// The directory files are written into: created (one level, mode 0755) if missing, and
    /// proven writable by creating and removing a file in it. `access(2)` alone is not
    /// enough: it says yes to root on a read-only file system or in /sys.
    public static func writable(creating path: String) -> Problem? {
        if mkdir(path, 0o755) != 0 {
            let code = csys_errno()
            guard code == EEXIST else { return .cannotCreate(Self.text(code)) }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return .cannotCreate(Self.text(csys_errno())) }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .notADirectory }
        let probe = path + "/.write-check-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .notWritable(Self.text(csys_errno())) }
        Glibc.close(fd)
        unlink(probe)
        return nil
    }

    /// `path` as the process sees it: relative paths are taken from the current directory,
    /// which is what a user who ran the binary from elsewhere needs to be shown.
    public static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let directory = String(cString: buffer)
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (directory == "/" ? "" : directory) + "/" + relative
    }

    private static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
