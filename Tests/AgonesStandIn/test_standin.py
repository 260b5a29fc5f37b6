"""Tests of the Agones SDK stand-in itself (stdlib unittest; each starts its own process).

  python3 -m unittest discover -s Tests/AgonesStandIn -p 'test_*.py'
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "agones_sdk_standin.py")


class Standin:
    """One stand-in process on a free port, read from its stdout line."""

    def __init__(self, *args, wait=True):
        self.proc = subprocess.Popen([sys.executable, SCRIPT, "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.port = None
        if wait:
            line = self.proc.stdout.readline()
            if not line.startswith("agones-sdk-standin listening on "):
                self.proc.kill()
                raise AssertionError(f"no listening line: {line!r} {self.proc.stderr.read()}")
            self.port = int(line.split()[-1])

    def request(self, method, path, body=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        text = response.read().decode()
        conn.close()
        return response.status, json.loads(text) if text else None

    def ok(self, method, path, body=None):
        status, answer = self.request(method, path, body)
        assert status == 200, (method, path, status, answer)
        return answer

    def state(self):
        return self.ok("GET", "/__standin/state")

    def wait_state(self, state, within=3.0):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.state()["state"] == state:
                return time.monotonic()
            time.sleep(0.02)
        raise AssertionError(f"state is {self.state()['state']}, not {state}, after {within} s")

    def close(self):
        if self.proc.poll() is None:
            try:
                self.request("POST", "/__standin/quit")
            except OSError:
                pass
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


class Watch:
    """Reads /watch/gameserver's chunked lines on a thread."""

    def __init__(self, port):
        self.lines = []
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.conn.request("GET", "/watch/gameserver")
        self.sock = self.conn.sock
        self.response = self.conn.getresponse()
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        try:
            for line in self.response:
                if line.strip():
                    self.lines.append(json.loads(line))
        except (OSError, ValueError, http.client.HTTPException):
            pass

    def states(self):
        return [line["result"]["status"]["state"] for line in self.lines]

    def wait_for(self, count, within=3.0):
        deadline = time.monotonic() + within
        while len(self.lines) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.states()

    def close(self):
        try:  # unblocks the reading thread at once (closing the file alone waits for its lock)
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(2)
        self.conn.close()


def run_concurrently(case, scenarios):
    """Runs the slow scenarios (test methods named scenario_*) of `case` at once, each with its
    own stand-in, so the suite waits for the longest timer rather than for their sum."""
    failures = {}

    def run(name):
        try:
            getattr(case, name)()
        except BaseException as error:  # reported below with the scenario's name
            failures[name] = error

    threads = [threading.Thread(target=run, args=(name,)) for name in scenarios]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for name, error in failures.items():
        raise AssertionError(f"{name}: {type(error).__name__}: {error}") from error


class StandinTestCase(unittest.TestCase):
    def start(self, *args):
        standin = Standin(*args)
        self.addCleanup(standin.close)
        return standin


