/// Untrusted text (a token's, a peer's JSON) made safe to put in a log line or a response body.
public enum LogText {
    /// `text` in double quotes with only printable ASCII left as is, everything else as
    /// `\u{…}`, and at most 32 characters kept: token contents are attacker-chosen, and a
    /// newline in one must not forge a log line.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept == 32 {
                out += "…"
                break
            }
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(scalar)
            default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
            kept += 1
        }
        return out + "\""
    }
}
