import Foundation
import Testing

@testable import Builder

/// Reading the serial log: Xen's and dom0's kernel lines around the script's markers.
@Suite struct SmokeLogTests {
    static let passing = """
        (XEN) [    0.000000] Xen version 4.17.7 (Debian 4.17.7+13-g2445b30a44-0+deb12u1)
        [    2.345678] Linux version 6.1.0-56-amd64\r
        BUILDER-SMOKE: dom0 init started (dom0 uptime 12.3s)\r
        BUILDER-SMOKE: toolstack up (dom0 uptime 20.1s)
        (XEN) [   40.1] d1v0 some hypervisor line
        BUILDER-SMOKE-CONSOLE: Welcome to the guest\r
        BUILDER-SMOKE-CONSOLE: smoke-guest login: \r
        BUILDER-SMOKE-RESULT guest=smoke-guest status=pass seconds=37
        BUILDER-SMOKE-DONE rc=0
        [   80.0] reboot: Power down
        """

    @Test func aPassingLog() {
        let log = SmokeLog(scanning: Self.passing)
        #expect(log.result == SmokeLog.Result(guest: "smoke-guest", status: .pass, statusText: "pass", seconds: 37))
        #expect(log.doneStatus == 0)
        #expect(log.console == ["Welcome to the guest", "smoke-guest login: "])
        #expect(log.progress == ["dom0 init started (dom0 uptime 12.3s)", "toolstack up (dom0 uptime 20.1s)"])
        #expect(log.xenAndDom0Tail(2) == ["(XEN) [   40.1] d1v0 some hypervisor line", "[   80.0] reboot: Power down"])
        #expect(log.other.count == 4)
    }

    @Test func aFailingLogKeepsDom0sLogsAndAnUnknownStatus() {
        let text = """
            BUILDER-SMOKE-DOM0LOG: xl-create.log: libxl: error: disk vdev=sdz1 failed
            BUILDER-SMOKE-RESULT guest=g status=something-new seconds=x
            BUILDER-SMOKE-DONE rc=1
            """
        let log = SmokeLog(scanning: text)
        #expect(log.dom0Logs == ["xl-create.log: libxl: error: disk vdev=sdz1 failed"])
        #expect(log.result?.status == nil && log.result?.statusText == "something-new" && log.result?.seconds == 0)
        #expect(log.doneStatus == 1)
    }

    /// Xen may have begun a line when dom0's text arrives: the marker still counts from where it starts.
    @Test func aMarkerAfterOtherTextOnTheLine() {
        let log = SmokeLog(scanning: "(XEN) xyzBUILDER-SMOKE-RESULT guest=g status=timeout seconds=300\n")
        #expect(log.result?.status == .timeout && log.result?.seconds == 300)
    }

    @Test func noMarkersNoResult() {
        let log = SmokeLog(scanning: "(XEN) Panic on CPU 0:\n(XEN) Reboot in five seconds...\n")
        #expect(log.result == nil && log.doneStatus == nil && log.console.isEmpty)
        #expect(log.xenAndDom0Tail(1) == ["(XEN) Reboot in five seconds..."])
    }

    @Test func everyStatusTheScriptPrintsParses() {
        for status in SmokeStatus.allCases {
            let log = SmokeLog(scanning: "BUILDER-SMOKE-RESULT guest=a status=\(status.rawValue) seconds=3\n")
            #expect(log.result?.status == status)
        }
    }

    /// From a real run: getty's prompt has no newline, so dom0's result line ran into it.
    @Test func aResultRunningIntoAPromptWithoutNewline() {
        let text =
            "BUILDER-SMOKE-CONSOLE: Smoke guest smoke-guest /dev/hvc0\r\n"
            + "BUILDER-SMOKE-CONSOLE: smoke-guest login: BUILDER-SMOKE-RESULT guest=smoke-guest status=pass seconds=63\r\n"
            + "BUILDER-SMOKE-DONE rc=0\r\n[  115.793792] sysrq: Power Off\r\n"
        let log = SmokeLog(scanning: text)
        #expect(log.result?.status == .pass && log.result?.seconds == 63)
        #expect(log.console == ["Smoke guest smoke-guest /dev/hvc0", "smoke-guest login: "])
        #expect(log.doneStatus == 0 && log.other == ["[  115.793792] sysrq: Power Off"])
    }

    /// dom0 ends every console line it prints, even one that had no newline (awk's print).
    @Test func dom0EndsEveryConsoleLine() throws {
        let dir = try HostTools.temporaryDirectory("smoke-awk")
        defer { HostTools.cleanUp(dir) }
        let log = dir + "/guest.log"
        try "first\r\nsmoke-guest login: ".write(toFile: log, atomically: true, encoding: .utf8)
        let line = try #require(
            SmokeScripts.dom0Init.split(separator: "\n").first { $0.contains("tail -n \"$SMOKE_CONSOLE_LINES\"") })
        let r = try HostTools.run(["bash", "-c", "SMOKE_CONSOLE_LINES=5; log=\"$1\"; \(line); echo END", "bash", log])
        #expect(
            r.output == "BUILDER-SMOKE-CONSOLE: first\nBUILDER-SMOKE-CONSOLE: smoke-guest login: \nEND\n", "\(r.output)"
        )
    }

    /// systemd's console as xenconsoled logged it: colours, its spinner redrawn with ESC M, and the
    /// lines that say why. What builder shows keeps every distinct line and the spinner's last.
    @Test func theConsoleIsShownWithoutControlsAndWithoutTheSpinnersRedraws() {
        let esc = "\u{1B}"
        let raw = [
            "\(esc)M\(esc)[K[\(esc)[0;31m*     \(esc)[0m] Job dev-xvdb1.device/start running (1min 22s / 1min 30s)",
            "\(esc)M\(esc)[K[\(esc)[0;1;31m*\(esc)[0m\(esc)[0;31m*    \(esc)[0m] Job dev-xvdb1.device/start running (1min 29s / 1min 30s)",
            "\(esc)M\(esc)[K[\(esc)[0;1;31m TIME \(esc)[0m] Timed out waiting for device \(esc)[0;1;\u{2026}dev-xvdb1.device\(esc)[0m - /dev/xvdb1.",
            "\(esc)[K[\(esc)[0;1;38;5;185mDEPEND\(esc)[0m] Dependency failed for \(esc)[0;1;39mdata.mount\(esc)[0m - /data.",
            "You are in emergency mode.\u{07}",
            "",
            "",
        ]
        #expect(
            SmokeLog.readable(raw) == [
                "[**    ] Job dev-xvdb1.device/start running (1min 29s / 1min 30s)",
                "[ TIME ] Timed out waiting for device \u{2026}dev-xvdb1.device - /dev/xvdb1.",
                "[DEPEND] Dependency failed for data.mount - /data.",
                "You are in emergency mode.",
                "",
                "",
            ])
    }
}
