#!/usr/bin/env python3
"""agones_sdk_standin: a stand-in for the Agones SDK server's REST interface, for tests.

It behaves like the SDK server's local mode (`--local`: one GameServer kept in memory, every
call applied to it) and, with --test, like its conformance mode (the set of calls received is
compared with an expected set). Python 3.11 standard library only; written independently of
the project's own HTTP code, so a test of the game's Agones client does not test its HTTP
code against itself.

  python3 agones_sdk_standin.py [--host 127.0.0.1] [--port 0] [--port-file PATH]
      [--delay-start S] [--test CALLS] [--timeout S] [--log PATH] [--health-period S]
      [--failure-threshold N] [--initial-delay S] [--health-disabled] [--name NAME]
      [--game-port N] [--player-capacity N] [--counter NAME=CAP]... [--list NAME=CAP]...
      [--agones-value-rules]

Once listening it writes the port to --port-file (atomically: a temporary file renamed) and
prints `agones-sdk-standin listening on PORT` on stdout.

SDK endpoints (JSON, protobuf snake_case names, every field present, 64-bit integers as
strings, `{}` where the real one answers Empty):
  POST /ready /health /allocate /shutdown, POST /reserve {"seconds":"N"}, GET /gameserver,
  GET /watch/gameserver (chunked; one `{"result":{GameServer}}` line now, one per change),
  PUT /metadata/label and /metadata/annotation {"key":..,"value":..} (stored as
  agones.dev/sdk-KEY), POST /alpha/player/connect|disconnect {"playerID":..} -> {"bool":..},
  PUT|GET /alpha/player/capacity {"count":"N"}, GET /alpha/player/count,
  GET /alpha/player/connected/{id} -> {"bool":..}, GET /alpha/player/connected -> {"list":[..]},
  GET|PATCH /v1beta1/counters/{name}, GET|PATCH /v1beta1/lists/{name},
  POST /v1beta1/lists/{name}:addValue|:removeValue {"value":..}.
Errors are grpc-gateway's shape, {"code":<grpc code>,"message":..,"details":[]}: 400 (3,
bad JSON or field), 404 (5, unknown path, counter, list or value), 405 (12, wrong method),
409 (6, list value already present), 400 (11, out of range), 413 (body over 1 MiB).

Test-only control endpoints: GET /__standin/state, POST /__standin/allocate (what a
GameServerAllocation does: Ready or Reserved -> Allocated, else 409), POST /__standin/quit.

States and rules (see README.md beside this file for the full contract):
- Starts Scheduled. /ready -> RequestReady, then at once Ready (both pushed to watchers).
  /reserve -> Reserved; after N seconds back to Ready unless something else happened first
  (0 = until allocated). /allocate -> Allocated. /shutdown -> Shutdown, which is final.
  Unhealthy is final too, except that /shutdown still moves it to Shutdown.
- Health: monitoring is armed by the first counted ping or the first /ready, whichever comes
  first. Checks then run every P = --health-period seconds, the first at arm + D + P
  (D = --initial-delay). At a check, if the newest counted ping is more than P seconds old the
  check is a miss, otherwise the miss count resets to 0; after N = --failure-threshold
  consecutive misses the GameServer becomes Unhealthy. So it turns Unhealthy between N*P and
  (N+1)*P seconds after the last ping (once past the initial delay). Only a body parsing to
  exactly {} counts as a ping; an empty body is answered {} but not counted.
- Conformance (--test): a call counts once it has been answered 2xx (names: ready, allocate,
  setlabel, setannotation, gameserver, health (counted pings only), shutdown, watch, reserve,
  getplayercapacity, setplayercapacity, playerconnect, playerdisconnect, getplayercount,
  isplayerconnected, getconnectedplayers, getcounter, updatecounter, getlist, updatelist,
  addlistvalue, removelistvalue). The real server's SDK conformance suite also requires
  particular values (setlabel's value = creation_timestamp, setannotation's = uid,
  playerconnect only while the ids are exactly ["1234"], ...); those fit its own test client,
  not a game, so they apply only with --agones-value-rules. At --timeout, or 1 s after the
  first /shutdown, or on /__standin/quit or SIGTERM, it prints `conformance: PASS` or
  `conformance: FAIL expected X missing Y unexpected Z` and exits 0 or 1.
"""
import argparse
import collections
import json
import os
import queue
import re
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

