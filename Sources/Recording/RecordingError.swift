/// Why a recording could not be read (further): what was wrong and at which byte of the file,
/// so a user can tell a crash's cut-off tail from damage or a file that is not a recording.
public struct RecordingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file ends inside a chunk: the recording was cut off (a crash, a full disk).
        case truncated
        /// A checksum, length or content is wrong: the bytes were changed after writing.
        case damaged
        /// Not a recording at all (wrong magic).
        case foreign
        /// A recording, but of a format version or game this program cannot replay.
        case unsupported
        /// The file could not be opened or read.
        case io
    }

    public var kind: Kind
    /// Byte offset in the file where the problem starts.
    public var offset: Int
    public var problem: String

    public init(_ kind: Kind, at offset: Int, _ problem: String) {
        self.kind = kind
        self.offset = offset
        self.problem = problem
    }

    public var description: String { "\(kind) at byte \(offset): \(problem)" }
}
