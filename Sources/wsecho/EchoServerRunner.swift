import Glibc
import Logging
import WebSocket
import Platform

/// Builds the loop, server and service from the options and runs until SIGINT/SIGTERM, then
/// closes every client with 1001 and returns once they are gone (or after two seconds).
enum EchoServerRunner {
    static func run(_ options: EchoOptions) -> Int32 {
        Socket.raiseDescriptorLimit()
        let loop: EventLoop
        let server: WebSocketServer
        let service: EchoService
        do {
            loop = try EventLoop()
            var transport = WebSocketConfiguration()
            transport.maxMessageSize = options.maxMessage
            // An echo of the largest message must fit in the queue with room to spare.
            transport.maxOutboundBytes = max(transport.maxOutboundBytes, 2 * options.maxMessage + (1 << 20))
            // An echo holds no one's credentials, so any page may use it; and conformance
            // suites count every frame, so the server sends no unsolicited pings.
            transport.handshakePolicy.origins = .any
            transport.pingInterval = 0
            service = EchoService(loop: loop, tickBytes: options.tickBytes, fanOut: options.tickHz != nil)
            server = try WebSocketServer(loop: loop, host: options.host, port: options.port, configuration: transport) { [service] _ in
                .webSocket(service.connection())
            }
            try server.start()
        } catch {
            Output.standardError("error: cannot listen on \(options.host):\(options.port): \(error)\n")
            return 1
        }
        var ticker: RepeatingTimer?
        if let hz = options.tickHz {
            ticker = loop.scheduleRepeating(period: UInt64((1e9 / hz).rounded())) { tick, missed in
                service.tick(number: tick, missed: missed)
            }
        }
        let bound = LoopBound((server, ticker), loop: loop)
        TerminationSignals.install { _ in
            bound.loop.execute {
                let (server, ticker) = bound.value
                ticker?.cancel()
                server.stopListening()
                server.closeAll(code: .goingAway, reason: "server shutting down")
                let deadline = server.loop.now + 2_000_000_000
                waitForClients(server.loop, until: deadline)
            }
        }
        let mode = options.tickHz.map { "fan-out \($0) Hz x \(options.tickBytes) bytes" } ?? "echo"
        Output.standardOutput("wsecho listening on ws://\(options.host):\(server.port)/ (\(mode), max message \(options.maxMessage) bytes)\n")
        loop.run()
        let metrics = loop.metrics
        Output.standardError("wsecho stopped: ticks=\(service.ticks) skipped=\(service.skippedTicks) dropped_frames=\(service.framesDropped) messages_in=\(metrics.messagesIn.load(ordering: .relaxed)) messages_out=\(metrics.messagesOut.load(ordering: .relaxed))\n")
        return 0
    }

    private static func waitForClients(_ loop: EventLoop, until deadline: UInt64) {
        if loop.connectionCount == 0 || loop.now >= deadline {
            loop.stop()
        } else {
            loop.schedule(at: loop.now + 20_000_000) { waitForClients(loop, until: deadline) }
        }
    }
}
