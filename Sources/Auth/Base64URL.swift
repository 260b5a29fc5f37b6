import Platform

/// Base64url without padding (RFC 4648 §5, as JWS compact serialization uses it, RFC 7515 §2),
/// strict (see `Base64Codec`): it rejects `=`, the standard alphabet's `+` and `/`, whitespace,
/// a length that leaves a lone sextet, and non-zero unused bits in the last character. A token
/// then has exactly one valid form, and what the MAC covers is what we read.
public enum Base64URL {
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        Base64Codec.url.encode(bytes, appendingTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Array(bytes).withUnsafeBytes { encode($0) }
    }

    /// The decoded bytes, or nil unless `text` is canonical unpadded base64url.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        return Base64Codec.url.decode(text, into: &out) ? out : nil
    }

    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0)) }) {
            return decoded
        }
        return Array(text.utf8).withUnsafeBytes { decode($0) }
    }
}
