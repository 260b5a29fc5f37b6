import Testing
import Platform

struct IPAddressTests {
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
        ("::1", "::1"), ("[::1]", "::1"), ("2001:DB8::0:1", "2001:db8::1"), ("fe80::1", "fe80::1"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
    ])
    func parsesAndPrints(text: String, printed: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == printed)
        #expect(IPAddress(address.description) == address)
    }

    @Test(arguments: ["", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4:80", "::1%lo", "[::1", "::g", " 1.2.3.4", "01.2.3.4x"])
    func refusesWhatIsNotAnAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv4IsHeldMappedSoBothFormsAreEqual() {
        #expect(IPAddress("10.1.2.3") == IPAddress("::ffff:10.1.2.3"))
        #expect(IPAddress("10.1.2.3")?.isIPv4 == true)
        #expect(IPAddress("::1")?.isIPv4 == false)
        #expect(IPAddress("10.1.2.3")?.ipv4Bits == 0x0a01_0203)
    }

    @Test func loopback() {
        #expect(IPAddress("127.0.0.1")!.isLoopback)
        #expect(IPAddress("127.255.0.9")!.isLoopback)
        #expect(IPAddress("::1")!.isLoopback)
        #expect(!IPAddress("128.0.0.1")!.isLoopback)
        #expect(!IPAddress("::2")!.isLoopback)
    }

    @Test func masking() {
        #expect(IPAddress("2001:db8:1:2:3:4:5:6")!.masked(toPrefix: 64) == IPAddress("2001:db8:1:2::"))
        #expect(IPAddress("2001:db8:1:2:3:4:5:6")!.masked(toPrefix: 0) == IPAddress("::"))
        #expect(IPAddress("2001:db8:1:2:3:4:5:6")!.masked(toPrefix: 128) == IPAddress("2001:db8:1:2:3:4:5:6"))
        #expect(IPAddress("2001:db8:1:2:3:4:5:6")!.masked(toPrefix: 112) == IPAddress("2001:db8:1:2:3:4:5:0"))
        #expect(IPAddress("2001:db8:1:2:3:4:5:6")!.masked(toPrefix: 100) == IPAddress("2001:db8:1:2:3:4::"))
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
        ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false),
        ("192.168.1.128/25", "192.168.1.200", true), ("192.168.1.128/25", "192.168.1.127", false),
        ("0.0.0.0/0", "8.8.8.8", true), ("0.0.0.0/0", "::1", false),
        ("fd00::/8", "fd12::1", true), ("fd00::/8", "fe80::1", false), ("::1", "::1", true),
        ("::/0", "10.0.0.1", true),
    ])
    func networksContain(network: String, address: String, expected: Bool) throws {
        let block = try #require(IPNetwork(network))
        #expect(block.contains(try #require(IPAddress(address))) == expected)
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "::/129", "example.com/8", "10.0.0.0/ 8", "10.0.0.0/1234"])
    func refusesWhatIsNotANetwork(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test func networkDescriptionsKeepTheirFamily() {
        #expect(IPNetwork("10.9.8.7/8")?.description == "10.0.0.0/8")
        #expect(IPNetwork("127.0.0.1")?.description == "127.0.0.1/32")
        #expect(IPNetwork("fd00::1/8")?.description == "fd00::/8")
    }
}