class StatesTests(StandinTestCase):
    def test_gameserver_shape_and_lifecycle(self):
        s = self.start("--name", "gs-1", "--counter", "rooms=8", "--list", "sessions=4")
        gs = s.ok("GET", "/gameserver")
        self.assertEqual(set(gs), {"object_meta", "spec", "status"})
        meta = gs["object_meta"]
        self.assertEqual(set(meta), {"name", "namespace", "uid", "resource_version", "generation",
                                     "creation_timestamp", "deletion_timestamp", "annotations", "labels"})
        self.assertEqual(meta["name"], "gs-1")
        self.assertIsInstance(meta["creation_timestamp"], str)
        self.assertEqual(gs["spec"]["health"], {"disabled": False, "period_seconds": 5,
                                                "failure_threshold": 3, "initial_delay_seconds": 0})
        status = gs["status"]
        self.assertEqual(status["state"], "Scheduled")
        self.assertEqual(status["players"], {"count": "0", "capacity": "0", "ids": []})
        self.assertEqual(status["counters"], {"rooms": {"count": "0", "capacity": "8"}})
        self.assertEqual(status["lists"], {"sessions": {"capacity": "4", "values": []}})
        self.assertEqual(s.ok("POST", "/ready", {}), {})
        self.assertEqual(s.state()["state"], "Ready")
        self.assertEqual(s.ok("POST", "/allocate", {}), {})
        self.assertEqual(s.state()["state"], "Allocated")
        s.ok("POST", "/shutdown", {})
        self.assertEqual(s.state()["state"], "Shutdown")
        s.ok("POST", "/ready", {})  # Shutdown is final
        self.assertEqual(s.state()["state"], "Shutdown")

    def test_control_allocate_only_from_ready_or_reserved(self):
        s = self.start()
        status, answer = s.request("POST", "/__standin/allocate")
        self.assertEqual(status, 409)
        self.assertIn("Scheduled", answer["message"])
        s.ok("POST", "/ready", {})
        self.assertEqual(s.ok("POST", "/__standin/allocate"), {"state": "Allocated"})

    def test_errors(self):
        s = self.start()
        status, answer = s.request("POST", "/ready", raw="{not json")
        self.assertEqual((status, answer["code"]), (400, 3))
        status, answer = s.request("GET", "/ready")
        self.assertEqual((status, answer["code"]), (405, 12))
        status, answer = s.request("GET", "/nowhere")
        self.assertEqual((status, answer["code"]), (404, 5))
        status, answer = s.request("POST", "/reserve", {"seconds": "soon"})
        self.assertEqual(status, 400)
        status, answer = s.request("PUT", "/metadata/label", [1, 2])
        self.assertEqual(status, 400)
        status, answer = s.request("POST", "/health", {"extra": 1})
        self.assertEqual(status, 400)
        # Garbage on a raw socket does not kill it.
        with socket.create_connection(("127.0.0.1", s.port)) as raw:
            raw.sendall(b"\x00\x01 NONSENSE\r\n\r\n")
            raw.recv(1000)
        self.assertEqual(s.state()["state"], "Scheduled")
        calls = s.state()["calls"]
        self.assertEqual(calls[0]["body"], "{not json")
        self.assertEqual(calls[0]["method"], "POST")
        self.assertIsInstance(calls[0]["time"], float)


class HealthTests(StandinTestCase):
    def test_scenarios(self):
        run_concurrently(self, ['scenario_unhealthy_when_pings_stop', 'scenario_empty_body_is_not_a_ping', 'scenario_initial_delay_and_not_armed_before_ready', 'scenario_disabled'])

    def scenario_unhealthy_when_pings_stop(self):
        s = self.start("--health-period", "0.2", "--failure-threshold", "2")
        s.ok("POST", "/ready", {})
        for _ in range(6):  # pinging every 0.1 s keeps it healthy
            s.ok("POST", "/health", {})
            time.sleep(0.1)
        self.assertEqual(s.state()["state"], "Ready")
        stopped = time.monotonic()
        became = s.wait_state("Unhealthy", within=2.0)
        # Between N*P and (N+1)*P after the last ping, plus polling slack.
        self.assertGreaterEqual(became - stopped, 0.35)
        self.assertLess(became - stopped, 1.5)  # loose: the machine may be busy
        self.assertEqual(s.state()["health_pings"], 6)
        s.ok("POST", "/ready", {})  # Unhealthy is final...
        self.assertEqual(s.state()["state"], "Unhealthy")
        s.ok("POST", "/shutdown", {})  # ...but for Shutdown
        self.assertEqual(s.state()["state"], "Shutdown")

    def scenario_empty_body_is_not_a_ping(self):
        s = self.start("--health-period", "0.2", "--failure-threshold", "2")
        s.ok("POST", "/ready", {})
        for _ in range(8):
            self.assertEqual(s.request("POST", "/health", raw="")[0], 200)
            time.sleep(0.1)
        self.assertEqual(s.state()["health_pings"], 0)
        s.wait_state("Unhealthy", within=1.0)

    def scenario_initial_delay_and_not_armed_before_ready(self):
        s = self.start("--health-period", "0.2", "--failure-threshold", "1", "--initial-delay", "0.5")
        time.sleep(0.4)
        self.assertEqual(s.state()["state"], "Scheduled")  # not armed: no ping, no Ready
        s.ok("POST", "/ready", {})
        time.sleep(0.45)
        self.assertEqual(s.state()["state"], "Ready")  # within the initial delay
        s.wait_state("Unhealthy", within=1.0)

    def scenario_disabled(self):
        s = self.start("--health-period", "0.1", "--failure-threshold", "1", "--health-disabled")
        s.ok("POST", "/ready", {})
        time.sleep(0.4)
        self.assertEqual(s.state()["state"], "Ready")
        self.assertTrue(s.ok("GET", "/gameserver")["spec"]["health"]["disabled"])


