import Foundation
import Testing
@testable import Wire

/// The golden vectors shared with the JS tests (`web/test/vectors/bits.json`): every
/// case is re-encoded from its described fields and must give exactly the file's bytes,
/// then decoded back to the same values; every rejection must throw the named error.
/// Editing the encoder without regenerating the file (and the JS mirror) fails here.
@Suite struct GoldenVectorTests {
    /// Parsed with `JSONDecoder`: Linux's `JSONSerialization` rounds some doubles to a
    /// neighbouring value, which would break the exact float comparisons.
    static func load(_ key: String) -> [VectorCase] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("web/test/vectors/bits.json")
        let file = try! JSONDecoder().decode(JSONValue.self, from: try! Data(contentsOf: url))
        return file[key].array.map(VectorCase.init)
    }

    static let cases = load("cases")
    static let rejections = load("rejections")

    @Test func fileCoversEveryOp() {
        let ops = Set((Self.cases + Self.rejections).flatMap { $0.fields.map(\.op) })
        #expect(ops == ["uint", "bool", "ranged", "varuint", "varint", "align", "bytes", "string",
                        "quantized", "float", "angle", "binaryAngle", "relative", "end"])
        let kinds = Set(Self.rejections.map { $0.error!.kind })
        #expect(kinds == ["endOfData", "valueOutOfRange", "nonZeroPadding", "invalidUTF8", "trailingData"])
    }

    @Test(arguments: cases)
    func encodesToTheRecordedBytes(vector: VectorCase) {
        var writer = BitWriter()
        var counter = BitCounter()
        for field in vector.fields {
            field.write(to: &writer)
            field.measure(with: &counter)
            #expect(counter.bitCount == writer.bitCount, "\(field.op)")
        }
        #expect(writer.bitCount == vector.bitCount)
        #expect(hex(writer.finish()) == vector.hex)
    }

    @Test(arguments: cases)
    func decodesBackToTheDescribedValues(vector: VectorCase) throws {
        try BitReader.read(bytes(hex: vector.hex)) { r throws(WireError) in
            for field in vector.fields { try field.readAndCheck(from: &r) }
            #expect(r.bitCount == vector.bitCount)
            try r.finish()
        }
    }

    @Test(arguments: rejections)
    func rejectsWithTheRecordedError(vector: VectorCase) {
        let error = wireError(reading: bytes(hex: vector.hex)) { r throws(WireError) in
            for field in vector.fields { try field.readAndCheck(from: &r, valuesMatter: false) }
        }
        #expect(error?.kind == vector.error?.kind)
        #expect(error?.bitOffset == vector.error?.bitOffset)
    }
}

/// Just enough JSON for the vector file.
enum JSONValue: Decodable, Sendable {
    case bool(Bool), int(Int64), uint(UInt64), double(Double), string(String)
    case array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int64.self) { self = .int(v) }
        else if let v = try? c.decode(UInt64.self) { self = .uint(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue {
        if case .object(let o) = self, let v = o[key] { return v }
        return .null
    }

    var exists: Bool { if case .null = self { false } else { true } }
    var array: [JSONValue] { if case .array(let a) = self { a } else { [] } }
    var keys: [String] { if case .object(let o) = self { Array(o.keys) } else { [] } }
    var bool: Bool { if case .bool(let b) = self { b } else { false } }

    /// Numbers, or decimal strings for values wider than a JS safe integer.
    var int64: Int64 {
        switch self {
        case .int(let v): v
        case .uint(let v): Int64(v)
        case .string(let s): Int64(s)!
        default: preconditionFailure("not an integer: \(self)")
        }
    }

    var uint64: UInt64 {
        switch self {
        case .int(let v): UInt64(v)
        case .uint(let v): v
        case .string(let s): UInt64(s)!
        default: preconditionFailure("not an unsigned integer: \(self)")
        }
    }

    var double: Double {
        switch self {
        case .int(let v): Double(v)
        case .uint(let v): Double(v)
        case .double(let v): v
        default: preconditionFailure("not a number: \(self)")
        }
    }

    var string: String { if case .string(let s) = self { s } else { "" } }
}

/// One case or rejection of the vector file.
struct VectorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let hex: String
    let bitCount: Int
    let fields: [VectorField]
    let error: (kind: String, bitOffset: Int)?

    init(_ json: JSONValue) {
        name = json["name"].string
        hex = json["hex"].string
        bitCount = json["bitCount"].exists ? Int(json["bitCount"].int64) : -1
        fields = json["fields"].array.map(VectorField.init)
        error = json["error"].exists ? (json["error"]["kind"].string, Int(json["error"]["bitOffset"].int64)) : nil
    }

    var testDescription: String { name }
}

/// One field of a vector: the op and its parameters.
struct VectorField: Sendable {
    let json: JSONValue
    var op: String { json["op"].string }

    init(_ json: JSONValue) { self.json = json }

    private func int(_ key: String) -> Int { Int(json[key].int64) }
    private var unsigned: UInt64 { json["value"].uint64 }
    private var signed: Int64 { json["value"].int64 }
    private var flag: Bool { json["value"].bool }
    private var text: String { op == "bytes" ? json["hex"].string : json["value"].string }
    private var doubles: [String: Double] {
        var out: [String: Double] = [:]
        for key in json.keys where key != "op" { if case .string = json[key] {} else { out[key] = json[key].double } }
        return out
    }

