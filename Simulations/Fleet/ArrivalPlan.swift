import Simulation

/// When each bot arrives and how long it plays once seated, drawn from one seed: arrivals
/// over the first part of the run (`window`, 60 % by default), a third of them in a few
/// bursts (a match ending elsewhere, a stream going live) and the rest spread evenly at
/// random, so the allocator sees both a trickle and a crowd at once; lifetimes uniform in the
/// given range. The same seed gives the same run.
struct ArrivalPlan {
    struct Arrival {
        /// Seconds after the start.
        var at: Double
        /// Seconds of play once seated.
        var lifetime: Double
    }

    let arrivals: [Arrival]

    init(players: Int, duration: Double, window fraction: Double = 0.6, lifetime: ClosedRange<Double>, seed: UInt64) {
        var random = SeededRandom(seed: seed ^ 0xa11c_a7e5)
        func unit() -> Double { Double(random.below(1_000_001)) / 1_000_000 }
        let window = duration * fraction
        let burstCount = max(1, min(4, players / 30))
        let bursts = (0..<burstCount).map { index in
            // One burst in each equal part of the window, somewhere in its middle half.
            window * (Double(index) + 0.25 + 0.5 * unit()) / Double(burstCount)
        }
        var list: [Arrival] = []
        list.reserveCapacity(players)
        for _ in 0..<players {
            let at: Double
            if unit() < 1.0 / 3 {
                // Within a second and a half of a burst's moment.
                let center = bursts[Int(random.below(UInt32(bursts.count)))]
                at = min(window, max(0, center + (unit() - 0.5) * 3))
            } else {
                at = unit() * window
            }
            let span = lifetime.upperBound - lifetime.lowerBound
            list.append(Arrival(at: at, lifetime: lifetime.lowerBound + span * unit()))
        }
        arrivals = list.sorted { $0.at < $1.at }
    }
}
