import Testing
@testable import Builder

/// The recipe's `guests` list: one recipe, several guests that differ in name, hostname, address
/// and MAC only.
@Suite struct GuestListTests {
    static func recipe(
        _ guests: String, extra: String = "", network: String = #"[{"ip": "dhcp", "bridge": "xenbr0"}]"#
    ) -> [UInt8] {
        Array("""
            {"source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "size": "64M"}],
             "network": \(network), \(extra) "guests": \(guests)}
            """.utf8)
    }

    static func issues(_ bytes: [UInt8]) -> [String] {
        do {
            _ = try Recipe.decodeGuests(bytes, file: "r.json")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func eachGuestGetsItsNameHostnameAddressAndMAC() throws {
        let guests = try Recipe.decodeGuests(Self.recipe("""
            [{"name": "web1", "ip": "10.0.0.11/24"},
             {"name": "web2", "hostname": "web2.example.org", "ip": "10.0.0.12/24", "mac": "00:16:3e:00:00:12"},
             {"name": "db1", "ip": "10.0.1.21/24", "gateway": "10.0.1.1"}]
            """, network: #"[{"ip": "dhcp", "gateway": "10.0.0.1", "bridge": "xenbr0"}]"#), file: "r.json")
        #expect(guests.map(\.name) == ["web1", "web2", "db1"])
        #expect(guests.map(\.align.hostname) == ["web1", "web2.example.org", "db1"])
        #expect(guests[0].align.network[0].address == .ipv4(address: "10.0.0.11", prefix: 24))
        #expect(guests[1].align.network[0].mac == "00:16:3e:00:00:12")
        #expect(guests[2].align.network[0].address == .ipv4(address: "10.0.1.21", prefix: 24))
        #expect(guests[2].align.network[0].mac == nil)
        // The shared gateway, but where a guest gives its own.
        #expect(guests.map(\.align.network[0].gateway) == ["10.0.0.1", "10.0.0.1", "10.0.1.1"])
        // Everything else is shared.
        #expect(guests.allSatisfy { $0.disks == guests[0].disks } && guests.allSatisfy { $0.align.network[0].bridge == "xenbr0" })
    }

    @Test func mistakesNameTheGuestsPath() {
        #expect(Self.issues(Self.recipe(#"[{"name": "a"}, {"name": "a"}]"#)).contains { $0.hasPrefix("guests[1].name: the name \"a\" is already used by guests[0].name") })
        #expect(Self.issues(Self.recipe(#"[{"name": "a", "ipp": "dhcp"}]"#)).contains { $0.hasPrefix("guests[0].ipp: unknown key") && $0.contains("allowed here: name, hostname, ip, gateway, mac") })
        #expect(Self.issues(Self.recipe(#"[{"name": "a", "ip": "10.0.0.300/24"}]"#)).contains { $0.hasPrefix("guests[0].ip: ") })
        #expect(Self.issues(Self.recipe(#"[{"name": "a", "gateway": "10.0.0.1/24"}]"#)).contains { $0.hasPrefix("guests[0].gateway: ") })
        #expect(Self.issues(Self.recipe(#"[{"hostname": "a"}]"#)).contains { $0.hasPrefix("guests[0]: the key \"name\" is missing") })
        #expect(Self.issues(Self.recipe("[]")).contains { $0.hasPrefix("guests: found an empty list") })
        #expect(Self.issues(Self.recipe(#"[{"name": "a"}]"#, extra: #""name": "x","#)).contains { $0.hasPrefix("name: a recipe with \"guests\" names each guest") })
        #expect(Self.issues(Self.recipe(#"[{"name": "a"}]"#, extra: #""hostname": "x","#)).contains { $0.hasPrefix("hostname: guests sharing one hostname") })
    }

    @Test func aSingleGuestRecipeStaysOneGuest() throws {
        let one = try Recipe.decodeGuests(Array(#"{"name": "solo", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "size": "64M"}]}"#.utf8), file: "r.json")
        #expect(one.map(\.name) == ["solo"])
        #expect(one[0].align.hostname == nil)
    }
}
