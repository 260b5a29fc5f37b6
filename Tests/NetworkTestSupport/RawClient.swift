import Glibc

/// A blocking TCP client that speaks raw bytes, so tests can send exactly the malformed,
/// fragmented or split input a real peer might, and read exactly what the server answers.
public final class RawClient {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }
    public struct Frame: Equatable {
        public var fin: Bool
        public var rsv: UInt8
        public var opcode: UInt8
        public var payload: [UInt8]
        public init(fin: Bool, rsv: UInt8, opcode: UInt8, payload: [UInt8]) {
            self.fin = fin
            self.rsv = rsv
            self.opcode = opcode
            self.payload = payload
        }
        public var closeCode: UInt16? { payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil }
    }

    public let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`, from `localAddress` when given (any of 127/8 works on
    /// Linux, so a test can be several clients).
    public init(port: Int, timeout: Double = 5, localAddress: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        if let localAddress {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(localAddress)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                Glibc.close(fd)
                throw Failure(description: "bind to \(localAddress) failed: errno \(errno)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect to \(port) failed: errno \(errno)")
        }
        setTimeout(timeout)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(fd) }

    public func setTimeout(_ seconds: Double) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends `bytes` in pieces of `chunk` bytes with a short pause between, so the server sees splits.
    public func sendSlowly(_ bytes: [UInt8], chunk: Int, pauseMicroseconds: UInt32 = 200) throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            try send(Array(bytes[offset..<end]))
            offset = end
            usleep(pauseMicroseconds)
        }
    }

    /// Reads more bytes into the buffer; false on EOF.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, 65536, 0) }
        if count == 0 { return false }
        if count < 0 {
            if errno == ECONNRESET { return false }
            throw Failure(description: errno == EAGAIN ? "timed out waiting for the server" : "recv failed: errno \(errno)")
        }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    public func readHTTPHead() throws -> String {
        while true {
            if let end = findHeadEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end)
                if let length = Self.contentLength(head) {
                    while buffer.count < length { guard try fill() else { break } }
                    buffer.removeFirst(min(length, buffer.count))
                }
                return head
            }
            guard try fill() else { throw Failure(description: "EOF before the response head") }
        }
    }

    /// Reads a whole response: its status code, head and body (by Content-Length, or to EOF).
    public func readResponse() throws -> (status: Int, head: String, body: String) {
        while findHeadEnd() == nil {
            guard try fill() else { throw Failure(description: "EOF before the response head") }
        }
        let end = findHeadEnd()!
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(end)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var body: [UInt8] = []
        if status != 101 {
            if let length = Self.contentLength(head) {
                while buffer.count < length { guard try fill() else { break } }
            }
            let count = min(Self.contentLength(head) ?? buffer.count, buffer.count)
            body = Array(buffer[0..<count])
            buffer.removeFirst(count)
        }
        return (status, head, String(decoding: body, as: UTF8.self))
    }

    /// Sends an upgrade request with `extraHeaders` (each line ending in CRLF) and reads the answer.
    public func upgrade(path: String, host: String = "127.0.0.1", extraHeaders: String = "") throws -> (status: Int, head: String, body: String) {
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n"
        try send(Array(request.utf8))
        return try readResponse()
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    private static func contentLength(_ head: String) -> Int? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 && parts[0].lowercased() == "content-length" {
                return Int(parts[1].drop(while: { $0 == " " }))
            }
        }
        return nil
    }

    /// Performs a standard opening handshake and returns the response head (101 expected).
    @discardableResult
    public func handshake(path: String = "/", extraHeaders: String = "") throws -> String {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n"
        try send(Array(request.utf8))
        let head = try readHTTPHead()
        guard head.hasPrefix("HTTP/1.1 101") else { throw Failure(description: "handshake refused: \(head)") }
        return head
    }

    /// A client frame: masked with a fixed non-zero key unless `masked` is false.
    public static func frame(opcode: UInt8, payload: [UInt8], fin: Bool = true, rsv: UInt8 = 0, masked: Bool = true,
                      key: [UInt8] = [0x37, 0xfa, 0x21, 0x3d]) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            bytes.append(maskBit | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(contentsOf: [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)])
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: payload.count >> shift)) }
        }
        if masked {
            bytes.append(contentsOf: key)
            for (index, byte) in payload.enumerated() { bytes.append(byte ^ key[index & 3]) }
        } else {
            bytes.append(contentsOf: payload)
        }
        return bytes
    }

    public func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true, rsv: UInt8 = 0, masked: Bool = true) throws {
        try send(Self.frame(opcode: opcode, payload: payload, fin: fin, rsv: rsv, masked: masked))
    }

    public static func closePayload(_ code: UInt16, _ reason: String = "") -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8)
    }

    /// Reads one server frame (which must be unmasked); nil on EOF.
    public func readFrame() throws -> Frame? {
        while true {
            if buffer.count >= 2 {
                let first = buffer[0], second = buffer[1]
                guard second & 0x80 == 0 else { throw Failure(description: "server sent a masked frame") }
                var length = Int(second & 0x7F)
                var offset = 2
                if length == 126, buffer.count >= 4 {
                    length = Int(buffer[2]) << 8 | Int(buffer[3])
                    offset = 4
                } else if length == 127, buffer.count >= 10 {
                    length = 0
                    for index in 2..<10 { length = length << 8 | Int(buffer[index]) }
                    offset = 10
                } else if length >= 126 {
                    offset = -1
                }
                if offset > 0 && buffer.count >= offset + length {
                    let frame = Frame(fin: first & 0x80 != 0, rsv: (first >> 4) & 7, opcode: first & 0x0F,
                                      payload: Array(buffer[offset..<(offset + length)]))
                    buffer.removeFirst(offset + length)
                    return frame
                }
            }
            guard try fill() else { return nil }
        }
    }

    /// Reads frames until a close frame (returned) or EOF (nil), skipping data and pongs.
    public func readUntilClose() throws -> Frame? {
        while let frame = try readFrame() {
            if frame.opcode == 8 { return frame }
        }
        return nil
    }

    /// True when nothing arrives from the server (no bytes, no EOF) for `seconds`; bytes already
    /// buffered count as arrived. Used to check a server has *not* reacted yet.
    public func isQuiet(for seconds: Double) -> Bool {
        guard buffer.isEmpty else { return false }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(seconds * 1000)) == 0
    }

    /// True once the server has closed the TCP connection (EOF or reset) within the timeout.
    public func waitForEOF() -> Bool {
        while true {
            do {
                guard try fill() else { return true }
                buffer.removeAll()
            } catch {
                return false
            }
        }
    }
}
