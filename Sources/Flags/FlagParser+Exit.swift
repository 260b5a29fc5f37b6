#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Platform

extension FlagParser {
    /// The exit status for a command line the user got wrong (`EX_USAGE` from sysexits.h).
    public static let usageExitCode: Int32 = 64

    /// Parses the process's arguments for `main.swift`. On `--help` prints the help to
    /// standard output and exits 0; on a mistake prints `error: <message>` and a usage hint
    /// to standard error and exits 64.
    public static func parseOrExit(
        spec: CommandSpec, arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) -> ParsedFlags {
        switch parse(arguments, spec: spec) {
        case .parsed(let flags):
            return flags
        case .help(let text):
            writeAll(text, to: STDOUT_FILENO)
            exit(0)
        case .error(let error):
            exitWithUsageError(error, spec: spec, arguments: arguments)
        }
    }

    /// Parses the process's arguments and turns them into a configuration in one step, so
    /// that a bad value found by a typed accessor exits exactly like a parse error:
    ///
    /// ```swift
    /// let config = FlagParser.parseOrExit(spec: wsechoSpec) { flags throws(FlagError) in
    ///     EchoConfiguration(port: try flags.int("port", in: 0...65535)!,
    ///                       maxMessage: try flags.byteSize("max-message", in: 1...(1 << 30))!)
    /// }
    /// ```
    public static func parseOrExit<Configuration>(
        spec: CommandSpec, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        _ makeConfiguration: (ParsedFlags) throws(FlagError) -> Configuration
    ) -> Configuration {
        let flags = parseOrExit(spec: spec, arguments: arguments)
        do {
            return try makeConfiguration(flags)
        } catch {
            exitWithUsageError(error, spec: spec, arguments: arguments)
        }
    }

    /// Prints ``usageErrorText(_:spec:arguments:)`` to standard error and exits 64.
    public static func exitWithUsageError(
        _ error: FlagError, spec: CommandSpec, arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) -> Never {
        writeAll(usageErrorText(error, spec: spec, arguments: arguments), to: STDERR_FILENO)
        exit(usageExitCode)
    }

    /// `error: <message>`, the usage lines of the command the arguments name, and where to
    /// find more:
    ///
    /// ```
    /// error: unknown flag '--prot'; did you mean --port?
    /// usage: wsecho --port PORT [--max-message BYTES]
    /// Run 'wsecho --help' for more.
    /// ```
    public static func usageErrorText(_ error: FlagError, spec: CommandSpec, arguments: [String]) -> String {
        let path = subcommandPath(in: arguments, spec: spec)
        let commandLine = spec.chain(along: path).map(\.name).joined(separator: " ")
        var text = "error: \(error.message)\n"
        for (index, line) in usageLines(for: spec, subcommandPath: path).enumerated() {
            text += (index == 0 ? "usage: " : "       ") + line + "\n"
        }
        text += "Run '\(commandLine) --help' for more.\n"
        return text
    }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        try? FileDescriptor.writeAll(descriptor, text)
    }
}
