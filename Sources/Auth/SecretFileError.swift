#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `SecretFile.load` failed, worded for an operator reading a startup error.
public struct SecretFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// A system call failed; `errno` says why (missing file, permissions, a directory).
        case unreadable(call: String, errno: Int32)
        /// The secret, after dropping the trailing newline, has this many bytes.
        case tooShort(bytes: Int)
        /// Bigger than `SecretFile.maximumBytes`.
        case tooLong
    }

    public let path: String
    public let problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .unreadable(let call, let code):
            "cannot read the token secret \(path): \(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .tooShort(let bytes):
            "\(path) holds \(bytes) bytes; an HS256 secret needs at least \(SecretFile.minimumBytes) random bytes "
                + "(e.g. `openssl rand -hex 32 > \(path)`)"
        case .tooLong:
            "\(path) is larger than \(SecretFile.maximumBytes) bytes; a token secret file holds one key"
        }
    }
}
