import Glibc
import Arena
import GameServer
import WebSocket

// flags -> configuration -> run; nothing else lives here.
let configuration = GameServerOptions.fromCommandLine()
exit(GameServerRunner.run(configuration))
