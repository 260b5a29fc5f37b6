#if os(Linux)
import Glibc
import CSystem

/// Level-triggered epoll. Level triggering is deliberate: a connection reads at most a bounded
/// amount per wake-up for fairness, and epoll simply reports it again while data remains.
struct EpollSelector: IOSelector, ~Copyable {
    private let epollFD: Int32
    private let events: UnsafeMutablePointer<csys_event>
    private let maxEvents: Int

    init(maxEvents: Int = 1024) throws(SystemError) {
        epollFD = try blockingSystemCall("epoll_create1") { csys_epoll_create() }
        self.maxEvents = maxEvents
        events = .allocate(capacity: maxEvents)
    }

    deinit {
        events.deallocate()
        Glibc.close(epollFD)
    }

    private static func mask(_ interest: SelectorInterest) -> UInt32 {
        var bits = CSYS_EPOLLRDHUP
        if interest.contains(.read) { bits |= CSYS_EPOLLIN }
        if interest.contains(.write) { bits |= CSYS_EPOLLOUT }
        return bits
    }

    func register(fd: Int32, token: UInt64, interest: SelectorInterest) throws(SystemError) {
        try blockingSystemCall("epoll_ctl(ADD)") {
            csys_epoll_ctl(epollFD, CSYS_EPOLL_CTL_ADD, fd, Self.mask(interest), token)
        }
    }

    func reregister(fd: Int32, token: UInt64, interest: SelectorInterest) throws(SystemError) {
        try blockingSystemCall("epoll_ctl(MOD)") {
            csys_epoll_ctl(epollFD, CSYS_EPOLL_CTL_MOD, fd, Self.mask(interest), token)
        }
    }

    func deregister(fd: Int32) {
        // Closing the descriptor removes it too; this only matters while it stays open.
        _ = csys_epoll_ctl(epollFD, CSYS_EPOLL_CTL_DEL, fd, 0, 0)
    }

    func wait(timeoutMilliseconds: Int32, _ body: (SelectorEvent) -> Void) throws(SystemError) {
        let result = try systemCall("epoll_wait") {
            Int(csys_epoll_wait(epollFD, events, Int32(maxEvents), timeoutMilliseconds))
        }
        guard case .processed(let count) = result else { return }
        for index in 0..<count {
            let flags = events[index].events
            body(SelectorEvent(
                token: events[index].data,
                readable: flags & (CSYS_EPOLLIN | CSYS_EPOLLRDHUP) != 0,
                writable: flags & CSYS_EPOLLOUT != 0,
                failed: flags & (CSYS_EPOLLERR | CSYS_EPOLLHUP) != 0))
        }
    }
}
#endif
