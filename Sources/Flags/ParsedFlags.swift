/// A command line that matched its ``CommandSpec``: the subcommand chosen, the positionals,
/// and the flag values, read through typed accessors.
///
/// Accessors take the flag's name without dashes. Asking for a flag the spec does not
/// declare (for the chosen subcommand or its parents), or asking a switch for a value,
/// is a bug in the program and traps; a value the user got wrong throws a ``FlagError``
/// that names the flag, the accepted range and what was given.
///
/// A flag's default is read exactly as a given value would be; a default that does not fit
/// its own accessor traps, since the spec is ours.
public struct ParsedFlags: Sendable, Equatable {
    /// The subcommands chosen, outermost first: `["verify"]` for `replay verify FILE`.
    public let subcommand: [String]
    /// The positional arguments, in order.
    public let positionals: [String]
    /// Values given on the command line, in order, by flag name; a switch records "".
    let given: [String: [String]]
    /// Every flag accepted by the chosen command, by name.
    let scope: [String: FlagSpec]
    let positionalNames: [String]

    init(subcommand: [String], positionals: [String], given: [String: [String]],
         scope: [String: FlagSpec], positionalNames: [String]) {
        self.subcommand = subcommand
        self.positionals = positionals
        self.given = given
        self.scope = scope
        self.positionalNames = positionalNames
    }

    /// The positional declared as `name` (`"FILE"`), or nil if an optional one was left out.
    public func positional(_ name: String) -> String? {
        guard let index = positionalNames.firstIndex(of: name) else {
            preconditionFailure("Flags: no positional \(name) is declared for this command")
        }
        return index < positionals.count ? positionals[index] : nil
    }

    /// Whether the flag was given on the command line (a default does not count).
    public func isGiven(_ name: String) -> Bool {
        _ = spec(name)
        return given[name] != nil
    }

    /// True when the switch was given.
    public func bool(_ name: String) -> Bool {
        let flag = spec(name)
        precondition(!flag.takesValue, "Flags: --\(name) takes a value; read it with string(_:) or a typed accessor")
        return given[name] != nil
    }

    /// How many times the flag was given: for repeatable switches such as `--verbose`.
    public func count(_ name: String) -> Int {
        _ = spec(name)
        return given[name]?.count ?? 0
    }

    /// The flag's value as typed (the last one, for a repeatable flag), else its default,
    /// else nil. An empty string is returned as given. Nothing is refused today; it is
    /// declared `throws` like every other value accessor, so `try` reads the same at every
    /// call site and a check can be added here without touching callers.
    public func string(_ name: String) throws(FlagError) -> String? {
        rawValue(name)?.text
    }

    /// Every value given for a repeatable flag, in order; the default alone if none was given.
    public func values(_ name: String) -> [String] {
        let flag = spec(name)
        precondition(flag.takesValue, "Flags: --\(name) is a switch; read it with bool(_:)")
        if let values = given[name] { return values }
        return flag.defaultValue.map { [$0] } ?? []
    }

    /// The value to convert for a typed accessor, and whether it came from the spec's default.
    func rawValue(_ name: String) -> (text: String, isDefault: Bool)? {
        let flag = spec(name)
        precondition(flag.takesValue, "Flags: --\(name) is a switch; read it with bool(_:)")
        if let last = given[name]?.last { return (last, false) }
        return flag.defaultValue.map { ($0, true) }
    }

    func spec(_ name: String) -> FlagSpec {
        guard let flag = scope[name] else {
            preconditionFailure("Flags: --\(name) is not declared for this command")
        }
        return flag
    }
}
