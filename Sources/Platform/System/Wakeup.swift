import Glibc
import CSystem

/// Raw eventfd and timerfd calls, grouped so the loop reads as intent, not plumbing.
enum EventFD {
    static func make() throws(SystemError) -> Int32 {
        try blockingSystemCall("eventfd") { csys_eventfd() }
    }

    /// Wakes whoever polls `fd`; a full counter (never in practice) already means "awake".
    static func signal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(fd, $0.baseAddress, 8) }
    }

    static func drain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(fd, $0.baseAddress, 8) }
    }
}

enum TimerFD {
    static func make() throws(SystemError) -> Int32 {
        try blockingSystemCall("timerfd_create") { csys_timerfd_create() }
    }

    /// Fires once at the absolute CLOCK_MONOTONIC `deadline` (ns); 0 disarms. A deadline already
    /// past fires at once through epoll, alongside any ready sockets, so a late timer never
    /// starves accepts and reads.
    static func arm(_ fd: Int32, at deadline: UInt64) throws(SystemError) {
        try blockingSystemCall("timerfd_settime") { csys_timerfd_arm_absolute(fd, deadline) }
    }

    static func drain(_ fd: Int32) {
        var expirations: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &expirations) { Glibc.read(fd, $0.baseAddress, 8) }
    }
}
