import Glibc
import Arena
import GameServer
import Platform

// flags -> configuration -> run; nothing else lives here.
let configuration = GameServerOptions.fromCommandLine()
exit(GameServerRunner.run(configuration))