class ReserveTests(StandinTestCase):
    def test_scenarios(self):
        run_concurrently(self, ['scenario_reserve_returns_to_ready', 'scenario_allocated_before_the_timer_stays_allocated', 'scenario_zero_is_until_allocated'])

    def scenario_reserve_returns_to_ready(self):
        s = self.start()
        s.ok("POST", "/ready", {})
        s.ok("POST", "/reserve", {"seconds": "1"})
        self.assertEqual(s.state()["state"], "Reserved")
        time.sleep(0.6)
        self.assertEqual(s.state()["state"], "Reserved")
        s.wait_state("Ready", within=1.5)

    def scenario_allocated_before_the_timer_stays_allocated(self):
        s = self.start()
        s.ok("POST", "/reserve", {"seconds": "1"})
        self.assertEqual(s.ok("POST", "/__standin/allocate"), {"state": "Allocated"})
        time.sleep(1.3)
        self.assertEqual(s.state()["state"], "Allocated")

    def scenario_zero_is_until_allocated(self):
        s = self.start()
        s.ok("POST", "/reserve", {"seconds": "0"})
        time.sleep(1.2)
        self.assertEqual(s.state()["state"], "Reserved")
        s.ok("POST", "/allocate", {})
        self.assertEqual(s.state()["state"], "Allocated")


class WatchTests(StandinTestCase):
    def test_current_state_first_then_every_change_in_order(self):
        s = self.start()
        watch = Watch(s.port)
        self.addCleanup(watch.close)
        self.assertEqual(watch.wait_for(1), ["Scheduled"])
        s.ok("POST", "/ready", {})
        s.ok("PUT", "/metadata/label", {"key": "rooms", "value": "1"})
        s.ok("POST", "/__standin/allocate")
        s.ok("POST", "/shutdown", {})
        states = watch.wait_for(6)
        self.assertEqual(states, ["Scheduled", "RequestReady", "Ready", "Ready", "Allocated", "Shutdown"])
        self.assertEqual(watch.lines[3]["result"]["object_meta"]["labels"], {"agones.dev/sdk-rooms": "1"})
        versions = [int(line["result"]["object_meta"]["resource_version"]) for line in watch.lines]
        self.assertEqual(versions, sorted(versions))
        # A second watcher joining late starts with the current state.
        late = Watch(s.port)
        self.addCleanup(late.close)
        self.assertEqual(late.wait_for(1), ["Shutdown"])


class MetadataAndPlayerTests(StandinTestCase):
    def test_label_and_annotation_prefix(self):
        s = self.start()
        s.ok("PUT", "/metadata/label", {"key": "players", "value": "3"})
        s.ok("PUT", "/metadata/annotation", {"key": "map", "value": "arena"})
        meta = s.ok("GET", "/gameserver")["object_meta"]
        self.assertEqual(meta["labels"], {"agones.dev/sdk-players": "3"})
        self.assertEqual(meta["annotations"], {"agones.dev/sdk-map": "arena"})
        state = s.state()
        self.assertEqual(state["labels"], {"agones.dev/sdk-players": "3"})
        self.assertEqual(state["annotations"], {"agones.dev/sdk-map": "arena"})

    def test_player_tracking(self):
        s = self.start()
        self.assertEqual(s.ok("POST", "/alpha/player/connect", {"playerID": "a"}), {"bool": False})  # capacity 0
        s.ok("PUT", "/alpha/player/capacity", {"count": "2"})
        self.assertEqual(s.ok("GET", "/alpha/player/capacity"), {"count": "2"})
        self.assertEqual(s.ok("POST", "/alpha/player/connect", {"playerID": "a"}), {"bool": True})
        self.assertEqual(s.ok("POST", "/alpha/player/connect", {"playerID": "a"}), {"bool": False})  # already
        self.assertEqual(s.ok("POST", "/alpha/player/connect", {"playerID": "b"}), {"bool": True})
        self.assertEqual(s.ok("POST", "/alpha/player/connect", {"playerID": "c"}), {"bool": False})  # full
        self.assertEqual(s.ok("GET", "/alpha/player/count"), {"count": "2"})
        self.assertEqual(s.ok("GET", "/alpha/player/connected/a"), {"bool": True})
        self.assertEqual(s.ok("GET", "/alpha/player/connected/c"), {"bool": False})
        self.assertEqual(s.ok("GET", "/alpha/player/connected"), {"list": ["a", "b"]})
        self.assertEqual(s.ok("POST", "/alpha/player/disconnect", {"playerID": "a"}), {"bool": True})
        self.assertEqual(s.ok("POST", "/alpha/player/disconnect", {"playerID": "a"}), {"bool": False})
        players = s.ok("GET", "/gameserver")["status"]["players"]
        self.assertEqual(players, {"count": "1", "capacity": "2", "ids": ["b"]})
        self.assertEqual(s.state()["players"], ["b"])
        self.assertEqual(s.state()["capacity"], 2)