CALL_NAMES = [
    "ready", "allocate", "setlabel", "setannotation", "gameserver", "health", "shutdown",
    "watch", "reserve", "getplayercapacity", "setplayercapacity", "playerconnect",
    "playerdisconnect", "getplayercount", "isplayerconnected", "getconnectedplayers",
    "getcounter", "updatecounter", "getlist", "updatelist", "addlistvalue", "removelistvalue",
]
METADATA_PREFIX = "agones.dev/sdk-"
MAX_BODY = 1 << 20
MAX_CALLS = 10_000
MAX_WATCH_BACKLOG = 10_000
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
FINAL_STATES = ("Shutdown", "Unhealthy")


class ApiError(Exception):
    """An error answered in grpc-gateway's JSON shape."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def bad(message):
    return ApiError(400, 3, message)


def not_found(message):
    return ApiError(404, 5, message)


def out_of_range(message):
    return ApiError(400, 11, message)


def to_int(value, field):
    """A protobuf JSON 64-bit integer: a decimal string or a JSON integer."""
    if isinstance(value, bool):
        raise bad(f"{field}: not an integer")
    if isinstance(value, int):
        result = value
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,19}", value.strip()):
        result = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    else:
        raise bad(f"{field}: not an integer: {str(value)[:64]}")
    if not INT64_MIN <= result <= INT64_MAX:
        raise bad(f"{field}: out of the int64 range")
    return result


def as_object(body, allowed):
    """The request body as an object with only `allowed` fields (None/empty body = {})."""
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise bad("the body must be a JSON object")
    unknown = [k for k in body if k not in allowed]
    if unknown:
        raise bad(f"unknown field {unknown[0][:64]!r}")
    return body


def seconds_field(value):
    """Health settings are int32 seconds in the real one; the stand-in takes fractions."""
    return int(value) if float(value).is_integer() else value


class Standin:
    """The GameServer in memory, the call log, watchers, and the timers."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()
        self.started = time.monotonic()
        self.state = "Scheduled"
        self.labels = {}
        self.annotations = {}
        self.players = []
        self.capacity = args.player_capacity
        self.counters = {name: {"count": 0, "capacity": cap} for name, cap in args.counter}
        self.lists = {name: {"capacity": cap, "values": []} for name, cap in args.list}
        self.uid = str(uuid.uuid4())
        self.creation = int(time.time())
        self.resource_version = 1
        self.calls = collections.deque(maxlen=MAX_CALLS)
        self.health_pings = 0
        self.received = set()
        self.watchers = set()
        self.reserve_deadline = None  # monotonic time, while Reserved with seconds > 0
        self.health_armed_at = None
        self.last_ping = None
        self.next_check = None
        self.misses = 0
        self.shutdown_at = None
        self.stopping = threading.Event()
        self.exit_code = 0
        self.log_file = open(args.log, "a", buffering=1) if args.log else None

    def now(self):
        return time.monotonic() - self.started

    # -- the GameServer -------------------------------------------------------------------

    def gameserver(self):
        with self.lock:
            health = self.args
            return {
                "object_meta": {
                    "name": self.args.name,
                    "namespace": "default",
                    "uid": self.uid,
                    "resource_version": str(self.resource_version),
                    "generation": "1",
                    "creation_timestamp": str(self.creation),
                    "deletion_timestamp": "0",
                    "annotations": dict(self.annotations),
                    "labels": dict(self.labels),
                },
                "spec": {
                    "health": {
                        "disabled": bool(health.health_disabled),
                        "period_seconds": seconds_field(health.health_period),
                        "failure_threshold": health.failure_threshold,
                        "initial_delay_seconds": seconds_field(health.initial_delay),
                    }
                },
                "status": {
                    "state": self.state,
                    "address": "127.0.0.1",
                    "ports": [{"name": "default", "port": self.args.game_port}],
                    "players": {
                        "count": str(len(self.players)),
                        "capacity": str(self.capacity),
                        "ids": list(self.players),
                    },
                    "counters": {n: {"count": str(c["count"]), "capacity": str(c["capacity"])}
                                 for n, c in self.counters.items()},
                    "lists": {n: {"capacity": str(l["capacity"]), "values": list(l["values"])}
                              for n, l in self.lists.items()},
                },
            }

    def changed(self):
        """Call with the lock held after any change to the GameServer: every watcher gets it."""
        self.resource_version += 1
        line = (json.dumps({"result": self.gameserver()}) + "\n").encode()
        for watcher in list(self.watchers):
            try:
                watcher.put_nowait(line)
            except queue.Full:  # a watcher that does not read: drop it
                self.watchers.discard(watcher)
                watcher.queue.clear()
                watcher.put_nowait(None)

    def set_state(self, state):
        with self.lock:
            if self.state == state:
                return
            self.state = state
            if state != "Reserved":
                self.reserve_deadline = None
            self.changed()

    # -- recording ------------------------------------------------------------------------

    def record_call(self, method, path, body):
        entry = {"method": method, "path": path, "body": body, "time": round(self.now(), 6)}
        with self.lock:
            self.calls.append(entry)
            if self.log_file:
                try:
                    self.log_file.write(json.dumps(entry) + "\n")
                except (OSError, ValueError):
                    pass
        return entry

    def count(self, name):
        with self.lock:
            self.received.add(name)

    # -- timers (one thread) --------------------------------------------------------------

    def arm_health(self):
        if self.health_armed_at is None and not self.args.health_disabled:
            self.health_armed_at = time.monotonic()
            self.next_check = self.health_armed_at + self.args.initial_delay + self.args.health_period

    def run_timers(self):
        deadline = time.monotonic() + self.args.timeout if self.args.timeout > 0 else None
        while not self.stopping.wait(0.01):
            now = time.monotonic()
            with self.lock:
                if self.reserve_deadline is not None and now >= self.reserve_deadline:
                    self.reserve_deadline = None
                    if self.state == "Reserved":
                        self.set_state("Ready")
                while self.next_check is not None and now >= self.next_check:
                    self.next_check += self.args.health_period
                    if self.state in FINAL_STATES:
                        self.next_check = None
                        break
                    last = self.last_ping if self.last_ping is not None else self.health_armed_at
                    if now - last > self.args.health_period:
                        self.misses += 1
                    else:
                        self.misses = 0
                    if self.misses >= self.args.failure_threshold:
                        self.set_state("Unhealthy")
                        self.next_check = None
                shutdown_due = self.shutdown_at is not None and now >= self.shutdown_at + 1.0
            if self.args.test is not None and shutdown_due:
                self.finish()
            elif deadline is not None and now >= deadline:
                self.finish()

    def finish(self):
        """Ends the run: the conformance verdict in test mode, then the server stops."""
        with self.lock:
            if self.stopping.is_set():
                return
            if self.args.test is not None:
                expected = set(self.args.test)
                missing = sorted(expected - self.received)
                unexpected = sorted(self.received - expected)
                if not missing and not unexpected:
                    print("conformance: PASS", flush=True)
                    self.exit_code = 0
                else:
                    show = lambda names: ",".join(names) if names else "none"
                    print(f"conformance: FAIL expected {show(sorted(expected))} missing {show(missing)} "
                          f"unexpected {show(unexpected)}", flush=True)
                    self.exit_code = 1
            self.stopping.set()
            for watcher in list(self.watchers):
                watcher.queue.clear()
                watcher.put_nowait(None)
            self.watchers.clear()
        threading.Thread(target=self.httpd.shutdown, daemon=True).start()

    # -- the SDK --------------------------------------------------------------------------

    def handle(self, method, path, body, raw_empty):
        """Routes one SDK call. Returns (status, object) or raises ApiError."""
        rules = self.args.agones_value_rules
        routes = [
            ("/ready", "POST", self.ready),
            ("/health", "POST", self.health),
            ("/allocate", "POST", self.allocate),
            ("/shutdown", "POST", self.shutdown),
            ("/reserve", "POST", self.reserve),
            ("/gameserver", "GET", self.get_gameserver),
            ("/metadata/label", "PUT", lambda b: self.metadata(b, self.labels, "setlabel",
                                                               str(self.creation) if rules else None)),
            ("/metadata/annotation", "PUT", lambda b: self.metadata(b, self.annotations, "setannotation",
                                                                    self.uid if rules else None)),
            ("/alpha/player/connect", "POST", self.player_connect),
            ("/alpha/player/disconnect", "POST", self.player_disconnect),
            ("/alpha/player/capacity", "PUT", self.set_capacity),
            ("/alpha/player/capacity", "GET", self.get_capacity),
            ("/alpha/player/count", "GET", self.get_count),
            ("/alpha/player/connected", "GET", self.connected_players),
        ]
        methods = [m for p, m, _ in routes if p == path]
        for p, m, handler in routes:
            if p == path and m == method:
                if path == "/health":
                    return handler(body, raw_empty)
                return handler(body)
        if methods:
            raise ApiError(405, 12, f"method {method} not allowed on {path}")
        match = re.fullmatch(r"/alpha/player/connected/(.+)", path)
        if match:
            if method != "GET":
                raise ApiError(405, 12, f"method {method} not allowed on {path}")
            return self.is_connected(unquote(match.group(1)))
        match = re.fullmatch(r"/v1beta1/counters/([^/:]+)", path)
        if match:
            name = unquote(match.group(1))
            if method == "GET":
                return self.get_counter(name)
            if method == "PATCH":
                return self.update_counter(name, body)
            raise ApiError(405, 12, f"method {method} not allowed on {path}")
        match = re.fullmatch(r"/v1beta1/lists/([^/:]+)(:addValue|:removeValue)?", path)
        if match:
            name, verb = unquote(match.group(1)), match.group(2)
            if verb:
                if method != "POST":
                    raise ApiError(405, 12, f"method {method} not allowed on {path}")
                return self.list_value(name, body, verb == ":addValue")
            if method == "GET":
                return self.get_list(name)
            if method == "PATCH":
                return self.update_list(name, body)
            raise ApiError(405, 12, f"method {method} not allowed on {path}")
        raise not_found(f"no SDK endpoint at {path[:200]}")

    def ready(self, body):
        as_object(body, ())
        with self.lock:
            if self.state not in FINAL_STATES:
                self.arm_health()
                self.set_state("RequestReady")
                self.set_state("Ready")
            self.count("ready")
        return {}

    def health(self, body, raw_empty):
        if raw_empty:
            return {}  # accepted, not a ping: grpc-gateway streams no message for it
        as_object(body, ())
        with self.lock:
            self.health_pings += 1
            self.last_ping = time.monotonic()
            self.arm_health()
            self.count("health")
        return {}

    def allocate(self, body):
        as_object(body, ())
        with self.lock:
            if self.state not in FINAL_STATES:
                self.set_state("Allocated")
            self.count("allocate")
        return {}

    def shutdown(self, body):
        as_object(body, ())
        with self.lock:
            self.set_state("Shutdown")
            if self.shutdown_at is None:
                self.shutdown_at = time.monotonic()
            self.count("shutdown")
        return {}

    def reserve(self, body):
        seconds = to_int(as_object(body, ("seconds",)).get("seconds", 0), "seconds")
        if seconds < 0:
            raise bad("seconds must not be negative")
        with self.lock:
            if self.state not in FINAL_STATES:
                self.set_state("Reserved")
                self.reserve_deadline = time.monotonic() + seconds if seconds > 0 else None
            self.count("reserve")
        return {}

    def get_gameserver(self, body):
        self.count("gameserver")
        return self.gameserver()

    def metadata(self, body, store, name, required_value):
        fields = as_object(body, ("key", "value"))
        key, value = fields.get("key", ""), fields.get("value", "")
        if not isinstance(key, str) or not isinstance(value, str):
            raise bad("key and value must be strings")
        if not key:
            raise bad("key must not be empty")
        with self.lock:
            store[METADATA_PREFIX + key] = value
            self.changed()
            if required_value is None or value == required_value:
                self.count(name)
        return {}

    def player_id(self, body):
        player = as_object(body, ("playerID",)).get("playerID", "")
        if not isinstance(player, str):
            raise bad("playerID must be a string")
        return player

    def player_connect(self, body):
        player = self.player_id(body)
        with self.lock:
            if player in self.players or len(self.players) >= self.capacity:
                if not self.args.agones_value_rules:
                    self.count("playerconnect")
                return {"bool": False}
            self.players.append(player)
            self.changed()
            if not self.args.agones_value_rules or self.players == ["1234"]:
                self.count("playerconnect")
            return {"bool": True}

    def player_disconnect(self, body):
        player = self.player_id(body)
        with self.lock:
            if player not in self.players:
                if not self.args.agones_value_rules:
                    self.count("playerdisconnect")
                return {"bool": False}
            self.players.remove(player)
            self.changed()
            if not self.args.agones_value_rules or not self.players:
                self.count("playerdisconnect")
            return {"bool": True}

    def set_capacity(self, body):
        count = to_int(as_object(body, ("count",)).get("count", 0), "count")
        if count < 0:
            raise out_of_range("capacity must not be negative")
        with self.lock:
            self.capacity = count
            self.changed()
            self.count("setplayercapacity")
        return {}

    def get_capacity(self, body):
        self.count("getplayercapacity")
        return {"count": str(self.capacity)}

    def get_count(self, body):
        self.count("getplayercount")
        return {"count": str(len(self.players))}

    def connected_players(self, body):
        self.count("getconnectedplayers")
        with self.lock:
            return {"list": list(self.players)}

    def is_connected(self, player):
        with self.lock:
            if not self.args.agones_value_rules or self.players == [player]:
                self.count("isplayerconnected")
            return {"bool": player in self.players}

    def counter(self, name):
        if name not in self.counters:
            raise not_found(f"counter not found: {name[:200]}")
        return self.counters[name]

    def counter_json(self, name):
        c = self.counters[name]
        return {"name": name, "count": str(c["count"]), "capacity": str(c["capacity"])}

    def get_counter(self, name):
        with self.lock:
            self.counter(name)
            self.count("getcounter")
            return self.counter_json(name)

    def update_counter(self, name, body):
        fields = as_object(body, ("name", "count", "capacity", "countDiff", "count_diff"))
        with self.lock:
            c = self.counter(name)
            capacity = to_int(fields["capacity"], "capacity") if "capacity" in fields else c["capacity"]
            if capacity < 0:
                raise out_of_range("capacity must not be negative")
            count = c["count"]
            if "count" in fields:
                count = to_int(fields["count"], "count")
            diff = fields.get("countDiff", fields.get("count_diff"))
            if diff is not None:
                count += to_int(diff, "countDiff")
            if not 0 <= count <= capacity:
                raise out_of_range(f"count {count} is out of range [0,{capacity}]")
            if (count, capacity) != (c["count"], c["capacity"]):
                c["count"], c["capacity"] = count, capacity
                self.changed()
            self.count("updatecounter")
            return self.counter_json(name)

    def list_entry(self, name):
        if name not in self.lists:
            raise not_found(f"list not found: {name[:200]}")
        return self.lists[name]

    def list_json(self, name):
        l = self.lists[name]
        return {"name": name, "capacity": str(l["capacity"]), "values": list(l["values"])}

    def get_list(self, name):
        with self.lock:
            self.list_entry(name)
            self.count("getlist")
            return self.list_json(name)

    def update_list(self, name, body):
        fields = as_object(body, ("name", "capacity", "values"))
        with self.lock:
            l = self.list_entry(name)
            capacity = to_int(fields["capacity"], "capacity") if "capacity" in fields else l["capacity"]
            if not 0 <= capacity <= 1000:
                raise out_of_range("capacity must be in [0,1000]")
            values = l["values"]
            if "values" in fields:
                if not isinstance(fields["values"], list) or not all(isinstance(v, str) for v in fields["values"]):
                    raise bad("values must be a list of strings")
                values = list(dict.fromkeys(fields["values"]))
            l["capacity"], l["values"] = capacity, values[:capacity]
            self.changed()
            self.count("updatelist")
            return self.list_json(name)

    def list_value(self, name, body, add):
        fields = as_object(body, ("name", "value"))
        value = fields.get("value")
        if not isinstance(value, str):
            raise bad("value must be a string")
        with self.lock:
            l = self.list_entry(name)
            if add:
                if value in l["values"]:
                    raise ApiError(409, 6, f"already exists: {value[:200]}")
                if len(l["values"]) >= l["capacity"]:
                    raise out_of_range("the list is at capacity")
                l["values"].append(value)
            else:
                if value not in l["values"]:
                    raise not_found(f"not in the list: {value[:200]}")
                l["values"].remove(value)
            self.changed()
            self.count("addlistvalue" if add else "removelistvalue")
            return self.list_json(name)

    # -- control --------------------------------------------------------------------------

    def control_state(self):
        with self.lock:
            return {
                "state": self.state,
                "calls": list(self.calls),
                "health_pings": self.health_pings,
                "labels": dict(self.labels),
                "annotations": dict(self.annotations),
                "players": list(self.players),
                "capacity": self.capacity,
                "counters": {n: dict(c) for n, c in self.counters.items()},
                "lists": {n: {"capacity": l["capacity"], "values": list(l["values"])} for n, l in self.lists.items()},
                "received": sorted(self.received),
            }

    def control_allocate(self):
        with self.lock:
            if self.state not in ("Ready", "Reserved"):
                raise ApiError(409, 9, f"cannot allocate a GameServer in state {self.state}")
            self.set_state("Allocated")
            return {"state": self.state}


