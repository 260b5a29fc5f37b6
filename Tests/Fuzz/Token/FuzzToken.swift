import Auth
import FuzzSupport
import Platform

/// libFuzzer target: join tokens (JoinTokenVerifier over untrusted bytes, JoinTokenMinter),
/// base64url, and the strict JSON reader under both (JSONObjectReader, also what reads an
/// Engine.IO handshake and the Agones SDK's answers).
///
/// Invariants: no trap; a token verifies only if its third part is the base64url of the
/// HMAC-SHA-256 of the first two under the secret (checked here independently), and then its
/// claims are in bounds and valid at `now`; a minted token, changed in any byte (edits the
/// fuzzer picks), never verifies, and unchanged verifies to exactly its claims; minting any
/// claims gives a token that verifies exactly when the claims are in bounds and valid at
/// `now`, and then to the same claims (the minter's JSON escaping and the reader agree);
/// base64url is canonical, so decode→encode gives the same text and encode→decode the same
/// bytes; a JSON document that parses re-serializes (keys sorted, strings re-escaped) to one
/// that parses to the same tree, its depth is within the limit, it parses with a limit of
/// exactly its depth and not one less, and the flat reader agrees with the tree. Input byte 0
/// picks the mode (low 2 bits) and the minted token's claims.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzToken(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 1)
    let choice = input.choices.first ?? 0
    switch choice & 3 {
    case 0: checkRandomToken(input.payload)
    case 1: checkMutatedToken(input.payload, claims: TokenFixture.claims[Int(choice >> 2) % TokenFixture.claims.count])
    case 2: checkMinted(input.payload)
    default:
        checkBase64URL(input.payload)
        checkJSON(input.payload)
    }
    return 0
}

enum TokenFixture {
    static let secret = Array("fuzz-secret: not a real one, 32+".utf8)
    static let now: Int64 = 1_800_000_000
    static let verifier = JoinTokenVerifier(secret: secret)
    static let minter = JoinTokenMinter(secret: secret)
    static let key = HMACSHA256.Key(secret)
    static let claims: [JoinClaims] = [
        JoinClaims(name: "alice", subject: "user-1", expires: now + 3600),
        JoinClaims(name: "Zoë ☃ \"q\" \\", subject: "sub\n\u{1}", expires: now + 60, notBefore: now - 10, issuedAt: now - 10),
        JoinClaims(name: String(repeating: "x", count: 64), subject: "s", expires: Int64.max, notBefore: Int64.min, issuedAt: now),
    ]
}

func checkRandomToken(_ bytes: [UInt8]) {
    let result = bytes.withUnsafeBytes { TokenFixture.verifier.verify($0, now: TokenFixture.now) }
    guard case .success(let claims) = result else { return }
    let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    fuzzRequire(parts.count == 3, "a token of \(parts.count) parts verified")
    let signed = Array(bytes[..<(parts[2].startIndex - 1)])
    let mac = Array(HMACSHA256.authenticationCode(for: signed, key: TokenFixture.key))
    fuzzRequire(Base64URL.decode(String(decoding: parts[2], as: UTF8.self)) == mac, "a token verified without its MAC")
    checkValid(claims)
}

/// What the verifier promises of claims it returns.
func checkValid(_ claims: JoinClaims) {
    fuzzRequire((1...JoinClaims.maxFieldBytes).contains(claims.name.utf8.count), "name of \(claims.name.utf8.count) bytes")
    fuzzRequire((1...JoinClaims.maxFieldBytes).contains(claims.subject.utf8.count), "sub of \(claims.subject.utf8.count) bytes")
    fuzzRequire(expectedValid(claims), "claims \(claims) verified outside their window")
}

/// The validity window, written out independently of the verifier (leeway 5 s, saturating).
func expectedValid(_ claims: JoinClaims) -> Bool {
    let now = TokenFixture.now, leeway = TokenFixture.verifier.leewaySeconds
    let expiry = claims.expires > Int64.max - leeway ? Int64.max : claims.expires + leeway
    if claims.expires <= Int64.max - leeway && now >= expiry { return false }
    if let notBefore = claims.notBefore, now + leeway < notBefore { return false }
    if let issuedAt = claims.issuedAt, issuedAt > now + leeway { return false }
    return (1...JoinClaims.maxFieldBytes).contains(claims.name.utf8.count)
        && (1...JoinClaims.maxFieldBytes).contains(claims.subject.utf8.count)
}

