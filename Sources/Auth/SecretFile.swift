#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads the HS256 secret the server and the token minter share, at startup.
///
/// The secret is the file's bytes, less one trailing "\n" or "\r\n" so that
/// `openssl rand -hex 32 > FILE` or an editor's final newline do not become part of the key.
/// Anything shorter than 32 bytes is refused: RFC 7518 §3.2 requires a key at least as long
/// as the hash output, and a short secret can be brute-forced from any one token.
public enum SecretFile {
    public static let minimumBytes = 32
    /// A secret file is one key; something this big is the wrong file.
    public static let maximumBytes = 64 * 1024

    public static func load(path: String) throws(SecretFileError) -> [UInt8] {
        var contents = try readAll(path: path)
        if contents.last == UInt8(ascii: "\n") {
            contents.removeLast()
            if contents.last == UInt8(ascii: "\r") { contents.removeLast() }
        }
        guard contents.count >= minimumBytes else {
            throw SecretFileError(path: path, problem: .tooShort(bytes: contents.count))
        }
        return contents
    }

    private static func readAll(path: String) throws(SecretFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SecretFileError(path: path, problem: .unreadable(call: "open", errno: errno))
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SecretFileError(path: path, problem: .unreadable(call: "read", errno: errno))
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[..<count])
            guard contents.count <= maximumBytes else {
                throw SecretFileError(path: path, problem: .tooLong)
            }
        }
    }
}
