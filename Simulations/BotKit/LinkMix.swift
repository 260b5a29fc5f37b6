/// How a fleet splits over simulated networks (`bots --link`): one link for every bot, or
/// classes with weights, `direct@1;150ms±30ms@1` (half direct, half at 150 ms ± 30 ms each
/// way), spread through the join order (class of bot i: its place in a cycle of the weights'
/// sum), so every slice of a ramp and every churn replacement keep the ratio. Each class's
/// figures are reported apart.
public struct LinkMix: Sendable, Equatable, CustomStringConvertible {
    /// A class's link (nil: direct) and weight.
    public var classes: [(link: LinkSpec?, weight: Int)]

    public init(_ classes: [(link: LinkSpec?, weight: Int)]) {
        precondition(!classes.isEmpty && classes.allSatisfy { $0.weight > 0 })
        self.classes = classes
    }

    public static let direct = LinkMix([(nil, 1)])

    public static func parse(_ text: String) throws(LinkSpec.ParseError) -> LinkMix {
        var classes: [(link: LinkSpec?, weight: Int)] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "@", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count) else { throw LinkSpec.ParseError(description: "link class '\(part)': use SPEC or SPEC@WEIGHT") }
            var weight = 1
            if pieces.count == 2 {
                guard let w = Int(pieces[1]), (1...1000).contains(w) else { throw LinkSpec.ParseError(description: "link class '\(part)': the weight must be 1 to 1000") }
                weight = w
            }
            let spec = String(pieces[0])
            classes.append((spec == "direct" ? nil : try LinkSpec.parse(spec), weight))
        }
        return LinkMix(classes)
    }

    /// More than one class: the report gives each apart.
    public var isMixed: Bool { classes.count > 1 }

    /// The class of the bot at `index` in the join order.
    public func linkClass(of index: Int) -> Int {
        let total = classes.reduce(0) { $0 + $1.weight }
        var position = index % total
        for (offset, entry) in classes.enumerated() {
            if position < entry.weight { return offset }
            position -= entry.weight
        }
        return classes.count - 1
    }

    /// A class's name in reports: its link, or `direct`.
    public func name(of linkClass: Int) -> String { classes[linkClass].link?.description ?? "direct" }

    public var description: String {
        classes.count == 1 ? name(of: 0) : classes.indices.map { "\(name(of: $0))@\(classes[$0].weight)" }.joined(separator: ";")
    }

    public static func == (a: LinkMix, b: LinkMix) -> Bool {
        a.classes.count == b.classes.count && zip(a.classes, b.classes).allSatisfy { $0.link == $1.link && $0.weight == $1.weight }
    }
}
