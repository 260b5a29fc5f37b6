extension SHA256 {
    /// The eight working words. Named fields instead of an array keep them in registers.
    struct HashState: Sendable {
        var a, b, c, d, e, f, g, h: UInt32

        /// H(0) of FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square
        /// roots of the first eight primes.
        static let initial = HashState(
            a: 0x6A09_E667, b: 0xBB67_AE85, c: 0x3C6E_F372, d: 0xA54F_F53A,
            e: 0x510E_527F, f: 0x9B05_688C, g: 0x1F83_D9AB, h: 0x5BE0_CD19)

        /// Runs the compression function of §6.2.2 over every 64-byte block in `blocks`
        /// (whose count must be a multiple of 64). The message schedule is a 16-word rolling
        /// window on the stack, reused for every block; words are loaded big-endian.
        mutating func compress(blocks: UnsafeRawBufferPointer) {
            assert(blocks.count % 64 == 0, "SHA-256 compresses whole blocks")
            Self.roundConstants.withUnsafeBufferPointer { k in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
                    var offset = 0
                    while offset < blocks.count {
                        compressBlock(blocks, at: offset, k: k, w: w)
                        offset += 64
                    }
                }
            }
        }

        @inline(__always)
        private mutating func compressBlock(_ blocks: UnsafeRawBufferPointer, at offset: Int,
                                            k: UnsafeBufferPointer<UInt32>, w: UnsafeMutableBufferPointer<UInt32>) {
            var (a, b, c, d, e, f, g, h) = (self.a, self.b, self.c, self.d, self.e, self.f, self.g, self.h)
            @inline(__always)
            func round(_ t: Int, _ word: UInt32) {
                let bigSigma1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                let choose = g ^ (e & (f ^ g))  // (e ∧ f) ⊕ (¬e ∧ g), one operation fewer
                let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ word
                let bigSigma0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                let majority = (a & b) | (c & (a | b))  // (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
                h = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ bigSigma0 &+ majority
            }
            for t in 0..<16 {
                let word = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + t * 4, as: UInt32.self))
                w[t] = word
                round(t, word)
            }
            for t in 16..<64 {
                // W(t) = σ1(W(t-2)) + W(t-7) + σ0(W(t-15)) + W(t-16), indices mod 16.
                let w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15]
                let sigma1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
                let sigma0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
                let word = sigma1 &+ w[(t - 7) & 15] &+ sigma0 &+ w[t & 15]
                w[t & 15] = word
                round(t, word)
            }
            self.a &+= a; self.b &+= b; self.c &+= c; self.d &+= d
            self.e &+= e; self.f &+= f; self.g &+= g; self.h &+= h
        }

        /// K of §4.2.2: the first 32 bits of the fractional parts of the cube roots of the
        /// first sixty-four primes.
        private static let roundConstants: [UInt32] = [
            0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
            0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
            0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
            0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
            0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
            0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
            0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
            0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
        ]
    }
}

extension UInt32 {
    /// Circular right shift (`ROTR^n` in FIPS 180-4 §3.2).
    @inline(__always)
    fileprivate func rotatedRight(_ n: UInt32) -> UInt32 {
        (self >> n) | (self << (32 - n))
    }
}
