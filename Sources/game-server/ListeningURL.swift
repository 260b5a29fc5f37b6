import Glibc
import Platform

/// The address to print for a listener: what a browser on this machine can open, and for a
/// wildcard listener (0.0.0.0, ::) a note that other machines can reach it too and how.
/// `http://0.0.0.0:8080/` works in some browsers and not others, and `http://[::]:8080/` in
/// none; the loopback address of the listener's family always does.
enum ListeningURL {
    /// `http://AUTHORITY/PATH` for `host:port`, and the note for a wildcard (nil otherwise).
    static func describe(host: String, port: Int, path: String = "") -> (url: String, note: String?) {
        guard Socket.isWildcard(host) else { return ("http://\(Socket.authority(host: host, port: port))/\(path)", nil) }
        let ipv6 = host.contains(":")
        let loopback = ipv6 ? "[::1]" : "127.0.0.1"
        let every = ipv6 ? "every IPv6 address (and IPv4, dual stack)" : "every IPv4 address"
        var note = "listening on \(every)"
        if let name = hostName() {
            note += "; from another machine open http://\(Socket.authority(host: name, port: port))/\(path)"
        }
        return ("http://\(loopback):\(port)/\(path)", note)
    }

    /// This machine's name as `gethostname` reports it, if it has one.
    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(cString: buffer)
        return name.isEmpty ? nil : name
    }
}
