import Synchronization
import WebSocket
import Platform

/// The hand-off between a room's game thread and the I/O loop for one player: the messages
/// the game thread produced for the player's socket, and what the I/O side knows about that
/// socket. The game thread only produces a snapshot when the previous output was written and
/// the socket's queue is empty, so a slow reader never gets a queue of stale snapshots: the
/// next one it gets is the newest, a delta from what it really received.
final class SessionChannel: Sendable {
    struct Outbox {
        /// Messages back to back, each preceded by its length (UInt32, native order).
        var messages: [UInt8] = []
        /// Output is waiting for the I/O thread.
        var pending = false
        /// Bytes the connection still had queued after the last flush (0 = socket keeps up).
        var backlog = 0
        /// A close the game thread asked for (stalled reader), carried out by the I/O thread.
        var closeRequest: (code: UInt16, reason: String)?
    }

    let outbox = Mutex(Outbox())
    let connection: LoopBound<WebSocketConnection>

    init(connection: LoopBound<WebSocketConnection>) {
        self.connection = connection
    }

    /// Game thread: whether the socket is free for new output (nothing waiting, nothing queued).
    func isWritable() -> Bool {
        outbox.withLock { !$0.pending && $0.backlog == 0 }
    }

    /// Game thread: hands over `messages` (already length-prefixed) if the socket is free.
    /// Returns false, changing nothing, when it is not.
    func offer(_ messages: UnsafeRawBufferPointer) -> Bool {
        outbox.withLock { box in
            guard !box.pending && box.backlog == 0 else { return false }
            box.messages.removeAll(keepingCapacity: true)
            box.messages.append(contentsOf: messages)
            box.pending = true
            return true
        }
    }

    /// Game thread: asks the I/O side to close the connection.
    func requestClose(code: UInt16, reason: String) {
        outbox.withLock { box in
            box.closeRequest = (code, reason)
            box.pending = true
        }
    }

    /// I/O thread: writes what is waiting, one WebSocket message each, and records the backlog.
    /// `spare` is the caller's reusable buffer, swapped in so no allocation happens per flush.
    func flush(spare: inout [UInt8]) {
        let connection = self.connection.value
        var closeRequest: (code: UInt16, reason: String)?
        outbox.withLock { box in
            swap(&spare, &box.messages)
            closeRequest = box.closeRequest
            box.closeRequest = nil
        }
        spare.withUnsafeBytes { raw in
            var offset = 0
            while offset + 4 <= raw.count {
                let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                offset += 4
                guard offset + length <= raw.count else { break }
                connection.send(binary: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]))
                offset += length
            }
        }
        spare.removeAll(keepingCapacity: true)
        if let closeRequest {
            connection.close(code: WebSocketCloseCode(rawValue: closeRequest.code), reason: closeRequest.reason)
        }
        let backlog = connection.queuedByteCount
        outbox.withLock { box in
            box.pending = false
            box.backlog = backlog
        }
    }

    /// I/O thread: the connection's queue drained (EPOLLOUT flushed it).
    func socketDrained() {
        outbox.withLock { $0.backlog = 0 }
    }
}

/// Appends one length-prefixed message for `SessionChannel.offer`.
@inline(__always)
func appendFramed(_ message: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
    withUnsafeBytes(of: UInt32(message.count)) { buffer.append(contentsOf: $0) }
    buffer.append(contentsOf: message)
}
