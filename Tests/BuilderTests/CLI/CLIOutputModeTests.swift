import Foundation
import Testing

/// How `builder bake` reports a batch, through the binary: plain lines when stderr is not a
/// terminal, JSON events with --json (read back by a JSON parser), progress bars on a
/// pseudo-terminal (util-linux `script` gives the binary one), and exit codes 0/1/2.
@Suite struct CLIOutputModeTests {
    /// A folder with two recipes: a.json ("alpha", bakes) and a failing one ("beta": 3 MiB of files
    /// for a 2 MiB disk) whose file name needs escaping in JSON.
    struct Batch {
        var dir: String
        static let failingRecipe = "b \"ü\"\t.json"

        init(_ tag: String) throws {
            dir = try CLIHarness.scratch(tag)
            try CLIHarness.write("hello\n", to: dir + "/tree/etc/motd")
            try CLIHarness.write(String(repeating: "builder ", count: 3 * 128 * 1024), to: dir + "/tree2/big")
            try CLIHarness.write(
                #"{"name": "alpha", "profile": "none", "source": {"tree": "tree", "owner": "0:0"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto", "free": "1M"}]}"#,
                to: dir + "/a.json")
            try CLIHarness.write(
                #"{"name": "beta", "profile": "none", "source": {"tree": "tree2", "owner": "0:0"}, "disks": [{"device": "sda1", "mount": "/", "size": "2M"}]}"#,
                to: dir + "/" + Self.failingRecipe)
        }

        func remove() { CLIHarness.remove(dir) }
    }

