import Foundation

/// Shared by the Swift tests that own golden vectors (WireTests, SimulationTests).
///
/// The JSON of the golden vector files, built in code and printed deterministically (key
/// order as written, one case per line), so a regenerated file is byte-identical unless a
/// vector really changed, and its diff shows which.
public indirect enum VectorJSON {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([VectorJSON])
    case object([(String, VectorJSON)])

    public static func number<T: BinaryInteger>(_ value: T) -> VectorJSON { .int(Int64(value)) }
    /// Integers beyond a JS safe integer go as decimal strings.
    public static func bigString(_ value: UInt64) -> VectorJSON { .string(String(value)) }

    /// Compact text.
    public var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .string(let value): Self.quote(value)
        case .array(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .object(let pairs): "{" + pairs.map { Self.quote($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
        }
    }

    /// A whole file: the top-level object's keys one per line, and the items of top-level
    /// arrays one per line.
    public static func file(_ pairs: [(String, VectorJSON)]) -> String {
        var out = "{\n"
        for (index, (key, value)) in pairs.enumerated() {
            out += " " + quote(key) + ": "
            if case .array(let items) = value, !items.isEmpty {
                out += "[\n" + items.map { "  " + $0.text }.joined(separator: ",\n") + "\n ]"
            } else {
                out += value.text
            }
            out += index == pairs.count - 1 ? "\n" : ",\n"
        }
        return out + "}\n"
    }

    public static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20:
                let digits = Array("0123456789abcdef")
                out += "\\u00" + String(digits[Int(scalar.value >> 4)]) + String(digits[Int(scalar.value & 15)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Writes `text` to `web/test/vectors/<name>` when `WIRE_REGENERATE_VECTORS=1`; otherwise
/// returns whether the file already holds exactly `text` (and the file's current contents).
public func checkOrRegenerateVectors(named name: String, text: String, filePath: String = #filePath) -> (matches: Bool, existing: String) {
    let url = URL(fileURLWithPath: filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("web/test/vectors/\(name)")
    if ProcessInfo.processInfo.environment["WIRE_REGENERATE_VECTORS"] == "1" {
        try! text.write(to: url, atomically: true, encoding: .utf8)
        return (true, text)
    }
    let existing = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return (existing == text, existing)
}
