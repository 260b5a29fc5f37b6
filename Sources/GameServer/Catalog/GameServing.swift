/// What an executable does with a running server, whatever its game: the seam that lets
/// `game-server --game NAME` hold a `GameServer<G>` chosen at run time.
public protocol GameServing: AnyObject, Sendable {
    var port: Int { get }
    var metricsPort: Int? { get }
    /// Runs the I/O loop on the calling thread until `shutdown`.
    func run()
    func shutdown(timeout: Double)
}

extension GameServer: GameServing {}
