/// A recipe's `guests` list: several guests sharing every setting but their name, hostname and the
/// first interface's address, gateway and MAC.
extension Recipe {
    static let guestKeys = ["name", "hostname", "ip", "gateway", "mac"]

    static func decodeGuestList(_ field: JSONField, shared: Recipe, _ issues: inout [RecipeIssue]) -> [Recipe]? {
        let before = issues.count
        guard let items = field.list(&issues) else { return nil }
        if items.isEmpty {
            issues.append(RecipeIssue(field.path, "found an empty list; give at least one guest, e.g. [{\"name\": \"web1\"}]"))
            return nil
        }
        if shared.align.hostname != nil {
            issues.append(RecipeIssue("hostname", "guests sharing one hostname would clash on the network; give each guest its own in guests[i].hostname (the default is the guest's name)"))
        }
        var guests: [Recipe] = []
        var names: [String: String] = [:]
        for item in items {
            guard var obj = ObjectReader(item, &issues) else { continue }
            let nameField = obj.required("name", "the guest's name, also its output folder's name", &issues)
            let hostnameField = obj.field("hostname")
            let ipField = obj.field("ip")
            let gatewayField = obj.field("gateway")
            let macField = obj.field("mac")
            obj.reportUnknownKeys(allowed: guestKeys, &issues)
            guard let nameField, let name = decodeName(nameField, &issues) else { continue }
            if let first = names[name] {
                issues.append(RecipeIssue(nameField.path, "the name \"\(name)\" is already used by \(first); every guest needs its own name (it names its output folder)"))
                continue
            }
            names[name] = nameField.path
            var guest = shared
            guest.name = name
            if shared.profile != .none {
                guest.align.hostname = hostnameField.map { decodeHostname($0, &issues) } ?? name
            } else if let f = hostnameField ?? ipField ?? gatewayField ?? macField {
                issues.append(RecipeIssue(f.path, "profile \"none\" leaves the network settings alone; remove it or use profile \"centos4\" (or \"auto\")"))
            }
            for f in [ipField, gatewayField, macField].compactMap({ $0 }) where shared.align.network.isEmpty {
                issues.append(RecipeIssue(f.path, "the recipe's \"network\" list is empty; add an interface for the guest's address, gateway and MAC"))
            }
            if !guest.align.network.isEmpty {
                if let ipField, let ip = decodeAddress(ipField, &issues) { guest.align.network[0].address = ip }
                if let gatewayField, let gateway = decodeIPv4(gatewayField, &issues) {
                    guest.align.network[0].gateway = gateway
                }
                if let macField, let mac = decodeMAC(macField, &issues) { guest.align.network[0].mac = mac }
            }
            guests.append(guest)
        }
        return issues.count == before ? guests : nil
    }
}
