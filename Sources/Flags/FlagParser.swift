/// What ``FlagParser/parse(_:spec:)`` made of a command line.
public enum ParseOutcome: Sendable, Equatable {
    case parsed(ParsedFlags)
    /// `--help` or `-h` was given; the text is the help for the subcommand named before it.
    case help(String)
    case error(FlagError)
}

/// Parses command lines against a ``CommandSpec``.
///
/// Syntax, in the order it is recognised:
/// - `--help` or `-h` anywhere before `--` asks for help, whatever else is wrong.
/// - `--` ends the flags: every later argument is positional, even `--port` or `-5`.
/// - `--name=value` gives a value; `--name value` takes the next argument as the value
///   unless it starts with `--` (so `--offset -5` works and `--port --verbose` is an error;
///   write `--name=--odd` for a value that starts with dashes). `--name=` gives an empty value.
/// - `--name` alone sets a switch; `--switch=value` is an error.
/// - `-` alone and negative numbers (`-5`, `-0.5`) are positional; any other argument that
///   starts with `-` is an unknown flag (there are no single-letter flags besides `-h`).
/// - Other words select a subcommand while the command has subcommands, and fill the
///   positionals otherwise.
///
/// Flags of a command are accepted anywhere after it, including after its subcommands.
public enum FlagParser {
    public static func parse(_ args: [String], spec: CommandSpec) -> ParseOutcome {
        spec.validate()
        if let helpPath = helpRequest(in: args, spec: spec) {
            return .help(helpText(for: spec, subcommandPath: helpPath))
        }
        var state = ParseState(root: spec)
        var index = 0
        var onlyPositionals = false
        do throws(FlagError) {
            while index < args.count {
                let argument = args[index]
                index += 1
                if onlyPositionals {
                    try state.addPositional(argument)
                } else if argument == "--" {
                    onlyPositionals = true
                } else if argument.hasPrefix("--") {
                    let (name, inlineValue) = splitFlag(argument)
                    guard let flag = state.scope[name] else {
                        throw FlagError.unknownFlag(argument, suggestion: Suggestion.closest(to: name, among: state.scopeOrder))
                    }
                    var value = ""
                    switch flag.kind {
                    case .switch:
                        if let inlineValue { throw FlagError.switchGivenValue(flag, value: inlineValue) }
                    case .value:
                        if let inlineValue {
                            value = inlineValue
                        } else if index < args.count, !args[index].hasPrefix("--") {
                            value = args[index]
                            index += 1
                        } else {
                            throw FlagError.missingValue(flag)
                        }
                    }
                    try state.record(flag, value: value)
                } else if argument.hasPrefix("-") && argument != "-" && !looksLikeNumber(argument) {
                    let name = String(argument.drop { $0 == "-" }.prefix { $0 != "=" })
                    throw FlagError.unknownFlag(argument, suggestion: Suggestion.closest(to: name, among: state.scopeOrder))
                } else if !state.command.subcommands.isEmpty {
                    guard let subcommand = state.command.subcommand(named: argument) else {
                        throw FlagError.unknownSubcommand(argument, of: state.command)
                    }
                    state.enter(subcommand)
                } else {
                    try state.addPositional(argument)
                }
            }
            return .parsed(try state.finish())
        } catch {
            return .error(error)
        }
    }

    /// The subcommand path a command line names, read as far as it goes and ignoring
    /// every mistake; used to pick which help to show and which command to name in hints.
    static func subcommandPath(in args: [String], spec: CommandSpec) -> [String] {
        var command = spec
        var scope = Dictionary(uniqueKeysWithValues: spec.flags.map { ($0.name, $0) })
        var path: [String] = []
        var index = 0
        while index < args.count {
            let argument = args[index]
            index += 1
            if argument == "--" { break }
            if argument.hasPrefix("--") {
                let (name, inlineValue) = splitFlag(argument)
                if inlineValue == nil, scope[name]?.takesValue == true,
                   index < args.count, !args[index].hasPrefix("--") {
                    index += 1
                }
            } else if let subcommand = command.subcommand(named: argument) {
                command = subcommand
                path.append(argument)
                for flag in subcommand.flags { scope[flag.name] = flag }
            }
        }
        return path
    }

    /// The subcommand path to show help for, if `--help` or `-h` occurs before `--`.
    static func helpRequest(in args: [String], spec: CommandSpec) -> [String]? {
        let flagsPart = args.prefix { $0 != "--" }
        guard flagsPart.contains(where: { $0 == "--help" || $0 == "-h" }) else { return nil }
        return subcommandPath(in: args, spec: spec)
    }

    /// `--name=value` → ("name", "value"); `--name` → ("name", nil).
    static func splitFlag(_ argument: String) -> (name: String, value: String?) {
        let body = argument.dropFirst(2)
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// `-5`, `-0.25`, `-1e3`: a negative number, which is a positional, not a flag.
    static func looksLikeNumber(_ argument: String) -> Bool {
        argument.count > 1 && Double(argument) != nil && argument.dropFirst().first.map { $0.isNumber || $0 == "." } == true
    }
}

/// The parser's progress through one command line.
private struct ParseState {
    var command: CommandSpec
    var path: [String] = []
    /// Flags accepted here: the current command's and its ancestors'.
    var scope: [String: FlagSpec]
    /// Flag names in declaration order, nearest command first, for stable suggestions.
    var scopeOrder: [String]
    var given: [String: [String]] = [:]
    var positionals: [String] = []

    init(root: CommandSpec) {
        command = root
        scope = Dictionary(uniqueKeysWithValues: root.flags.map { ($0.name, $0) })
        scopeOrder = root.flags.map(\.name) + ["help"]
    }

    mutating func enter(_ subcommand: CommandSpec) {
        command = subcommand
        path.append(subcommand.name)
        for flag in subcommand.flags { scope[flag.name] = flag }
        scopeOrder = subcommand.flags.map(\.name) + scopeOrder
    }

    mutating func record(_ flag: FlagSpec, value: String) throws(FlagError) {
        if !flag.repeatable && given[flag.name] != nil { throw .givenTwice(flag) }
        given[flag.name, default: []].append(value)
    }

    mutating func addPositional(_ argument: String) throws(FlagError) {
        guard positionals.count < command.positionals.count else { throw .unexpectedArgument(argument) }
        positionals.append(argument)
    }

    func finish() throws(FlagError) -> ParsedFlags {
        if !command.subcommands.isEmpty && !command.runsWithoutSubcommand { throw .missingSubcommand(command) }
        if positionals.count < command.positionals.count {
            let missing = command.positionals[positionals.count]
            if missing.isRequired { throw .missingArgument(missing) }
        }
        return ParsedFlags(
            subcommand: path, positionals: positionals, given: given, scope: scope,
            positionalNames: command.positionals.map(\.name))
    }
}
