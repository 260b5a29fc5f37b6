/// One second of a run, for the report's time series and charts. Optional values are absent
/// when there was nothing to measure that second (no pong arrived, no server to ask).
public struct RunSample: Sendable, Codable, Equatable {
    /// Seconds since the fleet started, at the end of this sample's second.
    public var seconds: Double
    /// Honest bots playing.
    public var playing: Int
    public var rttP50Millis: Double?
    public var rttP99Millis: Double?
    /// Snapshot bytes received and bytes sent per playing honest bot, per second.
    public var downBytesPerBot: Double
    public var upBytesPerBot: Double
    /// The server's tick durations this second (from its histogram's change), and ticks skipped.
    public var tickP50Millis: Double?
    public var tickP99Millis: Double?
    public var skippedTicks: Double?
    /// Resident memory of the spawned server and of this bots process.
    public var serverMegabytes: Double?
    public var botsMegabytes: Double?
    /// Open file descriptors of the spawned server (sockets, the recording, the listener).
    public var serverDescriptors: Double?

    public init(seconds: Double, playing: Int, rttP50Millis: Double? = nil, rttP99Millis: Double? = nil,
                downBytesPerBot: Double = 0, upBytesPerBot: Double = 0, tickP50Millis: Double? = nil,
                tickP99Millis: Double? = nil, skippedTicks: Double? = nil, serverMegabytes: Double? = nil,
                botsMegabytes: Double? = nil) {
        self.seconds = seconds; self.playing = playing; self.rttP50Millis = rttP50Millis; self.rttP99Millis = rttP99Millis
        self.downBytesPerBot = downBytesPerBot; self.upBytesPerBot = upBytesPerBot; self.tickP50Millis = tickP50Millis
        self.tickP99Millis = tickP99Millis; self.skippedTicks = skippedTicks; self.serverMegabytes = serverMegabytes
        self.botsMegabytes = botsMegabytes
    }
}
