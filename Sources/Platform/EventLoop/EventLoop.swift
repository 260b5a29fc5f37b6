import Glibc
import Synchronization
import CSystem
import Logging

/// One epoll loop on one thread. Sockets, timers and connections registered with it are owned by
/// that thread and touched only there; other threads hand it work with `execute`, which wakes it
/// through an eventfd. Registration is open: anything that owns a descriptor (a listener, a
/// WebSocket connection, a polling session, an SDK client) conforms to `EventLoopHandler`; the
/// loop's own eventfd and timerfd are handled inline, before any handler is looked up.
public final class EventLoop: @unchecked Sendable {
    // Sendable by construction: every stored property is either immutable, guarded by `inbox`
    // or an Atomic, or owned by the loop thread (marked below) and touched only there.

    static let logger = Logger(label: "loop")

    /// Tokens of the two descriptors the loop owns; handlers' tokens always have generation ≥ 1.
    private static let wakeToken: UInt64 = 0
    private static let timerToken: UInt64 = 1

    // Owned by the loop thread.
    private let selector: PlatformSelector
    private var slots: [(any EventLoopHandler)?] = []
    private var generations: [UInt32] = []
    private var freeSlots: [Int] = []
    private var timers = TimerHeap()
    private var armedDeadline: UInt64 = 0
    private var connections: [any LoopTrackedConnection] = []
    private var sweepInterval: UInt64 = 250_000_000
    /// The time the current wake-up started; deadlines are computed from it.
    public private(set) var now: UInt64 = Monotonic.now()
    /// Shared by every connection of the loop: data is read here, parsed in place, and only a
    /// partial message is copied out. One 256 KiB buffer, not one per connection. Valid only
    /// during one handler call.
    public let readBuffer: UnsafeMutableRawBufferPointer
    /// Where small frames are assembled (header + payload) so each goes out in one `send`.
    /// Valid only during one handler call.
    public let writeScratch: UnsafeMutableRawBufferPointer
    public static let writeScratchSize = 64 * 1024
    /// Fast unpredictable numbers for masking keys and ids (loop thread only).
    public var random: FastRandom

