import Testing
@testable import GameServer

/// The `/replay` endpoint's file-name rule: only a plain `*.rec` name in the record
/// directory, whatever encoding tricks the query uses.
@Suite struct ReplayRequestTests {
    @Test(arguments: [
        ("file=room-1.rec", "room-1.rec"),
        ("x=1&file=a%20b.rec&y=2", "a b.rec"),
        ("file=a+b.rec", "a b.rec"),
        ("file=%C3%A9t%C3%A9.rec", "été.rec"),
        ("file=first.rec&file=second.rec", "first.rec"),
    ])
    func acceptsPlainRecordingNames(query: String, name: String) {
        #expect(ReplayRequest.fileName(fromQuery: query) == .success(name))
    }

    @Test(arguments: [
        ("file=../secret.rec", ReplayRequestError.badName("../secret.rec")),
        ("file=..%2Fsecret.rec", .badName("../secret.rec")),
        ("file=%2Fetc%2Fpasswd.rec", .badName("/etc/passwd.rec")),
        ("file=a%5Cb.rec", .badName("a\\b.rec")),
        ("file=.hidden.rec", .badName(".hidden.rec")),
        ("file=a%00.rec", .badName("a\u{0}.rec")),
        ("file=a%0A.rec", .badName("a\n.rec")),
        ("file=", .badName("")),
        ("file=notes.txt", .notARecording("notes.txt")),
        ("file=.rec", .badName(".rec")),
        ("file=rec", .notARecording("rec")),
        ("file=a%2", .badEncoding),
        ("file=a%zz.rec", .badEncoding),
        ("file=%FF.rec", .badEncoding),
        ("file", .badEncoding),
        ("name=a.rec", .missingFile),
        ("", .missingFile),
    ])
    func refusesEverythingElse(query: String, error: ReplayRequestError) {
        #expect(ReplayRequest.fileName(fromQuery: query) == .failure(error))
    }

    @Test func refusesAMissingQueryAndOverlongNames() {
        #expect(ReplayRequest.fileName(fromQuery: nil) == .failure(.missingFile))
        let long = String(repeating: "a", count: 252) + ".rec"
        #expect(ReplayRequest.validate(long) == .failure(.badName(long)))
        let longest = String(repeating: "a", count: 251) + ".rec"
        #expect(ReplayRequest.validate(longest) == .success(longest))
    }
}
