"""A python-engineio client for the interoperability test (web/test/e2e/engineioInterop.test.js).

Connects to a game-server's /engine.io/ with the transports given, sends the hello and input
messages given in hex as Engine.IO binary messages, collects every message the server sends
for a few seconds, and prints one JSON object: the transport that carried the session at the
end and the messages received, in hex. Nobody on this project wrote the client library.
"""
import json
import sys
import time

import engineio


def main():
    url, transports, seconds = sys.argv[1], sys.argv[2].split(","), float(sys.argv[3])
    outgoing = [bytes.fromhex(h) for h in sys.argv[4:]]
    client = engineio.Client()
    received = []
    texts = []

    @client.on("message")
    def on_message(data):
        if isinstance(data, (bytes, bytearray)):
            received.append(bytes(data).hex())
        else:
            texts.append(data)

    client.connect(url, transports=transports)
    for message in outgoing:
        client.send(message)
        time.sleep(0.05)
    time.sleep(seconds)
    transport = client.transport()
    client.disconnect()
    print(json.dumps({"transport": transport, "messages": received, "texts": texts}))


if __name__ == "__main__":
    main()
