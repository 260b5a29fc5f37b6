import Glibc

// flags -> options -> run; nothing else lives here.
exit(EchoServerRunner.run(EchoOptions.fromCommandLine()))
