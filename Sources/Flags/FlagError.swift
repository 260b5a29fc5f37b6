/// A command line the user got wrong, or a flag value that does not fit.
///
/// The message is complete and stands alone: `--port must be an integer from 0 to 65535,
/// got 'abc'`. Flags are written bare (`--port`), what the user typed is quoted (`'abc'`).
/// ``FlagParser/parseOrExit(spec:arguments:)`` prints it as `error: <message>`.
public struct FlagError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension FlagError {
    static func unknownFlag(_ argument: String, suggestion: String?) -> FlagError {
        FlagError("unknown flag '\(argument)'" + (suggestion.map { "; did you mean --\($0)?" } ?? ""))
    }

    static func missingValue(_ flag: FlagSpec) -> FlagError {
        FlagError("--\(flag.name) needs a value (\(flag.synopsis))")
    }

    static func switchGivenValue(_ flag: FlagSpec, value: String) -> FlagError {
        FlagError("--\(flag.name) is a switch and takes no value, got '\(value)'")
    }

    static func givenTwice(_ flag: FlagSpec) -> FlagError {
        FlagError("--\(flag.name) may be given only once")
    }

    static func unexpectedArgument(_ argument: String) -> FlagError {
        FlagError("unexpected argument '\(argument)'")
    }

    static func missingArgument(_ positional: CommandSpec.Positional) -> FlagError {
        FlagError("missing argument \(positional.name)")
    }

    static func missingSubcommand(_ command: CommandSpec) -> FlagError {
        FlagError("missing subcommand; expected one of: \(command.subcommands.map(\.name).joined(separator: ", "))")
    }

    static func unknownSubcommand(_ word: String, of command: CommandSpec) -> FlagError {
        let names = command.subcommands.map(\.name)
        if let suggestion = Suggestion.closest(to: word, among: names) {
            return FlagError("unknown subcommand '\(word)'; did you mean \(suggestion)?")
        }
        return FlagError("unknown subcommand '\(word)'; expected one of: \(names.joined(separator: ", "))")
    }
}
