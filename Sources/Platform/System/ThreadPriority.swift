import Glibc

/// The scheduling priority of the calling thread. Linux keeps a nice value per thread
/// (`setpriority` on a thread id), so a thread whose work may wait — the spectator thread —
/// can give way to the rooms' game threads when the cores are busy, without any privilege
/// (raising a nice value needs none). The thread id comes from `/proc/thread-self`, a link
/// to `PID/task/TID`, since Glibc does not export `gettid` to Swift.
public enum ThreadPriority {
    /// Adds `nice` (1…19) to the calling thread's nice value; false if the platform refused
    /// or has no per-thread priorities (then nothing changed).
    @discardableResult
    public static func lowerCurrentThread(by nice: Int32) -> Bool {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard length > 0 else { return false }
        let text = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let last = text.split(separator: "/").last, let tid = id_t(last) else { return false }
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid)
        guard errno == 0 else { return false }
        return setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, min(19, current + nice)) == 0
    }
}
