import Foundation
import Flags
import WebSocket
import Platform
import BotKit

// flags -> options -> run; nothing else lives here.
let options = FlagParser.parseOrExit(spec: botsSpec, makeOptions)
exit(BotRun(options: options).run())
