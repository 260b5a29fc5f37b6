/// One `--flag` a command accepts.
///
/// Flags are declared as data; nothing is discovered by reflection. A flag either takes a
/// value (`--port 8080`, `--port=8080`) or is a switch (`--verbose`). Values stay strings
/// until the command asks for them with a typed accessor on ``ParsedFlags``, which is where
/// ranges are checked and where the error message names the flag.
///
/// ```swift
/// let port: FlagSpec = .value("port", valueName: "PORT", default: "8080",
///                             help: "TCP port to listen on; 0 picks a free one.")
/// let verbose: FlagSpec = .switch("verbose", help: "Log every frame.")
/// ```
public struct FlagSpec: Sendable, Hashable {
    /// Whether the flag takes a value.
    public enum Kind: Sendable, Hashable {
        /// `--name VALUE` or `--name=VALUE`; `default` is used when the flag is absent and
        /// is shown in the help text.
        case value(default: String?)
        /// `--name`, with no value; true when given.
        case `switch`
    }

    /// The name without the leading dashes: `"max-message"` for `--max-message`.
    public var name: String
    /// The placeholder shown in help and usage lines: `"PORT"` in `--port PORT`.
    public var valueName: String
    /// One or two sentences for the help text; wrapped to fit the terminal width.
    public var help: String
    public var kind: Kind
    /// Whether the flag may be given more than once (its values are read with
    /// ``ParsedFlags/values(_:)``). Giving a non-repeatable flag twice is an error.
    public var repeatable: Bool

    public init(name: String, valueName: String = "VALUE", help: String, kind: Kind, repeatable: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.kind = kind
        self.repeatable = repeatable
    }

    /// A flag that takes a value: `--name VALUE` or `--name=VALUE`.
    public static func value(
        _ name: String, valueName: String = "VALUE", default defaultValue: String? = nil,
        help: String, repeatable: Bool = false
    ) -> FlagSpec {
        FlagSpec(name: name, valueName: valueName, help: help, kind: .value(default: defaultValue), repeatable: repeatable)
    }

    /// A flag without a value, true when present: `--name`.
    public static func `switch`(_ name: String, help: String, repeatable: Bool = false) -> FlagSpec {
        FlagSpec(name: name, valueName: "", help: help, kind: .switch, repeatable: repeatable)
    }

    /// The value used when the flag is absent, if any.
    public var defaultValue: String? {
        if case .value(let value) = kind { return value }
        return nil
    }

    public var takesValue: Bool {
        if case .value = kind { return true }
        return false
    }

    /// `--name VALUE` or `--name`, as it appears in help and error messages.
    var synopsis: String {
        takesValue ? "--\(name) \(valueName)" : "--\(name)"
    }
}
