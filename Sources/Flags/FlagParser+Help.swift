extension FlagParser {
    /// The width help text is wrapped to.
    public static let helpWidth = 80

    /// The help for the command at `subcommandPath` (`["verify"]` for `replay verify`):
    /// summary, usage, arguments, options with their defaults (the command's own first,
    /// then those it inherits, then `--help`), subcommands and examples, in aligned columns
    /// wrapped to ``helpWidth``.
    public static func helpText(for spec: CommandSpec, subcommandPath: [String] = []) -> String {
        let chain = spec.chain(along: subcommandPath)
        let command = chain[chain.count - 1]
        let commandLine = chain.map(\.name).joined(separator: " ")
        let flags = chain.reversed().flatMap(\.flags)

        var sections: [HelpSection] = []
        sections.append(.lines("Usage:", usageLines(for: spec, subcommandPath: subcommandPath)))
        if !command.positionals.isEmpty {
            sections.append(.table("Arguments:", command.positionals.map { ($0.name, $0.help) }))
        }
        var options = flags.map { flag in (flag.synopsis, optionHelp(flag)) }
        options.append(("-h, --help", "Show this help and exit."))
        sections.append(.table("Options:", options))
        if !command.subcommands.isEmpty {
            sections.append(.table("Subcommands:", command.subcommands.map { ($0.name, $0.summary) }))
        }
        if !command.examples.isEmpty {
            sections.append(.lines("Examples:", command.examples))
        }

        var layout = HelpLayout(width: helpWidth, sections: sections)
        layout.paragraph("\(commandLine): \(command.summary)")
        for section in sections {
            layout.blankLine()
            layout.render(section)
        }
        if !command.subcommands.isEmpty {
            layout.blankLine()
            layout.paragraph("Run '\(commandLine) <subcommand> --help' for a subcommand's own arguments and options.")
        }
        return layout.text
    }

    /// The command's usage lines, each starting with the command and subcommand names.
    static func usageLines(for spec: CommandSpec, subcommandPath: [String]) -> [String] {
        let chain = spec.chain(along: subcommandPath)
        let command = chain[chain.count - 1]
        let commandLine = chain.map(\.name).joined(separator: " ")
        let hasFlags = chain.contains { !$0.flags.isEmpty }
        let usage = command.usage.isEmpty ? [generatedUsage(command, hasFlags: hasFlags)] : command.usage
        return usage.map { $0.isEmpty ? commandLine : "\(commandLine) \($0)" }
    }

    /// `[options] FILE [OUT]` or `[options] <subcommand>`.
    private static func generatedUsage(_ command: CommandSpec, hasFlags: Bool) -> String {
        var words: [String] = hasFlags ? ["[options]"] : []
        words += command.positionals.map { $0.isRequired ? $0.name : "[\($0.name)]" }
        if !command.subcommands.isEmpty { words.append("<subcommand>") }
        return words.joined(separator: " ")
    }

    /// The flag's help followed by its default and whether it repeats.
    private static func optionHelp(_ flag: FlagSpec) -> String {
        var notes: [String] = []
        if let value = flag.defaultValue {
            notes.append("default: " + (value.isEmpty || value.contains(" ") ? "\"\(value)\"" : value))
        }
        if flag.repeatable { notes.append("repeatable") }
        guard !notes.isEmpty else { return flag.help }
        let suffix = "(\(notes.joined(separator: "; ")))"
        return flag.help.isEmpty ? suffix : "\(flag.help) \(suffix)"
    }
}

private enum HelpSection {
    /// A heading over lines shown as they are.
    case lines(String, [String])
    /// A heading over two aligned columns: a label and its wrapped help.
    case table(String, [(label: String, help: String)])
}

/// Lays help text out in lines: paragraphs and table cells wrapped at word boundaries,
/// table help aligned in one column across all sections.
private struct HelpLayout {
    static let indent = 2
    static let gap = 2
    /// Labels longer than this put their help on the next line rather than push the column right.
    static let maxLabelWidth = 24

    let width: Int
    let labelWidth: Int
    private(set) var text = ""

    init(width: Int, sections: [HelpSection]) {
        self.width = width
        var longest = 0
        for case .table(_, let rows) in sections {
            for row in rows where row.label.count <= Self.maxLabelWidth {
                longest = max(longest, row.label.count)
            }
        }
        labelWidth = longest
    }

    var helpColumn: Int { Self.indent + labelWidth + Self.gap }

    mutating func blankLine() {
        text += "\n"
    }

    mutating func paragraph(_ words: String) {
        for line in wrap(words, width: width) { text += line + "\n" }
    }

    mutating func render(_ section: HelpSection) {
        let margin = String(repeating: " ", count: Self.indent)
        switch section {
        case .lines(let heading, let lines):
            text += heading + "\n"
            for line in lines { text += margin + line + "\n" }
        case .table(let heading, let rows):
            text += heading + "\n"
            let column = String(repeating: " ", count: helpColumn)
            for row in rows {
                var helpLines = row.help.isEmpty ? [] : wrap(row.help, width: width - helpColumn)
                if row.label.count <= labelWidth, !helpLines.isEmpty {
                    let padding = String(repeating: " ", count: labelWidth - row.label.count + Self.gap)
                    text += margin + row.label + padding + helpLines.removeFirst() + "\n"
                } else {
                    text += margin + row.label + "\n"
                }
                for line in helpLines { text += column + line + "\n" }
            }
        }
    }

    /// Splits `text` into lines of at most `width` characters at spaces; a word longer than
    /// the width gets a line of its own. Newlines in `text` are kept as line breaks.
    private func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
        }
        return lines
    }
}
