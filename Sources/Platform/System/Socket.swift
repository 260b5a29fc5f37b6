#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// Raw socket calls, each through `systemCall` so EINTR/EAGAIN/errno handling lives in one place.
/// Descriptors are plain `Int32`s owned by whoever opened them; nothing here closes implicitly.
public enum Socket {
    /// A non-blocking listening TCP socket bound to `host:port` (an IPv4 dotted quad, an IPv6
    /// address with or without brackets, or "localhost"; port 0 picks a free port, read it back
    /// with `localPort`). `::` listens on both families (Linux's default dual stack).
    public static func listen(host: String, port: Int, backlog: Int32 = 4096) throws(SystemError) -> Int32 {
        var address = try socketAddress(host: host, port: port)
        let fd = try blockingSystemCall("socket") { csys_socket_tcp(address.family) }
        do {
            var one: Int32 = 1
            try blockingSystemCall("setsockopt(SO_REUSEADDR)") {
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            try blockingSystemCall("bind") {
                let length = address.length
                return withUnsafePointer(to: &address.storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
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
        var address = try socketAddress(host: host, port: port)
        let fd = try blockingSystemCall("socket") { csys_socket_tcp(address.family) }
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
        let length = address.length
        let result = withUnsafePointer(to: &address.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
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
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try systemCall("accept4") {
            withUnsafeMutablePointer(to: &storage) { Int(csys_accept4(fd, $0, &length)) }
        }
        guard case .processed(let newFD) = result else { return nil }
        let (address, port) = peer(of: &storage)
        return (Int32(newFD), address, port)
    }

    /// The address and port in a `sockaddr_storage` of either family. An IPv4 client of a
    /// dual-stack listener arrives IPv4-mapped, which is how `IPAddress` holds IPv4 anyway.
    static func peer(of storage: inout sockaddr_storage) -> (IPAddress, UInt16) {
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    var bytes = v6.pointee.sin6_addr
                    let (high, low) = withUnsafeBytes(of: &bytes) { raw in
                        (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
                         raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian)
                    }
                    return (IPAddress(high: high, low: low), UInt16(bigEndian: v6.pointee.sin6_port))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                (IPAddress(ipv4: UInt32(bigEndian: v4.pointee.sin_addr.s_addr)), UInt16(bigEndian: v4.pointee.sin_port))
            }
        }
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
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? Int(peer(of: &storage).1) : 0
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

    /// A socket address of the family `host` is written in: an IPv4 dotted quad, an IPv6
    /// address (brackets allowed: `[::1]`), "localhost" (127.0.0.1, whatever /etc/hosts says,
    /// so the default is the same everywhere), or another host name, looked up once with
    /// `getaddrinfo` (its first stream address). Addresses never cause a lookup.
    public static func socketAddress(host: String, port: Int) throws(SystemError) -> (storage: sockaddr_storage, length: socklen_t, family: Int32) {
        guard (0...65535).contains(port) else { throw SystemError("bind: port \(port) out of range", errno: EINVAL) }
        var storage = sockaddr_storage()
        var name = host == "localhost" ? "127.0.0.1" : host
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = UInt16(port).bigEndian
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            withUnsafeMutableBytes(of: &storage) { out in withUnsafeBytes(of: &v4) { out.copyMemory(from: $0) } }
            return (storage, socklen_t(MemoryLayout<sockaddr_in>.size), AF_INET)
        }
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 else {
            return try resolve(name, port: port)
        }
        withUnsafeMutableBytes(of: &storage) { out in withUnsafeBytes(of: &v6) { out.copyMemory(from: $0) } }
        return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size), AF_INET6)
    }

    /// A host name's first stream address, through `getaddrinfo` (files, DNS: whatever the
    /// machine is set up with). Only at start-up or for a tool's target, never per connection.
    static func resolve(_ name: String, port: Int) throws(SystemError) -> (storage: sockaddr_storage, length: socklen_t, family: Int32) {
        guard !name.isEmpty, !name.contains(":") else {
            throw SystemError("getaddrinfo(\(name)): not an IPv4 or IPv6 address or a host name", errno: EINVAL)
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw SystemError("getaddrinfo(\(name)): \(String(cString: gai_strerror(status)))", errno: EINVAL)
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let family = current.pointee.ai_family
            if let address = current.pointee.ai_addr, family == AF_INET || family == AF_INET6 {
                var storage = sockaddr_storage()
                let length = current.pointee.ai_addrlen
                withUnsafeMutableBytes(of: &storage) { out in
                    out.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
                }
                // sin_port and sin6_port sit at the same offset, right after the family.
                withUnsafeMutableBytes(of: &storage) { out in
                    out.storeBytes(of: UInt16(port).bigEndian, toByteOffset: 2, as: UInt16.self)
                }
                return (storage, length, family)
            }
            entry = current.pointee.ai_next
        }
        throw SystemError("getaddrinfo(\(name)): no IPv4 or IPv6 address", errno: EINVAL)
    }

    /// Whether `host` is a wildcard (0.0.0.0, ::, [::]): it listens on every address, and is
    /// not itself an address a browser can open.
    public static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "[0:0:0:0:0:0:0:0]"].contains(host)
    }

    /// `host:port` as a URL or a Host header writes it: IPv6 in brackets.
    public static func authority(host: String, port: Int) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