class Watcher(queue.Queue):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # a silent keep-alive connection is closed after a minute

    def version_string(self):
        return "agones-sdk-standin"

    def log_message(self, format, *args):  # quiet: tests read stdout
        pass

    def send_json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_raw(self):
        """The body's text ("" when none). Raises ApiError when it cannot be read."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise ApiError(411, 3, "chunked request bodies are not supported; send Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise bad("bad Content-Length")
        if length > MAX_BODY:
            self.close_connection = True
            raise ApiError(413, 8, "body too large")
        return (self.rfile.read(length) if length else b"").decode("utf-8", errors="replace")

    def dispatch(self, method):
        standin = self.server.standin
        path = urlsplit(self.path).path
        control = path.startswith("/__standin/")
        try:
            try:
                raw = self.read_raw()
            except ApiError:
                if not control:
                    standin.record_call(method, path, None)
                raise
            empty = not raw.strip()
            parsed, error = None, None
            if not empty:
                try:
                    parsed = json.loads(raw)
                except ValueError:
                    error = ApiError(400, 3, "the body is not JSON")
            if control:
                return self.control(method, path)
            standin.record_call(method, path, None if empty and not raw else (raw if empty or error else parsed))
            if error:
                raise error
            if path == "/watch/gameserver":
                if method != "GET":
                    raise ApiError(405, 12, f"method {method} not allowed on {path}")
                return self.watch()
            self.send_json(200, standin.handle(method, path, parsed, empty))
        except ApiError as error:
            self.send_json(error.status, {"code": error.code, "message": error.message, "details": []})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as error:  # never crash the server on one request
            try:
                self.send_json(500, {"code": 13, "message": f"internal: {type(error).__name__}: {error}"[:300], "details": []})
            except OSError:
                self.close_connection = True

    def control(self, method, path):
        standin = self.server.standin
        if path == "/__standin/state":
            if method != "GET":
                raise ApiError(405, 12, "GET only")
            return self.send_json(200, standin.control_state())
        if path == "/__standin/allocate":
            if method != "POST":
                raise ApiError(405, 12, "POST only")
            return self.send_json(200, standin.control_allocate())
        if path == "/__standin/quit":
            if method != "POST":
                raise ApiError(405, 12, "POST only")
            self.send_json(200, {})
            self.close_connection = True
            return standin.finish()
        raise not_found(f"no control endpoint at {path[:200]}")

    def watch(self):
        standin = self.server.standin
        watcher = Watcher(maxsize=MAX_WATCH_BACKLOG)
        with standin.lock:
            if standin.stopping.is_set():
                raise ApiError(503, 14, "stopping")
            watcher.put_nowait((json.dumps({"result": standin.gameserver()}) + "\n").encode())
            standin.watchers.add(watcher)
            standin.count("watch")
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            while True:
                line = watcher.get()
                if line is None:
                    break
                self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass
        finally:
            with standin.lock:
                standin.watchers.discard(watcher)

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):  # a broken client is not news
        pass


def named_capacity(text):
    name, sep, cap = text.partition("=")
    if not name or not sep or not cap.isdigit():
        raise argparse.ArgumentTypeError(f"expected NAME=CAPACITY, got {text!r}")
    return name, int(cap)


def call_list(text):
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in CALL_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown call name(s) {','.join(unknown)}; known: {','.join(CALL_NAMES)}")
    return names


def parse_args(argv):
    p = argparse.ArgumentParser(description="A stand-in for the Agones SDK server's REST interface (local and conformance modes).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = any free port (written to --port-file and stdout)")
    p.add_argument("--port-file")
    p.add_argument("--delay-start", type=float, default=0.0, help="seconds to wait before listening")
    p.add_argument("--test", type=call_list, default=None, help="conformance mode: the comma-separated calls expected")
    p.add_argument("--timeout", type=float, default=0.0, help="stop (and judge, with --test) after S seconds; 0 = never")
    p.add_argument("--log", help="append one JSON line per SDK call")
    p.add_argument("--health-period", type=float, default=5.0)
    p.add_argument("--failure-threshold", type=int, default=3)
    p.add_argument("--initial-delay", type=float, default=0.0)
    p.add_argument("--health-disabled", action="store_true")
    p.add_argument("--name", default="local")
    p.add_argument("--game-port", type=int, default=7777, help="status.ports[0].port")
    p.add_argument("--player-capacity", type=int, default=0, help="initial player capacity (Agones starts at 0)")
    p.add_argument("--counter", type=named_capacity, action="append", default=[], metavar="NAME=CAP")
    p.add_argument("--list", type=named_capacity, action="append", default=[], metavar="NAME=CAP")
    p.add_argument("--agones-value-rules", action="store_true",
                   help="count setlabel/setannotation/player calls only with the values Agones' own conformance client sends")
    args = p.parse_args(argv)
    if args.health_period <= 0 or args.failure_threshold < 1 or args.initial_delay < 0:
        p.error("--health-period must be > 0, --failure-threshold >= 1, --initial-delay >= 0")
    return args


def write_port_file(path, port):
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temporary, "w") as f:
        f.write(f"{port}\n")
    os.replace(temporary, path)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    standin = Standin(args)
    stop_early = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_early.set())
    if args.delay_start > 0 and stop_early.wait(args.delay_start):
        return 0
    httpd = Server((args.host, args.port), Handler)
    httpd.standin = standin
    standin.httpd = httpd
    port = httpd.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    print(f"agones-sdk-standin listening on {port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=standin.finish, daemon=True).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=standin.finish, daemon=True).start())
    timers = threading.Thread(target=standin.run_timers, daemon=True)
    timers.start()
    httpd.serve_forever(poll_interval=0.05)
    httpd.server_close()
    return standin.exit_code


if __name__ == "__main__":
    sys.exit(main())
