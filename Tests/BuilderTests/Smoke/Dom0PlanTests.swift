import Testing

@testable import Builder

/// The dom0 plan: cache names, the QEMU command line, the accelerator choice, and apt's answers
/// read from the host's real apt-cache and sources.
@Suite struct Dom0PlanTests {
    static let versions = Dom0Versions(
        xen: "4.17.7+13-g2445b30a44-0+deb12u1", kernelPackage: "linux-image-6.1.0-56-amd64", kernelVersion: "6.1.192-2")

    @Test func theCacheKeyNamesEveryVersion() {
        let v = Self.versions
        #expect(v.cacheKey == "dom0-xen4.17.7+13-g2445b30a44-0+deb12u1-linux6.1.0-56-amd64_6.1.192-2")
        #expect(v.kernelRelease == "6.1.0-56-amd64")
        var other = v
        other.kernelVersion = "6.1.193-1"
        #expect(other.cacheKey != v.cacheKey)
        other.xen = "4.17/../x y"
        #expect(!other.cacheKey.contains("/") && !other.cacheKey.contains(" "))
    }

    @Test func qemuStartsXenWithDom0AndTwoDisks() throws {
        let plan = Dom0Plan(versions: Self.versions, cacheRoot: "/c")
        let args = try plan.qemuArguments(
            accelerator: .tcg, dom0Image: "/c/d.img", dom0Initramfs: "/c/i.img", guestDisk: "/r/g.img",
            serialLog: "/r/s.log")
        func after(_ option: String) -> [String] {
            args.indices.filter { args[$0] == option }.map { args[$0 + 1] }
        }
        #expect(after("-accel") == ["tcg,thread=multi"] && after("-cpu") == ["qemu64"])
        #expect(after("-kernel") == [plan.folder + "/xen-4.17-amd64"])
        #expect(after("-append") == [Dom0Plan.xenCommandLine])
        #expect(!Dom0Plan.xenCommandLine.contains("noreboot") && args.contains("-no-reboot"))
        #expect(
            after("-initrd") == [
                plan.folder + "/kernel/boot/vmlinuz-6.1.0-56-amd64 \(Dom0Plan.dom0CommandLine),/c/i.img"
            ])
        #expect(
            after("-drive") == ["file=/c/d.img,if=virtio,format=raw,snapshot=on", "file=/r/g.img,if=virtio,format=raw"])
        #expect(after("-serial") == ["file:/r/s.log"])
        #expect(Dom0Plan.dom0CommandLine.contains("smoke.init=" + SmokeScripts.dom0InitPath))
        let kvm = try plan.qemuArguments(
            accelerator: .kvm, dom0Image: "/c/d.img", dom0Initramfs: "/c/i.img", guestDisk: "/r/g.img",
            serialLog: "/r/s.log")
        #expect(Array(kvm.prefix(4)) == ["-accel", "kvm", "-cpu", "host"])
    }

    @Test func aCommaInAPathIsRefused() {
        let plan = Dom0Plan(versions: Self.versions, cacheRoot: "/c")
        #expect(throws: SmokeError.commaInPath("/r,x/g.img")) {
            try plan.qemuArguments(
                accelerator: .tcg, dom0Image: "/c/d.img", dom0Initramfs: "/c/i.img", guestDisk: "/r,x/g.img",
                serialLog: "/r/s.log")
        }
    }

    @Test func kvmOnlyWithHardwareVirtualisation() {
        #expect(SmokeAccelerator.choose(kvmDeviceUsable: false, loadedModules: ["kvm", "kvm_intel"]).0 == .tcg)
        #expect(SmokeAccelerator.choose(kvmDeviceUsable: true, loadedModules: ["kvm", "kvm_intel"]).0 == .kvm)
        #expect(SmokeAccelerator.choose(kvmDeviceUsable: true, loadedModules: ["kvm", "kvm_amd"]).0 == .kvm)
        let (choice, why) = SmokeAccelerator.choose(kvmDeviceUsable: true, loadedModules: ["kvm", "kvm_pvm"])
        #expect(choice == .tcg && why.contains("kvm_pvm"))
    }

    @Test func theStepsUseTheVersionsAndTheMirror() {
        let plan = Dom0Plan(versions: Self.versions, cacheRoot: "/c")
        #expect(
            plan.debootstrap(mirror: "http://m/debian") == [
                "debootstrap", "--variant=minbase", "--include=kmod,procps,iproute2", "bookworm", plan.tree,
                "http://m/debian",
            ])
        #expect(plan.installXenTools[1].last == "xen-utils-4.17=4.17.7+13-g2445b30a44-0+deb12u1")
        #expect(plan.installXenTools.allSatisfy { $0.prefix(2) == ["chroot", plan.tree] })
    }

    /// apt-cache on this host answers; its output is what the parsers read.
    @Test func theHostsAptCacheAnswers() throws {
        let policy = try HostTools.run(["apt-cache", "policy", "xen-utils-4.17"])
        let candidate = try #require(AptCacheOutput.candidate(policy: policy.output))
        #expect(candidate.hasPrefix("4.17."))
        let depends = try HostTools.run(["apt-cache", "depends", "linux-image-amd64"])
        let kernel = try #require(AptCacheOutput.kernelPackage(depends: depends.output))
        #expect(kernel.hasPrefix("linux-image-6.") && kernel.hasSuffix("-amd64"))
        #expect(AptCacheOutput.candidate(policy: "foo:\n  Installed: (none)\n  Candidate: (none)\n") == nil)
        #expect(AptCacheOutput.kernelPackage(depends: "linux-image-amd64\n  Depends: linux-base\n") == nil)
    }

    @Test func archivesFromDeb822AndOneLineSources() throws {
        let deb822 = """
            Types: deb
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates

            Types: deb-src
            URIs: http://src.example/debian

            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            """
        #expect(
            AptArchives.parse([deb822])
                == AptArchives(
                    mirror: "http://deb.debian.org/debian", security: "http://deb.debian.org/debian-security"))
        let oneLine =
            "# deb http://old/debian bookworm main\ndeb [arch=amd64] http://mirror.example/debian bookworm main\n"
        #expect(AptArchives.parse([oneLine]) == AptArchives(mirror: "http://mirror.example/debian", security: nil))
        #expect(AptArchives.parse(["", "# nothing\n"]) == nil)
        let list = AptArchives(mirror: "http://m/d", security: "http://m/s").sourcesList
        #expect(
            list
                == "deb http://m/d bookworm main\ndeb http://m/d bookworm-updates main\ndeb http://m/s bookworm-security main\n"
        )
    }

    @Test func aGuestFromItsXLConfig() throws {
        let config = DomainConfig(
            name: "web-1", uuid: "00000000-0000-0000-0000-000000000000", memory: 256, vcpus: 1, boot: .pygrub,
            disks: [
                DomainConfig.VBD(access: .file, target: "/srv/xen/web-1/sda1.img", vdev: "sda1"),
                DomainConfig.VBD(access: .file, target: "/srv/xen/web-1/sda2.img", vdev: "sda2"),
            ], vifs: [])
        let guest = try SmokeGuest.parse(xlConfig: try config.xl(), file: "web-1.xl.cfg")
        #expect(guest == SmokeGuest(name: "web-1", imageDir: "/srv/xen", configFile: "web-1.xl.cfg"))
        #expect(guest.configInDom0 == "/srv/xen/web-1/web-1.xl.cfg")
        let keyValue =
            "name = \"g\"\ndisk = [ 'format=raw, vdev=xvda1, access=rw, target=/var/lib/xen/images/g/xvda1.img' ]\n"
        #expect(try SmokeGuest.parse(xlConfig: keyValue, file: "g.xl.cfg").imageDir == "/var/lib/xen/images")
        #expect(throws: SmokeError.self) {
            try SmokeGuest.parse(
                xlConfig: "name = \"g\"\ndisk = [ \"file:/x/other/sda1.img,sda1,w\" ]\n", file: "g.xl.cfg")
        }
        #expect(throws: SmokeError.self) { try SmokeGuest.parse(xlConfig: "disk = [ ]\n", file: "g.xl.cfg") }
    }
}

