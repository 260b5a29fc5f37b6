import Foundation
@testable import Auth

/// SplitMix64: a small seeded generator so a failing random case can be replayed.
struct TestRNG: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

extension Sequence<UInt8> {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Bytes of a hex string; traps on bad hex, which would be a typo in a test.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    precondition(digits.count % 2 == 0, "odd hex length")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
}

/// The `openssl` binary the comparison tests run, found on PATH.
enum OpenSSL {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("openssl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure(description: "openssl not found on PATH (\(path)); these tests compare against it, install it")
    }

    /// Runs openssl with `arguments`, feeding `input` on stdin, and returns stdout.
    static func run(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Inputs stay far below the pipe buffer, so writing all before reading cannot deadlock.
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: errors, as: UTF8.self))
        }
        return Array(output)
    }

    static func sha256(_ input: [UInt8]) throws -> [UInt8] {
        try run(["dgst", "-sha256", "-binary"], input: input)
    }

    /// `openssl mac` rather than `dgst -mac`: dgst refuses an empty key, mac accepts it.
    static func hmacSHA256(_ input: [UInt8], key: [UInt8]) throws -> [UInt8] {
        try run(["mac", "-digest", "SHA256", "-macopt", "hexkey:\(key.hex)", "-binary", "HMAC"], input: input)
    }
}