    @Test func plainLinesNameTheGuestAndTheSummaryNamesTheFailedOne() throws {
        let batch = try Batch("cli-plain")
        defer { batch.remove() }
        let r = try CLIHarness.builder(["bake", "a.json", Batch.failingRecipe], cwd: batch.dir)
        #expect(r.status == 1, "a failed guest exits 1: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("builder: ") }, "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"), "no escape sequences off a terminal: \(r.stderr)")
        for expected in [
            "builder: alpha: baking a.json (4 steps)", "builder: alpha: reading the folder tree",
            "builder: alpha: writing sda1.img (ext3 for /, size auto)", "builder: alpha: ok -> out/alpha",
            "builder: beta: reading the folder tree2",
        ] {
            #expect(lines.contains(expected), "\(expected) in \(r.stderr)")
        }
        #expect(
            lines.contains {
                $0.hasPrefix("builder: error: beta: \(Batch.failingRecipe): disk sda1: the files do not fit")
            }, "\(r.stderr)")
        #expect(lines.last == "builder: 2 guests: 1 ok, 1 failed (beta)", "\(r.stderr)")
        #expect(r.out == "out/alpha\n", "stdout holds the finished guests' folders: \(r.out)")
        #expect(
            CLIHarness.listing(batch.dir + "/out") == ["alpha"],
            "the failed guest leaves nothing, the other is in place")
        #expect(CLIHarness.listing(batch.dir + "/out/alpha").contains("sda1.img"))
    }

    static func events(_ stdout: Data) throws -> [[String: Any]] {
        try String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { line in
                try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    "not a JSON object: \(line)")
            }
    }

    @Test func jsonEventsComeInOrderAndEndWithTheResult() throws {
        let batch = try Batch("cli-json")
        defer { batch.remove() }
        let r = try CLIHarness.builder(["bake", "--json", "a.json", Batch.failingRecipe], cwd: batch.dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "--json writes nothing else: \(r.stderr)")
        #expect(r.out.hasSuffix("\n") && !r.out.contains("\n\n"), "one object per line: \(r.out)")
        let events = try Self.events(r.stdout)
        let sequence = events.map { e -> String in
            let name = e["event"] as? String ?? "?"
            if name == "step" { return "\(e["guest"] ?? "?"):step\(e["index"] ?? "?")" }
            return "\(e["guest"] ?? "-"):\(name)"
        }
        #expect(
            sequence == [
                "alpha:started", "alpha:step1", "alpha:step2", "alpha:step3", "alpha:step4", "alpha:finished",
                "beta:started", "beta:step1", "beta:step2", "beta:step3", "beta:failed", "-:result",
            ], "\(r.out)")
        try #require(events.count == 12)
        #expect(events[0]["steps"] as? Int == 4 && events[0]["recipe"] as? String == "a.json", "\(events[0])")
        #expect(events[3]["text"] as? String == "writing sda1.img (ext3 for /, size auto)", "\(events[3])")
        #expect(events[5]["folder"] as? String == "out/alpha", "\(events[5])")
        #expect(events[6]["recipe"] as? String == Batch.failingRecipe, "quotes, tab and ü survive: \(events[6])")
        let message = try #require(events[10]["message"] as? String)
        #expect(message.hasPrefix("\(Batch.failingRecipe): disk sda1: the files do not fit"), "\(message)")
        let result = events[11]
        #expect(result["ok"] as? Bool == false && result["exitCode"] as? Int == 1, "\(result)")
        let guests = try #require(result["guests"] as? [[String: Any]])
        #expect(guests.map { $0["guest"] as? String } == ["alpha", "beta"])
        #expect(guests.map { $0["status"] as? String } == ["ok", "failed"])
        #expect(
            guests[0]["folder"] as? String == "out/alpha" && guests[1]["message"] as? String == message, "\(guests)")
        #expect(CLIHarness.listing(batch.dir + "/out") == ["alpha"])

        // Python's json module, the independent reader, takes every line too.
        let check = "import json,sys\nfor l in sys.stdin: json.loads(l)\nprint('ok')"
        try CLIHarness.write(r.out, to: batch.dir + "/events.jsonl")
        let py = try CLIHarness.run(
            "/bin/sh", ["-c", "/usr/bin/python3 -c \"$1\" < events.jsonl", "sh", check], cwd: batch.dir)
        #expect(py.status == 0 && py.out == "ok\n", "\(py.stderr)")
    }

    @Test func jsonRecipeErrorsAreEventsAndExitTwo() throws {
        let batch = try Batch("cli-json-recipe")
        defer { batch.remove() }
        try CLIHarness.write(
            #"{"name": "bad", "source": {"tree": "tree"}, "disks": [{"device": "sda1", "mount": "/", "fs": "ext4"}], "nmae": 1}"#,
            to: batch.dir + "/bad.json")
        let r = try CLIHarness.builder(["bake", "--json", "a.json", "bad.json"], cwd: batch.dir)
        #expect(r.status == 2, "\(r.stderr)")
        let events = try Self.events(r.stdout)
        try #require(events.count == 2, "\(r.out)")
        #expect(
            events[0]["event"] as? String == "recipe-error" && events[0]["recipe"] as? String == "bad.json",
            "\(events[0])")
        let issues = try #require(events[0]["issues"] as? [[String: String]])
        #expect(issues.map { $0["path"] } == ["disks[0].fs", "nmae"], "\(issues)")
        #expect(issues[0]["message"]?.contains("found \"ext4\"; allowed: \"ext3\"") == true, "\(issues)")
        #expect(events[1]["event"] as? String == "result" && events[1]["exitCode"] as? Int == 2, "\(events[1])")
        #expect(events[1]["ok"] as? Bool == false && (events[1]["guests"] as? [Any])?.isEmpty == true, "\(events[1])")
        #expect(!FileManager.default.fileExists(atPath: batch.dir + "/out"), "nothing is baked when a recipe is wrong")
    }

    @Test func jsonAndPlainTogetherAreAUsageError() throws {
        let r = try CLIHarness.builder(["bake", "--json", "--plain", "a.json"])
        #expect(r.status == 2 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(r.stderr.contains("--json and --plain"), "\(r.stderr)")
    }

    /// Runs `builder ARGS` on a pseudo-terminal (util-linux `script`), stdout and stderr both on it.
    static func onTerminal(_ args: [String], term: String, cwd: String) throws -> CLIHarness.Run {
        let quoted = ([try CLIHarness.builderBinary()] + args).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var environment = HostTools.environment
        environment["TERM"] = term
        environment["SHELL"] = "/bin/sh"
        return try CLIHarness.run(
            "script", ["-qec", quoted.joined(separator: " "), "/dev/null"], cwd: cwd, environment: environment)
    }

    @Test func aTerminalGetsProgressBarsRedrawnInPlace() throws {
        let batch = try Batch("cli-tty")
        defer { batch.remove() }
        let r = try Self.onTerminal(["bake", "a.json", Batch.failingRecipe], term: "xterm", cwd: batch.dir)
        #expect(r.status == 1, "script passes on the exit code: \(r.out)")
        let screen = r.out
        #expect(screen.contains("alpha [....................] 0/4 starting"), "a bar per running guest: \(screen)")
        #expect(screen.contains("\u{1B}[J"), "the bars are cleared before each redraw: \(screen)")
        #expect(
            screen.contains("\r\u{1B}[1A\u{1B}[J" + "ok alpha -> out/alpha"),
            "the finished line replaces the bar: \(screen)")
        #expect(
            screen.contains("FAILED beta: \(Batch.failingRecipe.replacingOccurrences(of: "\t", with: "\\x09")): disk sda1"),
            "\(screen)")
        #expect(screen.contains("2 guests: 1 ok, 1 failed (beta)"), "\(screen)")
        #expect(!screen.contains("builder: alpha:"), "no plain lines on a terminal: \(screen)")
        #expect(CLIHarness.listing(batch.dir + "/out") == ["alpha"])
    }

    @Test(arguments: [(["--plain"], "xterm"), ([], "dumb")])
    func plainLinesOnATerminalWhenAskedOrWhenItCannotMoveTheCursor(flags: [String], term: String) throws {
        let batch = try Batch("cli-tty-plain")
        defer { batch.remove() }
        let r = try Self.onTerminal(["bake"] + flags + ["a.json"], term: term, cwd: batch.dir)
        #expect(r.status == 0, "\(r.out)")
        #expect(!r.out.contains("\u{1B}"), "\(r.out)")
        #expect(r.out.contains("builder: alpha: reading the folder tree"), "\(r.out)")
        #expect(r.out.contains("builder: 1 guest: 1 ok, 0 failed"), "\(r.out)")
    }

    /// A guest that bakes with a warning (its fstab mounts a disk the config does not give): the
    /// warning is in report.txt, and `bake` shows it before the guest's ok line, in plain lines
    /// and as a JSON "warning" event.
    @Test func aGuestsWarningsAreShownWhenItIsDone() throws {
        let dir = try CLIHarness.scratch("cli-warning")
        defer { CLIHarness.remove(dir) }
        let tree = HostTools.repoRoot.appendingPathComponent("recipes/centos4/tree").path
        try CLIHarness.write(
            #"{"name": "w", "source": {"tree": "\#(tree)", "owner": "0:0"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto", "free": "8M"}], "files": [{"path": "/etc/fstab", "content": "/dev/sda1 / ext3 defaults 1 1\n/dev/sdb1 /data ext3 defaults 1 2\n"}]}"#,
            to: dir + "/w.json")
        let plain = try CLIHarness.builder(["bake", "--plain", "w.json"], cwd: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stderr.split(separator: "\n").map(String.init)
        let warning = try #require(lines.firstIndex { $0.hasPrefix("builder: w: warning: /etc/fstab line 2 mounts /data from /dev/sdb1") }, "\(plain.stderr)")
        let ok = try #require(lines.firstIndex(of: "builder: w: ok -> out/w"), "\(plain.stderr)")
        #expect(warning < ok)
        let report = try String(contentsOfFile: dir + "/out/w/report.txt", encoding: .utf8)
        #expect(report.contains("warning: /etc/fstab line 2 mounts /data from /dev/sdb1"), "\(report)")

        let json = try CLIHarness.builder(["bake", "--json", "w.json"], cwd: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let events = try Self.events(json.stdout)
        let names = events.map { $0["event"] as? String ?? "?" }
        let w = try #require(names.firstIndex(of: "warning"), "\(names)")
        #expect(names[w + 1] == "finished", "\(names)")
        #expect((events[w]["text"] as? String)?.hasPrefix("/etc/fstab line 2 mounts /data from /dev/sdb1") == true, "\(events[w])")
    }
}
