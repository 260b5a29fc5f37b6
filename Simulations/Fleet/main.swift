import Foundation
import Flags

// flags -> options -> run; nothing else lives here.
let options = FlagParser.parseOrExit(spec: fleetSpec, makeFleetOptions)
exit(FleetRun(options: options).run())
