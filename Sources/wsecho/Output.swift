import Platform

/// Writes whole lines straight to a descriptor: stdout may be a file a benchmark polls for
/// "listening", so nothing may sit in a stdio buffer.
enum Output {
    static func standardOutput(_ text: String) { try? FileDescriptor.writeAll(1, text) }
    static func standardError(_ text: String) { try? FileDescriptor.writeAll(2, text) }
}
