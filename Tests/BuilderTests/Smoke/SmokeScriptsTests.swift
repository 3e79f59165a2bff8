import Foundation
import Testing

@testable import Builder

/// The dom0 scripts: the shells that run them parse them (bash -n, busybox's sh -n), and the
/// settings file reads back, through sh, exactly what was written.
@Suite struct SmokeScriptsTests {
    private func syntaxCheck(_ shell: [String], _ text: String) throws -> HostTools.Result {
        let dir = try HostTools.temporaryDirectory("smoke-script")
        defer { HostTools.cleanUp(dir) }
        let file = dir + "/script"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return try HostTools.run(shell + ["-n", file])
    }

    @Test func dom0InitParsesInBash() throws {
        let r = try syntaxCheck(["bash"], SmokeScripts.dom0Init)
        #expect(r.ok, "\(r.output)")
        #expect(SmokeScripts.dom0Init.hasPrefix("#!/bin/bash\n"))
    }

    @Test func initramfsInitParsesInBusyboxSh() throws {
        let r = try syntaxCheck(["busybox", "sh"], SmokeScripts.initramfsInit)
        #expect(r.ok, "\(r.output)")
        #expect(SmokeScripts.initramfsInit.hasPrefix("#!/bin/sh\n"))
        #expect(SmokeScripts.initramfsInit.contains("smoke.init=*) INIT="))
    }

    /// A broken script is caught by the same check (the oracle can fail).
    @Test func aBrokenScriptFailsTheSyntaxCheck() throws {
        let r = try syntaxCheck(["bash"], SmokeScripts.dom0Init + "\nif then fi\n")
        #expect(!r.ok)
    }

    @Test func theScriptsPrintEveryMarkerTheHostReads() {
        for marker in [
            SmokeMarker.progress, SmokeMarker.console, SmokeMarker.dom0Log, SmokeMarker.result, SmokeMarker.done,
        ] {
            #expect(SmokeScripts.dom0Init.contains(marker), "\(marker)")
        }
        for status in SmokeStatus.allCases where status != .timeout {
            #expect(SmokeScripts.dom0Init.contains("\(status.rawValue)"), "\(status)")
        }
        // The config is used as baked: the script never rewrites it.
        #expect(SmokeScripts.dom0Init.contains("xl create \"$SMOKE_CONFIG\""))
        #expect(!SmokeScripts.dom0Init.contains("sed -i"))
    }

    @Test func theSettingsReadBackThroughSh() throws {
        let name = "we'ird $(guest) `x` \"q\""
        let env = SmokeScripts.environment(
            guest: name, config: "/var/lib/xen/images/g/g.xl.cfg", imageDir: "/srv/xen images", timeoutSeconds: 42,
            consoleLines: 7)
        let dir = try HostTools.temporaryDirectory("smoke-env")
        defer { HostTools.cleanUp(dir) }
        try Data(env.utf8).write(to: URL(fileURLWithPath: dir + "/env"))
        let r = try HostTools.run([
            "sh", "-c",
            ". \"$1\"; printf '%s|%s|%s|%s|%s' \"$SMOKE_GUEST\" \"$SMOKE_CONFIG\" \"$SMOKE_IMAGE_DIR\" \"$SMOKE_TIMEOUT\" \"$SMOKE_CONSOLE_LINES\"",
            "sh", dir + "/env",
        ])
        #expect(r.ok)
        #expect(r.output == "\(name)|/var/lib/xen/images/g/g.xl.cfg|/srv/xen images|42|7")
    }
}
