import Glibc
import Platform

/// Reads a server's /metrics (Prometheus text) into "name{labels}" → value.
public enum MetricsScrape {
    public static func fetch(host: String = "127.0.0.1", port: Int) -> [String: Double] {
        guard let body = httpGet(host: host, port: port, path: "/metrics") else { return [:] }
        var values: [String: Double] = [:]
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }

    /// A blocking HTTP/1.1 GET returning the body, or nil.
    public static func httpGet(host: String, port: Int, path: String, timeoutSeconds: Int = 5) -> String? {
        httpRequest(method: "GET", host: host, port: port, path: path, timeoutSeconds: timeoutSeconds)
    }

    /// A blocking HTTP/1.1 request (with `body` as JSON when given) returning the body of a
    /// 200 answer, or nil for any other answer or failure. Set-up and control code only.
    public static func httpRequest(method: String, host: String, port: Int, path: String, body: String? = nil,
                                   timeoutSeconds: Int = 5) -> String? {
        guard var address = try? Socket.socketAddress(host: host, port: port) else { return nil }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let length = address.length
        let connected = withUnsafePointer(to: &address.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { return nil }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(Socket.authority(host: host, port: port))\r\nConnection: close\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        let request = Array((head + "\r\n" + (body ?? "")).utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return nil }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response.append(contentsOf: chunk[0..<count])
        }
        let text = String(decoding: response, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200"), let split = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[split.upperBound...])
    }
}
