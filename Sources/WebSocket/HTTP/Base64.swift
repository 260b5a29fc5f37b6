import Platform

/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4), strict (see
/// `Base64Codec`): it validates `Sec-WebSocket-Key`, where "a valid base64 of exactly 16
/// bytes" must have one spelling, and Engine.IO's `b` packets, whose bytes are untrusted.
/// Every accepted string is the canonical encoding of its bytes: `encode(decode(s)!) == s`.
public enum Base64 {
    public static func encodedCount(_ count: Int) -> Int { Base64Codec.standard.encodedCount(count) }

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        Array(bytes).withUnsafeBytes { encode($0, appendingTo: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `input` to `out`.
    public static func encode(_ input: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        Base64Codec.standard.encode(input, appendingTo: &out)
    }

    /// The decoded bytes, or nil unless `string` is canonical padded base64.
    public static func decode(_ string: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = Array(string.utf8).withUnsafeBytes { decode($0, into: &out) }
        return ok ? out : nil
    }

    /// Decodes `input` into `out` (replacing its contents); false unless `input` is canonical.
    public static func decode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        Base64Codec.standard.decode(input, into: &out)
    }
}
