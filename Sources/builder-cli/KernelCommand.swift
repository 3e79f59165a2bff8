import ArgumentParser
import Builder
import Foundation

struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Tell what a kernel file is: its Xen guest ABI, Xen version, loader, and whether xenblk and xennet are built in.",
        discussion: """
            Reads a plain or compressed ELF kernel (RHEL4/5 xenU vmlinuz are gzip'd ELF files) or a bzImage. \
            The config comes from the kernel itself (CONFIG_IKCONFIG), else from --config, else from a \
            config-VERSION file beside a vmlinuz-VERSION. Exit codes: 0 a Xen PV kernel (that passes the \
            check when --hypervisor is given), 1 not a kernel, not a Xen PV kernel, or the check failed.
            """
    )

    @Argument(help: "The kernel file.")
    var file: String

    @Option(help: "The hypervisor's capabilities (as in /sys/hypervisor/properties/capabilities), e.g. \"xen-3.0-x86_64 xen-3.0-x86_32p\": also check the kernel against them.")
    var hypervisor: String?

    @Flag(name: .customLong("static"), help: "With --hypervisor: check for a static boot too (xenblk built in).")
    var staticBoot = false

    @Option(help: "The kernel's config file (.config), when it has no embedded one.")
    var config: String?

    @Flag(help: "Print the analysis as JSON.")
    var json = false

    func validate() throws {
        if staticBoot && hypervisor == nil {
            throw ValidationError("--static checks a static boot against the hypervisor: give --hypervisor too")
        }
    }

    func run() throws {
        do {
            let configText = try config.map { path in
                (text: String(decoding: try HostPaths.readAll(HostPaths.resolvingLinks(path)), as: UTF8.self), source: path)
            } ?? KernelImage.siblingConfig(of: file)
            let image = try KernelImage.analyse(file: file, config: configText)
            var check: Check?
            if let hypervisor {
                let caps = hypervisor.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init)
                let warnings = try KernelCheck.check(image, kernel: file, capabilities: caps, staticBoot: staticBoot)
                check = Check(capabilities: caps, runsAs: image.abi(on: caps) ?? image.abi, warnings: warnings)
            }
            if json {
                try printJSON(image, check: check)
            } else {
                printText(image, check: check)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }

    struct Check: Encodable {
        var capabilities: [String]
        var runsAs: String
        var warnings: [String]
    }

    private func printText(_ image: KernelImage, check: Check?) {
        let x = image.xen
        var rows: [(String, String)] = [
            ("file", file),
            ("format", image.format.description),
            ("ELF", "\(image.elfClass), \(image.machineName)"),
            ("version", image.version ?? "unknown (no \"Linux version\" banner)"),
            ("ABI", image.abis.joined(separator: " or ")),
            ("Xen version", x.xenVersion ?? "none"),
            ("guest OS", [x.guestOS, x.guestVersion].compactMap { $0 }.joined(separator: " ")),
            ("loader", x.loader ?? "none"),
            ("PAE", x.paeText ?? "none (non-PAE)"),
            ("metadata", x.source.rawValue),
            ("xenblk", image.blockFrontend.rawValue),
            ("xennet", image.netFrontend.rawValue),
            ("config", image.configSource ?? "none found"),
        ]
        if let check {
            rows.append(("check", "runs as \(check.runsAs) on \(check.capabilities.joined(separator: " "))"))
            for w in check.warnings { rows.append(("warning", w)) }
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (key, value) in rows {
            Terminal.output((key + ":").padding(toLength: width + 2, withPad: " ", startingAt: 0) + value)
        }
    }

    private func printJSON(_ image: KernelImage, check: Check?) throws {
        struct Report: Encodable {
            var file: String
            var format: String
            var elfClass: String
            var machine: String
            var version: String?
            var abi: String
            var abis: [String]
            var xenVersion: String?
            var guestOS: String?
            var guestVersion: String?
            var loader: String?
            var pae: String?
            var features: String?
            var metadata: String
            var xenblk: String
            var xennet: String
            var config: String?
            var check: Check?
        }
        let x = image.xen
        let report = Report(
            file: file, format: image.format.description, elfClass: image.elfClass, machine: image.machineName,
            version: image.version, abi: image.abi, abis: image.abis, xenVersion: x.xenVersion, guestOS: x.guestOS,
            guestVersion: x.guestVersion, loader: x.loader, pae: x.paeText, features: x.features,
            metadata: x.source.rawValue, xenblk: image.blockFrontend.rawValue, xennet: image.netFrontend.rawValue,
            config: image.configSource, check: check)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Terminal.output(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}
