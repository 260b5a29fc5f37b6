/// Bytes accepted for a connection but not yet taken by the kernel. Empty for a healthy peer:
/// the send path writes directly and only a remainder lands here, flushed on EPOLLOUT.
/// Large capacity is released once drained so thousands of idle connections stay small.
struct OutboundBuffer {
    private var storage: [UInt8] = []
    private var readIndex = 0
    static let retainedCapacity = 64 * 1024

    var count: Int { storage.count - readIndex }
    var isEmpty: Bool { readIndex == storage.count }
    var capacity: Int { storage.capacity }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        storage.append(contentsOf: bytes)
    }

    /// Appends a frame: header, then the payload (masked on the way when `maskKey` is set).
    mutating func appendFrame(_ header: FrameHeader, payload: UnsafeRawBufferPointer) {
        let headerSize = FrameHeader.encodedSize(payloadLength: payload.count, masked: header.maskKey != nil)
        let start = storage.count
        storage.append(contentsOf: repeatElement(0, count: headerSize + payload.count))
        storage.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress! + start
            _ = header.encode(into: base)
            guard payload.count > 0 else { return }
            if let key = header.maskKey {
                Masking.copy(payload, to: base + headerSize, maskingWith: key)
            } else {
                (base + headerSize).copyMemory(from: payload.baseAddress!, byteCount: payload.count)
            }
        }
    }

    /// Calls `body` with the unsent bytes; it returns how many were sent.
    mutating func drain(_ body: (UnsafeRawBufferPointer) -> Int) {
        guard !isEmpty else { return }
        let sent = storage.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[readIndex...]))
        }
        readIndex += sent
        if readIndex == storage.count {
            if storage.capacity > Self.retainedCapacity {
                storage = []
            } else {
                storage.removeAll(keepingCapacity: true)
            }
            readIndex = 0
        } else if readIndex > 64 * 1024 && readIndex * 2 > storage.count {
            storage.removeFirst(readIndex)
            readIndex = 0
        }
    }

    mutating func removeAll() {
        storage = []
        readIndex = 0
    }
}
