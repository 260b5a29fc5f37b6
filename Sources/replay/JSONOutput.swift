import Glibc
import Platform

/// Buffered JSON text to a file descriptor: exports can be hundreds of megabytes, so they
/// are written as they are made, never held whole.
final class JSONOutput {
    private let descriptor: Int32
    private let owned: Bool
    private var buffer: [UInt8] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
        owned = false
        buffer.reserveCapacity(1 << 16)
    }

    init?(path: String) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        owned = true
        buffer.reserveCapacity(1 << 16)
    }

    func raw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// `text` as a JSON string literal.
    func string(_ text: String) {
        raw(JSONString.quoted(text))
    }

    func flush() {
        try? FileDescriptor.writeAll(descriptor, buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() {
        flush()
        if owned { close(descriptor) }
    }
}
