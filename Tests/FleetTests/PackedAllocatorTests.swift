import Testing
@testable import fleet

/// The fleet tool's pure parts: the Packed choice and the seeded arrivals (the processes and
/// bots are exercised by web/test/e2e/fleet.test.js).
@Suite struct PackedAllocatorTests {
    typealias C = PackedAllocator.Candidate

    @Test func theFullestAllocatedServerWithASeatWins() {
        let servers = [C(id: 0, phase: .allocated, seats: 120, capacity: 120, emptySince: nil),
                       C(id: 1, phase: .allocated, seats: 30, capacity: 120, emptySince: nil),
                       C(id: 2, phase: .allocated, seats: 70, capacity: 120, emptySince: nil),
                       C(id: 3, phase: .ready, seats: 0, capacity: 120, emptySince: nil)]
        #expect(PackedAllocator.choose(servers, now: 10, drainGuard: 3.5) == .allocated(2))
    }

    @Test func aReadyServerOnlyWhenNoAllocatedOneHasASeat() {
        var servers = [C(id: 0, phase: .allocated, seats: 4, capacity: 4, emptySince: nil),
                       C(id: 1, phase: .starting, seats: 0, capacity: 4, emptySince: nil),
                       C(id: 2, phase: .ready, seats: 0, capacity: 4, emptySince: nil),
                       C(id: 3, phase: .shuttingDown, seats: 0, capacity: 4, emptySince: 1)]
        #expect(PackedAllocator.choose(servers, now: 10, drainGuard: 3.5) == .allocateReady(2))
        servers[2].phase = .exited
        #expect(PackedAllocator.choose(servers, now: 10, drainGuard: 3.5) == .none)
    }

    @Test func anAllocatedServerEmptyTooLongIsAboutToDrainAndGetsNoOne() {
        let servers = [C(id: 0, phase: .allocated, seats: 0, capacity: 8, emptySince: 5),
                       C(id: 1, phase: .ready, seats: 0, capacity: 8, emptySince: nil)]
        #expect(PackedAllocator.choose(servers, now: 7, drainGuard: 3.5) == .allocated(0))
        #expect(PackedAllocator.choose(servers, now: 8.6, drainGuard: 3.5) == .allocateReady(1))
    }

    @Test func arrivalsAreSeededSortedInsideTheWindowAndLifetimesInRange() {
        let a = ArrivalPlan(players: 400, duration: 120, lifetime: 10...30, seed: 1)
        let b = ArrivalPlan(players: 400, duration: 120, lifetime: 10...30, seed: 1)
        let c = ArrivalPlan(players: 400, duration: 120, lifetime: 10...30, seed: 2)
        #expect(a.arrivals.map(\.at) == b.arrivals.map(\.at))
        #expect(a.arrivals.map(\.at) != c.arrivals.map(\.at))
        #expect(a.arrivals.count == 400)
        #expect(zip(a.arrivals, a.arrivals.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(a.arrivals.allSatisfy { (0...72).contains($0.at) && (10...30).contains($0.lifetime) })
        // Bursts: some 3-second span holds far more than the even share (400 / 72 × 3 ≈ 17).
        let busiest = stride(from: 0.0, to: 69, by: 0.5).map { start in a.arrivals.filter { (start..<start + 3).contains($0.at) }.count }.max()!
        #expect(busiest > 35)
    }
}
