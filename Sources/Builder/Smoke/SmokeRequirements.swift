/// The host programs `builder smoke` runs, each with the Debian package that has it. `./build.sh`
/// installs only what building and baking need; `./build.sh test` installs these too.
public enum SmokeRequirements {
    public struct Program: Equatable, Sendable {
        /// A name looked up on PATH and in the sbin folders, or an absolute path.
        public var name: String
        public var package: String
    }

    public static let programs: [Program] = [
        Program(name: "qemu-system-x86_64", package: "qemu-system-x86"),
        Program(name: "/bin/busybox", package: "busybox-static"),
        Program(name: "debootstrap", package: "debootstrap"),
        Program(name: "dpkg-deb", package: "dpkg"),
        Program(name: "apt-cache", package: "apt"),
        Program(name: "apt-get", package: "apt"),
        Program(name: "depmod", package: "kmod"),
        Program(name: "chroot", package: "coreutils"),
        Program(name: "mount", package: "mount"),
        Program(name: "umount", package: "mount"),
    ]

    /// The packages (each once, in the table's order) of the programs `isInstalled` does not find.
    public static func missingPackages(isInstalled: (String) -> Bool) -> [String] {
        var packages: [String] = []
        for program in programs where !isInstalled(program.name) && !packages.contains(program.package) {
            packages.append(program.package)
        }
        return packages
    }
}
