import Testing
@testable import Auth

/// Every defect a token can have, each with the error that names it.
@Suite("Join tokens: rejections")
struct JoinTokenRejectionTests {
    typealias F = TokenFixture
    let good = F.sign(payload: F.claimsJSON())

    @Test func goodTokenIsGood() {
        #expect(F.verify(good).error == nil)
    }

    /// Any one of the signature's 256 bits flipped.
    @Test func flippedSignatureBits() throws {
        let parts = good.split(separator: ".")
        let signature = try #require(Base64URL.decode(parts[2]))
        for bit in 0..<(signature.count * 8) {
            var flipped = signature
            flipped[bit / 8] ^= 1 << (bit % 8)
            let token = parts[0] + "." + parts[1] + "." + Base64URL.encode(flipped)
            #expect(F.verify(token) == .failure(.badSignature), "bit \(bit)")
        }
    }

    @Test func payloadChangedAfterSigning() {
        let parts = good.split(separator: ".")
        let forged = b64(F.claimsJSON(name: "Admin"))
        #expect(F.verify(parts[0] + "." + forged + "." + parts[2]) == .failure(.badSignature))
        let extended = b64(F.claimsJSON(exp: F.now + 999_999))
        #expect(F.verify(parts[0] + "." + extended + "." + parts[2]) == .failure(.badSignature))
    }

    @Test func otherSignatureDefects() {
        let wrongKey = F.sign(payload: F.claimsJSON(), key: Array("another secret of thirty-two byt".utf8))
        #expect(F.verify(wrongKey) == .failure(.badSignature))
        let signingInput = good.split(separator: ".")[0] + "." + good.split(separator: ".")[1]
        #expect(F.verify(signingInput + ".") == .failure(.badSignature))  // empty signature
        #expect(F.verify(String(good.dropLast(3))) == .failure(.badSignature))  // truncated to 30 bytes
        #expect(F.verify(good + "AAAA") == .failure(.badSignature))  // too long
    }

