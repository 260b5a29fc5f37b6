@testable import Flags
import Testing

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("", "", 0), ("port", "port", 0), ("prot", "port", 1), ("port", "pot", 1), ("port", "sport", 1),
        ("kitten", "sitting", 3), ("abc", "", 3), ("ca", "abc", 3), ("max-mesage", "max-message", 1),
    ])
    func editDistanceCountsSwapsAsOneEdit(a: String, b: String, distance: Int) {
        #expect(Suggestion.editDistance(Array(a), Array(b)) == distance)
        #expect(Suggestion.editDistance(Array(b), Array(a)) == distance)
    }

    @Test(arguments: [
        ("prot", "port"), ("PORT", "port"), ("hots", "host"), ("tick", "tick-hz"), ("tick-byte", "tick-bytes"),
        ("verbos", "verbose"), ("x", nil), ("po", nil), ("", nil), ("portable", nil),
    ] as [(String, String?)])
    func closestNameWithinAThirdOfItsLength(typed: String, expected: String?) {
        let names = ["port", "host", "tick-hz", "tick-bytes", "verbose", "quiet"]
        #expect(Suggestion.closest(to: typed, among: names) == expected)
    }
}
