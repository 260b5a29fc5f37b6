#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// Whole-buffer writes to files, pipes and terminals: the one write loop of the package.
/// Sockets on a loop never use it (they write what the kernel takes and wait for EPOLLOUT);
/// this is for descriptors whose writer may block: recordings, reports, stdout and stderr.
public enum FileDescriptor {
    /// Writes every byte of `bytes`, retrying interrupted and partial writes, and waiting in
    /// `poll` if the descriptor happens to be non-blocking (a shell may hand us such a stdout).
    /// Throws the first real error (ENOSPC, EFBIG, EPIPE, ...) naming `write`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(fd, next, remaining)
            if written > 0 {
                next += written
                remaining -= written
                continue
            }
            let code = written < 0 ? csys_errno() : EIO  // 0 bytes for a non-empty write: nothing will change
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            default:
                throw SystemError("write", errno: code)
            }
        }
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var failure: SystemError?
        bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try writeAll(fd, raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public static func writeAll(_ fd: Int32, _ text: String) throws(SystemError) {
        var text = text
        var failure: SystemError?
        text.withUTF8 { utf8 in
            do throws(SystemError) { try writeAll(fd, UnsafeRawBufferPointer(utf8)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// `text` and a newline in one `write` where the kernel allows: a script polling a log
    /// file for "listening" never sees half a line. Errors are dropped: there is nowhere left
    /// to report a failing stdout or stderr.
    public static func printLine(_ text: String, to fd: Int32) {
        try? writeAll(fd, text + "\n")
    }
}
