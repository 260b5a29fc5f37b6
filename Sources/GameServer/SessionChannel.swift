import Synchronization
import Platform

/// The hand-off between a producer thread (a room's game thread, the replay thread) and the
/// I/O loop for one player: the messages produced for the player's connection, and what the
/// I/O side knows about that connection. The producer only makes a snapshot when the previous
/// output was written and nothing is queued, so a slow reader never gets a queue of stale
/// snapshots: the next one it gets is the newest, a delta from what it really received.
///
/// Transport-neutral: the connection is any `MessageConnection`. Per snapshot tick the
/// producer reads one atomic (`isWritable`) and, if free, takes the lock once to swap its
/// messages in; the I/O side takes the lock once to swap them out.
final class SessionChannel: Sendable {
    struct Outbox {
        /// Messages back to back, each preceded by its length (UInt32, native order).
        var messages: [UInt8] = []
        /// A close the producer asked for (stalled reader, shutdown), carried out by the I/O thread.
        var closeRequest: (code: UInt16, reason: String)?
    }

    /// Bits of `state`: output waits for the I/O thread / the connection still had bytes
    /// queued after the last flush. The producer may offer only when both are clear.
    private static let pendingBit = 1
    private static let backlogBit = 2

    private let outbox = Mutex(Outbox())
    private let state = Atomic<Int>(0)
    let connection: LoopBound<any MessageConnection>

    init(connection: any MessageConnection) {
        self.connection = LoopBound(connection, loop: connection.loop)
    }

    /// Producer: whether the connection is free for new output (nothing waiting, nothing queued).
    @inline(__always)
    func isWritable() -> Bool { state.load(ordering: .acquiring) == 0 }

    /// Producer: hands over `messages` (already length-prefixed) if the connection is free.
    /// Returns false, changing nothing, when it is not.
    func offer(_ messages: UnsafeRawBufferPointer) -> Bool {
        // Only the producer sets the pending bit, so a free channel stays free until it does.
        guard state.load(ordering: .acquiring) == 0 else { return false }
        outbox.withLock { box in
            box.messages.removeAll(keepingCapacity: true)
            box.messages.append(contentsOf: messages)
        }
        state.bitwiseOr(Self.pendingBit, ordering: .releasing)
        return true
    }

    /// Producer: asks the I/O side to close the connection (after what is already waiting).
    func requestClose(code: UInt16, reason: String) {
        outbox.withLock { $0.closeRequest = (code, reason) }
        state.bitwiseOr(Self.pendingBit, ordering: .releasing)
    }

    /// I/O thread: writes what is waiting, one message each, and records the backlog.
    /// `spare` is the caller's reusable buffer, swapped in so no allocation happens per flush.
    func flush(spare: inout [UInt8]) {
        let connection = self.connection.value
        let closeRequest = outbox.withLock { box -> (code: UInt16, reason: String)? in
            swap(&spare, &box.messages)
            defer { box.closeRequest = nil }
            return box.closeRequest
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
        if let closeRequest { connection.closeConnection(code: closeRequest.code, reason: closeRequest.reason) }
        if connection.queuedByteCount > 0 {
            state.bitwiseOr(Self.backlogBit, ordering: .relaxed)
        }
        state.bitwiseAnd(~Self.pendingBit, ordering: .releasing)
    }

    /// I/O thread: the connection's queue drained (the transport flushed it).
    func socketDrained() {
        state.bitwiseAnd(~Self.backlogBit, ordering: .releasing)
    }
}

/// Appends one length-prefixed message for `SessionChannel.offer`.
@inline(__always)
func appendFramed(_ message: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
    withUnsafeBytes(of: UInt32(message.count)) { buffer.append(contentsOf: $0) }
    buffer.append(contentsOf: message)
}
