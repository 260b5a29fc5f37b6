import Glibc
import Testing
@testable import Platform

/// The start-up checks of the directories a server depends on, and the host lookups its
/// listeners use: each failure is named, none traps.
@Suite struct DirectoryCheckTests {
    static func scratch() -> String {
        var template = Array("/tmp/directory-check-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    @Test func aReadableDirectoryPassesAndEveryOtherPathIsNamed() {
        let directory = Self.scratch()
        defer { rmdir(directory) }
        #expect(DirectoryCheck.readable(directory) == nil)
        #expect(DirectoryCheck.readable(directory + "/missing") == .missing)
        #expect(DirectoryCheck.readable("/etc/hostname") == .notADirectory)
        #expect(DirectoryCheck.readable("/etc/hostname/below") == .notADirectory)
        #expect(DirectoryCheck.readable("") == .missing)
    }

    @Test func aWritableDirectoryIsCreatedOnceAndLeftEmpty() {
        let directory = Self.scratch()
        defer { rmdir(directory + "/records"); rmdir(directory) }
        #expect(DirectoryCheck.writable(creating: directory + "/records") == nil)
        #expect(DirectoryCheck.writable(creating: directory + "/records") == nil, "an existing directory passes too")
        #expect(rmdir(directory + "/records") == 0, "the probe file is gone: the directory is empty")
        if case .cannotCreate = DirectoryCheck.writable(creating: directory + "/a/b") {} else { Issue.record("a missing parent is named") }
        #expect(DirectoryCheck.writable(creating: "/etc/hostname") == .notADirectory)
        if case .notWritable = DirectoryCheck.writable(creating: "/sys") {} else { Issue.record("/sys is not writable, even for root") }
    }

    @Test func relativePathsAreShownFromTheCurrentDirectory() {
        #expect(DirectoryCheck.absolute("/srv/web") == "/srv/web")
        #expect(DirectoryCheck.absolute("web").hasSuffix("/web"))
        #expect(DirectoryCheck.absolute("./web") == DirectoryCheck.absolute("web"))
    }

    @Test func hostNamesResolveWithThePortAndBadOnesAreErrors() throws {
        let resolved = try Socket.resolve("localhost", port: 8080)
        #expect(resolved.family == AF_INET || resolved.family == AF_INET6)
        let port = withUnsafeBytes(of: resolved.storage) { UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self)) }
        #expect(port == 8080)
        #expect(throws: SystemError.self) { try Socket.socketAddress(host: "no-such-host.invalid", port: 1) }
        #expect(throws: SystemError.self) { try Socket.socketAddress(host: "", port: 1) }
        #expect(throws: SystemError.self) { try Socket.socketAddress(host: "::g", port: 1) }
        #expect(Socket.isWildcard("0.0.0.0") && Socket.isWildcard("::") && Socket.isWildcard("[::]"))
        #expect(!Socket.isWildcard("127.0.0.1") && !Socket.isWildcard("::1"))
    }
}
