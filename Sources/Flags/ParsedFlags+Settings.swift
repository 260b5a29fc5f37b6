/// One integer setting that a repeatable `--flag NAME=VALUE` may name (a game's tunable
/// numbers, for instance): its exact name, legal range and default (shown in help and errors).
public struct NamedSetting: Sendable, Hashable {
    public var name: String
    public var range: ClosedRange<Int32>
    public var defaultValue: Int32

    public init(name: String, range: ClosedRange<Int32>, defaultValue: Int32) {
        self.name = name
        self.range = range
        self.defaultValue = defaultValue
    }

    /// `name=default (low...high)` for each setting, comma-separated: for help text and errors.
    public static func describe(_ settings: [NamedSetting]) -> String {
        settings.map { "\($0.name)=\($0.defaultValue) (\($0.range.lowerBound)...\($0.range.upperBound))" }
            .joined(separator: ", ")
    }
}

extension ParsedFlags {
    /// Every `--flag NAME=VALUE` given, in the order given (declare the flag `repeatable`):
    /// NAME must be one of `known`, spelled exactly, and VALUE an integer in its range. An
    /// unknown name is refused with a list of `owner`'s settings (and a "did you mean" for a
    /// near miss); a later value for the same name overrides an earlier one.
    public func namedSettings(_ flag: String, known: [NamedSetting], owner: String) throws(FlagError) -> [(name: String, value: Int32)] {
        var result: [(name: String, value: Int32)] = []
        for text in values(flag) {
            guard let equals = text.firstIndex(of: "=") else {
                throw FlagError("--\(flag) must be NAME=VALUE, got '\(text)'")
            }
            let name = String(text[..<equals]), valueText = String(text[text.index(after: equals)...])
            guard let setting = known.first(where: { $0.name == name }) else {
                let hint = Suggestion.closest(to: name, among: known.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                let list = known.isEmpty ? "it has none" : "its settings, with defaults and ranges, are: \(NamedSetting.describe(known))"
                throw FlagError("--\(flag): \(owner) has no setting '\(name)'\(hint); \(list)")
            }
            guard let value = Int32(valueText), setting.range.contains(value) else {
                throw FlagError("--\(flag) \(name) must be an integer from \(setting.range.lowerBound) to \(setting.range.upperBound), got '\(valueText)'")
            }
            result.removeAll { $0.name == name }
            result.append((name, value))
        }
        return result
    }
}
