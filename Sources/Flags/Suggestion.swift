/// "Did you mean ...?" for mistyped flag and subcommand names.
enum Suggestion {
    /// The candidate closest to `word`, if one is close enough to be what the user meant:
    /// within an edit distance of a third of its length (at least 1), counting a swap of
    /// two neighbouring letters as one edit, ignoring case; or one that `word` abbreviates.
    /// Ties go to the candidate declared first.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let letters = Array(candidate.lowercased())
            var distance = editDistance(typed, letters)
            if distance > max(1, letters.count / 3) {
                guard typed.count >= 3, letters.starts(with: typed) else { continue }
                distance = letters.count  // an abbreviation: ranks below any real near-miss
            }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions of adjacent characters each cost 1.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        // Three rows of the (a.count + 1) x (b.count + 1) table: two back, one back, current.
        var twoBack = [Int](repeating: 0, count: width)
        var oneBack = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(oneBack[j] + 1, current[j - 1] + 1, oneBack[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
            }
            (twoBack, oneBack, current) = (oneBack, current, twoBack)
        }
        return oneBack[b.count]
    }
}
