#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// A failed system call: which call and the errno it set. The only error type the raw layer throws;
/// callers above turn it into a log line and a closed connection, never a crash.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The outcome of a non-blocking read or write: bytes moved, or "try again once epoll says so".
public enum IOResult: Equatable, Sendable {
    case processed(Int)
    case wouldBlock
}

/// Runs a raw call the one way every call in this package is run: retries EINTR, turns EAGAIN
/// into `.wouldBlock`, traps on EBADF/EFAULT (those are our bugs: a descriptor or pointer we
/// got wrong, never something a peer can cause), and otherwise throws an error naming the call.
@inline(__always)
func systemCall(_ name: StaticString, _ body: () -> Int) throws(SystemError) -> IOResult {
    while true {
        let result = body()
        if result >= 0 { return .processed(result) }
        let code = csys_errno()
        switch code {
        case EINTR: continue
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EBADF, EFAULT:
            fatalError("\(name) failed with errno \(code): a descriptor or buffer bug in this process")
        default:
            throw SystemError("\(name)", errno: code)
        }
    }
}

/// `systemCall` for calls that cannot block (socket, bind, epoll_ctl...): EAGAIN is an error too.
@inline(__always)
@discardableResult
func blockingSystemCall(_ name: StaticString, _ body: () -> Int32) throws(SystemError) -> Int32 {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = csys_errno()
        if code == EINTR { continue }
        if code == EBADF || code == EFAULT {
            fatalError("\(name) failed with errno \(code): a descriptor or buffer bug in this process")
        }
        throw SystemError("\(name)", errno: code)
    }
}