    private var quantizedRange: QuantizedRange {
        let (min, max) = (Int32(int("min")), Int32(int("max")))
        if json["step"].exists { return QuantizedRange(min: min, max: max, step: json["step"].int64) }
        return QuantizedRange(min: min, max: max, bits: int("bits"))
    }
    private var quantizedFloat: QuantizedFloat {
        QuantizedFloat(min: doubles["min"]!, max: doubles["max"]!, bits: int("bits"))
    }

    func write(to w: inout BitWriter) {
        switch op {
        case "uint": w.write(unsigned, bits: int("bits"))
        case "bool": w.writeBool(flag)
        case "ranged": w.write(Int(signed), min: int("min"), max: int("max"))
        case "varuint": w.writeVarUInt(unsigned)
        case "varint": w.writeVarInt(signed)
        case "align": w.alignToByte()
        case "bytes": w.writeAlignedBytes(bytes(hex: text))
        case "string": w.write(text, maxBytes: int("maxBytes"))
        case "quantized":
            #expect(quantizedRange.encode(Int32(signed)) == UInt32(int("code")))
            w.write(Int32(signed), as: quantizedRange)
        case "float":
            #expect(quantizedFloat.encode(doubles["value"]!) == UInt32(int("code")))
            w.write(doubles["value"]!, as: quantizedFloat)
        case "angle":
            let q = QuantizedAngle(bits: int("bits"))
            #expect(q.encode(radians: doubles["radians"]!) == UInt32(int("code")))
            w.write(radians: doubles["radians"]!, as: q)
        case "binaryAngle":
            let q = QuantizedAngle(bits: int("bits"))
            #expect(q.encode(binaryAngle: UInt16(signed)) == UInt32(int("code")))
            w.write(binaryAngle: UInt16(signed), as: q)
        case "relative":
            if int("width") == 16 {
                w.write(UInt16(signed), relativeTo: UInt16(int("reference")))
            } else {
                w.write(UInt32(signed), relativeTo: UInt32(int("reference")))
            }
        default:
            Issue.record("unknown op \(op)")
        }
    }

    func measure(with c: inout BitCounter) {
        switch op {
        case "uint": var v = unsigned; c.serialize(&v, bits: int("bits"))
        case "bool": var v = flag; c.serialize(&v)
        case "ranged": var v = Int(signed); c.serialize(&v, min: int("min"), max: int("max"))
        case "varuint": var v = unsigned; c.serializeVarUInt(&v)
        case "varint": var v = signed; c.serializeVarInt(&v)
        case "align": c.serializeAlignment()
        case "bytes": var v = bytes(hex: text); c.serializeAlignedBytes(&v, count: v.count)
        case "string": var v = text; c.serialize(&v, maxBytes: int("maxBytes"))
        case "quantized": var v = Int32(signed); c.serialize(&v, as: quantizedRange)
        case "float": var v = doubles["value"]!; c.serialize(&v, as: quantizedFloat)
        case "angle": var v = doubles["radians"]!; c.serialize(radians: &v, as: QuantizedAngle(bits: int("bits")))
        case "binaryAngle": var v = UInt16(signed); c.serialize(binaryAngle: &v, as: QuantizedAngle(bits: int("bits")))
        case "relative":
            if int("width") == 16 {
                var v = UInt16(signed); c.serialize(&v, relativeTo: UInt16(int("reference")))
            } else {
                var v = UInt32(signed); c.serialize(&v, relativeTo: UInt32(int("reference")))
            }
        default: Issue.record("unknown op \(op)")
        }
    }

    /// Reads the field; checks the value it decodes to unless `valuesMatter` is false
    /// (rejection vectors only care where and how reading fails).
    func readAndCheck(from r: inout BitReader, valuesMatter: Bool = true) throws(WireError) {
        func check(_ ok: Bool) { if valuesMatter { #expect(ok, "\(op)") } }
        switch op {
        case "uint": check(try r.readUInt64(bits: int("bits")) == unsigned)
        case "bool": check(try r.readBool() == flag)
        case "ranged": check(try r.read(min: int("min"), max: int("max")) == Int(signed))
        case "varuint": check(try r.readVarUInt() == unsigned)
        case "varint": check(try r.readVarInt() == signed)
        case "align": try r.alignToByte()
        case "bytes": check(hex(try r.readAlignedBytes(count: text.utf8.count / 2)) == text)
        case "string": check(try r.readString(maxBytes: int("maxBytes")) == text)
        case "quantized": check(try r.read(quantizedRange) == Int32(int("decoded")))
        case "float": check(try r.read(quantizedFloat) == doubles["decoded"]!)
        case "angle": check(try r.readRadians(QuantizedAngle(bits: int("bits"))) == doubles["decoded"]!)
        case "binaryAngle": check(try r.readBinaryAngle(QuantizedAngle(bits: int("bits"))) == UInt16(int("decoded")))
        case "relative":
            if int("width") == 16 {
                check(try r.read(relativeTo: UInt16(int("reference"))) == UInt16(signed))
            } else {
                check(try r.read(relativeTo: UInt32(int("reference"))) == UInt32(signed))
            }
        case "end": try r.finish()
        default: Issue.record("unknown op \(op)")
        }
    }
}