class CountersAndListsTests(StandinTestCase):
    def test_counters(self):
        s = self.start("--counter", "rooms=4")
        self.assertEqual(s.ok("GET", "/v1beta1/counters/rooms"), {"name": "rooms", "count": "0", "capacity": "4"})
        self.assertEqual(s.ok("PATCH", "/v1beta1/counters/rooms", {"countDiff": "3"})["count"], "3")
        self.assertEqual(s.ok("PATCH", "/v1beta1/counters/rooms", {"countDiff": "-1"})["count"], "2")
        self.assertEqual(s.ok("PATCH", "/v1beta1/counters/rooms", {"count": "4"})["count"], "4")
        status, answer = s.request("PATCH", "/v1beta1/counters/rooms", {"countDiff": "1"})
        self.assertEqual((status, answer["code"]), (400, 11))
        self.assertEqual(s.ok("PATCH", "/v1beta1/counters/rooms", {"capacity": "10"})["capacity"], "10")
        status, answer = s.request("GET", "/v1beta1/counters/missing")
        self.assertEqual((status, answer["code"]), (404, 5))
        self.assertEqual(s.ok("GET", "/gameserver")["status"]["counters"], {"rooms": {"count": "4", "capacity": "10"}})
        self.assertEqual(s.state()["counters"], {"rooms": {"count": 4, "capacity": 10}})

    def test_lists(self):
        s = self.start("--list", "sessions=2")
        self.assertEqual(s.ok("GET", "/v1beta1/lists/sessions"), {"name": "sessions", "capacity": "2", "values": []})
        self.assertEqual(s.ok("POST", "/v1beta1/lists/sessions:addValue", {"value": "x"})["values"], ["x"])
        status, answer = s.request("POST", "/v1beta1/lists/sessions:addValue", {"value": "x"})
        self.assertEqual((status, answer["code"]), (409, 6))
        s.ok("POST", "/v1beta1/lists/sessions:addValue", {"value": "y"})
        status, answer = s.request("POST", "/v1beta1/lists/sessions:addValue", {"value": "z"})
        self.assertEqual((status, answer["code"]), (400, 11))
        self.assertEqual(s.ok("POST", "/v1beta1/lists/sessions:removeValue", {"value": "x"})["values"], ["y"])
        status, answer = s.request("POST", "/v1beta1/lists/sessions:removeValue", {"value": "x"})
        self.assertEqual((status, answer["code"]), (404, 5))
        updated = s.ok("PATCH", "/v1beta1/lists/sessions", {"capacity": "5", "values": ["p", "q"]})
        self.assertEqual(updated, {"name": "sessions", "capacity": "5", "values": ["p", "q"]})
        status, _ = s.request("GET", "/v1beta1/lists/missing")
        self.assertEqual(status, 404)
        self.assertEqual(s.state()["lists"], {"sessions": {"capacity": 5, "values": ["p", "q"]}})