/// Edits, three bytes each: operation (top 2 bits) and position (the other 14 bits, modulo
/// the length), and a value: flip bits (xor, never 0), insert, delete, or cut there.
func checkMutatedToken(_ edits: [UInt8], claims: JoinClaims) {
    let original = Array(TokenFixture.minter.mint(claims).utf8)
    var token = original
    var i = 0
    while i + 3 <= edits.count && !token.isEmpty {
        let position = (Int(edits[i] & 0x3F) << 8 | Int(edits[i + 1])) % token.count
        let value = edits[i + 2]
        switch edits[i] >> 6 {
        case 0: token[position] ^= value == 0 ? 1 : value
        case 1: token.insert(value, at: position)
        case 2: token.remove(at: position)
        default: token.removeSubrange(position...)
        }
        i += 3
    }
    let result = token.withUnsafeBytes { TokenFixture.verifier.verify($0, now: TokenFixture.now) }
    if token == original {
        fuzzRequire(result == .success(claims), "the minted token does not verify: \(result)")
    } else if case .success(let verified) = result {
        fuzzRequire(false, "a changed token verified, claims \(verified), token \(String(decoding: token, as: UTF8.self))")
    }
}

/// Claims from the bytes: name and sub (a length byte, then that many bytes, as UTF-8 with
/// repairs), exp, then nbf and iat each behind a flag byte (bit 0), all little-endian.
func checkMinted(_ bytes: [UInt8]) {
    var reader = bytes[...]
    func take(_ n: Int) -> [UInt8] {
        let part = Array(reader.prefix(n)); reader = reader.dropFirst(n); return part
    }
    func int64() -> Int64 {
        take(8).enumerated().reduce(Int64(0)) { $0 | Int64($1.element) << (8 * $1.offset) }
    }
    let name = String(decoding: take(Int(take(1).first ?? 0) % 80), as: UTF8.self)
    let subject = String(decoding: take(Int(take(1).first ?? 0) % 80), as: UTF8.self)
    let expires = int64()
    let notBefore: Int64? = (take(1).first ?? 0) & 1 == 1 ? int64() : nil
    let issuedAt: Int64? = (take(1).first ?? 0) & 1 == 1 ? int64() : nil
    let claims = JoinClaims(name: name, subject: subject, expires: expires, notBefore: notBefore, issuedAt: issuedAt)
    let token = TokenFixture.minter.mint(claims)
    let result = TokenFixture.verifier.verify(token, now: TokenFixture.now)
    if expectedValid(claims) {
        fuzzRequire(result == .success(claims), "minted \(claims) verifies as \(result)")
    } else if case .success = result {
        fuzzRequire(false, "minted \(claims) verified though it is not valid")
    }
}

func checkBase64URL(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    if let decoded = bytes.withUnsafeBytes({ Base64URL.decode($0) }) {
        fuzzRequire(Base64URL.encode(decoded) == text, "base64url \(text) re-encodes as \(Base64URL.encode(decoded))")
        fuzzRequire(Base64URL.decode(text) == decoded, "the string and buffer decoders disagree")
    }
    let encoded = Base64URL.encode(bytes)
    fuzzRequire(Base64URL.decode(encoded) == bytes, "base64url of \(bytes) does not decode back")
    fuzzRequire(encoded.utf8.count == (bytes.count * 4 + 2) / 3, "unpadded length")
}

func checkJSON(_ bytes: [UInt8]) {
    let limit = JSONObjectReader.defaultMaxDepth
    let tree = JSONObjectReader.parseTree(bytes)
    let flat = JSONObjectReader.parse(bytes)
    guard case .success(let parsed) = tree else {
        guard case .failure = flat else { fuzzRequire(false, "the flat reader took what the tree reader refused"); return }
        return
    }
    guard case .object(let members) = parsed else { fuzzRequire(false, "the top level is not an object"); return }
    fuzzRequire(flat == .success(members.mapValues { JSONValue($0) }), "the flat reader disagrees with the tree")
    let depth = parsed.depth
    fuzzRequire(depth <= limit, "depth \(depth) over the limit \(limit)")
    if case .failure = JSONObjectReader.parseTree(bytes, maxDepth: depth) { fuzzRequire(false, "refused at its own depth \(depth)") }
    if depth > 1, case .success = JSONObjectReader.parseTree(bytes, maxDepth: depth - 1) {
        fuzzRequire(false, "parsed with a limit below its depth \(depth)")
    }
    let again = Array(parsed.serialized.utf8)
    fuzzRequire(JSONObjectReader.parseTree(again) == .success(parsed), "re-serialized JSON \(parsed.serialized) parses differently")
}

extension JSONTree {
    /// Containers count 1 each, the top-level object included (as `maxDepth` counts).
    var depth: Int {
        switch self {
        case .array(let items): 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): 1 + (members.values.map(\.depth).max() ?? 0)
        default: 0
        }
    }

    var serialized: String {
        switch self {
        case .string(let s): JSONString.quoted(s)
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map(\.serialized).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { JSONString.quoted($0.key) + ":" + $0.value.serialized }.joined(separator: ",") + "}"
        }
    }
}

@_cdecl("fuzz_token_main")
public func fuzzTokenMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzzMain(argc, argv) { data, size in fuzzToken(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