    @Test func algNoneWithEmptySignature() {
        let token = b64(#"{"alg":"none"}"#) + "." + b64(F.claimsJSON()) + "."
        #expect(F.verify(token) == .failure(.unsupportedAlgorithm("none")))
        #expect(JoinTokenError.unsupportedAlgorithm("none").reason == #"alg must be HS256, got "none""#)
    }

    @Test(arguments: ["HS512", "HS384", "RS256", "ES256", "PS256", "hs256", "HS256 ", " HS256", "HS2560", "", "None", "NONE"])
    func otherAlgorithms(alg: String) {
        // Signed with our key: only the header can be the reason.
        let token = F.sign(header: #"{"alg":"\#(alg)","typ":"JWT"}"#, payload: F.claimsJSON())
        #expect(F.verify(token) == .failure(.unsupportedAlgorithm(alg)))
    }

    @Test func missingOrMistypedAlg() {
        let missing = F.sign(header: #"{"typ":"JWT"}"#, payload: F.claimsJSON())
        #expect(F.verify(missing) == .failure(.unsupportedAlgorithm(nil)))
        #expect(JoinTokenError.unsupportedAlgorithm(nil).reason == "alg must be HS256; the header has none")
        for value in ["256", "null", "true", #"["HS256"]"#, #"{"v":"HS256"}"#] {
            let token = F.sign(header: #"{"alg":\#(value)}"#, payload: F.claimsJSON())
            #expect(F.verify(token).isMalformed, "alg \(value)")
        }
        // Escaped spellings of "HS256" are the same string, so they are accepted.
        let escaped = F.sign(header: #"{"alg":"\u0048S256"}"#, payload: F.claimsJSON())
        #expect(F.verify(escaped).error == nil)
    }

    @Test func typAndCrit() {
        let noTyp = F.sign(header: #"{"alg":"HS256"}"#, payload: F.claimsJSON())
        #expect(F.verify(noTyp).error == nil)
        for typ in ["JOSE", "jwt", "at+jwt", ""] {
            let token = F.sign(header: #"{"alg":"HS256","typ":"\#(typ)"}"#, payload: F.claimsJSON())
            guard case .unsupportedHeader? = F.verify(token).error else {
                Issue.record("typ \(typ) gave \(F.verify(token))")
                continue
            }
        }
        let numericTyp = F.sign(header: #"{"alg":"HS256","typ":1}"#, payload: F.claimsJSON())
        #expect(F.verify(numericTyp).isMalformed)
        let crit = F.sign(header: #"{"alg":"HS256","crit":["exp"],"exp":1}"#, payload: F.claimsJSON())
        #expect(F.verify(crit) == .failure(.unsupportedHeader("crit is not supported")))
        let b64False = F.sign(header: #"{"alg":"HS256","b64":false,"crit":["b64"]}"#, payload: F.claimsJSON())
        guard case .unsupportedHeader? = F.verify(b64False).error else {
            Issue.record("RFC 7797 unencoded payload accepted")
            return
        }
    }

    @Test func missingAndMistypedClaims() {
        let noExp = F.sign(payload: #"{"name":"a","sub":"b"}"#)
        #expect(F.verify(noExp) == .failure(.missingExpiry))
        let noName = F.sign(payload: #"{"sub":"b","exp":\#(F.now + 60)}"#)
        #expect(F.verify(noName) == .failure(.missingClaim("name")))
        let noSub = F.sign(payload: #"{"name":"a","exp":\#(F.now + 60)}"#)
        #expect(F.verify(noSub) == .failure(.missingClaim("sub")))
        let cases = [
            #"{"name":"a","sub":"b","exp":"\#(F.now + 60)"}"#,            // exp as a string
            #"{"name":"a","sub":"b","exp":null}"#,
            #"{"name":"a","sub":"b","exp":1e30}"#,                        // out of range
            #"{"name":"a","sub":"b","exp":\#(F.now + 60),"nbf":"0"}"#,
            #"{"name":"a","sub":"b","exp":\#(F.now + 60),"iat":true}"#,
            #"{"name":7,"sub":"b","exp":\#(F.now + 60)}"#,
            #"{"name":"a","sub":["b"],"exp":\#(F.now + 60)}"#,
            #"{"name":"a","sub":"b","exp":1,"exp":\#(F.now + 60)}"#,      // duplicate claim
        ]
        for payload in cases {
            #expect(F.verify(F.sign(payload: payload)).isMalformed, "\(payload)")
        }
        #expect(F.verify(F.sign(payload: cases[0])) == .failure(.malformed("exp must be a number, got a string")))
    }

    @Test func malformedBase64InEachPart() {
        let header = b64(F.standardHeader)
        let payload = b64(F.claimsJSON())
        // Header: refused before the MAC is computed.
        #expect(F.verify(F.signParts(header + "=", payload)) == .failure(.malformed("header is not base64url")))
        #expect(F.verify(F.signParts("eyJ+", payload)) == .failure(.malformed("header is not base64url")))
        // Payload: signed, so the MAC passes and the decoding is what fails.
        #expect(F.verify(F.signParts(header, payload + "=")) == .failure(.malformed("payload is not base64url")))
        #expect(F.verify(F.signParts(header, "e/J9")) == .failure(.malformed("payload is not base64url")))
        #expect(F.verify(F.signParts(header, payload + "A")) == .failure(.malformed("payload is not base64url")))
        // Signature.
        #expect(F.verify(good + "=") == .failure(.malformed("signature is not base64url")))
        #expect(F.verify(String(good.dropLast()) + "+") == .failure(.malformed("signature is not base64url")))
        #expect(F.verify(good + " ") == .failure(.malformed("signature is not base64url")))
    }

    @Test func malformedJSON() {
        let badHeaders = [#"{alg:"HS256"}"#, #"{"alg":"HS256""#, "[]", "", #"{"alg":"HS256"} "x""#, #"{"alg":"HS256","alg":"none"}"#]
        for header in badHeaders {
            #expect(F.verify(F.sign(header: header, payload: F.claimsJSON())).isMalformed, "header \(header)")
        }
        let badPayloads = [#"{"exp":1,}"#, "null", "", #"{"name":"\ud800","sub":"b","exp":1}"#]
        for payload in badPayloads {
            #expect(F.verify(F.sign(payload: payload)).isMalformed, "payload \(payload)")
        }
        let reason = F.verify(F.sign(payload: #"{"exp":1,}"#)).error?.reason
        #expect(reason == "malformed token: payload is not a JSON object: expected a string key at byte 9")
    }

    @Test func wrongNumberOfParts() {
        let parts = good.split(separator: ".")
        let two = parts[0] + "." + parts[1]
        #expect(F.verify(two) == .failure(.malformed("expected three dot-separated parts, found 2")))
        #expect(F.verify(good + ".") == .failure(.malformed("expected three dot-separated parts, found more")))
        #expect(F.verify(good + "." + parts[2]).isMalformed)
        #expect(F.verify("") == .failure(.malformed("expected three dot-separated parts, found 1")))
        #expect(F.verify("abc").isMalformed)
        #expect(F.verify("..").isMalformed)
    }

    @Test func oversize() {
        let limit = 4096
        let huge = String(repeating: "A", count: limit + 1)
        #expect(F.verify(huge) == .failure(.oversize(limit: limit)))
        #expect(F.verify(String(repeating: ".", count: 100_000)) == .failure(.oversize(limit: limit)))
        #expect(F.verify(String(repeating: "A", count: limit)).isMalformed)
        #expect(JoinTokenError.oversize(limit: limit).reason == "token longer than 4096 bytes")
        // A genuine token that is too long is still refused, before its MAC is checked.
        let padded = F.sign(payload: F.claimsJSON(extra: #","pad":"\#(String(repeating: "p", count: 4000))""#))
        #expect(F.verify(padded) == .failure(.oversize(limit: limit)))
        let roomy = JoinTokenVerifier(secret: F.secret, maxTokenBytes: 8192)
        #expect(roomy.verify(padded, now: F.now).error == nil)
    }

    /// Quoted token contents in reasons cannot inject lines or run on.
    @Test func reasonsAreSafeToLog() {
        let hostile = "x\r\nFAKE LOG LINE \"quoted\" " + String(repeating: "y", count: 100)
        let reason = JoinTokenError.unsupportedAlgorithm(hostile).reason
        #expect(!reason.contains("\n") && !reason.contains("\r"))
        #expect(reason.count < 80)
        #expect(reason.hasPrefix(#"alg must be HS256, got "x\u{d}\u{a}FAKE LOG LINE \"quoted\""#))
        #expect("\(JoinTokenError.expired)" == "token expired")
    }
}
