import Glibc
import Flags

// flags -> one subcommand over one file; the work lives in ReplayCommands.
let parsed = FlagParser.parseOrExit(spec: ReplayOptions.spec)
exit(ReplayCommands.run(parsed))
