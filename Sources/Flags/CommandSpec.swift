/// Everything a command accepts, declared as data, and the source of its help text.
///
/// ```swift
/// let replay = CommandSpec(
///     name: "replay", summary: "Inspect and verify match recordings.",
///     subcommands: [
///         CommandSpec(name: "info", summary: "Describe a recording.",
///                     positionals: [.required("FILE", help: "The recording.")]),
///         CommandSpec(name: "verify", summary: "Re-simulate a recording and check every hash.",
///                     positionals: [.required("FILE", help: "The recording.")]),
///     ])
/// ```
///
/// Flags declared on a command are also accepted after any of its subcommands, so
/// `replay --log-level debug verify FILE` and `replay verify FILE --log-level debug` mean
/// the same. A command has either positional arguments or subcommands, not both.
public struct CommandSpec: Sendable, Hashable {
    /// A positional argument such as `FILE`.
    public struct Positional: Sendable, Hashable {
        /// The placeholder shown in usage and help: `"FILE"`.
        public var name: String
        public var help: String
        /// Optional positionals must come after every required one.
        public var isRequired: Bool

        public init(name: String, help: String, isRequired: Bool = true) {
            self.name = name
            self.help = help
            self.isRequired = isRequired
        }

        public static func required(_ name: String, help: String) -> Positional {
            Positional(name: name, help: help, isRequired: true)
        }

        public static func optional(_ name: String, help: String) -> Positional {
            Positional(name: name, help: help, isRequired: false)
        }
    }

    /// The word that selects the command: the executable's name at the root, the
    /// subcommand's word below it.
    public var name: String
    /// One line saying what the command does.
    public var summary: String
    /// Usage lines without the command name, which is prefixed (with the subcommand path).
    /// When empty, one is generated from the flags, positionals and subcommands.
    public var usage: [String]
    public var flags: [FlagSpec]
    public var positionals: [Positional]
    public var subcommands: [CommandSpec]
    /// Whole command lines shown as they are under "Examples:".
    public var examples: [String]
    /// The command does its own work when no subcommand is given (`game-server` serves,
    /// `game-server token` prints a token); otherwise a subcommand is required.
    public var runsWithoutSubcommand: Bool

    public init(
        name: String, summary: String, usage: [String] = [], flags: [FlagSpec] = [],
        positionals: [Positional] = [], subcommands: [CommandSpec] = [], examples: [String] = [],
        runsWithoutSubcommand: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.flags = flags
        self.positionals = positionals
        self.subcommands = subcommands
        self.examples = examples
        self.runsWithoutSubcommand = runsWithoutSubcommand
    }

    /// The subcommand called `name`, if there is one.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    /// The commands along `path`, starting with `self`; traps if the path does not exist,
    /// because paths come from the program, not from the user.
    func chain(along path: [String]) -> [CommandSpec] {
        var chain = [self]
        for word in path {
            guard let next = chain[chain.count - 1].subcommand(named: word) else {
                preconditionFailure("Flags: '\(word)' is not a subcommand of '\(chain.map(\.name).joined(separator: " "))'")
            }
            chain.append(next)
        }
        return chain
    }

    /// Traps on a spec that cannot be parsed unambiguously. Specs are written by the
    /// program, so these are our bugs, caught the first time the command runs (and by tests).
    func validate(inherited: Set<String> = []) {
        let commandName = name
        func fail(_ problem: String) -> Never {
            preconditionFailure("Flags: invalid spec for '\(commandName)': \(problem)")
        }
        if name.isEmpty || name.hasPrefix("-") { fail("command names must be non-empty words") }
        var seen = inherited
        for flag in flags {
            if flag.name.isEmpty || flag.name.hasPrefix("-") || flag.name.contains("=")
                || flag.name.contains(where: \.isWhitespace) {
                fail("flag name '\(flag.name)' must be a word without leading dashes, '=' or spaces")
            }
            if flag.name == "help" { fail("--help is built in") }
            if !seen.insert(flag.name).inserted { fail("--\(flag.name) is declared twice (or also by a parent command)") }
            if flag.takesValue && flag.valueName.isEmpty { fail("--\(flag.name) needs a value name") }
        }
        if !positionals.isEmpty && !subcommands.isEmpty {
            fail("a command takes positionals or subcommands, not both")
        }
        var sawOptional = false
        for positional in positionals {
            if positional.isRequired && sawOptional { fail("required \(positional.name) follows an optional positional") }
            sawOptional = sawOptional || !positional.isRequired
        }
        var subcommandNames = Set<String>()
        for subcommand in subcommands {
            if !subcommandNames.insert(subcommand.name).inserted { fail("subcommand '\(subcommand.name)' is declared twice") }
            subcommand.validate(inherited: seen)
        }
    }
}
