import Glibc
import GameServer
import Platform

// flags -> configuration -> run (or print a join token); nothing else lives here.
switch GameServerOptions.fromCommandLine() {
case .serve(let game, let configuration, let agones):
    exit(GameServerRunner.run(game, configuration, agones: agones))
case .printToken(let token):
    FileDescriptor.printLine(token, to: 1)
    exit(0)
}
