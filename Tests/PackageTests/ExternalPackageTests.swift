import Foundation
import Testing

/// A game author's first hour, automated: a package outside this tree that depends on this one
/// by path, defines a tiny game (Tests/ExternalPackage: Orbs) against the library products
/// only, builds, and plays it with the server's own bots, every view hash matching. If a
/// product, or a public API a game needs, goes missing, this fails.
struct ExternalPackageTests {
    /// This package's root: two levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.timeLimit(.minutes(15)))
    func aGameInItsOwnPackageBuildsAndPlaysWithBots() throws {
        let files = FileManager.default
        let template = Self.root.appendingPathComponent("Tests/ExternalPackage")
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("external-game-\(getpid())")
        try? files.removeItem(at: scratch)
        try files.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: scratch) }
        try files.copyItem(at: template.appendingPathComponent("Sources"), to: scratch.appendingPathComponent("Sources"))
        let manifest = try String(contentsOf: template.appendingPathComponent("Package.swift.template"), encoding: .utf8)
            .replacingOccurrences(of: "DEPENDENCY_PATH", with: Self.root.path)
            .replacingOccurrences(of: "DEPENDENCY_NAME", with: Self.root.lastPathComponent)  // a path package's identity
        try manifest.write(to: scratch.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)

        let build = try Self.run("/usr/bin/env", ["swift", "build", "--package-path", scratch.path, "--product", "orbs-check"])
        #expect(build.status == 0, "swift build of the external package failed:\n\(build.output.suffix(4000))")
        guard build.status == 0 else { return }
        let check = try Self.run(scratch.appendingPathComponent(".build/debug/orbs-check").path, [])
        print(check.output.split(separator: "\n").last(where: { $0.hasPrefix("orbs:") }) ?? "orbs-check printed no summary")
        #expect(check.status == 0, "\(check.output.suffix(4000))")
        #expect(check.output.contains("8/8 playing"), "\(check.output.suffix(2000))")
        #expect(check.output.contains(" 0 mismatched"), "\(check.output.suffix(2000))")
        #expect(check.output.contains("verified"), "its recording re-simulates: \(check.output.suffix(2000))")
    }

    /// Runs a program to its end; its status and its stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The guide (Tests/ExternalPackage/GUIDE.md) shows the external package's files whole; each code
/// block marked `<!-- file: PATH -->` must be that file, byte for byte, so the guide is always
/// the code the test above builds and plays.
struct GuideTests {
    @Test func theGuidesCodeIsTheTestedPackagesCode() throws {
        let root = ExternalPackageTests.root
        let guide = try String(contentsOf: root.appendingPathComponent("Tests/ExternalPackage/GUIDE.md"), encoding: .utf8)
        var shown: [String: String] = [:]
        var rest = Substring(guide)
        while let marker = rest.range(of: "<!-- file: ") {
            rest = rest[marker.upperBound...]
            guard let close = rest.range(of: " -->\n```swift\n") else { Issue.record("a file marker without a code block"); return }
            let path = String(rest[..<close.lowerBound])
            rest = rest[close.upperBound...]
            guard let end = rest.range(of: "```\n") else { Issue.record("an unclosed code block for \(path)"); return }
            shown[path] = String(rest[..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        #expect(Set(shown.keys) == ["Package.swift.template", "Sources/Orbs/Orbs.swift", "Sources/orbs-check/main.swift"])
        for (path, code) in shown {
            let file = try String(contentsOf: root.appendingPathComponent("Tests/ExternalPackage/" + path), encoding: .utf8)
            #expect(code == file, "GUIDE.md's \(path) differs from Tests/ExternalPackage/\(path)")
        }
    }
}
