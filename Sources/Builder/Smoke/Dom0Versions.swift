/// The Debian package versions a smoke dom0 is made of; they name its cache folder, so a new Xen
/// or kernel upload makes a new dom0 and an unchanged archive reuses the old one.
public struct Dom0Versions: Sendable, Equatable {
    /// xen-utils-4.17 in dom0 and xen-hypervisor-4.17-amd64 on the QEMU side: one version, since
    /// libxc and the hypervisor must agree.
    public var xen: String
    /// The kernel package, e.g. "linux-image-6.1.0-56-amd64" (what linux-image-amd64 depends on).
    public var kernelPackage: String
    public var kernelVersion: String

    public init(xen: String, kernelPackage: String, kernelVersion: String) {
        self.xen = xen
        self.kernelPackage = kernelPackage
        self.kernelVersion = kernelVersion
    }

    /// The cache folder's name: only characters a Debian version may hold, plus '-' and '_'.
    public var cacheKey: String {
        let kernel =
            kernelPackage.hasPrefix("linux-image-")
            ? "linux" + kernelPackage.dropFirst("linux-image-".count) : Substring(kernelPackage)
        return "dom0-xen\(xen)-\(kernel)_\(kernelVersion)".map { c in
            c.isLetter || c.isNumber || "+-._~".contains(c) ? c : "_"
        }.reduce(into: "") { $0.append($1) }
    }

    /// The kernel's release (`uname -r`, the /lib/modules folder): the package name without
    /// "linux-image-".
    public var kernelRelease: String {
        kernelPackage.hasPrefix("linux-image-") ? String(kernelPackage.dropFirst("linux-image-".count)) : kernelPackage
    }
}

/// Reads the answers of `apt-cache` that pick the dom0's packages.
public enum AptCacheOutput {
    /// The `Candidate:` version in `apt-cache policy PACKAGE` output; nil when there is none
    /// ("(none)": the package is unknown to the configured sources).
    public static func candidate(policy text: String) -> String? {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, words[0] == "Candidate:", words[1] != "(none)" { return String(words[1]) }
        }
        return nil
    }

    /// The versioned kernel package `apt-cache depends linux-image-amd64` names
    /// ("  Depends: linux-image-6.1.0-56-amd64").
    public static func kernelPackage(depends text: String) -> String? {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count == 2, words[0] == "Depends:" else { continue }
            let name = words[1]
            if name.hasPrefix("linux-image-"), name.first(where: { $0.isNumber }) != nil,
                name.dropFirst("linux-image-".count).first?.isNumber == true
            {
                return String(name)
            }
        }
        return nil
    }
}

/// The Debian archives the host's apt reads (deb822 `.sources` files and one-line `sources.list`),
/// which the dom0 tree's apt is pointed at too: the same mirror, the same security archive.
public struct AptArchives: Sendable, Equatable {
    /// The main archive ("http://deb.debian.org/debian").
    public var mirror: String
    /// The security archive, when the host has one.
    public var security: String?

    public init(mirror: String, security: String?) {
        self.mirror = mirror
        self.security = security
    }

    /// The archives named in `texts` (the files' contents, in any order); nil when none names a
    /// `deb` archive.
    public static func parse(_ texts: [String]) -> AptArchives? {
        var uris: [String] = []
        for text in texts {
            var isDeb = true  // deb822 stanzas say Types:; a stanza without it is taken as deb
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmed(" \t")
                if line.isEmpty {
                    isDeb = true
                    continue
                }
                if line.hasPrefix("#") { continue }
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if words[0] == "Types:" { isDeb = words.dropFirst().contains("deb") }
                if words[0] == "URIs:", isDeb { uris += words.dropFirst() }
                if words[0] == "deb" {
                    // "deb [options] URI suite components"
                    if let uri = words.dropFirst().first(where: {
                        !$0.hasPrefix("[") && !$0.hasSuffix("]") && $0.contains(":")
                    }) {
                        uris.append(uri)
                    }
                }
            }
        }
        let security = uris.first { $0.contains("security") }
        guard let mirror = uris.first(where: { !$0.contains("security") }) else { return nil }
        return AptArchives(mirror: mirror, security: security)
    }

    /// The dom0 tree's /etc/apt/sources.list for bookworm.
    public var sourcesList: String {
        var lines = ["deb \(mirror) bookworm main", "deb \(mirror) bookworm-updates main"]
        if let security { lines.append("deb \(security) bookworm-security main") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension StringProtocol {
    fileprivate func trimmed(_ set: String) -> Substring {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return s
    }
}
