import Platform

/// What an executable does with a running server, whatever its game: the seam that lets
/// `game-server --game NAME` hold a `GameServer<G>` chosen at run time.
public protocol GameServing: AnyObject, Sendable {
    var port: Int { get }
    var metricsPort: Int? { get }
    /// Runs the I/O loop on the calling thread until `shutdown`.
    func run()
    func shutdown(timeout: Double)
    func shutdown(timeout: Double, beforeStopping: ((@escaping () -> Void) -> Void)?)
    /// The I/O loop the server runs on (an orchestrator's client schedules its work there).
    var loop: EventLoop { get }
    func status() -> ServerStatus
    func refuseNewPlayers(_ reason: String?)
}

extension GameServer: GameServing {}
