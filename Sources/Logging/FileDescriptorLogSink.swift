#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each record as one formatted line to a file descriptor, standard error by default.
///
/// Each line goes out in one `write(2)` call and is at most ``LogRecord/maxLineBytes``
/// (`PIPE_BUF`) long, so lines written from several threads never interleave: the kernel
/// writes up to `PIPE_BUF` bytes to a pipe atomically, and writes to a terminal or a regular
/// file whole. No lock is needed, so a slow reader cannot make one thread hold up the others
/// behind a mutex (it blocks each writer in the kernel instead, as any unbuffered stderr would).
/// A line that cannot be written (a full non-blocking pipe, a closed descriptor) is dropped:
/// logging never fails the caller.
public struct FileDescriptorLogSink: LogSink {
    public static let standardError = FileDescriptorLogSink(fileDescriptor: STDERR_FILENO)

    public let fileDescriptor: Int32

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    public func emit(_ record: LogRecord) {
        writeLine(record.formatted())
    }

    /// Writes `line` and a newline with one `write(2)`, retrying `EINTR`; a partial write
    /// (only possible for regular files and long terminal writes) is finished with more calls.
    func writeLine(_ line: String) {
        var line = line
        line += "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