class ConformanceTests(unittest.TestCase):
    def test_scenarios(self):
        run_concurrently(self, ['scenario_pass_at_shutdown_after_grace', 'scenario_fail_names_missing_and_unexpected', 'scenario_empty_health_body_does_not_count', 'scenario_agones_value_rules'])

    def run_standin(self, expected, calls, *extra):
        s = Standin("--test", expected, *extra)
        try:
            for method, path, body in calls:
                s.ok(method, path, body)
            out, err = s.proc.communicate(timeout=5)
        finally:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
        return s.proc.returncode, out

    def scenario_pass_at_shutdown_after_grace(self):
        started = time.monotonic()
        code, out = self.run_standin("ready,health,gameserver,setlabel,shutdown", [
            ("GET", "/gameserver", None), ("POST", "/ready", {}), ("POST", "/health", {}),
            ("POST", "/health", {}), ("PUT", "/metadata/label", {"key": "k", "value": "v"}),
            ("POST", "/shutdown", {})], "--timeout", "10")
        self.assertIn("conformance: PASS", out)
        self.assertEqual(code, 0)
        self.assertLess(time.monotonic() - started, 4)

    def scenario_fail_names_missing_and_unexpected(self):
        code, out = self.run_standin("ready,health,allocate", [
            ("POST", "/ready", {}), ("POST", "/reserve", {"seconds": "0"})], "--timeout", "0.8")
        self.assertEqual(code, 1)
        self.assertIn("conformance: FAIL expected allocate,health,ready missing allocate,health unexpected reserve", out)

    def scenario_empty_health_body_does_not_count(self):
        s = Standin("--test", "health", "--timeout", "0.6")
        try:
            self.assertEqual(s.request("POST", "/health", raw="")[0], 200)
            out, _ = s.proc.communicate(timeout=5)
        finally:
            if s.proc.poll() is None:
                s.proc.kill()
        self.assertEqual(s.proc.returncode, 1)
        self.assertIn("missing health", out)

    def scenario_agones_value_rules(self):
        s = Standin("--test", "setlabel,setannotation", "--timeout", "0.8", "--agones-value-rules")
        try:
            meta = s.ok("GET", "/gameserver")["object_meta"]
            s.ok("PUT", "/metadata/label", {"key": "a", "value": "not the timestamp"})
            s.ok("PUT", "/metadata/annotation", {"key": "b", "value": meta["uid"]})
            out, _ = s.proc.communicate(timeout=5)
        finally:
            if s.proc.poll() is None:
                s.proc.kill()
        # gameserver was called but is unexpected; setlabel did not count with a wrong value.
        self.assertIn("missing setlabel unexpected gameserver", out)

    def test_unknown_call_name_is_refused(self):
        result = subprocess.run([sys.executable, SCRIPT, "--test", "ready,fly"], capture_output=True, text=True, timeout=5)
        self.assertEqual(result.returncode, 2)
        self.assertIn("fly", result.stderr)


class StartupTests(unittest.TestCase):
    def test_delay_start_then_port_file_and_log(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with tempfile.TemporaryDirectory() as directory:
            port_file = os.path.join(directory, "port")
            log = os.path.join(directory, "calls.jsonl")
            proc = subprocess.Popen([sys.executable, SCRIPT, "--port", str(port), "--delay-start", "0.7",
                                     "--port-file", port_file, "--log", log], stdout=subprocess.PIPE, text=True)
            try:
                started = time.monotonic()
                refused = 0
                while True:
                    try:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                        conn.request("POST", "/ready", body="{}")
                        self.assertEqual(conn.getresponse().status, 200)
                        conn.close()
                        break
                    except ConnectionRefusedError:
                        refused += 1
                        self.assertLess(time.monotonic() - started, 5)
                        time.sleep(0.05)
                self.assertGreater(refused, 0)
                self.assertGreaterEqual(time.monotonic() - started, 0.6)
                self.assertEqual(proc.stdout.readline().strip(), f"agones-sdk-standin listening on {port}")
                with open(port_file) as f:
                    self.assertEqual(f.read().strip(), str(port))
                self.assertEqual([n for n in os.listdir(directory) if n.endswith(".tmp")], [])
                with open(log) as f:
                    entries = [json.loads(line) for line in f]
                self.assertEqual([(e["method"], e["path"], e["body"]) for e in entries], [("POST", "/ready", {})])
            finally:
                proc.terminate()
                self.assertEqual(proc.wait(5), 0)
                proc.stdout.close()


if __name__ == "__main__":
    unittest.main()
