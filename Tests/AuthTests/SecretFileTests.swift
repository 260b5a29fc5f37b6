import Foundation
import Testing
@testable import Auth

@Suite("Secret file")
struct SecretFileTests {
    /// A fresh file in the system temporary directory, removed when the test ends.
    final class TemporaryFile {
        let path: String

        init(_ contents: [UInt8]) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("auth-secret-\(UUID().uuidString)").path
            try Data(contents).write(to: URL(fileURLWithPath: path))
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    let hex64 = Array(String(repeating: "0123456789abcdef", count: 4).utf8)

    /// `contents` written to a temporary file and loaded back; the file outlives the load.
    func load(_ contents: [UInt8]) throws -> [UInt8] {
        let file = try TemporaryFile(contents)
        return try withExtendedLifetime(file) { try SecretFile.load(path: file.path) }
    }

    @Test func stripsOneTrailingNewline() throws {
        #expect(try load(hex64 + [0x0A]) == hex64)
        #expect(try load(hex64 + [0x0D, 0x0A]) == hex64)
        #expect(try load(hex64) == hex64)
        #expect(try load(hex64 + [0x0A, 0x0A]) == hex64 + [0x0A])
        #expect(try load(hex64 + [0x0D]) == hex64 + [0x0D])
        let binary = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        #expect(try load(binary) == binary)
    }

    @Test func tooShort() throws {
        let file = try TemporaryFile(Array("twelve bytes".utf8) + [0x0A])
        let error = try #require(throws: SecretFileError.self) { try SecretFile.load(path: file.path) }
        #expect(error.problem == .tooShort(bytes: 12))
        #expect(error.description == "\(file.path) holds 12 bytes; an HS256 secret needs at least 32 random bytes "
            + "(e.g. `openssl rand -hex 32 > \(file.path)`)")
        // 31 bytes plus the newline is still 31.
        let almost = try TemporaryFile([UInt8](repeating: 0x61, count: 31) + [0x0A])
        #expect(throws: SecretFileError(path: almost.path, problem: .tooShort(bytes: 31))) {
            try SecretFile.load(path: almost.path)
        }
        let empty = try TemporaryFile([])
        #expect(throws: SecretFileError(path: empty.path, problem: .tooShort(bytes: 0))) {
            try SecretFile.load(path: empty.path)
        }
    }

    @Test func unreadable() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-secret-\(UUID().uuidString)").path
        let error = try #require(throws: SecretFileError.self) { try SecretFile.load(path: missing) }
        #expect(error.problem == .unreadable(call: "open", errno: ENOENT))
        #expect(error.description == "cannot read the token secret \(missing): open failed: No such file or directory (errno 2)")
        let directory = FileManager.default.temporaryDirectory.path
        let isDirectory = try #require(throws: SecretFileError.self) { try SecretFile.load(path: directory) }
        #expect(isDirectory.problem == .unreadable(call: "read", errno: EISDIR))
    }

    @Test func tooLong() throws {
        let file = try TemporaryFile([UInt8](repeating: 0x61, count: SecretFile.maximumBytes + 1))
        #expect(throws: SecretFileError(path: file.path, problem: .tooLong)) { try SecretFile.load(path: file.path) }
        let atLimit = try TemporaryFile([UInt8](repeating: 0x61, count: SecretFile.maximumBytes))
        #expect(try SecretFile.load(path: atLimit.path).count == SecretFile.maximumBytes)
    }

    @Test func loadedSecretSignsTokens() throws {
        let secret = try load(hex64 + [0x0A])
        let claims = JoinClaims(name: "n", subject: "s", expires: 100)
        let token = JoinTokenMinter.mint(claims: claims, secret: secret)
        #expect(JoinTokenVerifier(secret: hex64).verify(token, now: 0) == .success(claims))
    }
}
