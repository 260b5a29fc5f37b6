import Platform
extension JoinClaims {
    /// Reads and checks the claims of a token whose MAC has already been verified: types and
    /// sizes first (so a broken token reports what is broken), then the validity window.
    init(verifiedClaims claims: [String: JSONValue], now: Int64, leeway: Int64) throws(JoinTokenError) {
        // exp rounds down and nbf/iat round up: a fractional NumericDate can only shorten
        // the window.
        guard let expires = try Self.numericDate(claims, "exp", roundingUp: false) else { throw .missingExpiry }
        let notBefore = try Self.numericDate(claims, "nbf", roundingUp: true)
        let issuedAt = try Self.numericDate(claims, "iat", roundingUp: true)
        let subject = try Self.boundedString(claims, "sub")
        let name = try Self.boundedString(claims, "name")

        // Sums saturate: an exp near Int64.max never expires rather than wrapping negative.
        let (expiryLimit, expiryOverflow) = expires.addingReportingOverflow(leeway)
        if !expiryOverflow && now >= expiryLimit { throw .expired }
        let (lenientNow, nowOverflow) = now.addingReportingOverflow(leeway)
        let latestAccepted = nowOverflow ? Int64.max : lenientNow
        if let notBefore, latestAccepted < notBefore { throw .notYetValid }
        if let issuedAt, issuedAt > latestAccepted { throw .notYetValid }

        self.init(name: name, subject: subject, expires: expires, notBefore: notBefore, issuedAt: issuedAt)
    }

    private static func numericDate(_ claims: [String: JSONValue], _ claim: String,
                                    roundingUp: Bool) throws(JoinTokenError) -> Int64? {
        switch claims[claim] {
        case nil:
            return nil
        case .number(let number)?:
            guard let seconds = roundingUp ? number.ceiling : number.floor else {
                throw .malformed("\(claim) is out of range")
            }
            return seconds
        case let other?:
            throw .malformed("\(claim) must be a number, got \(other.kind)")
        }
    }

    private static func boundedString(_ claims: [String: JSONValue], _ claim: String) throws(JoinTokenError) -> String {
        switch claims[claim] {
        case nil:
            throw .missingClaim(claim)
        case .string(let value)?:
            let count = value.utf8.count
            guard count > 0 && count <= maxFieldBytes else {
                throw .malformed("\(claim) must be 1 to \(maxFieldBytes) bytes of UTF-8, got \(count)")
            }
            return value
        case let other?:
            throw .malformed("\(claim) must be a string, got \(other.kind)")
        }
    }
}
