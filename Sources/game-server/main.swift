import Glibc
import Arena
import GameServer
import Platform

// flags -> configuration -> run (or print a join token); nothing else lives here.
switch GameServerOptions.fromCommandLine() {
case .serve(let configuration):
    exit(GameServerRunner.run(configuration))
case .printToken(let token):
    FileDescriptor.printLine(token, to: 1)
    exit(0)
}
