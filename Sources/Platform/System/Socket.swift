#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// Raw socket calls, each through `systemCall` so EINTR/EAGAIN/errno handling lives in one place.
/// Descriptors are plain `Int32`s owned by whoever opened them; nothing here closes implicitly.
public enum Socket {
    /// A non-blocking listening TCP socket bound to `host:port` (IPv4 dotted quad or "localhost";
    /// port 0 picks a free port, read it back with `localPort`).
    public static func listen(host: String, port: Int, backlog: Int32 = 4096) throws(SystemError) -> Int32 {
        var address = try ipv4Address(host: host, port: port)
        let fd = try blockingSystemCall("socket") { csys_socket_tcp(AF_INET) }
        do {
            var one: Int32 = 1
            try blockingSystemCall("setsockopt(SO_REUSEADDR)") {
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            try blockingSystemCall("bind") {
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            try blockingSystemCall("listen") { Glibc.listen(fd, backlog) }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Starts a non-blocking connect; completion is signalled by writability, then `pendingError`.
    /// `receiveBufferBytes` sets SO_RCVBUF and `maximumSegmentSize` TCP_MAXSEG before the SYN,
    /// so the window offered is small from the start and the peer sizes its send buffer for
    /// that segment size rather than loopback's 64 KiB one (the kernel grows a sender's buffer
    /// to about 20 segments): a test or bot playing a slow reader then fills both buffers in
    /// seconds, not minutes.
    public static func connect(host: String, port: Int, receiveBufferBytes: Int? = nil,
                               maximumSegmentSize: Int? = nil) throws(SystemError) -> Int32 {
        var address = try ipv4Address(host: host, port: port)
        let fd = try blockingSystemCall("socket") { csys_socket_tcp(AF_INET) }
        for (level, option, value, name) in [(SOL_SOCKET, SO_RCVBUF, receiveBufferBytes, "setsockopt(SO_RCVBUF)"),
                                             (Int32(IPPROTO_TCP), TCP_MAXSEG, maximumSegmentSize, "setsockopt(TCP_MAXSEG)")] {
            guard let value else { continue }
            var size = Int32(clamping: value)
            if setsockopt(fd, level, option, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
                let code = csys_errno()
                Glibc.close(fd)
                throw SystemError(name, errno: code)
            }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result < 0 {
            let code = csys_errno()
            if code != EINPROGRESS && code != EINTR {
                Glibc.close(fd)
                throw SystemError("connect", errno: code)
            }
        }
        return fd
    }

    /// Accepts one pending connection: the new descriptor and the peer's address and port, or
    /// nil when none is pending.
    public static func accept(_ fd: Int32) throws(SystemError) -> (fd: Int32, address: IPAddress, port: UInt16)? {
        var storage = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = try systemCall("accept4") {
            withUnsafeMutablePointer(to: &storage) { Int(csys_accept4(fd, $0, &length)) }
        }
        guard case .processed(let newFD) = result else { return nil }
        return (Int32(newFD), IPAddress(ipv4: UInt32(bigEndian: storage.sin_addr.s_addr)), UInt16(bigEndian: storage.sin_port))
    }

    @inline(__always)
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult {
        try systemCall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// One `send` with MSG_NOSIGNAL: a peer that went away yields EPIPE, never SIGPIPE.
    @inline(__always)
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> IOResult {
        try systemCall("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, CSYS_MSG_NOSIGNAL) }
    }

    /// Gathers two buffers in one system call (frame header + a large payload without copying it).
    public static func send(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) throws(SystemError) -> IOResult {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        return try systemCall("sendmsg") {
            withUnsafeMutablePointer(to: &vectors) { pointer in
                pointer.withMemoryRebound(to: iovec.self, capacity: 2) { iov in
                    var message = msghdr()
                    message.msg_iov = iov
                    message.msg_iovlen = 2
                    return Glibc.sendmsg(fd, &message, CSYS_MSG_NOSIGNAL)
                }
            }
        }
    }

    /// Fixes SO_SNDBUF (the kernel doubles it for bookkeeping and stops growing it).
    public static func setSendBuffer(_ fd: Int32, bytes: Int) {
        var size = Int32(clamping: bytes)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The error a non-blocking connect finished with (0 = connected).
    public static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) < 0 { return csys_errno() }
        return value
    }

    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    public static func close(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is already gone.
        _ = Glibc.close(fd)
    }

    public static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? Int(UInt16(bigEndian: storage.sin_port)) : 0
    }

    /// Raises the soft descriptor limit to the hard limit (thousands of connections need it) and returns it.
    @discardableResult
    public static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    static func ipv4Address(host: String, port: Int) throws(SystemError) -> sockaddr_in {
        guard (0...65535).contains(port) else { throw SystemError("bind: port \(port) out of range", errno: EINVAL) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        let name = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, name, &address.sin_addr) == 1 else {
            throw SystemError("inet_pton(\(host)): not an IPv4 address", errno: EINVAL)
        }
        return address
    }
}
