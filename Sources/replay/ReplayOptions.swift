import Flags

/// replay's command line: three subcommands over one recording file.
enum ReplayOptions {
    static let file = CommandSpec.Positional.required("FILE", help: "A recording (a .rec file from game-server's --record-dir).")

    static let spec = CommandSpec(
        name: "replay",
        summary: "Inspect, verify and export match recordings made by game-server.",
        subcommands: [
            CommandSpec(name: "info", summary: "Describe a recording: game, players, duration, ticks, size, and whether it is complete.",
                        positionals: [file]),
            CommandSpec(name: "verify",
                        summary: "Re-simulate a recording from its header and inputs and check every recorded hash and keyframe. "
                            + "Exit 0: all equal (a cut-off tail is reported, and what precedes it is checked); 1: the simulation "
                            + "diverges (the first tick is named); 2: the file is unreadable or damaged (the offset is named).",
                        positionals: [file]),
            CommandSpec(name: "export", summary: "Write the recording's header, players, keyframes and every tick's joins, leaves and inputs as JSON.",
                        flags: [.switch("json", help: "JSON output (the only format, and the default)."),
                                FlagSpec(name: "out", valueName: "FILE", help: "Write to FILE instead of standard output.", kind: .value(default: nil))],
                        positionals: [file]),
        ],
        examples: [
            "replay info recordings/20261122-134501.123-room1.rec",
            "replay verify recordings/20261122-134501.123-room1.rec",
            "replay export recordings/20261122-134501.123-room1.rec --json > match.json",
        ])
}