    // Cross-thread.
    private let wakeFD: Int32
    private let timerFD: Int32
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let wakePending = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)
    private let loopThreadID = Atomic<UInt>(0)
    public let metrics = TransportMetrics()

    public init() throws(SystemError) {
        selector = try PlatformSelector(maxEvents: 1024)
        wakeFD = try EventFD.make()
        timerFD = try TimerFD.make()
        readBuffer = .allocate(byteCount: 256 * 1024, alignment: 16)
        writeScratch = .allocate(byteCount: Self.writeScratchSize, alignment: 16)
        random = FastRandom()
        try selector.register(fd: wakeFD, token: Self.wakeToken, interest: .read)
        try selector.register(fd: timerFD, token: Self.timerToken, interest: .read)
    }

    deinit {
        readBuffer.deallocate()
        writeScratch.deallocate()
        Glibc.close(wakeFD)
        Glibc.close(timerFD)
    }

    // MARK: Running

    /// True when called on the thread currently running this loop.
    public var inEventLoop: Bool { loopThreadID.load(ordering: .acquiring) == UInt(pthread_self()) }

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        loopThreadID.store(UInt(pthread_self()), ordering: .releasing)
        scheduleSweep()
        while !stopRequested.load(ordering: .acquiring) {
            armTimerIfNeeded()
            do {
                var first = true
                try selector.wait(timeoutMilliseconds: -1) { event in
                    if first {
                        // One clock read per wake-up: every event of the batch shares it.
                        self.now = Monotonic.now()
                        first = false
                    }
                    self.dispatch(event)
                }
            } catch {
                Self.logger.error("event loop wait failed: \(error)")
            }
        }
        loopThreadID.store(0, ordering: .releasing)
    }

    /// Starts the loop on a dedicated thread.
    public func startThread(name: String = "io-loop") -> PThread {
        PThread.start(name: name) { self.run() }
    }

    /// Asks the loop to return from `run()` after its current wake-up. Any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        EventFD.signal(wakeFD)
    }

    /// Runs `task` on the loop thread soon. Any thread; one eventfd write per burst of tasks.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        inbox.withLock { $0.append(task) }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            EventFD.signal(wakeFD)
        }
    }

    // MARK: Timers (loop thread only)

    /// Calls `callback` on the loop thread once `deadline` (CLOCK_MONOTONIC ns) has passed.
    @discardableResult
    public func schedule(at deadline: UInt64, _ callback: @escaping () -> Void) -> TimerHandle {
        timers.schedule(at: deadline, callback)
    }

    public func cancel(_ handle: TimerHandle) {
        timers.cancel(handle)
    }

    /// Calls `body` every `period` ns on absolute deadlines `start + k·period`, so no drift
    /// accumulates. If the loop falls behind, whole missed periods are skipped and their count
    /// passed to `body`; it never runs a backlog of late ticks. Returns a handle whose
    /// cancellation stops the series.
    public func scheduleRepeating(period: UInt64, start: UInt64? = nil,
                                  _ body: @escaping (_ tick: UInt64, _ missed: UInt64) -> Void) -> RepeatingTimer {
        let series = RepeatingTimer(loop: self, period: period, start: start ?? now + period, body: body)
        series.arm()
        return series
    }

    private func armTimerIfNeeded() {
        let next = timers.earliestDeadline() ?? 0
        guard next != armedDeadline else { return }
        armedDeadline = next
        do { try TimerFD.arm(timerFD, at: next) } catch { Self.logger.error("\(error)") }
    }

    private func runDueTimers() {
        TimerFD.drain(timerFD)
        armedDeadline = 0
        for callback in timers.popDue(now: now) { callback() }
    }

    private func scheduleSweep() {
        schedule(at: now + sweepInterval) { [unowned self] in
            self.sweepConnections()
            self.scheduleSweep()
        }
    }

    /// Enforces every connection's deadline (handshake, idle, close and stall time-outs) with one
    /// pass a quarter-second instead of a timer per connection.
    private func sweepConnections() {
        var index = 0
        while index < connections.count {
            let connection = connections[index]
            connection.checkDeadlines(now: now)
            // A connection that closed itself was swap-removed: re-examine this index.
            if index < connections.count && connections[index] === connection { index += 1 }
        }
    }

    // MARK: Registrations (loop thread only)

    /// Starts delivering `fd`'s readiness to `handler`. Returns the token to pass to
    /// `changeInterest` and `deregister`. The loop holds the handler strongly until deregistered.
    @discardableResult
    public func register(_ handler: any EventLoopHandler, fd: Int32, interest: SelectorInterest) throws(SystemError) -> UInt64 {
        assertInLoop()
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = slots.count
            slots.append(nil)
            generations.append(0)
        }
        generations[slot] &+= 1
        if generations[slot] == 0 { generations[slot] = 1 }  // generation 0 would collide with the loop's own tokens
        let token = UInt64(generations[slot]) << 32 | UInt64(slot)
        do {
            try selector.register(fd: fd, token: token, interest: interest)
        } catch {
            freeSlots.append(slot)
            throw error
        }
        slots[slot] = handler
        return token
    }

    public func changeInterest(fd: Int32, token: UInt64, interest: SelectorInterest) {
        do { try selector.reregister(fd: fd, token: token, interest: interest) } catch {
            Self.logger.error("\(error)")
        }
    }

    /// Stops delivering `fd`'s readiness; events already collected for it in this batch are
    /// dropped (the slot's generation no longer matches). Call before closing `fd`.
    public func deregister(fd: Int32, token: UInt64) {
        selector.deregister(fd: fd)
        let slot = Int(truncatingIfNeeded: token & 0xFFFF_FFFF)
        guard slot < slots.count, UInt64(generations[slot]) == token >> 32 else { return }
        slots[slot] = nil
        freeSlots.append(slot)
    }

    /// Adds a connection to the quarter-second deadline sweep and (unless it is one this
    /// process opened, `countsAsConnection` false) the open-connection count.
    public func track(_ connection: any LoopTrackedConnection) {
        connection.loopIndex = connections.count
        connections.append(connection)
        if connection.countsAsConnection { metrics.connectionOpened() } else { outgoingConnections += 1 }
    }

    public func untrack(_ connection: any LoopTrackedConnection) {
        let index = connection.loopIndex
        guard index >= 0, index < connections.count, connections[index] === connection else { return }
        let last = connections.removeLast()
        if index < connections.count {
            connections[index] = last
            last.loopIndex = index
        }
        connection.loopIndex = -1
        if connection.countsAsConnection { metrics.connectionClosed() } else { outgoingConnections -= 1 }
    }

    /// Connections peers opened to this loop's servers (loop thread only): what limits and
    /// "are all players gone" count. A client connection this process opened (an SDK sidecar's,
    /// a bot's long-poll) is swept for its deadlines but not counted.
    public var connectionCount: Int { connections.count - outgoingConnections }
    private var outgoingConnections = 0

    /// Visits every open connection (loop thread only), e.g. to close them all on shutdown.
    public func forEachConnection(_ body: (any LoopTrackedConnection) -> Void) {
        for connection in connections { body(connection) }
    }

    // MARK: Dispatch

    @inline(__always)
    private func dispatch(_ event: SelectorEvent) {
        switch event.token {
        case Self.wakeToken:
            EventFD.drain(wakeFD)
            wakePending.store(false, ordering: .releasing)
            let tasks = inbox.withLock { tasks -> [@Sendable () -> Void] in
                let taken = tasks
                tasks.removeAll(keepingCapacity: true)
                return taken
            }
            for task in tasks { task() }
        case Self.timerToken:
            runDueTimers()
        default:
            let slot = Int(truncatingIfNeeded: event.token & 0xFFFF_FFFF)
            // A slot freed earlier in this batch (and maybe reused) has a new generation: skip it.
            guard slot < slots.count, UInt64(generations[slot]) == event.token >> 32,
                  let handler = slots[slot] else { return }
            handler.handle(event)
        }
    }

    /// Traps (in every build) when loop-only API is used from another thread: such a call would
    /// race the loop's own state, and a crash with this message beats silent corruption.
    @inline(__always)
    public func assertInLoop(_ file: StaticString = #fileID, line: UInt = #line) {
        let owner = loopThreadID.load(ordering: .relaxed)
        // Before `run` starts (owner 0) the creating thread sets the loop up, as documented.
        precondition(owner == 0 || owner == UInt(pthread_self()),
                     "loop-only API used off the loop thread", file: file, line: line)
    }
}