@Suite struct SmokeRequirementsTests {
    @Test func everyMissingPackageIsNamedOnceInOneError() {
        let none = SmokeRequirements.missingPackages { _ in false }
        #expect(none.first == "qemu-system-x86" && none.contains("busybox-static"), "\(none)")
        #expect(Set(none).count == none.count, "a package is named twice: \(none)")
        let noQemu = SmokeRequirements.missingPackages { $0 != "qemu-system-x86_64" && $0 != "/bin/busybox" }
        #expect(noQemu == ["qemu-system-x86", "busybox-static"])
        #expect(SmokeRequirements.missingPackages { _ in true } == [])
        let message = SmokeError.missingPackages(noQemu).description
        #expect(message.contains("apt-get install qemu-system-x86 busybox-static"), "\(message)")
    }

    /// `./build.sh test` installs every package the smoke boot needs (the table and the script
    /// cannot drift apart).
    @Test func buildShInstallsThemForTheTests() throws {
        let script = try String(contentsOfFile: HostTools.repoRoot.path + "/build.sh", encoding: .utf8)
        let words = Set(script.split { $0 == " " || $0 == "\n" || $0 == "(" || $0 == ")" }.map(String.init))
        for program in SmokeRequirements.programs where !["apt", "coreutils", "mount", "dpkg"].contains(program.package) {
            #expect(words.contains(program.package), "build.sh does not install \(program.package) (for \(program.name))")
        }
    }
}
